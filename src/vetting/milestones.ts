import {DuplicateKeyError, type Collection, type Document, type Store} from '../store/port.ts';
import type {IssuanceService} from '../credentials/issue.ts';
import {HallmarkError} from '../errors.ts';
import type {CredentialRecords} from '../credentials/credential-records.ts';
import type {CredentialStatusService} from '../credentials/credential-status.ts';
import type {InstanceUrls} from '../credentials/instance-urls.ts';
import type {AccountService} from './accounts.ts';
import type {CommunityService} from './communities.ts';
import type {VettingEvent, VettingEvents} from './events.ts';
import {roleAtLeast, type Account, type Role, type Community, type Handle, type Milestone, type Review, type RoleGrant} from './model.ts';
import type {ReviewService} from './reviews.ts';
import type {RoleService} from './roles.ts';

/**
 * Reviewer credentials for résumés: when a reviewer reaches one of their
 * community's milestones (a number of accepted reviews, or a role), the
 * community's issuer awards them an OpenBadgeCredential, once per
 * (community, reviewer, milestone), with the reviews as evidence.
 *
 * Once-only holds under concurrency without transactions: the issuance goes
 * through IssuanceService with an idempotency key per (community, reviewer,
 * milestone) and a request built deterministically from history (the first
 * N accepted reviews; the reviews accepted before the promotion), so racing
 * events converge on one credential; the award record's id is the same key.
 *
 * A credential must not outlive its basis: when the reviewer no longer has
 * the accepted reviews or the role that earned it, it is suspended, and
 * reinstated once the basis is back. Never revoked by the flow: a count
 * lost to a retracted or rejected review can come back through new
 * accepted reviews, and a withdrawn role through a new grant, both
 * legitimate ways back. The issuer may still revoke one by hand (VC-API):
 * that is final, and the listing says `revoked`.
 */
export type MilestoneAwardState = 'active' | 'suspended' | 'revoked';

export interface MilestoneAward {
  community: string;
  handle: Handle;
  milestone: string;
  credentialId: string;
  awardedAt: string;
  state: MilestoneAwardState;
}

interface AwardRecord extends Document, Omit<MilestoneAward, 'state'> {
  /** `${community}:${handle}:${milestone}` */
  id: string;
  /** Absent on awards from before suspension existed: those stay active. */
  state?: Exclude<MilestoneAwardState, 'revoked'>;
  /**
   * `suspension` entries (and `message` ones, issued for a while) suspend
   * and reinstate; awards without one keep the entry they were issued with, untouched.
   */
  statusPurpose?: 'message' | 'suspension';
}

/** What a reviewer holds in a community right now: the basis milestones are judged on. */
interface Standing {
  accepted: Review[];
  role: Role | null;
}

export interface MilestoneDeps {
  events: VettingEvents;
  accounts: AccountService;
  communities: CommunityService;
  roles: RoleService;
  reviews: ReviewService;
  issuance: IssuanceService;
  credentialStatus: CredentialStatusService;
  records: CredentialRecords;
  urls: InstanceUrls;
}

/** Evidence is a résumé's footnote, not an archive: enough reviews to show the work. */
const MAX_EVIDENCE = 50;

export class MilestoneService {
  readonly #awards: Collection<AwardRecord>;
  readonly #deps: MilestoneDeps;

  private constructor(awards: Collection<AwardRecord>, deps: MilestoneDeps) {
    this.#awards = awards;
    this.#deps = deps;
  }

