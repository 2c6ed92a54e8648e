import {randomUUID} from 'node:crypto';
import type {Jobs} from '../jobs/index.ts';
import {DuplicateKeyError, type Collection, type Document, type Store} from '../store/port.ts';
import {invalidInput} from '../errors.ts';
import type {AccountService} from './accounts.ts';
import type {CommunityService} from './communities.ts';
import type {VettingEvents} from './events.ts';
import {roleAtLeast, type Actor, type Handle, type Role, type RoleGrant} from './model.ts';
import {actingName, authorize} from '../authz/index.ts';

interface GrantRecord extends Document, RoleGrant {
  /** `${community}:${handle}:${seq}` with seq zero-padded: unique per step, and sorting by id orders the history. */
  id: string;
  seq: number;
  /** The durable intent that appended it, so that running the intent again does not append twice. */
  intent?: string;
}

const ROLE_JOB = 'role-change';

/** A role change: append `grant` (unless the intent already did; null: nothing to append), then let re-evaluation react. */
interface RoleChange {
  intent: string | null;
  grant: RoleGrant;
}

/** Roles per community: an append-only history whose latest entry per account is the current role. */
export class RoleService {
  readonly #grants: Collection<GrantRecord>;
  readonly #accounts: AccountService;
  readonly #communities: CommunityService;
  readonly #events: VettingEvents;
  readonly #jobs: Jobs;

  private constructor(grants: Collection<GrantRecord>, accounts: AccountService, communities: CommunityService, events: VettingEvents, jobs: Jobs) {
    this.#grants = grants;
    this.#accounts = accounts;
    this.#communities = communities;
    this.#events = events;
    this.#jobs = jobs;
    jobs.define<RoleChange>(ROLE_JOB, (change) => this.#apply(change));
  }

  static async open(store: Store, accounts: AccountService, communities: CommunityService, events: VettingEvents, jobs: Jobs): Promise<RoleService> {
    const grants = await store.collection<GrantRecord>({
      name: 'vetting_role_grants',
      indexes: [{fields: ['community', 'handle']}, {fields: ['community']}, {fields: ['handle']}],
    });
    return new RoleService(grants, accounts, communities, events, jobs);
  }

  /**
   * Grants `role` (or withdraws with null). Stewards of the community and the
   * admin may; in an open community anyone with an account may join as member.
   */
  async set(actor: Actor, community: string, handle: Handle, role: Role | null, reason?: string, now = new Date()): Promise<RoleGrant> {
    await this.#communities.get(community);
    // Joining again is a retry of the join, answered like it.
    const selfJoin = actor.kind === 'account' && actor.handle === handle && role === 'member'
      && (await this.#communities.get(community)).membership === 'open' && [null, 'member'].includes(await this.currentRole(community, handle));
    authorize(actor, selfJoin ? 'roles.join' : 'roles.grant', {community, owner: handle});
    const account = await this.#accounts.find(handle);
    if (!account) throw invalidInput(`no account "${handle}"`, [{field: 'handle', problem: 'must name an existing account'}]);
    if (account.kind === 'organisation') throw invalidInput('roles are held by people, not organisations', [{field: 'handle', problem: 'names an organisation account'}]);
    const [latest] = await this.#grants.find({community, handle}, {descending: true, limit: 1});
    if ((latest?.doc.role ?? null) === role) {
      // The same change again (a client's retry after a crash): finish what it implies and answer as the first did.
      const grant: RoleGrant = latest ? stripGrant(latest.doc) : {community, handle, role: null, by: actingName(actor), at: now.toISOString()};
      await this.#jobs.perform<RoleChange>(ROLE_JOB, {intent: null, grant});
      return grant;
    }
    const grant: RoleGrant = {community, handle, role, by: actingName(actor), at: now.toISOString(), ...(reason ? {reason} : {})};
    // Durable (src/jobs): the grant and the re-evaluation it implies (reviews it endorsed, badges that count it) finish after a crash.
    await this.#jobs.perform<RoleChange>(ROLE_JOB, {intent: randomUUID(), grant});
    return grant;
  }

  /** Appends the grant once per intent, then lets re-evaluation react; idempotent. */
  async #apply({intent, grant}: RoleChange): Promise<void> {
    const {community, handle} = grant;
    for (;;) {
      const history = await this.#grants.find({community, handle});
      if (intent === null || history.some(({doc}) => doc.intent === intent)) break;
      const seq = history.length + 1;
      try {
        await this.#grants.insert({id: `${community}:${handle}:${String(seq).padStart(9, '0')}`, seq, ...grant, intent});
        break;
      } catch (error) {
        // Someone else wrote the same step: re-read and append after theirs.
        if (!(error instanceof DuplicateKeyError)) throw error;
      }
    }
    await this.#events.emit({type: 'role-changed', grant});
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

function stripGrant({id: _id, seq: _seq, intent: _intent, ...grant}: GrantRecord): RoleGrant {
  return grant;
}
