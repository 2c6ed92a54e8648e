import {Router} from 'express';
import type {Services} from '../services.ts';
import {communityPage} from '../pages/community-page.ts';
import {communityModel} from '../pages/models/community.ts';
import {slugParam} from './params.ts';
import {pageErrorHandler, sendPage} from './html-response.ts';

/** Public pages of the vetting world, for people; the JSON lives under /api/v1. */
export function communityPagesRouter(services: Services): Router {
  const router = Router();

  router.get('/communities/:slug', async (req, res) => {
    const slug = slugParam(req);
    const model = await communityModel(services, slug);
    const url = `${services.urls.base}/communities/${slug}`;
    sendPage(res, 200, {title: model.name, description: model.description ?? `${model.name}: a Hallmark community that vets software releases.`, url}, communityPage(model));
  });

  router.use(pageErrorHandler);
  return router;
}
