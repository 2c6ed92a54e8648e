/**
 * Chooses and opens a storage adapter from `HALLMARK_DATABASE_URL`.
 */
import {chmod, mkdir, open} from 'node:fs/promises';
import {join, resolve} from 'node:path';
import type {Store} from './port.ts';
import {DEFAULT_MONGODB_DATABASE} from './mongodb-defaults.ts';

export type DatabaseTarget =
  | {kind: 'sqlite'; path: string}
  | {kind: 'mongodb'; uri: string; dbName: string};


const ACCEPTED_FORMS =
  'leave it unset (SQLite in the data directory), or use sqlite:<path>, sqlite::memory:, mongodb://… or mongodb+srv://…';

function badUrl(url: string, problem: string): Error {
  // Credentials may sit in a MongoDB URI; name the scheme only.
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:/.exec(url)?.[0] ?? 'the value';
  return new Error(`HALLMARK_DATABASE_URL is invalid (${scheme} ${problem}): ${ACCEPTED_FORMS}`);
}

/** MongoDB's own rules for database names, plus non-empty. */
function checkMongoDbName(url: string, name: string): string {
  if (name.length === 0 || name.length > 63 || /[/\\. "$*<>:|?\0]/.test(name)) {
    throw badUrl(url, `names an invalid database ${JSON.stringify(name)}`);
  }
  return name;
}

/**
 * The database name is the URI path, as the driver reads it. Multi-host URIs
 * (`mongodb://a:1,b:2/db`) are not WHATWG URLs, so the path is cut out by hand:
 * in a MongoDB URI the first `/` after the scheme starts it.
 */
function mongoDbName(url: string, afterScheme: string): string {
  const slash = afterScheme.indexOf('/');
  if (slash < 0) return DEFAULT_MONGODB_DATABASE;
  const rawPath = afterScheme.slice(slash + 1).split('?')[0];
  if (rawPath === '') return DEFAULT_MONGODB_DATABASE;
  let name: string;
  try {
    name = decodeURIComponent(rawPath);
  } catch {
    throw badUrl(url, 'has a malformed database name');
  }
  return checkMongoDbName(url, name);
}

/** Parses the setting without touching the filesystem or the network. */
export function parseDatabaseUrl(databaseUrl: string | undefined, dataDir: string): DatabaseTarget {
  const url = databaseUrl?.trim() ?? '';
  if (url === '') return {kind: 'sqlite', path: join(resolve(dataDir), 'hallmark.sqlite')};

  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (path === '') throw badUrl(url, 'names no file');
    if (path === ':memory:') return {kind: 'sqlite', path};
    // `sqlite://host/…` reads like a URL with a host, which this form has none of.
    if (path.startsWith('//') && !path.startsWith('///')) throw badUrl(url, 'looks like it names a host');
    return {kind: 'sqlite', path: resolve(path)};
  }

  for (const scheme of ['mongodb://', 'mongodb+srv://']) {
    if (url.startsWith(scheme)) {
      const afterScheme = url.slice(scheme.length);
      if (afterScheme === '' || afterScheme.startsWith('/')) throw badUrl(url, 'names no host');
      return {kind: 'mongodb', uri: url, dbName: mongoDbName(url, afterScheme)};
    }
  }

  throw badUrl(url, 'is not a supported database');
}

export async function openStore(databaseUrl: string | undefined, dataDir: string): Promise<Store> {
  const target = parseDatabaseUrl(databaseUrl, dataDir);
  if (target.kind === 'mongodb') {
    // Loaded only when asked for, so the embedded default does not pay for the driver.
    const {openMongoStore} = await import('./mongodb.ts');
    return openMongoStore(target.uri, target.dbName);
  }
  if (databaseUrl === undefined || databaseUrl.trim() === '') {
    // The data directory also holds key material, hence owner-only access.
    await mkdir(resolve(dataDir), {recursive: true, mode: 0o700});
  }
  if (target.path !== ':memory:') await ownerOnly(target.path);
  const {openSqliteStore} = await import('./sqlite.ts');
  return openSqliteStore(target.path);
}

/**
 * The database holds sealed keys and token hashes: create it 0600 before
 * SQLite does (SQLite gives its -wal and -shm files the database's mode),
 * and tighten files an earlier release or another tool left wider, whoever
 * made the directory they sit in.
 */
async function ownerOnly(path: string): Promise<void> {
  const created = await open(path, 'a', 0o600);
  await created.close();
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    try {
      await chmod(file, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}
