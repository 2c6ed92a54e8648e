import {Router} from 'express';
import type {Services} from '../services.ts';
import {communityPage} from '../pages/community-page.ts';
import {communityModel} from '../pages/models/community.ts';
import {policyPage} from '../pages/policy-page.ts';
import {policyModel} from '../pages/models/policy.ts';
import {policyNameParam, slugParam, versionParam} from './params.ts';
import {pageErrorHandler, sendPage, wantsPage} from './html-response.ts';
import {communityActions} from '../pages/web/community-forms.ts';
import {formToken, viewerOf} from './web-auth.ts';

/** Public pages of the vetting world, for people; the JSON lives under /api/v1. */
export function communityPagesRouter(services: Services): Router {
  const router = Router();

  router.get('/communities/:slug', async (req, res) => {
    const slug = slugParam(req);
    const model = await communityModel(services, slug);
    const url = `${services.urls.base}/communities/${slug}`;
    const viewer = viewerOf(res);
    let actions = communityActions({join: null, invite: false, slug});
    if (viewer) {
      const [community, role] = await Promise.all([services.vetting.communities.get(slug), services.vetting.roles.currentRole(slug, viewer.handle)]);
      actions = communityActions({join: community.membership === 'open' && role === null ? formToken(res) : null, invite: role === 'steward', slug});
    }
    sendPage(res, 200, {title: model.name, description: model.description ?? `${model.name}: a Hallmark community that vets software releases.`, url}, communityPage(model, actions));
  });

  // The policy Achievement's id: people get this page, verifiers (and ?format=json) the JSON from the policies router.
  router.get('/communities/:slug/policies/:name/versions/:version', async (req, res, next) => {
    res.vary('Accept');
    if (!wantsPage(req)) return next();
    const model = await policyModel(services, slugParam(req), policyNameParam(req), versionParam(req));
    sendPage(res, 200, {title: model.title, description: `What a ${model.community.name} badge under "${model.title}" asserts.`, url: `${services.urls.base}${req.path}`}, policyPage(model));
  });

  router.use(pageErrorHandler);
  return router;
}
