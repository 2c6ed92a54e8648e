/**
 * CSRF protection for forms: every form carries a one-time token that is
 * bound to who is filling it in (their session, or before sign-in a random
 * cookie of their browser), signed with a key derived from the master secret,
 * and good for FORM_TOKEN_LIFETIME_MS. Redeeming a token records its nonce,
 * so the same form cannot be sent twice (a replay, or a double click).
 *
 * Token: `<issued, seconds>.<nonce>.<HMAC-SHA256(key, binding|issued|nonce)>`.
 * Issuing costs one HMAC and no write; only redeeming writes.
 */
import {createHmac, hkdfSync, randomBytes, timingSafeEqual} from 'node:crypto';
import {DuplicateKeyError, type Collection, type Document, type Store} from '../store/port.ts';
import {HallmarkError} from '../errors.ts';

export const FORM_TOKEN_LIFETIME_MS = 4 * 3600 * 1000;
/** Tokens "issued" further ahead than this are forged (or a clock went wrong). */
const CLOCK_SKEW_MS = 60 * 1000;
const PURGE_INTERVAL_MS = 10 * 60 * 1000;
const TOKEN = /^(\d{10})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

interface UsedNonce extends Document {
  /** The nonce. */
  id: string;
  expiresAt: string;
}

export class FormTokens {
  readonly #key: Buffer;
  readonly #used: Collection<UsedNonce>;
  #lastPurge = 0;

  private constructor(key: Buffer, used: Collection<UsedNonce>) {
    this.#key = key;
    this.#used = used;
  }

  static async open(store: Store, masterSecret: Buffer): Promise<FormTokens> {
    const key = Buffer.from(hkdfSync('sha256', masterSecret, 'hallmark', 'form-tokens/v1', 32));
    return new FormTokens(key, await store.collection<UsedNonce>({name: 'form_nonces', indexes: [{fields: ['expiresAt']}]}));
  }

  /** A fresh token for one form, bound to `binding` (e.g. `session:<id>`). */
  issue(binding: string, now = new Date()): string {
    const issued = String(Math.floor(now.getTime() / 1000)).padStart(10, '0');
    const nonce = randomBytes(16).toString('base64url');
    return `${issued}.${nonce}.${this.#mac(binding, issued, nonce)}`;
  }

  /**
   * Accepts a token once: it must be ours, for this binding, unexpired and not
   * used before. Anything else is a 403 saying what to do; nothing is written.
   */
  async redeem(binding: string | null, token: unknown, now = new Date()): Promise<void> {
    if (typeof token !== 'string' || token === '') throw refused('this form is missing its security token; reload the page and send it again');
    const match = TOKEN.exec(token);
    if (binding === null) throw refused('this form cannot be checked because your browser sent no session or form cookie; allow cookies for this site, reload the page and send it again');
    if (!match) throw refused('this form\'s security token is not valid; reload the page and send it again');
    const [, issued, nonce, mac] = match;
    const expected = Buffer.from(this.#mac(binding, issued, nonce));
    if (expected.length !== mac.length || !timingSafeEqual(expected, Buffer.from(mac))) {
      throw refused('this form\'s security token does not belong to your session (it was made for another one, or altered); reload the page and send it again');
    }
    const issuedMs = Number(issued) * 1000;
    if (issuedMs > now.getTime() + CLOCK_SKEW_MS) throw refused('this form\'s security token is not valid; reload the page and send it again');
    if (issuedMs + FORM_TOKEN_LIFETIME_MS <= now.getTime()) throw refused('this form is more than 4 hours old; reload the page and send it again');
    await this.#purge(now);
    try {
      await this.#used.insert({id: nonce, expiresAt: new Date(issuedMs + FORM_TOKEN_LIFETIME_MS).toISOString()});
    } catch (error) {
      if (error instanceof DuplicateKeyError) throw refused('this form was already sent once, so it was not sent again; reload the page if you mean to send it again');
      throw error;
    }
  }

  #mac(binding: string, issued: string, nonce: string): string {
    return createHmac('sha256', this.#key).update(`${binding}|${issued}|${nonce}`).digest('base64url');
  }

  async #purge(now: Date): Promise<void> {
    if (now.getTime() - this.#lastPurge < PURGE_INTERVAL_MS) return;
    this.#lastPurge = now.getTime();
    await this.#used.purgeBefore('expiresAt', now.toISOString());
  }
}

function refused(message: string): HallmarkError {
  return new HallmarkError('forbidden', message, [{field: '_csrf', problem: 'refused'}]);
}
