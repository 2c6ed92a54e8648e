import type {Check} from '../report.ts';
import {abbreviate, isAbsoluteUri, isObject, quote, strings, type JsonObject} from './json.ts';
import type {ResolvedKey} from './keys.ts';
import {issuerId} from '../credential-fields.ts';

/**
 * The `issuer` stage: the issuer is named by a URI, an Open Badges issuer is
 * a Profile, and every signing key is controlled by that issuer, as the
 * issuer's own identifier or documents show (a did:key, a DID document, a
 * controller document) — otherwise anyone could sign in anyone's name.
 * In a proof set, further proofs by other keys are reported as co-signatures.
 */
export interface IssuerStage {
  check: Check;
  warnings: string[];
}

export function issuerName(credential: JsonObject): string | undefined {
  const issuer = credential.issuer;
  return isObject(issuer) && typeof issuer.name === 'string' ? issuer.name : undefined;
}

/** Where a key the credential names for itself was read, for messages. */
const EMBEDDED_SOURCES: Partial<Record<ResolvedKey['source'], string>> = {
  'url-fragment': 'in its verification method URL',
  'jwk-header': 'in its JWT header',
};

/**
 * A key read from the credential itself (the issuer publishes no key
 * document) shows only that whoever made the credential held that key —
 * anyone can make one naming a key of their own. Refused unless the caller
 * trusts embedded keys, as the 1EdTech validator does.
 */
function embeddedKeyProblem(key: ResolvedKey, issuer: string): string | undefined {
  const where = EMBEDDED_SOURCES[key.source];
  if (where === undefined) return undefined;
  return `The key that signed it is named only by the credential itself (${where}); ${abbreviate(issuer)} publishes no key document we could retrieve, so nothing shows the key is the issuer's.`;
}

function trustedEmbeddedKeyWarning(key: ResolvedKey, issuer: string): string | undefined {
  const where = EMBEDDED_SOURCES[key.source];
  if (where === undefined) return undefined;
  return `Key read from the credential itself (${where}); ${abbreviate(issuer)} publishes no key document we could retrieve, so the key is not independently confirmed. It was accepted because embedded keys are trusted (the 1EdTech validator's rule).`;
}

/** Whether the controller's document, where we have it, lists the key for issuing (assertionMethod). */
function authorised(key: ResolvedKey): boolean {
  return key.controllerDocument === undefined || key.controllerDocument.id !== key.controller || key.controllerDocument.assertionMethod.includes(key.id);
}

export function checkIssuer(
  credential: JsonObject,
  options: {keys: ResolvedKey[]; openBadge: boolean; jwtIssuer?: string; trustEmbeddedKeys: boolean},
): IssuerStage {
  const issuer = credential.issuer;
  const id = issuerId(credential);
  const fail = (message: string): IssuerStage => ({check: {check: 'issuer', result: 'failed', message}, warnings: []});
  if (issuer === undefined) return fail('The credential names no issuer.');
  if (Array.isArray(issuer)) return fail('The credential names more than one issuer.');
  if (id === undefined) return fail('The issuer has no id.');
  if (!isAbsoluteUri(id)) return fail(`The issuer id ${quote(id)} is not a URI.`);
  const failures: string[] = [];
  const warnings: string[] = [];
  if (options.openBadge && isObject(issuer)) {
    const types = strings(issuer.type);
    if (types.length === 0) warnings.push(`The issuer ${abbreviate(id)} has no type; Open Badges issuers are Profiles.`);
    else if (!types.includes('Profile')) failures.push(`The issuer's type is ${abbreviate(types.join(', '))}, not Profile.`);
  }
  if (options.jwtIssuer !== undefined && options.jwtIssuer !== id) {
    failures.push(`The JWT's iss ${abbreviate(options.jwtIssuer)} is not the credential's issuer ${abbreviate(id)}.`);
  }
  // In a proof set, a proof by someone other than the issuer is a co-signature: it vouches for the
  // content (a reviewer signing their review) but never stands in for the issuer's own proof.
  const issuerSigned = options.keys.some((key) => key.controller === id);
  const cosigners = issuerSigned && options.jwtIssuer === undefined ? [...new Set(options.keys.filter((key) => key.controller !== id).map((key) => key.controller))] : [];
  for (const key of options.keys) {
    if (key.controller !== id) {
      if (!cosigners.includes(key.controller)) failures.push(`It is signed with a key controlled by ${abbreviate(key.controller)}, but names ${abbreviate(id)} as its issuer.`);
    } else if (!authorised(key)) {
      // The key claims the issuer as its controller; the issuer's own document does not claim the key for issuing.
      const problem = `The key that signed it names ${abbreviate(id)} as its controller, but ${abbreviate(id)} does not list it as an assertionMethod, so it does not authorise the key to issue credentials.`;
      if (!failures.includes(problem)) failures.push(problem);
    } else if (options.trustEmbeddedKeys) {
      const warning = trustedEmbeddedKeyWarning(key, id);
      if (warning && !warnings.includes(warning)) warnings.push(warning);
    } else {
      const problem = embeddedKeyProblem(key, id);
      if (problem && !failures.includes(problem)) failures.push(problem);
    }
  }
  const name = issuerName(credential);
  const who = name ? `${abbreviate(id)} (${abbreviate(name)})` : abbreviate(id);
  if (failures.length > 0) return {check: {check: 'issuer', result: 'failed', message: failures.join(' ')}, warnings};
  const cosigned = cosigners.length > 0 ? ` Also signed by ${cosigners.map((cosigner) => abbreviate(cosigner)).join(', ')}: a co-signature vouches for the content, not for the issuer.` : '';
  const binding =
    options.keys.length > 0
      ? `the proof's key is controlled by the issuer${warnings.length > 0 ? `. ${warnings.join(' ')}` : '.'}${cosigned}`
      : 'no verified key ties it to the issuer (see the proof check).';
  return {check: {check: 'issuer', result: warnings.length > 0 ? 'warning' : 'passed', message: `Issued by ${who}; ${binding}`}, warnings};
}