  static async open(store: Store, deps: MilestoneDeps): Promise<MilestoneService> {
    const awards = await store.collection<AwardRecord>({name: 'milestone_awards', indexes: [{fields: ['handle', 'awardedAt']}, {fields: ['community']}, {fields: ['credentialId']}]});
    const service = new MilestoneService(awards, deps);
    deps.events.on((event) => service.#onEvent(event));
    return service;
  }

  /** The stable id of a milestone's Achievement, under its community. */
  achievementId(community: string, milestone: string): string {
    return this.#deps.urls.milestone(community, milestone);
  }

  /** Awards every milestone the reviewer has reached in the community and not yet received; returns the new ones. */
  async evaluate(communitySlug: string, handle: Handle): Promise<MilestoneAward[]> {
    const community = await this.#deps.communities.get(communitySlug);
    if (community.milestones.length === 0) return [];
    const standing = await this.#standing(community.slug, handle);
    const {accepted} = standing;
    const awarded: MilestoneAward[] = [];
    for (const milestone of community.milestones) {
      const byReviews = reachedByReviews(milestone, standing);
      if (!byReviews && !reachedByRole(milestone, standing)) continue;
      if (await this.#awards.get(awardId(community.slug, handle, milestone.id))) continue;
      const evidence = byReviews ? accepted.slice(0, Math.max(1, milestone.acceptedReviews ?? 1)) : await this.#reviewsBeforePromotion(community.slug, handle, milestone, accepted);
      const award = await this.#award(community, handle, milestone, evidence);
      if (award) awarded.push(award);
    }
    return awarded;
  }

  /** Suspends the reviewer's awards in the community whose basis is gone and reinstates those whose basis is back. */
  async reconcile(communitySlug: string, handle: Handle): Promise<void> {
    const awards = (await this.#awards.find({handle}, {limit: 500})).filter(({doc}) => doc.community === communitySlug && doc.statusPurpose !== undefined);
    if (awards.length === 0) return;
    const community = await this.#deps.communities.get(communitySlug);
    const standing = await this.#standing(community.slug, handle);
    for (const {doc, version} of awards) {
      const milestone = community.milestones.find((candidate) => candidate.id === doc.milestone);
      // A milestone the community no longer lists says nothing about the reviewer: leave its award as it is.
      if (!milestone) continue;
      const held = reachedByReviews(milestone, standing) || reachedByRole(milestone, standing);
      const state = held ? 'active' : 'suspended';
      if (doc.state !== state) await this.#awards.update(doc.id, version, {...doc, state});
      // Written every time, not only on a change of record: the list write is a no-op when it already agrees, and this repairs one that failed before.
      try {
        await this.#deps.credentialStatus.update(community.slug, {credentialId: doc.credentialId, credentialStatus: [{type: 'BitstringStatusListEntry', statusPurpose: 'suspension', status: !held}]});
      } catch (error) {
        // The issuer revoked it by hand: final, and no reason to stop reconciling the others.
        if (!(error instanceof HallmarkError && error.kind === 'conflict')) throw error;
      }
    }
  }

  /** The award a credential is, if it is one. */
  async byCredential(credentialId: string): Promise<MilestoneAward | null> {
    const [found] = await this.#awards.find({credentialId}, {limit: 1});
    return found ? stripRecord(found.doc) : null;
  }

  /** A reviewer's milestone credentials across communities, newest first. */
  async credentialsOf(handle: Handle): Promise<Array<MilestoneAward & {verifiableCredential: Record<string, unknown>}>> {
    await this.#deps.accounts.get(handle);
    const awards = await this.#awards.find({handle}, {sortBy: 'awardedAt', descending: true, limit: 500});
    const listed = await Promise.all(awards.map(async ({doc}) => {
      const record = await this.#deps.records.find(this.#deps.records.uuidOf(doc.credentialId));
      if (!record) return null;
      // A hand revocation is final whatever the basis: say so from our records.
      const revoked = (await this.#deps.credentialStatus.standing(record)).state === 'revoked';
      return {...stripRecord(doc), ...(revoked ? {state: 'revoked' as const} : {}), verifiableCredential: record.credential};
    }));
    return listed.filter((entry) => entry !== null);
  }

  async #onEvent(event: VettingEvent): Promise<void> {
    if (event.type === 'community-changed' && event.change.changes.milestones) {
      // New or changed milestones: everyone with a role or a review in the community is judged again.
      const slug = event.community.slug;
      const handles = new Set([...(await this.#deps.roles.holders(slug)).map((holder) => holder.handle), ...(await this.#deps.reviews.reviewsInCommunity(slug)).map((review) => review.reviewer)]);
      for (const handle of handles) {
        await this.evaluate(slug, handle);
        await this.reconcile(slug, handle);
      }
      return;
    }
    const subject = event.type === 'review-standing-changed' ? {community: event.review.community, handle: event.review.reviewer}
      : event.type === 'role-changed' ? {community: event.grant.community, handle: event.grant.handle} : null;
    if (!subject) return;
    await this.evaluate(subject.community, subject.handle);
    await this.reconcile(subject.community, subject.handle);
  }

  async #standing(community: string, handle: Handle): Promise<Standing> {
    const accepted = (await this.#deps.reviews.reviewsByReviewer(handle))
      .filter((review) => review.community === community && review.standing === 'accepted')
      .sort(byAcceptance);
    return {accepted, role: await this.#deps.roles.currentRole(community, handle)};
  }

  /** Reviews accepted up to the first grant that reached the milestone's role: what earned the promotion. */
  async #reviewsBeforePromotion(community: string, handle: Handle, milestone: Milestone, accepted: Review[]): Promise<Review[]> {
    const history: RoleGrant[] = await this.#deps.roles.history(community);
    const promotion = history
      .filter((grant) => grant.handle === handle && milestone.role !== undefined && roleAtLeast(grant.role, milestone.role))
      .sort((a, b) => a.at.localeCompare(b.at))[0];
    const before = promotion ? accepted.filter((review) => (review.acceptedAt ?? review.createdAt) <= promotion.at) : accepted;
    return before.slice(-MAX_EVIDENCE);
  }

  async #award(community: Community, handle: Handle, milestone: Milestone, evidence: Review[]): Promise<MilestoneAward | null> {
    const account = await this.#deps.accounts.get(handle);
    const key = awardId(community.slug, handle, milestone.id);
    const result = await this.#deps.issuance.issue(community.slug, {credential: this.#credential(community, account, milestone, evidence.slice(0, MAX_EVIDENCE)), options: {statusPurpose: 'suspension'}}, `milestone:${key}`);
    const credentialId = String(result.verifiableCredential.id);
    const award: AwardRecord = {id: key, community: community.slug, handle, milestone: milestone.id, credentialId, awardedAt: new Date().toISOString(), state: 'active', statusPurpose: 'suspension'};
    try {
      await this.#awards.insert(award);
    } catch (error) {
      if (error instanceof DuplicateKeyError) return null; // a concurrent evaluation recorded the same credential
      throw error;
    }
    return stripRecord(award);
  }

  #credential(community: Community, account: Account, milestone: Milestone, evidence: Review[]): Record<string, unknown> {
    const criteria = milestone.acceptedReviews !== undefined
      ? `${milestone.acceptedReviews} review${milestone.acceptedReviews === 1 ? '' : 's'} accepted by the ${community.name} community under its vetting rule.`
      : `Granted the role ${milestone.role} in the ${community.name} community by its stewards.`;
    return {
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      name: `${milestone.name} — ${community.name}`,
      credentialSubject: {
        id: account.did ?? this.#deps.urls.reviewerPage(account.handle),
        type: ['AchievementSubject'],
        name: account.name,
        achievement: {
          id: this.achievementId(community.slug, milestone.id),
          type: ['Achievement'],
          achievementType: 'Achievement',
          name: milestone.name,
          description: milestone.description,
          criteria: {narrative: criteria},
        },
      },
      evidence: evidence.map((review) => ({
        id: review.credentialId ?? this.#deps.urls.review(review.id),
        type: ['Evidence'],
        name: `Review of ${review.purl}`,
        narrative: `A ${review.kind} review, rated ${review.rating}, accepted by the community.`,
      })),
    };
  }
}

function reachedByReviews(milestone: Milestone, {accepted}: Standing): boolean {
  return milestone.acceptedReviews !== undefined && accepted.length >= milestone.acceptedReviews;
}

function reachedByRole(milestone: Milestone, {role}: Standing): boolean {
  return milestone.role !== undefined && roleAtLeast(role, milestone.role);
}

function awardId(community: string, handle: Handle, milestone: string): string {
  return `${community}:${handle}:${milestone}`;
}

function byAcceptance(a: Review, b: Review): number {
  return (a.acceptedAt ?? a.createdAt).localeCompare(b.acceptedAt ?? b.createdAt) || a.id.localeCompare(b.id);
}

function stripRecord({community, handle, milestone, credentialId, awardedAt, state}: AwardRecord): MilestoneAward {
  return {community, handle, milestone, credentialId, awardedAt, state: state ?? 'active'};
}
