import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {gzipSync} from 'node:zlib';
import {decodeStatusList, encodeStatusList, statusBit, statusValue} from '../../src/credentials/bitstring.ts';

/** The one reader of status list entries, for 1-bit (revocation, suspension) and wider (message) entries alike. */
function listOf(bytes: number[]): string {
  return `u${gzipSync(Uint8Array.from(bytes)).toString('base64url')}`;
}

describe('bitstring status lists', () => {
  it('reads 1-bit entries, the first bit being the most significant of byte 0', () => {
    const list = decodeStatusList(encodeStatusList([0, 9, 131_071], 131_072));
    assert.equal(list.length, 131_072);
    assert.deepEqual([0, 1, 8, 9, 10, 131_071].map((index) => statusBit(list, index)), [true, false, false, true, false, true]);
    assert.equal(statusValue(list, 9), 1);
  });

  it('reads entries of several bits, most significant bit first', () => {
    // 0b1011_0010 0b0111_1111: 2-bit entries 2, 3, 0, 2 | 1, 3, 3, 3; 4-bit entries 11, 2 | 7, 15.
    const list = decodeStatusList(listOf([0b1011_0010, 0b0111_1111]));
    assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 7].map((index) => statusValue(list, index, 2)), [2, 3, 0, 2, 1, 3, 3, 3]);
    assert.deepEqual([0, 1, 2, 3].map((index) => statusValue(list, index, 4)), [11, 2, 7, 15]);
    assert.equal(statusValue(list, 0, 16), 0b1011_0010_0111_1111);
  });

  it('refuses an index or size outside the list', () => {
    const list = decodeStatusList(listOf([0xff, 0xff]));
    assert.throws(() => statusValue(list, 4, 4), RangeError);
    assert.throws(() => statusValue(list, 16), RangeError);
    assert.throws(() => statusValue(list, -1), RangeError);
    assert.throws(() => statusValue(list, 0.5), RangeError);
    assert.throws(() => statusValue(list, 0, 17), RangeError);
    assert.throws(() => statusValue(list, 0, 0), RangeError);
    assert.throws(() => statusBit(list, 16), RangeError);
  });
});
