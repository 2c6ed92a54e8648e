import {DuplicateKeyError, type Collection, type Document, type Store} from '../store/port.ts';
import {HallmarkError, notFound} from '../errors.ts';
import {authorize, type Actor} from '../authz/index.ts';
import {CONTEXTS} from './contexts.ts';
import type {InstanceUrls} from './instance-urls.ts';
import type {KeyVault, SealedSecret} from './key-vault.ts';
import {generateEd25519Key, type ProofType, type SigningKey} from './sign.ts';
import {didDocument, issuerDid, isDidWeb, verificationMethodId, type PublishedKey} from './issuer-identity.ts';

export interface IssuerInput {
  slug: string;
  name: string;
  url?: string;
  email?: string;
  description?: string;
  image?: string;
  proofType?: ProofType;
}

interface StoredKey extends PublishedKey {
  sealedSecretKey: SealedSecret;
}

export interface IssuerRecord extends Document {
  /** The slug. */
  id: string;
  did: string;
  name: string;
  url: string | null;
  email: string | null;
  description: string | null;
  image: string | null;
  proofType: ProofType;
  keys: StoredKey[];
  createdAt: string;
  /** Who asked for it when not the admin, e.g. `account:fsfe` for an organisation's own issuer. */
  owner?: string;
}

/** The OB 3.0 Profile of an issuer, as embedded in every credential it signs. */
export type Profile = Record<string, unknown> & {id: string; type: string[]; name: string};

export class IssuerService {
  readonly #issuers: Collection<IssuerRecord>;
  readonly #vault: KeyVault;
  readonly #urls: InstanceUrls;
  #aliases: (slug: string) => Promise<string[]> = async () => [];

  private constructor(issuers: Collection<IssuerRecord>, vault: KeyVault, urls: InstanceUrls) {
    this.#issuers = issuers;
    this.#vault = vault;
    this.#urls = urls;
  }

  static async open(store: Store, vault: KeyVault, urls: InstanceUrls): Promise<IssuerService> {
    const issuers = await store.collection<IssuerRecord>({name: 'issuers', indexes: [{fields: ['did'], unique: true}]});
    return new IssuerService(issuers, vault, urls);
  }

