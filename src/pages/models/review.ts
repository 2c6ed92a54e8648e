import type {Services} from '../../services.ts';
import {REVIEW_SCALES} from '../../vetting/review-scales.ts';
import type {ReviewPageModel} from '../review-page.ts';
import {accountNames, localPath, packagePath, reviewerPath} from './listings.ts';

export async function reviewModel(services: Services, id: string): Promise<ReviewPageModel> {
  const {vetting, urls} = services;
  const review = await vetting.reviews.get(id);
  const [vettings, community, standingReason] = await Promise.all([vetting.vettings.forReview(review.id), vetting.communities.get(review.community), vetting.vettings.standingReason(review)]);
  const names = await accountNames(services, [review.reviewer, ...vettings.map((entry) => entry.by)]);
  const uuid = review.credentialId ? urls.credentialUuid(review.credentialId) : null;
  return {
    id: review.id,
    reviewerHandle: review.reviewer,
    communitySlug: review.community,
    purl: review.purl,
    packagePath: packagePath(urls, review.purl),
    kind: review.kind,
    range: review.range ?? null,
    from: review.from ?? null,
    reviewer: {name: names.get(review.reviewer) ?? review.reviewer, path: reviewerPath(urls, review.reviewer)},
    community: {name: community.name, path: localPath(urls.communityPage(community.slug))},
    criteria: review.criteria,
    scales: REVIEW_SCALES.map((scale) => ({label: scale.label, value: review[scale.field], meaning: scale.values.find((entry) => entry.value === review[scale.field])?.meaning ?? ''})),
    findings: review.findings,
    notes: review.notes,
    standing: review.standing,
    standingReason,
    createdAt: review.createdAt,
    credentialPath: uuid ? localPath(urls.credentialPage(uuid)) : null,
    digest: review.digest,
    vettings: vettings.map((entry) => ({
      id: entry.id, by: {name: names.get(entry.by) ?? entry.by, path: reviewerPath(urls, entry.by)}, verdict: entry.verdict, comment: entry.comment, at: entry.at,
      resolved: entry.resolved ? `dispute ${entry.resolved.outcome} by ${entry.resolved.by}` : null,
    })),
  };
}
