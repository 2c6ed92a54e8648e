import {createPrivateKey, hash, sign as signEd25519, type KeyObject} from 'node:crypto';
import {LRUCache} from 'lru-cache';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {Ed25519VerificationKey2020} from '@digitalbazaar/ed25519-verification-key-2020';
import type {ProofType, SigningKey} from './sign.ts';

/**
 * Ed25519 signers for signCredential, imported once per key instead of on
 * every signature. The libraries' signers decode the multibase secret and
 * build a node:crypto private key (createPrivateKey) for each call, which
 * was a fifth of the cost of issuing a credential; the signature itself is
 * the same crypto.sign(null, data, key) either way, and Ed25519 is
 * deterministic, so the bytes are identical. Each imported key is checked
 * against the library's own signer once before it is used, and a key that
 * does not match (or cannot be imported) keeps the library's signer.
 */
export interface Signer {
  algorithm?: string;
  id?: string;
  sign(options: {data: Uint8Array}): Promise<Uint8Array>;
}

/** PKCS#8 DER prefix of an Ed25519 private key, as both @digitalbazaar key libraries encode one for node:crypto. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const PROBE = Buffer.from('hallmark signer self-check');

/**
 * Few issuer keys are active at once, so a small cache holds them. Entries
 * expire so that a key rotated away or an issuer deleted does not stay in
 * memory for long. The cache is keyed by a SHA-256 digest of the key, so
 * no secret is held as text; the KeyObject keeps it in OpenSSL's memory,
 * out of the JS heap (and out of heap snapshots).
 */
const signers = new LRUCache<string, Signer>({max: 64, ttl: 10 * 60_000});

function cacheKey(key: SigningKey, proofType: ProofType): string {
  const material = JSON.stringify([proofType, key.verificationMethod, key.controller, key.publicKeyMultibase, key.secretKeyMultibase]);
  return hash('sha256', material, 'base64');
}

/** The signer the libraries would make for this key and suite, as signCredential used before; rejects as their import does. */
async function librarySigner(key: SigningKey, proofType: ProofType): Promise<Signer> {
  const exported = {id: key.verificationMethod, controller: key.controller, publicKeyMultibase: key.publicKeyMultibase};
  if (proofType === 'Ed25519Signature2020') {
    const keyPair = await Ed25519VerificationKey2020.from({...exported, type: 'Ed25519VerificationKey2020', privateKeyMultibase: key.secretKeyMultibase});
    return keyPair.signer();
  }
  const keyPair = await Ed25519Multikey.from({...exported, type: 'Multikey', secretKeyMultibase: key.secretKeyMultibase});
  return keyPair.signer();
}

/** The 32-byte seed both libraries sign with (the first half of a 64-byte secret key), or undefined. */
async function seedOf(key: SigningKey): Promise<Uint8Array | undefined> {
  try {
    const keyPair = await Ed25519Multikey.from({id: key.verificationMethod, controller: key.controller, type: 'Multikey', publicKeyMultibase: key.publicKeyMultibase, secretKeyMultibase: key.secretKeyMultibase});
    const {secretKey} = await keyPair.export({publicKey: false, secretKey: true, raw: true, canonicalize: true});
    return secretKey instanceof Uint8Array && secretKey.length === 32 ? secretKey : undefined;
  } catch {
    return undefined;
  }
}

function importSeed(seed: Uint8Array): KeyObject | undefined {
  try {
    const imported = createPrivateKey({key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8'});
    return imported.asymmetricKeyType === 'ed25519' ? imported : undefined;
  } catch {
    return undefined;
  }
}

/** The cached-key signer, or undefined when this key must keep the library's signer. */
async function importSigner(key: SigningKey, library: Signer): Promise<Signer | undefined> {
  const seed = await seedOf(key);
  const privateKey = seed && importSeed(seed);
  if (!privateKey) return undefined;
  try {
    // Ed25519 is deterministic: the same key signs the same bytes the same way.
    const expected = Buffer.from(await library.sign({data: PROBE}));
    if (!expected.equals(signEd25519(null, PROBE, privateKey))) return undefined;
  } catch {
    // The library cannot sign with this key: it fails as before, when asked to.
    return undefined;
  }
  const signer: Signer = {id: library.id, sign: async ({data}) => signEd25519(null, data, privateKey)};
  if (library.algorithm !== undefined) signer.algorithm = library.algorithm;
  return signer;
}

/**
 * A signer for `key` as the suite for `proofType` expects it; rejects as the
 * library's import does. A key that keeps the library's signer is imported
 * again on every call, as before, and not kept: that signer holds the raw
 * secret in the JS heap.
 */
export async function signerFor(key: SigningKey, proofType: ProofType): Promise<Signer> {
  const id = cacheKey(key, proofType);
  const known = signers.get(id);
  if (known) return known;
  const library = await librarySigner(key, proofType);
  const signer = await importSigner(key, library);
  if (!signer) return library;
  signers.set(id, signer);
  return signer;
}
