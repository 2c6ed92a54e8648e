import {CONTEXTS} from './contexts.ts';
import type {InstanceUrls} from './instance-urls.ts';

/**
 * How an issuer of this instance is named. Over https the issuer is a
 * did:web under the public URL, so its key can rotate; otherwise (local
 * development) a did:key, which is its own key and so cannot.
 */
export function issuerDid(urls: InstanceUrls, slug: string, publicKeyMultibase: string): string {
  if (!urls.isHttps) return `did:key:${publicKeyMultibase}`;
  const url = new URL(urls.base);
  const host = encodeURIComponent(url.host); // did:web percent-encodes the port colon
  const path = url.pathname.split('/').filter(Boolean).map(encodeURIComponent);
  return ['did:web', host, ...path, 'issuers', slug].join(':');
}

export function verificationMethodId(did: string, publicKeyMultibase: string): string {
  return `${did}#${publicKeyMultibase}`;
}

export function isDidWeb(did: string): boolean {
  return did.startsWith('did:web:');
}

export interface PublishedKey {
  publicKeyMultibase: string;
  createdAt: string;
  /** Set when a newer key took over; the key still verifies what it signed. */
  retiredAt: string | null;
  /** Set when the key is withdrawn (compromise): nothing it signed verifies any more. */
  revokedAt?: string | null;
}

/**
 * The DID document. Every key the issuer ever signed with stays an
 * assertionMethod (so old credentials keep verifying) until it is revoked;
 * only the current key is listed for authentication and
 * capabilityInvocation, which is how the document says which key signs from
 * now on. A revoked key stays listed as a verification method marked
 * `revoked`, and leaves assertionMethod, so verifiers refuse its signatures.
 */
export function didDocument(did: string, keys: PublishedKey[]): Record<string, unknown> {
  const methods = keys.map((key) => ({
    id: verificationMethodId(did, key.publicKeyMultibase),
    type: 'Multikey',
    controller: did,
    publicKeyMultibase: key.publicKeyMultibase,
    ...(key.revokedAt ? {revoked: key.revokedAt} : {}),
  }));
  const idOf = (key: PublishedKey) => verificationMethodId(did, key.publicKeyMultibase);
  const current = keys.filter((key) => key.retiredAt === null).map(idOf);
  return {
    '@context': [CONTEXTS.did, CONTEXTS.multikey],
    id: did,
    verificationMethod: methods,
    assertionMethod: keys.filter((key) => !key.revokedAt).map(idOf),
    authentication: current,
    capabilityInvocation: current,
  };
}
