import type {Services} from '../../services.ts';
import {badgeLabel} from '../../badges/badge-status.ts';
import type {CredentialActions, ReviewerPageModel} from '../reviewer-page.ts';
import type {BadgeListing} from '../listings.ts';
import {linkedInAddUrl} from '../linkedin.ts';
import {credentialListing, localPath, reviewListing, verifiedEndorsementsOf} from './listings.ts';

const SHOWN_ENDORSEMENTS = 10;

export async function reviewerModel(services: Services, handle: string): Promise<ReviewerPageModel> {
  const {urls} = services;
  const account = await services.vetting.accounts.get(handle);
  const [reviews, roles, milestones] = await Promise.all([services.vetting.reviews.reviewsByReviewer(handle), services.vetting.roles.rolesOf(handle), services.milestones.credentialsOf(handle)]);
  const accepted = reviews.filter((review) => review.standing === 'accepted');
  const communities = new Set(accepted.map((review) => review.community));
  const communityNames = new Map<string, string>();
  for (const slug of new Set([...milestones.map((award) => award.community), ...accepted.map((review) => review.community)])) {
    communityNames.set(slug, (await services.vetting.communities.find(slug))?.name ?? slug);
  }
  const listed = await Promise.all([
    ...milestones.map((award) => withActions(services, award.credentialId, {title: badgeLabel(award.verifiableCredential), subject: `${award.milestone} milestone`, community: communityNames.get(award.community) ?? award.community, issuedAt: award.awardedAt})),
    ...accepted.map((review) => withActions(services, review.credentialId, {title: `Review of ${review.purl}`, subject: review.purl, community: communityNames.get(review.community) ?? review.community, issuedAt: review.acceptedAt ?? review.createdAt})),
  ]);
  // An endorsement of the reviewer names their page or their did:key: both are the reviewer.
  const names = [urls.reviewerPage(handle), ...(account.did ? [account.did] : [])];
  return {
    name: account.name,
    bio: roles.length > 0 ? roles.map(({community, role}) => `${role} of ${community}`).join(', ') : null,
    standing: `${accepted.length} accepted review${accepted.length === 1 ? '' : 's'} in ${communities.size} communit${communities.size === 1 ? 'y' : 'ies'}`,
    endorsements: await verifiedEndorsementsOf(services, names, SHOWN_ENDORSEMENTS),
    reviews: reviews.filter((review) => review.standing !== 'retracted').map((review) => reviewListing(urls, review, account.name)),
    credentials: listed.filter((item): item is BadgeListing & {actions: CredentialActions} => item !== null),
  };
}

/** A reviewer's credential with what its holder does with it: download it baked, link to it, put it on LinkedIn. */
async function withActions(services: Services, credentialId: string | null, shown: Pick<BadgeListing, 'title' | 'subject' | 'community' | 'issuedAt'>): Promise<(BadgeListing & {actions: CredentialActions}) | null> {
  const listing = await credentialListing(services, credentialId, shown);
  const uuid = services.urls.credentialUuid(credentialId ?? '');
  if (!listing || !uuid || credentialId === null) return null;
  const verificationUrl = services.urls.credentialPage(uuid);
  return {
    ...listing,
    actions: {
      bakedPng: localPath(services.urls.bakedPng(uuid)),
      bakedSvg: localPath(services.urls.bakedSvg(uuid)),
      verificationUrl,
      linkedIn: linkedInAddUrl({name: shown.title, organizationName: shown.community ?? 'Hallmark', issuedAt: shown.issuedAt, expiresAt: null, url: verificationUrl, id: credentialId}),
    },
  };
}
