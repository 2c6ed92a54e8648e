import {calculateJwkThumbprint, compactVerify, importJWK, type JWK} from 'jose';
import {CONTEXTS} from '../contexts.ts';
import {importPublicMultikey} from '../did-resolve.ts';
import {DocumentUnavailableError, type DocumentResolver} from '../documents.ts';
import type {JwtInput} from './parse.ts';
import {abbreviate, asArray, errorMessage, isObject, quote, type JsonObject} from './json.ts';
import {resolveController, resolveVerificationMethod, type ResolvedKey} from './keys.ts';
import {describeKey, type ProofStage} from './proof.ts';

/**
 * The `proof` stage for VC-JWTs, with jose: EdDSA, ES256 or RS256 only —
 * `none` proves nothing and HMAC needs a secret shared with the verifier,
 * so neither can show who issued a credential. The key comes from `kid`
 * (resolved like any verification method) or from the header `jwk` under
 * the same rule as a key in a URL fragment: if the issuer publishes a
 * document, the key must be in it; if not, the issuer stage decides
 * whether a key the credential names for itself is trusted.
 */
const ALGORITHMS = ['EdDSA', 'ES256', 'RS256'];
const PUBLIC_JWK_MEMBERS = ['kty', 'crv', 'x', 'y', 'n', 'e'];

function failed(message: string, keys: ResolvedKey[] = []): ProofStage {
  return {check: {check: 'proof', result: 'failed', message}, keys};
}

function publicJwk(jwk: JsonObject): JWK {
  return Object.fromEntries(Object.entries(jwk).filter(([name]) => PUBLIC_JWK_MEMBERS.includes(name))) as JWK;
}

async function methodJwk(method: JsonObject): Promise<JWK> {
  if (isObject(method.publicKeyJwk)) return publicJwk(method.publicKeyJwk);
  const multikey = typeof method.publicKeyMultibase === 'string' ? await importPublicMultikey(method.publicKeyMultibase) : undefined;
  if (!multikey) throw new Error(`the verification method ${quote(method.id)} has no usable public key`);
  return publicJwk(await multikey.jwk());
}

async function keyFromKid(kid: string, issuerId: string | undefined, resolver: DocumentResolver): Promise<{key: ResolvedKey; jwk: JWK}> {
  const id = kid.startsWith('#') && issuerId ? `${issuerId}${kid}` : kid;
  const key = await resolveVerificationMethod(id, {resolver, issuerId});
  const controller = key.controllerDocument?.id === key.controller ? key.controllerDocument : await resolveController(key.controller, resolver);
  if (!controller.assertionMethod.includes(id)) throw new Error(`${abbreviate(key.controller)} does not authorise ${abbreviate(id)} for issuing credentials`);
  return {key, jwk: await methodJwk(key.method)};
}

async function keyFromHeaderJwk(jwk: JsonObject, issuerId: string | undefined, resolver: DocumentResolver): Promise<{key: ResolvedKey; jwk: JWK}> {
  if (!issuerId) throw new Error('the JWT carries its own key but names no issuer to check it against');
  const candidate = publicJwk(jwk);
  const thumbprint = await calculateJwkThumbprint(candidate);
  const key: ResolvedKey = {id: `${issuerId}#${thumbprint}`, controller: issuerId, method: {publicKeyJwk: candidate}, source: 'jwk-header'};
  let published: string[];
  try {
    published = (await resolveController(issuerId, resolver)).assertionMethod;
  } catch (error) {
    // Only a document that cannot be obtained at all leaves the header key unconfirmed (the issuer stage judges it).
    if (error instanceof DocumentUnavailableError) return {key, jwk: candidate};
    throw error;
  }
  for (const id of published) {
    const listed = await resolveVerificationMethod(id, {resolver, issuerId}).catch(() => undefined);
    if (listed && (await calculateJwkThumbprint(await methodJwk(listed.method))) === thumbprint) {
      return {key: listed, jwk: candidate};
    }
  }
  throw new Error(`${abbreviate(issuerId)} publishes a key document that does not list the key in the JWT header`);
}

