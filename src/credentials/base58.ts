/**
 * Base58btc decoding (the Bitcoin alphabet multibase "z" uses), for the
 * strings verification decodes on every credential: proofValue signatures
 * and multibase keys. base58-universal, which the proof libraries use,
 * works a byte and a digit at a time (several microseconds for a
 * signature); this works on 16-bit limbs and five digits at a time and
 * gives the same bytes: one zero byte per leading "1", then the value's
 * big-endian bytes.
 */
const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const DIGITS = new Int8Array(128).fill(-1);
for (let index = 0; index < ALPHABET.length; index++) DIGITS[ALPHABET.charCodeAt(index)] = index;

/** 58^5 < 2^30: a limb (< 2^16) times it, plus a carry, stays well inside exact float arithmetic. */
const GROUP = 5;
const POWERS = [1, 58, 58 ** 2, 58 ** 3, 58 ** 4, 58 ** 5];

/** The bytes `text` encodes, or undefined when it holds a character outside the alphabet. */
export function decodeBase58(text: string): Uint8Array | undefined {
  let zeros = 0;
  while (zeros < text.length && text.charCodeAt(zeros) === 49) zeros++;
  // Little-endian 16-bit limbs; log2(58) < 6 bits per digit.
  const limbs = new Float64Array(Math.ceil(((text.length - zeros) * 6) / 16) + 1);
  let used = 0;
  for (let start = zeros; start < text.length; start += GROUP) {
    const end = Math.min(start + GROUP, text.length);
    let group = 0;
    for (let index = start; index < end; index++) {
      const code = text.charCodeAt(index);
      const digit = code < 128 ? DIGITS[code] : -1;
      if (digit < 0) return undefined;
      group = group * 58 + digit;
    }
    const multiplier = POWERS[end - start];
    let carry = group;
    for (let limb = 0; limb < used; limb++) {
      const value = limbs[limb] * multiplier + carry;
      carry = Math.floor(value / 65536);
      limbs[limb] = value - carry * 65536;
    }
    while (carry > 0) {
      const next = Math.floor(carry / 65536);
      limbs[used++] = carry - next * 65536;
      carry = next;
    }
  }
  let length = used * 2;
  if (used > 0 && limbs[used - 1] < 256) length--;
  const bytes = new Uint8Array(zeros + length);
  for (let index = 0; index < length; index++) {
    const limb = limbs[index >> 1];
    bytes[bytes.length - 1 - index] = index & 1 ? limb >> 8 : limb & 0xff;
  }
  return bytes;
}
