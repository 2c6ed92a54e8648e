/**
 * Password hashing with scrypt from node:crypto (RFC 7914).
 *
 * Parameters: N = 2^15, r = 8, p = 1, a 16-byte random salt and a 32-byte
 * key. That costs 32 MiB of memory (128·N·r) and on the order of 100 ms of one
 * core per hash — the cost OWASP's password storage guidance names as
 * scrypt's baseline — so guessing offline is slow, while a sign-in stays quick.
 * The hash is stored in PHC string form, `$scrypt$ln=15,r=8,p=1$<salt>$<key>`
 * (base64 without padding), so the parameters can be raised later and old
 * hashes still verify; verification refuses parameters beyond sane bounds, so
 * a tampered record cannot make one sign-in cost gigabytes.
 */
import {randomBytes, scrypt, timingSafeEqual, type ScryptOptions} from 'node:crypto';
import {invalidInput} from '../errors.ts';

export interface ScryptParameters {
  /** log2 of N, the CPU/memory cost. */
  ln: number;
  r: number;
  p: number;
}

export const SCRYPT_PARAMETERS: Readonly<ScryptParameters> = {ln: 15, r: 8, p: 1};
const SALT_BYTES = 16;
const KEY_BYTES = 32;
const MAX_LN = 20;
const MAX_R = 16;
const MAX_P = 4;

/** Shorter passwords are refused; longer ones than MAX are refused too (hashing cost grows with length only slightly, but a cap bounds abuse). */
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;

function derive(password: string, salt: Buffer, parameters: ScryptParameters): Promise<Buffer> {
  const N = 2 ** parameters.ln;
  // maxmem must exceed 128·N·r; leave headroom for node's own bookkeeping.
  const options: ScryptOptions = {N, r: parameters.r, p: parameters.p, maxmem: 256 * N * parameters.r + 1024 * 1024};
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

const b64 = (bytes: Buffer): string => bytes.toString('base64').replace(/=+$/, '');

export async function hashPassword(password: string, parameters: ScryptParameters = SCRYPT_PARAMETERS): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, parameters);
  return `$scrypt$ln=${parameters.ln},r=${parameters.r},p=${parameters.p}$${b64(salt)}$${b64(key)}`;
}

const PHC = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d)\$([A-Za-z0-9+/]{16,64})\$([A-Za-z0-9+/]{32,128})$/;

/** True when `password` matches the stored hash; compared in constant time. A malformed hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const match = PHC.exec(stored);
  if (!match) return false;
  const parameters = {ln: Number(match[1]), r: Number(match[2]), p: Number(match[3])};
  if (parameters.ln < 10 || parameters.ln > MAX_LN || parameters.r < 1 || parameters.r > MAX_R || parameters.p < 1 || parameters.p > MAX_P) return false;
  const expected = Buffer.from(match[5], 'base64');
  if (expected.length !== KEY_BYTES) return false;
  const key = await derive(password, Buffer.from(match[4], 'base64'), parameters);
  return timingSafeEqual(key, expected);
}

/** True when the hash was made with weaker parameters than today's (re-hash it on the next good sign-in). */
export function needsRehash(stored: string): boolean {
  const match = PHC.exec(stored);
  return !match || Number(match[1]) < SCRYPT_PARAMETERS.ln || Number(match[2]) < SCRYPT_PARAMETERS.r;
}

/** A hash of a password nobody knows: unknown handles are checked against it, so they take as long as known ones. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(24).toString('base64url'));
  return decoy;
}

/** Refuses passwords too short or too long to accept, naming the form field. */
export function checkNewPassword(password: string, field = 'password'): void {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) throw invalidInput(`choose a password of at least ${MIN_PASSWORD_LENGTH} characters`, [{field, problem: `is shorter than ${MIN_PASSWORD_LENGTH} characters`}]);
  if (length > MAX_PASSWORD_LENGTH) throw invalidInput(`a password may have at most ${MAX_PASSWORD_LENGTH} characters`, [{field, problem: `is longer than ${MAX_PASSWORD_LENGTH} characters`}]);
}
