import assert from 'node:assert/strict';
import {mkdtemp, rm, stat} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {openStore, parseDatabaseUrl} from '../../src/store/open.ts';

describe('parseDatabaseUrl', () => {
  it('defaults to hallmark.sqlite in the data directory', () => {
    assert.deepEqual(parseDatabaseUrl(undefined, '/var/lib/hallmark'), {kind: 'sqlite', path: '/var/lib/hallmark/hallmark.sqlite'});
    assert.deepEqual(parseDatabaseUrl('  ', 'data'), {kind: 'sqlite', path: resolve('data', 'hallmark.sqlite')});
  });

  it('reads sqlite: paths relative to the working directory, absolute paths and :memory:', () => {
    assert.deepEqual(parseDatabaseUrl('sqlite:db/x.sqlite', '/d'), {kind: 'sqlite', path: resolve('db/x.sqlite')});
    assert.deepEqual(parseDatabaseUrl('sqlite:/srv/x.sqlite', '/d'), {kind: 'sqlite', path: '/srv/x.sqlite'});
    assert.deepEqual(parseDatabaseUrl('sqlite:///srv/x.sqlite', '/d'), {kind: 'sqlite', path: '/srv/x.sqlite'});
    assert.deepEqual(parseDatabaseUrl('sqlite::memory:', '/d'), {kind: 'sqlite', path: ':memory:'});
  });

  it('reads the MongoDB database name from the URI path, defaulting to hallmark', () => {
    const cases: Array<[string, string]> = [
      ['mongodb://localhost', 'hallmark'],
      ['mongodb://localhost:27017/', 'hallmark'],
      ['mongodb://localhost:27017/badges', 'badges'],
      ['mongodb://user:p%40ss@a:1,b:2,c:3/prod?replicaSet=rs0&w=majority', 'prod'],
      ['mongodb://a:1,b:2/?replicaSet=rs0', 'hallmark'],
      ['mongodb+srv://user:pw@cluster0.example.net/hall_mark?retryWrites=true', 'hall_mark'],
    ];
    for (const [uri, dbName] of cases) {
      assert.deepEqual(parseDatabaseUrl(uri, '/d'), {kind: 'mongodb', uri, dbName}, uri);
    }
  });

  it('rejects anything else, naming the setting and the accepted forms', () => {
    const bad = [
      'postgres://localhost/hallmark',
      'mysql:x',
      '/var/lib/hallmark.sqlite',
      'sqlite:',
      'sqlite://host/db.sqlite',
      'mongodb://',
      'mongodb:///nohost',
      'mongodb://localhost/bad.name',
      'mongodb://localhost/bad%2Fname',
      'mongodb://localhost/%E0%A4%A',
      'MONGODB://localhost',
      'https://example.org',
    ];
    for (const url of bad) {
      assert.throws(
        () => parseDatabaseUrl(url, '/d'),
        (error: unknown) =>
          error instanceof Error &&
          error.message.includes('HALLMARK_DATABASE_URL') &&
          error.message.includes('sqlite:<path>') &&
          error.message.includes('mongodb+srv://'),
        url,
      );
    }
  });

  it('keeps MongoDB credentials out of the error message', () => {
    assert.throws(
      () => parseDatabaseUrl('mongodb://admin:s3cret@localhost/bad.name', '/d'),
      (error: unknown) => error instanceof Error && !error.message.includes('s3cret'),
    );
  });
});

describe('openStore', () => {
  let dir = '';

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hallmark-open-'));
  });

  after(async () => {
    await rm(dir, {recursive: true, force: true});
  });

  it('creates a private data directory and a SQLite database in it by default', async () => {
    const dataDir = join(dir, 'fresh', 'data');
    const store = await openStore(undefined, dataDir);
    try {
      await store.ping();
      assert.equal((await stat(dataDir)).mode & 0o777, 0o700);
      assert.ok((await stat(join(dataDir, 'hallmark.sqlite'))).isFile());
    } finally {
      await store.close();
    }
  });

  it('opens sqlite: and sqlite::memory: URLs', async () => {
    const path = join(dir, 'explicit.sqlite');
    const onFile = await openStore(`sqlite:${path}`, join(dir, 'unused'));
    await onFile.ping();
    await onFile.close();
    assert.ok((await stat(path)).isFile());

    const inMemory = await openStore('sqlite::memory:', join(dir, 'unused'));
    const things = await inMemory.collection({name: 'things', indexes: []});
    await things.insert({id: 'one'});
    assert.equal((await things.get('one'))?.version, 1);
    await inMemory.close();
  });

  it('rejects an unsupported URL before touching the disk', async () => {
    const dataDir = join(dir, 'never');
    await assert.rejects(openStore('redis://localhost', dataDir), /HALLMARK_DATABASE_URL/);
    await assert.rejects(stat(dataDir), {code: 'ENOENT'});
  });
});
