/**
 * The base URL a did:web issuer of this instance names: `did:web:host%3Aport:prefix:issuers:slug`
 * is `https://host:port/prefix/issuers/slug` (issuer-identity.ts builds them that way).
 */
export function decodeDidWebBase(did: string): string | null {
  if (!did.startsWith('did:web:')) return null;
  let parts: string[];
  try {
    parts = did.slice('did:web:'.length).split(':').map((part) => decodeURIComponent(part));
  } catch {
    return null;
  }
  const issuers = parts.lastIndexOf('issuers');
  if (issuers < 1 || issuers !== parts.length - 2) return null;
  return `https://${parts.slice(0, issuers).join('/')}`;
}
