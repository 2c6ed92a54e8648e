import type {Services} from '../../services.ts';
import type {PolicyVersion} from '../../vetting/policies/policies.ts';
import type {PolicyPageModel} from '../policy-page.ts';
import {localPath} from './listings.ts';

export async function policyModel(services: Services, community: string, name: string, version: number): Promise<PolicyPageModel> {
  const [policy, found] = await Promise.all([services.policies.policies.get(community, name, version), services.vetting.communities.get(community)]);
  const path = policyPath(services, policy);
  return {
    title: policy.document.title ?? policy.name,
    description: policy.document.description ?? null,
    community: {name: found.name, path: localPath(services.urls.communityPage(found.slug))},
    version: policy.version,
    digest: policy.digest,
    publishedAt: policy.publishedAt,
    criteria: criteriaNarrative(policy.achievement),
    jsonPath: `${path}?format=json`,
  };
}

/** The Achievement's id, as a path: JSON for verifiers, this page for people. */
export function policyPath(services: Services, policy: Pick<PolicyVersion, 'community' | 'name' | 'version'>): string {
  return localPath(services.urls.policyVersion(policy.community, policy.name, policy.version));
}

/** The signed Achievement's own words, so pages say exactly what a badge asserts. */
export function criteriaNarrative(achievement: Record<string, unknown>): string {
  const criteria = achievement.criteria;
  const narrative = typeof criteria === 'object' && criteria !== null ? (criteria as {narrative?: unknown}).narrative : undefined;
  return typeof narrative === 'string' ? narrative : '';
}
