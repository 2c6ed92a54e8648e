/**
 * oidc-provider's storage, over our storage port: one collection holds every
 * model (clients, grants, codes, tokens, interactions, its sessions). Models
 * whose id is a bearer secret are kept under the id's SHA-256 only, with the
 * `jti` (the same secret) left out of the stored payload, so a copy of the
 * database lets nobody act. Client secrets are sealed with the key vault.
 */
import type {Adapter, AdapterPayload} from 'oidc-provider';
import type {Collection, Document, Store} from '../store/port.ts';
import {DuplicateKeyError} from '../store/port.ts';
import type {KeyVault, SealedSecret} from '../credentials/key-vault.ts';
import {hashSecret} from '../auth/secret-hash.ts';

/** Models whose id is what the holder presents: stored hashed. Grants and clients keep their ids (they are named, not presented). */
const SECRET_ID_MODELS = new Set([
  'AccessToken', 'AuthorizationCode', 'RefreshToken', 'ClientCredentials', 'DeviceCode', 'BackchannelAuthenticationRequest',
  'RegistrationAccessToken', 'InitialAccessToken', 'PushedAuthorizationRequest', 'Session', 'Interaction', 'ReplayDetection', 'PreAuthorizedCode',
]);

/** Models found by `uid` or user code rather than by id: their id is kept sealed so it can be given back. */
const LOOKED_UP_MODELS = new Set(['Session', 'DeviceCode']);

export interface OAuthRecord extends Document {
  model: string;
  grantId: string | null;
  uid: string | null;
  userCode: string | null;
  accountId: string | null;
  clientId: string | null;
  /** Epoch milliseconds after which the record is dead; null when it never lapses. */
  expiresAt: number | null;
  /** Whether the payload carried its id as `jti` (given back on reading). */
  jti: boolean;
  /**
   * oidc-provider's payload as JSON text: its keys include URLs (a grant's
   * resources), which a MongoDB document should not carry as field names.
   */
  payload: string;
  /** A client's secret, or the id of a record looked up by uid or user code (which must be given back), sealed. */
  sealed: SealedSecret | null;
}

export const OAUTH_COLLECTION = {
  name: 'oauth_records',
  indexes: [{fields: ['model', 'grantId']}, {fields: ['model', 'uid']}, {fields: ['model', 'userCode']}, {fields: ['model', 'accountId']}, {fields: ['grantId']}, {fields: ['expiresAt']}],
};

const PURGE_INTERVAL_MS = 10 * 60 * 1000;

/** The records of every model, shared by the adapters oidc-provider asks for. */
export class OAuthStore {
  readonly #records: Collection<OAuthRecord>;
  readonly #vault: KeyVault;
  readonly #now: () => number;
  #lastPurge = 0;

  private constructor(records: Collection<OAuthRecord>, vault: KeyVault, now: () => number) {
    this.#records = records;
    this.#vault = vault;
    this.#now = now;
  }

  /** `collection` names another collection (contract tests on a shared MongoDB). */
  static async open(store: Store, vault: KeyVault, options: {now?: () => number; collection?: string} = {}): Promise<OAuthStore> {
    const records = await store.collection<OAuthRecord>({...OAUTH_COLLECTION, name: options.collection ?? OAUTH_COLLECTION.name});
    return new OAuthStore(records, vault, options.now ?? Date.now);
  }

  /** The adapter for one model (oidc-provider's `adapter` option calls this per model name). */
  adapter(model: string): Adapter {
    return new StoreAdapter(model, this);
  }

  recordId(model: string, id: string): string {
    return `${model}:${SECRET_ID_MODELS.has(model) ? hashSecret(id) : id}`;
  }

