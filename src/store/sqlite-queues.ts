/**
 * Durable queues in one SQLite table. A message is due when its run_at and
 * its lease_until (0 when not leased) have both passed. Leasing is a single
 * UPDATE … RETURNING on the chosen row, which SQLite executes atomically, so
 * two leasers can never receive the same lease.
 *
 * An acknowledged message that carries an idempotency key stays behind as a
 * tombstone (done = 1) so that the key keeps deduplicating after delivery.
 */
import {randomUUID} from 'node:crypto';
import type {QueueMessage, Queues} from './port.ts';
import type {SqliteDb} from './sqlite-db.ts';
import {checkDate, checkLeaseMs, checkQueueName, payloadJson} from './validate.ts';

const TABLE = 'queue_messages';

export function declareSqliteQueues(db: SqliteDb): void {
  db.transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS ${TABLE} (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      queue TEXT NOT NULL,
      payload TEXT NOT NULL,
      run_at INTEGER NOT NULL,
      lease_until INTEGER NOT NULL DEFAULT 0,
      lease_token TEXT,
      attempts INTEGER NOT NULL DEFAULT 0,
      idempotency_key TEXT,
      done INTEGER NOT NULL DEFAULT 0,
      UNIQUE (queue, idempotency_key)
    ) STRICT`);
    db.exec(`CREATE INDEX IF NOT EXISTS ${TABLE}_due ON ${TABLE} (queue, done, run_at, seq)`);
  });
}

export function sqliteQueues(db: SqliteDb): Queues {
  return {
    async enqueue(queue, payload, options = {}) {
      checkQueueName(queue);
      const runAt = options.runAt === undefined ? Date.now() : checkDate('runAt', options.runAt);
      const key = options.idempotencyKey ?? null;
      if (key !== null && typeof key !== 'string') throw new TypeError('idempotencyKey must be a string');
      const id = randomUUID();
      const inserted = db.run(
        `INSERT INTO ${TABLE} (id, queue, payload, run_at, idempotency_key) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (queue, idempotency_key) DO NOTHING`,
        [id, queue, payloadJson(payload), runAt, key],
      );
      if (inserted === 1 || key === null) return id;
      // Rows with a key are never deleted (acks leave tombstones), so the first one is still here.
      const first = db.get(`SELECT id FROM ${TABLE} WHERE queue = ? AND idempotency_key = ?`, [queue, key]);
      if (first === undefined) throw new Error(`queue ${queue}: idempotency key ${key} collided but no message holds it`);
      return String(first.id);
    },

    async lease<P>(queue: string, leaseMs: number, now: Date = new Date()): Promise<QueueMessage<P> | null> {
      checkQueueName(queue);
      const at = checkDate('now', now);
      const token = randomUUID();
      const row = db.get(
        `UPDATE ${TABLE} SET lease_until = ?, lease_token = ?, attempts = attempts + 1
         WHERE seq = (
           SELECT seq FROM ${TABLE}
           WHERE queue = ? AND done = 0 AND run_at <= ? AND lease_until <= ?
           ORDER BY run_at, seq LIMIT 1
         )
         RETURNING id, payload, attempts`,
        [at + checkLeaseMs(leaseMs), token, queue, at, at],
      );
      if (row === undefined) return null;
      return {
        id: String(row.id),
        queue,
        payload: JSON.parse(String(row.payload)) as P,
        attempts: Number(row.attempts) - 1,
        leaseToken: token,
      };
    },

    async ack(message) {
      const params = [message.id, message.leaseToken];
      const tombstoned = db.run(
        `UPDATE ${TABLE} SET done = 1, payload = 'null', lease_token = NULL, lease_until = 0
         WHERE id = ? AND lease_token = ? AND idempotency_key IS NOT NULL`,
        params,
      );
      if (tombstoned === 1) return true;
      return db.run(`DELETE FROM ${TABLE} WHERE id = ? AND lease_token = ? AND idempotency_key IS NULL`, params) === 1;
    },

    async complete(queue, id) {
      checkQueueName(queue);
      const params = [queue, id];
      const tombstoned = db.run(
        `UPDATE ${TABLE} SET done = 1, payload = 'null', lease_token = NULL, lease_until = 0
         WHERE queue = ? AND id = ? AND done = 0 AND idempotency_key IS NOT NULL`,
        params,
      );
      if (tombstoned === 1) return true;
      return db.run(`DELETE FROM ${TABLE} WHERE queue = ? AND id = ? AND idempotency_key IS NULL`, params) === 1;
    },

    async release(message, runAt = new Date()) {
      const at = checkDate('runAt', runAt);
      const changed = db.run(
        `UPDATE ${TABLE} SET run_at = ?, lease_until = 0, lease_token = NULL WHERE id = ? AND lease_token = ? AND done = 0`,
        [at, message.id, message.leaseToken],
      );
      return changed === 1;
    },

    async depths() {
      const rows = db.all(`SELECT queue, count(*) AS n FROM ${TABLE} WHERE done = 0 GROUP BY queue`);
      return Object.fromEntries(rows.map((row) => [String(row.queue), Number(row.n)]));
    },
  };
}
