import type {Check} from '../report.ts';
import {abbreviate, isAbsoluteUri, isObject, nodeId, strings, type JsonObject} from './json.ts';
import type {ResolvedKey} from './keys.ts';

/**
 * The `issuer` stage: the issuer is named by a URI, an Open Badges issuer is
 * a Profile, and every signing key is controlled by that issuer — otherwise
 * anyone could sign in anyone's name.
 */
export interface IssuerStage {
  check: Check;
  warnings: string[];
}

export function issuerId(credential: JsonObject): string | undefined {
  return Array.isArray(credential.issuer) ? undefined : nodeId(credential.issuer);
}

export function issuerName(credential: JsonObject): string | undefined {
  const issuer = credential.issuer;
  return isObject(issuer) && typeof issuer.name === 'string' ? issuer.name : undefined;
}

function unconfirmed(key: ResolvedKey, issuer: string): string | undefined {
  if (key.source === 'url-fragment') {
    return `Key read from the verification method URL; ${issuer} publishes no key document we could retrieve, so the key is not independently confirmed.`;
  }
  if (key.source === 'jwk-header') {
    return `Key read from the JWT header; ${issuer} publishes no key document we could retrieve, so the key is not independently confirmed.`;
  }
  return undefined;
}

export function checkIssuer(
  credential: JsonObject,
  options: {keys: ResolvedKey[]; openBadge: boolean; jwtIssuer?: string},
): IssuerStage {
  const issuer = credential.issuer;
  const id = issuerId(credential);
  const fail = (message: string): IssuerStage => ({check: {check: 'issuer', result: 'failed', message}, warnings: []});
  if (issuer === undefined) return fail('The credential names no issuer.');
  if (Array.isArray(issuer)) return fail('The credential names more than one issuer.');
  if (id === undefined) return fail('The issuer has no id.');
  if (!isAbsoluteUri(id)) return fail(`The issuer id ${JSON.stringify(id)} is not a URI.`);
  const failures: string[] = [];
  const warnings: string[] = [];
  if (options.openBadge && isObject(issuer)) {
    const types = strings(issuer.type);
    if (types.length === 0) warnings.push(`The issuer ${id} has no type; Open Badges issuers are Profiles.`);
    else if (!types.includes('Profile')) failures.push(`The issuer's type is ${types.join(', ')}, not Profile.`);
  }
  if (options.jwtIssuer !== undefined && options.jwtIssuer !== id) {
    failures.push(`The JWT's iss ${options.jwtIssuer} is not the credential's issuer ${id}.`);
  }
  for (const key of options.keys) {
    if (key.controller !== id) {
      failures.push(`It is signed with a key controlled by ${abbreviate(key.controller)}, but names ${abbreviate(id)} as its issuer.`);
    } else {
      const warning = unconfirmed(key, id);
      if (warning && !warnings.includes(warning)) warnings.push(warning);
    }
  }
  const name = issuerName(credential);
  const who = name ? `${abbreviate(id)} (${name})` : abbreviate(id);
  if (failures.length > 0) return {check: {check: 'issuer', result: 'failed', message: failures.join(' ')}, warnings};
  const binding =
    options.keys.length > 0
      ? `the proof's key is controlled by the issuer${warnings.length > 0 ? `. ${warnings.join(' ')}` : '.'}`
      : 'no verified key ties it to the issuer (see the proof check).';
  return {check: {check: 'issuer', result: warnings.length > 0 ? 'warning' : 'passed', message: `Issued by ${who}; ${binding}`}, warnings};
}
