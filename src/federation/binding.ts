/**
 * The binding between a community's actor and its credential issuer, both
 * ways. The actor names the issuer's DID in `alsoKnownAs` and carries an
 * FEP-c390 `VerifiableIdentityStatement` (subject: the DID, alsoKnownAs: the
 * actor) with an eddsa-jcs-2022 Data Integrity proof made with the issuer's
 * key; a did:web issuer's DID document names the actor in its own
 * `alsoKnownAs`. A receiver accepts a credential as an actor's only when its
 * issuer is bound to that actor this way.
 */
import {createHash} from 'node:crypto';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {encode as encodeBase58} from 'base58-universal';
import {decodeBase58} from '../credentials/base58.ts';
import {resolveDid} from '../credentials/did-resolve.ts';
import type {DocumentResolver} from '../credentials/documents.ts';
import {isDidWeb} from '../credentials/issuer-identity.ts';
import type {SigningKey} from '../credentials/sign.ts';
import {resolveVerificationMethod} from '../credentials/verify/keys.ts';
import {asArray, canonicalJson, isObject, strings, type JsonObject} from '../json.ts';

export interface IdentityStatement {
  type: 'VerifiableIdentityStatement';
  subject: string;
  alsoKnownAs: string;
  proof: JsonObject;
}

/** Signs the statement that `did` is also known as `actorId`, with the issuer's current key. */
export async function identityStatement(did: string, actorId: string, key: SigningKey, now = new Date()): Promise<IdentityStatement> {
  const unsigned = {type: 'VerifiableIdentityStatement' as const, subject: did, alsoKnownAs: actorId};
  const options = {
    type: 'DataIntegrityProof',
    cryptosuite: 'eddsa-jcs-2022',
    created: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    verificationMethod: key.verificationMethod,
    proofPurpose: 'assertionMethod',
  };
  const keyPair = await Ed25519Multikey.from({id: key.verificationMethod, controller: did, type: 'Multikey', publicKeyMultibase: key.publicKeyMultibase, secretKeyMultibase: key.secretKeyMultibase});
  const signature = await keyPair.signer().sign({data: hashData(options, unsigned)});
  return {...unsigned, proof: {...options, proofValue: `z${encodeBase58(signature)}`}};
}

/**
 * Whether the raw actor document binds `issuerDid` to itself: named in its
 * `alsoKnownAs`, with a valid identity statement signed by a key the DID
 * authorises for assertions, and (for did:web) named back by the DID document.
 * Returns null when bound, else why not.
 */
export async function bindingProblem(actor: JsonObject, issuerDid: string, resolver: DocumentResolver): Promise<string | null> {
  const actorId = typeof actor.id === 'string' ? actor.id : null;
  if (actorId === null) return 'the actor has no id';
  if (!strings(actor.alsoKnownAs).includes(issuerDid)) return `the actor does not name ${issuerDid} in alsoKnownAs`;
  const statements = asArray(actor.attachment).filter((item): item is JsonObject =>
    isObject(item) && item.type === 'VerifiableIdentityStatement' && item.subject === issuerDid && item.alsoKnownAs === actorId);
  if (statements.length === 0) return `the actor carries no identity statement for ${issuerDid}`;
  let problem = 'no identity statement verified';
  for (const statement of statements) {
    problem = await statementProblem(statement, issuerDid, resolver) ?? '';
    if (problem === '') break;
  }
  if (problem !== '') return problem;
  if (isDidWeb(issuerDid)) {
    const document = await resolveDid(issuerDid, resolver);
    if (!strings(document.alsoKnownAs).includes(actorId)) return `the DID document of ${issuerDid} does not name ${actorId} in alsoKnownAs`;
  }
  return null;
}

async function statementProblem(statement: JsonObject, did: string, resolver: DocumentResolver): Promise<string | null> {
  const proof = statement.proof;
  if (!isObject(proof) || proof.type !== 'DataIntegrityProof' || proof.cryptosuite !== 'eddsa-jcs-2022' || proof.proofPurpose !== 'assertionMethod') {
    return 'the identity statement has no eddsa-jcs-2022 assertion proof';
  }
  const {proofValue, ...options} = proof;
  const method = typeof options.verificationMethod === 'string' ? options.verificationMethod : '';
  if (!method.startsWith(`${did}#`)) return 'the identity statement is not signed by a key of the DID it names';
  if (typeof proofValue !== 'string' || !proofValue.startsWith('z')) return 'the identity statement proof has no proofValue';
  const signature = decodeBase58(proofValue.slice(1));
  if (!signature) return 'the identity statement proofValue is not base58btc';
  let resolved;
  try {
    resolved = await resolveVerificationMethod(method, {resolver, issuerId: did});
  } catch (error) {
    return `the identity statement key cannot be resolved: ${(error as Error).message}`;
  }
  if (resolved.controller !== did || !resolved.controllerDocument?.assertionMethod.includes(method)) {
    return 'the identity statement key is not an assertion method of the DID';
  }
  const {proof: _proof, ...unsigned} = statement;
  try {
    const keyPair = await Ed25519Multikey.from(resolved.method);
    const valid = await keyPair.verifier().verify({data: hashData(options, unsigned), signature});
    return valid ? null : 'the identity statement signature does not verify';
  } catch (error) {
    return `the identity statement signature cannot be checked: ${(error as Error).message}`;
  }
}

/** eddsa-jcs-2022: SHA-256 of the JCS proof options, then of the JCS document, concatenated. */
function hashData(options: JsonObject, document: JsonObject): Uint8Array {
  const digest = (value: JsonObject) => createHash('sha256').update(canonicalJson(value)).digest();
  return new Uint8Array(Buffer.concat([digest(options), digest(document)]));
}
