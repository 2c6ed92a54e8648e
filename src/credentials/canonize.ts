import jsonld from 'jsonld-shared-contexts';
import * as rdfCanonize from 'rdf-canonize';
import {deepFreeze, exactJson} from '../json.ts';
import {definedTerms, isPinnedContext, pinnedContextLoader} from './contexts.ts';
import type {Quad} from './canonical-template.ts';
import {ExpansionTemplates} from './expansion-template.ts';
import {compileTemplate, fillTemplate, templateInput} from './proof-options-template.ts';

/**
 * RDF Dataset Canonicalization (RDFC-1.0) for signing and verifying, as the
 * eddsa-rdfc-2022 cryptosuite and Ed25519Signature2020 do it, made cheap:
 *
 * - JSON-LD runs on `jsonld-shared-contexts`, jsonld.js 9.0.0 with
 *   patches/jsonld-shared-contexts+9.0.0.patch: active contexts share term
 *   definitions instead of deep-cloning them on every node, which was
 *   nearly all of the time. The output is the library's own;
 *   test/credentials/differential.test.ts holds it equal to unpatched jsonld.
 * - A document whose contexts are all pinned means one thing whatever
 *   loader is used (pinned contexts are never fetched and never change), so
 *   documents of one shape share templates compiled from the full algorithm
 *   (expansion-template.ts, canonical-template.ts): later documents of the
 *   shape fill in their own strings. Canonical forms are also remembered by
 *   JSON text, so a status list or credential seen again costs a lookup;
 *   a document no template serves keeps its expansion for the graph check.
 *   Keys, signatures, dates and status are still checked every time.
 */
export type CanonizeOptions = Record<string, unknown> & {documentLoader?: unknown};

/**
 * Bounded memory, oldest out first (Map iterates in insertion order). The
 * weight is the size of the JSON it came from: hostile credentials as large
 * as the input limits allow must not pile up.
 */
