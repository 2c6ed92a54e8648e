import {randomUUID} from 'node:crypto';
import {type Collection, type Document, type Store} from '../store/port.ts';
import {HallmarkError, invalidInput, notFound} from '../errors.ts';
import type {IssuanceService} from '../credentials/issue.ts';
import type {CredentialStatusService} from '../credentials/credential-status.ts';
import type {CredentialRecords} from '../credentials/credential-records.ts';
import type {AccountService} from './accounts.ts';
import type {CommunityService} from './communities.ts';
import type {RoleService} from './roles.ts';
import type {CriteriaService} from './criteria.ts';
import type {VettingEvents} from './events.ts';
import {parsePurl, parseReleasePurl} from '../purl.ts';
import {compareVersions, formatVers, parseVers, versContains} from './vers.ts';
import {reviewDigest} from './review-digest.ts';
import {reviewEndorsement} from './review-credential.ts';
import {authenticated, authorize} from '../authz/index.ts';
import type {Actor, Finding, Handle, Level, Rating, Review, ReviewKind, Standing} from './model.ts';

export interface ReviewInput {
  purl: string;
  kind: ReviewKind;
  from?: string;
  range?: string;
  criteria: string[];
  thoroughness: Level;
  understanding: Level;
  rating: Rating;
  findings?: Finding[];
  notes?: string;
  /** Add the reviewer's own did:key proof to the community's credential. */
  cosign?: boolean;
}

interface ReviewRecord extends Document, Review {
  id: string;
  /** The credential a retraction or rejection revoked, so its page can say why. */
  revokedCredentialId?: string;
}

export interface ReviewDependencies {
  accounts: AccountService;
  communities: CommunityService;
  roles: RoleService;
  criteria: CriteriaService;
  issuance: IssuanceService;
  credentialStatus: CredentialStatusService;
  records: CredentialRecords;
  events: VettingEvents;
  /** Where a review can be read, for the credential's evidence. */
  reviewUrl: (id: string) => string;
}

/** Standings a review never leaves. */
const FINAL: ReadonlySet<Standing> = new Set(['rejected', 'retracted']);

/** Reviews of package releases, their standing, and the credential an accepted one earns. */
export class ReviewService {
  readonly #reviews: Collection<ReviewRecord>;
  readonly #deps: ReviewDependencies;

  private constructor(reviews: Collection<ReviewRecord>, deps: ReviewDependencies) {
    this.#reviews = reviews;
    this.#deps = deps;
  }

  static async open(store: Store, deps: ReviewDependencies): Promise<ReviewService> {
    const reviews = await store.collection<ReviewRecord>({
      name: 'vetting_reviews',
      indexes: [{fields: ['community']}, {fields: ['package']}, {fields: ['community', 'package']}, {fields: ['reviewer']}, {fields: ['credentialId']}, {fields: ['revokedCredentialId']}],
    });
    return new ReviewService(reviews, deps);
  }

