import {randomBytes, createHash} from 'node:crypto';
import {existsSync, mkdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';

const SECRET_FILE = 'master.secret';

/**
 * The master secret that encrypts private keys at rest: HALLMARK_SECRET when
 * given, else a random secret kept in a 0600 file in the data directory so a
 * zero-configuration start still never stores a key in the clear.
 */
export function loadMasterSecret(dataDir: string, configured: string | undefined): Buffer {
  if (configured) return createHash('sha256').update(configured, 'utf8').digest();
  mkdirSync(dataDir, {recursive: true, mode: 0o700});
  const path = join(dataDir, SECRET_FILE);
  if (!existsSync(path)) {
    // 'wx' so two processes starting at once cannot both write a secret.
    try {
      writeFileSync(path, randomBytes(32).toString('base64url') + '\n', {mode: 0o600, flag: 'wx'});
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  if ((statSync(path).mode & 0o077) !== 0) {
    throw new Error(`${path} must not be readable by group or others (chmod 600)`);
  }
  const text = readFileSync(path, 'utf8').trim();
  if (text.length < 32) throw new Error(`${path} does not hold a usable secret`);
  return createHash('sha256').update(text, 'utf8').digest();
}
