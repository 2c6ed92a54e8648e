/**
 * Preload (`node --import`) for the crash-point suite: kills the process
 * with SIGKILL right after the k-th write to SQLite, k taken from
 * HALLMARK_CRASH_AFTER_WRITES (HALLMARK_CRASH_TRACE=1 lists the writes). Counting starts once the file named by
 * HALLMARK_CRASH_ARM_FILE exists, so start-up and set-up writes are not
 * counted. No code of the service changes: this wraps node:sqlite itself.
 */
import {existsSync} from 'node:fs';
import {DatabaseSync, StatementSync} from 'node:sqlite';

let armed = false;
let writes = 0;

const WRITE = /^\s*(INSERT|UPDATE|DELETE|REPLACE|COMMIT)\b/i;

function afterWrite(sql: string): void {
  if (!WRITE.test(sql)) return;
  // Read at each write: a warm server (crash-server.ts) is told its k after this module loaded.
  if (!armed && !(armed = existsSync(process.env.HALLMARK_CRASH_ARM_FILE ?? ''))) return;
  const limit = Number(process.env.HALLMARK_CRASH_AFTER_WRITES ?? '0') || Number.POSITIVE_INFINITY;
  writes++;
  if (process.env.HALLMARK_CRASH_TRACE) process.stderr.write(`write ${writes}: ${sql.replace(/\s+/g, ' ').slice(0, 90)}\n`);
  if (writes >= limit) process.kill(process.pid, 'SIGKILL');
}

for (const method of ['run', 'get', 'all'] as const) {
  const original = StatementSync.prototype[method] as (...args: unknown[]) => unknown;
  Object.defineProperty(StatementSync.prototype, method, {
    value(this: StatementSync, ...args: unknown[]) {
      const result = original.apply(this, args);
      afterWrite(this.sourceSQL);
      return result;
    },
  });
}

const exec = DatabaseSync.prototype.exec;
DatabaseSync.prototype.exec = function (this: DatabaseSync, sql: string) {
  exec.call(this, sql);
  // Outside a transaction, each statement commits by itself; inside, the COMMIT is the write.
  if (!this.isTransaction) afterWrite(sql);
};
