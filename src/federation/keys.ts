/**
 * Each actor's key pairs: RSA for HTTP Signatures (what every fediverse
 * server verifies) and Ed25519 for object proofs (FEP-8b32, published as an
 * FEP-521a Multikey). Made on first use, private halves sealed with the
 * master secret; the same pair is used from then on.
 */
import {webcrypto} from 'node:crypto';
import {exportJwk, generateCryptoKeyPair, importJwk} from '@fedify/fedify/sig';
import type {KeyVault, SealedSecret} from '../credentials/key-vault.ts';
import {DuplicateKeyError, type Collection, type Document, type Store} from '../store/port.ts';

interface StoredPair {
  publicJwk: webcrypto.JsonWebKey;
  sealedPrivateJwk: SealedSecret;
}

interface ActorKeysRecord extends Document {
  rsa: StoredPair;
  ed25519: StoredPair;
  createdAt: string;
}

export interface ActorKeyPairs {
  rsa: webcrypto.CryptoKeyPair;
  ed25519: webcrypto.CryptoKeyPair;
}

export class ActorKeys {
  readonly #keys: Collection<ActorKeysRecord>;
  readonly #vault: KeyVault;
  readonly #cache = new Map<string, Promise<ActorKeyPairs>>();

  private constructor(keys: Collection<ActorKeysRecord>, vault: KeyVault) {
    this.#keys = keys;
    this.#vault = vault;
  }

  static async open(store: Store, vault: KeyVault): Promise<ActorKeys> {
    return new ActorKeys(await store.collection<ActorKeysRecord>({name: 'federation_actor_keys', indexes: []}), vault);
  }

  /** The actor's pairs, made and stored the first time they are asked for. */
  pairs(identifier: string): Promise<ActorKeyPairs> {
    let pending = this.#cache.get(identifier);
    if (pending === undefined) {
      pending = this.#load(identifier);
      this.#cache.set(identifier, pending);
      pending.catch(() => this.#cache.delete(identifier));
    }
    return pending;
  }

  async #load(identifier: string): Promise<ActorKeyPairs> {
    const found = await this.#keys.get(identifier);
    if (found !== null) return this.#open(found.doc);
    const record: ActorKeysRecord = {
      id: identifier,
      rsa: await this.#seal(identifier, 'rsa', await generateRsa()),
      ed25519: await this.#seal(identifier, 'ed25519', await generateCryptoKeyPair('Ed25519')),
      createdAt: new Date().toISOString(),
    };
    try {
      await this.#keys.insert(record);
      return this.#open(record);
    } catch (error) {
      // Another request made the keys first: theirs are the actor's.
      if (!(error instanceof DuplicateKeyError)) throw error;
      const winner = await this.#keys.get(identifier);
      if (winner === null) throw error;
      return this.#open(winner.doc);
    }
  }

  async #seal(identifier: string, kind: string, pair: webcrypto.CryptoKeyPair): Promise<StoredPair> {
    return {
      publicJwk: await exportJwk(pair.publicKey),
      sealedPrivateJwk: this.#vault.seal(JSON.stringify(await exportJwk(pair.privateKey)), `federation-key:${identifier}:${kind}`),
    };
  }

  async #open(record: ActorKeysRecord): Promise<ActorKeyPairs> {
    const open = async (kind: 'rsa' | 'ed25519'): Promise<webcrypto.CryptoKeyPair> => ({
      publicKey: await importJwk(record[kind].publicJwk, 'public'),
      privateKey: await importJwk(JSON.parse(this.#vault.open(record[kind].sealedPrivateJwk, `federation-key:${record.id}:${kind}`)) as webcrypto.JsonWebKey, 'private'),
    });
    return {rsa: await open('rsa'), ed25519: await open('ed25519')};
  }
}

/** RSA-2048, what Mastodon itself uses (Fedify's own helper makes 4096-bit keys, seconds of work per actor). */
function generateRsa(): Promise<webcrypto.CryptoKeyPair> {
  return webcrypto.subtle.generateKey(
    {name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256'},
    true,
    ['sign', 'verify'],
  ) as Promise<webcrypto.CryptoKeyPair>;
}
