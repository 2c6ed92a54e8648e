import {test} from 'node:test';
import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import {asArray, firstObject, jcsDigest, nodeId, strings, text, exactJson} from '../src/json.ts';

test('the JCS digest is the same for the same meaning and differs for another', () => {
  const expected = `sha256-${createHash('sha256').update('{"a":[1,"x"],"b":{"c":true}}').digest('base64url')}`;
  assert.equal(jcsDigest({b: {c: true}, a: [1, 'x']}), expected);
  assert.equal(jcsDigest({a: [1, 'x'], b: {c: true}}), expected);
  assert.notEqual(jcsDigest({a: [1, 'x'], b: {c: false}}), expected);
});

test('JSON-LD values read alike whether given once or as an array', () => {
  assert.deepEqual(asArray('a'), ['a']);
  assert.deepEqual(asArray(null), []);
  assert.deepEqual(strings(['a', 1, 'b']), ['a', 'b']);
  assert.deepEqual([strings('a'), strings(undefined), strings(null), strings(5), strings({id: 'x'}), strings([])], [['a'], [], [], [], [], []]);
  assert.equal(nodeId({id: 'did:web:x'}), 'did:web:x');
  assert.deepEqual(firstObject([{name: 'n'}, {name: 'm'}]), {name: 'n'});
  assert.equal(firstObject(['not an object']), null);
  assert.equal(text('  '), null);
  assert.equal(text('name'), 'name');
});

test('exactJson names a value only when its JSON text cannot stand for another', () => {
  assert.equal(exactJson({a: [1, 'x', null, true]}), '{"a":[1,"x",null,true]}');
  // JSON.parse reads 1e400 as Infinity, which JSON.stringify writes as null; -0 is written as 0.
  for (const value of [JSON.parse('{"n": 1e400}'), JSON.parse('[-1e400]'), JSON.parse('{"n": -0}'), {n: Number.NaN}]) {
    assert.equal(exactJson(value), undefined, JSON.stringify(value));
  }
  assert.equal(exactJson({n: 0}), '{"n":0}');
});
