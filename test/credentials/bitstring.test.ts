import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {gzipSync} from 'node:zlib';
import {decodeStatusList, encodeStatusList, encodeStatusValues, statusBit, statusValue} from '../../src/credentials/bitstring.ts';

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

  it('writes 2-bit entries at index × 2, first and last entry included, leaving neighbours untouched', () => {
    const entries = 131_072;
    const list = decodeStatusList(encodeStatusValues([[0, 2], [1, 1], [5, 3], [entries - 1, 2]], entries, 2));
    assert.equal(list.length, entries * 2, 'entries × statusSize bits');
    assert.equal(list.bytes.length, 32 * 1024);
    // Entry 0 = 0b10 and entry 1 = 0b01: bits 0 and 3 of byte 0, most significant first.
    assert.equal(list.bytes[0], 0b1001_0000);
    assert.deepEqual([0, 1, 2, 4, 5, 6].map((index) => statusValue(list, index, 2)), [2, 1, 0, 0, 3, 0]);
    assert.equal(list.bytes[1], 0b0011_0000, 'entry 5 is bits 10 and 11, nothing else in byte 1');
    assert.equal(statusValue(list, entries - 1, 2), 2);
    assert.equal(statusValue(list, entries - 2, 2), 0);
    assert.equal(list.bytes[list.bytes.length - 1], 0b0000_0010);
    assert.equal(list.bytes.filter((byte) => byte !== 0).length, 3, 'no other byte is touched');
  });

  it('writes 1-bit lists exactly as before', () => {
    assert.equal(encodeStatusList([0, 9, 131_071], 131_072), encodeStatusValues([[0, 1], [9, 1], [131_071, 1]], 131_072, 1));
  });

  it('refuses to write a value wider than the entry or an index outside the list', () => {
    assert.throws(() => encodeStatusValues([[0, 4]], 8, 2), RangeError);
    assert.throws(() => encodeStatusValues([[0, -1]], 8, 2), RangeError);
    assert.throws(() => encodeStatusValues([[8, 1]], 8, 2), RangeError);
    assert.throws(() => encodeStatusValues([[0, 1]], 8, 0), RangeError);
  });
});
