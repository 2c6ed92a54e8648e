/**
 * The one place that knows how this instance lays out its public URLs:
 * issuers, their DID documents and status lists, and credential ids. The
 * HTTP routes serve exactly these paths, and did:web names (issuer-identity.ts)
 * resolve to didDocument().
 */
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const DID_DOCUMENT = /^\/issuers\/([a-z0-9-]+)\/did\.json$/;
const STATUS_LIST = /^\/issuers\/([a-z0-9-]+)\/status\/([0-9a-f-]+)$/;

export type LocalDocument = {kind: 'did-document'; issuerSlug: string} | {kind: 'status-list'; issuerSlug: string; listId: string};

export class InstanceUrls {
  /** Origin plus optional path prefix, no trailing slash. */
  readonly base: string;
  readonly #credentialReference: RegExp;

  constructor(base: string) {
    this.base = base;
    const escaped = base.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    this.#credentialReference = new RegExp(`^(?:urn:uuid:|${escaped}/credentials/)?(${UUID})$`);
  }

  /** Over https, ids and issuers are dereferenceable; a plain-http instance is a local one. */
  get isHttps(): boolean {
    return this.base.startsWith('https://');
  }

  didDocument(issuerSlug: string): string {
    return `${this.base}/issuers/${issuerSlug}/did.json`;
  }

  /** Where GET /issuers/{slug} serves the issuer's Profile (whose id is its DID). */
  issuerProfile(issuerSlug: string): string {
    return `${this.base}/issuers/${issuerSlug}`;
  }

  /** The issuer slug a profile URL of ours names; null for anything else. */
  issuerSlugOfProfile(url: string): string | null {
    if (!url.startsWith(`${this.base}/issuers/`)) return null;
    return /^([a-z0-9-]+)$/.exec(url.slice(this.base.length + '/issuers/'.length))?.[1] ?? null;
  }

  /** A reviewer's public page (issue 4), the subject id of credentials to reviewers without a DID. */
  reviewerProfile(handle: string): string {
    return `${this.base}/reviewers/${handle}`;
  }

  statusList(issuerSlug: string, listId: string): string {
    return `${this.base}/issuers/${issuerSlug}/status/${listId}`;
  }

  /** An https URL under /credentials/ where that resolves, else urn:uuid (a localhost URL would mislead). */
  credentialId(uuid: string): string {
    return this.isHttps ? `${this.base}/credentials/${uuid}` : `urn:uuid:${uuid}`;
  }

  /** The UUID in a bare UUID, `urn:uuid:…` or one of our credential URLs; null for anything else. */
  credentialUuid(reference: string): string | null {
    return this.#credentialReference.exec(reference.trim().toLowerCase())?.[1] ?? null;
  }

  /** Which of our published documents `url` names, if any; undefined when the URL is not ours at all. */
  localDocument(url: string): LocalDocument | null | undefined {
    if (!url.startsWith(`${this.base}/`)) return undefined;
    const path = url.slice(this.base.length).split('#')[0];
    const didDocument = DID_DOCUMENT.exec(path);
    if (didDocument) return {kind: 'did-document', issuerSlug: didDocument[1]};
    const statusList = STATUS_LIST.exec(path);
    if (statusList) return {kind: 'status-list', issuerSlug: statusList[1], listId: statusList[2]};
    return null;
  }

  /** The human verification page; it also serves the JSON to clients that ask for it. */
  credentialPage(uuid: string): string {
    return `${this.base}/credentials/${uuid}`;
  }

  /** The live README badge image of a credential. */
  badgeImage(uuid: string): string {
    return `${this.base}/badges/${uuid}.svg`;
  }
}
