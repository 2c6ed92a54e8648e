import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {deepFreeze, isObject} from '../json.ts';
import {decodeBase58} from './base58.ts';
import {CONTEXTS} from './contexts.ts';
import {DocumentUnavailableError, type DocumentResolver} from './documents.ts';

/**
 * DID resolution for verification: `did:key` documents are derived from the
 * key itself (no network), `did:web` documents are obtained through the
 * DocumentResolver (store, offline map or hardened fetcher). Other methods
 * are refused.
 */
export type DidDocument = Record<string, unknown> & {id: string};

export type MultikeyAlgorithm = 'Ed25519' | 'ECDSA';

export interface PublicMultikey {
  algorithm: MultikeyAlgorithm;
  /** The key as a public JWK, for JOSE verification. */
  jwk(): Promise<Record<string, unknown>>;
}

// Multicodec headers and total lengths of the public keys we accept.
const KEY_FORMATS: Array<{algorithm: MultikeyAlgorithm; header: [number, number]; length: number}> = [
  {algorithm: 'Ed25519', header: [0xed, 0x01], length: 34},
  {algorithm: 'ECDSA', header: [0x80, 0x24], length: 35}, // P-256, compressed
  {algorithm: 'ECDSA', header: [0x81, 0x24], length: 51}, // P-384, compressed
];

/**
 * Imports a multibase public key (Ed25519, or ECDSA P-256/P-384), or
 * returns undefined when the string is not one. The multicodec header and
 * length are checked here: the Ed25519 library would accept any bytes.
 */
export async function importPublicMultikey(publicKeyMultibase: string): Promise<PublicMultikey | undefined> {
  if (!publicKeyMultibase.startsWith('z') || publicKeyMultibase.length > 80) return undefined;
  const bytes = decodeBase58(publicKeyMultibase.slice(1));
  const format = KEY_FORMATS.find(({header, length}) => bytes?.length === length && bytes[0] === header[0] && bytes[1] === header[1]);
  if (!format) return undefined;
  try {
    if (format.algorithm === 'Ed25519') {
      const keyPair = await Ed25519Multikey.from({publicKeyMultibase});
      return {algorithm: 'Ed25519', jwk: () => Ed25519Multikey.toJwk({keyPair})};
    }
    const keyPair = await EcdsaMultikey.from({publicKeyMultibase});
    return {algorithm: 'ECDSA', jwk: () => EcdsaMultikey.toJwk({keyPair})};
  } catch {
    return undefined;
  }
}

export function didMethod(did: string): string {
  return /^did:([a-z0-9]+):/.exec(did)?.[1] ?? '';
}

/**
 * did:key documents already derived: the document is a function of the
 * string alone. Frozen, since every verification of a key's credentials
 * shares it.
 */
const didKeyDocuments = new Map<string, DidDocument>();
const MAX_DID_KEY_DOCUMENTS = 1024;

/** did:key:<multibase> → the DID document the did:key method defines for it. */
export async function didKeyDocument(did: string): Promise<DidDocument> {
  const known = didKeyDocuments.get(did);
  if (known) return known;
  const match = /^did:key:(z[1-9A-HJ-NP-Za-km-z]+)$/.exec(did);
  if (!match || !(await importPublicMultikey(match[1]))) {
    throw new Error(`${did} is not a did:key of a supported Ed25519 or ECDSA key`);
  }
  const id = `${did}#${match[1]}`;
  const document: DidDocument = deepFreeze({
    '@context': [CONTEXTS.did, CONTEXTS.multikey],
    id: did,
    verificationMethod: [{id, type: 'Multikey', controller: did, publicKeyMultibase: match[1]}],
    assertionMethod: [id],
    authentication: [id],
    capabilityInvocation: [id],
    capabilityDelegation: [id],
  });
  if (didKeyDocuments.size >= MAX_DID_KEY_DOCUMENTS) didKeyDocuments.delete(didKeyDocuments.keys().next().value as string);
  didKeyDocuments.set(did, document);
  return document;
}

const HOST = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[0-9]{1,5})?$/i;

/**
 * did:web:host[%3Aport][:path...] → https://host/path.../did.json, or
 * https://host/.well-known/did.json when there is no path (did:web spec §3.2).
 */
export function didWebDocumentUrl(did: string): string {
  const match = /^did:web:([^#?/]+)$/.exec(did);
  if (!match) throw new Error(`${did} is not a well-formed did:web`);
  const [hostPart, ...pathParts] = match[1].split(':');
  const host = decodeURIComponent(hostPart);
  if (!HOST.test(host)) throw new Error(`${did} names an invalid host "${host}"`);
  const segments = pathParts.map((part) => decodeURIComponent(part));
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..' || segment.includes('/'))) {
    throw new Error(`${did} has an invalid path segment`);
  }
  const path = segments.length === 0 ? '.well-known' : segments.map(encodeURIComponent).join('/');
  return `https://${host.toLowerCase()}/${path}/did.json`;
}

/** The DID document of `did` (no fragment), checked to describe that DID. */
export async function resolveDid(did: string, resolver: DocumentResolver): Promise<DidDocument> {
  const method = didMethod(did);
  if (method === 'key') return didKeyDocument(did);
  if (method !== 'web') throw new Error(`DID method "${method || did}" is not supported (only did:key and did:web)`);
  const url = didWebDocumentUrl(did);
  let document: unknown;
  try {
    document = await resolver.resolve(url);
  } catch (error) {
    // Kept apart from other failures: an unobtainable document is not a document that says no.
    const reason = error instanceof DocumentUnavailableError ? error.reason : (error as Error).message;
    throw new DocumentUnavailableError(url, `${reason}, so ${did} cannot be resolved`);
  }
  if (!isObject(document)) {
    throw new Error(`the DID document of ${did} at ${url} is not a JSON object`);
  }
  const id = document.id;
  if (id !== did) {
    throw new Error(`the document at ${url} describes ${String(id)}, not ${did}`);
  }
  return document as DidDocument;
}
