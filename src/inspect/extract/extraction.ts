import type {Finding} from '../types.ts';

/** A credential as found: JSON text, a compact JWT, or a parsed object; the verifier decides what it is. */
export interface FoundCredential {
  source: string;
  value: unknown;
}

export interface FoundLink {
  /** Absolute http(s) URL, fragment removed. */
  url: string;
  /** alternate: a `<link rel=alternate>` to a JSON form of the page, the likeliest place for a credential. */
  kind: 'link' | 'image' | 'alternate';
  /** For an image: the href of the link around it, null when it stands alone. */
  href?: string | null;
}

/** What one document yields: credentials inside it, links out of it, and what went wrong reading it. */
export interface Extraction {
  credentials: FoundCredential[];
  links: FoundLink[];
  problems: Finding[];
}

export function emptyExtraction(): Extraction {
  return {credentials: [], links: [], problems: []};
}

/** An absolute http(s) URL without its fragment, or null for anything else (mailto:, javascript:, relative without a base). */
export function absoluteHttpUrl(reference: string, base: string | null): string | null {
  let url: URL;
  try {
    url = base === null ? new URL(reference.trim()) : new URL(reference.trim(), base);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  url.hash = '';
  return url.href;
}
