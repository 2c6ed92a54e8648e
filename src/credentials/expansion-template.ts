import {randomBytes} from 'node:crypto';
import {LRUCache} from 'lru-cache';
import {canonicalFromTemplate, compileCanonicalTemplate, type CanonicalTemplate, type Quad} from './canonical-template.ts';

/**
 * JSON-LD expansion compiled from the pinned contexts, one template per
 * document shape. Credentials an issuer signs, and that verifiers see from
 * one issuer, share a shape: the same keys, types, contexts, numbers and
 * array lengths, with different strings. For such a shape the full algorithm
 * runs once, on a copy whose strings are replaced by sentinels; later
 * documents of the shape get that expansion with their own strings put back
 * where the sentinels landed.
 *
 * That equals expanding the document only where a string's value cannot
 * change how anything expands, which is checked on the template, not assumed:
 * - strings that steer expansion are part of the shape, not sentinels:
 *   `type` values (they select type-scoped contexts), strings under keywords
 *   other than `@id` and `@value`, and every nested `@context` (a document
 *   with one is not templated at all);
 * - a sentinel must land exactly once, as the whole value of `@id` or
 *   `@value`, and nothing else in the expansion may contain one (a string
 *   that was coerced, vocabulary-expanded, aliased as a type or put in a
 *   JSON literal would show up changed or elsewhere);
 * - a string that is an absolute IRI is replaced by a sentinel of the same
 *   scheme (part of the shape), so a context term named like the scheme
 *   would have turned the sentinel into something else; other strings get a
 *   sentinel that is no IRI at all, and may only land as a literal;
 * - an IRI that a pinned context defines as a term stays in the shape.
 * test/credentials/expansion-template.test.ts compares it with stock
 * jsonld.js over generated documents, hostile strings included.
 */
export interface JsonLdProcessor {
  expand(document: Record<string, unknown>): Promise<unknown[]>;
  /** The RDF dataset of an expanded document, as canonicalisation makes it. */
  toRdf(expanded: unknown[]): Promise<Quad[]>;
}

type Leaf = {text: string; iri: boolean};

interface Template {
  expanded: unknown[];
  /** Sentinel text → index of the document string it stands for. */
  slots: Map<string, number>;
  /** Compiled the first time a document of the shape is canonicalised; false when it cannot be. */
  canonical?: CanonicalTemplate | false;
}

/** Unguessable per process, so no document can contain a sentinel. */
const NONCE = randomBytes(12).toString('hex');
const IRI = /^([A-Za-z][A-Za-z0-9+.-]*):[A-Za-z0-9._~:/?#@!$&'()*+,;=%-]+$/;

function sentinel(index: number, leaf: Leaf): string {
  if (!leaf.iri) return `hallmark ${NONCE} ${index}`;
  return `${leaf.text.slice(0, leaf.text.indexOf(':'))}:hallmark-${NONCE}-${index}`;
}

/** Strings under these keys steer expansion (or are not data), so they belong to the shape. */
function steers(key: string): boolean {
  return key === 'type' || (key.startsWith('@') && key !== '@id' && key !== '@value');
}

interface Shaped {
  key: string;
  leaves: Leaf[];
  /** The document with its strings replaced by sentinels, when asked for. */
  sentinelDocument?: unknown;
}

/**
 * The shape of a document and its strings, in the order the shape lists them;
 * undefined when the document holds a nested @context (its terms could make
 * any string mean something else), a `__proto__` key or a number that is not
 * finite. One walk decides both, so the sentinel
 * copy always matches the shape.
 */
function shapeOf(document: Record<string, unknown>, terms: ReadonlySet<string>, withSentinels = false): Shaped | undefined {
  const leaves: Leaf[] = [];
  const parts: string[] = [];
  const string = (text: string, constant: boolean): string => {
    const iri = IRI.exec(text);
    if (constant || (iri && terms.has(text))) {
      parts.push(JSON.stringify(text));
      return text;
    }
    const leaf = {text, iri: iri !== null};
    leaves.push(leaf);
    parts.push(iri ? `#i${iri[1]}` : '#t');
    return withSentinels ? sentinel(leaves.length - 1, leaf) : text;
  };
  let untemplatable = false;
  const walk = (value: unknown, constant: boolean, top: boolean): unknown => {
    if (untemplatable) return value;
    if (typeof value === 'string') return string(value, constant);
    if (Array.isArray(value)) {
      parts.push('[');
      const items: unknown[] = [];
      for (const item of value) {
        items.push(walk(item, constant, false));
        parts.push(',');
      }
      parts.push(']');
      return withSentinels ? items : value;
    }
    if (value && typeof value === 'object') {
      parts.push('{');
      const copy: Record<string, unknown> = {};
      for (const key of Object.keys(value)) {
        const child = (value as Record<string, unknown>)[key];
        parts.push(JSON.stringify(key), ':');
        if (key === '@context' || key === '__proto__') {
          // A copy could not hold an own __proto__ (assignment sets the prototype): such a document is never templated.
          untemplatable ||= !top || key === '__proto__';
          parts.push(JSON.stringify(child));
          copy[key] = child;
        } else copy[key] = walk(child, steers(key), false);
        parts.push(',');
      }
      parts.push('}');
      return withSentinels ? copy : value;
    }
    // JSON.stringify spells -0 as 0 and Infinity as null; JSON-LD tells them apart.
    if (typeof value === 'number' && !Number.isFinite(value)) untemplatable = true;
    parts.push(Object.is(value, -0) ? '-0' : JSON.stringify(value));
    return value;
  };
  const sentinelDocument = walk(document, false, true);
  if (untemplatable) return undefined;
  return {key: parts.join(''), leaves, ...(withSentinels ? {sentinelDocument} : {})};
}

/** Documents with the same key share a template (undefined: never templated). */
export function shapeKey(document: Record<string, unknown>, terms: ReadonlySet<string>): string | undefined {
  return shapeOf(document, terms)?.key;
}

/** Where each sentinel landed, or undefined when any landed where its value could matter. */
function slotsOf(expanded: unknown, leaves: Leaf[]): Map<string, number> | undefined {
  const wanted = new Map(leaves.map((leaf, index) => [sentinel(index, leaf), index]));
  const slots = new Map<string, number>();
  let clean = true;
  const visit = (value: unknown, parentKey: string | undefined): void => {
    if (!clean) return;
    if (typeof value === 'string') {
      if (!value.includes(NONCE)) return;
      const index = wanted.get(value);
      const allowed = parentKey === '@value' || (parentKey === '@id' && index !== undefined && leaves[index].iri);
      if (index === undefined || !allowed || slots.has(value)) clean = false;
      else slots.set(value, index);
    } else if (Array.isArray(value)) for (const item of value) visit(item, parentKey);
    else if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (key.includes(NONCE)) clean = false;
        visit(child, key);
      }
    }
  };
  visit(expanded, undefined);
  return clean && slots.size === leaves.length ? slots : undefined;
}

