/**
 * Where verification finds the documents a credential points at (DID
 * documents, verification methods, status lists): this instance's store,
 * an offline URL→document map, or the hardened fetcher — in that order.
 * Contexts never come from here; see contexts.ts.
 */
export interface DocumentSource {
  /** The JSON document at `url`, or `undefined` when this source does not have it. */
  get(url: string): Promise<unknown | undefined>;
}

export class DocumentUnavailableError extends Error {
  readonly url: string;
  constructor(url: string, reason: string) {
    super(`could not obtain ${url}: ${reason}`);
    this.name = 'DocumentUnavailableError';
    this.url = url;
  }
}

/** Tries each source in turn; the first that has the document wins. */
export class DocumentResolver {
  readonly #sources: DocumentSource[];

  constructor(sources: DocumentSource[]) {
    this.#sources = sources;
  }

  async resolve(url: string): Promise<unknown> {
    for (const source of this.#sources) {
      const document = await source.get(url);
      if (document !== undefined) return document;
    }
    throw new DocumentUnavailableError(url, 'no source has it');
  }
}

/** A fixed URL→document map: the CLI's --documents and offline tests. */
export class MapDocumentSource implements DocumentSource {
  readonly #documents: Map<string, unknown>;
  constructor(documents: Map<string, unknown>) {
    this.#documents = documents;
  }
  async get(url: string): Promise<unknown | undefined> {
    return this.#documents.get(url);
  }
}
