import {displayName, parsePurl} from '../purl.ts';
import type {InstanceUrls} from '../credentials/instance-urls.ts';
import type {CommunityService} from '../vetting/communities.ts';
import type {EvaluationService, PolicyProgress} from '../vetting/evaluations.ts';
import type {ReviewRequest, ReviewRequestService} from '../vetting/review-requests.ts';
import type {BadgeState} from './badge-status.ts';
import {embedSnippets, type EmbedSnippets} from './embed.ts';
import type {PackageBadgeImages} from './package-badge-images.ts';

/**
 * A package under one community, for its maintainer: the release its README
 * badge speaks for, that release's badge and live status, what each policy
 * still lacks, and the open review requests. The badge's embed snippet links
 * to packageBadgePage(), which shows the same current credential.
 */
export interface PackageStanding {
  community: {slug: string; name: string};
  package: string;
  /** The release judged: the purl's own version, else the latest evaluated one; null when there is none yet. */
  release: string | null;
  badge: {credentialId: string; state: BadgeState; policy: string; policyVersion: number; reason: string; credentialPage: string} | null;
  policies: PolicyProgress[];
  requests: ReviewRequest[];
  imageUrl: string;
  pageUrl: string;
}

export interface PackageStandingDeps {
  communities: Pick<CommunityService, 'get'>;
  packageBadgeImages: Pick<PackageBadgeImages, 'latest'>;
  evaluations: Pick<EvaluationService, 'progress'>;
  requests: Pick<ReviewRequestService, 'forPackage'>;
  urls: InstanceUrls;
}

export async function packageStanding(deps: PackageStandingDeps, slug: string, purlText: string): Promise<PackageStanding> {
  const community = await deps.communities.get(slug);
  const target = parsePurl(purlText);
  const {release: latest, current} = await deps.packageBadgeImages.latest(community.slug, target);
  const release = target.version !== null ? target.purl : latest;
  const ownsRelease = current !== null && current.badge.purl === release;
  const [policies, requests] = await Promise.all([
    release === null ? Promise.resolve([]) : deps.evaluations.progress(community.slug, release),
    deps.requests.forPackage(target.package),
  ]);
  return {
    community: {slug: community.slug, name: community.name},
    package: target.package,
    release,
    badge: ownsRelease && current ? {
      credentialId: current.credentialId, state: current.status.state, policy: current.badge.policy, policyVersion: current.badge.policyVersion,
      reason: current.badge.reason, credentialPage: deps.urls.credentialPage(deps.urls.credentialUuid(current.credentialId) ?? current.credentialId),
    } : null,
    policies,
    requests: requests.filter((request) => request.community === community.slug && request.state === 'open' && (release === null || request.purl === release)),
    imageUrl: deps.urls.packageBadgeImage(community.slug, target.package),
    pageUrl: deps.urls.packageBadgePage(community.slug, target.package),
  };
}

/** The README snippets of a package's badge under a community: the live image, linked to the page of its current credential. */
export async function packageEmbed(deps: {communities: Pick<CommunityService, 'get' | 'assertEcosystem'>; urls: InstanceUrls}, slug: string, purlText: string): Promise<EmbedSnippets> {
  const community = await deps.communities.get(slug);
  const target = parsePurl(purlText);
  deps.communities.assertEcosystem(community, target.type);
  return embedSnippets(deps.urls.packageBadgeImage(community.slug, target.package), deps.urls.packageBadgePage(community.slug, target.package), `${community.name}: ${displayName(target.package)}`);
}
