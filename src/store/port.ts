/**
 * The storage port: collections of JSON documents with declared indexes.
 * Correctness rests on single-document atomicity, unique indexes and
 * compare-and-set updates; no multi-document transactions are assumed, so
 * SQLite and a sharded MongoDB can both honour it.
 */

/**
 * Values that may appear in an indexed field and in a filter. Matching is
 * type-exact (1, '1' and true differ); a null filter value matches null and
 * missing fields; unique indexes ignore documents whose indexed fields are
 * null or missing, so optional unique fields work on both adapters.
 */
export type Scalar = string | number | boolean | null;

/** A stored document: plain JSON with a string `id` unique in its collection. */
export interface Document {
  id: string;
  [field: string]: unknown;
}

export interface IndexSpec {
  /** Top-level field names of the document (dotted paths are not supported). */
  fields: string[];
  unique?: boolean;
}

export interface CollectionSpec {
  name: string;
  indexes: IndexSpec[];
}

/** A document as read, with the version that a compare-and-set must name. */
export interface Versioned<T extends Document> {
  doc: T;
  version: number;
}

export interface FindOptions {
  /** An indexed field to order by; ties break on `id`. */
  sortBy?: string;
  descending?: boolean;
  limit?: number;
}

/** Thrown by insert (and update) when an `id` or unique index would be duplicated. */
export class DuplicateKeyError extends Error {
  constructor(collection: string, detail: string) {
    super(`duplicate key in ${collection}: ${detail}`);
    this.name = 'DuplicateKeyError';
  }
}

export interface Collection<T extends Document> {
  readonly name: string;
  /** Inserts a new document at version 1; DuplicateKeyError if id or a unique index collides. */
  insert(doc: T): Promise<Versioned<T>>;
  get(id: string): Promise<Versioned<T> | null>;
  /** Equality match on indexed fields (every filter field must be indexed). */
  find(filter: Record<string, Scalar>, options?: FindOptions): Promise<Array<Versioned<T>>>;
  count(filter: Record<string, Scalar>): Promise<number>;
  /**
   * Replaces the document if its stored version is still `expectedVersion`.
   * Returns the new versioned document, or null when someone else won the race
   * or the document is gone. `next.id` must equal `id`.
   */
  update(id: string, expectedVersion: number, next: T): Promise<Versioned<T> | null>;
  /** Deletes; with `expectedVersion` only if unchanged. True when a document was deleted. */
  delete(id: string, expectedVersion?: number): Promise<boolean>;
  /**
   * Deletes every document whose indexed `field` holds a value of the same
   * type as `before` (a string or a finite number) that is less than it;
   * strings compare by code unit, so ISO-8601 UTC times sort as times.
   * Returns how many were deleted. For expiring records (sessions, one-time
   * form tokens, invitations): one statement, however many there are.
   */
  purgeBefore(field: string, before: string | number): Promise<number>;
}

/** A message in a durable queue. */
export interface QueueMessage<P = unknown> {
  id: string;
  queue: string;
  payload: P;
  /** How many times it has been leased before this lease. */
  attempts: number;
  /** Lease token: ack and release must present it. */
  leaseToken: string;
}

export interface Queues {
  /** Enqueues; an `idempotencyKey` already used on this queue makes it a no-op returning the first id. */
  enqueue<P>(queue: string, payload: P, options?: {runAt?: Date; idempotencyKey?: string}): Promise<string>;
  /** Leases the oldest due message for `leaseMs`; an expired lease makes it due again. */
  lease<P>(queue: string, leaseMs: number, now?: Date): Promise<QueueMessage<P> | null>;
  /** Removes a leased message; false if the lease was lost (expired and taken by another). */
  ack(message: QueueMessage): Promise<boolean>;
  /**
   * Acknowledges a message by id whether or not anyone holds its lease: for
   * work its submitter finished itself, whose steps are idempotent so that a
   * worker running it meanwhile is harmless. True when it was still pending.
   */
  complete(queue: string, id: string): Promise<boolean>;
  /** Gives a leased message back, due again at `runAt` (default now). */
  release(message: QueueMessage, runAt?: Date): Promise<boolean>;
  /** Messages not yet acknowledged (due, scheduled or leased), per queue that has any; for metrics. */
  depths(): Promise<Record<string, number>>;
}

/** One entry of a full-text index: what is searched (title, text) and what a hit shows (data). */
export interface SearchEntry {
  /** Unique in the index, e.g. `package:pkg:npm/left-pad`. */
  id: string;
  /** What kind of thing it is; searches may be narrowed to one type. */
  type: string;
  /** Weighs more than `text` in ranking. */
  title: string;
  text: string;
  /** Plain JSON returned with a hit (names, paths, counts), never searched. */
  data: Record<string, unknown>;
}

export interface SearchOptions {
  type?: string;
  limit: number;
  offset?: number;
}

export interface SearchResults {
  /** How many entries match in all (for paging). */
  total: number;
  /** Best first; ties by id. */
  hits: SearchEntry[];
}

/**
 * A full-text index (SQLite FTS5; a MongoDB text index). A query is read as
 * words only: letters and digits, case- and accent-insensitive, every word
 * required (a hit has them all), at most MAX_SEARCH_TERMS of them; query
 * syntax, quotes and operators in it are just separators. SQLite also matches
 * word prefixes; MongoDB whole words only.
 */
export interface SearchIndex {
  /** Adds the entry, or replaces the one with its id. */
  put(entry: SearchEntry): Promise<void>;
  remove(id: string): Promise<boolean>;
  search(query: string, options: SearchOptions): Promise<SearchResults>;
}

/** A counter's value and the instant it lapses. */
export interface CounterState {
  value: number;
  /** Epoch milliseconds from which the counter no longer exists; null when it never lapses. */
  expiresAt: number | null;
}

/**
 * Named numeric counters with a lifetime, shared by every process on the
 * store: rate-limit counts, change notices. Each call is atomic on its key.
 */
export interface Counters {
  /**
   * Adds `by` (may be negative) to the counter and returns its new state. A
   * counter that is absent or has lapsed starts again from `by`, lapsing
   * `ttlMs` after `now` (0: never); `restart` does the same whatever it held.
   */
  add(key: string, by: number, options: {ttlMs: number; restart?: boolean; now?: Date}): Promise<CounterState>;
  /** The counter's state, or null when it is absent or has lapsed. */
  get(key: string, now?: Date): Promise<CounterState | null>;
  /** True when a counter (lapsed or not) was deleted. */
  delete(key: string): Promise<boolean>;
  /** Deletes lapsed counters; returns how many. */
  purge(now?: Date): Promise<number>;
}

export interface Store {
  /** Declares (creates if needed) a collection and its indexes; idempotent. */
  collection<T extends Document>(spec: CollectionSpec): Promise<Collection<T>>;
  /** Declares (creates if needed) a full-text index; idempotent. */
  searchIndex(name: string): Promise<SearchIndex>;
  readonly queues: Queues;
  readonly counters: Counters;
  /** Cheap liveness probe for /healthz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
