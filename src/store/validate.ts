/**
 * Input checks shared by every storage adapter. Names end up inside SQL text
 * and MongoDB index keys, and filter values may come from HTTP requests, so
 * both are checked here once, before any adapter builds a query.
 */
import type {SearchEntry, SearchOptions, CollectionSpec, Document, IndexSpec, Scalar} from './port.ts';

const COLLECTION_NAME = /^[a-z][a-z0-9_]*$/;
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const MAX_NAME_LENGTH = 64;

export function checkCollectionName(name: unknown): string {
  if (typeof name !== 'string' || !COLLECTION_NAME.test(name) || name.length > MAX_NAME_LENGTH) {
    throw new Error(
      `invalid collection name ${JSON.stringify(name)}: expected ${COLLECTION_NAME.source}, at most ${MAX_NAME_LENGTH} characters`,
    );
  }
  return name;
}

export function checkFieldName(collection: string, field: unknown): string {
  if (typeof field !== 'string' || !FIELD_NAME.test(field) || field.length > MAX_NAME_LENGTH) {
    throw new Error(
      `invalid field name ${JSON.stringify(field)} in collection ${collection}: expected ${FIELD_NAME.source}, at most ${MAX_NAME_LENGTH} characters`,
    );
  }
  return field;
}

/** A collection spec whose names have been checked, with the set of fields a filter may use. */
export interface CheckedSpec {
  name: string;
  indexes: IndexSpec[];
  /** Every field named by some index, plus `id` (always indexed as the primary key). */
  queryable: ReadonlySet<string>;
}

export function checkSpec(spec: CollectionSpec): CheckedSpec {
  const name = checkCollectionName(spec.name);
  const queryable = new Set<string>(['id']);
  const indexes = spec.indexes.map((index) => {
    if (index.fields.length === 0) throw new Error(`an index of collection ${name} names no fields`);
    const fields = index.fields.map((field) => checkFieldName(name, field));
    if (new Set(fields).size !== fields.length) {
      throw new Error(`an index of collection ${name} repeats a field: ${fields.join(', ')}`);
    }
    for (const field of fields) queryable.add(field);
    return {fields, unique: index.unique === true};
  });
  return {name, indexes, queryable};
}

/** True for an index that only restates the primary key, which every adapter already has. */
export function isPrimaryKeyIndex(index: IndexSpec): boolean {
  return index.fields.length === 1 && index.fields[0] === 'id';
}

function isScalar(value: unknown): value is Scalar {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  return typeof value === 'number' && Number.isFinite(value);
}

/**
 * Rejects filters on undeclared fields (they would scan the whole collection)
 * and non-scalar values (a MongoDB operator object such as `{$ne: null}` must
 * never reach a query).
 */
export function checkFilter(spec: CheckedSpec, filter: Record<string, Scalar>): Array<[string, Scalar]> {
  const entries = Object.entries(filter);
  for (const [field, value] of entries) {
    if (!spec.queryable.has(field)) {
      throw new Error(
        `cannot filter collection ${spec.name} on ${JSON.stringify(field)}: it is not an indexed field (indexed: ${[...spec.queryable].join(', ')})`,
      );
    }
    if (!isScalar(value)) {
      throw new TypeError(`filter value for ${spec.name}.${field} must be a string, finite number, boolean or null`);
    }
    if (field === 'id' && typeof value !== 'string') {
      throw new TypeError(`filter value for ${spec.name}.id must be a string`);
    }
  }
  return entries;
}

export function checkSortField(spec: CheckedSpec, field: string): string {
  if (!spec.queryable.has(field)) {
    throw new Error(`cannot sort collection ${spec.name} by ${JSON.stringify(field)}: it is not an indexed field`);
  }
  return field;
}

/** The bound of purgeBefore: a string or a finite number, compared only with values of its own type. */
export function checkPurgeBound(spec: CheckedSpec, field: string, before: unknown): string | number {
  if (!spec.queryable.has(field) || field === 'id') {
    throw new Error(`cannot purge collection ${spec.name} by ${JSON.stringify(field)}: it is not an indexed field`);
  }
  if (typeof before === 'string' || (typeof before === 'number' && Number.isFinite(before))) return before;
  throw new TypeError(`purgeBefore takes a string or a finite number, got ${typeof before}`);
}

export function checkLimit(limit: number | undefined): number | undefined {
  if (limit === undefined) return undefined;
  if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError(`limit must be a non-negative integer, got ${limit}`);
  return limit;
}

/**
 * Normalises a document to its JSON form (what every adapter stores and
 * returns) and checks that its id is a non-empty string and that indexed
 * fields hold scalars, so both adapters index exactly the same values.
 */
