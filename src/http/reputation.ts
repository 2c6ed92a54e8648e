import {Router} from 'express';
import type {Services} from '../services.ts';
import {invalidInput} from '../errors.ts';
import {HANDLE_PATTERN} from '../vetting/model.ts';
import {pathParam} from './params.ts';

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/** Public reputation views: a community's ranked reviewers, an account's reviewer credentials. */
export function reputationRouter(services: Services): Router {
  const router = Router();

  router.get('/api/v1/communities/:slug/reviewers', async (req, res) => {
    const slug = pathParam(req, 'slug');
    if (!SLUG.test(slug)) throw invalidInput('not a community slug', [{field: 'slug', problem: `must match ${SLUG.source}`}]);
    res.json({community: slug, reviewers: await services.reviewers.list(slug)});
  });

  router.get('/api/v1/accounts/:handle/credentials', async (req, res) => {
    const handle = pathParam(req, 'handle');
    if (!HANDLE_PATTERN.test(handle)) throw invalidInput('not an account handle', [{field: 'handle', problem: `must match ${HANDLE_PATTERN.source}`}]);
    res.json({handle, credentials: await services.milestones.credentialsOf(handle)});
  });

  return router;
}
