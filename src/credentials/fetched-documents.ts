import { DocumentUnavailableError, type DocumentSource } from './documents.ts';
import type { Fetcher } from '../net/fetcher.ts';
import { FetchError } from '../net/errors.ts';

/**
 * The last resort of document resolution: fetch the document from the web.
 * Failures propagate as DocumentUnavailableError (carrying the fetcher's
 * reason) rather than `undefined`, so the verification report can say why
 * (blocked, timed out, 404, not JSON) and call the check indeterminate:
 * a document we could not obtain says nothing either way.
 */
export class FetcherDocumentSource implements DocumentSource {
  readonly #fetcher: Pick<Fetcher, 'fetchJson' | 'fetch'>;

  constructor(fetcher: Pick<Fetcher, 'fetchJson' | 'fetch'>) {
    this.#fetcher = fetcher;
  }

  /** A related resource's bytes, to hash: any media type, through the same hardened fetcher. */
  async bytes(url: string): Promise<Uint8Array> {
    try {
      const response = await this.#fetcher.fetch(url, {accept: '*/*'});
      if (response.status < 200 || response.status > 299) throw new DocumentUnavailableError(url, `the server answered HTTP ${response.status}`);
      return response.body;
    } catch (error) {
      if (error instanceof FetchError) throw new DocumentUnavailableError(url, error.message);
      throw error;
    }
  }

  async get(url: string): Promise<unknown> {
    try {
      return await this.#fetcher.fetchJson(url);
    } catch (error) {
      if (error instanceof FetchError) throw new DocumentUnavailableError(url, error.message);
      throw error;
    }
  }
}
