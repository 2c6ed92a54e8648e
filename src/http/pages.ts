import {readFileSync} from 'node:fs';
import {Router, type Request} from 'express';
import type {Services} from '../services.ts';
import {credentialView} from '../pages/credential-view.ts';
import {credentialPage} from '../pages/credential-page.ts';
import {STYLESHEET_PATH} from '../pages/layout.ts';
import {verifyForm} from '../pages/verify-page.ts';
import {pathParam} from './params.ts';
import {pageErrorHandler, sendPage, staticAsset} from './html-response.ts';

const STYLESHEET = staticAsset(readFileSync(new URL('../pages/hallmark.css', import.meta.url), 'utf8'), 'text/css; charset=utf-8');

/** A browser asking for HTML gets the page; ?format=json and JSON-preferring clients get the credential. */
function wantsPage(req: Request): boolean {
  if (req.query.format !== undefined) return false;
  return req.accepts(['application/ld+json', 'application/json', 'text/html']) === 'text/html';
}

function pathOf(url: string): string {
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
}

/** HTML pages for people: credential verification pages and the /verify form. */
export function pagesRouter(services: Services): Router {
  const router = Router();
  const {urls} = services;

  router.get(STYLESHEET_PATH, (req, res) => {
    res.set({'Cache-Control': 'public, max-age=3600', ETag: STYLESHEET.etag});
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    res.type(STYLESHEET.type).send(STYLESHEET.text);
  });

  router.get('/credentials/:id', async (req, res, next) => {
    res.vary('Accept');
    if (!wantsPage(req)) return next();
    const record = await services.records.get(pathParam(req, 'id'));
    const report = await services.verify(record.credential);
    const view = credentialView(record.credential, report);
    const page = urls.credentialPage(record.id);
    const badge = urls.badgeImage(record.id);
    // In-page links stay on the origin the reader is on; previews need absolute URLs.
    const links = {page: pathOf(page), json: `${pathOf(page)}?format=json`, badge: pathOf(badge), bakedPng: `${pathOf(page)}/baked.png`, bakedSvg: `${pathOf(page)}/baked.svg`};
    const description = `${view.verdict.headline}: ${view.title}, issued by ${view.issuer.name ?? view.issuer.id ?? 'an unnamed issuer'}.`;
    sendPage(res, 200, {title: view.title, description, url: page, image: badge}, credentialPage(view, links));
  });

  router.get('/verify', (_req, res) => {
    sendPage(res, 200, {title: 'Verify a badge', description: 'Check any Open Badge: paste it, upload it, or give its address.', url: `${urls.base}/verify`}, verifyForm());
  });

  router.use(pageErrorHandler);
  return router;
}
