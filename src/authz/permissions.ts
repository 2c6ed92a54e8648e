import type {Role} from '../vetting/model.ts';

/**
 * Who may be granted an action, relative to the resource it acts on:
 * - admin: the admin token;
 * - issuer: a token acting for the resource's issuer (an issuer token, or an organisation account that owns the issuer);
 * - role: an account holding at least `role` in the resource's community;
 * - role-anywhere: an account holding at least `role` in some community;
 * - self: the account the resource belongs to (its `owner`); with `person`, only when that account is a person's;
 * - account: any signed-in account;
 * - founder: an account an admin's invitation allowed to found communities.
 */
export type Grant =
  | {readonly who: 'admin'}
  | {readonly who: 'issuer'}
  | {readonly who: 'role'; readonly role: Role}
  | {readonly who: 'role-anywhere'; readonly role: Role}
  | {readonly who: 'self'; readonly person?: true}
  | {readonly who: 'account'}
  | {readonly who: 'founder'};

export interface Permission {
  /** What the action does, as the docs' table says it. */
  readonly summary: string;
  readonly grants: readonly Grant[];
  /** Refused, with this message, to the resource's owner even when a grant matches (nobody vets their own review). */
  readonly exceptOwner?: string;
}

const admin = {who: 'admin'} as const;
const issuer = {who: 'issuer'} as const;
const self = {who: 'self'} as const;
const role = <R extends Role>(min: R) => ({who: 'role', role: min}) as const;

/**
 * The one table of who may do what. Services call `authorize(actor, action,
 * resource)` with an action named here; the matrix test
 * (test/authz/matrix.test.ts) calls every write endpoint as every kind of
 * caller and expects exactly what this table allows; docs/stewards-and-auditors.md
 * carries it as a table that a test keeps equal to this one.
 */
export const PERMISSIONS = {
  // The instance.
  'admin-tokens.manage': {summary: 'create, list and revoke admin tokens', grants: [admin]},
  'issuers.manage': {summary: 'create issuers, read their keys, rotate and revoke keys, manage issuer tokens', grants: [admin]},
  'endorsements.register': {summary: 'register an endorsement issued elsewhere', grants: [admin]},
  'peers.manage': {summary: 'read and set peer instances\' tiers and domain blocks', grants: [admin]},
  'invitations.instance': {summary: 'invite someone to the instance without a community, or to found communities', grants: [admin]},
  'accounts.create-organisation': {summary: 'create an organisation account, or give one an existing issuer', grants: [admin]},
  // Issuing (VC-API and endorsements).
  'credentials.issue': {summary: 'issue a credential from an issuer', grants: [admin, issuer]},
  'credentials.status': {summary: 'revoke, suspend or reinstate an issuer\'s credential', grants: [admin, issuer]},
  'endorsements.issue': {summary: 'issue an endorsement from an issuer', grants: [admin, issuer]},
  // Accounts.
  'accounts.create': {summary: 'create a person\'s account', grants: [admin, {who: 'role-anywhere', role: 'steward'}]},
  'accounts.tokens': {summary: 'create, list and revoke an account\'s API tokens', grants: [admin, self]},
  'accounts.own': {summary: 'manage one\'s own sessions and passkeys', grants: [self]},
  'organisations.members': {summary: 'confirm or withdraw that a person belongs to an organisation', grants: [admin, self]},
  'organisations.issuer': {summary: 'give an organisation an issuer of its own', grants: [admin, self]},
  // Communities.
  'communities.found': {summary: 'found a community (becoming its steward)', grants: [admin, {who: 'founder'}]},
  'communities.edit': {summary: 'edit a community (description, membership, acceptance rule, milestones)', grants: [admin, role('steward')]},
  'roles.grant': {summary: 'grant or withdraw a role in a community', grants: [admin, role('steward')]},
  'roles.join': {summary: 'join an open community as a member', grants: [{who: 'self', person: true}]},
  'criteria.define': {summary: 'define a criterion', grants: [admin, role('steward')]},
  'policies.publish': {summary: 'publish a policy', grants: [admin, role('steward')]},
  'policies.evaluate': {summary: 'evaluate a release against a policy (and issue its badge)', grants: [admin, role('member')]},
  'invitations.community': {summary: 'invite people into a community, list and withdraw its invitations', grants: [admin, role('steward')]},
  'cargo-vet.import': {summary: 'import cargo-vet audits', grants: [admin, role('steward')]},
  'federation.community': {summary: 'follow other communities, decide on followers, read what was received, declare imports', grants: [admin, role('steward')]},
  // Reviewing.
  'reviews.queue': {summary: 'read a community\'s queue of work for auditors', grants: [admin, role('auditor')]},
  'reviews.submit': {summary: 'submit a review', grants: [role('auditor')]},
  'reviews.retract': {summary: 'retract a review', grants: [self]},
  'vettings.record': {summary: 'endorse or dispute someone else\'s review', grants: [role('auditor')], exceptOwner: 'you cannot vet your own review'},
  'vettings.reject': {summary: 'reject someone else\'s review', grants: [role('steward')], exceptOwner: 'you cannot vet your own review'},
  'vettings.resolve': {summary: 'resolve a dispute about someone else\'s review', grants: [admin, role('steward')], exceptOwner: 'you cannot resolve a dispute about your own review'},
  'evidence.submit': {summary: 'submit evidence about a release for a community', grants: [admin, role('auditor')]},
  'evidence.submit-anywhere': {summary: 'submit evidence about a release without naming a community', grants: [admin, {who: 'role-anywhere', role: 'auditor'}]},
  'review-requests.create': {summary: 'ask a community to review a release', grants: [{who: 'account'}]},
  'review-requests.withdraw': {summary: 'withdraw a review request', grants: [admin, role('steward'), self]},
} as const satisfies Record<string, Permission>;

export type Action = keyof typeof PERMISSIONS;
export const ACTIONS = Object.keys(PERMISSIONS) as Action[];
