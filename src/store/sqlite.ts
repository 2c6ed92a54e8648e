/**
 * The embedded default adapter: the storage port over `node:sqlite`.
 */
import type {CollectionSpec, Document, Store} from './port.ts';
import {declareSqliteCollection, sqliteCollection} from './sqlite-collection.ts';
import {openSqliteDb} from './sqlite-db.ts';
import {declareSqliteQueues, sqliteQueues} from './sqlite-queues.ts';
import {declareSqliteCounters, sqliteCounters} from './sqlite-counters.ts';
import {checkSpec} from './validate.ts';

/** Opens (creating if needed) a SQLite store at `path`; `:memory:` gives a private in-memory one. */
export async function openSqliteStore(path: string): Promise<Store> {
  const db = openSqliteDb(path);
  try {
    declareSqliteQueues(db);
    declareSqliteCounters(db);
  } catch (error) {
    db.close();
    throw error;
  }

  const declared = new Map<string, string>();
  return {
    async collection<T extends Document>(spec: CollectionSpec) {
      const checked = checkSpec(spec);
      // Declaring is idempotent but takes the write lock; once per spec and process is enough.
      const key = JSON.stringify(checked.indexes);
      if (declared.get(checked.name) !== key) {
        declareSqliteCollection(db, checked);
        declared.set(checked.name, key);
      }
      return sqliteCollection<T>(db, checked);
    },
    queues: sqliteQueues(db),
    counters: sqliteCounters(db),
    async ping() {
      db.get('SELECT 1');
    },
    async close() {
      db.close();
    },
  };
}
