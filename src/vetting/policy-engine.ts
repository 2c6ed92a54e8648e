import spdxSatisfies from 'spdx-satisfies';
import {admittedOrigins, roleAtLeast, type Handle, type OriginSpec, type ReviewKind, type ReviewOrigin, type Role, type Standing} from './model.ts';
import type {PolicyDocument, PolicyRule} from './policies/document.ts';
import type {Evidence, EvidenceType} from './evidence/types.ts';

/** A review as the engine sees it: the reviewer's role and organisation now, criteria already closed under `implies`. */
export interface ReviewFact {
  id: string;
  credentialId: string | null;
  reviewer: Handle;
  role: Role | null;
  organisation: Handle | null;
  kind: ReviewKind;
  /** The version reviewed (delta: the "to" version). */
  version: string;
  /** delta: the previous version */
  from?: string;
  /** violation: whether its vers range contains the version under evaluation. */
  coversVersion?: boolean;
  criteria: string[];
  standing: Standing;
  createdAt: string;
  acceptedAt?: string;
  /** Where the review comes from; absent is local. */
  origin?: ReviewOrigin;
  /** imported: the actor URL of the peer community it came from (its reviewer is `<actor>#<their reviewer>`, its organisation the actor). */
  peer?: string;
}

export interface EvaluationFacts {
  /** The version under evaluation. */
  version: string;
  /** Every review of the package in the community (all versions: delta chains need them). */
  reviews: ReviewFact[];
  /** Evidence submitted for this release. */
  evidence: Evidence[];
}

export interface RuleResult {
  index: number;
  kind: PolicyRule['kind'];
  passed: boolean;
  reason: string;
  /** Ids of the reviews the verdict rests on. */
  reviews: string[];
  /** Ids of the evidence documents the verdict rests on. */
  evidence: string[];
  /** What the release still lacks for this rule, in a few words (failed rules only), e.g. "1 of 2 accepted reviews". */
  lacking?: string;
}

export interface PolicyEvaluation {
  passed: boolean;
  evaluatedAt: string;
  rules: RuleResult[];
}

const DAY_MS = 86_400_000;

const EVIDENCE_NOUNS: Record<EvidenceType, string> = {scorecard: 'Scorecard', license: 'licence', provenance: 'provenance'};

/** What a failed evaluation still lacks, rule by rule, in a few words: "1 of 2 accepted reviews; licence evidence missing". */
export function lackingSummary(evaluation: Pick<PolicyEvaluation, 'rules'>): string | null {
  const lacking = evaluation.rules.filter((rule) => !rule.passed).map((rule) => rule.lacking ?? rule.reason);
  return lacking.length > 0 ? lacking.join('; ') : null;
}

/** Pure: the same policy, facts and clock always give the same verdict. */
export function evaluatePolicy(policy: PolicyDocument, facts: EvaluationFacts, now: Date): PolicyEvaluation {
  const rules = policy.rules.map((rule, index) => ({index, kind: rule.kind, ...evaluateRule(rule, facts, now)}));
  return {passed: rules.every((rule) => rule.passed), evaluatedAt: now.toISOString(), rules};
}

type Verdict = Omit<RuleResult, 'index' | 'kind'>;

function evaluateRule(rule: PolicyRule, facts: EvaluationFacts, now: Date): Verdict {
  switch (rule.kind) {
    case 'reviews':
      return reviewsRule(rule, facts, now);
    case 'no-violations':
      return noViolations(facts, rule.origin);
    case 'scorecard':
      return withEvidence(facts, 'scorecard', rule.maxAgeDays, now, (evidence) => {
        const report = evidence.type === 'scorecard' ? evidence.document : null;
        if (!report) return 'not a scorecard';
        const score = rule.check === 'aggregate' ? report.score : report.checks.find((check) => check.name === rule.check)?.score;
        if (score === undefined) return `the scorecard has no "${rule.check}" check`;
        if (score < 0) return `Scorecard could not score "${rule.check}"`;
        return score >= rule.min ? null : `"${rule.check}" scored ${score}, below ${rule.min}`;
      }, (evidence) => `scorecard "${rule.check}" is at least ${rule.min}` + (evidence.type === 'scorecard' ? ` (${evidence.document.repo.name})` : ''),
      (problem) => `Scorecard ${rule.check === 'aggregate' ? 'score' : `"${rule.check}"`} ${/ below /.test(problem) ? `below ${rule.min}` : 'not scored'}`);
    case 'license':
      return withEvidence(facts, 'license', rule.maxAgeDays, now, (evidence) => {
        const expression = evidence.type === 'license' ? evidence.document.expression : '';
        try {
          return spdxSatisfies(expression, rule.allow) ? null : `"${expression}" needs a license outside ${rule.allow.join(', ')}`;
        } catch {
          return `"${expression}" is not a valid SPDX expression`;
        }
      }, (evidence) => `license "${evidence.type === 'license' ? evidence.document.expression : ''}" is within the allowlist`,
      () => 'licence not allowed');
    case 'provenance':
      return withEvidence(facts, 'provenance', rule.maxAgeDays, now, (evidence) => {
        if (evidence.type !== 'provenance') return 'not provenance';
        const {statement, sha256} = evidence.document;
        if (statement._type !== 'https://in-toto.io/Statement/v1') return `the statement type is ${statement._type}, not in-toto Statement v1`;
        const matches = statement.subject.some((subject) => subject.digest.sha256?.toLowerCase() === sha256.toLowerCase());
        return matches ? null : `no subject of the statement has sha256 ${sha256}`;
      }, () => 'an in-toto statement names the release digest as its subject',
      () => 'provenance does not name the release');
  }
}

