import assert from 'node:assert/strict';
import {mkdtemp, readdir, rm, stat, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {createHallmark} from '../../src/app.ts';
import {loadConfig} from '../../src/config.ts';
import {BackupError, backupDatabase, restoreDatabase} from '../../src/instance/backup.ts';
import {parseDatabaseUrl} from '../../src/store/open.ts';
import {hallmark as runCli} from '../helpers/cli.ts';
import {ADMIN_TOKEN, BADGE, startHallmark, type TestHallmark} from '../helpers/hallmark.ts';

const SECRET = 'backup-test-master-secret-0123456789abcdef';

interface Acknowledged {
  id: string;
  revoked: boolean;
}

describe('hallmark backup and restore', () => {
  let t: TestHallmark;
  let scratch = '';
  before(async () => {
    t = await startHallmark({HALLMARK_SECRET: SECRET});
    scratch = await mkdtemp(join(tmpdir(), 'hallmark-backup-'));
    assert.equal((await t.http.post('/api/v1/issuers').set(t.admin).send({slug: 'acme', name: 'Acme'})).status, 201);
  });
  after(async () => {
    await t.close();
    await rm(scratch, {recursive: true, force: true});
  });

  it('restores a backup taken under load: every credential and revocation acknowledged before it is there', async () => {
    const acknowledged: Acknowledged[] = [];
    let running = true;
    const issueAndRevoke = async (worker: number) => {
      for (let n = 0; running; n++) {
        const issued = await t.http.post('/issuers/acme/credentials/issue').set(t.admin).send({credential: BADGE});
        assert.equal(issued.status, 201);
        const id = issued.body.verifiableCredential.id as string;
        if ((worker + n) % 3 === 0) {
          const revoked = await t.http.post('/issuers/acme/credentials/status').set(t.admin)
            .send({credentialId: id, credentialStatus: [{type: 'BitstringStatusListEntry', statusPurpose: 'revocation', status: true}]});
          assert.equal(revoked.status, 200);
          acknowledged.push({id, revoked: true});
        } else {
          acknowledged.push({id, revoked: false});
        }
      }
    };
    const load = Array.from({length: 4}, (_, worker) => issueAndRevoke(worker));
    while (acknowledged.length < 20) await new Promise((resolve) => setTimeout(resolve, 10));
    const before = acknowledged.length;
    const file = join(scratch, 'under-load.sqlite');
    // Another process, as an operator's cron job would be, while this one keeps writing.
    const backup = await runCli(['backup', file], {env: {HALLMARK_DATA_DIR: t.dataDir}, isolated: true});
    const during = acknowledged.length;
    running = false;
    await Promise.all(load);
    assert.equal(backup.code, 0, backup.stderr);
    assert.match(backup.stdout, /master secret is not in it/);
    assert.ok(during > before, 'the load kept running while the backup was taken');
    assert.equal((await stat(file)).mode & 0o777, 0o600);

    const restoredDir = join(scratch, 'restored');
    const restore = await runCli(['restore', file], {env: {HALLMARK_DATA_DIR: restoredDir}, isolated: true});
    assert.equal(restore.code, 0, restore.stderr);
    assert.deepEqual(await readdir(restoredDir), ['hallmark.sqlite'], 'no secret was restored beside the database');

    const restored = await createHallmark(loadConfig({HALLMARK_DATA_DIR: restoredDir, HALLMARK_SECRET: SECRET, HALLMARK_ADMIN_TOKEN: ADMIN_TOKEN, HALLMARK_LOG_LEVEL: 'warn'}));
    try {
      for (const {id, revoked} of acknowledged.slice(0, before)) {
        const record = await restored.services.records.find(id.split(':').pop() as string);
        assert.ok(record, `${id} acknowledged before the backup is in it`);
        const report = await restored.services.verify(record.credential);
        assert.equal(report.status, revoked ? 'revoked' : 'valid', id);
      }
      // The restored instance works: it issues and revokes again.
      const issued = await restored.services.issuance.issue('acme', {credential: BADGE} as never);
      assert.ok(issued.verifiableCredential.id);
    } finally {
      await restored.close();
    }

    await assert.rejects(
      createHallmark(loadConfig({HALLMARK_DATA_DIR: restoredDir, HALLMARK_SECRET: 'another-secret-of-enough-length-0123456789', HALLMARK_LOG_LEVEL: 'warn'})),
      /master secret does not open the keys/,
      'a restore with the wrong secret refuses to start instead of serving lists it cannot sign',
    );
  });

  it('never overwrites: not a backup file, nor a restored database; and refuses what is not a Hallmark backup', async () => {
    const live = parseDatabaseUrl(undefined, t.dataDir);
    const file = join(scratch, 'twice.sqlite');
    await backupDatabase(live, file);
    const again = await runCli(['backup', file], {env: {HALLMARK_DATA_DIR: t.dataDir}, isolated: true});
    assert.equal(again.code, 1);
    assert.match(again.stderr, /exists already/);
    await assert.rejects(restoreDatabase(live, file), /empty data directory/);

    const empty = parseDatabaseUrl(undefined, join(scratch, 'empty'));
    for (const [name, bytes] of [['text.sqlite', 'not a database at all'], ['other.sqlite', '']] as const) {
      const bogus = join(scratch, name);
      await writeFile(bogus, bytes);
      await assert.rejects(restoreDatabase(empty, bogus), (error: unknown) => error instanceof BackupError && /not a (Hallmark|readable) database|cannot be opened|damaged/.test(error.message));
      assert.equal(await stat(empty.kind === 'sqlite' ? empty.path : '').then(() => true, () => false), false, 'nothing was half-written');
    }
    await assert.rejects(backupDatabase(parseDatabaseUrl('mongodb://db.example/hallmark', scratch), join(scratch, 'mongo.dump')), /mongodump/);
    const usage = await runCli(['restore'], {isolated: true});
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /usage: hallmark restore <file>/);
  });
});
