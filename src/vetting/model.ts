/**
 * The vetting domain's shapes, shared by the vetting, policy and reputation
 * services (see VETTING-MODEL.md). Plain data: what the store holds and what
 * services take and return. Names may gain fields; they are not renamed.
 */

/** An account handle, /^[a-z0-9][a-z0-9-]{1,62}$/. */
export type Handle = string;
/** A canonical purl WITH version, e.g. pkg:npm/%40scope/name@1.2.3. */
export type Purl = string;

export const ROLES = ['member', 'auditor', 'senior-auditor', 'steward'] as const;
export type Role = typeof ROLES[number];
/** Roles are ordered: a higher rank may do everything a lower one may. */
export const ROLE_RANK: Readonly<Record<Role, number>> = {member: 0, auditor: 1, 'senior-auditor': 2, steward: 3};

/** True when `role` (null = none) is at least `min`. */
export function roleAtLeast(role: Role | null, min: Role): boolean {
  return role !== null && ROLE_RANK[role] >= ROLE_RANK[min];
}

export const LEVELS = ['none', 'low', 'medium', 'high'] as const;
export type Level = typeof LEVELS[number];

export const HANDLE_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;
/** A community (and its issuer) slug: lowercase letters, digits and inner hyphens, at most 64. */
export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
/** A policy's (or criterion's) name within its community. */
export const POLICY_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

export type AccountKind = 'person' | 'organisation';

export interface Account {
  handle: Handle;
  kind: AccountKind;
  name: string;
  /** A person's organisation (an organisation account's handle); null for organisations and unaffiliated people. */
  organisation: Handle | null;
  /** Whether the organisation (or the admin) confirmed the person belongs to it; only a confirmed organisation counts in the vetting rules. */
  organisationConfirmed: boolean;
  /** The account's own did:key, used to co-sign its reviews; null when it has none. */
  did: string | null;
  /** An organisation account may own an issuer; its tokens may then act for that issuer. */
  issuer: string | null;
  /** May found communities (and becomes steward of those it founds); granted by an admin's invitation. */
  mayFoundCommunities: boolean;
  createdAt: string;
}

/**
 * The organisation the vetting rules count for a person: only a confirmed one,
 * since anyone who creates an account can type any organisation. Unconfirmed,
 * the person stands alone, as an unaffiliated person does.
 */
export function confirmedOrganisation(account: Account | null | undefined): Handle | null {
  return account?.organisationConfirmed === true ? account.organisation : null;
}

export interface AcceptanceRule {
  /** How many endorsing vettings a review needs (0 = accepted on submission). */
  endorsements: number;
  /** The least role an endorser must hold for the endorsement to count. */
  minRole: Role;
  /** Endorsements count only from someone outside the reviewer's organisation. */
  otherOrganisation: boolean;
}

export const DEFAULT_ACCEPTANCE: AcceptanceRule = {endorsements: 1, minRole: 'senior-auditor', otherOrganisation: true};

export interface Milestone {
  /** e.g. 'first-review' */
  id: string;
  name: string;
  description: string;
  /** Reached at this many accepted reviews … */
  acceptedReviews?: number;
  /** … or on being granted this role (or a higher one). */
  role?: Role;
}

export type MembershipMode = 'open' | 'invite';

export interface Community {
  /** Also the slug of the community's issuer. */
  slug: string;
  name: string;
  description: string;
  /** purl types this community reviews, e.g. ['npm', 'cargo']. */
  ecosystems: string[];
  guidance: {url?: string; text?: string};
  membership: MembershipMode;
  acceptance: AcceptanceRule;
  milestones: Milestone[];
  createdAt: string;
}

/** One entry in a community's append-only role history; the latest per handle is the current role. */
export interface RoleGrant {
  community: string;
  handle: Handle;
  /** null = withdrawn */
  role: Role | null;
  by: Handle | 'admin';
  at: string;
  reason?: string;
}

export interface Criterion {
  community: string;
  name: string;
  description: string;
  /** Names of criteria this one implies (directly). */
  implies: string[];
}

export const REVIEW_KINDS = ['full', 'delta', 'violation'] as const;
export type ReviewKind = typeof REVIEW_KINDS[number];
export const RATINGS = ['negative', 'neutral', 'positive', 'strong'] as const;
export type Rating = typeof RATINGS[number];
export const SEVERITIES = ['none', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = typeof SEVERITIES[number];
export const STANDINGS = ['pending', 'accepted', 'disputed', 'rejected', 'retracted'] as const;
export type Standing = typeof STANDINGS[number];

export interface Finding {
  /** CVE-…, GHSA-…, an OSV id, or a community-local id. */
  id: string;
  severity: Severity;
}

export interface Review {
  id: string;
  community: string;
  reviewer: Handle;
  /** The version reviewed (for delta: the "to" version). */
  purl: Purl;
  /** The purl without version. */
  package: string;
  kind: ReviewKind;
  /** delta: the previous version */
  from?: string;
  /** violation: a vers range, e.g. vers:npm/>=1.0.0|<1.2.3 */
  range?: string;
  criteria: string[];
  thoroughness: Level;
  understanding: Level;
  rating: Rating;
  findings: Finding[];
  notes: string;
  /** 'sha256-<base64url>' of the JCS-canonical review content. */
  digest: string;
  standing: Standing;
  /** The reviewer's did:key when they asked to co-sign: the community's credential then carries their proof too. */
  cosigner?: string;
  /** The community-signed EndorsementCredential, once accepted. */
  credentialId: string | null;
  createdAt: string;
  acceptedAt?: string;
}

/**
 * Where a review comes from: `local` (reviewed on this instance), `imported`
 * (a review credential received from an imported peer community), `cargo-vet`
 * (an unsigned audit imported from an audits.toml). Policies count local and
 * imported reviews unless a rule names its origins; cargo-vet audits count
 * only where a rule names `cargo-vet`.
 */
export const REVIEW_ORIGINS = ['local', 'imported', 'cargo-vet'] as const;
export type ReviewOrigin = typeof REVIEW_ORIGINS[number];
/** A policy rule's `origin`: one origin, `any` (local and imported), or a list. */
export type OriginSpec = 'any' | ReviewOrigin | ReviewOrigin[];

/** The origins a rule's `origin` admits. */
export function admittedOrigins(spec: OriginSpec | undefined): ReadonlySet<ReviewOrigin> {
  if (spec === undefined || spec === 'any') return new Set(['local', 'imported']);
  return new Set(Array.isArray(spec) ? spec : [spec]);
}

export const VERDICTS = ['endorse', 'dispute', 'reject'] as const;
export type Verdict = typeof VERDICTS[number];

export interface Vetting {
  id: string;
  review: string;
  reviewDigest: string;
  by: Handle;
  verdict: Verdict;
  comment: string;
  at: string;
  resolved?: {by: Handle | 'admin'; outcome: 'upheld' | 'dismissed'; at: string};
}

/** Who is acting (the one authorization model lives in src/authz). */
export type {Actor} from '../authz/actor.ts';
