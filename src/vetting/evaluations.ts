import {randomUUID} from 'node:crypto';
import type {Collection, Store} from '../store/port.ts';
import type {VettingEvent} from './events.ts';
import type {VettingReads} from './policy-ports.ts';
import {evaluatePolicy, lackingSummary, type RuleResult} from './policy-engine.ts';
import {gatherFacts} from './evaluation-facts.ts';
import type {EvidenceService} from './evidence/evidence.ts';
import type {PolicyService, PolicyVersion} from './policies/policies.ts';
import type {PolicyRule} from './policies/document.ts';
import type {PackageBadge, PackageBadgeService} from './package-badges.ts';
import {parseReleasePurl} from '../purl.ts';
import type {Actor} from './model.ts';
import {authorize} from '../authz/index.ts';
import type {ReviewFact} from './policy-engine.ts';
import type {Jobs} from '../jobs/index.ts';

/** Reviews that do not live in the vetting store (imported from peer communities), as facts for one community's release. */
export type ReviewFactSource = (community: string, release: {purl: string; package: string; version: string}) => Promise<ReviewFact[]>;

export type EvaluationTrigger = 'request' | 'event' | 'sweep';

/** One stored run of a policy version against a release. */
export interface EvaluationRecord {
  id: string;
  community: string;
  policy: string;
  policyVersion: number;
  policyDigest: string;
  purl: string;
  package: string;
  passed: boolean;
  rules: RuleResult[];
  evaluatedAt: string;
  trigger: EvaluationTrigger;
}

type StoredEvaluation = EvaluationRecord & {[field: string]: unknown};

const REEVALUATION_JOB = 'package-badge-evaluation';

/** A policy version to run against a release and bring its badge in line with. */
interface ReevaluationJob {
  community: string;
  policy: string;
  version: number;
  purl: string;
}

/** How a release stands against one policy right now, and what it still lacks. */
export interface PolicyProgress {
  policy: string;
  version: number;
  title: string;
  /** The policy version's Achievement id (its page). */
  achievementId: string;
  passed: boolean;
  /** e.g. "1 of 2 accepted reviews; licence evidence missing"; null when every rule passes. */
  lacking: string | null;
  rules: RuleResult[];
}

export interface EvaluationOutcome {
  evaluation: EvaluationRecord;
  /** The badge for this release and policy version after the run, if there is one. */
  badge: PackageBadge | null;
}

/** Runs policies against releases, records every run, and keeps package badges in line with the results. */
export class EvaluationService {
  readonly #evaluations: Collection<StoredEvaluation>;
  readonly #vetting: VettingReads;
  readonly #policies: PolicyService;
  readonly #evidence: EvidenceService;
  readonly #badges: PackageBadgeService;
  readonly #reviewSources: ReviewFactSource[] = [];

  readonly #jobs: Jobs;

