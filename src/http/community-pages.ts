import {Router} from 'express';
import type {Services} from '../services.ts';
import {communityPage, type CommunityPageModel} from '../pages/community-page.ts';
import {badgeListing, reviewerPath} from './listing-models.ts';
import {slugParam} from './params.ts';
import {pageErrorHandler, sendPage} from './html-response.ts';

const LATEST_BADGES = 20;

/** Public pages of the vetting world, for people; the JSON lives under /api/v1. */
export function communityPagesRouter(services: Services): Router {
  const router = Router();

  router.get('/communities/:slug', async (req, res) => {
    const model = await communityModel(services, slugParam(req));
    const url = `${services.urls.base}/communities/${encodeURIComponent(slugParam(req))}`;
    sendPage(res, 200, {title: model.name, description: model.description ?? `${model.name}: a Hallmark community that vets software releases.`, url}, communityPage(model));
  });

  router.use(pageErrorHandler);
  return router;
}

async function communityModel(services: Services, slug: string): Promise<CommunityPageModel> {
  const {vetting, policies} = services;
  const community = await vetting.communities.get(slug);
  const [published, auditors, badges] = await Promise.all([policies.policies.list(slug), vetting.roles.holders(slug, 'auditor'), policies.badges.forCommunity(slug)]);
  const titles = new Map(published.map((policy) => [policy.name, policy.document.title ?? policy.name]));
  const accounts = await Promise.all(auditors.map(async ({handle, role}) => ({handle, role, account: await vetting.accounts.find(handle)})));
  const latest = badges
    .filter((badge) => badge.credentialId !== null && badge.state !== 'issuing')
    .sort((a, b) => (b.issuedAt ?? '').localeCompare(a.issuedAt ?? ''))
    .slice(0, LATEST_BADGES);
  return {
    name: community.name,
    description: community.description || null,
    homepage: community.guidance.url ?? null,
    policies: published.map((policy) => ({
      name: policy.document.title ?? policy.name,
      description: policy.document.description ?? null,
      criteria: criteriaNarrative(policy.achievement),
      path: `/communities/${encodeURIComponent(slug)}/policies/${encodeURIComponent(policy.name)}/versions/${policy.version}`,
    })),
    auditors: accounts.map(({handle, role, account}) => ({name: `${account?.name ?? handle} (${role})`, path: reviewerPath(handle)})),
    endorsements: [],
    latestBadges: (await Promise.all(latest.map((badge) => badgeListing(services, badge, community.name, titles.get(badge.policy) ?? badge.policy)))).filter((item) => item !== null),
  };
}

/** The signed Achievement's own words, so the page says exactly what the badge asserts. */
function criteriaNarrative(achievement: Record<string, unknown>): string {
  const criteria = achievement.criteria;
  const narrative = typeof criteria === 'object' && criteria !== null ? (criteria as {narrative?: unknown}).narrative : undefined;
  return typeof narrative === 'string' ? narrative : '';
}
