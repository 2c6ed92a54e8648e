/**
 * Fedify's KvStore over the storage port: one collection, one document per
 * key. Keys are arrays of strings; the document id is a digest of the key (ids
 * stay short whatever the key), and the first two key parts are indexed so
 * that `list(prefix)` reads only its part. Expiry is judged on every read, and
 * `sweepExpired` removes what has expired, an hour bucket at a time.
 */
import {createHash} from 'node:crypto';
import type {KvKey, KvStore, KvStoreListEntry, KvStoreSetOptions} from '@fedify/fedify';
import {DuplicateKeyError, type Collection, type Document, type Store} from '../store/port.ts';
import {canonicalJson} from '../json.ts';

interface KvRecord extends Document {
  key: string[];
  k0: string;
  k1: string | null;
  value: unknown;
  /** Epoch milliseconds, or null for no expiry. */
  expiresAt: number | null;
  /** The hour (epoch ms / 3,600,000, rounded down) the entry expires in: what the sweep reads. */
  expiresHour: number | null;
}

const HOUR_MS = 3_600_000;
const CURSOR_ID = 'kv-sweep-cursor';
const MAX_ATTEMPTS = 16;

export class StoreKvStore implements KvStore {
  readonly #entries: Collection<KvRecord>;
  readonly #now: () => number;

  private constructor(entries: Collection<KvRecord>, now: () => number) {
    this.#entries = entries;
    this.#now = now;
  }

  static async open(store: Store, options: {collection?: string; now?: () => number} = {}): Promise<StoreKvStore> {
    const entries = await store.collection<KvRecord>({
      name: options.collection ?? 'federation_kv',
      indexes: [{fields: ['k0', 'k1']}, {fields: ['k0']}, {fields: ['expiresHour']}],
    });
    return new StoreKvStore(entries, options.now ?? Date.now);
  }

  async get<T = unknown>(key: KvKey): Promise<T | undefined> {
    const found = await this.#live(key);
    return found === null ? undefined : (found.doc.value as T);
  }

  async set(key: KvKey, value: unknown, options?: KvStoreSetOptions): Promise<void> {
    if (value === undefined) throw new TypeError('a KV value cannot be undefined');
    const next = this.#record(key, value, options);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const found = await this.#entries.get(next.id);
      if (found === null) {
        try {
          await this.#entries.insert(next);
          return;
        } catch (error) {
          if (!(error instanceof DuplicateKeyError)) throw error;
          continue;
        }
      }
      if (await this.#entries.update(next.id, found.version, next)) return;
    }
    throw new Error(`KV set of ${JSON.stringify(key)} lost ${MAX_ATTEMPTS} races in a row`);
  }

  async delete(key: KvKey): Promise<void> {
    await this.#entries.delete(idOf(key));
  }

  /** Sets `newValue` only if the current value (undefined when absent or expired) equals `expectedValue`. */
  async cas(key: KvKey, expectedValue: unknown, newValue: unknown, options?: KvStoreSetOptions): Promise<boolean> {
    const found = await this.#entries.get(idOf(key));
    const live = found !== null && !this.#expired(found.doc) ? found : null;
    if (!sameValue(live?.doc.value, expectedValue)) return false;
    if (newValue === undefined) {
      if (found === null) return true;
      return this.#entries.delete(found.doc.id, found.version);
    }
    const next = this.#record(key, newValue, options);
    if (found === null) {
      try {
        await this.#entries.insert(next);
        return true;
      } catch (error) {
        if (error instanceof DuplicateKeyError) return false;
        throw error;
      }
    }
    return (await this.#entries.update(next.id, found.version, next)) !== null;
  }

  async *list(prefix: KvKey = [] as unknown as KvKey): AsyncIterable<KvStoreListEntry> {
    const filter: Record<string, string> = {};
    if (prefix.length >= 1) filter.k0 = prefix[0];
    if (prefix.length >= 2) filter.k1 = prefix[1] as string;
    const found = await this.#entries.find(filter);
    for (const {doc} of found) {
      if (doc.id === CURSOR_ID || this.#expired(doc)) continue;
      if (!prefix.every((part, index) => doc.key[index] === part)) continue;
      yield {key: doc.key as unknown as KvKey, value: doc.value};
    }
  }

  /** Deletes entries whose expiry hour has passed; returns how many. Cheap when there is nothing to do. */
  async sweepExpired(): Promise<number> {
    const currentHour = Math.floor(this.#now() / HOUR_MS);
    const cursor = await this.#entries.get(CURSOR_ID);
    // The first sweep starts a day back: entries never live in buckets older than their write.
    let from = typeof cursor?.doc.value === 'number' ? cursor.doc.value : currentHour - 24;
    let deleted = 0;
    for (; from < currentHour; from++) {
      for (const {doc, version} of await this.#entries.find({expiresHour: from})) {
        if (await this.#entries.delete(doc.id, version)) deleted++;
      }
    }
    const next = {id: CURSOR_ID, key: [], k0: '', k1: null, value: from, expiresAt: null, expiresHour: null};
    if (cursor === null) await this.#entries.insert(next).catch(() => undefined);
    else await this.#entries.update(CURSOR_ID, cursor.version, next);
    return deleted;
  }

  async #live(key: KvKey) {
    const found = await this.#entries.get(idOf(key));
    if (found === null) return null;
    if (this.#expired(found.doc)) {
      await this.#entries.delete(found.doc.id, found.version);
      return null;
    }
    return found;
  }

  #expired(doc: KvRecord): boolean {
    return doc.expiresAt !== null && doc.expiresAt <= this.#now();
  }

  #record(key: KvKey, value: unknown, options?: KvStoreSetOptions): KvRecord {
    const ttl = options?.ttl?.total({unit: 'millisecond'});
    const expiresAt = ttl === undefined ? null : this.#now() + Math.max(0, ttl);
    return {
      id: idOf(key),
      key: [...key],
      k0: key[0] ?? '',
      k1: key[1] ?? null,
      value,
      expiresAt,
      expiresHour: expiresAt === null ? null : Math.floor(expiresAt / HOUR_MS),
    };
  }
}

function idOf(key: KvKey): string {
  return `kv:${createHash('sha256').update(JSON.stringify(key)).digest('base64url')}`;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === undefined || b === undefined) return a === b;
  return canonicalJson(a) === canonicalJson(b);
}
