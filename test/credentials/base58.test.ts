import assert from 'node:assert/strict';
import {randomBytes, randomInt} from 'node:crypto';
import {test} from 'node:test';
import {decode, encode} from 'base58-universal';
import {decodeBase58} from '../../src/credentials/base58.ts';

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

// did:key documents are read with decodeBase58: the bytes of base58-universal (as the proof libraries decode), without its forgiveness for whitespace.
test('decodeBase58 gives the bytes base58-universal gives, leading zeros included', () => {
  for (let round = 0; round < 20_000; round++) {
    const bytes = randomBytes(randomInt(0, 80));
    bytes.fill(0, 0, randomInt(0, Math.min(4, bytes.length) + 1));
    const text = encode(bytes);
    assert.deepEqual(decodeBase58(text), decode(text), text);
    assert.deepEqual(Buffer.from(decodeBase58(text) ?? []), bytes);
  }
});

test('decodeBase58 agrees with base58-universal on arbitrary digit strings, runs of "1" included', () => {
  for (const text of ['', '1', '11', '111', '2', 'z', '1z', '21', '1111z', 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz']) {
    assert.deepEqual(decodeBase58(text), decode(text), text);
  }
  for (let round = 0; round < 20_000; round++) {
    let text = '';
    for (let index = randomInt(0, 120); index > 0; index--) text += randomInt(5) === 0 ? '1' : ALPHABET[randomInt(58)];
    assert.deepEqual(decodeBase58(text), decode(text), text);
  }
});

test('decodeBase58 refuses characters outside the alphabet (0, O, I, l, space, non-ASCII)', () => {
  for (const text of ['z0', 'zO', 'Iz', 'zl', 'z z', 'z\n', 'zé', 'z\u{1F600}']) assert.equal(decodeBase58(text), undefined, JSON.stringify(text));
});
