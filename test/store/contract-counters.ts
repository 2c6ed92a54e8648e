/** Contract: counters — atomic adds, lifetimes, restarts, lapsing, purging, shared by concurrent callers. */
import assert from 'node:assert/strict';
import {it} from 'node:test';
import type {ContractContext} from './contract.ts';

const MINUTE = 60_000;

function at(ms: number): Date {
  return new Date(Date.UTC(2030, 0, 1) + ms);
}

export function counterContract(context: ContractContext): void {
  const counters = () => context.store().counters;

  it('starts a counter at the first increment and adds to it, keeping its first expiry', async () => {
    const key = context.name('adds');
    assert.equal(await counters().get(key, at(0)), null);
    assert.deepEqual(await counters().add(key, 1, {ttlMs: MINUTE, now: at(0)}), {value: 1, expiresAt: at(MINUTE).getTime()});
    assert.deepEqual(await counters().add(key, 2.5, {ttlMs: MINUTE, now: at(10_000)}), {value: 3.5, expiresAt: at(MINUTE).getTime()});
    assert.deepEqual(await counters().add(key, -1, {ttlMs: MINUTE, now: at(20_000)}), {value: 2.5, expiresAt: at(MINUTE).getTime()});
    assert.deepEqual(await counters().get(key, at(30_000)), {value: 2.5, expiresAt: at(MINUTE).getTime()});
  });

  it('lapses at its expiry: reads see nothing, the next add starts afresh', async () => {
    const key = context.name('lapse');
    await counters().add(key, 5, {ttlMs: MINUTE, now: at(0)});
    assert.equal((await counters().get(key, at(MINUTE - 1)))?.value, 5);
    assert.equal(await counters().get(key, at(MINUTE)), null);
    assert.deepEqual(await counters().add(key, 1, {ttlMs: MINUTE, now: at(MINUTE)}), {value: 1, expiresAt: at(2 * MINUTE).getTime()});
  });

  it('restarts a live counter on request, and keeps counters with ttl 0 forever', async () => {
    const key = context.name('restart');
    await counters().add(key, 7, {ttlMs: MINUTE, now: at(0)});
    assert.deepEqual(await counters().add(key, 2, {ttlMs: 2 * MINUTE, restart: true, now: at(1000)}), {value: 2, expiresAt: at(1000 + 2 * MINUTE).getTime()});
    const forever = context.name('forever');
    assert.deepEqual(await counters().add(forever, 1, {ttlMs: 0, now: at(0)}), {value: 1, expiresAt: null});
    assert.deepEqual(await counters().add(forever, 1, {ttlMs: 0, now: at(1e12)}), {value: 2, expiresAt: null});
    assert.deepEqual(await counters().get(forever, at(2e12)), {value: 2, expiresAt: null});
  });

  it('loses no increment when many callers add at once', async () => {
    const key = context.name('concurrent');
    const results = await Promise.all(Array.from({length: 50}, () => counters().add(key, 1, {ttlMs: MINUTE})));
    assert.deepEqual(results.map((result) => result.value).sort((a, b) => a - b), Array.from({length: 50}, (_, n) => n + 1));
    assert.equal((await counters().get(key))?.value, 50);
  });

  it('deletes one counter, and purges only lapsed ones', async () => {
    const gone = context.name('gone');
    const lapsed = context.name('lapsed');
    const kept = context.name('kept');
    const forever = context.name('kept_forever');
    await counters().add(gone, 1, {ttlMs: MINUTE, now: at(0)});
    await counters().add(lapsed, 1, {ttlMs: MINUTE, now: at(0)});
    await counters().add(kept, 1, {ttlMs: 10 * MINUTE, now: at(0)});
    await counters().add(forever, 1, {ttlMs: 0, now: at(0)});
    assert.equal(await counters().delete(gone), true);
    assert.equal(await counters().delete(gone), false);
    assert.ok((await counters().purge(at(2 * MINUTE))) >= 1);
    assert.equal(await counters().delete(lapsed), false, 'the lapsed counter was purged');
    assert.equal((await counters().get(kept, at(2 * MINUTE)))?.value, 1);
    assert.equal((await counters().get(forever, at(2 * MINUTE)))?.value, 1);
  });

  it('refuses malformed keys, increments and lifetimes', async () => {
    await assert.rejects(counters().add('', 1, {ttlMs: MINUTE}), TypeError);
    await assert.rejects(counters().add('x'.repeat(513), 1, {ttlMs: MINUTE}), TypeError);
    await assert.rejects(counters().add({$gt: ''} as unknown as string, 1, {ttlMs: MINUTE}), TypeError);
    await assert.rejects(counters().add(context.name('bad'), Number.NaN, {ttlMs: MINUTE}), TypeError);
    await assert.rejects(counters().add(context.name('bad'), 1, {ttlMs: -1}), RangeError);
    await assert.rejects(counters().get({$ne: null} as unknown as string), TypeError);
    assert.equal(await counters().get(context.name('bad')), null, 'nothing was written');
  });
}
