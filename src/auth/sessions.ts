/**
 * Browser sessions, kept server-side: the cookie carries a random secret, the
 * store keeps only its hash. Signing out deletes the record, so the cookie
 * stops working everywhere at once.
 */
import {randomUUID} from 'node:crypto';
import type {Collection, Document, Store} from '../store/port.ts';
import {notFound} from '../errors.ts';
import {hashSecret, newSecret, SECRET_PATTERN} from './secret-hash.ts';

/** A session ends this long after its last use … */
export const SESSION_IDLE_MS = 7 * 24 * 3600 * 1000;
/** … and at the latest this long after sign-in. */
export const SESSION_LIFETIME_MS = 30 * 24 * 3600 * 1000;
/** Last-use times are written at most this often, so reading pages does not write on every request. */
const TOUCH_INTERVAL_MS = 5 * 60 * 1000;
const PURGE_INTERVAL_MS = 10 * 60 * 1000;
/** Sessions one account may hold at once; the oldest ends when a new one would pass it. */
export const MAX_SESSIONS = 50;

export interface Session {
  /** Public id, safe to show and to revoke by: `ses_<uuid>`. */
  id: string;
  handle: string;
  /** The issuer an organisation account owns (its token scope carries it too). */
  issuerSlug: string | null;
  createdAt: string;
  lastSeenAt: string;
  /** When it ends if unused: the idle limit, capped by the lifetime. */
  expiresAt: string;
  /** The browser that signed in, as it named itself (shortened). */
  userAgent: string | null;
  /** How the person signed in. */
  method: 'password' | 'passkey' | 'invitation';
}

interface SessionRecord extends Document, Session {
  hash: string;
  /** Sign-in time plus the lifetime. */
  endsAt: string;
}

export class SessionService {
  readonly #sessions: Collection<SessionRecord>;
  #lastPurge = 0;

  private constructor(sessions: Collection<SessionRecord>) {
    this.#sessions = sessions;
  }

  static async open(store: Store): Promise<SessionService> {
    const sessions = await store.collection<SessionRecord>({name: 'sessions', indexes: [{fields: ['hash'], unique: true}, {fields: ['handle']}, {fields: ['expiresAt']}]});
    return new SessionService(sessions);
  }

  /** A new session; the secret goes into the cookie and is not kept. */
  async create(input: {handle: string; issuerSlug: string | null; userAgent?: string | null; method: Session['method']}, now = new Date()): Promise<{session: Session; secret: string}> {
    await this.#purge(now);
    const secret = newSecret();
    const endsAt = new Date(now.getTime() + SESSION_LIFETIME_MS).toISOString();
    const record: SessionRecord = {
      id: `ses_${randomUUID()}`,
      hash: hashSecret(secret),
      handle: input.handle,
      issuerSlug: input.issuerSlug,
      createdAt: now.toISOString(),
      lastSeenAt: now.toISOString(),
      expiresAt: earliest(new Date(now.getTime() + SESSION_IDLE_MS).toISOString(), endsAt),
      endsAt,
      userAgent: input.userAgent ? input.userAgent.slice(0, 160) : null,
      method: input.method,
    };
    await this.#sessions.insert(record);
    // A browser signing in again and again must not pile up sessions without end.
    const live = await this.list(input.handle, now);
    for (const old of live.slice(0, Math.max(0, live.length - MAX_SESSIONS))) await this.#sessions.delete(old.id);
    return {session: publicSession(record), secret};
  }

  /** The live session a cookie's secret names, or null; extends its idle expiry now and then. */
  async authenticate(secret: string, now = new Date()): Promise<Session | null> {
    if (!SECRET_PATTERN.test(secret)) return null;
    const [found] = await this.#sessions.find({hash: hashSecret(secret)}, {limit: 1});
    if (!found) return null;
    const record = found.doc;
    if (record.expiresAt <= now.toISOString()) {
      await this.#sessions.delete(record.id);
      return null;
    }
    if (now.getTime() - Date.parse(record.lastSeenAt) > TOUCH_INTERVAL_MS) {
      const touched = {...record, lastSeenAt: now.toISOString(), expiresAt: earliest(new Date(now.getTime() + SESSION_IDLE_MS).toISOString(), record.endsAt)};
      // Losing this race to another request's touch is fine: both wrote about the same time.
      const updated = await this.#sessions.update(record.id, found.version, touched);
      if (updated) return publicSession(updated.doc);
    }
    return publicSession(record);
  }

  /** The account's live sessions, oldest first. */
  async list(handle: string, now = new Date()): Promise<Session[]> {
    const stamp = now.toISOString();
    return (await this.#sessions.find({handle}))
      .map(({doc}) => doc)
      .filter((record) => record.expiresAt > stamp)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
      .map(publicSession);
  }

  /** The issuer an account's live sessions act for, set on each (idempotent: an organisation that gets an issuer). */
  async setAccountIssuer(handle: string, issuerSlug: string | null): Promise<void> {
    for (const {doc} of await this.#sessions.find({handle})) {
      for (;;) {
        const found = await this.#sessions.get(doc.id);
        if (!found || found.doc.issuerSlug === issuerSlug) break;
        if (await this.#sessions.update(doc.id, found.version, {...found.doc, issuerSlug})) break;
      }
    }
  }

  /** Ends one of the account's sessions; another account's id is not found. */
  async revoke(handle: string, id: string): Promise<void> {
    const found = await this.#sessions.get(id);
    if (!found || found.doc.handle !== handle) throw notFound(`no session ${id.slice(0, 80)}`);
    await this.#sessions.delete(id);
  }

  /** Ends the session a cookie names (sign-out); unknown secrets are ignored. */
  async end(secret: string): Promise<void> {
    if (!SECRET_PATTERN.test(secret)) return;
    const [found] = await this.#sessions.find({hash: hashSecret(secret)}, {limit: 1});
    if (found) await this.#sessions.delete(found.doc.id);
  }

  async #purge(now: Date): Promise<void> {
    if (now.getTime() - this.#lastPurge < PURGE_INTERVAL_MS) return;
    this.#lastPurge = now.getTime();
    await this.#sessions.purgeBefore('expiresAt', now.toISOString());
  }
}

function earliest(a: string, b: string): string {
  return a < b ? a : b;
}

function publicSession(record: SessionRecord): Session {
  const {id, handle, issuerSlug, createdAt, lastSeenAt, expiresAt, userAgent, method} = record;
  return {id, handle, issuerSlug, createdAt, lastSeenAt, expiresAt, userAgent, method};
}
