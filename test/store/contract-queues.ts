/** Contract: durable queues — enqueue, lease, ack, release, expiry, scheduling, idempotency. */
import assert from 'node:assert/strict';
import {it} from 'node:test';
import type {QueueMessage} from '../../src/store/port.ts';
import type {ContractContext} from './contract.ts';

interface Job {
  n: number;
  nested?: unknown;
}

const SECOND = 1000;

function later(from: Date, ms: number): Date {
  return new Date(from.getTime() + ms);
}

export function queueContract(context: ContractContext): void {
  const queues = () => context.store().queues;

  it('enqueues, leases and acks a message, payload intact', async () => {
    const queue = context.name('basic');
    const payload = {n: 1, nested: {text: 'grüße 🚀', list: [1, null, true]}};
    const id = await queues().enqueue<Job>(queue, payload);
    const leased = await queues().lease<Job>(queue, 30 * SECOND);
    assert.ok(leased);
    assert.equal(leased.id, id);
    assert.equal(leased.queue, queue);
    assert.deepEqual(leased.payload, payload);
    assert.equal(leased.attempts, 0);
    assert.equal(await queues().lease(queue, 30 * SECOND), null, 'a leased message is not due');
    assert.equal(await queues().ack(leased), true);
    assert.equal(await queues().ack(leased), false, 'a message is acknowledged once');
    assert.equal(await queues().lease(queue, 30 * SECOND, later(new Date(), 3600 * SECOND)), null);
  });

  it('leases the oldest due message first, in enqueue order on ties', async () => {
    const queue = context.name('order');
    const now = new Date();
    await queues().enqueue<Job>(queue, {n: 2}, {runAt: later(now, -2 * SECOND)});
    await queues().enqueue<Job>(queue, {n: 1}, {runAt: later(now, -3 * SECOND)});
    const tie = later(now, -1 * SECOND);
    for (const n of [3, 4, 5]) await queues().enqueue<Job>(queue, {n}, {runAt: tie});
    const order: number[] = [];
    for (let message = await queues().lease<Job>(queue, 60 * SECOND, now); message !== null; ) {
      order.push(message.payload.n);
      message = await queues().lease<Job>(queue, 60 * SECOND, now);
    }
    assert.deepEqual(order, [1, 2, 3, 4, 5]);
  });

  it('releases a message so that it is due again at the given time, counting attempts', async () => {
    const queue = context.name('release');
    await queues().enqueue<Job>(queue, {n: 1});
    const now = new Date();
    const first = await queues().lease<Job>(queue, 60 * SECOND, now);
    assert.ok(first);
    assert.equal(await queues().release(first, later(now, 10 * SECOND)), true);
    assert.equal(await queues().release(first), false, 'the lease ended with the release');
    assert.equal(await queues().ack(first), false);
    assert.equal(await queues().lease(queue, 60 * SECOND, later(now, 9 * SECOND)), null);
    const second = await queues().lease<Job>(queue, 60 * SECOND, later(now, 10 * SECOND));
    assert.ok(second);
    assert.equal(second.id, first.id);
    assert.equal(second.attempts, 1);
    assert.notEqual(second.leaseToken, first.leaseToken);
    assert.equal(await queues().release(second), true, 'release defaults to due now');
    const third = await queues().lease<Job>(queue, 60 * SECOND, later(now, 11 * SECOND));
    assert.equal(third?.attempts, 2);
  });

  it('gives each message to exactly one of many concurrent leasers', async () => {
    const queue = context.name('exclusive');
    const enqueued = new Set<string>();
    for (let n = 0; n < 10; n += 1) enqueued.add(await queues().enqueue<Job>(queue, {n}));
    const leased = await Promise.all(Array.from({length: 10}, () => queues().lease<Job>(queue, 60 * SECOND)));
    const ids = leased.map((message) => message?.id);
    assert.ok(ids.every((id) => id !== undefined), 'every leaser got a message');
    assert.deepEqual(new Set(ids), enqueued, 'no message was leased twice');
    assert.equal(await queues().lease(queue, 60 * SECOND), null);

    const single = context.name('exclusive_one');
    await queues().enqueue<Job>(single, {n: 0});
    const racers = await Promise.all(Array.from({length: 10}, () => queues().lease<Job>(single, 60 * SECOND)));
    assert.equal(racers.filter((message) => message !== null).length, 1);
  });

  it('makes a message due again when its lease expires, and the old lease can no longer ack', async () => {
    const queue = context.name('expiry');
    await queues().enqueue<Job>(queue, {n: 1});
    const now = new Date();
    const first = await queues().lease<Job>(queue, 5 * SECOND, now);
    assert.ok(first);
    assert.equal(await queues().lease(queue, 5 * SECOND, later(now, 4 * SECOND)), null);
    const second = await queues().lease<Job>(queue, 5 * SECOND, later(now, 6 * SECOND));
    assert.ok(second);
    assert.equal(second.id, first.id);
    assert.equal(second.attempts, 1);
    assert.equal(await queues().ack(first), false);
    assert.equal(await queues().release(first), false);
    assert.equal(await queues().ack(second), true);
    assert.equal(await queues().lease(queue, 5 * SECOND, later(now, 60 * SECOND)), null);
  });

  it('does not lease a message before its runAt', async () => {
    const queue = context.name('scheduled');
    const now = new Date();
    await queues().enqueue<Job>(queue, {n: 7}, {runAt: later(now, 60 * SECOND)});
    assert.equal(await queues().lease(queue, SECOND, now), null);
    assert.equal(await queues().lease(queue, SECOND, later(now, 59 * SECOND)), null);
    const due = await queues().lease<Job>(queue, SECOND, later(now, 60 * SECOND));
    assert.equal(due?.payload.n, 7);
  });

  it('deduplicates by idempotency key per queue, also after the message is acknowledged', async () => {
    const queue = context.name('idempotent');
    const first = await queues().enqueue<Job>(queue, {n: 1}, {idempotencyKey: 'activity-1'});
    assert.equal(await queues().enqueue<Job>(queue, {n: 2}, {idempotencyKey: 'activity-1'}), first);
    const concurrent = await Promise.all(
      Array.from({length: 10}, (_, n) => queues().enqueue<Job>(queue, {n}, {idempotencyKey: 'activity-2'})),
    );
    assert.equal(new Set(concurrent).size, 1);

    const other = await queues().enqueue<Job>(context.name('idempotent_other'), {n: 3}, {idempotencyKey: 'activity-1'});
    assert.notEqual(other, first, 'keys are scoped to their queue');

    const leased: Array<QueueMessage<Job>> = [];
    for (let message = await queues().lease<Job>(queue, 60 * SECOND); message !== null; ) {
      leased.push(message);
      message = await queues().lease<Job>(queue, 60 * SECOND);
    }
    assert.deepEqual(leased.map((message) => message.id).sort(), [first, concurrent[0]].sort());
    assert.deepEqual(leased.find((message) => message.id === first)?.payload, {n: 1});

    for (const message of leased) assert.equal(await queues().ack(message), true);
    assert.equal(await queues().enqueue<Job>(queue, {n: 4}, {idempotencyKey: 'activity-1'}), first);
    assert.equal(await queues().lease(queue, 60 * SECOND, later(new Date(), 3600 * SECOND)), null);
  });

  it('completes a message by id, leased or not, once; a key keeps deduplicating afterwards', async () => {
    const queue = context.name('complete');
    const plain = await queues().enqueue<Job>(queue, {n: 1});
    const keyed = await queues().enqueue<Job>(queue, {n: 2}, {idempotencyKey: 'intent-1'});
    assert.equal(await queues().complete(context.name('complete_other'), plain), false, 'only in its own queue');
    const leased = await queues().lease<Job>(queue, 60 * SECOND);
    assert.equal(leased?.id, plain);
    assert.equal(await queues().complete(queue, plain), true, 'a leased message can be completed by its submitter');
    assert.equal(await queues().ack(leased), false, 'the worker that leased it meanwhile learns it is gone');
    assert.equal(await queues().complete(queue, plain), false);
    assert.equal(await queues().complete(queue, keyed), true);
    assert.equal(await queues().complete(queue, keyed), false, 'completed once');
    assert.equal(await queues().enqueue<Job>(queue, {n: 3}, {idempotencyKey: 'intent-1'}), keyed);
    assert.equal(await queues().lease(queue, SECOND, later(new Date(), 3600 * SECOND)), null);
    assert.equal((await queues().depths())[queue], undefined);
  });

  it('keeps queues apart', async () => {
    const left = context.name('left');
    const right = context.name('right');
    await queues().enqueue<Job>(left, {n: 1});
    assert.equal(await queues().lease(right, SECOND), null);
    assert.equal((await queues().lease<Job>(left, SECOND))?.payload.n, 1);
  });

  it('counts unacknowledged messages per queue, leased and scheduled ones included', async () => {
    const queue = context.name('depth');
    const other = context.name('depth_other');
    await queues().enqueue<Job>(queue, {n: 1});
    await queues().enqueue<Job>(queue, {n: 2}, {runAt: later(new Date(), 3600 * SECOND)});
    await queues().enqueue<Job>(queue, {n: 3}, {idempotencyKey: 'k'});
    await queues().enqueue<Job>(other, {n: 1});
    const leased = await queues().lease<Job>(other, 60 * SECOND);
    assert.ok(leased);
    let depths = await queues().depths();
    assert.equal(depths[queue], 3);
    assert.equal(depths[other], 1, 'a leased message still waits for its ack');
    await queues().ack(leased);
    const first = await queues().lease<Job>(queue, 60 * SECOND);
    const second = await queues().lease<Job>(queue, 60 * SECOND);
    assert.ok(first && second);
    await queues().ack(first);
    await queues().ack(second);
    depths = await queues().depths();
    assert.equal(depths[queue], 1, 'acknowledged messages, tombstones included, are gone from the count');
    assert.equal(depths[other], undefined);
  });
}
