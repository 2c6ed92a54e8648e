import {readFileSync} from 'node:fs';
import {resolve} from 'node:path';
import {Router} from 'express';
import type {Services} from '../../services.ts';
import {sendPage} from '../html-response.ts';
import {apiReferencePage} from '../../pages/api-reference-page.ts';
import {buildDocument, type OpenApiDocument} from './document.ts';
import {ROUTES, TAGS} from './routes/index.ts';

const VERSION = (JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../package.json'), 'utf8')) as {version: string}).version;

/** The OpenAPI document of an instance at this public URL. */
export function openApiDocument(publicUrl: string): OpenApiDocument {
  return buildDocument({publicUrl, version: VERSION, routes: ROUTES, tags: TAGS});
}

/** `GET /api/v1/openapi.json` and its rendering for people at `/api/docs`. */
export function openApiRouter(services: Services): Router {
  const router = Router();
  const document = openApiDocument(services.config.publicUrl);
  const text = JSON.stringify(document);

  router.get('/api/v1/openapi.json', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').type('application/json').send(text);
  });

  router.get('/api/docs', (_req, res) => {
    sendPage(res, 200, {title: 'API reference', description: 'Every operation of Hallmark\'s HTTP API: parameters, bodies, answers and examples.', url: `${services.urls.base}/api/docs`}, apiReferencePage(document));
  });

  return router;
}
