import {Router} from 'express';
import type {Services} from '../services.ts';
import {validateTokenRequest} from './requests.ts';
import {actorOf} from './actor.ts';
import {tokenIdParam} from './params.ts';

/** Admin tokens: more than one may be live, so they can be rotated without downtime. */
export function adminRouter(services: Services): Router {
  const router = Router();
  const {tokens} = services;

  router.get('/api/v1/admin/tokens', async (_req, res) => {
    res.json({tokens: await tokens.listAs(actorOf(res), {kind: 'admin'})});
  });

  router.post('/api/v1/admin/tokens', async (req, res) => {
    const {label} = validateTokenRequest(req.body ?? {});
    const issued = await tokens.createAs(actorOf(res), {kind: 'admin'}, label ?? null);
    res.status(201).location(`/api/v1/admin/tokens/${issued.id}`).json(issued);
  });

  router.delete('/api/v1/admin/tokens/:tokenId', async (req, res) => {
    await tokens.revokeAs(actorOf(res), {kind: 'admin'}, tokenIdParam(req));
    res.status(204).end();
  });

  return router;
}
