import {Router} from 'express';
import type {Services} from '../services.ts';
import {parsePurl} from '../purl.ts';
import {packagePage, type PackagePageModel} from '../pages/package-page.ts';
import {reviewerPage, type ReviewerPageModel} from '../pages/reviewer-page.ts';
import type {BadgeListing} from '../pages/listings.ts';
import {badgeListing, credentialListing, packagePath, reviewListing} from './listing-models.ts';
import {badgeLabel} from '../badges/badge-status.ts';
import {pathParam} from './params.ts';
import {pageErrorHandler, sendPage} from './html-response.ts';

/** A package's badges and reviews, and a reviewer's profile: public pages for people. */
export function packagePagesRouter(services: Services): Router {
  const router = Router();

  // A purl holds slashes (pkg:npm/%40scope/name), so the rest of the path is the purl.
  router.get('/packages/*purl', async (req, res) => {
    const model = await packageModel(services, pathParam(req, 'purl'));
    sendPage(res, 200, {title: model.name, description: `${model.name}: ${model.badges.length} badge(s) and ${model.reviews.length} review(s) on Hallmark.`, url: `${services.urls.base}${packagePath(model.purl)}`}, packagePage(model));
  });

  router.get('/reviewers/:handle', async (req, res) => {
    const model = await reviewerModel(services, pathParam(req, 'handle'));
    sendPage(res, 200, {title: model.name, description: model.standing ?? `${model.name} reviews software releases on Hallmark.`, url: `${services.urls.base}/reviewers/${encodeURIComponent(pathParam(req, 'handle'))}`}, reviewerPage(model));
  });

  router.use(pageErrorHandler);
  return router;
}

async function packageModel(services: Services, purlText: string): Promise<PackagePageModel> {
  const target = parsePurl(purlText);
  const [badges, reviews] = await Promise.all([services.policies.badges.forPackage(target.package), services.vetting.reviews.reviewsForPackage(null, target.package)]);
  const shown = badges.filter((badge) => badge.credentialId !== null && badge.state !== 'issuing' && (target.version === null || badge.purl === target.purl));
  const names = await accountNames(services, reviews.map((review) => review.reviewer));
  return {
    purl: target.purl,
    ecosystem: target.type,
    name: target.purl.replace(/^pkg:[^/]+\//, ''),
    badges: (await Promise.all(shown.map((badge) => badgeListing(services, badge, badge.community, badge.policy)))).filter((item): item is BadgeListing => item !== null),
    reviews: reviews.filter((review) => review.standing !== 'retracted').map((review) => reviewListing(review, names.get(review.reviewer) ?? review.reviewer)),
  };
}

async function reviewerModel(services: Services, handle: string): Promise<ReviewerPageModel> {
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
    links: [],
    standing: `${accepted.length} accepted review${accepted.length === 1 ? '' : 's'} in ${communities.size} communit${communities.size === 1 ? 'y' : 'ies'}`,
    reviews: reviews.filter((review) => review.standing !== 'retracted').map((review) => reviewListing(review, account.name)),
    credentials: credentials.filter((item): item is BadgeListing => item !== null),
  };
}

async function accountNames(services: Services, handles: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(handles)];
  const accounts = await Promise.all(unique.map((handle) => services.vetting.accounts.find(handle)));
  return new Map(unique.map((handle, index) => [handle, accounts[index]?.name ?? handle]));
}