function ageOk(timestamp: string | undefined, maxAgeDays: number | undefined, now: Date): boolean {
  if (maxAgeDays === undefined) return true;
  if (timestamp === undefined) return false;
  return now.getTime() - Date.parse(timestamp) <= maxAgeDays * DAY_MS;
}

/** Versions that accepted full or delta reviews for `criterion` reach from a full review (cargo-vet style chains). */
function vettedVersions(reviews: ReviewFact[]): Map<string, ReviewFact[]> {
  const reached = new Map<string, ReviewFact[]>();
  for (const review of reviews) if (review.kind === 'full') reached.set(review.version, [...(reached.get(review.version) ?? []), review]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const review of reviews) {
      if (review.kind !== 'delta' || review.from === undefined || !reached.has(review.from)) continue;
      const at = reached.get(review.version) ?? [];
      if (at.includes(review)) continue;
      reached.set(review.version, [...at, review]);
      grew = true;
    }
  }
  return reached;
}

/** The facts a rule's `origin` admits. */
function fromOrigins(reviews: ReviewFact[], spec: OriginSpec | undefined): ReviewFact[] {
  const admitted = admittedOrigins(spec);
  return reviews.filter((review) => admitted.has(review.origin ?? 'local'));
}

/**
 * Roles are this community's: an imported cargo-vet audit's author holds none
 * here. Such audits count only where the policy names `cargo-vet`, and then
 * on the word of the steward who imported the file, so `minRole` does not
 * apply to them.
 */
function roleQualifies(review: ReviewFact, minRole: Role): boolean {
  return review.origin === 'cargo-vet' || roleAtLeast(review.role, minRole);
}

function reviewsRule(rule: Extract<PolicyRule, {kind: 'reviews'}>, facts: EvaluationFacts, now: Date): Verdict {
  const eligible = fromOrigins(facts.reviews, rule.origin).filter((review) => review.standing === 'accepted' && review.kind !== 'violation'
    && review.criteria.includes(rule.criterion) && roleQualifies(review, rule.minRole));
  // Chains may pass through older reviews; only the reviews of this very version are counted and aged.
  const counted = (vettedVersions(eligible).get(facts.version) ?? []).filter((review) => ageOk(review.acceptedAt ?? review.createdAt, rule.maxAgeDays, now));
  const reviewers = new Set(counted.map((review) => review.reviewer));
  // An unaffiliated reviewer stands for themselves, as an organisation of one.
  const organisations = new Set(counted.map((review) => review.organisation ?? `person:${review.reviewer}`));
  const count = rule.distinctReviewers ? reviewers.size : counted.length;
  const ids = counted.map((review) => review.id);
  const what = `${count} qualifying ${rule.distinctReviewers ? 'reviewer' : 'review'}${count === 1 ? '' : 's'} for ${rule.criterion} from ${organisations.size} organisation${organisations.size === 1 ? '' : 's'}`;
  if (count < rule.min) {
    const lacking = `${count} of ${rule.min} accepted review${rule.min === 1 ? '' : 's'}`;
    return {passed: false, reason: `${what}; ${rule.min} needed`, reviews: ids, evidence: [], lacking};
  }
  if (organisations.size < rule.distinctOrganisations) {
    return {passed: false, reason: `${what}; ${rule.distinctOrganisations} organisations needed`, reviews: ids, evidence: [], lacking: `reviews from ${organisations.size} of ${rule.distinctOrganisations} organisations`};
  }
  return {passed: true, reason: what, reviews: ids, evidence: []};
}

function noViolations(facts: EvaluationFacts, origin: OriginSpec | undefined): Verdict {
  const open = fromOrigins(facts.reviews, origin).filter((review) => review.kind === 'violation' && review.coversVersion === true
    && (review.standing === 'accepted' || review.standing === 'pending'));
  const ids = open.map((review) => review.id);
  if (open.length > 0) {
    const reason = `${open.length} violation report${open.length === 1 ? '' : 's'} cover${open.length === 1 ? 's' : ''} this version`;
    return {passed: false, reason, reviews: ids, evidence: [], lacking: reason.replace('this version', 'it')};
  }
  return {passed: true, reason: 'no accepted or pending violation report covers this version', reviews: [], evidence: []};
}

/**
 * Evidence rules read the newest live document of their type: not expired,
 * and within maxAgeDays of submission when the rule asks.
 */
function withEvidence(facts: EvaluationFacts, type: EvidenceType, maxAgeDays: number | undefined, now: Date,
  problem: (evidence: Evidence) => string | null, success: (evidence: Evidence) => string, short: (problem: string) => string): Verdict {
  const noun = EVIDENCE_NOUNS[type];
  const ofType = facts.evidence.filter((evidence) => evidence.type === type);
  const live = ofType
    .filter((evidence) => (evidence.expiresAt === null || Date.parse(evidence.expiresAt) > now.getTime()) && ageOk(evidence.submittedAt, maxAgeDays, now))
    .sort((a, b) => b.submittedAt.localeCompare(a.submittedAt) || b.id.localeCompare(a.id));
  const newest = live[0];
  if (!newest) {
    const reason = ofType.length > 0 ? `every ${type} document for this release has expired or is too old` : `no ${type} evidence was submitted for this release`;
    return {passed: false, reason, reviews: [], evidence: [], lacking: `${noun} evidence ${ofType.length > 0 ? 'out of date' : 'missing'}`};
  }
  const failure = problem(newest);
  if (failure === null) return {passed: true, reason: success(newest), reviews: [], evidence: [newest.id]};
  return {passed: false, reason: failure, reviews: [], evidence: [newest.id], lacking: short(failure)};
}
