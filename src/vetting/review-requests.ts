import {randomUUID} from 'node:crypto';
import {DuplicateKeyError, type Collection, type Document, type Store} from '../store/port.ts';
import {HallmarkError, notFound} from '../errors.ts';
import {parseReleasePurl} from '../purl.ts';
import type {CommunityService} from './communities.ts';
import type {VettingEvents} from './events.ts';
import type {Actor, Handle, Purl, Review} from './model.ts';
import {actingName, authenticated, authorize} from '../authz/index.ts';

/**
 * A maintainer asks a community to review a release. The request is listed
 * for the community's auditors until a review covers it: a full or delta
 * review of that very release in that community, submitted at or after the
 * request (whatever becomes of the review later). Covering is decided from
 * the reviews themselves, so a close lost to a crash is made again — on the
 * next read of the request, and by `resume()` at start.
 */
export type ReviewRequestState = 'open' | 'closed' | 'withdrawn';
export const REVIEW_REQUEST_STATES: readonly ReviewRequestState[] = ['open', 'closed', 'withdrawn'];

export interface ReviewRequest {
  id: string;
  community: string;
  /** The release, canonical and with its version. */
  purl: Purl;
  package: string;
  /** Where auditors read the release's source (http or https). */
  source: string;
  note: string;
  requester: Handle;
  state: ReviewRequestState;
  createdAt: string;
  /** closed: the review that covered it; withdrawn: who withdrew it and why. */
  closedAt?: string;
  closedByReview?: string;
  withdrawnBy?: Handle | 'admin';
  withdrawReason?: string;
}

export interface ReviewRequestInput {
  purl: string;
  source: string;
  note?: string;
}

interface RequestRecord extends Document, ReviewRequest {
  /** `${community} ${purl}` while open, null after: at most one open request per release and community. */
  openKey: string | null;
}

/** One maintainer cannot fill a community's queue. */
export const MAX_OPEN_REQUESTS_PER_REQUESTER = 50;

export interface ReviewRequestPorts {
  communities: Pick<CommunityService, 'get' | 'assertEcosystem'>;
  reviews: {reviewsForPackage(community: string | null, packagePurl: string): Promise<Review[]>};
  events: VettingEvents;
}

export class ReviewRequestService {
  readonly #requests: Collection<RequestRecord>;
  readonly #ports: ReviewRequestPorts;

  private constructor(requests: Collection<RequestRecord>, ports: ReviewRequestPorts) {
    this.#requests = requests;
    this.#ports = ports;
  }

  static async open(store: Store, ports: ReviewRequestPorts): Promise<ReviewRequestService> {
    const requests = await store.collection<RequestRecord>({
      name: 'vetting_review_requests',
      indexes: [{fields: ['openKey'], unique: true}, {fields: ['community', 'state']}, {fields: ['state']}, {fields: ['requester', 'state']}, {fields: ['package']}],
    });
    const service = new ReviewRequestService(requests, ports);
    ports.events.on(async (event) => {
      if (event.type === 'review-submitted') await service.#closeCoveredBy(event.review);
    });
    return service;
  }

  /** Any account asks a community to review a release; one open request per release and community. */
  async create(actor: Actor, communitySlug: string, input: ReviewRequestInput, now = new Date()): Promise<ReviewRequest> {
    const community = await this.#ports.communities.get(communitySlug);
    authorize(actor, 'review-requests.create', {community: community.slug});
    const release = parseReleasePurl(input.purl, '/purl');
    this.#ports.communities.assertEcosystem(community, release.type);
    const open = await this.#requests.count({requester: actor.handle, state: 'open'});
    if (open >= MAX_OPEN_REQUESTS_PER_REQUESTER) throw new HallmarkError('conflict', `"${actor.handle}" already has ${open} open review requests; wait for reviews or withdraw some`);
    const request: ReviewRequest = {
      id: randomUUID(), community: community.slug, purl: release.purl, package: release.package, source: input.source, note: input.note ?? '',
      requester: actor.handle, state: 'open', createdAt: now.toISOString(),
    };
    try {
      await this.#requests.insert({...request, openKey: openKey(request)});
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
      const [existing] = await this.#requests.find({openKey: openKey(request)}, {limit: 1});
      throw new HallmarkError('conflict', `a review of ${release.purl} is already requested in "${community.slug}"${existing ? ` (request ${existing.doc.id})` : ''}`, [{field: '/purl', problem: 'already has an open review request in this community'}]);
    }
    return request;
  }

