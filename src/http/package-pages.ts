import {Router} from 'express';
import type {Services} from '../services.ts';
import {packagePage} from '../pages/package-page.ts';
import {reviewerPage} from '../pages/reviewer-page.ts';
import {packageModel} from '../pages/models/package.ts';
import {reviewerModel} from '../pages/models/reviewer.ts';
import {handleParam, purlParam, uuidParam} from './params.ts';
import {reviewPage} from '../pages/review-page.ts';
import {reviewModel} from '../pages/models/review.ts';
import {vettingForm} from '../pages/web/role-forms.ts';
import {resolveForms} from '../pages/web/steward-forms.ts';
import {formToken, viewerOf} from './web-auth.ts';
import {html} from '../pages/html.ts';
import {pageErrorHandler, sendPage} from './html-response.ts';

/** A package's badges and reviews, and a reviewer's profile: public pages for people. */
export function packagePagesRouter(services: Services): Router {
  const router = Router();

  // A purl holds slashes (pkg:npm/%40scope/name), so the rest of the path is the purl.
  router.get('/packages/*purl', async (req, res) => {
    const model = await packageModel(services, purlParam(req));
    sendPage(res, 200, {title: model.name, description: `${model.name}: ${model.badges.length} badge(s) and ${model.reviews.length} review(s) on Hallmark.`, url: services.urls.packagePage(model.purl)}, packagePage(model));
  });

  router.get('/reviewers/:handle', async (req, res) => {
    const handle = handleParam(req);
    const model = await reviewerModel(services, handle);
    sendPage(res, 200, {title: model.name, description: model.standing ?? `${model.name} reviews software releases on Hallmark.`, url: services.urls.reviewerPage(handle)}, reviewerPage(model));
  });

  router.get('/reviews/:id', async (req, res) => {
    const model = await reviewModel(services, uuidParam(req));
    const viewer = viewerOf(res);
    // Signed-in people other than the reviewer get the vetting form; the service decides whether their vetting counts or is allowed.
    const open = model.standing !== 'retracted' && model.standing !== 'rejected';
    const form = viewer && open && viewer.handle !== model.reviewerHandle
      ? vettingForm(model.id, model.digest, formToken(res), (await services.vetting.roles.currentRole(model.communitySlug, viewer.handle)) === 'steward')
      : null;
    const steward = viewer !== null && (await services.vetting.roles.currentRole(model.communitySlug, viewer.handle)) === 'steward';
    const disputes = steward && open && viewer.handle !== model.reviewerHandle ? model.vettings.filter((vetting) => vetting.verdict === 'dispute' && vetting.resolved === null).map((vetting) => ({id: vetting.id, by: vetting.by.name})) : [];
    const settle = resolveForms(disputes, () => formToken(res));
    sendPage(res, 200, {title: `Review of ${model.purl}`, description: `${model.standing}: a ${model.kind} review of ${model.purl} by ${model.reviewer.name} for ${model.community.name}.`, url: `${services.urls.base}/reviews/${model.id}`}, html`${reviewPage(model)}${settle}${form}`);
  });

  router.use(pageErrorHandler);
  return router;
}
