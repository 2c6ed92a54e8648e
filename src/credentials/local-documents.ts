import {DocumentUnavailableError, type DocumentSource} from './documents.ts';
import type {IssuerService} from './issuers.ts';
import type {StatusListService} from './status-lists.ts';

const ISSUER_DOCUMENT = /^\/issuers\/([a-z0-9-]+)\/did\.json$/;
const STATUS_LIST = /^\/issuers\/([a-z0-9-]+)\/status\/([0-9a-f-]+)$/;

/**
 * Documents this instance publishes for verifiers (issuer DID documents and
 * status lists) are read from the store, never fetched over HTTP: that is
 * faster, works offline, and a deployment behind a proxy cannot reach its own
 * public URL anyway. Issued credentials are deliberately not served here:
 * verification never needs one as a key, controller or list document, and
 * their claims are partly the caller's.
 */
export class LocalDocumentSource implements DocumentSource {
  readonly #publicUrl: string;
  readonly #issuers: IssuerService;
  readonly #statusLists: StatusListService;

  constructor(publicUrl: string, issuers: IssuerService, statusLists: StatusListService) {
    this.#publicUrl = publicUrl;
    this.#issuers = issuers;
    this.#statusLists = statusLists;
  }

  async get(url: string): Promise<unknown | undefined> {
    if (!url.startsWith(`${this.#publicUrl}/`)) return undefined;
    const path = url.slice(this.#publicUrl.length).split('#')[0];
    try {
      const issuerDocument = ISSUER_DOCUMENT.exec(path);
      if (issuerDocument) return this.#issuers.didDocument(await this.#issuers.get(issuerDocument[1]));
      const statusList = STATUS_LIST.exec(path);
      if (statusList) return (await this.#statusLists.signedList(statusList[1], statusList[2])).credential;
    } catch (error) {
      throw new DocumentUnavailableError(url, (error as Error).message);
    }
    throw new DocumentUnavailableError(url, 'this instance publishes no such document');
  }
}
