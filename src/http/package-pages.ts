import {Router} from 'express';
import type {Services} from '../services.ts';
import {packagePage} from '../pages/package-page.ts';
import {packageLinkedData} from '../pages/package-linked-data.ts';
import {reviewerPage} from '../pages/reviewer-page.ts';
import {packageModel} from '../pages/models/package.ts';
import {reviewerModel} from '../pages/models/reviewer.ts';
import {handleParam, purlParam} from './params.ts';
import {pageErrorHandler, sendPage} from './html-response.ts';

/** A package's badges and reviews, and a reviewer's profile: public pages for people. */
export function packagePagesRouter(services: Services): Router {
  const router = Router();

  // A purl holds slashes (pkg:npm/%40scope/name), so the rest of the path is the purl.
  router.get('/packages/*purl', async (req, res) => {
    const model = await packageModel(services, purlParam(req));
    const url = services.urls.packagePage(model.purl);
    const jsonLd = packageLinkedData(model, url, services.urls.base);
    sendPage(res, 200, {title: model.name, description: `${model.name}: ${model.badges.length} badge(s) and ${model.reviews.length} review(s) on Hallmark.`, url, jsonLd}, packagePage(model));
  });

  router.get('/reviewers/:handle', async (req, res) => {
    const handle = handleParam(req);
    const model = await reviewerModel(services, handle);
    sendPage(res, 200, {title: model.name, description: model.standing ?? `${model.name} reviews software releases on Hallmark.`, url: services.urls.reviewerPage(handle)}, reviewerPage(model));
  });

  router.use(pageErrorHandler);
  return router;
}
