/** Contract: compare-and-set updates, including a race between many writers. */
import assert from 'node:assert/strict';
import {before, it} from 'node:test';
import type {Collection, Document} from '../../src/store/port.ts';
import type {ContractContext} from './contract.ts';

interface Counter extends Document {
  counter: number;
  label?: string;
}

/** Reads, increments and writes back until the compare-and-set wins. */
async function increment(counters: Collection<Counter>, id: string): Promise<void> {
  for (;;) {
    const current = await counters.get(id);
    assert.ok(current, `${id} disappeared`);
    const next = await counters.update(id, current.version, {...current.doc, counter: current.doc.counter + 1});
    if (next !== null) return;
  }
}

export function updateContract(context: ContractContext): void {
  let counters: Collection<Counter>;

  before(async () => {
    counters = await context.store().collection<Counter>({name: context.name('counters'), indexes: [{fields: ['label']}]});
  });

  it('replaces the document when the expected version is current', async () => {
    await counters.insert({id: 'cas', counter: 0, label: 'old'});
    const updated = await counters.update('cas', 1, {id: 'cas', counter: 1, label: 'new'});
    assert.deepEqual(updated, {doc: {id: 'cas', counter: 1, label: 'new'}, version: 2});
    assert.deepEqual(await counters.get('cas'), updated);
    assert.deepEqual((await counters.find({label: 'new'})).map((found) => found.doc.id), ['cas']);
    assert.equal(await counters.count({label: 'old'}), 0);
  });

  it('returns null on a stale version and leaves the stored document unchanged', async () => {
    await counters.insert({id: 'stale', counter: 0});
    await counters.update('stale', 1, {id: 'stale', counter: 1});
    assert.equal(await counters.update('stale', 1, {id: 'stale', counter: 99}), null);
    assert.deepEqual(await counters.get('stale'), {doc: {id: 'stale', counter: 1}, version: 2});
  });

  it('returns null when the document is gone', async () => {
    assert.equal(await counters.update('never', 1, {id: 'never', counter: 1}), null);
    assert.equal(await counters.get('never'), null);
  });

  it('refuses an update that changes the id', async () => {
    await counters.insert({id: 'keep', counter: 0});
    await assert.rejects(counters.update('keep', 1, {id: 'other', counter: 1}), /must keep the id/);
    assert.deepEqual(await counters.get('keep'), {doc: {id: 'keep', counter: 0}, version: 1});
    assert.equal(await counters.get('other'), null);
  });

  it('lets exactly one of many concurrent writers win each version', async () => {
    await counters.insert({id: 'race', counter: 0});
    const writers = 20;
    await Promise.all(Array.from({length: writers}, () => increment(counters, 'race')));
    const final = await counters.get('race');
    assert.equal(final?.doc.counter, writers);
    assert.equal(final?.version, writers + 1);
  });
}