  private constructor(evaluations: Collection<StoredEvaluation>, vetting: VettingReads, policies: PolicyService, evidence: EvidenceService, badges: PackageBadgeService, jobs: Jobs) {
    this.#evaluations = evaluations;
    this.#vetting = vetting;
    this.#policies = policies;
    this.#evidence = evidence;
    this.#badges = badges;
    this.#jobs = jobs;
    jobs.define<ReevaluationJob>(REEVALUATION_JOB, (job) => this.#resume(job));
  }

  static async open(store: Store, vetting: VettingReads, policies: PolicyService, evidence: EvidenceService, badges: PackageBadgeService, jobs: Jobs): Promise<EvaluationService> {
    const evaluations = await store.collection<StoredEvaluation>({name: 'policy_evaluations', indexes: [{fields: ['package', 'evaluatedAt']}, {fields: ['purl']}]});
    return new EvaluationService(evaluations, vetting, policies, evidence, badges, jobs);
  }

  /**
   * Evaluates a policy (the latest version unless one is named) for a release. Any
   * account or the admin may ask; an Actor is required so that anonymous callers and
   * issuer tokens cannot spend evaluation and signing work.
   */
  async evaluate(actor: Actor, community: string, policyName: string, purlText: string, options: {version?: number; trigger?: EvaluationTrigger; now?: Date} = {}): Promise<EvaluationOutcome> {
    const found = await this.#vetting.communities.get(community);
    // Every evaluation is stored and the latest evaluated release decides the package's README
    // badge, so strangers must not be able to evaluate made-up versions into it.
    authorize(actor, 'policies.evaluate', {community});
    const policy = await this.#policies.get(community, policyName, options.version);
    const release = parseReleasePurl(purlText, '/purl');
    this.#vetting.communities.assertEcosystem(found, release.type);
    return this.#run(policy, release, options.trigger ?? 'request', options.now ?? new Date());
  }

  /**
   * Every policy of the community (its latest version) judged against a release
   * as things stand, without storing the run or touching badges: anyone may ask
   * what a release still lacks, since everything it reads is public.
   */
  async progress(community: string, purlText: string, now = new Date()): Promise<PolicyProgress[]> {
    const found = await this.#vetting.communities.get(community);
    const release = parseReleasePurl(purlText, '/purl');
    this.#vetting.communities.assertEcosystem(found, release.type);
    const policies = await this.#policies.list(community);
    if (policies.length === 0) return [];
    const evidence = await this.#evidence.forRelease(release.purl, community);
    const facts = await gatherFacts(this.#vetting, community, release, evidence);
    return policies.map((policy) => {
      const result = evaluatePolicy(policy.document, facts, now);
      return {
        policy: policy.name, version: policy.version, title: policy.document.title ?? policy.name, achievementId: String(policy.achievement.id),
        passed: result.passed, lacking: lackingSummary(result), rules: result.rules,
      };
    });
  }

  async forPackage(packagePurl: string, limit = 100): Promise<EvaluationRecord[]> {
    return (await this.#evaluations.find({package: packagePurl}, {sortBy: 'evaluatedAt', descending: true, limit})).map((found) => found.doc);
  }

  /** Adds reviews from elsewhere (federation's imports) to every evaluation's facts. */
  addReviewSource(source: ReviewFactSource): void {
    this.#reviewSources.push(source);
  }

  /** Re-checks the live badges of a package (in one community, or every one): its reviews changed outside the vetting store. */
  async reevaluatePackage(community: string | null, packagePurl: string): Promise<void> {
    await this.#recheck(await this.#badges.forPackage(packagePurl), community);
  }

  /** Re-checks every live badge of a community: what it imports changed. */
  async reevaluateCommunity(community: string): Promise<void> {
    await this.#recheck(await this.#badges.forCommunity(community), community);
  }

  /** Re-evaluates the badges an event may have changed. */
  async onEvent(event: VettingEvent): Promise<void> {
    switch (event.type) {
      case 'review-submitted':
        if (event.review.kind === 'violation') await this.#recheck(await this.#badges.forPackage(event.review.package), event.review.community);
        return;
      case 'review-standing-changed':
        return this.#recheck(await this.#badges.forPackage(event.review.package), event.review.community);
      case 'role-changed':
        return this.#recheck(await this.#badges.forCommunity(event.grant.community), event.grant.community);
      case 'evidence-changed':
        return this.#recheck((await this.#badges.forPackage(parseReleasePurl(event.purl).package)).filter((badge) => badge.purl === event.purl), event.community);
      case 'membership-changed': {
        // The reviewer's organisation feeds `distinctOrganisations` for every package they reviewed.
        const packages = new Set((await this.#vetting.reviews.reviewsByReviewer(event.account.handle)).map((review) => review.package));
        for (const name of packages) await this.#recheck(await this.#badges.forPackage(name), null);
        return;
      }
      case 'audits-imported':
        for (const name of event.packages) await this.#recheck(await this.#badges.forPackage(name), event.community);
        return;
      case 'vetting-recorded':
        return;
    }
  }

  /** Re-checks every live badge whose policy has a time-based rule: time passing alone can age reviews and expire evidence. Returns how many it re-checked. */
  async sweep(now = new Date()): Promise<number> {
    let checked = 0;
    for (const badge of await this.#badges.live()) {
      const policy = await this.#policies.get(badge.community, badge.policy, badge.policyVersion);
      if (!policy.document.rules.some(dependsOnTime)) continue;
      await this.#recheckOne(badge, now, 'sweep');
      checked++;
    }
    return checked;
  }

  async #recheck(badges: PackageBadge[], community: string | null): Promise<void> {
    for (const badge of badges) {
      if (community !== null && badge.community !== community) continue;
      await this.#recheckOne(badge, new Date(), 'event');
    }
  }

  async #recheckOne(badge: PackageBadge, now: Date, trigger: EvaluationTrigger): Promise<void> {
    if (badge.state === 'revoked-by-violation') return;
    const policy = await this.#policies.get(badge.community, badge.policy, badge.policyVersion);
    await this.#run(policy, parseReleasePurl(badge.purl), trigger, now);
  }

  /**
   * A durable job (src/jobs): the intent is recorded before the badge is
   * touched, so a crash between the badge's writes (claim, credential,
   * record; status list, record) is finished by the runner evaluating again.
   */
  async #run(policy: PolicyVersion, release: {purl: string; package: string; version: string}, trigger: EvaluationTrigger, now: Date): Promise<EvaluationOutcome> {
    const intent: ReevaluationJob = {community: policy.community, policy: policy.name, version: policy.version, purl: release.purl};
    return this.#jobs.run(REEVALUATION_JOB, intent, () => this.#evaluateAndReconcile(policy, release, trigger, now));
  }

  async #resume(job: ReevaluationJob): Promise<void> {
    const policy = await this.#policies.get(job.community, job.policy, job.version);
    await this.#evaluateAndReconcile(policy, parseReleasePurl(job.purl), 'event', new Date());
  }

  async #evaluateAndReconcile(policy: PolicyVersion, release: {purl: string; package: string; version: string}, trigger: EvaluationTrigger, now: Date): Promise<EvaluationOutcome> {
    const evidence = await this.#evidence.forRelease(release.purl, policy.community);
    const facts = await gatherFacts(this.#vetting, policy.community, release, evidence);
    for (const source of this.#reviewSources) facts.reviews.push(...await source(policy.community, release));
    const result = evaluatePolicy(policy.document, facts, now);
    const evaluation: EvaluationRecord = {
      id: randomUUID(), community: policy.community, policy: policy.name, policyVersion: policy.version, policyDigest: policy.digest,
      purl: release.purl, package: release.package, passed: result.passed, rules: result.rules, evaluatedAt: result.evaluatedAt, trigger,
    };
    await this.#evaluations.insert(evaluation as StoredEvaluation);
    const badge = await this.#badges.reconcile(policy, release, result, facts, now);
    return {evaluation, badge};
  }
}

/** Rules whose verdict can change with nothing but the clock: review age, and evidence (which can expire). */
function dependsOnTime(rule: PolicyRule): boolean {
  return rule.kind === 'reviews' ? rule.maxAgeDays !== undefined : rule.kind !== 'no-violations';
}
