import type {AccountService} from './accounts.ts';
import type {CommunityService} from './communities.ts';
import type {VettingEvent, VettingEvents} from './events.ts';
import {confirmedOrganisation, type Handle, type Review, type Role, type Vetting} from './model.ts';
import type {ReviewService} from './reviews.ts';
import type {RoleService} from './roles.ts';
import type {VettingService} from './vettings.ts';
import {computeReputation, type EndorsementEdge} from './reputation.ts';

export interface ReviewerStats {
  reviewsAccepted: number;
  reviewsDisputed: number;
  reviewsRetracted: number;
  vettingsGiven: number;
}

export interface RankedReviewer {
  handle: Handle;
  role: Role | null;
  /** Reputation (reputation.ts): ranks only; roles decide what counts toward policies. */
  score: number;
  stats: ReviewerStats;
}

export interface ReviewerRankingDeps {
  events: VettingEvents;
  accounts: AccountService;
  communities: CommunityService;
  roles: RoleService;
  reviews: ReviewService;
  vettings: VettingService;
}

/**
 * A community's reviewers ranked by reputation. The ranking is a full
 * recomputation from the store, cached per community and dropped whenever a
 * VettingEvent touches that community; the next read recomputes, so a burst
 * of events costs one recomputation (a debounce without timers).
 */
export class ReviewerRanking {
  readonly #deps: ReviewerRankingDeps;
  /** Set synchronously when a computation starts, so an event arriving during it drops it. */
  readonly #cache = new Map<string, Promise<RankedReviewer[]>>();

  constructor(deps: ReviewerRankingDeps) {
    this.#deps = deps;
    deps.events.on((event) => this.#invalidate(event));
  }

  async list(communitySlug: string): Promise<RankedReviewer[]> {
    await this.#deps.communities.get(communitySlug);
    const cached = this.#cache.get(communitySlug);
    if (cached) return cached;
    const ranking = this.#compute(communitySlug);
    this.#cache.set(communitySlug, ranking);
    // A failed computation is not kept: the next read tries again.
    ranking.catch(() => {
      if (this.#cache.get(communitySlug) === ranking) this.#cache.delete(communitySlug);
    });
    return ranking;
  }

  async #invalidate(event: VettingEvent): Promise<void> {
    // A person may review in any community, so a membership change may move any ranking.
    if (event.type === 'membership-changed') return this.#cache.clear();
    const community = await this.#communityOf(event);
    if (community !== null) this.#cache.delete(community);
  }

  async #communityOf(event: VettingEvent): Promise<string | null> {
    switch (event.type) {
      case 'review-submitted':
      case 'review-standing-changed':
        return event.review.community;
      case 'role-changed':
        return event.grant.community;
      case 'vetting-recorded':
        return (await this.#deps.reviews.find(event.vetting.review))?.community ?? null;
      default:
        return null;
    }
  }

  async #compute(community: string): Promise<RankedReviewer[]> {
    const {roles, reviews, vettings, accounts} = this.#deps;
    const [holders, communityReviews] = await Promise.all([roles.holders(community), reviews.reviewsInCommunity(community)]);
    const vettingsByReview = new Map<string, Vetting[]>();
    for (const review of communityReviews) vettingsByReview.set(review.id, await vettings.forReview(review.id));

    const roleOf = new Map<Handle, Role>(holders.map(({handle, role}) => [handle, role]));
    const handles = new Set<Handle>([...roleOf.keys(), ...communityReviews.map((review) => review.reviewer)]);
    const organisations = new Map<Handle, Handle | null>();
    for (const handle of new Set([...handles, ...[...vettingsByReview.values()].flat().map((vetting) => vetting.by)])) {
      organisations.set(handle, confirmedOrganisation(await accounts.find(handle)));
    }
    const scores = computeReputation({
      seeds: holders.filter(({role}) => role === 'steward').map(({handle}) => handle),
      edges: endorsementEdges(communityReviews, vettingsByReview),
      organisationOf: (handle) => organisations.get(handle) ?? null,
    });
    const ranked = [...handles].map((handle) => ({
      handle,
      role: roleOf.get(handle) ?? null,
      score: scores.get(handle) ?? 0,
      stats: statsOf(handle, communityReviews, vettingsByReview),
    }));
    return ranked.sort((a, b) => b.score - a.score || a.handle.localeCompare(b.handle));
  }
}

/** One edge per endorsement that stands on an accepted review: the endorser vouched for the reviewer's work. */
function endorsementEdges(reviews: Review[], vettingsByReview: Map<string, Vetting[]>): EndorsementEdge[] {
  return reviews
    .filter((review) => review.standing === 'accepted')
    .flatMap((review) => (vettingsByReview.get(review.id) ?? [])
      .filter((vetting) => vetting.verdict === 'endorse' && vetting.reviewDigest === review.digest)
      .map((vetting) => ({from: vetting.by, to: review.reviewer})));
}

function statsOf(handle: Handle, reviews: Review[], vettingsByReview: Map<string, Vetting[]>): ReviewerStats {
  const own = reviews.filter((review) => review.reviewer === handle);
  return {
    reviewsAccepted: own.filter((review) => review.standing === 'accepted').length,
    reviewsDisputed: own.filter((review) => review.standing === 'disputed').length,
    reviewsRetracted: own.filter((review) => review.standing === 'retracted').length,
    vettingsGiven: [...vettingsByReview.values()].flat().filter((vetting) => vetting.by === handle).length,
  };
}
