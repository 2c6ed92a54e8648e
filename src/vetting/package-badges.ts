import {DuplicateKeyError, type Collection, type Store} from '../store/port.ts';
import type {InstanceUrls} from '../credentials/instance-urls.ts';
import type {IssuanceService} from '../credentials/issue.ts';
import type {CredentialStatusService} from '../credentials/credential-status.ts';
import type {EvaluationFacts, PolicyEvaluation} from './policy-engine.ts';
import type {PolicyVersion} from './policies/policies.ts';
import {derivedUuid} from '../jobs/index.ts';

/**
 * `active` and `suspended` follow the evaluation both ways; a badge whose
 * release an ACCEPTED violation covers is `revoked-by-violation` and stays
 * so. Badges carry one `suspension` status entry, which every verifier
 * reads right: suspended is the bit set, reinstated the bit cleared, and a
 * violation sets it for good, with our records saying "revoked" and why
 * (credential-status.ts), so the list refuses to reinstate it.
 */
export type PackageBadgeState = 'issuing' | 'active' | 'suspended' | 'revoked-by-violation';

export interface PackageBadge {
  /** `${policy.id}:${purl}`: one badge per package version and policy version. */
  id: string;
  community: string;
  policy: string;
  policyVersion: number;
  purl: string;
  package: string;
  credentialId: string | null;
  state: PackageBadgeState;
  reason: string;
  issuedAt: string | null;
  changedAt: string;
  /**
   * The credential's status entry: `suspension`; `message` on badges
   * issued while those were used (third parties misread them; ours keep
   * working); absent on badges from before either was recorded, which
   * carry a suspension entry too. Every kind is revoked for good.
   */
  statusPurpose?: 'message' | 'suspension';
}

type BadgeRecord = PackageBadge & {[field: string]: unknown};

/** The id a badge's credential is issued under: one per release × policy version, so a retry finds it instead of minting another. */
export function badgeCredentialUuid(badgeId: string): string {
  return derivedUuid('package-badge', badgeId);
}

/** Issues, suspends and reinstates the OpenBadgeCredentials that passing policy evaluations earn. */
export class PackageBadgeService {
  readonly #badges: Collection<BadgeRecord>;
  readonly #issuance: IssuanceService;
  readonly #status: CredentialStatusService;
  readonly #urls: InstanceUrls;
  readonly #listeners: Array<(badge: PackageBadge) => Promise<void>> = [];

  private constructor(badges: Collection<BadgeRecord>, issuance: IssuanceService, status: CredentialStatusService, urls: InstanceUrls) {
    this.#badges = badges;
    this.#issuance = issuance;
    this.#status = status;
    this.#urls = urls;
  }

  static async open(store: Store, issuance: IssuanceService, status: CredentialStatusService, urls: InstanceUrls): Promise<PackageBadgeService> {
    const badges = await store.collection<BadgeRecord>({
      name: 'package_badges',
      indexes: [{fields: ['package']}, {fields: ['purl']}, {fields: ['community']}, {fields: ['state']}, {fields: ['credentialId']}],
    });
    return new PackageBadgeService(badges, issuance, status, urls);
  }

