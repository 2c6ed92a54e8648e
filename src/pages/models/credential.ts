import type {Services} from '../../services.ts';
import type {VerificationReport} from '../../credentials/report.ts';
import {UUID_PATTERN} from '../../credentials/instance-urls.ts';
import {credentialView, type CredentialView} from '../credential-view.ts';
import {localPath, packagePath, reviewerPath} from './listings.ts';

/**
 * A credential as a page shows it, with what only this instance knows: its
 * community, package, reviewer and evidence as links to our pages, and why a
 * credential of ours is revoked or suspended.
 */
export async function credentialPageView(services: Services, credential: Record<string, unknown>, report: VerificationReport): Promise<CredentialView> {
  const {urls} = services;
  const view = credentialView(credential, report);
  const issuer = view.issuer.id ? await services.issuers.findByDid(view.issuer.id) : null;
  const community = issuer ? await services.vetting.communities.find(issuer.id) : null;
  const subject = view.subject.kind === 'package'
    ? {...view.subject, path: packagePath(urls, view.subject.purl)}
    : {...view.subject, path: await reviewerOf(services, view.subject.id)};
  return {
    ...view,
    issuer: {...view.issuer, path: community ? localPath(urls.communityPage(community.slug)) : null},
    subject,
    evidence: view.evidence.map((item) => ({...item, path: evidencePath(services, item.id)})),
    statusReason: view.status === 'revoked' || view.status === 'suspended' ? await statusReason(services, view.credentialId) : null,
  };
}

async function reviewerOf(services: Services, id: string | null): Promise<string | null> {
  if (id === null) return null;
  const handle = services.urls.reviewerHandleOfPage(id) ?? (await services.vetting.accounts.findByDid(id))?.handle ?? null;
  return handle === null ? null : reviewerPath(services.urls, handle);
}

function evidencePath(services: Services, id: string | null): string | null {
  if (id === null) return null;
  const uuid = services.urls.credentialUuid(id);
  if (uuid !== null) return localPath(services.urls.credentialPage(uuid));
  const review = id.startsWith(`${services.urls.base}/api/v1/reviews/`) ? id.slice(`${services.urls.base}/api/v1/reviews/`.length) : null;
  return review !== null && UUID_PATTERN.test(review) ? `/reviews/${review}` : null;
}

/** Why one of our credentials is revoked or suspended, from the record that decided it, and where to read more. */
async function statusReason(services: Services, credentialId: string | null): Promise<CredentialView['statusReason']> {
  if (credentialId === null || services.urls.credentialUuid(credentialId) === null) return null;
  const badge = await services.policies.badges.byCredential(credentialId);
  if (badge) {
    const policy = localPath(services.urls.policyVersion(badge.community, badge.policy, badge.policyVersion));
    if (badge.state === 'revoked-by-violation') {
      const report = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/.exec(badge.reason)?.[0];
      return {text: 'Revoked for good: a violation report the community accepted covers this release.', path: report ? `/reviews/${report}` : packagePath(services.urls, badge.package), label: 'Read the violation report'};
    }
    return {text: `Suspended because the release no longer meets the policy: ${badge.reason}. It is reinstated by itself once every rule passes again.`, path: policy, label: 'See the policy and its rules'};
  }
  const review = await services.vetting.reviews.byCredential(credentialId);
  if (review) {
    const path = `/reviews/${review.id}`;
    if (review.standing === 'retracted') return {text: 'Revoked for good: the reviewer retracted this review.', path, label: 'See the review'};
    if (review.standing === 'rejected') return {text: 'Revoked for good: a steward of the community rejected this review.', path, label: 'See the review and its vettings'};
    const why = await services.vetting.vettings.standingReason(review);
    const dispute = (await services.vetting.vettings.forReview(review.id)).find((vetting) => vetting.verdict === 'dispute' && vetting.resolved === undefined);
    return {text: `Suspended: the review is ${review.standing}, ${why}.`, path: dispute ? `${path}#vetting-${dispute.id}` : path, label: dispute ? 'Read the dispute' : 'See the review'};
  }
  const award = await services.milestones.byCredential(credentialId);
  if (award) {
    return {text: `Suspended: ${award.handle} no longer has the accepted reviews or the role that earned this milestone; it is reinstated by itself when they do again.`, path: reviewerPath(services.urls, award.handle), label: 'See the reviewer'};
  }
  return null;
}
