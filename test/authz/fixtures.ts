import {DatabaseSync} from 'node:sqlite';
import {join} from 'node:path';
import {ADMIN, ANONYMOUS, type Actor, type AccountActor} from '../../src/authz/index.ts';
import type {Role} from '../../src/vetting/model.ts';
import {listeningHallmark, type Listening} from '../helpers/listening.ts';
import {ADMIN_TOKEN, BADGE, startHallmark, type TestHallmark} from '../helpers/hallmark.ts';
import {REVIEW} from '../helpers/vetting.ts';

export const PRINCIPALS = ['anonymous', 'other-steward', 'other-issuer', 'member', 'auditor', 'senior-auditor', 'steward', 'organisation', 'issuer', 'admin'] as const;
export type Principal = typeof PRINCIPALS[number];

type Json = Record<string, unknown>;

const ACCOUNTS = {'other-steward': 'ostew', member: 'mem', auditor: 'aud', 'senior-auditor': 'sen', steward: 'stew', organisation: 'orgco'} as const;
type AccountPrincipal = keyof typeof ACCOUNTS;

/**
 * Tables whose writes are not what a request acts on: the one-time form token
 * it spends, rate-limit counts, and Fedify's cache and queue, which deliveries
 * of earlier (allowed) follows keep changing in the background.
 */
const BOOKKEEPING = /^(c_form_nonces|c_federation_kv|queue_messages|counters|.*limit.*)$/;

/**
 * One instance over loopback with real SQLite, one community ("main") with a
 * member, an auditor, a senior auditor and a steward, an organisation, an
 * issuer token of main's issuer, and another tenant (community "other": its
 * steward and its issuer's token). Built once; each allowed call gets fresh
 * resources from the helpers below.
 */
export class Fixtures {
  readonly main = 'main';
  readonly other = 'other';
  readonly policyName = 'base';
  readonly handles = {member: 'mem', auditor: 'aud', senior: 'sen', steward: 'stew', organisation: 'orgco', otherSteward: 'ostew'};
  readonly tokens = {} as Record<Principal, Record<string, string>>;
  readonly #sessions = new Map<Principal, {cookie: string; binding: string}>();
  readonly #listening: Listening<TestHallmark>;
  readonly #db: DatabaseSync;
  #counter = 0;
  #endorser: string | null = null;

  private constructor(listening: Listening<TestHallmark>) {
    this.#listening = listening;
    this.#db = new DatabaseSync(join(listening.t.dataDir, 'hallmark.sqlite'), {readOnly: true});
  }

  static async start(): Promise<Fixtures> {
    const listening = await listeningHallmark(startHallmark, () => ({HALLMARK_FEDERATION: 'open', HALLMARK_FETCH_ALLOW_HOSTS: '127.0.0.1:*', HALLMARK_SWEEP_INTERVAL: '0', HALLMARK_VERIFY_WORKERS: '0'}));
    const f = new Fixtures(listening);
    await f.#cast();
    return f;
  }

  get base(): string {
    return this.#listening.base;
  }

  async close(): Promise<void> {
    this.#db.close();
    await this.#listening.close();
  }

