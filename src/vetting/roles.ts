import {DuplicateKeyError, type Collection, type Document, type Store} from '../store/port.ts';
import {HallmarkError, invalidInput} from '../errors.ts';
import type {AccountService} from './accounts.ts';
import type {CommunityService} from './communities.ts';
import type {VettingEvents} from './events.ts';
import {roleAtLeast, type Actor, type Handle, type Role, type RoleGrant} from './model.ts';
import {actingName, authorize} from '../authz/index.ts';

interface GrantRecord extends Document, RoleGrant {
  /** `${community}:${handle}:${seq}` with seq zero-padded: unique per step, and sorting by id orders the history. */
  id: string;
  seq: number;
}

/** Roles per community: an append-only history whose latest entry per account is the current role. */
export class RoleService {
  readonly #grants: Collection<GrantRecord>;
  readonly #accounts: AccountService;
  readonly #communities: CommunityService;
  readonly #events: VettingEvents;

  private constructor(grants: Collection<GrantRecord>, accounts: AccountService, communities: CommunityService, events: VettingEvents) {
    this.#grants = grants;
    this.#accounts = accounts;
    this.#communities = communities;
    this.#events = events;
  }

  static async open(store: Store, accounts: AccountService, communities: CommunityService, events: VettingEvents): Promise<RoleService> {
    const grants = await store.collection<GrantRecord>({
      name: 'vetting_role_grants',
      indexes: [{fields: ['community', 'handle']}, {fields: ['community']}, {fields: ['handle']}],
    });
    return new RoleService(grants, accounts, communities, events);
  }

  /**
   * Grants `role` (or withdraws with null). Stewards of the community and the
   * admin may; in an open community anyone with an account may join as member.
   */
  async set(actor: Actor, community: string, handle: Handle, role: Role | null, reason?: string, now = new Date()): Promise<RoleGrant> {
    await this.#communities.get(community);
    const selfJoin = actor.kind === 'account' && actor.handle === handle && role === 'member'
      && (await this.#communities.get(community)).membership === 'open' && (await this.currentRole(community, handle)) === null;
    authorize(actor, selfJoin ? 'roles.join' : 'roles.grant', {community, owner: handle});
    const account = await this.#accounts.find(handle);
    if (!account) throw invalidInput(`no account "${handle}"`, [{field: 'handle', problem: 'must name an existing account'}]);
    if (account.kind === 'organisation') throw invalidInput('roles are held by people, not organisations', [{field: 'handle', problem: 'names an organisation account'}]);
    const current = await this.currentRole(community, handle);
    if (current === role) throw new HallmarkError('conflict', role === null ? `"${handle}" holds no role in "${community}"` : `"${handle}" already is ${role} in "${community}"`);
    const grant: RoleGrant = {community, handle, role, by: actingName(actor), at: now.toISOString(), ...(reason ? {reason} : {})};
    for (;;) {
      const seq = (await this.#grants.count({community, handle})) + 1;
      try {
        await this.#grants.insert({id: `${community}:${handle}:${String(seq).padStart(9, '0')}`, seq, ...grant});
        break;
      } catch (error) {
        // Someone else wrote the same step: re-read and append after theirs.
        if (!(error instanceof DuplicateKeyError)) throw error;
      }
    }
    await this.#events.emit({type: 'role-changed', grant});
    return grant;
  }

  async currentRole(community: string, handle: Handle): Promise<Role | null> {
    const [latest] = await this.#grants.find({community, handle}, {descending: true, limit: 1});
    return latest?.doc.role ?? null;
  }

  /** The whole history of a community's roles, oldest first. */
  async history(community: string): Promise<RoleGrant[]> {
    await this.#communities.get(community);
    const grants = (await this.#grants.find({community})).map(({doc}) => doc);
    return grants.sort((a, b) => a.at.localeCompare(b.at) || a.seq - b.seq).map(stripGrant);
  }

  /** Current holders of a role at least `min`, per handle. */
  async holders(community: string, min: Role = 'member'): Promise<Array<{handle: Handle; role: Role}>> {
    const latest = new Map<Handle, GrantRecord>();
    for (const {doc} of await this.#grants.find({community})) {
      const seen = latest.get(doc.handle);
      if (!seen || doc.seq > seen.seq) latest.set(doc.handle, doc);
    }
    return [...latest.values()].filter((grant) => roleAtLeast(grant.role, min)).map((grant) => ({handle: grant.handle, role: grant.role as Role}));
  }

  /** Communities where the account currently holds a role, with that role. */
  async rolesOf(handle: Handle): Promise<Array<{community: string; role: Role}>> {
    const latest = new Map<string, GrantRecord>();
    for (const {doc} of await this.#grants.find({handle})) {
      const seen = latest.get(doc.community);
      if (!seen || doc.seq > seen.seq) latest.set(doc.community, doc);
    }
    return [...latest.values()].filter((grant) => grant.role !== null).map((grant) => ({community: grant.community, role: grant.role as Role}));
  }
}

function stripGrant({id: _id, seq: _seq, ...grant}: GrantRecord): RoleGrant {
  return grant;
}
