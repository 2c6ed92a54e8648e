/** Contract: find and count on indexed fields, nulls, types, sorting, limits. */
import assert from 'node:assert/strict';
import {before, it} from 'node:test';
import type {Collection, Document, Scalar, Versioned} from '../../src/store/port.ts';
import type {ContractContext} from './contract.ts';

interface Review extends Document {
  community: string;
  status: string | null;
  rank?: number;
  value?: Scalar;
  note?: string;
}

function ids(found: Array<Versioned<Review>>): string[] {
  return found.map((entry) => entry.doc.id);
}

export function queryContract(context: ContractContext): void {
  let reviews: Collection<Review>;

  before(async () => {
    reviews = await context.store().collection<Review>({
      name: context.name('reviews'),
      indexes: [{fields: ['community', 'status']}, {fields: ['rank']}, {fields: ['value']}],
    });
    const seed: Review[] = [
      {id: 'b', community: 'rust', status: 'accepted', rank: 1},
      {id: 'a', community: 'rust', status: 'accepted', rank: 1},
      {id: 'c', community: 'rust', status: 'pending', rank: 1},
      {id: 'd', community: 'npm', status: 'accepted', rank: 2},
      {id: 'e', community: 'npm', status: null, rank: 3},
      {id: 'f', community: 'npm', status: null},
      {id: 's', community: 'typed', status: 'x', value: '1'},
      {id: 'n', community: 'typed', status: 'x', value: 1},
      {id: 't', community: 'typed', status: 'x', value: true},
      {id: 'z', community: 'typed', status: 'x', value: false},
    ];
    for (const review of seed) await reviews.insert(review);
  });

  it('finds by one indexed field', async () => {
    assert.deepEqual(ids(await reviews.find({community: 'rust'})), ['a', 'b', 'c']);
    assert.deepEqual(ids(await reviews.find({community: 'nobody'})), []);
  });

  it('finds by two indexed fields', async () => {
    assert.deepEqual(ids(await reviews.find({community: 'rust', status: 'accepted'})), ['a', 'b']);
    assert.deepEqual(ids(await reviews.find({community: 'npm', status: 'accepted'})), ['d']);
  });

  it('matches null against both null and absent fields', async () => {
    assert.deepEqual(ids(await reviews.find({community: 'npm', status: null})), ['e', 'f']);
    assert.deepEqual(ids(await reviews.find({community: 'npm', rank: null})), ['f']);
  });

  it('keeps strings, numbers and booleans apart when matching', async () => {
    assert.deepEqual(ids(await reviews.find({value: '1'})), ['s']);
    assert.deepEqual(ids(await reviews.find({value: 1})), ['n']);
    assert.deepEqual(ids(await reviews.find({value: true})), ['t']);
    assert.deepEqual(ids(await reviews.find({value: false})), ['z']);
    assert.deepEqual(ids(await reviews.find({value: 0})), []);
  });

  it('finds by id, which is always indexed', async () => {
    assert.deepEqual(ids(await reviews.find({id: 'd'})), ['d']);
    assert.deepEqual(ids(await reviews.find({id: 'd', community: 'rust'})), []);
  });

  it('sorts ascending and descending by an indexed field, ties by id, with a limit', async () => {
    const rust = {community: 'rust'};
    const byRank = ['f', 'n', 's', 't', 'z', 'a', 'b', 'c', 'd', 'e'];
    assert.deepEqual(ids(await reviews.find({}, {sortBy: 'rank'})), byRank, 'absent values sort first, as null');
    assert.deepEqual(ids(await reviews.find({}, {sortBy: 'rank', descending: true})), byRank.toReversed());
    assert.deepEqual(ids(await reviews.find({community: 'npm'}, {sortBy: 'rank'})), ['f', 'd', 'e']);
    assert.deepEqual(ids(await reviews.find({community: 'npm'}, {sortBy: 'rank', descending: true})), ['e', 'd', 'f']);
    assert.deepEqual(ids(await reviews.find(rust, {sortBy: 'rank'})), ['a', 'b', 'c']);
    assert.deepEqual(ids(await reviews.find(rust, {sortBy: 'rank', descending: true})), ['c', 'b', 'a']);
    assert.deepEqual(ids(await reviews.find(rust, {sortBy: 'rank', limit: 2})), ['a', 'b']);
    assert.deepEqual(ids(await reviews.find(rust, {sortBy: 'rank', descending: true, limit: 1})), ['c']);
    assert.deepEqual(ids(await reviews.find(rust, {limit: 0})), []);
  });

  it('orders by id when no sort field is given', async () => {
    assert.deepEqual(ids(await reviews.find({community: 'typed'})), ['n', 's', 't', 'z']);
    assert.deepEqual(ids(await reviews.find({community: 'typed'}, {descending: true, limit: 2})), ['z', 't']);
  });

  it('rejects filters and sorts on fields that are not indexed', async () => {
    await assert.rejects(reviews.find({note: 'x'}), /not an indexed field/);
    await assert.rejects(reviews.count({note: 'x'}), /not an indexed field/);
    await assert.rejects(reviews.find({}, {sortBy: 'note'}), /not an indexed field/);
  });

  it('rejects a negative or fractional limit', async () => {
    await assert.rejects(reviews.find({}, {limit: -1}), RangeError);
    await assert.rejects(reviews.find({}, {limit: 1.5}), RangeError);
  });

  it('counts matching documents', async () => {
    assert.equal(await reviews.count({}), 10);
    assert.equal(await reviews.count({community: 'rust'}), 3);
    assert.equal(await reviews.count({community: 'rust', status: 'accepted'}), 2);
    assert.equal(await reviews.count({community: 'npm', status: null}), 2);
    assert.equal(await reviews.count({community: 'nobody'}), 0);
  });
}