  async upsert(model: string, id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    await this.#purge();
    const recordId = this.recordId(model, id);
    const {jti, client_secret: secret, ...rest} = payload as Record<string, unknown>;
    const record: OAuthRecord = {
      id: recordId,
      model,
      grantId: stringOrNull(rest.grantId),
      uid: stringOrNull(rest.uid),
      userCode: stringOrNull(rest.userCode),
      accountId: stringOrNull(rest.accountId),
      clientId: stringOrNull(rest.clientId ?? rest.client_id),
      expiresAt: typeof expiresIn === 'number' ? this.#now() + expiresIn * 1000 : null,
      jti: jti !== undefined,
      payload: JSON.stringify(rest),
      sealed: this.#sealed(model, id, recordId, secret),
    };
    // Last writer wins, as oidc-provider expects of upsert; the loop only rides out a concurrent write.
    for (;;) {
      const existing = await this.#records.get(recordId);
      if (existing) {
        if (await this.#records.update(recordId, existing.version, record)) return;
        continue;
      }
      try {
        await this.#records.insert(record);
        return;
      } catch (error) {
        if (!(error instanceof DuplicateKeyError)) throw error;
      }
    }
  }

  async find(model: string, id: string): Promise<AdapterPayload | undefined> {
    const found = await this.#records.get(this.recordId(model, id));
    return found ? this.#payload(found.doc, id) : undefined;
  }

  async findBy(model: string, field: 'uid' | 'userCode', value: string): Promise<AdapterPayload | undefined> {
    const [found] = await this.#records.find({model, [field]: value}, {limit: 1});
    if (!found || !this.#live(found.doc)) return undefined;
    return this.#payload(found.doc, found.doc.sealed && LOOKED_UP_MODELS.has(model) ? this.#vault.open(found.doc.sealed, found.doc.id) : null);
  }

  async consume(model: string, id: string): Promise<void> {
    const recordId = this.recordId(model, id);
    for (;;) {
      const found = await this.#records.get(recordId);
      if (!found) return;
      const next = {...found.doc, payload: JSON.stringify({...parsePayload(found.doc), consumed: Math.floor(this.#now() / 1000)})};
      if (await this.#records.update(recordId, found.version, next)) return;
    }
  }

  async destroy(model: string, id: string): Promise<void> {
    await this.#records.delete(this.recordId(model, id));
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    for (const {doc} of await this.#records.find({grantId})) await this.#records.delete(doc.id);
  }

  /** Live records of a model that an account holds (the grants behind "connected apps"). */
  async ofAccount(model: string, accountId: string): Promise<Array<{id: string; payload: Record<string, unknown>}>> {
    return (await this.#records.find({model, accountId})).filter(({doc}) => this.#live(doc)).map(({doc}) => ({id: doc.id.slice(model.length + 1), payload: parsePayload(doc)}));
  }

  #sealed(model: string, id: string, recordId: string, secret: unknown): SealedSecret | null {
    if (model === 'Client') return typeof secret === 'string' ? this.#vault.seal(secret, recordId) : null;
    return LOOKED_UP_MODELS.has(model) ? this.#vault.seal(id, recordId) : null;
  }

  #live(record: OAuthRecord): boolean {
    return record.expiresAt === null || record.expiresAt > this.#now();
  }

  #payload(record: OAuthRecord, id: string | null): AdapterPayload | undefined {
    if (!this.#live(record)) return undefined;
    const payload = parsePayload(record);
    if (record.jti && id !== null) payload.jti = id;
    if (record.sealed && record.model === 'Client' && typeof payload.client_id === 'string') payload.client_secret = this.#vault.open(record.sealed, record.id);
    return payload as AdapterPayload;
  }

  async #purge(): Promise<void> {
    const now = this.#now();
    if (now - this.#lastPurge < PURGE_INTERVAL_MS) return;
    this.#lastPurge = now;
    await this.#records.purgeBefore('expiresAt', now);
  }
}

class StoreAdapter implements Adapter {
  readonly #model: string;
  readonly #store: OAuthStore;

  constructor(model: string, store: OAuthStore) {
    this.#model = model;
    this.#store = store;
  }

  upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    return this.#store.upsert(this.#model, id, payload, expiresIn);
  }

  find(id: string): Promise<AdapterPayload | undefined> {
    return this.#store.find(this.#model, id);
  }

  findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return this.#store.findBy(this.#model, 'uid', uid);
  }

  findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return this.#store.findBy(this.#model, 'userCode', userCode);
  }

  consume(id: string): Promise<void> {
    return this.#store.consume(this.#model, id);
  }

  destroy(id: string): Promise<void> {
    return this.#store.destroy(this.#model, id);
  }

  revokeByGrantId(grantId: string): Promise<void> {
    return this.#store.revokeByGrantId(grantId);
  }
}

function parsePayload(record: OAuthRecord): Record<string, unknown> {
  return JSON.parse(record.payload) as Record<string, unknown>;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
