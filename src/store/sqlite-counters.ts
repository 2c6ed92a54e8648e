/**
 * Counters in one SQLite table. `add` is a single INSERT … ON CONFLICT DO
 * UPDATE … RETURNING, which SQLite runs atomically, so processes sharing the
 * file never lose an increment. `expires_at` is NULL for counters that never
 * lapse; every SET expression reads the row as it was before the statement.
 */
import type {CounterState, Counters} from './port.ts';
import type {Row, SqliteDb} from './sqlite-db.ts';
import {checkCounterAdd, checkCounterKey, checkDate} from './validate.ts';

const TABLE = 'counters';

export function declareSqliteCounters(db: SqliteDb): void {
  db.transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS ${TABLE} (key TEXT PRIMARY KEY NOT NULL, value REAL NOT NULL, expires_at INTEGER) STRICT`);
    db.exec(`CREATE INDEX IF NOT EXISTS ${TABLE}_expiry ON ${TABLE} (expires_at) WHERE expires_at IS NOT NULL`);
  });
}

const LAPSED = 'expires_at IS NOT NULL AND expires_at <= ?';

function state(row: Row | undefined): CounterState {
  if (row === undefined) throw new Error('the counter upsert returned no row');
  return {value: Number(row.value), expiresAt: row.expires_at === null ? null : Number(row.expires_at)};
}

export function sqliteCounters(db: SqliteDb): Counters {
  return {
    async add(key, by, options) {
      checkCounterKey(key);
      const checked = checkCounterAdd(by, options.ttlMs);
      const now = options.now === undefined ? Date.now() : checkDate('now', options.now);
      const expiresAt = checked.ttlMs === 0 ? null : now + checked.ttlMs;
      if (options.restart === true) {
        return state(db.get(
          `INSERT INTO ${TABLE} (key, value, expires_at) VALUES (?, ?, ?)
           ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at
           RETURNING value, expires_at`,
          [key, checked.by, expiresAt],
        ));
      }
      return state(db.get(
        `INSERT INTO ${TABLE} (key, value, expires_at) VALUES (?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET
           value = CASE WHEN ${LAPSED} THEN excluded.value ELSE value + excluded.value END,
           expires_at = CASE WHEN ${LAPSED} THEN excluded.expires_at ELSE expires_at END
         RETURNING value, expires_at`,
        [key, checked.by, expiresAt, now, now],
      ));
    },

    async get(key, now = new Date()) {
      checkCounterKey(key);
      const row = db.get(`SELECT value, expires_at FROM ${TABLE} WHERE key = ? AND NOT (${LAPSED})`, [key, checkDate('now', now)]);
      return row === undefined ? null : state(row);
    },

    async delete(key) {
      checkCounterKey(key);
      return db.run(`DELETE FROM ${TABLE} WHERE key = ?`, [key]) === 1;
    },

    async purge(now = new Date()) {
      return db.run(`DELETE FROM ${TABLE} WHERE ${LAPSED}`, [checkDate('now', now)]);
    },
  };
}
