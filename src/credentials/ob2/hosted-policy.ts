import {isObject, strings, asArray, type JsonObject} from '../../json.ts';
import type {Check} from '../report.ts';
import {quote} from '../verify/json.ts';

/**
 * OB 2.0 §Verification, hosted: the assertion must live where its issuer
 * says its assertions live. The issuer's `verification` object may list
 * `startsWith` prefixes (then the id must start with one) or
 * `allowedOrigins` hosts; without either, only the issuer id's own host is
 * allowed (the rule of 1EdTech's validator, `hosted_id_in_verification_scope`).
 */
export function checkHostedPolicy(assertionUrl: string, issuer: JsonObject): Check {
  const policy = isObject(issuer.verification) ? issuer.verification : {};
  const prefixes = strings(asArray(policy.startsWith));
  if (prefixes.length > 0) {
    return prefixes.some((prefix) => assertionUrl.startsWith(prefix))
      ? passed(`The assertion ${quote(assertionUrl)} starts with ${quote(prefixes.find((prefix) => assertionUrl.startsWith(prefix)))}, as the issuer's verification policy requires.`)
      : failed(`The assertion ${quote(assertionUrl)} starts with none of the issuer's verification.startsWith prefixes ${quote(prefixes)}: the issuer does not host it.`);
  }
  const host = hostOf(assertionUrl);
  const listed = strings(asArray(policy.allowedOrigins));
  const own = hostOf(typeof issuer.id === 'string' ? issuer.id : undefined) ?? hostOf(typeof issuer.url === 'string' ? issuer.url : undefined);
  const allowed = listed.length > 0 ? listed : own === undefined ? [] : [own];
  if (host !== undefined && allowed.includes(host)) {
    return passed(`The assertion is hosted on ${quote(host)}, ${listed.length > 0 ? "one of the issuer's verification.allowedOrigins" : "the issuer's own host"}.`);
  }
  return failed(
    listed.length > 0
      ? `The assertion is hosted on ${quote(host ?? assertionUrl)}, which is not among the issuer's verification.allowedOrigins ${quote(listed)}.`
      : `The assertion is hosted on ${quote(host ?? assertionUrl)}, not on the issuer's host ${quote(own ?? '(none)')}, and the issuer allows no other origin.`,
  );
}

/** The authority (host and port) of an http(s) URL. */
function hostOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.host : undefined;
  } catch {
    return undefined;
  }
}

function passed(message: string): Check {
  return {check: 'issuer', result: 'passed', message};
}

function failed(message: string): Check {
  return {check: 'issuer', result: 'failed', message};
}
