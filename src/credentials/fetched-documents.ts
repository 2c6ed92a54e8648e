import type { DocumentSource } from './documents.ts';
import type { Fetcher } from '../net/fetcher.ts';

/**
 * The last resort of document resolution: fetch the document from the web.
 * Failures propagate as FetchError rather than `undefined`, so the
 * verification report can say why (blocked, timed out, 404, not JSON)
 * instead of just "not found".
 */
export class FetcherDocumentSource implements DocumentSource {
  readonly #fetcher: Pick<Fetcher, 'fetchJson'>;

  constructor(fetcher: Pick<Fetcher, 'fetchJson'>) {
    this.#fetcher = fetcher;
  }

  get(url: string): Promise<unknown> {
    return this.#fetcher.fetchJson(url);
  }
}