  async get(id: string): Promise<ReviewRequest> {
    const found = await this.#requests.get(id);
    if (!found) throw notFound(`no review request ${id.slice(0, 80)}`);
    return (await this.#settle([found.doc]))[0];
  }

  /** A community's requests in one state, oldest first (the queue's order). */
  async list(communitySlug: string, state: ReviewRequestState = 'open'): Promise<ReviewRequest[]> {
    await this.#ports.communities.get(communitySlug);
    const found = (await this.#requests.find({community: communitySlug, state})).map(({doc}) => doc);
    const settled = await this.#settle(found);
    return settled.filter((request) => request.state === state).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  /** Requests about a package (every version), in any state. */
  async forPackage(packagePurl: string): Promise<ReviewRequest[]> {
    const found = (await this.#requests.find({package: packagePurl})).map(({doc}) => doc);
    return (await this.#settle(found)).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** The requester, a steward of the community, or the admin takes an open request off the queue. */
  async withdraw(actor: Actor, id: string, reason?: string, now = new Date()): Promise<ReviewRequest> {
    authenticated(actor);
    const request = await this.get(id);
    authorize(actor, 'review-requests.withdraw', {community: request.community, owner: request.requester});
    if (request.state !== 'open') throw new HallmarkError('conflict', `the request is already ${request.state}`);
    const changed = await this.#finish(id, (record) => ({
      ...record, state: 'withdrawn', openKey: null, closedAt: now.toISOString(), withdrawnBy: actingName(actor), ...(reason ? {withdrawReason: reason} : {}),
    }));
    if (changed.state !== 'withdrawn') throw new HallmarkError('conflict', `the request is already ${changed.state}`);
    return changed;
  }

  /** Closes every open request a review already covers: what a crash between a review and its close left behind. */
  async resume(): Promise<number> {
    const open = (await this.#requests.find({state: 'open'})).map(({doc}) => doc);
    const settled = await this.#settle(open);
    return settled.filter((request) => request.state === 'closed').length;
  }

  async #closeCoveredBy(review: Review): Promise<void> {
    if (review.kind === 'violation') return;
    const [open] = await this.#requests.find({openKey: `${review.community} ${review.purl}`}, {limit: 1});
    if (open && covers(review, open.doc)) await this.#close(open.doc.id, review);
  }

  /** Records as they are, with any open one a review covers closed now. */
  async #settle(records: RequestRecord[]): Promise<ReviewRequest[]> {
    const reviewsByPackage = new Map<string, Promise<Review[]>>();
    const settled: ReviewRequest[] = [];
    for (const record of records) {
      if (record.state !== 'open') {
        settled.push(publicRequest(record));
        continue;
      }
      const key = `${record.community} ${record.package}`;
      if (!reviewsByPackage.has(key)) reviewsByPackage.set(key, this.#ports.reviews.reviewsForPackage(record.community, record.package));
      const covering = (await reviewsByPackage.get(key) ?? []).find((review) => covers(review, record));
      settled.push(covering ? await this.#close(record.id, covering) : publicRequest(record));
    }
    return settled;
  }

  async #close(id: string, review: Review): Promise<ReviewRequest> {
    return this.#finish(id, (record) => ({...record, state: 'closed', openKey: null, closedAt: review.createdAt, closedByReview: review.id}));
  }

  /** One compare-and-set from open to a final state; whoever loses the race reads the winner's result. */
  async #finish(id: string, next: (record: RequestRecord) => RequestRecord): Promise<ReviewRequest> {
    for (;;) {
      const found = await this.#requests.get(id);
      if (!found) throw notFound(`no review request ${id.slice(0, 80)}`);
      if (found.doc.state !== 'open') return publicRequest(found.doc);
      const updated = await this.#requests.update(id, found.version, next(found.doc));
      if (updated) return publicRequest(updated.doc);
    }
  }
}

function openKey(request: Pick<ReviewRequest, 'community' | 'purl'>): string {
  return `${request.community} ${request.purl}`;
}

/** A full or delta review of the requested release in its community, submitted since the request. */
export function covers(review: Review, request: Pick<ReviewRequest, 'community' | 'purl' | 'createdAt'>): boolean {
  return review.kind !== 'violation' && review.community === request.community && review.purl === request.purl && review.createdAt >= request.createdAt;
}

function publicRequest(record: RequestRecord): ReviewRequest {
  const {id, community, purl, package: pkg, source, note, requester, state, createdAt, closedAt, closedByReview, withdrawnBy, withdrawReason} = record;
  return {
    id, community, purl, package: pkg, source, note, requester, state, createdAt,
    ...(closedAt !== undefined ? {closedAt} : {}), ...(closedByReview !== undefined ? {closedByReview} : {}),
    ...(withdrawnBy !== undefined ? {withdrawnBy} : {}), ...(withdrawReason !== undefined ? {withdrawReason} : {}),
  };
}
