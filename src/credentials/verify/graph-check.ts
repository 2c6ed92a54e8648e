import {expandPinned, sharedContextJsonld as jsonld} from '../canonize.ts';
import {pinnedContextLoader} from '../contexts.ts';
import {describeJsonLdError} from './context-check.ts';
import {abbreviate, asArray, isObject, type JsonObject} from './json.ts';

/**
 * Graph consistency, the second half of the `context` stage (for embedded
 * proofs and VC-JWTs alike). The signature covers the JSON-LD graph; the stages read the JSON.
 * key-shape.ts refuses the ways we know to make the two differ (IRI keys,
 * keywords, inline contexts), but a pinned context could itself define an
 * alias (a second term for credentialStatus, an @nest, an @included), and
 * then a signed status or expiry would be in the graph and not where the
 * JSON stages look. So the credential is expanded once (pinned contexts,
 * safe mode) and what the stages read is compared with what the graph says,
 * for the statements a verdict rests on: the credential's id, issuer,
 * validity dates and status entries. Statements about the credential are
 * gathered from every node object that names it, since JSON-LD merges them.
 * Expansion errors are not judged here: canonicalisation in the proof stage
 * meets the same error and reports it.
 */
const CREDENTIALS = 'https://www.w3.org/2018/credentials#';
const STATUS = 'https://www.w3.org/ns/credentials/status#';

/**
 * Credential properties the validity stage reads (the VC contexts put them all in the credentials vocabulary),
 * with their IRIs: built once, since a key built afresh for every lookup must be looked up in the string table first.
 */
const DATE_PROPERTIES = ['validFrom', 'validUntil', 'issuanceDate', 'expirationDate'].map((property) => [property, `${CREDENTIALS}${property}`]);

/** Status entry properties the status stage reads, with their IRIs. */
const ENTRY_PROPERTIES = ['statusPurpose', 'statusListIndex', 'statusListCredential', 'statusSize'].map((property) => [property, `${STATUS}${property}`]);

const ISSUER = `${CREDENTIALS}issuer`;
const CREDENTIAL_STATUS = `${CREDENTIALS}credentialStatus`;
const STATUS_MESSAGE = `${STATUS}statusMessage`;
const MESSAGE_PROPERTIES = ['status', 'message'].map((property) => [property, `${STATUS}${property}`]);

const NO_ID = '(a node without id)';

/**
 * Every node object in the expanded document, by @id; JSON-LD merges those
 * that share one. Loops, not push(...spread): a spread of a large array
 * overflows the call stack.
 */
function nodesById(expanded: unknown): Map<string, JsonObject[]> {
  const nodes = new Map<string, JsonObject[]>();
  const pending: unknown[] = [expanded];
  while (pending.length > 0) {
    const value = pending.pop();
    if (Array.isArray(value)) {
      // Only objects and arrays can hold node objects: strings (ids, types) are not pushed.
      for (const item of value) if (typeof item === 'object' && item !== null) pending.push(item);
      continue;
    }
    if (!isObject(value) || '@value' in value) continue;
    const id = value['@id'];
    if (typeof id === 'string') {
      const described = nodes.get(id);
      if (described) described.push(value);
      else nodes.set(id, [value]);
    }
    for (const child of Object.values(value)) if (typeof child === 'object' && child !== null) pending.push(child);
  }
  return nodes;
}

/** One expanded value as text: a literal's value, a node's @id. */
function graphText(value: unknown): string {
  if (!isObject(value)) return JSON.stringify(value) ?? String(value);
  if ('@value' in value) return typeof value['@value'] === 'string' ? value['@value'] : JSON.stringify(value['@value']);
  if (typeof value['@id'] === 'string') return value['@id'];
  return NO_ID;
}

/** One JSON value as the stages read it, in the same terms as graphText. */
function jsonText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (isObject(value)) return typeof value.id === 'string' ? value.id : NO_ID;
  return JSON.stringify(value) ?? String(value);
}

const SHOWN_VALUES = 3;

function describe(values: string[]): string {
  if (values.length === 0) return 'nothing';
  const shown = values.slice(0, SHOWN_VALUES).map((value) => JSON.stringify(abbreviate(value)));
  if (values.length > SHOWN_VALUES) shown.push(`${values.length - SHOWN_VALUES} more`);
  return shown.join(' and ');
}

/** The same values, in any order: JSON-LD values are sets unless declared lists. */
function same(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  if (a.length <= 1) return a[0] === b[0];
  const sortedB = [...b].sort();
  return [...a].sort().every((value, index) => value === sortedB[index]);
}

class Descriptions {
  readonly #nodes: Map<string, JsonObject[]>;
  constructor(nodes: Map<string, JsonObject[]>) {
    this.#nodes = nodes;
  }

