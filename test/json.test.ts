import {test} from 'node:test';
import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import {asArray, firstObject, jcsDigest, nodeId, strings, text} from '../src/json.ts';

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
