import assert from 'node:assert/strict';
import {chmod, mkdtemp, rm, stat, writeFile} from 'node:fs/promises';
import {DatabaseSync} from 'node:sqlite';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {createHallmark, type Hallmark} from '../../src/app.ts';
import {loadConfig} from '../../src/config.ts';
import {SCHEMA_VERSION} from '../../src/instance/index.ts';
import {ADMIN_TOKEN, BADGE} from '../helpers/hallmark.ts';

const base = {HALLMARK_ADMIN_TOKEN: ADMIN_TOKEN, HALLMARK_LOG_LEVEL: 'warn', HALLMARK_VERIFY_WORKERS: '0', HALLMARK_SWEEP_INTERVAL: '0'};

function start(env: Record<string, string>): Promise<Hallmark> {
  return createHallmark(loadConfig({...base, ...env}));
}

async function issue(hallmark: Hallmark, revoke: boolean): Promise<Record<string, unknown>> {
  const {verifiableCredential} = await hallmark.services.issuance.issue('acme', {credential: BADGE} as never);
  if (revoke) {
    await hallmark.services.credentialStatus.update('acme', {credentialId: String(verifiableCredential.id), credentialStatus: [{type: 'BitstringStatusListEntry', statusPurpose: 'revocation', status: true}]} as never);
  }
  return verifiableCredential;
}

