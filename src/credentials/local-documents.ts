import {DocumentUnavailableError, type DocumentSource, type RevocationRecord} from './documents.ts';
import type {InstanceUrls} from './instance-urls.ts';
import type {IssuerService} from './issuers.ts';
import type {StatusListService} from './status-lists.ts';

/**
 * Documents this instance publishes for verifiers (issuer DID documents and
 * status lists) are read from the store, never fetched over HTTP: that is
 * faster, works offline, and a deployment behind a proxy cannot reach its own
 * public URL anyway. Issued credentials are deliberately not served here:
 * verification never needs one as a key, controller or list document, and
 * their claims are partly the caller's.
 */
export class LocalDocumentSource implements DocumentSource {
  readonly #urls: InstanceUrls;
  readonly #issuers: IssuerService;
  readonly #statusLists: StatusListService;

  constructor(urls: InstanceUrls, issuers: IssuerService, statusLists: StatusListService) {
    this.#urls = urls;
    this.#issuers = issuers;
    this.#statusLists = statusLists;
  }

  async get(url: string): Promise<unknown | undefined> {
    const named = this.#urls.localDocument(url);
    if (named === undefined) return undefined;
    // Ours but not something we publish: never fall through to fetching ourselves.
    if (named === null) throw new DocumentUnavailableError(url, 'this instance publishes no such document');
    try {
      if (named.kind === 'did-document') return await this.#issuers.publishedDidDocument(await this.#issuers.get(named.issuerSlug));
      return (await this.#statusLists.signedList(named.issuerSlug, named.listId)).credential;
    } catch (error) {
      throw new DocumentUnavailableError(url, (error as Error).message);
    }
  }

  /** Our records of revocations for good: the reason behind a suspension bit a third party reads as "suspended". */
  async revocation(listUrl: string, index: number, credentialId: string): Promise<RevocationRecord | null | undefined> {
    const named = this.#urls.localDocument(listUrl);
    if (named === undefined) return undefined;
    if (named === null || named.kind !== 'status-list') return null;
    return this.#statusLists.revocationOf(named.issuerSlug, named.listId, index, credentialId);
  }
}