  /** Every node object describing `node` (the node itself when it has no @id to share). */
  of(node: JsonObject): JsonObject[] {
    return typeof node['@id'] === 'string' ? (this.#nodes.get(node['@id']) ?? [node]) : [node];
  }

  values(node: JsonObject, iri: string): unknown[] {
    const values: unknown[] = [];
    for (const description of this.of(node)) {
      const value = description[iri];
      if (Array.isArray(value)) for (const item of value) values.push(item);
      else if (value !== undefined && value !== null) values.push(value);
    }
    return values;
  }
}

function mismatch(what: string, graph: string, json: string): string {
  return `The JSON puts ${what} where a reader cannot see it; the signed graph says ${graph}, while the JSON the checks read says ${json}.`;
}

function compareValues(what: string, graph: unknown[], json: unknown[], problems: string[]): void {
  const graphValues = graph.map(graphText);
  const jsonValues = json.map(jsonText);
  if (same(graphValues, jsonValues)) return;
  if (graphValues.length === 0) {
    // The key means something else in the graph: the checks would read a statement nobody signed as such.
    problems.push(`The JSON's ${what} (${describe(jsonValues)}) is not in the signed graph as ${what}; the checks would read what the signature does not say.`);
  } else {
    problems.push(mismatch(what, describe(graphValues), describe(jsonValues)));
  }
}

function compareStatus(credential: JsonObject, node: JsonObject, descriptions: Descriptions, problems: string[]): void {
  const graphEntries = descriptions.values(node, CREDENTIAL_STATUS);
  const jsonEntries = asArray(credential.credentialStatus);
  if (graphEntries.length !== jsonEntries.length) {
    const count = (n: number) => `${n} credentialStatus entr${n === 1 ? 'y' : 'ies'}`;
    problems.push(mismatch('credentialStatus', count(graphEntries.length), count(jsonEntries.length)));
    return;
  }
  // Expansion keeps the order of array values, so entries pair up by position.
  jsonEntries.forEach((json, index) => {
    const graph = graphEntries[index];
    // A non-object entry (an IRI) leaves the status unknown in the status stage: nothing to hide there.
    if (!isObject(json) || !isObject(graph)) return;
    const where = jsonEntries.length === 1 ? 'the credentialStatus entry' : `credentialStatus entry ${index + 1}`;
    compareValues(`the id of ${where}`, typeof graph['@id'] === 'string' ? [graph] : [], json.id === undefined ? [] : [json.id], problems);
    for (const [property, iri] of ENTRY_PROPERTIES) {
      compareValues(`${property} of ${where}`, descriptions.values(graph, iri), asArray(json[property]), problems);
    }
    compareStatusMessages(where, descriptions.values(graph, STATUS_MESSAGE), asArray(json.statusMessage), descriptions, problems);
  });
}

/** A message entry's verdict comes from its statusMessage: each message must be the one signed for its status. */
function compareStatusMessages(where: string, graph: unknown[], json: unknown[], descriptions: Descriptions, problems: string[]): void {
  if (graph.length !== json.length) {
    problems.push(mismatch(`statusMessage of ${where}`, `${graph.length} messages`, `${json.length} messages`));
    return;
  }
  json.forEach((message, index) => {
    const node = graph[index];
    if (!isObject(message) || !isObject(node)) return;
    for (const [property, iri] of MESSAGE_PROPERTIES) {
      compareValues(`${property} of statusMessage ${index + 1} of ${where}`, descriptions.values(node, iri), asArray(message[property]), problems);
    }
  });
}

function expand(document: JsonObject): Promise<unknown[]> {
  return jsonld.expand(document, {documentLoader: pinnedContextLoader, safe: true});
}

/** Compares the credential's JSON with its expanded graph; one sentence per disagreement. */
function compareWithGraph(credential: JsonObject, expanded: unknown[]): string[] {
  if (expanded.length !== 1 || !isObject(expanded[0])) {
    return [`The JSON-LD document holds ${expanded.length} top-level nodes, not one credential: statements in the others are signed but no check reads them.`];
  }
  const node = expanded[0];
  const descriptions = new Descriptions(nodesById(expanded));
  const problems: string[] = [];
  compareValues('the credential id', typeof node['@id'] === 'string' ? [node] : [], credential.id === undefined ? [] : [credential.id], problems);
  compareValues('the issuer', descriptions.values(node, ISSUER), asArray(credential.issuer), problems);
  for (const [property, iri] of DATE_PROPERTIES) {
    compareValues(property, descriptions.values(node, iri), asArray(credential[property]), problems);
  }
  compareStatus(credential, node, descriptions, problems);
  return problems;
}

/**
 * For embedded proofs: compares the credential's JSON with its expanded
 * graph; returns one sentence per disagreement, [] when they agree or when
 * the document cannot be expanded (the proof stage reports that).
 */
export async function findHiddenStatements(credential: JsonObject): Promise<string[]> {
  // What an embedded proof signs is the document without its proof (the proof is hashed apart, as options),
  // and no check reads statements from the proof: leaving it out halves the cost of expansion.
  const {proof: _proof, ...document} = credential;
  // It runs once the proof has verified, so canonicalisation has just expanded this very document:
  // with its contexts pinned, the expansion is the one the signature covers, and it is reused.
  let expanded: unknown[];
  try {
    expanded = await expandPinned(document);
  } catch {
    return [];
  }
  return compareWithGraph(credential, expanded);
}

/**
 * For VC-JWTs. A JWT signs bytes, not the graph, so nothing canonicalises
 * it: the one safe-mode expansion here both refuses terms no context
 * defines (what canonicalisation refuses for embedded proofs) and finds
 * statements hidden from the JSON stages — the graph is what a JSON-LD
 * consumer of the credential reads, whatever signed it.
 */
export async function checkJwtGraph(credential: JsonObject): Promise<{undefinedTerms?: string; hidden: string[]}> {
  let expanded: unknown[];
  try {
    expanded = await expand(credential);
  } catch (error) {
    return {undefinedTerms: describeJsonLdError(error), hidden: []};
  }
  return {hidden: compareWithGraph(credential, expanded)};
}
