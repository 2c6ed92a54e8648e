import {Router} from 'express';
import type {Services} from '../services.ts';
import {credentialIdParam} from './params.ts';

/** Baked badge downloads: the credential inside the image, as OB 3.0 specifies. */
export function bakedRouter(services: Services): Router {
  const router = Router();

  router.get('/credentials/:id/baked.png', async (req, res) => {
    const png = await services.baked.png(credentialIdParam(req));
    res.type('image/png').set('Content-Disposition', 'attachment; filename="badge.png"').send(png);
  });

  router.get('/credentials/:id/baked.svg', async (req, res) => {
    const svg = await services.baked.svg(credentialIdParam(req));
    res.type('image/svg+xml').set('Content-Disposition', 'attachment; filename="badge.svg"').send(svg);
  });

  return router;
}
