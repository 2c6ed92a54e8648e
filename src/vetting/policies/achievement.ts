import type {PolicyDocument, PolicyRule} from './document.ts';
import {admittedOrigins, type OriginSpec} from '../model.ts';
import {officialAchievementProblems} from '../../credentials/schemas.ts';

const ROLE_WORDS: Record<string, string> = {member: 'members', auditor: 'auditors', 'senior-auditor': 'senior auditors', steward: 'stewards'};

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/**
 * One plain-English sentence per rule, so a badge explains itself without the
 * policy at hand. Published versions keep the words they were signed with;
 * these are the words of versions published from now on.
 */
export function ruleSentence(rule: PolicyRule): string {
  switch (rule.kind) {
    case 'reviews': {
      const who = rule.min === 1 ? 'At least one accepted review'
        : rule.distinctReviewers ? `Accepted reviews by at least ${plural(rule.min, 'different reviewer')}` : `At least ${rule.min} accepted reviews`;
      const orgs = rule.distinctOrganisations > 1 ? `, from at least ${rule.distinctOrganisations} different organisations,` : '';
      const age = rule.maxAgeDays === undefined ? '' : `, and each review must have been accepted within the last ${days(rule.maxAgeDays)}`;
      const admitted = rule.origin === undefined ? null : admittedOrigins(rule.origin);
      const counted = rule.origin === undefined ? '' : `; ${originWords(rule.origin, 'reviews')} count`;
      // cargo-vet audits count on the word of the steward who imported them: the role rule is not theirs.
      const role = admitted?.has('cargo-vet') ? (admitted.size === 1 ? '' : ` (cargo-vet audits excepted)`) : '';
      const reviewers = admitted?.has('cargo-vet') && admitted.size === 1 ? '' : `; reviewers must be ${ROLE_WORDS[rule.minRole]} of the community or above${role}`;
      return `${who}${orgs} found the release ${rule.criterion}${counted}${reviewers}${age}.`;
    }
    case 'no-violations':
      return `No accepted or pending violation report covers the release${rule.origin === undefined ? '' : `, counting ${originWords(rule.origin, 'reports')}`}.`;
    case 'scorecard': {
      const what = rule.check === 'aggregate' ? 'overall OpenSSF Scorecard score' : `OpenSSF Scorecard "${rule.check}" check`;
      return `The release's ${what} is at least ${rule.min} out of 10${within(rule.maxAgeDays, 'measured')}.`;
    }
    case 'license':
      return `The release's SPDX licence expression can be satisfied using only ${rule.allow.length === 1 ? rule.allow[0] : `these licences: ${rule.allow.join(', ')}`}${within(rule.maxAgeDays, 'declared')}.`;
    case 'provenance':
      return `An in-toto provenance statement names the release's SHA-256 digest as its subject${within(rule.maxAgeDays, 'submitted')}.`;
  }
}

/** ", measured within the last 30 days" (empty when the rule sets no age). */
function within(count: number | undefined, participle: string): string {
  return count === undefined ? '' : `, ${participle} within the last ${days(count)}`;
}

/** "the last day", "the last 30 days". */
function days(count: number): string {
  return count === 1 ? 'day' : plural(count, 'day');
}

const ORIGIN_WORDS = {local: 'made in this community', imported: 'imported from peer communities'} as const;

/** Which reviews (or reports) a rule's `origin` admits, in words: "only reviews made in this community". */
function originWords(spec: OriginSpec, noun: 'reviews' | 'reports'): string {
  const admitted = admittedOrigins(spec);
  const parts = [
    ...(['local', 'imported'] as const).filter((origin) => admitted.has(origin)).map((origin) => `${noun} ${ORIGIN_WORDS[origin]}`),
    ...(admitted.has('cargo-vet') ? [noun === 'reviews' ? 'audits imported from cargo-vet files' : 'violations imported from cargo-vet files'] : []),
  ];
  const list = parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
  return admitted.has('local') && admitted.has('imported') && admitted.size === 2 ? list : `only ${list}`;
}

export function narrative(document: PolicyDocument): string {
  return [`A release earns this badge when all of the following hold:`, ...document.rules.map((rule) => `- ${ruleSentence(rule)}`)].join('\n');
}

export interface AchievementContext {
  /** The stable id of this policy version. */
  id: string;
  version: number;
  digest: string;
  communityName: string;
}

/** The OB 3.0 Achievement a published policy version stands for; throws if it would not be valid OB 3.0. */
export function policyAchievement(document: PolicyDocument, context: AchievementContext): Record<string, unknown> {
  const achievement = {
    id: context.id,
    type: ['Achievement'],
    name: document.title ?? `${document.name} (${document.criteria})`,
    description: document.description ?? `${context.communityName} vouches that this package release is ${document.criteria}.`,
    criteria: {id: context.id, narrative: narrative(document)},
    version: String(context.version),
    tag: [document.criteria],
  };
  const problems = officialAchievementProblems(achievement);
  if (problems.length > 0) throw new Error(`policy achievement is not valid OB 3.0: ${JSON.stringify(problems)}`);
  return achievement;
}
