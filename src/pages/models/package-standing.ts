import type {Services} from '../../services.ts';
import {displayName} from '../../purl.ts';
import {packageEmbed, packageStanding, type PackageStanding} from '../../badges/package-standing.ts';
import {credentialPageView} from './credential.ts';
import type {PackageStandingPageModel} from '../package-standing-page.ts';
import {localPath, packagePath, reviewerPath} from './listings.ts';

export function standingDeps(services: Services) {
  return {
    communities: services.vetting.communities,
    packageBadgeImages: services.packageBadgeImages,
    evaluations: services.policies.evaluations,
    requests: services.vetting.requests,
    urls: services.urls,
  };
}

export async function packageStandingModel(services: Services, slug: string, purl: string): Promise<{standing: PackageStanding; model: PackageStandingPageModel}> {
  const deps = standingDeps(services);
  const standing = await packageStanding(deps, slug, purl);
  const embed = await packageEmbed(deps, slug, purl);
  let credential: PackageStandingPageModel['credential'] = null;
  if (standing.badge) {
    const record = await services.records.get(standing.badge.credentialId);
    const report = await services.verify(record.credential);
    credential = {view: await credentialPageView(services, record.credential, report), path: localPath(services.urls.credentialPage(record.id)), badgePath: localPath(services.urls.badgeImage(record.id))};
  }
  return {
    standing,
    model: {
      packageName: displayName(standing.package),
      packagePath: packagePath(services.urls, standing.package),
      community: {name: standing.community.name, path: localPath(services.urls.communityPage(standing.community.slug))},
      release: standing.release,
      credential,
      policies: standing.policies.map((policy) => ({name: policy.policy, title: policy.title, path: localPath(policy.achievementId), passed: policy.passed, lacking: policy.lacking})),
      requests: standing.requests.map((request) => ({requester: request.requester, requesterPath: reviewerPath(services.urls, request.requester), createdAt: request.createdAt, note: request.note})),
      embed,
    },
  };
}
