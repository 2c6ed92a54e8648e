/**
 * Contract: Fedify's KvStore and MessageQueue over the storage port
 * (src/federation/kv.ts, queue.ts), run against every adapter.
 */
import assert from 'node:assert/strict';
import {randomBytes} from 'node:crypto';
import {it} from 'node:test';
import {KeyVault} from '../../src/credentials/key-vault.ts';
import {StoreKvStore} from '../../src/federation/kv.ts';
import {StoreMessageQueue} from '../../src/federation/queue.ts';
import {duration} from '../../src/federation/temporal.ts';
import type {ContractContext} from './contract.ts';

const vault = new KeyVault(randomBytes(32));


async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

/** Runs `listen` until `done` resolves, then stops it. */
async function listening(queue: StoreMessageQueue, handler: (message: unknown) => Promise<void>, done: Promise<unknown>): Promise<void> {
  const controller = new AbortController();
  const listener = queue.listen(handler, {signal: controller.signal});
  try {
    await done;
  } finally {
    controller.abort();
    await listener;
  }
}

export function federationContract(context: ContractContext): void {
  it('KV: set, get, overwrite, delete', async () => {
    const kv = await StoreKvStore.open(context.store(), {collection: context.name('kv1')});
    assert.equal(await kv.get(['a', 'b']), undefined);
    await kv.set(['a', 'b'], {n: 1, text: 'grüße'});
    assert.deepEqual(await kv.get(['a', 'b']), {n: 1, text: 'grüße'});
    await kv.set(['a', 'b'], [1, 2]);
    assert.deepEqual(await kv.get(['a', 'b']), [1, 2]);
    await kv.set(['a', 'x'.repeat(5000)], 'long keys are fine');
    assert.equal(await kv.get(['a', 'x'.repeat(5000)]), 'long keys are fine');
    await kv.delete(['a', 'b']);
    assert.equal(await kv.get(['a', 'b']), undefined);
  });

  it('KV: entries expire after their ttl and the sweep removes them', async () => {
    let now = Date.UTC(2026, 0, 1, 12);
    const kv = await StoreKvStore.open(context.store(), {collection: context.name('kv2'), now: () => now});
    await kv.set(['idempotence', 'https://peer.example/activities/1'], true, {ttl: duration({hours: 1})});
    await kv.set(['kept'], 'forever');
    assert.equal(await kv.get(['idempotence', 'https://peer.example/activities/1']), true);
    now += 2 * 3_600_000;
    assert.equal(await kv.get(['idempotence', 'https://peer.example/activities/1']), undefined);
    await kv.set(['short'], 1, {ttl: duration({minutes: 1})});
    now += 3 * 3_600_000;
    assert.equal(await kv.sweepExpired(), 1);
    assert.equal(await kv.get(['kept']), 'forever');
    assert.equal(await kv.sweepExpired(), 0);
  });

  it('KV: compare-and-set succeeds only on the expected value', async () => {
    const kv = await StoreKvStore.open(context.store(), {collection: context.name('kv3')});
    assert.equal(await kv.cas(['c'], undefined, 1), true);
    assert.equal(await kv.cas(['c'], undefined, 2), false);
    assert.equal(await kv.cas(['c'], 2, 3), false);
    assert.equal(await kv.cas(['c'], 1, {v: 2}), true);
    assert.equal(await kv.cas(['c'], {v: 2}, {v: 3}), true);
    assert.deepEqual(await kv.get(['c']), {v: 3});
    const raced = await Promise.all([kv.cas(['c'], {v: 3}, 'left'), kv.cas(['c'], {v: 3}, 'right')]);
    assert.deepEqual(raced.filter(Boolean).length, 1, 'exactly one racer wins');
  });

  it('KV: lists by prefix', async () => {
    const kv = await StoreKvStore.open(context.store(), {collection: context.name('kv4')});
    await kv.set(['p', 'q', '1'], 1);
    await kv.set(['p', 'q', '2'], 2);
    await kv.set(['p', 'r'], 3);
    await kv.set(['z'], 4);
    const values = async (prefix: string[]) => (await collect(kv.list(prefix as [string]))).map((entry) => entry.value).sort();
    assert.deepEqual(await values(['p', 'q']), [1, 2]);
    assert.deepEqual(await values(['p']), [1, 2, 3]);
    assert.deepEqual(await values(['p', 'q', '2']), [2]);
    assert.deepEqual(await values([]), [1, 2, 3, 4]);
  });

  it('queue: delivers what was enqueued, with delays, and deletes it when done', async () => {
    const name = context.name('mq1');
    const queue = new StoreMessageQueue({queues: context.store().queues, vault, name, pollMs: 20});
    const seen: unknown[] = [];
    await queue.enqueue({type: 'inbox', n: 1});
    await queue.enqueue({type: 'inbox', n: 2}, {delay: duration({milliseconds: 300})});
    let finished: () => void = () => {};
    const done = new Promise<void>((resolve) => (finished = resolve));
    await listening(queue, async (message) => {
      seen.push(message);
      if (seen.length === 2) finished();
    }, done);
    assert.deepEqual(seen, [{type: 'inbox', n: 1}, {type: 'inbox', n: 2}]);
    assert.equal(await context.store().queues.lease(name, 1000), null, 'acknowledged tasks are gone');
  });

  it('queue: tasks holding private keys are sealed at rest', async () => {
    const name = context.name('mq2');
    const queue = new StoreMessageQueue({queues: context.store().queues, vault, name});
    await queue.enqueue({type: 'outbox', keys: [{keyId: 'https://a.example/key', privateKey: {kty: 'RSA', d: 'SECRET-EXPONENT'}}]});
    const raw = await context.store().queues.lease(name, 1000);
    assert.ok(raw);
    assert.ok(!JSON.stringify(raw.payload).includes('SECRET-EXPONENT'));
    assert.ok(!JSON.stringify(raw.payload).includes('keyId'));
    await context.store().queues.ack(raw);
  });

  it('queue: a task whose worker died runs again once its lease expires', async () => {
    const name = context.name('mq3');
    const queue = new StoreMessageQueue({queues: context.store().queues, vault, name, leaseMs: 200, pollMs: 20});
    await queue.enqueue({type: 'inbox', n: 'crash'});
    // A worker takes it and dies: no ack, no release.
    assert.ok(await context.store().queues.lease(name, 200));
    const runs: unknown[] = [];
    await listening(queue, async (message) => {
      runs.push(message);
    }, new Promise((resolve) => setTimeout(resolve, 700)));
    assert.deepEqual(runs, [{type: 'inbox', n: 'crash'}]);
  });

  it('queue: a route keeps its task until it says it is done, retrying when it asks', async () => {
    const name = context.name('mq4');
    const attempts: number[] = [];
    let finished: () => void = () => {};
    const done = new Promise<void>((resolve) => (finished = resolve));
    const queue = new StoreMessageQueue({
      queues: context.store().queues, vault, name, pollMs: 20,
      route: (task) => ((task as {type: string}).type === 'outbox' ? async (_task, attempt) => {
        attempts.push(attempt);
        if (attempt < 2) return new Date(Date.now() + 30);
        finished();
        return null;
      } : null),
    });
    await queue.enqueue({type: 'outbox', keys: []});
    await listening(queue, async () => assert.fail('routed tasks do not reach the handler'), done);
    assert.deepEqual(attempts, [0, 1, 2]);
    assert.equal(await context.store().queues.lease(name, 1000), null);
  });
}
