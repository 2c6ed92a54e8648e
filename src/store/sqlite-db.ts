/**
 * A thin layer over one `DatabaseSync`: cached prepared statements, short
 * write transactions, and translation of SQLite's unique-constraint errors.
 *
 * `node:sqlite` is synchronous, so everything here runs to completion within
 * one turn of the event loop. That is what makes concurrent async callers
 * safe: no other JavaScript can run between BEGIN and COMMIT, because
 * `transaction` takes a synchronous callback and never awaits.
 */
import {DatabaseSync, type SQLInputValue, type StatementSync} from 'node:sqlite';
import {DuplicateKeyError} from './port.ts';

/** SQLITE_CONSTRAINT_UNIQUE and SQLITE_CONSTRAINT_PRIMARYKEY extended result codes. */
const UNIQUE_VIOLATION_CODES = new Set([2067, 1555]);

const BUSY_TIMEOUT_MS = 5000;

export type Row = Record<string, unknown>;

export interface SqliteDb {
  /** Runs a statement that changes rows; returns how many changed. */
  run(sql: string, params?: SQLInputValue[]): number;
  get(sql: string, params?: SQLInputValue[]): Row | undefined;
  all(sql: string, params?: SQLInputValue[]): Row[];
  exec(sql: string): void;
  /** Runs `work` inside BEGIN IMMEDIATE … COMMIT, rolling back if it throws. */
  transaction<T>(work: () => T): T;
  close(): void;
}

export function openSqliteDb(path: string): SqliteDb {
  const db = new DatabaseSync(path);
  // WAL lets readers proceed while one writer commits; busy_timeout makes a
  // second process wait for the write lock instead of failing at once.
  db.exec('PRAGMA journal_mode = WAL');
  db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.exec('PRAGMA synchronous = NORMAL');
  db.exec('PRAGMA foreign_keys = OFF');

  const statements = new Map<string, StatementSync>();
  let open = true;

  function statement(sql: string): StatementSync {
    if (!open) throw new Error('the SQLite store is closed');
    let prepared = statements.get(sql);
    if (prepared === undefined) {
      prepared = db.prepare(sql);
      statements.set(sql, prepared);
    }
    return prepared;
  }

  return {
    run(sql, params = []) {
      return Number(statement(sql).run(...params).changes);
    },
    get(sql, params = []) {
      return statement(sql).get(...params) as Row | undefined;
    },
    all(sql, params = []) {
      return statement(sql).all(...params) as Row[];
    },
    exec(sql) {
      if (!open) throw new Error('the SQLite store is closed');
      db.exec(sql);
    },
    transaction(work) {
      if (!open) throw new Error('the SQLite store is closed');
      if (db.isTransaction) throw new Error('SQLite transactions do not nest');
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = work();
        db.exec('COMMIT');
        return result;
      } catch (error) {
        if (db.isTransaction) db.exec('ROLLBACK');
        throw error;
      }
    },
    close() {
      if (!open) return;
      open = false;
      statements.clear();
      db.close();
    },
  };
}

export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('errcode' in error)) return false;
  return typeof error.errcode === 'number' && UNIQUE_VIOLATION_CODES.has(error.errcode);
}

/** Runs a write, turning a unique-constraint failure into the port's DuplicateKeyError. */
export function mapDuplicate<T>(collection: string, write: () => T): T {
  try {
    return write();
  } catch (error) {
    if (isUniqueViolation(error)) {
      const message = error instanceof Error ? error.message : String(error);
      throw new DuplicateKeyError(collection, message);
    }
    throw error;
  }
}
