import {createHash} from 'node:crypto';
import * as rdfCanonize from 'rdf-canonize';

/**
 * RDFC-1.0 canonical N-Quads from a template of a shape's RDF dataset
 * (expansion-template.ts decides where a document's strings go). The quads
 * of documents of one shape differ only in the IRIs and literal values the
 * strings fill in; what the full algorithm then does is cheap to do here:
 * - blank nodes are labelled from their first-degree hashes, exactly as
 *   RDFC-1.0 (and rdf-canonize) does when every hash is unique: sorted
 *   hashes give c14n0, c14n1, …; with one blank node no hash is needed;
 * - quads are serialised by rdf-canonize's own N-Quads serialiser, sorted
 *   and joined as it does.
 * Where that would not be the full algorithm's answer the caller takes the
 * full algorithm: two blank nodes with the same first-degree hash (they need
 * the n-degree hash), and two filled quads that serialise alike (JSON-LD
 * would have merged or kept them by rules of its own).
 */
export interface Term {
  termType: string;
  value: string;
  datatype?: {termType: string; value: string};
  language?: string;
}

export interface Quad {
  subject: Term;
  predicate: Term;
  object: Term;
  graph: Term;
}

/** A quad term, with the index of the document string that fills its value. */
interface TermTemplate {
  term: Term;
  slot?: number;
}

type QuadTemplateRow = [TermTemplate, TermTemplate, TermTemplate, TermTemplate];

export interface CanonicalTemplate {
  quads: QuadTemplateRow[];
  /** Blank node labels, and the quads each appears in. */
  blankNodes: Map<string, number[]>;
}

/** Where a sentinel value goes: its slot, 'foreign' when the text holds a sentinel but is not one, undefined otherwise. */
export type SlotOf = (text: string) => number | 'foreign' | undefined;

/** A template of `dataset` (made from sentinels), or undefined when any sentinel landed where its value could matter. */
export function compileCanonicalTemplate(dataset: Quad[], slotOf: SlotOf): CanonicalTemplate | undefined {
  const blankNodes = new Map<string, number[]>();
  const quads: QuadTemplateRow[] = [];
  let clean = true;
  const termTemplate = (term: Term, index: number, fillable: boolean): TermTemplate => {
    if (term.termType === 'BlankNode') {
      const appearances = blankNodes.get(term.value) ?? [];
      if (appearances[appearances.length - 1] !== index) appearances.push(index);
      blankNodes.set(term.value, appearances);
      return {term};
    }
    const slot = slotOf(term.value);
    const foreign = [term.datatype?.value, term.language].some((text) => text !== undefined && slotOf(text) !== undefined);
    if (foreign || slot === 'foreign' || (slot !== undefined && !fillable)) clean = false;
    return typeof slot === 'number' ? {term, slot} : {term};
  };
  dataset.forEach((quad, index) => {
    // Generalised RDF (a blank node as predicate) is never asked for; refuse rather than mislabel it.
    if (quad.predicate.termType !== 'NamedNode') clean = false;
    quads.push([
      termTemplate(quad.subject, index, true),
      termTemplate(quad.predicate, index, false),
      // A literal carries the string verbatim unless it is a JSON literal, which re-serialises it.
      termTemplate(quad.object, index, quad.object.datatype?.value !== RDF_JSON),
      termTemplate(quad.graph, index, true),
    ]);
  });
  return clean ? {quads, blankNodes} : undefined;
}

const RDF_JSON = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON';

function filled(template: TermTemplate, values: readonly string[], label?: (blank: string) => string): Term {
  if (template.slot !== undefined) return {...template.term, value: values[template.slot]};
  if (label && template.term.termType === 'BlankNode') return {termType: 'BlankNode', value: label(template.term.value)};
  return template.term;
}

function serialise(row: QuadTemplateRow, values: readonly string[], label?: (blank: string) => string): string {
  const [subject, predicate, object, graph] = row;
  return rdfCanonize.NQuads.serializeQuadComponents(filled(subject, values, label), predicate.term, filled(object, values, label), filled(graph, values, label));
}

/** The canonical N-Quads of the template filled with `values`, or undefined when the full algorithm must decide. */
export function canonicalFromTemplate(template: CanonicalTemplate, values: readonly string[]): string | undefined {
  const labels = canonicalLabels(template, values);
  if (!labels) return undefined;
  const lines = template.quads.map((row) => serialise(row, values, (blank) => labels.get(blank) as string));
  if (new Set(lines).size !== lines.length) return undefined;
  return lines.sort().join('');
}

function canonicalLabels(template: CanonicalTemplate, values: readonly string[]): Map<string, string> | undefined {
  const blanks = [...template.blankNodes.keys()];
  if (blanks.length <= 1) return new Map(blanks.map((blank) => [blank, 'c14n0']));
  const byHash = new Map<string, string>();
  for (const [blank, appearances] of template.blankNodes) {
    const hash = firstDegreeHash(template, values, blank, appearances);
    if (byHash.has(hash)) return undefined;
    byHash.set(hash, blank);
  }
  const labels = new Map<string, string>();
  for (const hash of [...byHash.keys()].sort()) labels.set(byHash.get(hash) as string, `c14n${labels.size}`);
  return labels;
}

/** RDFC-1.0's Hash First Degree Quads: the node's quads with itself as _:a and other blank nodes as _:z. */
function firstDegreeHash(template: CanonicalTemplate, values: readonly string[], blank: string, appearances: number[]): string {
  const own = (label: string) => (label === blank ? 'a' : 'z');
  const lines = appearances.map((index) => serialise(template.quads[index], values, own)).sort();
  const hash = createHash('sha256');
  for (const line of lines) hash.update(line);
  return hash.digest('hex');
}
