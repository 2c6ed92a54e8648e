/** Contract: insert, get, versions, unique keys, delete, collection declaration. */
import assert from 'node:assert/strict';
import {it} from 'node:test';
import {DuplicateKeyError, type Document} from '../../src/store/port.ts';
import type {ContractContext} from './contract.ts';

interface Account extends Document {
  email?: string | null;
  name: string;
}

export function documentContract(context: ContractContext): void {
  const accounts = () =>
    context.store().collection<Account>({
      name: context.name('accounts'),
      indexes: [{fields: ['email'], unique: true}, {fields: ['name']}],
    });

  it('round-trips nested JSON with unicode through insert and get', async () => {
    const notes = await context.store().collection({name: context.name('notes'), indexes: []});
    const doc = {
      id: 'ü-📝-1',
      title: 'Zoë 🦀 日本語 ﷽ e\u0301',
      nested: {list: [1, 2.5, -3e-7, true, false, null, {deep: ['x', {y: 'z'}]}], empty: {}, none: []},
      big: Number.MAX_SAFE_INTEGER,
      quote: 'it\'s "quoted" \\ back\nslash',
    };
    const inserted = await notes.insert(doc);
    assert.deepEqual(inserted, {doc, version: 1});
    assert.deepEqual(await notes.get(doc.id), {doc, version: 1});
    assert.equal(await notes.get('missing'), null);
  });

  it('starts versions at 1 and increments them on every update', async () => {
    const col = await accounts();
    const first = await col.insert({id: 'v', name: 'Vera'});
    assert.equal(first.version, 1);
    const second = await col.update('v', 1, {id: 'v', name: 'Vera 2'});
    assert.equal(second?.version, 2);
    const third = await col.update('v', 2, {id: 'v', name: 'Vera 3'});
    assert.equal(third?.version, 3);
    assert.deepEqual(await col.get('v'), {doc: {id: 'v', name: 'Vera 3'}, version: 3});
  });

  it('rejects a duplicate id with DuplicateKeyError and changes nothing', async () => {
    const col = await accounts();
    await col.insert({id: 'dup', name: 'First', email: 'first@example.org'});
    await assert.rejects(col.insert({id: 'dup', name: 'Second', email: 'second@example.org'}), DuplicateKeyError);
    assert.deepEqual(await col.get('dup'), {doc: {id: 'dup', name: 'First', email: 'first@example.org'}, version: 1});
    assert.equal(await col.count({email: 'second@example.org'}), 0);
  });

  it('rejects a unique-index collision with DuplicateKeyError and changes nothing', async () => {
    const col = await accounts();
    await col.insert({id: 'u1', name: 'One', email: 'same@example.org'});
    await assert.rejects(col.insert({id: 'u2', name: 'Two', email: 'same@example.org'}), DuplicateKeyError);
    assert.equal(await col.get('u2'), null);
    assert.deepEqual(
      (await col.find({email: 'same@example.org'})).map((found) => found.doc.id),
      ['u1'],
    );
  });

  it('rejects an update into a unique-index collision and keeps the stored document', async () => {
    const col = await accounts();
    await col.insert({id: 'w1', name: 'One', email: 'w1@example.org'});
    await col.insert({id: 'w2', name: 'Two', email: 'w2@example.org'});
    await assert.rejects(col.update('w2', 1, {id: 'w2', name: 'Two', email: 'w1@example.org'}), DuplicateKeyError);
    assert.deepEqual(await col.get('w2'), {doc: {id: 'w2', name: 'Two', email: 'w2@example.org'}, version: 1});
  });

  it('lets many documents leave a unique field null or absent', async () => {
    const col = await accounts();
    await col.insert({id: 'nomail1', name: 'No mail'});
    await col.insert({id: 'nomail2', name: 'No mail'});
    await col.insert({id: 'nullmail1', name: 'Null mail', email: null});
    await col.insert({id: 'nullmail2', name: 'Null mail', email: null});
    assert.equal(await col.count({name: 'Null mail'}), 2);
  });

  it('rejects documents without a string id or with a non-scalar indexed field', async () => {
    const col = await accounts();
    await assert.rejects(col.insert({id: '', name: 'empty'}), TypeError);
    await assert.rejects(col.insert({id: 42, name: 'number'} as unknown as Account), TypeError);
    await assert.rejects(col.insert({id: 'obj', name: {first: 'A'}} as unknown as Account), TypeError);
    assert.equal(await col.get('obj'), null);
  });

  it('deletes with and without an expected version', async () => {
    const col = await accounts();
    await col.insert({id: 'd1', name: 'Del'});
    await col.update('d1', 1, {id: 'd1', name: 'Del 2'});
    assert.equal(await col.delete('d1', 1), false);
    assert.equal((await col.get('d1'))?.version, 2);
    assert.equal(await col.delete('d1', 2), true);
    assert.equal(await col.get('d1'), null);
    assert.equal(await col.delete('d1', 2), false);

    await col.insert({id: 'd2', name: 'Del'});
    assert.equal(await col.delete('d2'), true);
    assert.equal(await col.delete('d2'), false);
    assert.equal(await col.get('d2'), null);
  });

  it('declares a collection idempotently with the same spec', async () => {
    const first = await accounts();
    const second = await accounts();
    assert.equal(first.name, context.name('accounts'));
    await first.insert({id: 'idem', name: 'Idem', email: 'idem@example.org'});
    assert.equal((await second.get('idem'))?.version, 1);
    await assert.rejects(second.insert({id: 'idem2', name: 'Idem', email: 'idem@example.org'}), DuplicateKeyError);
  });

  it('adds an index when a collection is declared again with more indexes', async () => {
    const name = context.name('growing');
    const before = await context.store().collection({name, indexes: [{fields: ['a']}]});
    await before.insert({id: 'g1', a: 1, b: 'x'});
    const after = await context.store().collection({name, indexes: [{fields: ['a']}, {fields: ['b']}]});
    assert.deepEqual((await after.find({b: 'x'})).map((found) => found.doc.id), ['g1']);
  });
}
