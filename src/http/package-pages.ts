import {Router} from 'express';
import type {Services} from '../services.ts';
import {packagePageFor, reviewerPageFor} from '../pages/public-pages.ts';
import {handleParam, purlParam, uuidParam} from './params.ts';
import {reviewPage} from '../pages/review-page.ts';
import {reviewModel} from '../pages/models/review.ts';
import {vettingForm} from '../pages/web/role-forms.ts';
import {resolveForms} from '../pages/web/steward-forms.ts';
import {formToken, viewerOf} from './web-auth.ts';
import {html} from '../pages/html.ts';
import {roleAtLeast} from '../vetting/model.ts';
import {pageErrorHandler, sendPage} from './html-response.ts';

/** A package's badges and reviews, and a reviewer's profile: public pages for people. */
export function packagePagesRouter(services: Services): Router {
  const router = Router();

  // A purl holds slashes (pkg:npm/%40scope/name), so the rest of the path is the purl.
  router.get('/packages/*purl', async (req, res) => {
    const page = await packagePageFor(services, purlParam(req));
    sendPage(res, 200, page.meta, page.body);
  });

  router.get('/reviewers/:handle', async (req, res) => {
    const page = await reviewerPageFor(services, handleParam(req));
    sendPage(res, 200, page.meta, page.body);
  });

  router.get('/reviews/:id', async (req, res) => {
    const model = await reviewModel(services, uuidParam(req));
    const viewer = viewerOf(res);
    // Signed-in people other than the reviewer get the vetting form; the service decides whether their vetting counts or is allowed.
    const open = model.standing !== 'retracted' && model.standing !== 'rejected';
    const form = viewer && open && viewer.handle !== model.reviewerHandle
      ? vettingForm(model.id, model.digest, formToken(res), (await services.vetting.roles.currentRole(model.communitySlug, viewer.handle)) === 'steward')
      : null;
    const role = viewer ? await services.vetting.roles.currentRole(model.communitySlug, viewer.handle) : null;
    const steward = viewer !== null && role === 'steward';
    // Another auditor may review the same release themselves (a request closes with the first review).
    const own = viewer && viewer.handle !== model.reviewerHandle && model.kind !== 'violation' && roleAtLeast(role, 'auditor')
      ? html`<p><a href="/communities/${model.communitySlug}/reviews/new?purl=${encodeURIComponent(model.purl)}">Review <code>${model.purl}</code> yourself</a></p>` : html``;
    const disputes = steward && open && viewer.handle !== model.reviewerHandle ? model.vettings.filter((vetting) => vetting.verdict === 'dispute' && vetting.resolved === null).map((vetting) => ({id: vetting.id, by: vetting.by.name})) : [];
    const settle = resolveForms(disputes, () => formToken(res));
    sendPage(res, 200, {title: `Review of ${model.purl}`, description: `${model.standing}: a ${model.kind} review of ${model.purl} by ${model.reviewer.name} for ${model.community.name}.`, url: `${services.urls.base}/reviews/${model.id}`}, html`${reviewPage(model)}${settle}${form}${own}`);
  });

  router.use(pageErrorHandler);
  return router;
}
