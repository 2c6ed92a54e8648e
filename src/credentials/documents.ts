/**
 * Where verification finds the documents a credential points at (DID
 * documents, verification methods, status lists): this instance's store,
 * an offline URL→document map, or the hardened fetcher — in that order.
 * Contexts never come from here; see contexts.ts.
 */
export interface DocumentSource {
  /** The JSON document at `url`, or `undefined` when this source does not have it. */
  get(url: string): Promise<unknown | undefined>;
  /**
   * This instance's own record that entry `index` of the status list at
   * `listUrl`, belonging to `credentialId`, was revoked for good (the list
   * says only "suspended" for a suspension entry): null when there is none,
   * undefined when this source keeps no such records.
   */
  revocation?(listUrl: string, index: number, credentialId: string): Promise<RevocationRecord | null | undefined>;
  /** The raw bytes at `url` (a relatedResource to hash); undefined when this source cannot give bytes. */
  bytes?(url: string): Promise<Uint8Array | undefined>;
}

/** Why and when an entry was revoked for good, as the issuing instance records it. */
export interface RevocationRecord {
  at: string;
  reason: string;
}

export class DocumentUnavailableError extends Error {
  readonly url: string;
  readonly reason: string;
  constructor(url: string, reason: string) {
    super(`could not obtain ${url}: ${reason}`);
    this.name = 'DocumentUnavailableError';
    this.url = url;
    this.reason = reason;
  }
}

/** How much one verification may ask of the outside world. */
export interface ResolutionBudget {
  /** Distinct documents (each may be a fetch). */
  maxDocuments: number;
  /** Wall-clock time for all of them together, in milliseconds. */
  timeoutMs: number;
}

/** Enough for a credential, its keys, its status lists and their keys; a hostile credential gets no more. */
export const VERIFICATION_BUDGET: ResolutionBudget = {maxDocuments: 32, timeoutMs: 30_000};

/**
 * Tries each source in turn; the first that has the document wins. A
 * budgeted view (`withBudget`) also remembers what it resolved, so one
 * verification asks for each document once, and caps how many documents
 * and how much time a single hostile credential can make us spend.
 */
export class DocumentResolver {
  readonly #sources: DocumentSource[];
  readonly #budget: (ResolutionBudget & {deadline: number}) | undefined;
  readonly #resolved = new Map<string, Promise<unknown>>();

  constructor(sources: DocumentSource[], budget?: ResolutionBudget) {
    this.#sources = sources;
    this.#budget = budget && {...budget, deadline: Date.now() + budget.timeoutMs};
  }

  /** A fresh view over the same sources with its own budget and memory; use one per verification. */
  withBudget(budget: ResolutionBudget): DocumentResolver {
    return new DocumentResolver(this.#sources, budget);
  }

  resolve(url: string): Promise<unknown> {
    if (!this.#budget) return this.#lookup(url);
    let pending = this.#resolved.get(url);
    if (!pending) {
      if (this.#resolved.size >= this.#budget.maxDocuments) {
        return Promise.reject(new DocumentUnavailableError(url, `one verification may consult at most ${this.#budget.maxDocuments} documents`));
      }
      pending = this.#withinDeadline(url, this.#lookup(url));
      this.#resolved.set(url, pending);
    }
    return pending;
  }

  /** The bytes at `url` from the first source that gives bytes; counted in the budget like a document. */
  bytes(url: string): Promise<Uint8Array> {
    const lookup = async (): Promise<Uint8Array> => {
      for (const source of this.#sources) {
        const bytes = await source.bytes?.(url);
        if (bytes !== undefined) return bytes;
      }
      throw new DocumentUnavailableError(url, 'no source gives its bytes');
    };
    if (!this.#budget) return lookup();
    const key = `bytes ${url}`;
    let pending = this.#resolved.get(key) as Promise<Uint8Array> | undefined;
    if (!pending) {
      if (this.#resolved.size >= this.#budget.maxDocuments) {
        return Promise.reject(new DocumentUnavailableError(url, `one verification may consult at most ${this.#budget.maxDocuments} documents`));
      }
      pending = this.#withinDeadline(url, lookup()) as Promise<Uint8Array>;
      this.#resolved.set(key, pending);
    }
    return pending;
  }

  /** The first source's revocation record for a status entry (see DocumentSource.revocation); null when no source keeps one. */
  async revocation(listUrl: string, index: number, credentialId: string): Promise<RevocationRecord | null> {
    for (const source of this.#sources) {
      const record = await source.revocation?.(listUrl, index, credentialId);
      if (record !== undefined) return record;
    }
    return null;
  }

  async #lookup(url: string): Promise<unknown> {
    for (const source of this.#sources) {
      const document = await source.get(url);
      if (document !== undefined) return document;
    }
    throw new DocumentUnavailableError(url, 'no source has it');
  }

  #withinDeadline(url: string, lookup: Promise<unknown>): Promise<unknown> {
    const remaining = (this.#budget?.deadline ?? Infinity) - Date.now();
    if (remaining <= 0) return Promise.reject(new DocumentUnavailableError(url, 'the time allowed for this verification ran out'));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DocumentUnavailableError(url, 'the time allowed for this verification ran out')), remaining);
    });
    return Promise.race([lookup, timeout]).finally(() => clearTimeout(timer));
  }
}

/** A fixed URL→document map: the CLI's --documents and offline tests; `bytes` gives the files that are not JSON (images). */
export class MapDocumentSource implements DocumentSource {
  readonly #documents: Map<string, unknown>;
  readonly #bytes: Map<string, Uint8Array>;
  constructor(documents: Map<string, unknown>, bytes: Map<string, Uint8Array> = new Map()) {
    this.#documents = documents;
    this.#bytes = bytes;
  }
  async get(url: string): Promise<unknown | undefined> {
    return this.#documents.get(url);
  }
  async bytes(url: string): Promise<Uint8Array | undefined> {
    return this.#bytes.get(url);
  }
}
