import {DocumentUnavailableError, type DocumentSource} from './documents.ts';
import type {CredentialRecords} from './credential-records.ts';
import type {IssuerService} from './issuers.ts';
import type {StatusListService} from './status-lists.ts';

const ISSUER_DOCUMENT = /^\/issuers\/([a-z0-9-]+)\/did\.json$/;
const STATUS_LIST = /^\/issuers\/([a-z0-9-]+)\/status\/([0-9a-f-]+)$/;
const CREDENTIAL = /^\/credentials\/([0-9a-f-]+)$/;

/**
 * Documents this instance publishes itself (issuer DID documents, status
 * lists, credentials) are read from the store, never fetched over HTTP: that
 * is faster, works offline, and a deployment behind a proxy cannot reach its
 * own public URL anyway.
 */
export class LocalDocumentSource implements DocumentSource {
  readonly #publicUrl: string;
  readonly #issuers: IssuerService;
  readonly #statusLists: StatusListService;
  readonly #records: CredentialRecords;

  constructor(publicUrl: string, issuers: IssuerService, statusLists: StatusListService, records: CredentialRecords) {
    this.#publicUrl = publicUrl;
    this.#issuers = issuers;
    this.#statusLists = statusLists;
    this.#records = records;
  }

  async get(url: string): Promise<unknown | undefined> {
    if (!url.startsWith(`${this.#publicUrl}/`)) return undefined;
    const path = url.slice(this.#publicUrl.length).split('#')[0];
    try {
      const issuerDocument = ISSUER_DOCUMENT.exec(path);
      if (issuerDocument) return this.#issuers.didDocument(await this.#issuers.get(issuerDocument[1]));
      const statusList = STATUS_LIST.exec(path);
      if (statusList) return (await this.#statusLists.publish(statusList[1], statusList[2])).credential;
      const credential = CREDENTIAL.exec(path);
      if (credential) return (await this.#records.get(credential[1])).credential;
    } catch (error) {
      throw new DocumentUnavailableError(url, (error as Error).message);
    }
    throw new DocumentUnavailableError(url, 'this instance publishes no such document');
  }
}
