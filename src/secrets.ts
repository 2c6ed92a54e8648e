import {randomBytes, createHash} from 'node:crypto';
import {existsSync, mkdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';

const SECRET_FILE = 'master.secret';

export interface SecretOptions {
  /** HALLMARK_SECRET_FILE. */
  secretFile?: string;
  /** NODE_ENV=production: never generate a secret beside the database (a copy of the directory would carry both). */
  production?: boolean;
}

/**
 * The master secret that encrypts private keys at rest: HALLMARK_SECRET, or
 * the file HALLMARK_SECRET_FILE names (kept outside the data directory, e.g.
 * a systemd credential), or — for a zero-configuration start, not in
 * production — a random secret generated into a 0600 file in the data
 * directory, so a key is still never stored in the clear.
 */
export function loadMasterSecret(dataDir: string, configured: string | undefined, options: SecretOptions = {}): Buffer {
  if (configured) return derive(configured);
  if (options.secretFile) return derive(readSecretFile(options.secretFile, 'HALLMARK_SECRET_FILE'));
  mkdirSync(dataDir, {recursive: true, mode: 0o700});
  const path = join(dataDir, SECRET_FILE);
  if (!existsSync(path)) {
    if (options.production === true) {
      throw new Error(
        'NODE_ENV is production and no master secret is configured: set HALLMARK_SECRET_FILE to a file outside the data directory ' +
          '(or HALLMARK_SECRET), so that the secret is not stored, or backed up, beside the keys it protects',
      );
    }
    // 'wx' so two processes starting at once cannot both write a secret.
    try {
      writeFileSync(path, randomBytes(32).toString('base64url') + '\n', {mode: 0o600, flag: 'wx'});
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return derive(readSecretFile(path, path));
}

function readSecretFile(path: string, name: string): string {
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch (error) {
    throw new Error(`${name}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if ((mode & 0o077) !== 0) throw new Error(`${path} must not be readable by group or others (chmod 600)`);
  const text = readFileSync(path, 'utf8').trim();
  if (text.length < 32) throw new Error(`${path} does not hold a usable secret (at least 32 characters)`);
  return text;
}

function derive(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}
