import {Router, type Request, type Response} from 'express';
import type {BadgeResponse} from '../badges/badges.ts';
import type {Services} from '../services.ts';
import {pathParam, credentialIdParam} from './params.ts';

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
