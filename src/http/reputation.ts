import {Router} from 'express';
import type {Services} from '../services.ts';
import {handleParam, slugParam} from './params.ts';

/** Public reputation views: a community's ranked reviewers, an account's reviewer credentials. */
export function reputationRouter(services: Services): Router {
  const router = Router();

  router.get('/api/v1/communities/:slug/reviewers', async (req, res) => {
    const slug = slugParam(req);
    res.json({community: slug, reviewers: await services.reviewers.list(slug)});
  });

  router.get('/api/v1/accounts/:handle/credentials', async (req, res) => {
    const handle = handleParam(req);
    res.json({handle, credentials: await services.milestones.credentialsOf(handle)});
  });

  return router;
}
