import type {Services} from '../services.ts';
import type {PackageBadge} from '../vetting/package-badges.ts';
import type {Review} from '../vetting/model.ts';
import type {BadgeListing, ReviewListing} from '../pages/listings.ts';

export function reviewerPath(handle: string): string {
  return `/reviewers/${encodeURIComponent(handle)}`;
}

/** A purl's own characters are path-safe except '?' and '#', which purls encode anyway. */
export function packagePath(purl: string): string {
  return `/packages/${purl.replace(/[?#\s]/g, encodeURIComponent)}`;
}

/** A package badge as listings show it, with the same live status as its SVG; null when it has no credential of ours. */
export async function badgeListing(services: Services, badge: PackageBadge, community: string | null, title: string): Promise<BadgeListing | null> {
  const uuid = services.urls.credentialUuid(badge.credentialId ?? '');
  if (!uuid) return null;
  const live = await services.badges.status(uuid);
  // A violation pins the suspension for good: for a reader that is a revocation.
  const status = badge.state === 'revoked-by-violation' ? 'revoked' : live.state;
  return {title, subject: badge.purl, community, status, issuedAt: badge.issuedAt, credentialPath: new URL(services.urls.credentialPage(uuid)).pathname, badgePath: new URL(services.urls.badgeImage(uuid)).pathname};
}

export function reviewListing(review: Review, reviewerName: string): ReviewListing {
  return {
    reviewer: reviewerName,
    reviewerPath: reviewerPath(review.reviewer),
    subject: review.kind === 'violation' && review.range ? `${review.purl} (${review.range})` : review.purl,
    subjectPath: packagePath(review.package),
    community: review.community,
    verdict: `${review.kind} review, ${review.rating}, ${review.standing}`,
    summary: review.notes || null,
    date: review.createdAt,
  };
}