  /** An auditor (or higher) of the community submits a review; everything is checked before it is stored. */
  async submit(actor: Actor, communitySlug: string, input: ReviewInput, now = new Date()): Promise<Review> {
    const community = await this.#deps.communities.get(communitySlug);
    authorize(actor, 'reviews.submit', {community: community.slug});
    const target = input.kind === 'violation' ? parsePurl(input.purl) : parseReleasePurl(input.purl);
    this.#deps.communities.assertEcosystem(community, target.type);
    await this.#deps.criteria.assertKnown(community.slug, input.criteria);
    const shape = kindFields(input, target.type, target.version);
    const cosigner = input.cosign ? (await this.#deps.accounts.get(actor.handle)).did : undefined;
    if (cosigner === null) throw invalidInput(`"${actor.handle}" has no did:key to co-sign with`, [{field: '/cosign', problem: 'the account was created without didKey'}]);
    const content = {
      id: randomUUID(),
      community: community.slug,
      reviewer: actor.handle,
      purl: target.purl,
      package: target.package,
      kind: input.kind,
      ...shape,
      criteria: [...input.criteria].sort(),
      thoroughness: input.thoroughness,
      understanding: input.understanding,
      rating: input.rating,
      findings: input.findings ?? [],
      notes: input.notes ?? '',
      createdAt: now.toISOString(),
    };
    const review: Review = {...content, digest: reviewDigest(content), standing: 'pending', ...(cosigner ? {cosigner} : {}), credentialId: null};
    await this.#reviews.insert(review as ReviewRecord);
    await this.#deps.events.emit({type: 'review-submitted', review});
    if (community.acceptance.endorsements === 0) return this.changeStanding(review.id, 'accepted', now);
    return review;
  }

  async find(id: string): Promise<Review | null> {
    const found = await this.#reviews.get(id);
    return found ? stripRecord(found.doc) : null;
  }

  async get(id: string): Promise<Review> {
    const review = await this.find(id);
    if (!review) throw notFound(`no review ${id.slice(0, 80)}`);
    return review;
  }

  /** Every review of a package (purl without version), in one community or (null) in all. */
  async reviewsForPackage(community: string | null, packagePurl: string): Promise<Review[]> {
    const filter: Record<string, string> = community === null ? {package: packagePurl} : {community, package: packagePurl};
    return sortByTime((await this.#reviews.find(filter)).map(({doc}) => stripRecord(doc)));
  }

  /** The review whose community credential this is (retracted and rejected ones no longer name theirs). */
  async byCredential(credentialId: string): Promise<Review | null> {
    const [found] = [...await this.#reviews.find({credentialId}, {limit: 1}), ...await this.#reviews.find({revokedCredentialId: credentialId}, {limit: 1})];
    return found ? stripRecord(found.doc) : null;
  }

  /** Every package (purl without version) with at least one review, in any community. */
  async packages(): Promise<string[]> {
    return [...new Set((await this.#reviews.find({})).map(({doc}) => doc.package))];
  }

  async reviewsByReviewer(handle: Handle): Promise<Review[]> {
    return sortByTime((await this.#reviews.find({reviewer: handle})).map(({doc}) => stripRecord(doc)));
  }

  async reviewsInCommunity(community: string): Promise<Review[]> {
    return sortByTime((await this.#reviews.find({community})).map(({doc}) => stripRecord(doc)));
  }

  /** Whether a review speaks about this release: its own version, a delta's "to", or inside a violation's range. */
  appliesTo(review: Review, version: string): boolean {
    if (review.kind === 'violation' && review.range) return versContains(parseVers(review.range), version);
    const type = /^pkg:([^/]+)\//.exec(review.package)?.[1] ?? '';
    return review.purl === review.package ? false : compareVersions(type, versionOf(review.purl), version) === 0;
  }

  /** The reviewer withdraws their review; it stops counting and its credential is revoked for good. */
  async retract(actor: Actor, id: string, now = new Date()): Promise<Review> {
    authenticated(actor);
    const review = await this.get(id);
    authorize(actor, 'reviews.retract', {community: review.community, owner: review.reviewer});
    if (review.standing === 'retracted') throw new HallmarkError('conflict', 'the review is already retracted');
    if (review.standing === 'rejected') throw new HallmarkError('conflict', 'the review was rejected by the community and cannot be retracted');
    return this.changeStanding(id, 'retracted', now);
  }

  /**
   * Moves a review to `next`. Acceptance issues the community's
   * EndorsementCredential (or reinstates the one it already has); leaving
   * acceptance for pending or disputed only suspends it, because a single
   * dispute must not undo a review for good; retracted and rejected are final
   * and revoke it. Emits review-standing-changed.
   */
  async changeStanding(id: string, next: Standing, now = new Date()): Promise<Review> {
    for (;;) {
      const found = await this.#reviews.get(id);
      if (!found) throw notFound(`no review ${id.slice(0, 80)}`);
      const current = stripRecord(found.doc);
      if (current.standing === next) return current;
      if (FINAL.has(current.standing)) throw new HallmarkError('conflict', `the review is ${current.standing}; its standing no longer changes`);
      let updated: Review = {...current, standing: next};
      let issued: string | null = null;
      if (next === 'accepted') {
        if (!current.credentialId) issued = await this.#issueCredential(updated);
        updated = {...updated, credentialId: issued ?? current.credentialId, acceptedAt: now.toISOString()};
      } else if (FINAL.has(next)) {
        updated = {...updated, credentialId: null};
      }
      const revoked = FINAL.has(next) && current.credentialId ? {revokedCredentialId: current.credentialId} : {};
      const stored = await this.#reviews.update(id, found.version, {...updated, ...revoked} as ReviewRecord);
      if (!stored) {
        // Someone else moved the review meanwhile: undo our credential and decide again on what is there now.
        if (issued) await this.#setStatus(current.community, issued, 'revoke', 'issued for an acceptance that a concurrent change overtook');
        continue;
      }
      if (current.credentialId) {
        if (FINAL.has(next)) await this.#setStatus(current.community, current.credentialId, 'revoke', next === 'retracted' ? 'the reviewer retracted the review' : 'the community rejected the review');
        else if (next === 'accepted') await this.#setStatus(current.community, current.credentialId, 'reinstate');
        else if (current.standing === 'accepted') await this.#setStatus(current.community, current.credentialId, 'suspend');
      }
      await this.#deps.events.emit({type: 'review-standing-changed', review: updated});
      return updated;
    }
  }

  /** The signed credential of an accepted review, or null. */
  async credential(review: Review): Promise<Record<string, unknown> | null> {
    if (!review.credentialId) return null;
    return (await this.#deps.records.get(review.credentialId)).credential;
  }

  async #issueCredential(review: Review): Promise<string> {
    const credential = reviewEndorsement(review, this.#deps.reviewUrl(review.id));
    const key = review.cosigner ? await this.#deps.accounts.signingKey(review.reviewer) : null;
    const cosigners = key && key.controller === review.cosigner ? [key] : [];
    // One `suspension` status entry: suspended while disputed, suspended for good (revoked, by our records) once rejected or retracted.
    const {verifiableCredential} = await this.#deps.issuance.issue(review.community, {credential, options: {statusPurpose: 'suspension'}}, undefined, cosigners);
    return String(verifiableCredential.id);
  }

  async #setStatus(community: string, credentialId: string, change: 'suspend' | 'reinstate' | 'revoke', reason?: string): Promise<void> {
    const entry = change === 'revoke'
      ? {type: 'BitstringStatusListEntry' as const, statusPurpose: 'revocation' as const, status: true}
      : {type: 'BitstringStatusListEntry' as const, statusPurpose: 'suspension' as const, status: change === 'suspend'};
    await this.#deps.credentialStatus.update(community, {credentialId, credentialStatus: [entry]}, reason);
  }
}

/** The fields only some kinds carry, checked against the kind. */
function kindFields(input: ReviewInput, type: string, version: string | null): {from?: string; range?: string} {
  if (input.kind !== 'delta' && input.from !== undefined) throw invalidInput('only delta reviews have a "from" version', [{field: '/from', problem: `must be omitted for a ${input.kind} review`}]);
  if (input.kind !== 'violation' && input.range !== undefined) throw invalidInput('only violation reviews have a range', [{field: '/range', problem: `must be omitted for a ${input.kind} review`}]);
  if (input.kind === 'delta') {
    if (input.from === undefined) throw invalidInput('a delta review names the version it starts from', [{field: '/from', problem: 'is required for a delta review'}]);
    if (version !== null && compareVersions(type, input.from, version) >= 0) throw invalidInput(`a delta goes forward: ${input.from} is not before ${version}`, [{field: '/from', problem: `must be a version before ${version}`}]);
    return {from: input.from};
  }
  if (input.kind === 'violation') {
    if (input.range === undefined) throw invalidInput('a violation review names the versions it affects', [{field: '/range', problem: 'is required for a violation review, e.g. vers:npm/>=1.0.0|<1.2.3'}]);
    const range = parseVers(input.range);
    if (range.scheme !== type) throw invalidInput(`the range is for ${range.scheme}, the package is ${type}`, [{field: '/range', problem: `must use the vers:${type}/ scheme`}]);
    if (version !== null && !versContains(range, version)) throw invalidInput(`${version} is not inside ${input.range}`, [{field: '/range', problem: 'must contain the version the purl names'}]);
    return {range: formatVers(range)};
  }
  return {};
}

function versionOf(purl: string): string {
  return parsePurl(purl).version ?? '';
}

function stripRecord(record: ReviewRecord): Review {
  const {id, community, reviewer, purl, package: pkg, kind, from, range, criteria, thoroughness, understanding, rating, findings, notes, digest, standing, cosigner, credentialId, createdAt, acceptedAt} = record;
  return {
    id, community, reviewer, purl, package: pkg, kind, ...(from !== undefined ? {from} : {}), ...(range !== undefined ? {range} : {}),
    criteria, thoroughness, understanding, rating, findings, notes, digest, standing, ...(cosigner !== undefined ? {cosigner} : {}), credentialId, createdAt, ...(acceptedAt !== undefined ? {acceptedAt} : {}),
  };
}

function sortByTime(reviews: Review[]): Review[] {
  return reviews.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}
