import {gunzipSync, gzipSync} from 'node:zlib';

/**
 * W3C Bitstring Status List encoding: bit 0 is the most significant bit of
 * byte 0; the list is GZIP-compressed and multibase base64url ('u') encoded.
 */
export const MIN_STATUS_LIST_LENGTH = 131_072;

/** Refuse to inflate lists beyond this, so a hostile list cannot exhaust memory. */
const MAX_DECODED_BYTES = 16 * 1024 * 1024;

export function encodeStatusList(setBits: Iterable<number>, length: number): string {
  return encodeStatusValues(Array.from(setBits, (index): [number, number] => [index, 1]), length, 1);
}

/**
 * A list of `entries` entries of `size` bits each (entries · size bits in
 * all), entry i holding bits i·size … (i+1)·size − 1, its most significant
 * bit first: the layout statusValue reads.
 */
export function encodeStatusValues(values: Iterable<[index: number, value: number]>, entries: number, size: number): string {
  assertSize(size);
  const bits = entries * size;
  const bytes = new Uint8Array(Math.ceil(bits / 8));
  for (const [index, value] of values) {
    if (!Number.isInteger(index) || index < 0 || index >= entries) {
      throw new RangeError(`status index ${index} outside list of ${entries}`);
    }
    if (!Number.isInteger(value) || value < 0 || value >= 2 ** size) throw new RangeError(`status value ${value} does not fit ${size} bits`);
    for (let offset = 0; offset < size; offset++) {
      if ((value >> (size - 1 - offset)) & 1) {
        const bit = index * size + offset;
        bytes[bit >> 3] |= 0x80 >> (bit & 7);
      }
    }
  }
  return 'u' + gzipSync(bytes).toString('base64url');
}

export interface DecodedStatusList {
  bytes: Uint8Array;
  /** Number of entries (bits) in the list. */
  length: number;
}

export function decodeStatusList(encoded: string): DecodedStatusList {
  // Multibase base64url is the standard; some issuers (VC 1.1 StatusList2021) omit the prefix.
  const body = encoded.startsWith('u') ? encoded.slice(1) : encoded;
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(body)) throw new Error('encodedList is not base64url');
  const bytes = gunzipSync(Buffer.from(body, 'base64url'), {maxOutputLength: MAX_DECODED_BYTES});
  return {bytes, length: bytes.length * 8};
}

/** The widest status entry the Bitstring Status List specification allows (statusSize). */
export const MAX_STATUS_SIZE = 16;

/**
 * The value of entry `index` in a list of `size`-bit entries: bits
 * index·size … (index+1)·size − 1, the first one most significant.
 */
export function statusValue(list: DecodedStatusList, index: number, size = 1): number {
  assertSize(size);
  if (!Number.isInteger(index) || index < 0 || (index + 1) * size > list.length) {
    throw new RangeError(`status index ${index} outside list of ${Math.floor(list.length / size)} entries`);
  }
  let value = 0;
  for (let bit = index * size; bit < (index + 1) * size; bit++) {
    value = (value << 1) | ((list.bytes[bit >> 3] >> (7 - (bit & 7))) & 1);
  }
  return value;
}

function assertSize(size: number): void {
  if (!Number.isInteger(size) || size < 1 || size > MAX_STATUS_SIZE) throw new RangeError(`status size ${size} is not 1 to ${MAX_STATUS_SIZE}`);
}

/** Whether entry `index` of a list of 1-bit entries (revocation, suspension) is set. */
export function statusBit(list: DecodedStatusList, index: number): boolean {
  return statusValue(list, index, 1) === 1;
}
