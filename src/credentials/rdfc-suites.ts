import {createPublicKey, verify as verifyEd25519, type KeyObject} from 'node:crypto';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {Ed25519Signature2020} from '@digitalbazaar/ed25519-signature-2020';
import {canonizeRdfc, type CanonizeOptions} from './canonize.ts';

/**
 * The suites we sign and verify with, canonicalising through canonize.ts
 * instead of their own copy of jsonld.js. Everything else (proof options,
 * hashing, proof purposes) stays the library's.
 */
interface Verifier {
  algorithm: string;
  id?: string;
  verify(options: {data: Uint8Array; signature: Uint8Array}): Promise<boolean>;
}

/**
 * An Ed25519 check is a pure function of key, data and signature: a
 * signature that verified once verifies again, so the check is remembered
 * (a status list is the same for every credential that points at it). The
 * key is still resolved every time, so a withdrawn key fails as before;
 * only failures are recomputed.
 */
const verifiedSignatures = new Set<string>();
const MAX_VERIFIED = 4096;
const MAX_KEPT_DIGEST = 2048;

/** Key, data and signature as text: a Set compares that exactly, without a SHA-256 per check. */
function signatureDigest(method: string, data: Uint8Array, signature: Uint8Array): string {
  return `${method}\u0000${Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64')}\u0000${Buffer.from(signature.buffer, signature.byteOffset, signature.byteLength).toString('base64')}`;
}

/** Importing a key is a pure function of the verification method too; the last few are kept. */
const verifiersByMethod = new Map<string, Promise<Verifier>>();
const MAX_VERIFIERS = 256;

/** The DER SPKI prefix of an Ed25519 public key, as @digitalbazaar/ed25519-multikey encodes one for node:crypto. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/**
 * The cryptosuite's own verifier (Ed25519Multikey.from(method).verifier(),
 * as its createVerifier does), except that the node:crypto public key the
 * library builds from the same 32 bytes for every call is built once. The
 * check is the same crypto.verify(null, data, key, signature); any key the
 * library would treat differently (not 32 bytes, not importable) goes to
 * the library's verify every time.
 */
async function importVerifier(options: {verificationMethod: unknown}): Promise<Verifier> {
  const key = await Ed25519Multikey.from(options.verificationMethod as Parameters<typeof Ed25519Multikey.from>[0]);
  const library = key.verifier();
  let publicKey: KeyObject | undefined;
  if (key.publicKey instanceof Uint8Array && key.publicKey.length === 32) {
    try {
      publicKey = createPublicKey({key: Buffer.concat([ED25519_SPKI_PREFIX, key.publicKey]), format: 'der', type: 'spki'});
    } catch {
      publicKey = undefined;
    }
  }
  if (!publicKey) return library;
  const imported = publicKey;
  return {algorithm: library.algorithm, id: library.id, verify: async ({data, signature}) => verifyEd25519(null, data, imported, signature)};
}

/** `method` is the verification method's JSON, which keys both memories. */
function stockVerifier(options: {verificationMethod: unknown}, method: string): Promise<Verifier> {
  // Verification methods are small; a bloated one is not kept.
  if (method.length > 4096) return importVerifier(options);
  let verifier = verifiersByMethod.get(method);
  if (!verifier) {
    verifier = importVerifier(options);
    // A method that cannot be imported fails as before, every time.
    verifier.catch(() => verifiersByMethod.delete(method));
    if (verifiersByMethod.size >= MAX_VERIFIERS) verifiersByMethod.delete(verifiersByMethod.keys().next().value as string);
    verifiersByMethod.set(method, verifier);
  }
  return verifier;
}

async function createVerifier(options: {verificationMethod: unknown}): Promise<Verifier> {
  const method = JSON.stringify(options.verificationMethod);
  const verifier = await stockVerifier(options, method);
  return {
    algorithm: verifier.algorithm,
    id: verifier.id,
    async verify({data, signature}) {
      // Not bytes (a proofValue the library could not decode): the verifier fails it as the library's does.
      if (!(data instanceof Uint8Array && signature instanceof Uint8Array)) return verifier.verify({data, signature});
      const digest = signatureDigest(method, data, signature);
      if (verifiedSignatures.has(digest)) return true;
      const verified = await verifier.verify({data, signature});
      // Keys are kept as text: a bloated verification method or signature is checked, not kept.
      if (verified && digest.length <= MAX_KEPT_DIGEST) {
        if (verifiedSignatures.size >= MAX_VERIFIED) verifiedSignatures.delete(verifiedSignatures.values().next().value as string);
        verifiedSignatures.add(digest);
      }
      return verified;
    },
  };
}

export const eddsaRdfc2022Cryptosuite = {...eddsaRdfc2022, canonize: canonizeRdfc, createVerifier};

export class Ed25519Signature2020Rdfc extends Ed25519Signature2020 {
  /** As jsonld-signatures' LinkedDataSignature.canonize, with the same options. */
  async canonize(input: unknown, {documentLoader, expansionMap, skipExpansion}: CanonizeOptions & {expansionMap?: unknown; skipExpansion?: boolean}): Promise<string> {
    if (expansionMap) throw new Error('"expansionMap" not supported.');
    return canonizeRdfc(input, {algorithm: 'RDFC-1.0', base: null, format: 'application/n-quads', documentLoader, safe: true, skipExpansion});
  }
}
