/**
 * One collection as one SQLite table `(id, version, doc)`, with an expression
 * index on `json_extract(doc, '$.field')` per declared index. Queries repeat
 * the very same expression so that SQLite's planner uses those indexes.
 *
 * Every name spliced into SQL has passed `validate.ts`; every value is a bound
 * parameter.
 */
import type {SQLInputValue} from 'node:sqlite';
import type {Collection, Document, FindOptions, Scalar, Versioned} from './port.ts';
import {indexName} from './index-names.ts';
import {mapDuplicate, type Row, type SqliteDb} from './sqlite-db.ts';
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

/** Collections get a prefix so that they can never collide with the adapter's own tables. */
export function tableName(collection: string): string {
  return `c_${collection}`;
}

function fieldExpression(field: string): string {
  return field === 'id' ? 'id' : `json_extract(doc, '$.${field}')`;
}

/**
 * JSON true/false come out of json_extract as 1/0, and strings and numbers
 * must not match each other, so each comparison also pins the JSON type.
 */
function condition(field: string, value: Scalar, params: SQLInputValue[]): string {
  const expression = fieldExpression(field);
  if (value === null) return `${expression} IS NULL`;
  if (field === 'id') {
    params.push(value as string);
    return 'id = ?';
  }
  const type = `json_type(doc, '$.${field}')`;
  if (typeof value === 'boolean') {
    params.push(value ? 1 : 0);
    return `${expression} = ? AND ${type} = '${value ? 'true' : 'false'}'`;
  }
  params.push(value);
  return typeof value === 'string'
    ? `${expression} = ? AND ${type} = 'text'`
    : `${expression} = ? AND ${type} IN ('integer', 'real')`;
}

function whereClause(spec: CheckedSpec, filter: Record<string, Scalar>, params: SQLInputValue[]): string {
  const conditions = checkFilter(spec, filter).map(([field, value]) => condition(field, value, params));
  return conditions.length === 0 ? '' : ` WHERE ${conditions.join(' AND ')}`;
}

/** Creates the table and its indexes in one transaction, so a failed unique index leaves nothing behind. */
export function declareSqliteCollection(db: SqliteDb, spec: CheckedSpec): void {
  const table = tableName(spec.name);
  db.transaction(() => {
    db.exec(
      `CREATE TABLE IF NOT EXISTS "${table}" (id TEXT PRIMARY KEY NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL) STRICT`,
    );
    for (const index of spec.indexes) {
      if (isPrimaryKeyIndex(index)) continue;
      const columns = index.fields.map(fieldExpression).join(', ');
      const unique = index.unique === true ? 'UNIQUE ' : '';
      db.exec(`CREATE ${unique}INDEX IF NOT EXISTS "${indexName(`${table}_`, index)}" ON "${table}" (${columns})`);
    }
  });
}

function versioned<T extends Document>(row: Row): Versioned<T> {
  return {doc: JSON.parse(String(row.doc)) as T, version: Number(row.version)};
}

export function sqliteCollection<T extends Document>(db: SqliteDb, spec: CheckedSpec): Collection<T> {
  const table = `"${tableName(spec.name)}"`;

  return {
    name: spec.name,

    async insert(doc) {
      const {json, parsed} = toStoredJson(spec, doc);
      mapDuplicate(spec.name, () => db.run(`INSERT INTO ${table} (id, version, doc) VALUES (?, 1, ?)`, [parsed.id, json]));
      return {doc: parsed, version: 1};
    },

    async get(id) {
      checkId(spec.name, id);
      const row = db.get(`SELECT version, doc FROM ${table} WHERE id = ?`, [id]);
      return row === undefined ? null : versioned<T>(row);
    },

    async find(filter, options: FindOptions = {}) {
      const params: SQLInputValue[] = [];
      const where = whereClause(spec, filter, params);
      const direction = options.descending === true ? 'DESC' : 'ASC';
      const sortField = options.sortBy === undefined ? 'id' : checkSortField(spec, options.sortBy);
      const order =
        sortField === 'id'
          ? ` ORDER BY id ${direction}`
          : ` ORDER BY ${fieldExpression(sortField)} ${direction}, id ${direction}`;
      const limit = checkLimit(options.limit);
      if (limit !== undefined) params.push(limit);
      const sql = `SELECT version, doc FROM ${table}${where}${order}${limit === undefined ? '' : ' LIMIT ?'}`;
      return db.all(sql, params).map((row) => versioned<T>(row));
    },

    async count(filter) {
      const params: SQLInputValue[] = [];
      const row = db.get(`SELECT count(*) AS n FROM ${table}${whereClause(spec, filter, params)}`, params);
      return Number(row?.n ?? 0);
    },

    async update(id, expectedVersion, next) {
      checkId(spec.name, id);
      checkVersion(spec.name, expectedVersion);
      checkNextId(spec, id, next);
      const {json, parsed} = toStoredJson(spec, next);
      const changed = mapDuplicate(spec.name, () =>
        db.run(`UPDATE ${table} SET version = version + 1, doc = ? WHERE id = ? AND version = ?`, [
          json,
          id,
          expectedVersion,
        ]),
      );
      return changed === 1 ? {doc: parsed, version: expectedVersion + 1} : null;
    },

    async delete(id, expectedVersion) {
      checkId(spec.name, id);
      if (expectedVersion !== undefined) checkVersion(spec.name, expectedVersion);
      const changed =
        expectedVersion === undefined
          ? db.run(`DELETE FROM ${table} WHERE id = ?`, [id])
          : db.run(`DELETE FROM ${table} WHERE id = ? AND version = ?`, [id, expectedVersion]);
      return changed === 1;
    },

    async purgeBefore(field, before) {
      const bound = checkPurgeBound(spec, field, before);
      // The same expression as the index, and the JSON type pinned, as in find().
      const type = typeof bound === 'string' ? `= 'text'` : `IN ('integer', 'real')`;
      return db.run(`DELETE FROM ${table} WHERE ${fieldExpression(field)} < ? AND json_type(doc, '$.${field}') ${type}`, [bound]);
    },
  };
}
