import {type Collection, type Document, type Store} from '../store/port.ts';
import {HallmarkError, notFound} from '../errors.ts';
import type {IssuerService} from '../credentials/issuers.ts';
import {invalidInput} from '../errors.ts';
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

interface CommunityRecord extends Document, Community {
  id: string;
}

/** A community is an issuer with vetting: it signs its accepted reviews and its badges. */
export class CommunityService {
  readonly #communities: Collection<CommunityRecord>;
  readonly #issuers: IssuerService;

  private constructor(communities: Collection<CommunityRecord>, issuers: IssuerService) {
    this.#communities = communities;
    this.#issuers = issuers;
  }

  static async open(store: Store, issuers: IssuerService): Promise<CommunityService> {
    return new CommunityService(await store.collection<CommunityRecord>({name: 'vetting_communities', indexes: []}), issuers);
  }

  /**
   * Creates a community and names its first stewards, on behalf of the admin or
   * of a person who may found communities (an admin's invitation grants that);
   * such a founder is always among the stewards. The steward list is checked
   * before anything is written, so a bad one creates neither issuer nor community.
   */
  async found(actor: Actor, input: CommunityInput & {stewards?: Handle[]}, ports: FoundingPorts, now = new Date()): Promise<Community & {stewards: Handle[]}> {
    const stewards = [...new Set([...(input.stewards ?? []), ...(actor.kind === 'account' ? [actor.handle] : [])])];
    if (actor.kind === 'account') {
      const founder = await ports.accounts.find(actor.handle);
      if (founder?.mayFoundCommunities !== true) throw new HallmarkError('forbidden', 'communities are founded by the admin or by a person an admin invited to found them');
    }
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
    return community;
  }

  async find(slug: string): Promise<Community | null> {
    const found = await this.#communities.get(slug);
    if (!found) return null;
    const {id: _id, ...community} = found.doc;
    return community;
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
