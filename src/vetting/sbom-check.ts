import pMap from 'p-map';
import type {CredentialRecords} from '../credentials/credential-records.ts';
import type {CredentialStatusVerdict, VerificationReport} from '../credentials/report.ts';
import type {Verify} from '../credentials/verify/index.ts';
import {HallmarkError, invalidInput} from '../errors.ts';
import {readSbom, type SbomFormat, type SkippedEntry} from '../sbom/index.ts';
import type {PackageBadge, PackageBadgeService} from './package-badges.ts';
import {POLICY_NAME_PATTERN, SLUG_PATTERN} from './model.ts';

/** `community/policy`: the bar a consumer holds their dependencies to. */
export interface PolicyRequirement {
  community: string;
  policy: string;
}

export interface PackageFinding {
  purl: string;
  meets: boolean;
  /** The badge that decided it, when there is one. */
  badge: {credentialId: string; community: string; policy: string; policyVersion: number; status: CredentialStatusVerdict} | null;
  reason: string;
}

export interface SbomCheck {
  format: SbomFormat;
  requirements: PolicyRequirement[];
  passed: boolean;
  summary: {packages: number; meeting: number; failing: number; skipped: number};
  packages: PackageFinding[];
  skipped: SkippedEntry[];
}

const MAX_REQUIREMENTS = 16;

export function parseRequirements(values: readonly string[]): PolicyRequirement[] {
  if (values.length === 0 || values.length > MAX_REQUIREMENTS) {
    throw invalidInput(`name 1 to ${MAX_REQUIREMENTS} policies as community/policy`, [{field: '/policies', problem: `${values.length} given`}]);
  }
  return values.map((value, index) => {
    const slash = value.indexOf('/');
    const community = value.slice(0, slash);
    const policy = value.slice(slash + 1);
    if (slash < 0 || !SLUG_PATTERN.test(community) || !POLICY_NAME_PATTERN.test(policy)) {
      throw invalidInput(`"${value.slice(0, 100)}" is not community/policy`, [{field: `/policies/${index}`, problem: 'expected community/policy'}]);
    }
    return {community, policy};
  });
}

/**
 * "Does every dependency in this SBOM meet one of these policies?" A package
 * meets a requirement when this instance holds a badge for that exact release
 * under the policy (any version of it) whose credential verifies now through
 * the one pipeline, status included. The badge record only says where to
 * look; the verdict comes from verifying the signed credential.
 */
/** Packages judged at once: enough to keep every verification worker busy while others wait for the store. */
const JUDGED_AT_ONCE = 32;

/** Throws not-found when the community has no policy of that name. */
export type PolicyLookup = (community: string, policy: string) => Promise<unknown>;

export class SbomCheckService {
  readonly #badges: PackageBadgeService;
  readonly #records: CredentialRecords;
  readonly #verify: Verify;
  readonly #policyExists: PolicyLookup;

  constructor(badges: PackageBadgeService, records: CredentialRecords, verify: Verify, policyExists: PolicyLookup) {
    this.#badges = badges;
    this.#records = records;
    this.#verify = verify;
    this.#policyExists = policyExists;
  }

  /**
   * A misspelt policy must not read as every dependency failing: a policy
   * (or community) that does not exist is a not-found naming it.
   */
  async assertPolicies(requirements: PolicyRequirement[]): Promise<void> {
    for (const requirement of requirements) {
      try {
        await this.#policyExists(requirement.community, requirement.policy);
      } catch (error) {
        if (error instanceof HallmarkError && error.kind === 'not-found') {
          throw new HallmarkError('not-found', `the policy ${named(requirement)} does not exist (${error.message})`, [{field: '/policies', problem: `${named(requirement)} does not exist`}]);
        }
        throw error;
      }
    }
  }

  async check(sbom: unknown, requirements: PolicyRequirement[]): Promise<SbomCheck> {
    await this.assertPolicies(requirements);
    const {format, packages, skipped} = readSbom(sbom);
    // Verification is the cost, and it runs on the verification pool's cores: keep them all busy, in order.
    const findings = await pMap(packages, (purl) => this.judge(purl, requirements), {concurrency: JUDGED_AT_ONCE});
    const meeting = findings.filter((finding) => finding.meets).length;
    return {
      format,
      requirements,
      passed: meeting === findings.length && findings.length > 0,
      summary: {packages: findings.length, meeting, failing: findings.length - meeting, skipped: skipped.length},
      packages: findings,
      skipped,
    };
  }

  /** Whether one release holds a badge under one of the policies that verifies now: the verdict `check` gives each package. */
  async judge(purl: string, requirements: PolicyRequirement[]): Promise<PackageFinding> {
    const candidates = newestFirst((await this.#badges.forRelease(purl)).filter((badge): badge is IssuedBadge =>
      badge.credentialId !== null && requirements.some((want) => want.community === badge.community && want.policy === badge.policy)));
    if (candidates.length === 0) return {purl, meets: false, badge: null, reason: `no badge under ${requirements.map(named).join(' or ')}`};
    let failed: PackageFinding | null = null;
    for (const badge of candidates) {
      const record = await this.#records.find(this.#records.uuidOf(badge.credentialId));
      if (!record) continue;
      const report = await this.#verify(record.credential);
      const finding: PackageFinding = {
        purl,
        meets: report.verified,
        badge: {credentialId: badge.credentialId, community: badge.community, policy: badge.policy, policyVersion: badge.policyVersion, status: report.status},
        reason: report.verified ? `${named(badge)} v${badge.policyVersion} badge verifies` : `${named(badge)} v${badge.policyVersion} badge is ${report.status}: ${report.errors[0] ?? 'not valid'}`,
      };
      if (finding.meets) return finding;
      failed ??= finding;
    }
    return failed ?? {purl, meets: false, badge: null, reason: 'the badge credential is missing from this instance'};
  }
}

function named(requirement: {community: string; policy: string}): string {
  return `${requirement.community}/${requirement.policy}`;
}

/** A badge whose credential has been issued. */
type IssuedBadge = PackageBadge & {credentialId: string};

function newestFirst(badges: IssuedBadge[]): IssuedBadge[] {
  return [...badges].sort((a, b) => b.policyVersion - a.policyVersion || (b.issuedAt ?? '').localeCompare(a.issuedAt ?? ''));
}
