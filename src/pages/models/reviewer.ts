import type {Services} from '../../services.ts';
import {badgeLabel} from '../../badges/badge-status.ts';
import type {ReviewerPageModel} from '../reviewer-page.ts';
import type {BadgeListing} from '../listings.ts';
import {credentialListing, reviewListing} from './listings.ts';

export async function reviewerModel(services: Services, handle: string): Promise<ReviewerPageModel> {
  const account = await services.vetting.accounts.get(handle);
  const [reviews, roles, milestones] = await Promise.all([services.vetting.reviews.reviewsByReviewer(handle), services.vetting.roles.rolesOf(handle), services.milestones.credentialsOf(handle)]);
  const accepted = reviews.filter((review) => review.standing === 'accepted');
  const communities = new Set(accepted.map((review) => review.community));
  const credentials = await Promise.all([
    ...milestones.map((award) => credentialListing(services, award.credentialId, {title: badgeLabel(award.verifiableCredential), subject: `${award.milestone} milestone`, community: award.community, issuedAt: award.awardedAt})),
    ...accepted.map((review) => credentialListing(services, review.credentialId, {title: `Review of ${review.purl}`, subject: review.purl, community: review.community, issuedAt: review.acceptedAt ?? review.createdAt})),
  ]);
  return {
    name: account.name,
    bio: roles.length > 0 ? roles.map(({community, role}) => `${role} of ${community}`).join(', ') : null,
    standing: `${accepted.length} accepted review${accepted.length === 1 ? '' : 's'} in ${communities.size} communit${communities.size === 1 ? 'y' : 'ies'}`,
    reviews: reviews.filter((review) => review.standing !== 'retracted').map((review) => reviewListing(services.urls, review, account.name)),
    credentials: credentials.filter((item): item is BadgeListing => item !== null),
  };
}
