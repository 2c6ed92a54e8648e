/**
 * Invitations: one-time links that let a person in. The admin invites people
 * (optionally with the right to found communities); a community's stewards
 * invite people into their community with a role. The link's secret is kept
 * only as a hash and expires.
 *
 * Accepting takes several writes (account, password, founding right, role),
 * so it first records what it will do on the invitation itself ("claimed",
 * with the chosen handle and the password's hash), then does each step
 * idempotently, then marks it accepted. A crash in between is finished by
 * resumeClaimed() at start, or by the person sending the form again.
 */
import {randomUUID} from 'node:crypto';
import type {Collection, Document, Store} from '../store/port.ts';
import {HallmarkError, invalidInput, notFound} from '../errors.ts';
import {ADMIN, accountActor, actingName, authenticated, authorize, permits} from '../authz/index.ts';
import {HANDLE_PATTERN, ROLE_RANK, type Actor, type Handle, type Role} from '../vetting/model.ts';
import type {AccountService} from '../vetting/accounts.ts';
import type {RoleService} from '../vetting/roles.ts';
import type {CommunityService} from '../vetting/communities.ts';
import {checkNewPassword, hashPassword, verifyPassword} from './passwords.ts';
import type {PasswordCredentials} from './passwords-store.ts';
import {hashSecret, newSecret, SECRET_PATTERN} from './secret-hash.ts';
import {checkDisplayText} from './display-text.ts';

export const DEFAULT_INVITATION_DAYS = 7;
export const MAX_INVITATION_DAYS = 30;

export interface InvitationInput {
  /** Admin only: the invitee may found communities. */
  foundCommunities?: boolean;
  /** Admin only: accepting makes an organisation's account (to confirm its members, get an issuer and endorse). */
  organisation?: boolean;
  /** A role in a community: its stewards (or the admin) invite. */
  community?: string;
  role?: Role;
  /** Who it is for, in the inviter's words (shown to the invitee and in listings). */
  note?: string;
  expiresInDays?: number;
}

export type InvitationState = 'open' | 'claimed' | 'accepted' | 'withdrawn';

export interface Invitation {
  id: string;
  invitedBy: Handle | 'admin';
  foundCommunities: boolean;
  /** Accepting makes an organisation's account, not a person's. */
  organisation: boolean;
  community: {slug: string; role: Role} | null;
  note: string | null;
  state: InvitationState;
  createdAt: string;
  expiresAt: string;
  /** The account that accepted it. */
  acceptedBy: Handle | null;
  acceptedAt: string | null;
}

interface Claim {
  handle: Handle;
  /** Set when accepting makes a new account. */
  newAccount: {name: string; passwordHash: string} | null;
  at: string;
}

interface InvitationRecord extends Document, Invitation {
  hash: string;
  /** Made at first start, to let the first person in; replaced at each start until someone has a password. */
  firstStart: boolean;
  claim: Claim | null;
  /** The community role could not be granted when accepting (its inviter was no longer a steward). */
  roleRefused?: string;
}

/** What accepting yields: who is now signed in. */
export interface Accepted {
  handle: Handle;
  issuerSlug: string | null;
  invitation: Invitation;
}

export type Acceptance =
  | {kind: 'new-account'; handle: string; name: string; password: string}
  | {kind: 'existing-account'; handle: Handle};

export interface InvitationDependencies {
  accounts: AccountService;
  roles: RoleService;
  communities: CommunityService;
  passwords: PasswordCredentials;
}

export class InvitationService {
  readonly #records: Collection<InvitationRecord>;
  readonly #deps: InvitationDependencies;

  private constructor(records: Collection<InvitationRecord>, deps: InvitationDependencies) {
    this.#records = records;
    this.#deps = deps;
  }

  static async open(store: Store, deps: InvitationDependencies): Promise<InvitationService> {
    const records = await store.collection<InvitationRecord>({name: 'invitations', indexes: [{fields: ['hash'], unique: true}, {fields: ['state']}, {fields: ['community_slug']}]});
    return new InvitationService(records, deps);
  }

