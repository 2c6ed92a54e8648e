/** Contract: names that could reach SQL text or MongoDB keys are refused, values never act as operators. */
import assert from 'node:assert/strict';
import {it} from 'node:test';
import type {Document, Scalar} from '../../src/store/port.ts';
import type {ContractContext} from './contract.ts';

const HOSTILE_COLLECTIONS = [
  '',
  'x"; DROP TABLE queue_messages; --',
  "x'",
  'Users',
  '1abc',
  '_private',
  'a.b',
  'a-b',
  'a b',
  '$cmd',
  'system.users',
  'ünïcode',
  'x'.repeat(65),
];

const HOSTILE_FIELDS = ["a') IS NOT NULL OR ('1", 'a.b', '$where', '_id', 'a-b', 'doc"', '__proto__', '', '9lives', 'x'.repeat(65)];

export function nameContract(context: ContractContext): void {
  it('rejects hostile collection names', async () => {
    for (const name of HOSTILE_COLLECTIONS) {
      await assert.rejects(context.store().collection({name, indexes: []}), /invalid collection name/, name);
    }
  });

  it('rejects hostile field names in index declarations', async () => {
    for (const field of HOSTILE_FIELDS) {
      await assert.rejects(
        context.store().collection({name: context.name('hostile_fields'), indexes: [{fields: [field]}]}),
        /invalid field name/,
        field,
      );
    }
  });

  it('rejects hostile filter and sort fields, binds hostile values, and refuses operator objects', async () => {
    const col = await context.store().collection<Document>({name: context.name('guarded'), indexes: [{fields: ['owner']}]});
    await col.insert({id: 'g', owner: 'alice'});
    for (const field of HOSTILE_FIELDS) {
      await assert.rejects(col.find({[field]: 'x'}), /not an indexed field/, field);
      await assert.rejects(col.find({}, {sortBy: field}), /not an indexed field/, field);
    }
    assert.deepEqual(await col.find({owner: "alice' OR '1'='1"}), []);
    const operator = {$ne: null} as unknown as Scalar;
    await assert.rejects(col.find({owner: operator}), TypeError);
    await assert.rejects(col.get(operator as unknown as string), TypeError);
    await assert.rejects(col.delete(operator as unknown as string), TypeError);
    assert.deepEqual(await col.get('g'), {doc: {id: 'g', owner: 'alice'}, version: 1});
    await context.store().ping();
  });
}
