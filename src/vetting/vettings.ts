import {randomUUID} from 'node:crypto';
import {DuplicateKeyError, type Collection, type Document, type Store} from '../store/port.ts';
import {HallmarkError, notFound} from '../errors.ts';
import type {AccountService} from './accounts.ts';
import type {CommunityService} from './communities.ts';
import type {RoleService} from './roles.ts';
import type {ReviewService} from './reviews.ts';
import type {VettingEvents} from './events.ts';
import {explainStanding, liveStanding, type Voter} from './acceptance.ts';
import {actingName, authenticated, authorize} from '../authz/index.ts';
import {confirmedOrganisation, type Actor, type Handle, type Review, type RoleGrant, type Verdict, type Vetting} from './model.ts';

export interface VettingInput {
  verdict: Verdict;
  comment?: string;
  reviewDigest: string;
}

interface VettingRecord extends Document, Vetting {
  id: string;
}

/** Reviews of reviews: endorsements, disputes and rejections, and the acceptance they decide. */
export class VettingService {
  readonly #vettings: Collection<VettingRecord>;
  readonly #reviews: ReviewService;
  readonly #roles: RoleService;
  readonly #accounts: AccountService;
  readonly #communities: CommunityService;
  readonly #events: VettingEvents;

  private constructor(vettings: Collection<VettingRecord>, reviews: ReviewService, roles: RoleService, accounts: AccountService, communities: CommunityService, events: VettingEvents) {
    this.#vettings = vettings;
    this.#reviews = reviews;
    this.#roles = roles;
    this.#accounts = accounts;
    this.#communities = communities;
    this.#events = events;
  }

  static async open(store: Store, reviews: ReviewService, roles: RoleService, accounts: AccountService, communities: CommunityService, events: VettingEvents): Promise<VettingService> {
    const vettings = await store.collection<VettingRecord>({
      name: 'vetting_vettings',
      // One vetting per account per review: a change of mind is a dispute resolved by stewards, not a second vote.
      indexes: [{fields: ['review', 'by'], unique: true}, {fields: ['review']}, {fields: ['by']}],
    });
    const service = new VettingService(vettings, reviews, roles, accounts, communities, events);
    events.on(async (event) => {
      if (event.type === 'role-changed') await service.#afterRoleChange(event.grant);
      if (event.type === 'membership-changed') await service.#afterMembershipChange(event.account.handle);
      if (event.type === 'community-changed' && event.change.changes.acceptance) await service.#afterRuleChange(event.community.slug);
    });
    return service;
  }

  async record(actor: Actor, reviewId: string, input: VettingInput, now = new Date()): Promise<{vetting: Vetting; review: Review}> {
    authenticated(actor);
    const review = await this.#reviews.get(reviewId);
    authorize(actor, input.verdict === 'reject' ? 'vettings.reject' : 'vettings.record', {community: review.community, owner: review.reviewer});
    if (input.reviewDigest !== review.digest) {
      throw new HallmarkError('conflict', 'the review is not the one you read: its digest differs', [{field: '/reviewDigest', problem: `must be ${review.digest}`}]);
    }
    if (review.standing === 'retracted' || review.standing === 'rejected') throw new HallmarkError('conflict', `the review is ${review.standing}; it can no longer be vetted`);
    const vetting: Vetting = {id: randomUUID(), review: review.id, reviewDigest: review.digest, by: actor.handle, verdict: input.verdict, comment: input.comment ?? '', at: now.toISOString()};
    try {
      await this.#vettings.insert({...vetting});
    } catch (error) {
      if (error instanceof DuplicateKeyError) throw new HallmarkError('conflict', `"${actor.handle}" has already vetted this review`);
      throw error;
    }
    await this.#events.emit({type: 'vetting-recorded', vetting});
    const settled = input.verdict === 'reject' ? await this.#reviews.changeStanding(review.id, 'rejected', now) : await this.recheck(review.id, now);
    return {vetting, review: settled};
  }

