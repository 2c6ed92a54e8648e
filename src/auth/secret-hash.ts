import {createHash, randomBytes} from 'node:crypto';

/**
 * Secrets we hand out (session cookies, invitation links) are 256-bit random,
 * so a fast hash is enough to store them: only the SHA-256 is kept, and a
 * leaked table lets nobody act.
 */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Shape of a secret we minted (43 base64url characters); anything else is refused before a lookup. */
export const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;
