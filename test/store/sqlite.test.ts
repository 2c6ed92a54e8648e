import assert from 'node:assert/strict';
import {mkdtemp, rm} from 'node:fs/promises';
import {DatabaseSync} from 'node:sqlite';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {openSqliteStore} from '../../src/store/sqlite.ts';
import {runStoreContract} from './contract.ts';

let dir = '';

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hallmark-store-'));
});

after(async () => {
  await rm(dir, {recursive: true, force: true});
});

runStoreContract('sqlite (temporary file)', () => openSqliteStore(join(dir, 'contract.sqlite')));
runStoreContract('sqlite (:memory:)', () => openSqliteStore(':memory:'));

describe('sqlite adapter', () => {
  it('runs in WAL mode', async () => {
    const path = join(dir, 'wal.sqlite');
    const store = await openSqliteStore(path);
    await store.close();
    const raw = new DatabaseSync(path);
    try {
      assert.deepEqual({...raw.prepare('PRAGMA journal_mode').get()}, {journal_mode: 'wal'});
    } finally {
      raw.close();
    }
  });

  it('keeps documents and queued messages across close and reopen', async () => {
    const path = join(dir, 'durable.sqlite');
    const spec = {name: 'durable', indexes: [{fields: ['kind']}]};
    const first = await openSqliteStore(path);
    const docs = await first.collection(spec);
    await docs.insert({id: 'kept', kind: 'badge', body: {text: 'ça marche'}});
    await docs.update('kept', 1, {id: 'kept', kind: 'badge', body: {text: 'still here'}});
    const messageId = await first.queues.enqueue('durable', {n: 1});
    await first.close();
    await first.close();

    const second = await openSqliteStore(path);
    try {
      const reopened = await second.collection(spec);
      assert.deepEqual(await reopened.get('kept'), {doc: {id: 'kept', kind: 'badge', body: {text: 'still here'}}, version: 2});
      assert.equal(await reopened.count({kind: 'badge'}), 1);
      assert.equal((await second.queues.lease('durable', 1000))?.id, messageId);
    } finally {
      await second.close();
    }
  });

  it('refuses work after close, and close can be repeated', async () => {
    const store = await openSqliteStore(':memory:');
    await store.close();
    await store.close();
    await assert.rejects(store.ping(), /closed/);
  });

  it('uses the expression indexes for filtered and sorted queries', async () => {
    const path = join(dir, 'plan.sqlite');
    const store = await openSqliteStore(path);
    await store.collection({name: 'planned', indexes: [{fields: ['owner', 'rank']}]});
    await store.close();
    const raw = new DatabaseSync(path);
    try {
      const plan = raw
        .prepare(
          `EXPLAIN QUERY PLAN SELECT version, doc FROM "c_planned" WHERE json_extract(doc, '$.owner') = ? ORDER BY json_extract(doc, '$.rank') ASC, id ASC`,
        )
        .all('alice')
        .map((row) => String(row.detail));
      assert.ok(plan.some((detail) => /USING INDEX/.test(detail)), plan.join('\n'));
    } finally {
      raw.close();
    }
  });
});