describe('start-up checks of the stored data', () => {
  let scratch = '';
  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'hallmark-instance-'));
  });
  after(async () => {
    await rm(scratch, {recursive: true, force: true});
  });

  it('serves a data directory from the previous release after the upgrade, and learns the URL it issued under', async () => {
    const dataDir = join(scratch, 'previous');
    const url = 'https://badges.example.org/hallmark';
    const made = await start({HALLMARK_DATA_DIR: dataDir, HALLMARK_PUBLIC_URL: url});
    await made.services.issuers.create({slug: 'acme', name: 'Acme'});
    const valid = await issue(made, false);
    const revoked = await issue(made, true);
    await made.close();
    // The previous release's shape: everything but the tables this release adds.
    const raw = new DatabaseSync(join(dataDir, 'hallmark.sqlite'));
    raw.exec('DROP TABLE c_instance; DROP TABLE counters');
    raw.close();

    await assert.rejects(start({HALLMARK_DATA_DIR: dataDir, HALLMARK_PUBLIC_URL: 'https://elsewhere.example.org'}), (error: unknown) =>
      error instanceof Error && error.message.includes(`issued under ${url}`) && error.message.includes('HALLMARK_PUBLIC_URL'));

    const upgraded = await start({HALLMARK_DATA_DIR: dataDir, HALLMARK_PUBLIC_URL: url});
    try {
      assert.equal((await upgraded.services.verify(valid)).status, 'valid');
      assert.equal((await upgraded.services.verify(revoked)).status, 'revoked');
      assert.equal((await upgraded.services.issuance.issue('acme', {credential: BADGE} as never)).created, true);
      const instance = await (await upgraded.services.store.collection({name: 'instance', indexes: []})).get('instance');
      assert.equal(instance?.doc.schemaVersion, SCHEMA_VERSION);
      assert.equal(instance?.doc.publicUrl, url);
    } finally {
      await upgraded.close();
    }
  });

  it('refuses data written by a newer release, saying what to do, and changes nothing', async () => {
    const dataDir = join(scratch, 'newer');
    const made = await start({HALLMARK_DATA_DIR: dataDir});
    const records = await made.services.store.collection<{id: string; schemaVersion: number}>({name: 'instance', indexes: []});
    const found = await records.get('instance');
    assert.ok(found);
    await records.update('instance', found.version, {...found.doc, schemaVersion: SCHEMA_VERSION + 1});
    await made.close();
    await assert.rejects(start({HALLMARK_DATA_DIR: dataDir}), new RegExp(`written by a newer Hallmark \\(schema version ${SCHEMA_VERSION + 1}.*restore a backup`));
    const raw = new DatabaseSync(join(dataDir, 'hallmark.sqlite'));
    try {
      const stored = raw.prepare(`SELECT doc FROM c_instance WHERE id = 'instance'`).get() as {doc: string};
      assert.equal(JSON.parse(stored.doc).schemaVersion, SCHEMA_VERSION + 1, 'not migrated backwards');
    } finally {
      raw.close();
    }
  });

  it('refuses to start after HALLMARK_PUBLIC_URL changed under issued credentials, and allows settling it before', async () => {
    const dataDir = join(scratch, 'moved');
    const first = await start({HALLMARK_DATA_DIR: dataDir, HALLMARK_PUBLIC_URL: 'http://localhost:4000'});
    await first.close();
    // Nothing issued yet: the URL may still be settled.
    const settled = await start({HALLMARK_DATA_DIR: dataDir, HALLMARK_PUBLIC_URL: 'https://badges.example.org'});
    await settled.services.issuers.create({slug: 'acme', name: 'Acme'});
    await settled.close();
    await assert.rejects(start({HALLMARK_DATA_DIR: dataDir, HALLMARK_PUBLIC_URL: 'https://badges.example.net'}), /issued under https:\/\/badges\.example\.org.*Settle the public URL before issuing/s);
    const again = await start({HALLMARK_DATA_DIR: dataDir, HALLMARK_PUBLIC_URL: 'https://badges.example.org'});
    await again.close();
  });

  it('refuses a wrong master secret before serving anything, also on data from the previous release', async () => {
    const dataDir = join(scratch, 'secret');
    const made = await start({HALLMARK_DATA_DIR: dataDir, HALLMARK_SECRET: 'the-right-secret-0123456789abcdefghij'});
    await made.services.issuers.create({slug: 'acme', name: 'Acme'});
    await made.close();
    await assert.rejects(start({HALLMARK_DATA_DIR: dataDir, HALLMARK_SECRET: 'the-wrong-secret-0123456789abcdefghij'}), /master secret does not open the keys/);
    const raw = new DatabaseSync(join(dataDir, 'hallmark.sqlite'));
    raw.exec('DROP TABLE c_instance');
    raw.close();
    await assert.rejects(start({HALLMARK_DATA_DIR: dataDir, HALLMARK_SECRET: 'the-wrong-secret-0123456789abcdefghij'}), /master secret does not open the keys/);
    const right = await start({HALLMARK_DATA_DIR: dataDir, HALLMARK_SECRET: 'the-right-secret-0123456789abcdefghij'});
    await right.close();
  });

  it('creates the database and the secret owner-only even in a directory it did not create', async () => {
    const dataDir = await mkdtemp(join(scratch, 'theirs-'));
    await chmod(dataDir, 0o755);
    const previous = process.umask(0o022);
    try {
      const hallmark = await start({HALLMARK_DATA_DIR: dataDir});
      await hallmark.services.issuers.create({slug: 'acme', name: 'Acme'});
      for (const file of ['hallmark.sqlite', 'hallmark.sqlite-wal', 'master.secret']) {
        assert.equal((await stat(join(dataDir, file))).mode & 0o777, 0o600, file);
      }
      await hallmark.close();
    } finally {
      process.umask(previous);
    }
  });

  it('in production keeps the secret out of the data directory: HALLMARK_SECRET_FILE, owner-only', async () => {
    const dataDir = join(scratch, 'production');
    await assert.rejects(start({HALLMARK_DATA_DIR: dataDir, NODE_ENV: 'production'}), /HALLMARK_SECRET_FILE/);
    const secretFile = join(scratch, 'hallmark.secret');
    await writeFile(secretFile, 'a-secret-kept-outside-the-data-directory-0123\n', {mode: 0o644});
    await chmod(secretFile, 0o644);
    await assert.rejects(start({HALLMARK_DATA_DIR: dataDir, NODE_ENV: 'production', HALLMARK_SECRET_FILE: secretFile}), /chmod 600/);
    await chmod(secretFile, 0o600);
    const hallmark = await start({HALLMARK_DATA_DIR: dataDir, NODE_ENV: 'production', HALLMARK_SECRET_FILE: secretFile});
    await hallmark.close();
    assert.equal(await stat(join(dataDir, 'master.secret')).then(() => true, () => false), false);
  });
});
