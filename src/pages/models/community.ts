import type {Services} from '../../services.ts';
import type {CommunityPageModel} from '../community-page.ts';
import {badgeListing, reviewerPath, verifiedEndorsementsOf} from './listings.ts';
import {criteriaNarrative, policyPath} from './policy.ts';

const LATEST_BADGES = 20;
/** Each shown endorsement is verified on the way to the page; keep that bounded. */
const SHOWN_ENDORSEMENTS = 10;

export async function communityModel(services: Services, slug: string): Promise<CommunityPageModel> {
  const {vetting, policies} = services;
  const community = await vetting.communities.get(slug);
  const [published, auditors, badges, endorsements] = await Promise.all([
    policies.policies.list(slug),
    vetting.roles.holders(slug, 'auditor'),
    policies.badges.forCommunity(slug),
    verifiedEndorsements(services, slug),
  ]);
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
      path: policyPath(services, policy),
    })),
    auditors: accounts.map(({handle, role, account}) => ({name: `${account?.name ?? handle} (${role})`, path: reviewerPath(services.urls, handle)})),
    endorsements,
    latestBadges: (await Promise.all(latest.map((badge) => badgeListing(services, badge, community.name, titles.get(badge.policy) ?? badge.policy)))).filter((item) => item !== null),
  };
}

/** Endorsements of the community's issuer (by its DID) that verify now; others are not shown. */
async function verifiedEndorsements(services: Services, slug: string): Promise<CommunityPageModel['endorsements']> {
  const issuer = await services.issuers.get(slug);
  return verifiedEndorsementsOf(services, [issuer.did], SHOWN_ENDORSEMENTS);
}
