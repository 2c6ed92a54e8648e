import type {InstanceUrls} from '../../credentials/instance-urls.ts';
import type {Services} from '../../services.ts';
import type {PackageBadge} from '../../vetting/package-badges.ts';
import type {Review} from '../../vetting/model.ts';
import type {BadgeListing, ReviewListing} from '../listings.ts';

/** The path of one of our absolute URLs: in-page links stay on whatever origin the reader is on. */
export function localPath(url: string): string {
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
}

export function reviewerPath(urls: InstanceUrls, handle: string): string {
  return localPath(urls.reviewerPage(handle));
}

export function packagePath(urls: InstanceUrls, purl: string): string {
  return localPath(urls.packagePage(purl));
}

/** One of our credentials in a listing, with the same live status as its SVG; null when the id is not ours. */
export async function credentialListing(services: Services, credentialId: string | null, shown: Pick<BadgeListing, 'title' | 'subject' | 'community' | 'issuedAt'>): Promise<BadgeListing | null> {
  const uuid = services.urls.credentialUuid(credentialId ?? '');
  if (!uuid) return null;
  const live = await services.badges.status(uuid);
  return {...shown, status: live.state, credentialPath: localPath(services.urls.credentialPage(uuid)), badgePath: localPath(services.urls.badgeImage(uuid))};
}

export async function badgeListing(services: Services, badge: PackageBadge, community: string | null, title: string): Promise<BadgeListing | null> {
  const listed = await credentialListing(services, badge.credentialId, {title, subject: badge.purl, community, issuedAt: badge.issuedAt});
  // A violation pins the suspension for good: for a reader that is a revocation.
  return listed && badge.state === 'revoked-by-violation' ? {...listed, status: 'revoked'} : listed;
}

/** Names of accounts by handle, for listings; an unknown handle shows as itself. */
export async function accountNames(services: Services, handles: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(handles)];
  const accounts = await Promise.all(unique.map((handle) => services.vetting.accounts.find(handle)));
  return new Map(unique.map((handle, index) => [handle, accounts[index]?.name ?? handle]));
}

export function reviewListing(urls: InstanceUrls, review: Review, reviewerName: string): ReviewListing {
  return {
    reviewer: reviewerName,
    reviewerPath: reviewerPath(urls, review.reviewer),
    subject: review.kind === 'violation' && review.range ? `${review.purl} (${review.range})` : review.purl,
    subjectPath: packagePath(urls, review.package),
    community: review.community,
    verdict: `${review.kind} review, ${review.rating}, ${review.standing}`,
    reviewPath: `/reviews/${review.id}`,
    summary: review.notes || null,
    date: review.createdAt,
  };
}

/** Endorsements of any of `ids` that verify now, endorser and comment; others are not shown. */
export async function verifiedEndorsementsOf(services: Services, ids: string[], limit: number): Promise<Array<{endorser: string; comment: string | null}>> {
  const credentials = await services.endorsements.endorsementsAbout(ids, limit);
  const reports = await Promise.all(credentials.map((credential) => services.verify(credential)));
  return reports
    .filter((report) => report.verified && report.credential !== null)
    .map((report) => ({endorser: report.credential?.issuer.name ?? report.credential?.issuer.id ?? 'an unnamed endorser', comment: endorsementComment(report.credential?.subject)}));
}

function endorsementComment(subject: unknown): string | null {
  const comment = typeof subject === 'object' && subject !== null ? (subject as {endorsementComment?: unknown}).endorsementComment : undefined;
  return typeof comment === 'string' && comment.length > 0 ? comment : null;
}
