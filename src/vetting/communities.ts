import {DuplicateKeyError, type Collection, type Document, type Store} from '../store/port.ts';
import {HallmarkError, invalidInput, notFound} from '../errors.ts';
import type {IssuerService} from '../credentials/issuers.ts';
import type {VettingEvents} from './events.ts';
import {actingName, authorize} from '../authz/index.ts';
import {DEFAULT_ACCEPTANCE, type AcceptanceRule, type Account, type Actor, type Community, type Handle, type MembershipMode, type Milestone, type Role} from './model.ts';

export interface CommunityInput {
  slug: string;
  name: string;
  description?: string;
  ecosystems?: string[];
  guidance?: {url?: string; text?: string};
  membership?: MembershipMode;
  acceptance?: Partial<AcceptanceRule>;
  milestones?: Milestone[];
  /** The issuer's public URL (shown in its profile). */
  url?: string;
}

/** What founding a community with stewards needs from accounts and roles (their services satisfy it). */
export interface FoundingPorts {
  accounts: {find(handle: Handle): Promise<Account | null>};
  roles: {set(actor: Actor, community: string, handle: Handle, role: Role | null, reason?: string): Promise<unknown>};
}

/** What a steward may change after creation; `milestones` is the whole new list. */
export interface CommunityPatch {
  description?: string;
  guidance?: {url?: string; text?: string};
  membership?: MembershipMode;
  acceptance?: Partial<AcceptanceRule>;
  milestones?: Milestone[];
}

/** One edit of a community, kept in its append-only history. */
export interface CommunityChange {
  community: string;
  /** 1 for the first edit after creation. */
  revision: number;
  by: Handle | 'admin';
  at: string;
  changes: Partial<Record<keyof CommunityPatch, {from: unknown; to: unknown}>>;
}

interface CommunityRecord extends Document, Community {
  id: string;
  /** Edits so far; absent on communities never edited. */
  revision?: number;
  /**
   * An edit stored but not yet followed through (its history entry, and the
   * re-decisions it implies): written in the same update as the edit itself,
   * cleared once done, resumed at start after a crash.
   */
  pending?: CommunityChange;
}

interface HistoryRecord extends Document, CommunityChange {
  /** `${community}:${revision}` zero-padded: one entry per edit, and the id orders them. */
  id: string;
}

const PATCH_FIELDS = ['description', 'guidance', 'membership', 'acceptance', 'milestones'] as const;

/** A community is an issuer with vetting: it signs its accepted reviews and its badges. */
export class CommunityService {
  readonly #communities: Collection<CommunityRecord>;
  readonly #history: Collection<HistoryRecord>;
  readonly #issuers: IssuerService;
  readonly #events: VettingEvents;
  readonly #listeners: Array<(community: Community) => Promise<void>> = [];

  private constructor(communities: Collection<CommunityRecord>, history: Collection<HistoryRecord>, issuers: IssuerService, events: VettingEvents) {
    this.#communities = communities;
    this.#history = history;
    this.#issuers = issuers;
    this.#events = events;
  }

  static async open(store: Store, issuers: IssuerService, events: VettingEvents): Promise<CommunityService> {
    const communities = await store.collection<CommunityRecord>({name: 'vetting_communities', indexes: []});
    const history = await store.collection<HistoryRecord>({name: 'vetting_community_history', indexes: [{fields: ['community']}]});
    return new CommunityService(communities, history, issuers, events);
  }

  /**
   * A steward (or the admin) edits the community. The edit and the intent to
   * follow it through are one write; then the history entry is appended and
   * `community-changed` lets reviews (acceptance rule) and milestone
   * credentials (milestones) be decided again. Each step is idempotent, and
   * `resumePending()` finishes an edit a crash interrupted.
   */
  async update(actor: Actor, slug: string, patch: CommunityPatch, now = new Date()): Promise<Community> {
    await this.get(slug);
    authorize(actor, 'communities.edit', {community: slug});
    assertMilestones(patch.milestones);
    for (;;) {
      const found = await this.#communities.get(slug);
      if (!found) throw notFound(`no community "${slug.slice(0, 80)}"`);
      if (found.doc.pending) {
        await this.#followThrough(found.doc.pending);
        continue;
      }
      const current = publicCommunity(found.doc);
      const next: Community = {
        ...current,
        ...(patch.description !== undefined ? {description: patch.description} : {}),
        ...(patch.guidance !== undefined ? {guidance: patch.guidance} : {}),
        ...(patch.membership !== undefined ? {membership: patch.membership} : {}),
        ...(patch.acceptance !== undefined ? {acceptance: {...current.acceptance, ...patch.acceptance}} : {}),
        ...(patch.milestones !== undefined ? {milestones: patch.milestones} : {}),
      };
      const changes: CommunityChange['changes'] = {};
      for (const field of PATCH_FIELDS) {
        if (JSON.stringify(current[field]) !== JSON.stringify(next[field])) changes[field] = {from: current[field], to: next[field]};
      }
      if (Object.keys(changes).length === 0) return current;
      const change: CommunityChange = {community: slug, revision: (found.doc.revision ?? 0) + 1, by: actingName(actor), at: now.toISOString(), changes};
      const stored = await this.#communities.update(slug, found.version, {...found.doc, ...next, revision: change.revision, pending: change});
      if (!stored) continue;
      await this.#followThrough(change);
      return next;
    }
  }