  async create(input: IssuerInput, now = new Date(), owner?: string): Promise<IssuerRecord> {
    const key = await generateEd25519Key();
    const did = issuerDid(this.#urls, input.slug, key.publicKeyMultibase);
    const record: IssuerRecord = {
      id: input.slug,
      did,
      name: input.name,
      url: input.url ?? null,
      email: input.email ?? null,
      description: input.description ?? null,
      image: input.image ?? null,
      proofType: input.proofType ?? 'DataIntegrityProof',
      keys: [this.#storedKey(input.slug, key, now)],
      createdAt: now.toISOString(),
      ...(owner ? {owner} : {}),
    };
    try {
      await this.#issuers.insert(record);
    } catch (error) {
      if (error instanceof DuplicateKeyError) throw new HallmarkError('conflict', `an issuer with slug "${input.slug}" already exists`, [{field: '/slug', problem: 'is taken'}]);
      throw error;
    }
    return record;
  }

  /** The admin's API: each asks who acts before it reads or changes anything. */
  async createAs(actor: Actor, input: IssuerInput): Promise<IssuerRecord> {
    authorize(actor, 'issuers.manage');
    return this.create(input);
  }

  async getAs(actor: Actor, slug: string): Promise<IssuerRecord> {
    authorize(actor, 'issuers.manage', {issuer: slug});
    return this.get(slug);
  }

  async rotateKeyAs(actor: Actor, slug: string): Promise<IssuerRecord> {
    authorize(actor, 'issuers.manage', {issuer: slug});
    return this.rotateKey(slug);
  }

  async revokeKeyAs(actor: Actor, slug: string, publicKeyMultibase: string): Promise<IssuerRecord> {
    authorize(actor, 'issuers.manage', {issuer: slug});
    return this.revokeKey(slug, publicKeyMultibase);
  }

  async get(slug: string): Promise<IssuerRecord> {
    const found = await this.#issuers.get(slug);
    if (!found) throw notFound(`no issuer "${slug}"`);
    return found.doc;
  }

  /** Any one issuer, or null when there is none (start-up checks). */
  async sample(): Promise<IssuerRecord | null> {
    const [found] = await this.#issuers.find({}, {limit: 1});
    return found?.doc ?? null;
  }

  /** The issuer of this instance with this DID, if any. */
  async findByDid(did: string): Promise<IssuerRecord | null> {
    const [found] = await this.#issuers.find({did}, {limit: 1});
    return found?.doc ?? null;
  }

  profile(issuer: IssuerRecord): Profile {
    const profile: Profile = {id: issuer.did, type: ['Profile'], name: issuer.name};
    if (issuer.url) profile.url = issuer.url;
    if (issuer.email) profile.email = issuer.email;
    if (issuer.description) profile.description = issuer.description;
    if (issuer.image) profile.image = {id: issuer.image, type: 'Image'};
    return profile;
  }

  /** The Profile as a stand-alone JSON-LD document, for GET /issuers/{slug}. */
  profileDocument(issuer: IssuerRecord): Record<string, unknown> {
    return {'@context': [CONTEXTS.credentialsV2, CONTEXTS.ob], ...this.profile(issuer)};
  }

  didDocument(issuer: IssuerRecord): Record<string, unknown> {
    return didDocument(issuer.did, issuer.keys);
  }

  /**
   * Other names of an issuer (federation: its community's actor), which a
   * did:web DID document lists in `alsoKnownAs`.
   */
  setAliases(aliases: (slug: string) => Promise<string[]>): void {
    this.#aliases = aliases;
  }

  /** The DID document as published: a did:web issuer's names its aliases. */
  async publishedDidDocument(issuer: IssuerRecord): Promise<Record<string, unknown>> {
    const document = this.didDocument(issuer);
    if (!isDidWeb(issuer.did)) return document;
    const alsoKnownAs = await this.#aliases(issuer.id);
    return alsoKnownAs.length === 0 ? document : {...document, alsoKnownAs};
  }

  currentPublicKey(issuer: IssuerRecord): string {
    return this.#currentKey(issuer).publicKeyMultibase;
  }

  /** The current key, decrypted for one signing operation. */
  signingKey(issuer: IssuerRecord): SigningKey {
    const current = this.#currentKey(issuer);
    return {
      verificationMethod: verificationMethodId(issuer.did, current.publicKeyMultibase),
      controller: issuer.did,
      publicKeyMultibase: current.publicKeyMultibase,
      secretKeyMultibase: this.#vault.open(current.sealedSecretKey, issuer.id),
    };
  }

  /**
   * Adds a new current key and retires the old one, which stays in the DID
   * document so everything it signed still verifies.
   */
  async rotateKey(slug: string, now = new Date()): Promise<IssuerRecord> {
    for (;;) {
      const found = await this.#issuers.get(slug);
      if (!found) throw notFound(`no issuer "${slug}"`);
      const issuer = found.doc;
      if (!isDidWeb(issuer.did)) {
        throw new HallmarkError('conflict', `issuer "${slug}" is ${issuer.did.slice(0, 16)}…, a did:key: its key is its identifier and cannot rotate. Serve Hallmark over https (HALLMARK_PUBLIC_URL) to get did:web issuers.`);
      }
      const key = await generateEd25519Key();
      const retired = issuer.keys.map((old) => (old.retiredAt === null ? {...old, retiredAt: now.toISOString()} : old));
      const next: IssuerRecord = {...issuer, keys: [this.#storedKey(slug, key, now), ...retired]};
      const updated = await this.#issuers.update(slug, found.version, next);
      if (updated) return updated.doc;
    }
  }

  /**
   * Withdraws a retired key that may have leaked: it leaves assertionMethod,
   * so every credential it signed stops verifying. The current key cannot be
   * revoked (rotate first), or the issuer would be left unable to sign.
   */
  async revokeKey(slug: string, publicKeyMultibase: string, now = new Date()): Promise<IssuerRecord> {
    for (;;) {
      const found = await this.#issuers.get(slug);
      if (!found) throw notFound(`no issuer "${slug}"`);
      const issuer = found.doc;
      const key = issuer.keys.find((candidate) => candidate.publicKeyMultibase === publicKeyMultibase);
      if (!key) throw notFound(`issuer "${slug}" has no key ${publicKeyMultibase.slice(0, 60)}`);
      if (key.retiredAt === null) throw new HallmarkError('conflict', 'the current signing key cannot be revoked; rotate the key first, then revoke the old one');
      if (key.revokedAt) return issuer;
      const keys = issuer.keys.map((candidate) => (candidate === key ? {...candidate, revokedAt: now.toISOString()} : candidate));
      const updated = await this.#issuers.update(slug, found.version, {...issuer, keys});
      if (updated) return updated.doc;
    }
  }

  #currentKey(issuer: IssuerRecord): StoredKey {
    const current = issuer.keys.find((key) => key.retiredAt === null);
    if (!current) throw new Error(`issuer ${issuer.id} has no current key`);
    return current;
  }

  #storedKey(slug: string, key: {publicKeyMultibase: string; secretKeyMultibase: string}, now: Date): StoredKey {
    return {
      publicKeyMultibase: key.publicKeyMultibase,
      sealedSecretKey: this.#vault.seal(key.secretKeyMultibase, slug),
      createdAt: now.toISOString(),
      retiredAt: null,
    };
  }
}