  /** A steward settles a dispute: upheld rejects the review, dismissed lets it count again. */
  async resolve(actor: Actor, vettingId: string, outcome: 'upheld' | 'dismissed', now = new Date()): Promise<{vetting: Vetting; review: Review}> {
    authenticated(actor);
    const found = await this.#vettings.get(vettingId);
    if (!found) throw notFound(`no vetting ${vettingId.slice(0, 80)}`);
    const review = await this.#reviews.get(found.doc.review);
    authorize(actor, 'vettings.resolve', {community: review.community, owner: review.reviewer});
    if (found.doc.verdict !== 'dispute') throw new HallmarkError('conflict', `only disputes are resolved; this vetting is an ${found.doc.verdict}`);
    if (found.doc.resolved) throw new HallmarkError('conflict', `this dispute was already resolved (${found.doc.resolved.outcome})`);
    const vetting: Vetting = {...stripRecord(found.doc), resolved: {by: actingName(actor), outcome, at: now.toISOString()}};
    if (!(await this.#vettings.update(vettingId, found.version, {...vetting}))) throw new HallmarkError('conflict', 'the dispute changed while resolving it; read it again');
    await this.#events.emit({type: 'vetting-recorded', vetting});
    const settled = outcome === 'upheld' && review.standing !== 'retracted' && review.standing !== 'rejected'
      ? await this.#reviews.changeStanding(review.id, 'rejected', now)
      : await this.recheck(review.id, now);
    return {vetting, review: settled};
  }

  async get(id: string): Promise<Vetting> {
    const found = await this.#vettings.get(id);
    if (!found) throw notFound(`no vetting ${id.slice(0, 80)}`);
    return stripRecord(found.doc);
  }

  async forReview(reviewId: string): Promise<Vetting[]> {
    return (await this.#vettings.find({review: reviewId})).map(({doc}) => stripRecord(doc)).sort((a, b) => a.at.localeCompare(b.at));
  }

  async byAccount(handle: Handle): Promise<Vetting[]> {
    return (await this.#vettings.find({by: handle})).map(({doc}) => stripRecord(doc)).sort((a, b) => a.at.localeCompare(b.at));
  }

  /** Applies the community's acceptance rule to a live review as things stand now. */
  async recheck(reviewId: string, now = new Date()): Promise<Review> {
    const review = await this.#reviews.get(reviewId);
    if (review.standing === 'retracted' || review.standing === 'rejected') return review;
    const {reviewer, vettings, voters, rule} = await this.#ballot(review);
    const standing = liveStanding(reviewer, vettings, voters, rule);
    return standing === review.standing ? review : this.#reviews.changeStanding(review.id, standing, now);
  }

  /** Why the review stands where it does, in words (e.g. "needs an endorsement from a senior auditor (or above) of another organisation"). */
  async standingReason(review: Review): Promise<string> {
    const {reviewer, vettings, voters, rule} = await this.#ballot(review);
    return explainStanding(review.standing, reviewer, vettings, voters, rule);
  }

  /** What the acceptance rule reads: the reviewer, the vettings and their givers as they are now, and the community's rule. */
  async #ballot(review: Review) {
    const community = await this.#communities.get(review.community);
    const vettings = await this.forReview(review.id);
    const voters = new Map<Handle, Voter>();
    for (const handle of new Set(vettings.map((vetting) => vetting.by))) voters.set(handle, await this.#voter(review.community, handle));
    const reviewer = {handle: review.reviewer, ...(await this.#voter(review.community, review.reviewer))};
    return {reviewer, vettings, voters, rule: community.acceptance};
  }

  /** A role change re-decides every review the account vetted in that community. */
  async #afterRoleChange(grant: RoleGrant): Promise<void> {
    for (const vetting of await this.byAccount(grant.handle)) {
      const review = await this.#reviews.find(vetting.review);
      if (review && review.community === grant.community) await this.recheck(review.id);
    }
  }

  /** A new acceptance rule decides every live review of the community again, accepted ones included. */
  async #afterRuleChange(community: string): Promise<void> {
    for (const review of await this.#reviews.reviewsInCommunity(community)) {
      if (review.standing !== 'retracted' && review.standing !== 'rejected') await this.recheck(review.id);
    }
  }

  /** A person's organisation counts on both sides of the acceptance rule: re-decide what they wrote and what they vetted. */
  async #afterMembershipChange(handle: Handle): Promise<void> {
    const reviewIds = new Set([...(await this.#reviews.reviewsByReviewer(handle)).map((review) => review.id), ...(await this.byAccount(handle)).map((vetting) => vetting.review)]);
    for (const id of reviewIds) await this.recheck(id);
  }

  async #voter(community: string, handle: Handle): Promise<Voter> {
    const account = await this.#accounts.find(handle);
    return {role: await this.#roles.currentRole(community, handle), organisation: confirmedOrganisation(account)};
  }
}

function stripRecord({id, review, reviewDigest, by, verdict, comment, at, resolved}: VettingRecord): Vetting {
  return {id, review, reviewDigest, by, verdict, comment, at, ...(resolved ? {resolved} : {})};
}
