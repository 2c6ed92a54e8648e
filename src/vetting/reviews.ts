import {randomUUID} from 'node:crypto';
import {DuplicateKeyError, type Collection, type Document, type Store} from '../store/port.ts';
import {HallmarkError, invalidInput, notFound} from '../errors.ts';
import type {IssuanceService} from '../credentials/issue.ts';
import type {CredentialStatusService} from '../credentials/credential-status.ts';
import type {CredentialRecords} from '../credentials/credential-records.ts';
import type {AccountService} from './accounts.ts';
import type {CommunityService} from './communities.ts';
import type {RoleService} from './roles.ts';
import type {CriteriaService} from './criteria.ts';
import type {VettingEvents} from './events.ts';
import {derivedUuid, type Jobs} from '../jobs/index.ts';
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
  jobs: Jobs;
  /** Where a review can be read, for the credential's evidence. */
  reviewUrl: (id: string) => string;
}

const STANDING_JOB = 'review-standing';
const SUBMIT_JOB = 'review-submission';

/** A review's move to `next`, decided on the review at version `from`. */
interface StandingChange {
  id: string;
  from: number;
  next: Standing;
  at: string;
}

/** The id a review's EndorsementCredential is issued under: one per review, ever. */
function credentialUuidOf(reviewId: string): string {
  return derivedUuid('review-endorsement', reviewId);
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
    deps.jobs.define<StandingChange>(STANDING_JOB, (change) => this.#applyStanding(change));
    deps.jobs.define<Review>(SUBMIT_JOB, (review) => this.#applySubmit(review));
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
    // Durable (src/jobs): a report stored is a report re-evaluation hears of (a pending violation suspends), crash or not.
    await this.#deps.jobs.perform<Review>(SUBMIT_JOB, review);
    return this.get(review.id);
  }

  /** Stores the review once, tells re-evaluation, and accepts it where the community needs no endorsements; idempotent. */
  async #applySubmit(review: Review): Promise<void> {
    try {
      await this.#reviews.insert(review as ReviewRecord);
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
    }
    await this.#deps.events.emit({type: 'review-submitted', review});
    const community = await this.#deps.communities.get(review.community);
    const stored = await this.get(review.id);
    if (community.acceptance.endorsements === 0 && stored.standing === 'pending') await this.changeStanding(review.id, 'accepted', new Date(review.createdAt));
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

  /**
   * The reviewer withdraws their review; it stops counting and its credential
   * is revoked for good. Retracting again (a client's retry after a crash)
   * finishes whatever the first attempt left undone and answers the same.
   */
  async retract(actor: Actor, id: string, now = new Date()): Promise<Review> {
    authenticated(actor);
    const review = await this.get(id);
    authorize(actor, 'reviews.retract', {community: review.community, owner: review.reviewer});
    if (review.standing === 'rejected') throw new HallmarkError('conflict', 'the review was rejected by the community and cannot be retracted');
    return this.changeStanding(id, 'retracted', now);
  }

  /**
   * Moves a review to `next`. Acceptance issues the community's
   * EndorsementCredential (or reinstates the one it already has); leaving
   * acceptance for pending or disputed only suspends it, because a single
   * dispute must not undo a review for good; retracted and rejected are final
   * and revoke it. Emits review-standing-changed.
   *
   * Durable (src/jobs): the intent is recorded first, then the status list
   * changes, then the review record, then re-evaluation; a crash anywhere is
   * finished by the job runner, and at no moment does a credential verify
   * valid while the review says retracted or rejected.
   */
  async changeStanding(id: string, next: Standing, now = new Date()): Promise<Review> {
    for (;;) {
      const found = await this.#reviews.get(id);
      if (!found) throw notFound(`no review ${id.slice(0, 80)}`);
      const current = found.doc.standing;
      if (current !== next && FINAL.has(current)) throw new HallmarkError('conflict', `the review is ${current}; its standing no longer changes`);
      await this.#deps.jobs.perform<StandingChange>(STANDING_JOB, {id, from: found.version, next, at: now.toISOString()});
      const after = await this.get(id);
      // Someone else moved the review meanwhile: decide again on what is there now.
      if (after.standing === next) return after;
    }
  }

  /** The steps of a standing change; idempotent, and safe to run twice at once. */
  async #applyStanding(change: StandingChange): Promise<void> {
    const found = await this.#reviews.get(change.id);
    if (!found) return;
    let review = found.doc;
    // Only the version the change was decided on moves; a later one means it happened already or was overtaken.
    if (found.version === change.from && review.standing !== change.next && !FINAL.has(review.standing)) {
      const moved = await this.#move(found.version, review, change.next, change.at);
      if (moved) review = moved;
      else review = (await this.#reviews.get(change.id))?.doc ?? review;
    }
    await this.#settleCredential(review);
    await this.#deps.events.emit({type: 'review-standing-changed', review: stripRecord(review)});
  }

  /** Status list first, record second: the record never claims more than the list already says. */
  async #move(version: number, current: ReviewRecord, next: Standing, at: string): Promise<ReviewRecord | null> {
    let updated: ReviewRecord = {...current, standing: next};
    if (next === 'accepted') {
      const credentialId = current.credentialId ?? await this.#issueCredential(current);
      updated = {...updated, credentialId, acceptedAt: at};
    } else if (FINAL.has(next)) {
      updated = {...updated, credentialId: null, ...(current.credentialId ? {revokedCredentialId: current.credentialId} : {})};
    }
    await this.#settleCredential(updated);
    return (await this.#reviews.update(current.id, version, updated))?.doc ?? null;
  }

  /**
   * Puts the review's credentials on the status list as its standing says:
   * valid when accepted, suspended while pending or disputed, revoked for
   * good once final — including a credential an overtaken acceptance issued
   * under the review's derived id that no record names (no orphan stays valid).
   */
  async #settleCredential(review: ReviewRecord): Promise<void> {
    const derived = this.#deps.records.credentialIdFor(credentialUuidOf(review.id));
    if (FINAL.has(review.standing)) {
      const reason = review.standing === 'retracted' ? 'the reviewer retracted the review' : 'the community rejected the review';
      for (const credentialId of new Set([review.revokedCredentialId, review.credentialId, derived])) {
        if (credentialId) await this.#setStatus(review.community, credentialId, 'revoke', reason);
      }
      return;
    }
    if (review.credentialId) await this.#setStatus(review.community, review.credentialId, review.standing === 'accepted' ? 'reinstate' : 'suspend');
    if (review.credentialId !== derived) await this.#setStatus(review.community, derived, 'suspend');
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
    // Under an id derived from the review, so a resumed acceptance finds the credential instead of minting a second one.
    const {verifiableCredential} = await this.#deps.issuance.issueOnce(review.community, credentialUuidOf(review.id), {credential, options: {statusPurpose: 'suspension'}}, cosigners);
    return String(verifiableCredential.id);
  }

  async #setStatus(community: string, credentialId: string, change: 'suspend' | 'reinstate' | 'revoke', reason?: string): Promise<void> {
    const state = change === 'revoke' ? 'revoked' : change === 'suspend' ? 'suspended' : 'valid';
    await this.#deps.credentialStatus.ensure(community, credentialId, state, reason);
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