function fill(value: unknown, template: Template, leaves: Leaf[]): unknown {
  if (typeof value === 'string') {
    const index = template.slots.get(value);
    return index === undefined ? value : leaves[index].text;
  }
  if (Array.isArray(value)) return value.map((item) => fill(item, template, leaves));
  if (value && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) copy[key] = fill(child, template, leaves);
    return copy;
  }
  return value;
}

const MIB = 1024 * 1024;
/** Credentials have small shapes (long strings such as data: URLs are leaves); a huge one is not worth keeping. */
const MAX_SHAPE = 256 * 1024;
const MAX_LEAVES = 4096;

/** Which document of a shape was seen: the same one again (canonicalised, then graph-checked) is no second sighting. */
function leavesId(leaves: Leaf[]): string {
  return leaves.map((leaf) => leaf.text).join('\u0000');
}

/**
 * Compiles a shape when a second, different document of it comes: a stream of
 * one-off shapes (hostile or not) then costs a walk each, not an extra expansion.
 */
export class ExpansionTemplates {
  readonly #processor: JsonLdProcessor;
  readonly #seen = new LRUCache<string, string>({maxSize: 8 * MIB, sizeCalculation: (id, key) => key.length + id.length + 1});
  readonly #templates = new LRUCache<string, Template | false>({max: 256, maxSize: 64 * MIB});

  constructor(processor: JsonLdProcessor) {
    this.#processor = processor;
  }

  /** The document's expansion from its shape's template; undefined when it must take the full algorithm. */
  async expand(document: Record<string, unknown>, terms: ReadonlySet<string>): Promise<unknown[] | undefined> {
    const found = await this.#template(document, terms);
    return found && (fill(found.template.expanded, found.template, found.leaves) as unknown[]);
  }

  /** The document's canonical N-Quads from its shape's templates; undefined when it must take the full algorithm. */
  async canonize(document: Record<string, unknown>, terms: ReadonlySet<string>): Promise<string | undefined> {
    const found = await this.#template(document, terms);
    if (!found) return undefined;
    const {template, leaves} = found;
    if (template.canonical === undefined) template.canonical = await this.#compileCanonical(template);
    return template.canonical ? canonicalFromTemplate(template.canonical, leaves.map((leaf) => leaf.text)) : undefined;
  }

  async #template(document: Record<string, unknown>, terms: ReadonlySet<string>): Promise<{template: Template; leaves: Leaf[]} | undefined> {
    const shaped = shapeOf(document, terms);
    if (!shaped || shaped.key.length > MAX_SHAPE || shaped.leaves.length > MAX_LEAVES) return undefined;
    let template = this.#templates.get(shaped.key);
    if (template === undefined) {
      const id = leavesId(shaped.leaves);
      const seen = this.#seen.get(shaped.key);
      if (seen === undefined || seen === id) {
        this.#seen.set(shaped.key, id);
        return undefined;
      }
      template = await this.#compile(document, terms);
      // What a template holds (its expansion, later its quads) is several times its expansion's JSON.
      const size = shaped.key.length + (template ? 6 * JSON.stringify(template.expanded).length : 0) + 1;
      this.#templates.set(shaped.key, template, {size});
    }
    return template ? {template, leaves: shaped.leaves} : undefined;
  }

  async #compile(document: Record<string, unknown>, terms: ReadonlySet<string>): Promise<Template | false> {
    const {leaves, sentinelDocument} = shapeOf(document, terms, true) as Shaped;
    let expanded: unknown[];
    try {
      expanded = await this.#processor.expand(sentinelDocument as Record<string, unknown>);
    } catch {
      // The document itself may still expand (a sentinel can be refused where its value is not): the full algorithm decides.
      return false;
    }
    const slots = slotsOf(expanded, leaves);
    return slots ? {expanded, slots} : false;
  }

  async #compileCanonical(template: Template): Promise<CanonicalTemplate | false> {
    // Filled-in ids can merge nodes the template kept apart, and JSON-LD refuses to merge nodes whose @index differ.
    if (JSON.stringify(template.expanded).includes('"@index"')) return false;
    let dataset: Quad[];
    try {
      dataset = await this.#processor.toRdf(template.expanded);
    } catch {
      return false;
    }
    const slotOf = (text: string) => template.slots.get(text) ?? (text.includes(NONCE) ? 'foreign' : undefined);
    return compileCanonicalTemplate(dataset, slotOf) ?? false;
  }
}
