/**
 * Online backup and restore of the embedded SQLite database.
 *
 * A backup is `VACUUM INTO`: SQLite writes a consistent snapshot of the
 * database as one transaction sees it, while other connections (other
 * processes) keep writing; copying the files of a live WAL database is not
 * (what the WAL holds would be missing or torn). The master secret is never
 * part of it. MongoDB deployments use `mongodump` instead (README).
 */
import {DatabaseSync} from 'node:sqlite';
import {copyFile, mkdir, open, rm, stat} from 'node:fs/promises';
import {dirname, resolve} from 'node:path';
import type {DatabaseTarget} from '../store/open.ts';

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

const MONGODB_ADVICE =
  'HALLMARK_DATABASE_URL names MongoDB: back it up with `mongodump --uri … --oplog` (a replica set, so the dump is one point in time) ' +
  'and restore with `mongorestore --oplogReplay`; see "Running in production" in the README';

/** Writes a consistent copy of the live database to `file` (which must not exist), readable by its owner only. */
export async function backupDatabase(target: DatabaseTarget, file: string): Promise<{bytes: number}> {
  if (target.kind === 'mongodb') throw new BackupError(MONGODB_ADVICE);
  if (target.path === ':memory:') throw new BackupError('an in-memory database has nothing to back up');
  await stat(target.path).catch(() => {
    throw new BackupError(`no database at ${target.path}`);
  });
  const out = resolve(file);
  // VACUUM INTO accepts an empty file: creating it first gives it mode 0600 and refuses to overwrite.
  const created = await open(out, 'wx', 0o600).catch((error: NodeJS.ErrnoException) => {
    throw new BackupError(error.code === 'EEXIST' ? `${out} exists already; a backup never overwrites a file` : `cannot create ${out}: ${error.code ?? error.message}`);
  });
  await created.close();
  const db = new DatabaseSync(target.path, {readOnly: true});
  try {
    db.exec('PRAGMA busy_timeout = 10000');
    db.prepare('VACUUM INTO ?').run(out);
  } catch (error) {
    await rm(out, {force: true});
    throw new BackupError(`the backup failed: ${(error as Error).message}`);
  } finally {
    db.close();
  }
  return {bytes: (await stat(out)).size};
}

/** Puts a backup in place as the database of an empty data directory, after checking it is a whole Hallmark database. */
export async function restoreDatabase(target: DatabaseTarget, file: string): Promise<void> {
  if (target.kind === 'mongodb') throw new BackupError(MONGODB_ADVICE);
  if (target.path === ':memory:') throw new BackupError('cannot restore into an in-memory database');
  const source = resolve(file);
  checkBackup(source);
  for (const existing of [target.path, `${target.path}-wal`]) {
    if (await stat(existing).then(() => true, () => false)) {
      throw new BackupError(`${existing} exists: restore only into an empty data directory (move the old database away first)`);
    }
  }
  await mkdir(dirname(target.path), {recursive: true, mode: 0o700});
  const placed = await open(target.path, 'wx', 0o600).catch((error: NodeJS.ErrnoException) => {
    throw new BackupError(`cannot create ${target.path}: ${error.code ?? error.message}`);
  });
  await placed.close();
  try {
    await copyFile(source, target.path);
  } catch (error) {
    await rm(target.path, {force: true});
    throw new BackupError(`cannot copy the backup: ${(error as Error).message}`);
  }
}

function checkBackup(path: string): void {
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(path, {readOnly: true});
  } catch (error) {
    throw new BackupError(`${path} cannot be opened as a database: ${(error as Error).message}`);
  }
  try {
    const integrity = db.prepare('PRAGMA integrity_check').all().map((row) => String(Object.values(row)[0]));
    if (integrity.length !== 1 || integrity[0] !== 'ok') throw new BackupError(`${path} is damaged: ${integrity.slice(0, 3).join('; ')}`);
    const tables = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((row) => String(row.name)));
    if (!tables.has('c_issuers') || !tables.has('queue_messages')) throw new BackupError(`${path} is not a Hallmark database`);
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw new BackupError(`${path} is not a readable database: ${(error as Error).message}`);
  } finally {
    db.close();
  }
}