  async forPackage(packagePurl: string): Promise<PackageBadge[]> {
    return (await this.#badges.find({package: packagePurl})).map((found) => found.doc);
  }

  async forRelease(purl: string): Promise<PackageBadge[]> {
    return (await this.#badges.find({purl})).map((found) => found.doc);
  }

  /** The badge a credential is, if it is one. */
  async byCredential(credentialId: string): Promise<PackageBadge | null> {
    const [found] = await this.#badges.find({credentialId}, {limit: 1});
    return found?.doc ?? null;
  }

  async forCommunity(community: string): Promise<PackageBadge[]> {
    return (await this.#badges.find({community})).map((found) => found.doc);
  }

  /** The packages (purls without version) that have ever had a badge. */
  async packages(): Promise<string[]> {
    return [...new Set((await this.#badges.find({})).map((found) => found.doc.package))];
  }

  /** Badges whose state can still change: the sweep re-checks these. */
  async live(): Promise<PackageBadge[]> {
    const [active, suspended] = await Promise.all([this.#badges.find({state: 'active'}), this.#badges.find({state: 'suspended'})]);
    return [...active, ...suspended].map((found) => found.doc);
  }

  /** Brings the badge for (policy version, release) in line with an evaluation. Returns it, or null when none exists or is due. */
  async reconcile(policy: PolicyVersion, release: {purl: string; package: string}, evaluation: PolicyEvaluation, facts: EvaluationFacts, now = new Date()): Promise<PackageBadge | null> {
    const badge = await this.#reconcile(policy, release, evaluation, facts, now);
    if (badge) {
      for (const listener of this.#listeners) {
        // Listeners keep derived data (the search index) in step; the badge itself is already stored.
        await listener(badge).catch((error: unknown) => console.error('package badge listener failed:', error));
      }
    }
    return badge;
  }

  /** Called after reconcile stores a badge's state (for derived data such as the search index). */
  onChange(listener: (badge: PackageBadge) => Promise<void>): void {
    this.#listeners.push(listener);
  }

  async #reconcile(policy: PolicyVersion, release: {purl: string; package: string}, evaluation: PolicyEvaluation, facts: EvaluationFacts, now: Date): Promise<PackageBadge | null> {
    const id = `${policy.id}:${release.purl}`;
    const found = await this.#badges.get(id);
    if (!found) return evaluation.passed ? this.#issue(policy, release, evaluation, facts, now) : null;
    const badge = found.doc;
    if (badge.state === 'revoked-by-violation') {
      // Idempotent: repairs a revocation whose status write failed after the record was stored.
      await this.#publish(badge, 'revoked-by-violation');
      return badge;
    }
    if (badge.state === 'issuing') {
      // An evaluation died mid-issue (or is issuing right now): finish it under the same derived id, then judge as below.
      await this.#finishIssuing(found.version, badge, policy, release, evaluation, facts, now);
      return this.#reconcile(policy, release, evaluation, facts, now);
    }
    if (evaluation.passed) return badge.state === 'active' ? this.#settled(badge) : this.#setState(found.version, badge, 'active', 'every rule passes again', now);
    const confirmed = confirmedViolation(evaluation, facts);
    if (confirmed) return this.#setState(found.version, badge, 'revoked-by-violation', confirmed, now);
    if (badge.state === 'suspended') return this.#settled(badge);
    return this.#setState(found.version, badge, 'suspended', failures(evaluation), now);
  }

  async #issue(policy: PolicyVersion, release: {purl: string; package: string}, evaluation: PolicyEvaluation, facts: EvaluationFacts, now: Date): Promise<PackageBadge | null> {
    const claim: PackageBadge = {
      id: `${policy.id}:${release.purl}`, community: policy.community, policy: policy.name, policyVersion: policy.version,
      purl: release.purl, package: release.package, credentialId: null, state: 'issuing', reason: 'issuing', issuedAt: null, changedAt: now.toISOString(),
    };
    let claimed;
    try {
      claimed = await this.#badges.insert(claim as BadgeRecord);
    } catch (error) {
      // Another evaluation of the same release and policy version got there first: finish or take its badge.
      if (error instanceof DuplicateKeyError) return this.#reconcile(policy, release, evaluation, facts, now);
      throw error;
    }
    return this.#finishIssuing(claimed.version, claim, policy, release, evaluation, facts, now);
  }

  /**
   * Issues the claimed badge's credential under its derived id (finding the
   * one an earlier attempt issued) and names it in the badge. Null when the
   * claim changed meanwhile (another attempt finished it).
   */
  async #finishIssuing(version: number, claim: PackageBadge, policy: PolicyVersion, release: {purl: string; package: string}, evaluation: PolicyEvaluation, facts: EvaluationFacts, now: Date): Promise<PackageBadge | null> {
    let credentialId: string;
    try {
      const issued = await this.#issuance.issueOnce(policy.community, badgeCredentialUuid(claim.id), {credential: this.#credential(policy, release.purl, evaluation, facts), options: {statusPurpose: 'suspension'}});
      credentialId = String(issued.verifiableCredential.id);
    } catch (error) {
      // Refused (not crashed): nothing was issued under the id, so the claim goes and a later evaluation may try again.
      await this.#badges.delete(claim.id, version);
      throw error;
    }
    const active: PackageBadge = {...claim, credentialId, state: 'active', reason: 'every rule passed', issuedAt: now.toISOString(), statusPurpose: 'suspension'};
    return (await this.#badges.update(claim.id, version, active as BadgeRecord))?.doc ?? null;
  }

  /** A badge whose state stays: its status list entry is put right if a crash left it behind the record. */
  async #settled(badge: PackageBadge): Promise<PackageBadge> {
    await this.#publish(badge, badge.state as Exclude<PackageBadgeState, 'issuing'>);
    return badge;
  }

  #credential(policy: PolicyVersion, purl: string, evaluation: PolicyEvaluation, facts: EvaluationFacts): Record<string, unknown> {
    const reviewIds = new Set(evaluation.rules.flatMap((rule) => rule.reviews));
    const evidenceIds = new Set(evaluation.rules.flatMap((rule) => rule.evidence));
    const reviews = facts.reviews.filter((review) => reviewIds.has(review.id)).map((review) => review.origin === 'cargo-vet' ? {
      id: this.#urls.cargoVetAudit(policy.community, review.id),
      type: ['Evidence'],
      name: `cargo-vet ${review.kind} audit by ${review.reviewer}`,
      description: `Imported, unsigned cargo-vet audit of version ${review.version} for ${review.criteria.join(', ')}.`,
    } : {
      id: review.credentialId ?? this.#urls.review(review.id),
      type: ['Evidence'],
      name: `${review.kind} review by ${review.reviewer}`,
      description: `Accepted ${review.kind} review of version ${review.version} for ${review.criteria.join(', ')}.`,
    });
    const documents = facts.evidence.filter((evidence) => evidenceIds.has(evidence.id)).map((evidence) => ({
      id: this.#urls.evidence(evidence.id),
      type: ['Evidence'],
      name: `${evidence.type} evidence`,
      description: `Submitted ${evidence.submittedAt} by ${evidence.submittedBy}.`,
    }));
    return {
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      name: String(policy.achievement.name),
      credentialSubject: {id: purl, type: ['AchievementSubject'], achievement: policy.achievement},
      evidence: [...reviews, ...documents],
    };
  }

  async #setState(version: number, badge: PackageBadge, state: Exclude<PackageBadgeState, 'issuing'>, reason: string, now: Date): Promise<PackageBadge> {
    const next: PackageBadge = {...badge, state, reason, changedAt: now.toISOString()};
    // The status list first: the record never says suspended or revoked while the credential still verifies valid.
    await this.#publish(next, state);
    const stored = await this.#badges.update(badge.id, version, next as BadgeRecord);
    if (stored) return next;
    // Someone else changed the badge meanwhile: the list follows what is stored.
    const current = (await this.#badges.get(badge.id))?.doc ?? badge;
    if (current.state !== 'issuing') await this.#publish(current, current.state);
    return current;
  }

  /** Puts the badge's state on its status list (only where it differs): suspended, reinstated, or revoked for good. */
  async #publish(badge: PackageBadge, state: Exclude<PackageBadgeState, 'issuing'>): Promise<void> {
    if (badge.credentialId === null) return;
    const wanted = state === 'revoked-by-violation' ? 'revoked' : state === 'active' ? 'valid' : 'suspended';
    await this.#status.ensure(badge.community, badge.credentialId, wanted, badge.reason);
  }
}

function failures(evaluation: PolicyEvaluation): string {
  return evaluation.rules.filter((rule) => !rule.passed).map((rule) => `${rule.kind}: ${rule.reason}`).join('; ');
}

/** The reason when an accepted (not merely pending) violation report covers the release. */
function confirmedViolation(evaluation: PolicyEvaluation, facts: EvaluationFacts): string | null {
  const cited = new Set(evaluation.rules.filter((rule) => rule.kind === 'no-violations' && !rule.passed).flatMap((rule) => rule.reviews));
  // An unsigned cargo-vet violation can suspend a badge, never revoke it for good.
  const accepted = facts.reviews.filter((review) => cited.has(review.id) && review.standing === 'accepted' && review.origin !== 'cargo-vet');
  return accepted.length > 0 ? `accepted violation report ${accepted.map((review) => review.id).join(', ')} covers this release` : null;
}
