import {HallmarkError} from '../errors.ts';
import {roleAtLeast, type Handle, type Role} from '../vetting/model.ts';
import type {AccountActor, Actor, AdminActor, IssuerActor} from './actor.ts';
import {PERMISSIONS, type Action, type Grant, type Permission} from './permissions.ts';

/** What an action acts on, as far as deciding needs: its community, its issuer, the account it belongs to. */
export interface Resource {
  community?: string;
  issuer?: string;
  owner?: Handle;
}

type GrantedTo<G> = G extends {who: 'admin'} ? AdminActor : G extends {who: 'issuer'} ? IssuerActor | AccountActor : AccountActor;
/** The actors an action's grants can let through (so a service may read `actor.handle` after authorizing an account-only action). */
export type Allowed<A extends Action> = GrantedTo<(typeof PERMISSIONS)[A]['grants'][number]>;

/**
 * The one authorization decision: throws `unauthorized` (401) for an
 * anonymous caller and `forbidden` (403) for a known caller the table does not
 * grant `action` on `resource`. Whether a resource exists is the service's
 * business, decided in the order it always was, so a refusal says no more
 * about other tenants than today.
 */
export function authorize<A extends Action>(actor: Actor, action: A, resource: Resource = {}): asserts actor is Allowed<A> {
  const refusal = refusalOf(actor, action, resource);
  if (refusal) throw refusal;
}

/**
 * Refuses an anonymous caller (401) before a service looks up what an id names,
 * so that whether the id exists is not told to someone who is not signed in.
 */
export function authenticated(actor: Actor): asserts actor is Exclude<Actor, {kind: 'anonymous'}> {
  if (actor.kind === 'anonymous') throw unauthenticated();
}

function unauthenticated(): HallmarkError {
  return new HallmarkError('unauthorized', 'a bearer token or a signed-in session is required');
}

/** Whether `authorize` would let the actor through (for pages that show or hide a form). */
export function permits(actor: Actor, action: Action, resource: Resource = {}): boolean {
  return refusalOf(actor, action, resource) === null;
}

function refusalOf(actor: Actor, action: Action, resource: Resource): HallmarkError | null {
  if (actor.kind === 'anonymous') return unauthenticated();
  const permission: Permission = PERMISSIONS[action];
  if (permission.exceptOwner !== undefined && actor.kind === 'account' && resource.owner === actor.handle) return new HallmarkError('forbidden', permission.exceptOwner);
  if (permission.grants.some((grant) => matches(grant, actor, resource))) return null;
  return new HallmarkError('forbidden', refusalMessage(permission, actor, resource));
}

function matches(grant: Grant, actor: Exclude<Actor, {kind: 'anonymous'}>, resource: Resource): boolean {
  switch (grant.who) {
    case 'admin': return actor.kind === 'admin';
    case 'issuer': return actor.kind !== 'admin' && resource.issuer !== undefined && actor.issuer === resource.issuer;
    case 'role': return actor.kind === 'account' && resource.community !== undefined && roleAtLeast(roleIn(actor, resource.community), grant.role);
    case 'role-anywhere': return actor.kind === 'account' && Object.values(actor.roles).some((held) => roleAtLeast(held, grant.role));
    case 'self': return actor.kind === 'account' && resource.owner !== undefined && actor.handle === resource.owner && (grant.person !== true || actor.accountKind === 'person');
    case 'account': return actor.kind === 'account';
    case 'founder': return actor.kind === 'account' && actor.mayFoundCommunities;
  }
}

export function roleIn(actor: AccountActor, community: string): Role | null {
  return Object.hasOwn(actor.roles, community) ? actor.roles[community] : null;
}

/** A refusal names who may, and for a community role what the caller holds there. */
function refusalMessage(permission: Permission, actor: Exclude<Actor, {kind: 'anonymous'}>, resource: Resource): string {
  const roleGrant = permission.grants.find((grant) => grant.who === 'role');
  if (roleGrant?.who === 'role' && actor.kind === 'account' && resource.community !== undefined) {
    return `this needs the ${roleGrant.role} role (or higher) in community "${resource.community}"; "${actor.handle}" holds ${roleIn(actor, resource.community) ?? 'no role'} there`;
  }
  const forAccounts = actor.kind !== 'account' && permission.grants.every((grant) => grant.who !== 'admin' && grant.who !== 'issuer');
  return `only ${grantedTo(permission, resource)} may ${permission.summary}${forAccounts ? '; use an account token' : ''}`;
}

/** "the admin or a steward (or higher) of the community", for refusals and the docs. */
export function grantedTo(permission: Permission, resource: Resource = {}): string {
  return permission.grants.map((grant) => describeGrant(grant, resource)).join(' or ');
}

function describeGrant(grant: Grant, resource: Resource): string {
  switch (grant.who) {
    case 'admin': return 'the admin';
    case 'issuer': return resource.issuer ? `a token of issuer "${resource.issuer}"` : 'a token of the issuer';
    case 'role': return `${roleName(grant.role)} of ${resource.community ? `community "${resource.community}"` : 'the community'}`;
    case 'role-anywhere': return `${roleName(grant.role)} of any community`;
    case 'self': return `${resource.owner ? `"${resource.owner}"` : 'the account'} itself${grant.person ? ' (a person)' : ''}`;
    case 'account': return 'an account';
    case 'founder': return 'a person an admin invited to found communities';
  }
}

function roleName(role: Role): string {
  return `${role === 'auditor' ? 'an' : 'a'} ${role}${role === 'steward' ? '' : ' (or higher)'}`;
}
