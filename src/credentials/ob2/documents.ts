import {DocumentUnavailableError, type DocumentResolver} from '../documents.ts';
import {isObject, type JsonObject} from '../../json.ts';
import {quote} from '../verify/json.ts';

/**
 * Following an OB 2.0 reference (`badge`, `issuer`, a key, a revocation
 * list): an http(s) IRI is fetched, through the verification's resolver
 * (store, offline map or hardened fetcher); an object without an http(s)
 * id is the document itself. A fetched document is the one at its own id:
 * when it declares another, that one is fetched instead (1EdTech's validator
 * does the same, with a warning).
 */
export type Followed =
  | {kind: 'found'; document: JsonObject; url: string | undefined; warnings: string[]}
  | {kind: 'unavailable'; reason: string}
  | {kind: 'malformed'; reason: string};

export async function follow(resolver: DocumentResolver, reference: unknown, what: string): Promise<Followed> {
  const url = httpUrl(reference) ?? (isObject(reference) ? httpUrl(reference.id) : undefined);
  if (url === undefined) {
    if (isObject(reference)) return {kind: 'found', document: reference, url: undefined, warnings: []};
    return {kind: 'malformed', reason: `the ${what} ${quote(reference)} is neither an http(s) URL nor an embedded document`};
  }
  const first = await fetchObject(resolver, url, what);
  if (first.kind !== 'found') return first;
  const declared = first.document.id;
  if (typeof declared !== 'string' || declared === url || httpUrl(declared) === undefined) return first;
  const second = await fetchObject(resolver, declared, what);
  if (second.kind !== 'found') return second;
  if (second.document.id !== declared) return {kind: 'malformed', reason: `the ${what} at ${quote(url)} names ${quote(declared)} as its id, and the document there does not`};
  return {...second, warnings: [`The ${what} was linked as ${quote(url)} but its id is ${quote(declared)}; the document at its id was used.`]};
}

export async function fetchObject(resolver: DocumentResolver, url: string, what: string): Promise<Followed> {
  let document: unknown;
  try {
    document = await resolver.resolve(url);
  } catch (error) {
    if (error instanceof DocumentUnavailableError) return {kind: 'unavailable', reason: `the ${what} at ${quote(url)} could not be obtained: ${error.reason}`};
    throw error;
  }
  if (!isObject(document)) return {kind: 'malformed', reason: `the ${what} at ${quote(url)} is not a JSON object`};
  return {kind: 'found', document, url, warnings: []};
}

export function httpUrl(value: unknown): string | undefined {
  return typeof value === 'string' && /^https?:\/\/\S+$/i.test(value) ? value : undefined;
}