class Remembered<T> {
  readonly #entries = new Map<string, {value: T; weight: number}>();
  readonly #maxWeight: number;
  #weight = 0;
  constructor(maxWeight: number) {
    this.#maxWeight = maxWeight;
  }
  get(key: string): T | undefined {
    return this.#entries.get(key)?.value;
  }
  set(key: string, value: T, weight: number): void {
    if (weight > this.#maxWeight / 16 || this.#entries.has(key)) return;
    for (const [oldest, entry] of this.#entries) {
      if (this.#weight + weight <= this.#maxWeight) break;
      this.#entries.delete(oldest);
      this.#weight -= entry.weight;
    }
    this.#entries.set(key, {value, weight});
    this.#weight += weight;
  }
}

const MIB = 1024 * 1024;
const canonicalForms = new Remembered<string>(16 * MIB);
/** The graph check asks right after canonicalisation, so little is needed. */
const expansions = new Remembered<unknown[]>(4 * MIB);

/** Only documents whose every context is a pinned URL: then no loader can change what they mean. */
function pinnedOnly(input: unknown): boolean {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return false;
  const context = (input as {'@context'?: unknown})['@context'];
  const entries = Array.isArray(context) ? context : [context];
  return entries.length > 0 && entries.every((entry) => typeof entry === 'string' && isPinnedContext(entry));
}

/**
 * The JSON text itself is the key: a Map hashes and compares it faster than
 * SHA-256 can digest it, and equal text is a stronger match than an equal
 * digest. Kept keys count twice in the weight (key and value are both held).
 * undefined when JSON text cannot tell the document from another (exactJson):
 * such a document is never remembered.
 */
function digestOf(value: unknown): {key: string; weight: number} | undefined {
  const json = exactJson(value);
  return json === undefined ? undefined : {key: json, weight: 2 * json.length};
}


/** Expansion as canonicalisation does it (safe mode, no base: relative IRIs are errors). */
const EXPANSION_OPTIONS = {base: null, safe: true};
/** The rest of canonicalisation with the options the suites pass, as canonizeUncached spells them out. */
const RDFC_OPTIONS = {algorithm: 'RDFC-1.0', format: 'application/n-quads', ...EXPANSION_OPTIONS};
const RDF_OPTIONS = {rdfDirection: 'i18n-datatype', algorithm: 'RDFC-1.0', ...EXPANSION_OPTIONS, produceGeneralizedRdf: false, documentLoader: pinnedContextLoader};

/** Terms of a document's pinned contexts, by its context list: an IRI that names one stays in the template's shape. */
const termsByContexts = new Map<string, ReadonlySet<string>>();
const MAX_CONTEXT_LISTS = 64;

function termsOf(document: Record<string, unknown>): ReadonlySet<string> {
  const urls = [document['@context']].flat() as string[];
  const key = urls.join(' ');
  let terms = termsByContexts.get(key);
  if (!terms) {
    terms = new Set(urls.flatMap((url) => [...definedTerms(url)]));
    if (termsByContexts.size >= MAX_CONTEXT_LISTS) termsByContexts.clear();
    termsByContexts.set(key, terms);
  }
  return terms;
}

function expandFully(document: unknown): Promise<unknown[]> {
  return jsonld.expand(document, {...EXPANSION_OPTIONS, documentLoader: pinnedContextLoader});
}

const expansionTemplates = new ExpansionTemplates({
  expand: expandFully,
  toRdf: (expanded) => jsonld.toRDF(expanded, {...RDF_OPTIONS, skipExpansion: true}) as Promise<Quad[]>,
});

/**
 * The expanded form of a document with pinned contexts, as canonicalisation
 * computes it: from its shape's template, else remembered (frozen). Rejects as jsonld.expand does.
 */
export async function expandPinned(document: Record<string, unknown>): Promise<unknown[]> {
  if (!pinnedOnly(document)) return expandFully(document);
  return (await expansionTemplates.expand(document, termsOf(document))) ?? expandRemembered(document, digestOf(document));
}

async function expandRemembered(document: Record<string, unknown>, digest: {key: string; weight: number} | undefined): Promise<unknown[]> {
  if (!digest) return expandFully(document);
  const {key, weight} = digest;
  const known = expansions.get(key);
  if (known) return known;
  const expanded = deepFreeze(await expandFully(document));
  // An expansion is a few times larger than its JSON.
  expansions.set(key, expanded, 4 * weight);
  return expanded;
}

/** The options the suites pass (or defaults to them): only then is expandPinned the expansion toRDF would do. */
function standardOptions(options: CanonizeOptions): boolean {
  return Object.entries(options).every(([name, value]) => {
    if (name === 'documentLoader') return true;
    if (name === 'skipExpansion') return !value;
    return (EXPANSION_OPTIONS as Record<string, unknown>)[name] === value || (name === 'algorithm' && value === 'RDFC-1.0') || (name === 'format' && value === 'application/n-quads');
  });
}

/** The same defaults as @digitalbazaar/eddsa-rdfc-2022-cryptosuite's and jsonld-signatures' canonize. */
async function canonizeUncached(input: unknown, given: CanonizeOptions, expanded?: unknown[]): Promise<string> {
  const options = {algorithm: 'RDFC-1.0', format: 'application/n-quads', base: null, safe: true, ...given};
  const {format: _format, ...toRdfOptions} = {rdfDirection: 'i18n-datatype', ...options, produceGeneralizedRdf: false};
  const dataset = expanded ? await jsonld.toRDF(expanded, {...toRdfOptions, skipExpansion: true}) : await jsonld.toRDF(input, toRdfOptions);
  return rdfCanonize.canonize(dataset, options);
}

/** Proof-option shapes → their template, or null when the shape must take the full algorithm. */
const templates = new Map<string, ReturnType<typeof compileTemplate> | null>();
const MAX_TEMPLATES = 256;

/** The canonical form of proof options through proof-options-template.ts, or undefined to use the full algorithm. */
async function fromTemplate(input: unknown): Promise<string | undefined> {
  const shape = templateInput(input);
  if (!shape) return undefined;
  let template = templates.get(shape.shape);
  if (template === undefined) {
    try {
      template = compileTemplate(await canonizeUncached(shape.sentinelDocument, {documentLoader: pinnedContextLoader}), shape.scheme) ?? null;
    } catch {
      template = null;
    }
    if (templates.size >= MAX_TEMPLATES) templates.delete(templates.keys().next().value as string);
    templates.set(shape.shape, template);
  }
  return template ? fillTemplate(template, shape) : undefined;
}

/** With the standard options: from the shape's templates, else from the (remembered) expansion. */
async function canonizeStandard(document: Record<string, unknown>, digest: {key: string; weight: number} | undefined): Promise<string> {
  const terms = termsOf(document);
  const templated = await expansionTemplates.canonize(document, terms);
  if (templated !== undefined) return templated;
  const expanded = (await expansionTemplates.expand(document, terms)) ?? (await expandRemembered(document, digest));
  return rdfCanonize.canonize(await jsonld.toRDF(expanded, {...RDF_OPTIONS, skipExpansion: true}), RDFC_OPTIONS);
}

export async function canonizeRdfc(input: unknown, given: CanonizeOptions = {}): Promise<string> {
  // Contexts are never fetched: a caller without a loader of its own gets the pinned contexts.
  const options = {...given, documentLoader: given.documentLoader ?? pinnedContextLoader};
  // Other options (or other contexts) may change the answer: only the standard one is remembered or templated.
  if (!pinnedOnly(input) || !standardOptions(options)) return canonizeUncached(input, options);
  const templated = await fromTemplate(input);
  if (templated !== undefined) return templated;
  // One serialisation keys both the canonical form and the expansion.
  const document = digestOf(input);
  const known = document && canonicalForms.get(document.key);
  if (known !== undefined) return known;
  const canonical = await canonizeStandard(input as Record<string, unknown>, document);
  if (document) canonicalForms.set(document.key, canonical, document.weight + canonical.length);
  return canonical;
}

/** Expansion with the same JSON-LD processor, for callers with options of their own. */
export const sharedContextJsonld = jsonld;
