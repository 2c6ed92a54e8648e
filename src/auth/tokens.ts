import {createHash, randomBytes, randomUUID} from 'node:crypto';
import type {Collection, Document, Store} from '../store/port.ts';
import {HallmarkError, notFound} from '../errors.ts';
import {authorize, type Actor} from '../authz/index.ts';

/** What a bearer token lets its holder do. */
export type TokenScope =
  | {kind: 'admin'}
  | {kind: 'issuer'; issuerSlug: string}
  /** Acts as a vetting account; `issuerSlug` is the issuer an organisation account owns (fixed when the account is created). */
  | {kind: 'account'; handle: string; issuerSlug: string | null};

interface TokenRecord extends Document {
  /** Public handle, safe to show and to revoke by. */
  id: string;
  /** SHA-256 of the secret: tokens are 256-bit random, so a fast hash is enough and the secret is never stored. */
  hash: string;
  scope: TokenScope;
  scopeKey: string;
  label: string | null;
  createdAt: string;
  revokedAt: string | null;
}

export interface IssuedToken {
  id: string;
  token: string;
  scope: TokenScope;
  label: string | null;
  createdAt: string;
}

const TOKEN_PREFIX = 'hm_';

/** Live (unrevoked) tokens one holder may have at once. */
export const MAX_LIVE_TOKENS = 100;

export class TokenService {
  readonly #tokens: Collection<TokenRecord>;

  private constructor(tokens: Collection<TokenRecord>) {
    this.#tokens = tokens;
  }

  static async open(store: Store): Promise<TokenService> {
    const tokens = await store.collection<TokenRecord>({name: 'tokens', indexes: [{fields: ['hash'], unique: true}, {fields: ['scopeKey']}]});
    return new TokenService(tokens);
  }

  /** Token management on behalf of `actor` (the API and the account page). */
  async createAs(actor: Actor, scope: TokenScope, label: string | null = null): Promise<IssuedToken> {
    authorizeTokens(actor, scope);
    return this.create(scope, label);
  }

  async listAs(actor: Actor, scope: TokenScope): ReturnType<TokenService['list']> {
    authorizeTokens(actor, scope);
    return this.list(scope);
  }

  async revokeAs(actor: Actor, scope: TokenScope, id: string): Promise<void> {
    authorizeTokens(actor, scope);
    return this.revoke(scope, id);
  }

  async create(scope: TokenScope, label: string | null = null): Promise<IssuedToken> {
    // A holder minting tokens without end would make revoking "all of them" meaningless.
    const live = (await this.#tokens.find({scopeKey: scopeKeyOf(scope)})).filter(({doc}) => doc.revokedAt === null).length;
    if (live >= MAX_LIVE_TOKENS) throw new HallmarkError('conflict', `${MAX_LIVE_TOKENS} live tokens already exist for this holder; revoke some first`);
    const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    return this.#insert(token, scope, label);
  }

  /**
   * Makes sure an admin token exists. With HALLMARK_ADMIN_TOKEN set, that token
   * is the only live admin token: any other (an earlier configured one, the one
   * generated at first start) is revoked, so changing the variable rotates the
   * secret. Without it, a first start generates a token to show once.
   */
  async bootstrapAdmin(configured: string | undefined, now = new Date()): Promise<{generated: string | null; revoked: number}> {
    const live = (await this.#tokens.find({scopeKey: 'admin'})).filter(({doc}) => doc.revokedAt === null);
    if (configured) {
      const hash = hashToken(configured);
      if (!live.some(({doc}) => doc.hash === hash)) {
        const [revokedEarlier] = await this.#tokens.find({hash}, {limit: 1});
        if (revokedEarlier) throw new Error('HALLMARK_ADMIN_TOKEN names a token that was revoked; choose a new one');
        await this.#insert(configured, {kind: 'admin'}, 'HALLMARK_ADMIN_TOKEN');
      }
      const others = live.filter(({doc}) => doc.hash !== hash);
      for (const {doc} of others) await this.revoke({kind: 'admin'}, doc.id, now);
      return {generated: null, revoked: others.length};
    }
    if (live.length > 0) return {generated: null, revoked: 0};
    const issued = await this.create({kind: 'admin'}, 'generated at first start');
    return {generated: issued.token, revoked: 0};
  }

  /** The scope of a live token, or null. */
  async authenticate(token: string): Promise<TokenScope | null> {
    if (token.length < 16 || token.length > 512) return null;
    const [found] = await this.#tokens.find({hash: hashToken(token)}, {limit: 1});
    if (!found || found.doc.revokedAt !== null) return null;
    return found.doc.scope;
  }

  async list(scope: TokenScope): Promise<Array<Omit<IssuedToken, 'token'> & {revokedAt: string | null}>> {
    const found = (await this.#tokens.find({scopeKey: scopeKeyOf(scope)})).sort((a, b) => a.doc.createdAt.localeCompare(b.doc.createdAt));
    return found.map(({doc}) => ({id: doc.id, scope: doc.scope, label: doc.label, createdAt: doc.createdAt, revokedAt: doc.revokedAt}));
  }

  async revoke(scope: TokenScope, id: string, now = new Date()): Promise<void> {
    for (;;) {
      const found = await this.#tokens.get(id);
      if (!found || found.doc.scopeKey !== scopeKeyOf(scope)) throw notFound(`no token ${id.slice(0, 80)}`);
      if (found.doc.revokedAt !== null) return;
      if (await this.#tokens.update(id, found.version, {...found.doc, revokedAt: now.toISOString()})) return;
    }
  }

  /** The issuer an account's live tokens act for, set on each of them (idempotent: an organisation that gets an issuer). */
  async setAccountIssuer(handle: string, issuerSlug: string | null): Promise<void> {
    for (const {doc} of await this.#tokens.find({scopeKey: `account:${handle}`})) {
      for (;;) {
        const found = await this.#tokens.get(doc.id);
        if (!found || found.doc.scope.kind !== 'account' || found.doc.scope.issuerSlug === issuerSlug) break;
        if (await this.#tokens.update(doc.id, found.version, {...found.doc, scope: {...found.doc.scope, issuerSlug}})) break;
      }
    }
  }

  async #insert(token: string, scope: TokenScope, label: string | null): Promise<IssuedToken> {
    const id = `tok_${randomUUID()}`;
    const createdAt = new Date().toISOString();
    await this.#tokens.insert({id, hash: hashToken(token), scope, scopeKey: scopeKeyOf(scope), label, createdAt, revokedAt: null});
    return {id, token, scope, label, createdAt};
  }
}

/** Who may manage a holder's tokens: admin and issuer tokens are the admin's; an account's are its own (and the admin's). */
function authorizeTokens(actor: Actor, scope: TokenScope): void {
  if (scope.kind === 'admin') authorize(actor, 'admin-tokens.manage');
  else if (scope.kind === 'issuer') authorize(actor, 'issuers.manage', {issuer: scope.issuerSlug});
  else authorize(actor, 'accounts.tokens', {owner: scope.handle});
}

function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function scopeKeyOf(scope: TokenScope): string {
  if (scope.kind === 'admin') return 'admin';
  return scope.kind === 'issuer' ? `issuer:${scope.issuerSlug}` : `account:${scope.handle}`;
}
