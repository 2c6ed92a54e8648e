import {Router} from 'express';
import type {Services} from '../services.ts';

/**
 * For the operator's tools, at the root whatever the public URL's prefix:
 * `/healthz` says the process answers (liveness), `/readyz` that it can do
 * its work (store open, keys open, workers ready, not shutting down), and
 * `/metrics` is Prometheus text. Keep `/metrics` off the public proxy.
 */
export function operationsRouter(services: Services): Router {
  const router = Router();

  router.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({status: 'ok'});
  });

  router.get('/readyz', async (_req, res) => {
    const readiness = await services.readiness();
    res.set('Cache-Control', 'no-store').status(readiness.ready ? 200 : 503).json({status: readiness.ready ? 'ready' : 'not-ready', checks: readiness.checks});
  });

  router.get('/metrics', async (_req, res) => {
    const {contentType, body} = await services.metrics.text();
    res.set('Cache-Control', 'no-store').type(contentType).send(body);
  });

  return router;
}
