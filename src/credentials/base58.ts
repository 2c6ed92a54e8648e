import {decode} from 'base58-universal';

/**
 * Base58btc (the Bitcoin alphabet multibase "z" uses), decoded by
 * base58-universal as the proof libraries decode it, but strictly: the
 * library drops whitespace before decoding, and a key spelled with spaces is
 * not the key.
 */
const BASE58 = /^[1-9A-HJ-NP-Za-km-z]*$/;

/** The bytes `text` encodes, or undefined when it holds anything outside the alphabet. */
export function decodeBase58(text: string): Uint8Array | undefined {
  return BASE58.test(text) ? decode(text) : undefined;
}
