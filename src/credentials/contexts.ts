import {createHash} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {join, resolve} from 'node:path';
import {deepFreeze} from '../json.ts';

/** A JSON-LD remote document, as jsonld.js document loaders return it. */
export interface RemoteDocument {
  contextUrl: null;
  documentUrl: string;
  document: unknown;
  /** 'static': jsonld.js may keep the processed context across calls (pinned contexts never change). */
  tag?: 'static';
}

export class UnknownContextError extends Error {
  readonly url: string;
  constructor(url: string) {
    super(`JSON-LD context ${url} is not one of the pinned contexts; contexts are never fetched`);
    this.name = 'UnknownContextError';
    this.url = url;
  }
}

const contextsDir = resolve(import.meta.dirname, '../../contexts');

interface ManifestEntry {
  file: string;
  sha256: string;
  /** 'activitypub': served to the federation code only, never to credential processing. */
  scope?: 'activitypub';
}

/** Each pinned context's bytes, as a relatedResource digest covers them. */
const pinnedBytes = new Map<string, Buffer>();

function loadPinnedContexts(): {credentials: Map<string, unknown>; activitypub: Map<string, unknown>} {
  const manifest = JSON.parse(readFileSync(join(contextsDir, 'manifest.json'), 'utf8')) as Record<string, ManifestEntry>;
  const credentials = new Map<string, unknown>();
  const activitypub = new Map<string, unknown>();
  for (const [url, {file, sha256, scope}] of Object.entries(manifest)) {
    const bytes = readFileSync(join(contextsDir, file));
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== sha256) {
      throw new Error(`pinned context ${file} does not match its sha256 in contexts/manifest.json`);
    }
    const document = deepFreeze(JSON.parse(bytes.toString('utf8')));
    activitypub.set(url, document);
    if (scope !== 'activitypub') {
      credentials.set(url, document);
      pinnedBytes.set(url, bytes);
    }
  }
  return {credentials, activitypub};
}

const {credentials: pinnedContexts, activitypub: activityPubContexts} = loadPinnedContexts();

/** The bytes of the pinned copy of context `url` (what its digest is computed over, offline); undefined when not pinned. */
export function pinnedContextBytes(url: string): Uint8Array | undefined {
  return pinnedBytes.get(url);
}

export function isPinnedContext(url: string): boolean {
  return pinnedContexts.has(url);
}

/** A jsonld.js document loader that serves pinned contexts and nothing else. */
export async function pinnedContextLoader(url: string): Promise<RemoteDocument> {
  return loadContext(url);
}

/** The pinned context document for `url`; throws UnknownContextError otherwise. */
export function loadContext(url: string): RemoteDocument {
  const document = pinnedContexts.get(url);
  if (document === undefined) throw new UnknownContextError(url);
  return {contextUrl: null, documentUrl: url, document, tag: 'static'};
}

/**
 * The pinned context for `url` as ActivityPub processing needs it: the
 * ActivityStreams and security contexts Fedify reads, plus every credential
 * context (credentials travel inside activities). Throws UnknownContextError
 * otherwise: federation never fetches a context either.
 */
export function loadActivityPubContext(url: string): RemoteDocument {
  const document = activityPubContexts.get(url);
  if (document === undefined) throw new UnknownContextError(url);
  return {contextUrl: null, documentUrl: url, document, tag: 'static'};
}

const termsByContext = new Map<string, Set<string>>();

/**
 * Every term a pinned context defines, at any depth (type- and
 * property-scoped contexts included). Used to say *which* type a credential
 * leaves undefined; canonicalisation in safe mode enforces the same rule.
 */
export function definedTerms(url: string): Set<string> {
  let terms = termsByContext.get(url);
  if (!terms) {
    terms = new Set();
    const document = pinnedContexts.get(url);
    if (document !== undefined) collectTerms(document, terms);
    termsByContext.set(url, terms);
  }
  return terms;
}

function collectTerms(value: unknown, terms: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) collectTerms(item, terms);
    return;
  }
  if (!value || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value)) {
    if (key === '@context' && child && typeof child === 'object' && !Array.isArray(child)) {
      for (const term of Object.keys(child)) if (!term.startsWith('@')) terms.add(term);
    }
    collectTerms(child, terms);
  }
}

/** An XML Schema dateTime in UTC to the second, as credentials conventionally carry it. */
export function xsdDateTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export const CONTEXTS = {
  credentialsV2: 'https://www.w3.org/ns/credentials/v2',
  credentialsV1: 'https://www.w3.org/2018/credentials/v1',
  ob: 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
  obExtensions: 'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json',
  ed25519Signature2020: 'https://w3id.org/security/suites/ed25519-2020/v1',
  multikey: 'https://w3id.org/security/multikey/v1',
  did: 'https://www.w3.org/ns/did/v1',
  dataIntegrityV2: 'https://w3id.org/security/data-integrity/v2',
} as const;