export function toStoredJson<T extends Document>(spec: CheckedSpec, doc: T): {json: string; parsed: T} {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new TypeError(`a document of collection ${spec.name} must be a JSON object`);
  }
  const json = JSON.stringify(doc);
  const parsed: unknown = JSON.parse(json);
  if (typeof parsed !== 'object' || parsed === null) throw new TypeError(`a document of collection ${spec.name} must be a JSON object`);
  const record = parsed as Record<string, unknown>;
  if (typeof record.id !== 'string' || record.id.length === 0) {
    throw new TypeError(`a document of collection ${spec.name} needs a non-empty string id`);
  }
  for (const field of spec.queryable) {
    const value = record[field];
    if (value !== undefined && !isScalar(value)) {
      throw new TypeError(`${spec.name}.${field} is indexed and must hold a string, number, boolean or null`);
    }
  }
  return {json, parsed: parsed as T};
}

export function checkNextId(spec: CheckedSpec, id: string, next: Document): void {
  if (next.id !== id) {
    throw new Error(`update of ${spec.name}/${id} must keep the id, got ${JSON.stringify(next.id)}`);
  }
}

export function checkLeaseMs(leaseMs: number): number {
  if (!Number.isFinite(leaseMs) || leaseMs <= 0) throw new RangeError(`leaseMs must be a positive number, got ${leaseMs}`);
  return leaseMs;
}

export function checkQueueName(queue: unknown): string {
  if (typeof queue !== 'string' || queue.length === 0) throw new TypeError('a queue name must be a non-empty string');
  return queue;
}

export function checkDate(label: string, date: Date): number {
  const ms = date instanceof Date ? date.getTime() : Number.NaN;
  if (!Number.isFinite(ms)) throw new TypeError(`${label} must be a valid Date`);
  return ms;
}

/** The JSON form of a queue payload; `undefined` is stored as null. */
export function payloadJson(payload: unknown): string {
  return JSON.stringify(payload) ?? 'null';
}

/** Ids and versions reach MongoDB queries directly, so an object here could be an operator. */
export function checkId(collection: string, id: unknown): string {
  if (typeof id !== 'string') throw new TypeError(`an id in collection ${collection} must be a string`);
  return id;
}

export function checkVersion(collection: string, version: unknown): number {
  if (typeof version !== 'number' || !Number.isSafeInteger(version)) {
    throw new TypeError(`an expected version in collection ${collection} must be an integer`);
  }
  return version;
}

/** Words a search query is read as, at most this many. */
export const MAX_SEARCH_TERMS = 16;
const MAX_TERM_LENGTH = 64;
const MAX_SEARCH_LIMIT = 500;

/**
 * A query as the words both adapters search for: letters and digits only
 * (everything else separates words, so no query syntax ever reaches the
 * engine), lowercased, accents removed, deduplicated.
 */
export function searchTerms(query: string): string[] {
  if (typeof query !== 'string') throw new TypeError('a search query is a string');
  const words = query.slice(0, 4096).normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words.map((word) => word.slice(0, MAX_TERM_LENGTH)))].slice(0, MAX_SEARCH_TERMS);
}

export function checkSearchEntry(entry: SearchEntry): SearchEntry {
  if (typeof entry.id !== 'string' || entry.id === '' || entry.id.length > 1024) throw new TypeError('a search entry needs an id of 1 to 1024 characters');
  if (typeof entry.type !== 'string' || !/^[a-z][a-z0-9-]{0,31}$/.test(entry.type)) throw new TypeError(`search entry type ${JSON.stringify(entry.type)} is not a lowercase name`);
  if (typeof entry.title !== 'string' || typeof entry.text !== 'string') throw new TypeError('a search entry has a string title and text');
  if (typeof entry.data !== 'object' || entry.data === null || Array.isArray(entry.data)) throw new TypeError('a search entry has an object as data');
  return {id: entry.id, type: entry.type, title: entry.title.slice(0, 1000), text: entry.text.slice(0, 100_000), data: JSON.parse(JSON.stringify(entry.data)) as Record<string, unknown>};
}

export function checkSearchOptions(options: SearchOptions): {type: string | undefined; limit: number; offset: number} {
  const limit = options.limit;
  const offset = options.offset ?? 0;
  if (!Number.isSafeInteger(limit) || limit < 0 || limit > MAX_SEARCH_LIMIT) throw new RangeError(`a search limit is 0 to ${MAX_SEARCH_LIMIT}, got ${limit}`);
  if (!Number.isSafeInteger(offset) || offset < 0) throw new RangeError(`a search offset is a non-negative integer, got ${offset}`);
  if (options.type !== undefined && typeof options.type !== 'string') throw new TypeError('a search type is a string');
  return {type: options.type, limit, offset};
}

const MAX_COUNTER_KEY = 512;

export function checkCounterKey(key: unknown): string {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_COUNTER_KEY) {
    throw new TypeError(`a counter key must be a non-empty string of at most ${MAX_COUNTER_KEY} characters`);
  }
  return key;
}

export function checkCounterAdd(by: unknown, ttlMs: unknown): {by: number; ttlMs: number} {
  if (typeof by !== 'number' || !Number.isFinite(by)) throw new TypeError(`a counter increment must be a finite number, got ${String(by)}`);
  if (typeof ttlMs !== 'number' || !Number.isSafeInteger(ttlMs) || ttlMs < 0) throw new RangeError(`ttlMs must be a non-negative integer, got ${String(ttlMs)}`);
  return {by, ttlMs};
}
