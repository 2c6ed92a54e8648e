/**
 * Each account's password and its lockout state, in one record per account,
 * changed only by compare-and-set: concurrent wrong guesses each count.
 */
import type {Collection, Document, Store} from '../store/port.ts';
import {HallmarkError} from '../errors.ts';
import {checkNewPassword, decoyHash, hashPassword, needsRehash, verifyPassword} from './passwords.ts';

/** Wrong passwords in a row that lock an account. */
export const MAX_FAILED_SIGN_INS = 10;
/** The first lock lasts this long; each further one in a row twice as long, up to a day. */
export const FIRST_LOCK_MS = 15 * 60 * 1000;
const LONGEST_LOCK_MS = 24 * 3600 * 1000;

interface CredentialRecord extends Document {
  /** The account handle. */
  id: string;
  passwordHash: string | null;
  passwordChangedAt: string | null;
  /** Wrong passwords since the last good sign-in or lock. */
  failedSignIns: number;
  /** Locks in a row without a good sign-in between them. */
  lockouts: number;
  lockedUntil: string | null;
}

/** What a sign-in attempt needs to know about the account (AccountService satisfies it). */
export interface AccountLookup {
  find(handle: string): Promise<{handle: string; kind: string; issuer: string | null} | null>;
}

export class PasswordCredentials {
  readonly #records: Collection<CredentialRecord>;
  readonly #accounts: AccountLookup;

  private constructor(records: Collection<CredentialRecord>, accounts: AccountLookup) {
    this.#records = records;
    this.#accounts = accounts;
  }

  static async open(store: Store, accounts: AccountLookup): Promise<PasswordCredentials> {
    return new PasswordCredentials(await store.collection<CredentialRecord>({name: 'account_credentials', indexes: []}), accounts);
  }

  /** Sets (or replaces) the account's password; the lockout starts afresh. Idempotent for the same hash. */
  async setPasswordHash(handle: string, passwordHash: string, now = new Date()): Promise<void> {
    for (;;) {
      const found = await this.#records.get(handle);
      const next: CredentialRecord = {id: handle, passwordHash, passwordChangedAt: now.toISOString(), failedSignIns: 0, lockouts: 0, lockedUntil: null};
      if (!found) {
        try {
          await this.#records.insert(next);
          return;
        } catch {
          continue;
        }
      }
      if (found.doc.passwordHash === passwordHash) return;
      if (await this.#records.update(handle, found.version, next)) return;
    }
  }

  async setPassword(handle: string, password: string, now = new Date()): Promise<void> {
    checkNewPassword(password);
    await this.setPasswordHash(handle, await hashPassword(password), now);
  }

  /** Whether anyone at all can sign in with a password yet. */
  async anyPassword(): Promise<boolean> {
    return (await this.#records.count({})) > 0;
  }

  async hasPassword(handle: string): Promise<boolean> {
    return ((await this.#records.get(handle))?.doc.passwordHash ?? null) !== null;
  }

  /**
   * Checks a handle and password. Unknown handles, accounts without a password
   * and wrong passwords all get the same 401 after the same work; a locked
   * account gets a 403 that says until when, whatever the password.
   */
  async check(handle: string, password: string, now = new Date()): Promise<{handle: string; issuerSlug: string | null}> {
    const account = await this.#accounts.find(handle);
    const found = account ? await this.#records.get(handle) : null;
    const lockedUntil = found?.doc.lockedUntil ?? null;
    if (lockedUntil !== null && lockedUntil > now.toISOString()) throw locked(lockedUntil);
    const stored = found?.doc.passwordHash ?? null;
    const good = await verifyPassword(password, stored ?? (await decoyHash()));
    if (!account || !found || stored === null) throw wrong();
    if (!good) {
      const lockedNow = await this.#recordFailure(handle, now);
      if (lockedNow) throw locked(lockedNow);
      throw wrong();
    }
    await this.#recordSuccess(handle, password);
    return {handle: account.handle, issuerSlug: account.issuer};
  }

  /** Counts a wrong password; returns the lock's end when this one locked the account. */
  async #recordFailure(handle: string, now: Date): Promise<string | null> {
    for (;;) {
      const found = await this.#records.get(handle);
      if (!found) return null;
      const record = found.doc;
      const failed = (record.lockedUntil !== null && record.lockedUntil <= now.toISOString() ? 0 : record.failedSignIns) + 1;
      let next: CredentialRecord = {...record, failedSignIns: failed};
      let lockedUntil: string | null = null;
      if (failed >= MAX_FAILED_SIGN_INS) {
        const lockouts = record.lockouts + 1;
        lockedUntil = new Date(now.getTime() + Math.min(FIRST_LOCK_MS * 2 ** (lockouts - 1), LONGEST_LOCK_MS)).toISOString();
        next = {...record, failedSignIns: 0, lockouts, lockedUntil};
      }
      if (await this.#records.update(handle, found.version, next)) return lockedUntil;
    }
  }

  async #recordSuccess(handle: string, password: string): Promise<void> {
    const found = await this.#records.get(handle);
    if (!found) return;
    const record = found.doc;
    const rehash = record.passwordHash !== null && needsRehash(record.passwordHash);
    if (record.failedSignIns === 0 && record.lockouts === 0 && record.lockedUntil === null && !rehash) return;
    const passwordHash = rehash ? await hashPassword(password) : record.passwordHash;
    // A concurrent change (a new password, another failure) wins; this is only bookkeeping.
    await this.#records.update(handle, found.version, {...record, passwordHash, failedSignIns: 0, lockouts: 0, lockedUntil: null});
  }
}

function wrong(): HallmarkError {
  return new HallmarkError('unauthorized', 'that handle and password do not match an account', [{field: 'password', problem: 'does not match'}]);
}

function locked(until: string): HallmarkError {
  return new HallmarkError('forbidden', `too many wrong passwords: this account is locked until ${until.slice(0, 16).replace('T', ' ')} UTC`, [{field: 'handle', problem: 'is locked'}]);
}
