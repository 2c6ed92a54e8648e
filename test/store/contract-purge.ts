/** Contract: purgeBefore deletes exactly the documents whose indexed value is below the bound, of the bound's type. */
import assert from 'node:assert/strict';
import {it} from 'node:test';
import type {Document, Scalar} from '../../src/store/port.ts';
import type {ContractContext} from './contract.ts';

interface Expiring extends Document {
  expiresAt?: Scalar;
  owner: string;
}

export function purgeContract(context: ContractContext): void {
  const expiring = () => context.store().collection<Expiring>({name: context.name('expiring'), indexes: [{fields: ['expiresAt']}, {fields: ['owner']}]});

  it('deletes documents whose ISO time is before the bound, and only those', async () => {
    const col = await expiring();
    await col.insert({id: 'past', owner: 'p', expiresAt: '2020-01-01T00:00:00.000Z'});
    await col.insert({id: 'edge', owner: 'p', expiresAt: '2026-06-01T00:00:00.000Z'});
    await col.insert({id: 'future', owner: 'p', expiresAt: '2999-01-01T00:00:00.000Z'});
    await col.insert({id: 'never', owner: 'p', expiresAt: null});
    await col.insert({id: 'absent', owner: 'p'});
    await col.insert({id: 'number', owner: 'p', expiresAt: 5});
    await col.insert({id: 'flag', owner: 'p', expiresAt: false});
    assert.equal(await col.purgeBefore('expiresAt', '2026-06-01T00:00:00.000Z'), 1);
    assert.deepEqual((await col.find({owner: 'p'})).map(({doc}) => doc.id).sort(), ['absent', 'edge', 'flag', 'future', 'never', 'number']);
    assert.equal(await col.purgeBefore('expiresAt', '2026-06-01T00:00:00.000Z'), 0, 'a repeat finds nothing more');
  });

  it('compares numbers with numbers only', async () => {
    const col = await expiring();
    await col.insert({id: 'n1', owner: 'n', expiresAt: 1});
    await col.insert({id: 'n2', owner: 'n', expiresAt: 2.5});
    await col.insert({id: 'n3', owner: 'n', expiresAt: 10});
    await col.insert({id: 'text', owner: 'n', expiresAt: '0'});
    assert.equal(await col.purgeBefore('expiresAt', 3), 2);
    assert.deepEqual((await col.find({owner: 'n'})).map(({doc}) => doc.id).sort(), ['n3', 'text']);
  });

  it('refuses a field that is not indexed, the id, and a bound that is not a string or finite number', async () => {
    const col = await expiring();
    await col.insert({id: 'kept', owner: 'k', expiresAt: '2000-01-01T00:00:00.000Z'});
    await assert.rejects(col.purgeBefore('note', 'z'), /not an indexed field/);
    await assert.rejects(col.purgeBefore('id', 'z'), /not an indexed field/);
    await assert.rejects(col.purgeBefore('expiresAt', Number.NaN), TypeError);
    await assert.rejects(col.purgeBefore('expiresAt', null as unknown as string), TypeError);
    assert.equal((await col.get('kept'))?.version, 1);
  });
}
