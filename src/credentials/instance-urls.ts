/**
 * The one place that knows how this instance lays out its public URLs:
 * issuers, their DID documents and status lists, credential ids and pages,
 * badges, reviews, evidence, policies, communities, packages and reviewers.
 * The HTTP routes serve exactly these paths, and did:web names
 * (issuer-identity.ts) resolve to didDocument().
 */
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/** A UUID in its usual text form, any case. */
export const UUID_PATTERN = new RegExp(`^${UUID}$`, 'i');
/** Our paths that name one credential: its page, its baked images, its README badge. */
const ANY_CASE_UUID = UUID.replaceAll('a-f', 'a-fA-F');
const CREDENTIAL_PATH = new RegExp(`^/(?:credentials/(${ANY_CASE_UUID})(?:/baked\\.(?:png|svg))?|badges/(${ANY_CASE_UUID})\\.svg)$`);
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
  reviewerPage(handle: string): string {
    return `${this.base}/reviewers/${encodeURIComponent(handle)}`;
  }

  /** The handle one of our reviewer page URLs names; null for anything else. */
  reviewerHandleOfPage(url: string): string | null {
    if (!url.startsWith(`${this.base}/reviewers/`)) return null;
    return /^([a-z0-9][a-z0-9-]{1,62})$/.exec(url.slice(this.base.length + '/reviewers/'.length))?.[1] ?? null;
  }

  communityPage(slug: string): string {
    return `${this.base}/communities/${encodeURIComponent(slug)}`;
  }

  packagePage(purl: string): string {
    return `${this.base}/packages/${pathSafePurl(purl)}`;
  }

  /** A package's live README badge under a community: the badge of its latest evaluated release. */
  packageBadgeImage(community: string, purl: string): string {
    return `${this.base}/badges/${encodeURIComponent(community)}/${pathSafePurl(purl)}.svg`;
  }

  /** Where a package's README badge links: its current badge credential (a page for people, the credential for programs). */
  packageBadgePage(community: string, purl: string): string {
    return `${this.communityPage(community)}/packages/${pathSafePurl(purl)}`;
  }

  /** The community and purl text one of our package badge images or pages names; null for anything else. */
  packageBadgeReference(url: string): {community: string; purl: string} | null {
    if (!url.startsWith(`${this.base}/`)) return null;
    const path = url.slice(this.base.length).split(/[?#]/)[0];
    const match = /^\/badges\/([a-z0-9-]+)\/(pkg(?::|%3a).+)\.svg$/i.exec(path) ?? /^\/communities\/([a-z0-9-]+)\/packages\/(pkg(?::|%3a).+)$/i.exec(path);
    if (!match) return null;
    try {
      return {community: match[1], purl: decodeURIComponent(match[2])};
    } catch {
      return null;
    }
  }

  /** The stable id of a published policy version: also the id of its Achievement, and its page. */
  policyVersion(community: string, name: string, version: number): string {
    return `${this.communityPage(community)}/policies/${encodeURIComponent(name)}/versions/${version}`;
  }

  /** The id of a community's milestone Achievement. */
  milestone(community: string, milestone: string): string {
    return `${this.communityPage(community)}/milestones/${encodeURIComponent(milestone)}`;
  }

  /** A review as JSON: the evidence URL of a review that has no credential (yet). */
  review(reviewId: string): string {
    return `${this.base}/api/v1/reviews/${reviewId}`;
  }

  /** One audit a community imported from a cargo-vet audits.toml, as JSON. */
  cargoVetAudit(community: string, auditId: string): string {
    return `${this.base}/api/v1/communities/${community}/cargo-vet/audits/${encodeURIComponent(auditId)}`;
  }

  evidence(evidenceId: string): string {
    return `${this.base}/api/v1/evidence/${evidenceId}`;
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

  /** Whether `url` is one of our README badge images (any name under /badges/). */
  isBadgeImage(url: string): boolean {
    return url.startsWith(`${this.base}/badges/`);
  }

  /** The credential as a baked badge image (OB 3.0 §5.3). */
  bakedPng(uuid: string): string {
    return `${this.credentialPage(uuid)}/baked.png`;
  }

  bakedSvg(uuid: string): string {
    return `${this.credentialPage(uuid)}/baked.svg`;
  }

  /** The credential UUID our page, baked-image or badge URL names, read from the store rather than fetched; null for anything else. */
  localCredentialUuid(url: string): string | null {
    if (!url.startsWith(`${this.base}/`)) return null;
    const match = CREDENTIAL_PATH.exec(url.slice(this.base.length).split(/[?#]/)[0]);
    const uuid = match?.[1] ?? match?.[2];
    return uuid === undefined ? null : uuid.toLowerCase();
  }
}

/** A purl's own characters are path-safe except '?', '#' and spaces, which purls encode anyway. */
function pathSafePurl(purl: string): string {
  return purl.replace(/[?#\s]/g, encodeURIComponent);
}
