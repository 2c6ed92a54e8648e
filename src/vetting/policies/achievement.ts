import type {PolicyDocument, PolicyRule} from './document.ts';
import {officialAchievementProblems} from '../../credentials/schemas.ts';

const ROLE_WORDS: Record<string, string> = {member: 'members', auditor: 'auditors', 'senior-auditor': 'senior auditors', steward: 'stewards'};

function within(days: number | undefined, what: string): string {
  return days === undefined ? '' : ` ${what} within the last ${days} day${days === 1 ? '' : 's'}`;
}

/** One plain-English sentence per rule, so a badge explains itself without the policy at hand. */
export function ruleSentence(rule: PolicyRule): string {
  switch (rule.kind) {
    case 'reviews': {
      const who = rule.distinctReviewers ? `${rule.min} different reviewer${rule.min === 1 ? '' : 's'}` : `${rule.min} review${rule.min === 1 ? '' : 's'}`;
      const orgs = rule.distinctOrganisations > 1 ? `, from at least ${rule.distinctOrganisations} different organisations,` : '';
      return `At least ${rule.min === 1 ? 'one accepted review' : `accepted reviews by ${who}`}${orgs} found the release ${rule.criterion}; reviewers must be community ${ROLE_WORDS[rule.minRole]} or above${within(rule.maxAgeDays, ', with the reviews accepted')}.`;
    }
    case 'no-violations':
      return 'No accepted or pending violation report covers the release.';
    case 'scorecard':
      return `Its OpenSSF Scorecard ${rule.check === 'aggregate' ? 'overall score' : `"${rule.check}" check`} is at least ${rule.min} out of 10${within(rule.maxAgeDays, ', measured')}.`;
    case 'license':
      return `Its SPDX license expression can be satisfied using only ${rule.allow.join(', ')}${within(rule.maxAgeDays, ', as declared')}.`;
    case 'provenance':
      return `An in-toto provenance statement names the release's SHA-256 digest as its subject${within(rule.maxAgeDays, ', submitted')}.`;
  }
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