  async #cast(): Promise<void> {
    this.tokens.admin = {Authorization: `Bearer ${ADMIN_TOKEN}`};
    this.tokens.anonymous = {};
    for (const handle of ['ostew', 'mem', 'aud', 'sen', 'stew']) await this.admin('POST', '/api/v1/accounts', {handle, kind: 'person', name: `Person ${handle}`});
    await this.admin('POST', '/api/v1/accounts', {handle: 'orgco', kind: 'organisation', name: 'Org Co'});
    await this.admin('POST', '/api/v1/communities', {slug: this.main, name: 'Main', ecosystems: ['npm', 'cargo'], stewards: ['stew']});
    await this.admin('POST', '/api/v1/communities', {slug: this.other, name: 'Other', ecosystems: ['npm', 'cargo'], stewards: ['ostew']});
    for (const [handle, role] of [['mem', 'member'], ['aud', 'auditor'], ['sen', 'senior-auditor']]) await this.admin('PUT', `/api/v1/communities/${this.main}/roles/${handle}`, {role});
    for (const [principal, handle] of Object.entries(ACCOUNTS) as Array<[AccountPrincipal, string]>) {
      this.tokens[principal] = {Authorization: `Bearer ${(await this.admin('POST', `/api/v1/accounts/${handle}/tokens`, {})).token as string}`};
      const {session, secret} = await this.services.auth.sessions.create({handle, issuerSlug: null, method: 'password'});
      this.#sessions.set(principal, {cookie: `hallmark_session=${secret}`, binding: `session:${session.id}`});
    }
    this.tokens.issuer = {Authorization: `Bearer ${(await this.admin('POST', `/api/v1/issuers/${this.main}/tokens`, {})).token as string}`};
    this.tokens['other-issuer'] = {Authorization: `Bearer ${(await this.admin('POST', `/api/v1/issuers/${this.other}/tokens`, {})).token as string}`};
    await this.admin('POST', `/api/v1/communities/${this.main}/policies`, this.policy(this.policyName));
  }

  get services() {
    return this.#listening.t.hallmark.services;
  }

  /** The actor the table should see for each principal, written out here rather than built by the code under test. */
  expectedActor(who: Principal): Actor {
    const person = (handle: string, roles: Record<string, Role>): AccountActor => ({kind: 'account', handle, accountKind: 'person', issuer: null, mayFoundCommunities: false, roles});
    switch (who) {
      case 'anonymous': return ANONYMOUS;
      case 'admin': return ADMIN;
      case 'issuer': return {kind: 'issuer', issuer: this.main};
      case 'other-issuer': return {kind: 'issuer', issuer: this.other};
      case 'other-steward': return person('ostew', {[this.other]: 'steward'});
      case 'member': return person('mem', {[this.main]: 'member'});
      case 'auditor': return person('aud', {[this.main]: 'auditor'});
      case 'senior-auditor': return person('sen', {[this.main]: 'senior-auditor'});
      case 'steward': return person('stew', {[this.main]: 'steward'});
      case 'organisation': return {...person('orgco', {}), accountKind: 'organisation'};
    }
  }

  ownHandle(who: Principal): string | null {
    return who in ACCOUNTS ? ACCOUNTS[who as AccountPrincipal] : null;
  }

  /** A browser session for people and organisations; null for tokens that have none. */
  session(who: Principal): {cookie: string; formToken(): string} | null {
    const session = this.#sessions.get(who);
    if (!session) return null;
    return {cookie: session.cookie, formToken: () => this.services.auth.formTokens.issue(session.binding)};
  }

  /** A fingerprint of everything stored, but for the request's own bookkeeping: equal before and after means nothing was written. */
  async fingerprint(): Promise<string> {
    // Background deliveries of earlier allowed follows settle first, so that what changes is the request's doing.
    for (let waited = 0; waited < 10_000 && this.#queued() > 0; waited += 25) await new Promise((resolve) => setTimeout(resolve, 25));
    const tables = this.#db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as Array<{name: string}>;
    const parts: string[] = [];
    for (const {name} of tables) {
      if (BOOKKEEPING.test(name)) continue;
      const columns = (this.#db.prepare(`PRAGMA table_info("${name}")`).all() as Array<{name: string}>).map((column) => column.name);
      const select = columns.includes('version') ? `SELECT group_concat(id || ':' || version) AS v FROM (SELECT id, version FROM "${name}" ORDER BY id)` : `SELECT count(*) AS v FROM "${name}"`;
      parts.push(`${name}=${String((this.#db.prepare(select).get() as {v: unknown}).v)}`);
    }
    return parts.join('\n');
  }

  #queued(): number {
    const exists = this.#db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'queue_messages'`).get() as {n: number};
    return exists.n === 0 ? 0 : (this.#db.prepare('SELECT count(*) AS n FROM queue_messages WHERE done = 0 AND run_at <= ?').get(Date.now()) as {n: number}).n;
  }

  fresh(prefix: string): string {
    return `${prefix}-${++this.#counter}`;
  }

  async admin(method: string, path: string, body?: unknown): Promise<Json> {
    const response = await fetch(`${this.base}${path}`, {method, headers: {...this.tokens.admin, ...(body === undefined ? {} : {'content-type': 'application/json'})}, body: body === undefined ? undefined : JSON.stringify(body)});
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text.slice(0, 300)}`);
    return text ? JSON.parse(text) as Json : {};
  }

  async as(who: Principal, method: string, path: string, body: unknown): Promise<Json> {
    const response = await fetch(`${this.base}${path}`, {method, headers: {...this.tokens[who], 'content-type': 'application/json'}, body: JSON.stringify(body)});
    const text = await response.text();
    if (!response.ok) throw new Error(`${who} ${method} ${path} → ${response.status} ${text.slice(0, 300)}`);
    return JSON.parse(text) as Json;
  }

  async issuer(): Promise<string> {
    const slug = this.fresh('iss');
    await this.admin('POST', '/api/v1/issuers', {slug, name: 'An issuer'});
    return slug;
  }

  badge(): Json {
    return structuredClone(BADGE) as Json;
  }

  /** An endorsement issued through the plain VC-API, so this instance does not know it as one until it is registered. */
  async foreignEndorsement(): Promise<unknown> {
    this.#endorser ??= await this.issuer();
    const credential = {type: ['VerifiableCredential', 'EndorsementCredential'], name: 'Endorsement', credentialSubject: {id: `https://example.org/achievements/${this.fresh('a')}`, type: ['EndorsementSubject'], endorsementComment: 'Good.'}};
    return (await this.admin('POST', `/issuers/${this.#endorser}/credentials/issue`, {credential})).verifiableCredential;
  }

  async person(extra: Json = {}, auth = this.tokens.admin): Promise<string> {
    const handle = this.fresh('person');
    const response = await fetch(`${this.base}/api/v1/accounts`, {method: 'POST', headers: {...auth, 'content-type': 'application/json'}, body: JSON.stringify({handle, kind: 'person', name: 'A person', ...extra})});
    if (response.status !== 201) throw new Error(`creating ${handle}: ${response.status} ${await response.text()}`);
    return handle;
  }

  async organisation(): Promise<string> {
    const handle = this.fresh('org');
    await this.admin('POST', '/api/v1/accounts', {handle, kind: 'organisation', name: 'An organisation'});
    return handle;
  }

  async openCommunity(): Promise<string> {
    const slug = this.fresh('open');
    await this.admin('POST', '/api/v1/communities', {slug, name: 'Open', ecosystems: ['npm'], membership: 'open'});
    return slug;
  }

  release(): string {
    return `pkg:npm/${this.fresh('matrix')}@1.0.0`;
  }

  review(): Json {
    return {...REVIEW, purl: this.release()};
  }

  async auditorsReview(): Promise<{id: string; digest: string}> {
    return (await this.as('auditor', 'POST', `/api/v1/communities/${this.main}/reviews`, this.review())).review as {id: string; digest: string};
  }

  async dispute(): Promise<string> {
    const review = await this.auditorsReview();
    const {vetting} = await this.as('senior-auditor', 'POST', `/api/v1/reviews/${review.id}/vettings`, {verdict: 'dispute', reviewDigest: review.digest});
    return (vetting as {id: string}).id;
  }

  async membersRequest(): Promise<string> {
    return (await this.as('member', 'POST', `/api/v1/communities/${this.main}/review-requests`, {purl: this.release(), source: 'https://example.org/source'})).id as string;
  }

  async secondSession(who: Principal): Promise<string> {
    const {session} = await this.services.auth.sessions.create({handle: this.ownHandle(who) ?? this.handles.member, issuerSlug: null, method: 'password'});
    return session.id;
  }

  policy(name: string): Json {
    return {name, criteria: 'safe-to-run', rules: [{kind: 'reviews', criterion: 'safe-to-run', min: 1}]};
  }

  policyYaml(name: string): string {
    return `name: ${name}\ncriteria: safe-to-run\nrules:\n  - kind: reviews\n    criterion: safe-to-run\n    min: 1\n`;
  }

  audits(): string {
    return `[[audits.${this.fresh('crate').replace('-', '_')}]]\nwho = "Ann Auditor <ann@example.org>"\ncriteria = "safe-to-deploy"\nversion = "1.0.0"\n`;
  }
}
