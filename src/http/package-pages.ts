import {Router} from 'express';
import type {Services} from '../services.ts';
import {packagePageFor, reviewerPageFor} from '../pages/public-pages.ts';
import {handleParam, purlParam} from './params.ts';
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

  router.use(pageErrorHandler);
  return router;
}