  /** Every edit since creation, oldest first. */
  async history(slug: string): Promise<CommunityChange[]> {
    await this.get(slug);
    return (await this.#history.find({community: slug})).map(({doc}) => stripHistory(doc)).sort((a, b) => a.revision - b.revision);
  }

  /** Finishes edits a crash left half-done; call once every service listens to vetting events. */
  async resumePending(): Promise<number> {
    const pending = (await this.#communities.find({})).map(({doc}) => doc.pending).filter((change) => change !== undefined);
    for (const change of pending) await this.#followThrough(change);
    return pending.length;
  }

  async #followThrough(change: CommunityChange): Promise<void> {
    try {
      await this.#history.insert({id: `${change.community}:${String(change.revision).padStart(9, '0')}`, ...change});
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
    }
    const community = await this.get(change.community);
    await this.#events.emit({type: 'community-changed', community, change});
    await this.#notify(community);
    for (;;) {
      const found = await this.#communities.get(change.community);
      if (!found || found.doc.pending?.revision !== change.revision) return;
      const {pending: _done, ...rest} = found.doc;
      if (await this.#communities.update(change.community, found.version, rest)) return;
    }
  }

  /**
   * Creates a community and names its first stewards, on behalf of the admin or
   * of a person who may found communities (an admin's invitation grants that);
   * such a founder is always among the stewards. The steward list is checked
   * before anything is written, so a bad one creates neither issuer nor community.
   */
  async found(actor: Actor, input: CommunityInput & {stewards?: Handle[]}, ports: FoundingPorts, now = new Date()): Promise<Community & {stewards: Handle[]}> {
    authorize(actor, 'communities.found');
    const stewards = [...new Set([...(input.stewards ?? []), ...(actor.kind === 'account' ? [actor.handle] : [])])];
    const {stewards: _named, ...rest} = input;
    for (const [index, handle] of stewards.entries()) {
      const account = await ports.accounts.find(handle);
      if (!account || account.kind !== 'person') throw invalidInput(`"${handle}" is not a person's account`, [{field: `/stewards/${index}`, problem: 'must name an existing person account'}]);
    }
    const community = await this.create(rest, now);
    // The community has no steward yet who could grant the role, so the grant is the instance's own; the reason names the founder.
    const reason = actor.kind === 'account' ? `named steward when ${actor.handle} founded the community` : 'named steward when the community was created';
    for (const handle of stewards) await ports.roles.set({kind: 'admin'}, community.slug, handle, 'steward', reason);
    return {...community, stewards};
  }

  /**
   * Creates the community's issuer first: its slug's uniqueness is the
   * community's, so a taken slug is refused before anything is written.
   */
  async create(input: CommunityInput, now = new Date()): Promise<Community> {
    const description = input.description ?? '';
    await this.#issuers.create({slug: input.slug, name: input.name, ...(description ? {description} : {}), ...(input.url ? {url: input.url} : {})}, now);
    const community: Community = {
      slug: input.slug,
      name: input.name,
      description,
      ecosystems: [...new Set(input.ecosystems ?? [])],
      guidance: input.guidance ?? {},
      membership: input.membership ?? 'invite',
      acceptance: {...DEFAULT_ACCEPTANCE, ...input.acceptance},
      milestones: input.milestones ?? [],
      createdAt: now.toISOString(),
    };
    await this.#communities.insert({id: input.slug, ...community});
    await this.#notify(community);
    return community;
  }

  async #notify(community: Community): Promise<void> {
    for (const listener of this.#listeners) await listener(community).catch((error: unknown) => console.error('community listener failed:', error));
  }

  /** Every community, by slug. */
  async list(): Promise<Community[]> {
    return (await this.#communities.find({})).map(({doc}) => publicCommunity(doc));
  }

  /** Called after a community is created or edited (for derived data such as the search index). */
  onChange(listener: (community: Community) => Promise<void>): void {
    this.#listeners.push(listener);
  }

  async find(slug: string): Promise<Community | null> {
    const found = await this.#communities.get(slug);
    return found ? publicCommunity(found.doc) : null;
  }

  async get(slug: string): Promise<Community> {
    const community = await this.find(slug);
    if (!community) throw notFound(`no community "${slug.slice(0, 80)}"`);
    return community;
  }

  /** How many communities this instance has (NodeInfo reports them as its users). */
  async count(): Promise<number> {
    return this.#communities.count({});
  }

  /** Refuses a package type the community does not review (an empty list reviews every type). */
  assertEcosystem(community: Community, purlType: string, field = '/purl'): void {
    if (community.ecosystems.length > 0 && !community.ecosystems.includes(purlType)) {
      throw new HallmarkError('invalid-input', `community "${community.slug}" reviews ${community.ecosystems.join(', ')} packages, not ${purlType}`, [{field, problem: `package type must be one of ${community.ecosystems.join(', ')}`}]);
    }
  }
}

function publicCommunity(record: CommunityRecord): Community {
  const {slug, name, description, ecosystems, guidance, membership, acceptance, milestones, createdAt} = record;
  return {slug, name, description, ecosystems, guidance, membership, acceptance, milestones, createdAt};
}

function stripHistory({id: _id, ...change}: HistoryRecord): CommunityChange {
  return change;
}

/** Milestone ids name their Achievements: each at most once. */
function assertMilestones(milestones: Milestone[] | undefined): void {
  const seen = new Set<string>();
  milestones?.forEach((milestone, index) => {
    if (seen.has(milestone.id)) throw invalidInput(`the milestone id "${milestone.id}" is used twice`, [{field: `/milestones/${index}/id`, problem: 'must be unique'}]);
    if (milestone.acceptedReviews === undefined && milestone.role === undefined) {
      throw invalidInput(`the milestone "${milestone.id}" is reached by nothing`, [{field: `/milestones/${index}`, problem: 'needs acceptedReviews (a number of accepted reviews) or role (a role granted)'}]);
    }
    seen.add(milestone.id);
  });
}
