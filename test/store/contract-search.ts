/** Contract: a full-text index — put/replace/remove, every word required, types, paging, hostile queries. */
import assert from 'node:assert/strict';
import {before, it} from 'node:test';
import type {SearchIndex} from '../../src/store/port.ts';
import type {ContractContext} from './contract.ts';

export function searchContract(context: ContractContext): void {
  let index: SearchIndex;
  before(async () => {
    index = await context.store().searchIndex(context.name('search'));
    await index.put({id: 'package:pkg:npm/left-pad', type: 'package', title: 'left-pad', text: 'pkg:npm/left-pad Safe to run badge by JS vetting', data: {purl: 'pkg:npm/left-pad'}});
    await index.put({id: 'package:pkg:cargo/serde', type: 'package', title: 'serde', text: 'pkg:cargo/serde serialization', data: {purl: 'pkg:cargo/serde'}});
    await index.put({id: 'community:js-vet', type: 'community', title: 'JS vetting', text: 'js-vet npm packages reviewed carefully', data: {slug: 'js-vet'}});
    await index.put({id: 'reviewer:zoe', type: 'reviewer', title: 'Zoë Ünal', text: 'zoe auditor of js-vet', data: {handle: 'zoe'}});
    for (let i = 0; i < 12; i++) await index.put({id: `package:pkg:npm/many-${String(i).padStart(2, '0')}`, type: 'package', title: `many ${i}`, text: 'bulk filler package', data: {i}});
  });

  it('finds entries by whole words of the title or text, case-insensitively, with their data', async () => {
    const found = await index.search('LEFT pad', {limit: 10});
    assert.equal(found.total, 1);
    assert.deepEqual(found.hits[0], {id: 'package:pkg:npm/left-pad', type: 'package', title: 'left-pad', text: 'pkg:npm/left-pad Safe to run badge by JS vetting', data: {purl: 'pkg:npm/left-pad'}});
    assert.deepEqual((await index.search('pkg:cargo/serde', {limit: 10})).hits.map((hit) => hit.id), ['package:pkg:cargo/serde'], 'a purl is found as its words');
  });

  it('requires every word, ignores accents, and narrows by type', async () => {
    assert.equal((await index.search('left serde', {limit: 10})).total, 0);
    assert.deepEqual((await index.search('zoe unal', {limit: 10})).hits.map((hit) => hit.id), ['reviewer:zoe']);
    assert.deepEqual((await index.search('vetting', {limit: 10})).hits.map((hit) => hit.id).sort(), ['community:js-vet', 'package:pkg:npm/left-pad']);
    assert.deepEqual((await index.search('vetting', {limit: 10, type: 'community'})).hits.map((hit) => hit.id), ['community:js-vet']);
    assert.deepEqual((await index.search('vetting', {limit: 10})).hits[0].id, 'community:js-vet', 'a title word ranks first');
  });

  it('pages through many hits with a stable order and a total', async () => {
    const first = await index.search('bulk filler', {limit: 5});
    const second = await index.search('bulk filler', {limit: 5, offset: 5});
    const third = await index.search('bulk filler', {limit: 5, offset: 10});
    assert.equal(first.total, 12);
    assert.deepEqual([first.hits.length, second.hits.length, third.hits.length], [5, 5, 2]);
    assert.equal(new Set([...first.hits, ...second.hits, ...third.hits].map((hit) => hit.id)).size, 12);
    assert.deepEqual((await index.search('bulk', {limit: 0})).hits, []);
  });

  it('replaces an entry by id and removes it', async () => {
    await index.put({id: 'community:rust', type: 'community', title: 'Rust guild', text: 'cargo', data: {v: 1}});
    await index.put({id: 'community:rust', type: 'community', title: 'Crab guild', text: 'cargo', data: {v: 2}});
    assert.equal((await index.search('rust', {limit: 10})).total, 0, 'the old words are gone');
    assert.deepEqual((await index.search('crab', {limit: 10})).hits.map((hit) => hit.data), [{v: 2}]);
    assert.equal(await index.remove('community:rust'), true);
    assert.equal(await index.remove('community:rust'), false);
    assert.equal((await index.search('crab', {limit: 10})).total, 0);
  });

  it('reads query syntax, quotes, operators and huge queries as plain words', async () => {
    for (const hostile of ['"', '"left', 'left"pad', 'left OR serde', 'NEAR(left pad)', 'title:left', '-left', 'left*', '*', '^left', '$where', '{"$gt": ""}', "'; DROP TABLE x; --", '\u0000left', 'pad AND', '()']) {
      const found = await index.search(hostile, {limit: 10});
      assert.ok(Array.isArray(found.hits), hostile);
    }
    assert.equal((await index.search('left OR serde', {limit: 10})).total, 0, 'OR is a word, and no entry has it');
    assert.deepEqual((await index.search('"left"', {limit: 10})).hits.map((hit) => hit.id), ['package:pkg:npm/left-pad']);
    assert.equal((await index.search('x'.repeat(10_240), {limit: 10})).total, 0);
    assert.equal((await index.search(`${'left '.repeat(2000)}pad`, {limit: 10})).total, 1);
    assert.equal((await index.search('   ', {limit: 10})).total, 0);
  });

  it('refuses malformed entries and options', async () => {
    await assert.rejects(index.put({id: '', type: 'package', title: 't', text: 't', data: {}}), TypeError);
    await assert.rejects(index.put({id: 'x', type: 'Bad Type', title: 't', text: 't', data: {}}), TypeError);
    await assert.rejects(index.search('left', {limit: -1}), RangeError);
    await assert.rejects(index.search('left', {limit: 10, offset: 1.5}), RangeError);
  });
}
