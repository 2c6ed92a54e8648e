/**
 * One collection as one MongoDB collection of `{_id: id, version, doc}`
 * records. Keeping the document under `doc` means its own fields can never
 * clash with `_id` or `version`; declared indexes are on `doc.<field>`.
 *
 * Filters always use `$eq`, and `validate.ts` has already rejected anything
 * but scalars, so a request body can never smuggle in a query operator.
 */
import type {Collection as MongoCollection, Db, Filter, IndexSpecification, Sort} from 'mongodb';
import {DuplicateKeyError, type Collection, type Document, type FindOptions, type IndexSpec, type Scalar, type Versioned} from './port.ts';
import {indexName} from './index-names.ts';
import {
  checkFilter,
  checkId,
  checkLimit,
  checkNextId,
  checkPurgeBound,
  checkSortField,
  checkVersion,
  isPrimaryKeyIndex,
  toStoredJson,
  type CheckedSpec,
} from './validate.ts';

export interface StoredRecord {
  _id: string;
  version: number;
  doc: Record<string, unknown>;
}

const DUPLICATE_KEY = 11000;

export function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === DUPLICATE_KEY;
}

function path(field: string): string {
  return field === 'id' ? '_id' : `doc.${field}`;
}

/**
 * Unique indexes ignore documents whose fields are null or missing, as SQL
 * unique indexes do; the partial filter admits only the scalar types an
 * indexed field may otherwise hold.
 */
function uniqueOnlyWhenPresent(index: IndexSpec): Record<string, unknown> {
  return Object.fromEntries(index.fields.map((field) => [path(field), {$type: ['string', 'number', 'bool']}]));
}

/**
 * Each declared index becomes a query index `{fields…, _id}` (the `_id` makes
 * the id tie-break of a sort free) and, when unique, a separate partial unique
 * index on the fields alone that carries the constraint.
 */
export async function declareMongoCollection(db: Db, spec: CheckedSpec): Promise<void> {
  const collection = db.collection<StoredRecord>(spec.name);
  const created = new Set<string>();
  for (const index of spec.indexes) {
    if (isPrimaryKeyIndex(index)) continue;
    const keys: Array<[string, 1]> = index.fields.map((field) => [path(field), 1]);
    const queryIndex = indexName('q_', {fields: index.fields});
    if (!created.has(queryIndex)) {
      const withId: Array<[string, 1]> = index.fields.includes('id') ? keys : [...keys, ['_id', 1]];
      await collection.createIndex(withId as IndexSpecification, {name: queryIndex});
      created.add(queryIndex);
    }
    if (index.unique === true) {
      await collection.createIndex(keys as IndexSpecification, {
        name: indexName('u_', index),
        unique: true,
        partialFilterExpression: uniqueOnlyWhenPresent(index),
      });
    }
  }
}

function mongoFilter(spec: CheckedSpec, filter: Record<string, Scalar>): Filter<StoredRecord> {
  const query: Record<string, unknown> = {};
  for (const [field, value] of checkFilter(spec, filter)) query[path(field)] = {$eq: value};
  return query as Filter<StoredRecord>;
}

function versioned<T extends Document>(record: StoredRecord): Versioned<T> {
  return {doc: record.doc as T, version: record.version};
}

async function mapDuplicate<T>(collection: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isDuplicateKey(error)) {
      const message = error instanceof Error ? error.message : String(error);
      throw new DuplicateKeyError(collection, message);
    }
    throw error;
  }
}

export function mongoCollection<T extends Document>(db: Db, spec: CheckedSpec): Collection<T> {
  const records: MongoCollection<StoredRecord> = db.collection<StoredRecord>(spec.name);
  const projection = {_id: 0, version: 1, doc: 1};

  return {
    name: spec.name,

    async insert(doc) {
      const {json, parsed} = toStoredJson(spec, doc);
      const stored = JSON.parse(json) as Record<string, unknown>;
      await mapDuplicate(spec.name, () => records.insertOne({_id: parsed.id, version: 1, doc: stored}));
      return {doc: parsed, version: 1};
    },

    async get(id) {
      checkId(spec.name, id);
      const record = await records.findOne({_id: id}, {projection});
      return record === null ? null : versioned<T>(record);
    },

    async find(filter, options: FindOptions = {}) {
      const query = mongoFilter(spec, filter);
      const direction = options.descending === true ? -1 : 1;
      const sortField = options.sortBy === undefined ? 'id' : checkSortField(spec, options.sortBy);
      const sort: Sort = sortField === 'id' ? {_id: direction} : {[path(sortField)]: direction, _id: direction};
      const limit = checkLimit(options.limit);
      // MongoDB reads limit 0 as "no limit"; the port means "nothing".
      if (limit === 0) return [];
      let cursor = records.find(query, {projection}).sort(sort);
      if (limit !== undefined) cursor = cursor.limit(limit);
      const found = await cursor.toArray();
      return found.map((record) => versioned<T>(record));
    },

    async count(filter) {
      return records.countDocuments(mongoFilter(spec, filter));
    },

    async update(id, expectedVersion, next) {
      checkId(spec.name, id);
      checkVersion(spec.name, expectedVersion);
      checkNextId(spec, id, next);
      const {json, parsed} = toStoredJson(spec, next);
      const stored = JSON.parse(json) as Record<string, unknown>;
      // A whole-record replacement guarded by the version is the compare-and-set.
      const result = await mapDuplicate(spec.name, () =>
        records.replaceOne({_id: id, version: expectedVersion}, {version: expectedVersion + 1, doc: stored}),
      );
      return result.matchedCount === 1 ? {doc: parsed, version: expectedVersion + 1} : null;
    },

    async delete(id, expectedVersion) {
      checkId(spec.name, id);
      if (expectedVersion !== undefined) checkVersion(spec.name, expectedVersion);
      const filter: Filter<StoredRecord> = expectedVersion === undefined ? {_id: id} : {_id: id, version: expectedVersion};
      const result = await records.deleteOne(filter);
      return result.deletedCount === 1;
    },

    async purgeBefore(field, before) {
      const bound = checkPurgeBound(spec, field, before);
      // $lt compares within one BSON type bracket: strings with strings, numbers with numbers, as the port says.
      const result = await records.deleteMany({[path(field)]: {$lt: bound}} as Filter<StoredRecord>);
      return result.deletedCount;
    },
  };
}
