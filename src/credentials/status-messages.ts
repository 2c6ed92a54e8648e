/**
 * The `message` status purpose of W3C Bitstring Status List: an entry of
 * statusSize bits whose values the entry's statusMessage names. Hallmark
 * issues one vocabulary, so that one credential can be suspended,
 * reinstated, and at last revoked for good; and reads any issuer's.
 */
import type {StatusPurpose} from './status-lists.ts';

export const MESSAGE_STATUS_SIZE = 2;

export const STATUS_VALUE = {valid: 0, suspended: 1, revoked: 2} as const;

export interface StatusMessage {
  status: string;
  message: string;
}

/**
 * The spec wants one message per value (2^statusSize); "undefined" is its
 * word for a value not in use yet.
 */
export const HALLMARK_STATUS_MESSAGES: readonly StatusMessage[] = [
  {status: '0x0', message: 'valid'},
  {status: '0x1', message: 'suspended'},
  {status: '0x2', message: 'revoked'},
  {status: '0x3', message: 'undefined'},
];

export function statusSizeFor(purpose: StatusPurpose): number {
  return purpose === 'message' ? MESSAGE_STATUS_SIZE : 1;
}

/** The hexadecimal form the spec gives status values in ("0x2"). */
export function hexStatus(value: number): string {
  return `0x${value.toString(16)}`;
}

/** What Hallmark's own message entries mean by a value. */
export function hallmarkMessage(value: number): string {
  return HALLMARK_STATUS_MESSAGES[value]?.message ?? 'undefined';
}

/** Status strings are short hex numbers; this bounds what a hostile entry can make us parse. */
const HEX_STATUS = /^0x[0-9a-fA-F]{1,4}$/;
const MAX_MESSAGE_LENGTH = 1_000;

/**
 * An entry's statusMessage as value → message, or the reason it is
 * malformed. Absent, it defaults to "unset"/"set" for 1-bit entries and is
 * required for wider ones; present, it must name each of the 2^statusSize
 * values exactly once.
 */
export function readStatusMessages(statusMessage: unknown, statusSize: number): Map<number, string> | string {
  const count = 2 ** statusSize;
  if (statusMessage === undefined) {
    if (statusSize > 1) return `statusMessage is required when statusSize is ${statusSize}`;
    return new Map([[0, 'unset'], [1, 'set']]);
  }
  if (!Array.isArray(statusMessage)) return 'statusMessage is not an array';
  if (statusMessage.length !== count) return `statusMessage has ${statusMessage.length} messages, but statusSize ${statusSize} has ${count} values`;
  const messages = new Map<number, string>();
  for (const [position, item] of statusMessage.entries()) {
    const status: unknown = typeof item === 'object' && item !== null ? (item as Record<string, unknown>).status : undefined;
    const message: unknown = typeof item === 'object' && item !== null ? (item as Record<string, unknown>).message : undefined;
    if (typeof status !== 'string' || !HEX_STATUS.test(status)) return `statusMessage ${position} has no status of the form 0x…`;
    if (typeof message !== 'string' || message.length > MAX_MESSAGE_LENGTH) return `statusMessage ${position} has no message`;
    const value = Number.parseInt(status.slice(2), 16);
    if (value >= count) return `statusMessage ${position} is for ${status}, which ${statusSize} bits cannot hold`;
    if (messages.has(value)) return `statusMessage names ${status} twice`;
    messages.set(value, message);
  }
  return messages;
}
