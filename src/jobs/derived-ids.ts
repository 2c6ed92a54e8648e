import {createHash} from 'node:crypto';

/**
 * A UUID (version 8, RFC 9562's custom layout) derived from a name, so that
 * a retried step allocates under the same id as the attempt it repeats and
 * finds what that attempt wrote instead of making a second one.
 */
export function derivedUuid(...parts: string[]): string {
  const bytes = createHash('sha256').update(JSON.stringify(parts)).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x80;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
