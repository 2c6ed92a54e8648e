import {createHash} from 'node:crypto';
import jsonld from 'jsonld-shared-contexts';
import * as rdfCanonize from 'rdf-canonize';
import {isPinnedContext} from './contexts.ts';

/**
 * RDF Dataset Canonicalization (RDFC-1.0) for signing and verifying, as the
 * eddsa-rdfc-2022 cryptosuite and Ed25519Signature2020 do it, made cheap:
 *
 * - JSON-LD runs on `jsonld-shared-contexts`, jsonld.js 9.0.0 with
 *   patches/jsonld-shared-contexts+9.0.0.patch: active contexts share term
 *   definitions instead of deep-cloning them on every node, which was
 *   nearly all of the time. The output is the library's own;
 *   test/credentials/differential.test.ts holds it equal to unpatched jsonld.
 * - The canonical form is a pure function of the document once its contexts
 *   are pinned (they are never fetched and never change), so it is
 *   remembered by digest: a status list or a credential seen again costs a
 *   hash. Signatures, keys, dates and status are still checked every time.
 */
export type CanonizeOptions = Record<string, unknown> & {documentLoader?: unknown};

/** Expansion with the same JSON-LD processor canonicalisation uses. */
export const sharedContextJsonld = jsonld;

/** The same defaults as @digitalbazaar/eddsa-rdfc-2022-cryptosuite's and jsonld-signatures' canonize. */
async function canonizeUncached(input: unknown, given: CanonizeOptions): Promise<string> {
  const options = {algorithm: 'RDFC-1.0', format: 'application/n-quads', base: null, safe: true, ...given};
  const {format: _format, ...toRdfOptions} = {rdfDirection: 'i18n-datatype', ...options, produceGeneralizedRdf: false};
  const dataset = await jsonld.toRDF(input, toRdfOptions);
  return rdfCanonize.canonize(dataset, options);
}

const MAX_REMEMBERED = 4096;
const remembered = new Map<string, string>();

/** Only documents whose every context is a pinned URL: then no loader can change what they mean. */
function pinnedOnly(input: unknown): boolean {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return false;
  const context = (input as {'@context'?: unknown})['@context'];
  const entries = Array.isArray(context) ? context : [context];
  return entries.length > 0 && entries.every((entry) => typeof entry === 'string' && isPinnedContext(entry));
}

function digestOf(input: unknown, options: CanonizeOptions): string {
  const {documentLoader: _loader, ...settings} = options;
  return createHash('sha256').update(JSON.stringify([input, settings])).digest('base64');
}

export async function canonizeRdfc(input: unknown, options: CanonizeOptions = {}): Promise<string> {
  if (!pinnedOnly(input)) return canonizeUncached(input, options);
  const key = digestOf(input, options);
  const known = remembered.get(key);
  if (known !== undefined) return known;
  const canonical = await canonizeUncached(input, options);
  if (remembered.size >= MAX_REMEMBERED) remembered.delete(remembered.keys().next().value as string);
  remembered.set(key, canonical);
  return canonical;
}
