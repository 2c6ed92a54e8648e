import {Router} from 'express';
import type {Services} from '../services.ts';
import {communityPageFor} from '../pages/public-pages.ts';
import {policyPage} from '../pages/policy-page.ts';
import {policyModel} from '../pages/models/policy.ts';
import {policyNameParam, purlParam, slugParam, versionParam} from './params.ts';
import {awardForms, packageStandingPage} from '../pages/package-standing-page.ts';
import {packageStandingModel} from '../pages/models/package-standing.ts';
import {requestReviewForm} from '../pages/web/role-forms.ts';
import {html} from '../pages/html.ts';
import {roleAtLeast, type Role} from '../vetting/model.ts';
import {pageErrorHandler, sendPage, wantsPage} from './html-response.ts';
import {communityActions} from '../pages/web/community-forms.ts';
import {formToken, viewerOf} from './web-auth.ts';

/** What a signed-in person's role lets them do here, as links to its forms. */
function roleLinks(slug: string, role: Role | null) {
  const links = [
    ...(roleAtLeast(role, 'auditor') ? [html`<a href="/communities/${slug}/queue">The auditors' queue</a>`, html`<a href="/communities/${slug}/reviews/new">Write a review</a>`] : []),
    ...(role === 'steward' ? [html`<a href="/communities/${slug}/edit">Edit the community</a>`, html`<a href="/communities/${slug}/policies/new">Write a policy</a>`, html`<a href="/communities/${slug}/roles">Grant and withdraw roles</a>`] : []),
  ];
  return links.length > 0 ? html`<p class="links">${links}</p>` : html``;
}

/** Public pages of the vetting world, for people; the JSON lives under /api/v1. */
export function communityPagesRouter(services: Services): Router {
  const router = Router();

  router.get('/communities/:slug', async (req, res) => {
    const slug = slugParam(req);
    const viewer = viewerOf(res);
    let actions = communityActions({join: null, invite: false, slug});
    if (viewer) {
      const [community, role] = await Promise.all([services.vetting.communities.get(slug), services.vetting.roles.currentRole(slug, viewer.handle)]);
      actions = communityActions({join: community.membership === 'open' && role === null ? formToken(res) : null, invite: role === 'steward', slug});
      actions = html`${actions}${roleLinks(slug, role)}`;
    }
    const page = await communityPageFor(services, slug, actions);
    sendPage(res, 200, page.meta, page.body);
  });

  // The policy Achievement's id: people get this page, verifiers (and ?format=json) the JSON from the policies router.
  router.get('/communities/:slug/policies/:name/versions/:version', async (req, res, next) => {
    res.vary('Accept');
    if (!wantsPage(req)) return next();
    const model = await policyModel(services, slugParam(req), policyNameParam(req), versionParam(req));
    sendPage(res, 200, {title: model.title, description: `What a ${model.community.name} badge under "${model.title}" asserts.`, url: `${services.urls.base}${req.path}`}, policyPage(model));
  });

  // Where a package's README badge links: its current badge credential, verified now. Programs get the credential (badges router).
  router.get('/communities/:slug/packages/*purl', async (req, res, next) => {
    res.vary('Accept');
    if (!wantsPage(req)) return next();
    const {model, standing} = await packageStandingModel(services, slugParam(req), purlParam(req));
    const verdict = model.credential?.view.verdict.headline ?? 'Not vetted';
    // A signed-in maintainer asks for a review right here; others are pointed to sign in.
    const ask = viewerOf(res)
      ? requestReviewForm({slug: standing.community.slug, communityName: standing.community.name, token: formToken(res), values: {purl: standing.release ?? '', source: '', note: ''}, error: null, problems: []})
      : html`<p><a href="/sign-in?next=${encodeURIComponent(req.originalUrl.slice(0, 500))}">Sign in</a> to ask ${standing.community.name} for a review.</p>`;
    const viewer = viewerOf(res);
    const member = viewer && standing.release !== null && roleAtLeast(await services.vetting.roles.currentRole(standing.community.slug, viewer.handle), 'member');
    const award = member && standing.release !== null ? awardForms(standing.community.slug, standing.release, model.policies.filter((policy) => policy.name !== standing.badge?.policy), () => formToken(res)) : html``;
    sendPage(res, 200, {title: `${model.packageName} in ${model.community.name}`, description: `${verdict}: the ${model.community.name} badge of ${model.packageName}.`, url: `${services.urls.base}${req.path}`}, html`${packageStandingPage(model)}${award}${ask}`);
  });

  router.use(pageErrorHandler);
  return router;
}
