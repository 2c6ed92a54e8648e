import {Router, type Request, type Response} from 'express';
import type {BadgeResponse} from '../badges/badges.ts';
import type {Services} from '../services.ts';
import {pathParam, credentialIdParam, purlParam, slugParam} from './params.ts';
import {notFound} from '../errors.ts';
import {packageEmbed, packageStanding} from '../badges/package-standing.ts';
import {standingDeps} from '../pages/models/package-standing.ts';

/** Badges render nothing active; if opened directly, the SVG may not run or fetch anything. */
const SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; sandbox";

/** README badge images and their embed snippets. */
export function badgesRouter(services: Services): Router {
  const router = Router();

  router.get('/badges/:id.svg', async (req, res) => {
    sendBadge(req, res, await services.badges.image(pathParam(req, 'id')));
  });

  // A purl holds slashes (pkg:npm/%40scope/name), so the rest of the path, less ".svg", is the purl.
  router.get('/badges/:community/*purl', async (req, res) => {
    const rest = pathParam(req, 'purl');
    const badge = rest.endsWith('.svg')
      ? await services.packageBadgeImages.image(pathParam(req, 'community'), rest.slice(0, -'.svg'.length))
      : services.badges.render({state: 'not-found', label: null, uuid: null});
    sendBadge(req, res, badge);
  });

  router.get('/api/v1/badges/:community/*purl/embed', async (req, res) => {
    res.json(await packageEmbed(standingDeps(services), slugParam(req, 'community'), purlParam(req)));
  });

  router.get('/api/v1/communities/:slug/packages/*purl', async (req, res) => {
    res.json(await packageStanding(standingDeps(services), slugParam(req), purlParam(req)));
  });

  // The package badge's link target, for programs (the inspector among them): the current badge credential itself.
  router.get('/communities/:slug/packages/*purl', async (req, res) => {
    const standing = await packageStanding(standingDeps(services), slugParam(req), purlParam(req));
    if (!standing.badge) throw notFound(`"${standing.community.slug}" holds no badge for ${standing.release ?? standing.package}`);
    const record = await services.records.get(standing.badge.credentialId);
    res.type('application/ld+json').send(JSON.stringify(record.credential));
  });

  router.get('/api/v1/badges/:id/embed', async (req, res) => {
    res.json(await services.badges.embed(credentialIdParam(req)));
  });

  return router;
}

function sendBadge(req: Request, res: Response, badge: BadgeResponse): void {
  // no-cache, not no-store: image proxies (GitHub's camo) keep it but revalidate every time.
  res.set({'Cache-Control': 'no-cache', ETag: badge.etag, 'Content-Security-Policy': SVG_POLICY, 'X-Content-Type-Options': 'nosniff'});
  if (badge.status.state === 'not-found') {
    res.status(404).type('image/svg+xml').send(badge.svg);
    return;
  }
  if (req.fresh) {
    res.status(304).end();
    return;
  }
  res.type('image/svg+xml').send(badge.svg);
}
