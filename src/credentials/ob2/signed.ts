import {createPublicKey, type KeyObject} from 'node:crypto';
import {compactVerify} from 'jose';
import {asArray, isObject, nodeId, type JsonObject} from '../../json.ts';
import type {DocumentResolver} from '../documents.ts';
import type {Check} from '../report.ts';
import {quote} from '../verify/json.ts';
import {fetchObject, httpUrl} from './documents.ts';
import {hasType} from './structure.ts';

/**
 * OB 2.0 §Verification, signed: the assertion is the payload of a compact
 * JWS, signed with a key the issuer's Profile declares in `publicKey`, and
 * that key's CryptographicKey document names the issuer as its `owner`. Only
 * RS256 and ES256 are accepted (RSA keys of 2048 bits or more, P-256), so
 * neither `alg: none` nor an HMAC keyed with the public PEM can pass.
 */
const ALGORITHMS = ['RS256', 'ES256'] as const;
type Algorithm = (typeof ALGORITHMS)[number];
const MIN_RSA_BITS = 2048;

export interface SignatureOutcome {
  proof: Check;
  issuer: Check;
}

export async function checkSignature(token: string, header: JsonObject, assertion: JsonObject, issuer: JsonObject, resolver: DocumentResolver): Promise<SignatureOutcome> {
  const alg = header.alg;
  if (alg === 'none' || alg === undefined) return refused(`The JWS is unsigned (alg ${quote(alg ?? 'missing')}): it proves nothing.`);
  if (!ALGORITHMS.includes(alg as Algorithm)) return refused(`The JWS algorithm ${quote(alg)} is refused: signed OB 2.0 assertions are verified with ${ALGORITHMS.join(' or ')} only.`);
  const declared = asArray(issuer.publicKey).map(nodeId).filter((id): id is string => id !== undefined);
  const verification = isObject(assertion.verification) ? assertion.verification : {};
  const creator = typeof verification.creator === 'string' ? verification.creator : undefined;
  if (declared.length === 0) return ownership(`The issuer ${quote(issuer.id)} declares no publicKey, so no key can sign in its name.`);
  if (creator !== undefined && !declared.includes(creator)) {
    return ownership(`The assertion was signed with ${quote(creator)}, which the issuer's profile does not declare among its keys ${quote(declared)}.`);
  }
  const candidates = creator === undefined ? declared : [creator];
  const problems: string[] = [];
  for (const keyUrl of candidates) {
    const outcome = await tryKey(token, alg as Algorithm, keyUrl, issuer, resolver);
    if (outcome === 'verified') {
      return {
        proof: {check: 'proof', result: 'passed', message: `The ${alg} signature verifies with the issuer's key ${quote(keyUrl)}.`},
        issuer: {check: 'issuer', result: 'passed', message: `The key ${quote(keyUrl)} is declared by the issuer ${quote(issuer.id)} and names it as its owner.`},
      };
    }
    problems.push(outcome.reason);
    if (outcome.unavailable && candidates.length === 1) {
      return {proof: {check: 'proof', result: 'indeterminate', message: `Not checked: ${outcome.reason}.`}, issuer: {check: 'issuer', result: 'skipped', message: 'Not checked: the signing key could not be obtained.'}};
    }
    if (outcome.ownership) return ownership(`${outcome.reason}.`);
  }
  return refused(`The signature does not verify: ${problems.join('; ')}.`);
}

type KeyOutcome = 'verified' | {reason: string; unavailable?: boolean; ownership?: boolean};

async function tryKey(token: string, alg: Algorithm, keyUrl: string, issuer: JsonObject, resolver: DocumentResolver): Promise<KeyOutcome> {
  const url = httpUrl(keyUrl);
  if (url === undefined) return {reason: `the key ${quote(keyUrl)} is not an http(s) URL`};
  const fetched = await fetchObject(resolver, url, 'signing key');
  if (fetched.kind === 'unavailable') return {reason: fetched.reason, unavailable: true};
  if (fetched.kind === 'malformed') return {reason: fetched.reason};
  const document = fetched.document;
  if (!hasType(document, 'CryptographicKey')) return {reason: `the document at ${quote(url)} is not a CryptographicKey`};
  if (document.owner !== issuer.id) return {reason: `the key ${quote(url)} names ${quote(document.owner)} as its owner, not the issuer ${quote(issuer.id)}`, ownership: true};
  if (typeof document.publicKeyPem !== 'string') return {reason: `the key ${quote(url)} has no publicKeyPem`};
  let key: KeyObject;
  try {
    key = createPublicKey(document.publicKeyPem);
  } catch {
    return {reason: `the publicKeyPem of ${quote(url)} is not a PEM public key`};
  }
  const unfit = unfitFor(key, alg);
  if (unfit) return {reason: `the key ${quote(url)} ${unfit}`};
  try {
    await compactVerify(token, key, {algorithms: [alg]});
    return 'verified';
  } catch {
    return {reason: `it does not verify with ${quote(url)}`};
  }
}

function unfitFor(key: KeyObject, alg: Algorithm): string | undefined {
  const details = key.asymmetricKeyDetails ?? {};
  if (alg === 'RS256') {
    if (key.asymmetricKeyType !== 'rsa') return `is a ${key.asymmetricKeyType} key, not the RSA key RS256 needs`;
    const bits = details.modulusLength ?? 0;
    if (bits < MIN_RSA_BITS) return `is an RSA key of ${bits} bits; at least ${MIN_RSA_BITS} are required`;
    return undefined;
  }
  if (key.asymmetricKeyType !== 'ec' || details.namedCurve !== 'prime256v1') return 'is not the P-256 key ES256 needs';
  return undefined;
}

function refused(message: string): SignatureOutcome {
  return {proof: {check: 'proof', result: 'failed', message}, issuer: {check: 'issuer', result: 'skipped', message: 'Not checked: the signature does not hold.'}};
}

function ownership(message: string): SignatureOutcome {
  return {proof: {check: 'proof', result: 'skipped', message: "Not checked: the signing key is not the issuer's."}, issuer: {check: 'issuer', result: 'failed', message}};
}