  /** A new invitation; the secret (for the link) is returned once and kept only hashed. */
  async create(actor: Actor, input: InvitationInput, now = new Date(), firstStart = false): Promise<{invitation: Invitation; secret: string}> {
    const days = input.expiresInDays ?? DEFAULT_INVITATION_DAYS;
    if (!Number.isInteger(days) || days < 1 || days > MAX_INVITATION_DAYS) throw invalidInput(`an invitation lasts 1 to ${MAX_INVITATION_DAYS} days`, [{field: 'expiresInDays', problem: `must be a whole number from 1 to ${MAX_INVITATION_DAYS}`}]);
    if ((input.community === undefined) !== (input.role === undefined)) throw invalidInput('name both the community and the role, or neither', [{field: input.community === undefined ? 'community' : 'role', problem: 'is required with the other'}]);
    const note = input.note?.trim() || null;
    if (note !== null) checkDisplayText(note, 'note', 200);
    if (input.organisation === true && (input.foundCommunities === true || input.community !== undefined)) {
      throw invalidInput('an organisation invitation makes an organisation\'s account: it founds no communities and holds no role', [{field: 'organisation', problem: 'goes with neither foundCommunities nor community'}]);
    }
    authenticated(actor);
    if (input.community !== undefined) await this.#deps.communities.get(input.community);
    // Founding communities, an organisation's account, or the instance without a community, is the admin's to give; a community's stewards invite into it.
    authorize(actor, input.community === undefined || input.foundCommunities === true ? 'invitations.instance' : 'invitations.community', input.community === undefined ? {} : {community: input.community});
    const secret = newSecret();
    const record: InvitationRecord = {
      id: `inv_${randomUUID()}`,
      hash: hashSecret(secret),
      invitedBy: actingName(actor),
      foundCommunities: input.foundCommunities === true,
      organisation: input.organisation === true,
      community: input.community !== undefined && input.role !== undefined ? {slug: input.community, role: input.role} : null,
      community_slug: input.community ?? null,
      note,
      state: 'open',
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + days * 24 * 3600 * 1000).toISOString(),
      acceptedBy: null,
      acceptedAt: null,
      firstStart,
      claim: null,
    };
    await this.#records.insert(record);
    return {invitation: publicInvitation(record), secret};
  }

  /**
   * Lets the first person in: while no account has a password, each start
   * withdraws the previous start's invitation and makes a new one (with the
   * right to found communities) whose link the operator is shown once.
   */
  async wayIn(now = new Date()): Promise<string | null> {
    if (await this.#deps.passwords.anyPassword()) return null;
    for (const {doc, version} of await this.#records.find({state: 'open'})) {
      if (doc.firstStart) await this.#records.update(doc.id, version, {...doc, state: 'withdrawn'});
    }
    const {secret} = await this.create({kind: 'admin'}, {foundCommunities: true, note: 'the first account of this instance'}, now, true);
    return secret;
  }

  /** The invitation a link names, if it can still be accepted; otherwise a 404 or 409 that says why. */
  async preview(secret: string, now = new Date()): Promise<Invitation> {
    return publicInvitation((await this.#usable(secret, now)).doc);
  }

  /** Invitations into a community (its stewards and the admin may look), newest first. */
  async listForCommunity(actor: Actor, slug: string): Promise<Invitation[]> {
    authorize(actor, 'invitations.community', {community: slug});
    return (await this.#records.find({community_slug: slug})).map(({doc}) => publicInvitation(doc)).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /** Withdraws an open invitation: its inviter's community stewards, or the admin. */
  async withdraw(actor: Actor, id: string): Promise<Invitation> {
    authenticated(actor);
    for (;;) {
      const found = await this.#records.get(id);
      if (!found) throw notFound(`no invitation ${id.slice(0, 80)}`);
      const record = found.doc;
      authorize(actor, record.community ? 'invitations.community' : 'invitations.instance', record.community ? {community: record.community.slug} : {});
      if (record.state !== 'open') throw new HallmarkError('conflict', `the invitation is ${record.state}, so it cannot be withdrawn`);
      const updated = await this.#records.update(id, found.version, {...record, state: 'withdrawn'});
      if (updated) return publicInvitation(updated.doc);
    }
  }

  /** Accepts an invitation as a new account or as the signed-in person's existing one. */
  async accept(secret: string, acceptance: Acceptance, now = new Date()): Promise<Accepted> {
    const found = await this.#usable(secret, now, true);
    let record = found.doc;
    if (record.state === 'open') {
      const claim = await this.#claimFor(record, acceptance, now);
      const updated = await this.#records.update(record.id, found.version, {...record, state: 'claimed', claim});
      if (!updated) throw new HallmarkError('conflict', 'this invitation is being accepted at this moment; reload the page');
      record = updated.doc;
    } else if (!(await sameClaim(record.claim, acceptance))) {
      throw new HallmarkError('conflict', 'this invitation is already being accepted with other details; send the same handle and password to finish');
    }
    const finished = await this.#finish(record.id);
    const account = await this.#deps.accounts.get(finished.acceptedBy as Handle);
    return {handle: account.handle, issuerSlug: account.issuer, invitation: finished};
  }

  /** Finishes acceptances a crash interrupted; returns how many. */
  async resumeClaimed(): Promise<number> {
    const claimed = await this.#records.find({state: 'claimed'});
    for (const {doc} of claimed) await this.#finish(doc.id);
    return claimed.length;
  }

  async #claimFor(record: InvitationRecord, acceptance: Acceptance, now: Date): Promise<Claim> {
    if (record.community) await this.#inviterMayStillGrant(record);
    if (acceptance.kind === 'existing-account') {
      if (record.organisation) throw invalidInput('this invitation makes a new organisation account; sign out to accept it', [{field: 'handle', problem: 'an organisation invitation makes a new account'}]);
      const account = await this.#deps.accounts.get(acceptance.handle);
      if (account.kind !== 'person') throw invalidInput('an organisation account cannot accept an invitation', [{field: 'handle', problem: 'names an organisation'}]);
      return {handle: account.handle, newAccount: null, at: now.toISOString()};
    }
    const problems = [];
    if (!HANDLE_PATTERN.test(acceptance.handle)) problems.push({field: 'handle', problem: 'must be 2 to 63 lowercase letters, digits and hyphens, starting with a letter or digit'});
    if (problems.length > 0) throw invalidInput('choose a handle of lowercase letters, digits and hyphens (2 to 63)', problems);
    checkDisplayText(acceptance.name, 'name', 120, true);
    checkNewPassword(acceptance.password);
    if (await this.#deps.accounts.find(acceptance.handle)) throw new HallmarkError('conflict', `the handle "${acceptance.handle}" is taken; choose another`, [{field: 'handle', problem: 'is taken'}]);
    return {handle: acceptance.handle, newAccount: {name: acceptance.name.trim(), passwordHash: await hashPassword(acceptance.password)}, at: now.toISOString()};
  }

  async #inviterMayStillGrant(record: InvitationRecord): Promise<void> {
    if (!record.community || record.invitedBy === 'admin') return;
    if (!permits(await accountActor(record.invitedBy, this.#deps), 'invitations.community', {community: record.community.slug})) {
      throw new HallmarkError('conflict', `${record.invitedBy} is no longer a steward of ${record.community.slug}, so this invitation cannot be accepted`);
    }
  }

  /** Every step after the claim, each safe to repeat. */
  async #finish(id: string): Promise<Invitation> {
    const found = await this.#records.get(id);
    if (!found) throw notFound(`no invitation ${id}`);
    const record = found.doc;
    if (record.state === 'accepted') return publicInvitation(record);
    const claim = record.claim;
    if (record.state !== 'claimed' || claim === null) throw new HallmarkError('conflict', `the invitation is ${record.state}`);
    const {accounts, passwords, roles} = this.#deps;
    if (claim.newAccount !== null) {
      const origin = await accounts.originOf(claim.handle);
      if (origin === null) {
        await accounts.createInvited({handle: claim.handle, kind: record.organisation === true ? 'organisation' : 'person', name: claim.newAccount.name}, record.id, new Date(claim.at)).catch(async (error: unknown) => {
          // Someone else took the handle after the claim: give the invitation back.
          if ((await accounts.originOf(claim.handle))?.invitation !== record.id) await this.#release(record.id);
          throw error;
        });
      } else if (origin.invitation !== record.id) {
        await this.#release(record.id);
        throw new HallmarkError('conflict', `the handle "${claim.handle}" was taken meanwhile; choose another`, [{field: 'handle', problem: 'is taken'}]);
      }
      await passwords.setPasswordHash(claim.handle, claim.newAccount.passwordHash, new Date(claim.at));
    }
    if (record.foundCommunities) await accounts.allowFounding(claim.handle);
    let roleRefused: string | undefined;
    if (record.community) {
      const current = await roles.currentRole(record.community.slug, claim.handle);
      if (current === null || ROLE_RANK[current] < ROLE_RANK[record.community.role]) {
        const inviter: Actor = record.invitedBy === 'admin' ? ADMIN : await accountActor(record.invitedBy, this.#deps);
        await roles.set(inviter, record.community.slug, claim.handle, record.community.role, 'accepted an invitation').catch((error: unknown) => {
          if (!(error instanceof HallmarkError && error.kind === 'forbidden')) throw error;
          roleRefused = error.message;
        });
      }
    }
    const accepted: InvitationRecord = {...record, state: 'accepted', acceptedBy: claim.handle, acceptedAt: new Date().toISOString(), ...(roleRefused ? {roleRefused} : {})};
    const updated = await this.#records.update(id, found.version, accepted);
    return publicInvitation(updated?.doc ?? accepted);
  }

  async #release(id: string): Promise<void> {
    const found = await this.#records.get(id);
    if (found && found.doc.state === 'claimed') await this.#records.update(id, found.version, {...found.doc, state: 'open', claim: null});
  }

  async #usable(secret: string, now: Date, claimedToo = false): Promise<{doc: InvitationRecord; version: number}> {
    const found = SECRET_PATTERN.test(secret) ? (await this.#records.find({hash: hashSecret(secret)}, {limit: 1}))[0] : undefined;
    if (!found) throw notFound('this invitation link is not known here; check that it was copied whole');
    const {state, expiresAt} = found.doc;
    if (state === 'accepted') throw new HallmarkError('conflict', 'this invitation was already accepted; sign in instead');
    if (state === 'withdrawn') throw new HallmarkError('conflict', 'this invitation was withdrawn; ask for a new one');
    if (state === 'claimed' && !claimedToo) throw new HallmarkError('conflict', 'this invitation is being accepted; send the form again to finish');
    if (state === 'open' && expiresAt <= now.toISOString()) throw new HallmarkError('conflict', 'this invitation has expired; ask for a new one');
    return found;
  }
}

/** Finishing an interrupted acceptance needs what started it: the same handle, and the same password for a new account. */
async function sameClaim(claim: Claim | null, acceptance: Acceptance): Promise<boolean> {
  if (claim === null || claim.handle !== acceptance.handle) return false;
  if (claim.newAccount === null) return acceptance.kind === 'existing-account';
  return acceptance.kind === 'new-account' && (await verifyPassword(acceptance.password, claim.newAccount.passwordHash));
}

function publicInvitation(record: InvitationRecord): Invitation {
  const {id, invitedBy, foundCommunities, community, note, state, createdAt, expiresAt, acceptedBy, acceptedAt} = record;
  return {id, invitedBy, foundCommunities, organisation: record.organisation === true, community, note, state, createdAt, expiresAt, acceptedBy, acceptedAt};
}
