/**
 * Input checks shared by every storage adapter. Names end up inside SQL text
 * and MongoDB index keys, and filter values may come from HTTP requests, so
 * both are checked here once, before any adapter builds a query.
 */
import type {CollectionSpec, Document, IndexSpec, Scalar} from './port.ts';

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