export async function checkJwtProof(input: JwtInput, options: {resolver: DocumentResolver; issuerId: string | undefined}): Promise<ProofStage> {
  const alg = input.header.alg;
  if (alg === 'none') return failed('The JWT is unsigned (alg "none"); an unsigned credential proves nothing.');
  if (typeof alg === 'string' && alg.startsWith('HS')) {
    return failed(`The JWT uses ${abbreviate(alg)}, a shared-secret (HMAC) algorithm, which cannot show who issued it.`);
  }
  if (typeof alg !== 'string' || !ALGORITHMS.includes(alg)) {
    return failed(`The JWT algorithm ${quote(alg)} is not supported (Hallmark verifies ${ALGORITHMS.join(', ')}).`);
  }
  let resolved: {key: ResolvedKey; jwk: JWK};
  try {
    if (typeof input.header.kid === 'string') resolved = await keyFromKid(input.header.kid, options.issuerId, options.resolver);
    else if (isObject(input.header.jwk)) resolved = await keyFromHeaderJwk(input.header.jwk, options.issuerId, options.resolver);
    else return failed('The JWT header names no key (neither kid nor jwk), so its signature cannot be checked.');
  } catch (error) {
    const message = `The JWT's key could not be established: ${errorMessage(error)}.`;
    // A key document that could not be obtained leaves the signature unchecked, not refuted.
    if (error instanceof DocumentUnavailableError) return {check: {check: 'proof', result: 'indeterminate', message}, keys: []};
    return failed(message);
  }
  try {
    const key = await importJWK(resolved.jwk, alg);
    await compactVerify(input.token, key, {algorithms: [alg]});
  } catch (error) {
    return failed(`The JWT signature does not verify with ${describeKey(resolved.key)}: ${errorMessage(error)}.`, [resolved.key]);
  }
  const mismatches = claimMismatches(input);
  if (mismatches.length > 0) return failed(`The JWT signature verifies, but ${mismatches.join('; ')}.`, [resolved.key]);
  return {check: {check: 'proof', result: 'passed', message: `JWT signed by ${describeKey(resolved.key)} with ${alg}; signature verified.`}, keys: [resolved.key]};
}

function secondsOf(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : Math.floor(time / 1000);
}

/** Seconds Date can represent (±8.64e15 ms); a larger NumericDate names no instant. */
const MAX_NUMERIC_DATE = 8.64e12;
const DATE_CLAIMS = ['exp', 'nbf', 'iat'];

/** A NumericDate (RFC 7519 §2): a JSON number of seconds since 1970. */
function numericDate(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= MAX_NUMERIC_DATE ? value : undefined;
}

/** The credential's own date properties, by data model. */
function dateFields(credential: JsonObject): [from: string, until: string] {
  const first = Array.isArray(credential['@context']) ? credential['@context'][0] : credential['@context'];
  return first === CONTEXTS.credentialsV1 ? ['issuanceDate', 'expirationDate'] : ['validFrom', 'validUntil'];
}

/**
 * Where the JWT claims and the credential they wrap disagree (VC-JWT: they
 * must describe the same thing), or a claim cannot be read: a date claim
 * that is not a NumericDate would otherwise be ignored, and with it the
 * limit it sets.
 */
function claimMismatches({payload, credential}: JwtInput): string[] {
  const problems: string[] = [];
  const [fromField, untilField] = dateFields(credential);
  if (typeof payload.jti === 'string' && typeof credential.id === 'string' && payload.jti !== credential.id) {
    problems.push(`its jti ${quote(payload.jti)} is not the credential id ${quote(credential.id)}`);
  }
  for (const claim of DATE_CLAIMS) {
    if (payload[claim] !== undefined && numericDate(payload[claim]) === undefined) {
      problems.push(`its ${claim} ${quote(payload[claim])} is not a NumericDate (a number of seconds since 1970)`);
    }
  }
  for (const [claim, field] of [['nbf', fromField], ['exp', untilField]] as const) {
    const claimed = numericDate(payload[claim]);
    const seconds = secondsOf(credential[field]);
    if (claimed !== undefined && seconds !== undefined && Math.abs(claimed - seconds) > 1) {
      problems.push(`its ${claim} (${new Date(claimed * 1000).toISOString()}) disagrees with ${field} ${quote(credential[field])}`);
    }
  }
  if (payload.sub !== undefined) {
    const ids = asArray(credential.credentialSubject).flatMap((subject) => (isObject(subject) && subject.id !== undefined ? [subject.id] : []));
    // With several subjects, sub names one of them.
    if (ids.length > 0 && !ids.includes(payload.sub)) {
      problems.push(`its sub ${quote(payload.sub)} is not the credentialSubject id ${ids.map((id) => quote(id)).join(' or ')}`);
    }
  }
  return problems;
}

/**
 * VC-JWT decoding: registered claims stand in for credential properties the
 * credential leaves out (issuer ← iss, id ← jti, subject id ← sub, dates ←
 * nbf/exp), so that an `exp` alone still bounds the validity period.
 */
export function credentialFromJwt(input: JwtInput): JsonObject {
  const credential = input.credential;
  const {iss, jti, sub} = input.payload;
  const nbf = numericDate(input.payload.nbf);
  const exp = numericDate(input.payload.exp);
  const [fromField, untilField] = dateFields(credential);
  if (credential.issuer === undefined && typeof iss === 'string') credential.issuer = iss;
  if (credential.id === undefined && typeof jti === 'string') credential.id = jti;
  if (credential[fromField] === undefined && nbf !== undefined) credential[fromField] = new Date(nbf * 1000).toISOString();
  if (credential[untilField] === undefined && exp !== undefined) credential[untilField] = new Date(exp * 1000).toISOString();
  if (isObject(credential.credentialSubject) && credential.credentialSubject.id === undefined && typeof sub === 'string') {
    credential.credentialSubject.id = sub;
  }
  return credential;
}

/** The issuer the JWT claims (`iss`), for the issuer stage to compare with the credential's. */
export function jwtIssuer(input: JwtInput): string | undefined {
  return typeof input.payload.iss === 'string' ? input.payload.iss : undefined;
}
