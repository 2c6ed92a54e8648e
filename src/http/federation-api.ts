import express, {Router} from 'express';
import type {Services} from '../services.ts';
import {invalidInput} from '../errors.ts';
import {actorOf} from './actor.ts';
import {pathParam, slugParam} from './params.ts';
import {validateFollow, validateImport, validatePeer} from './requests.ts';

const IMPORT_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
const FOLLOWER_ID = /^f-[A-Za-z0-9_-]{22}$/;

/** The stewards' and the admin's federation API: following, followers, received credentials, imports, peers. */
export function federationRouter(services: Services): Router {
  const router = Router();
  const {stewards, imports, peers} = services.federation;

  router.post('/api/v1/communities/:slug/following', async (req, res) => {
    const {actor} = validateFollow(req.body);
    const following = await stewards.follow(actorOf(res), slugParam(req), actor);
    res.status(202).json(following);
  });

  router.get('/api/v1/communities/:slug/following', async (req, res) => {
    res.json({following: await stewards.following(actorOf(res), slugParam(req))});
  });

  router.get('/api/v1/communities/:slug/followers', async (req, res) => {
    res.json({followers: await stewards.followers(actorOf(res), slugParam(req))});
  });

  router.post('/api/v1/communities/:slug/followers/:id/:decision', async (req, res) => {
    const decision = pathParam(req, 'decision');
    if (decision !== 'accept' && decision !== 'reject') throw invalidInput(`"${decision.slice(0, 40)}" is neither accept nor reject`, [{field: 'decision', problem: 'must be accept or reject'}]);
    const id = pathParam(req, 'id');
    if (!FOLLOWER_ID.test(id)) throw invalidInput('the follower id is not one this instance gives out', [{field: 'id', problem: 'must be a follower id from GET …/followers'}]);
    res.json(await stewards.decide(actorOf(res), slugParam(req), id, decision));
  });

  router.get('/api/v1/communities/:slug/received', async (req, res) => {
    res.json({received: await stewards.received(actorOf(res), slugParam(req))});
  });

  router.get('/api/v1/communities/:slug/imports', async (req, res) => {
    res.json({imports: await imports.list(slugParam(req))});
  });

  router.put('/api/v1/communities/:slug/imports/:name', async (req, res) => {
    const name = importName(pathParam(req, 'name'));
    const slug = slugParam(req);
    const {import: declared, created} = await imports.put(actorOf(res), slug, name, validateImport(req.body));
    res.status(created ? 201 : 200).location(`/api/v1/communities/${slug}/imports/${name}`).json(declared);
  });

  router.delete('/api/v1/communities/:slug/imports/:name', async (req, res) => {
    await imports.remove(actorOf(res), slugParam(req), importName(pathParam(req, 'name')));
    res.status(204).end();
  });

  router.get('/api/v1/federation/peers', async (_req, res) => {
    res.json({mode: peers.mode, peers: await peers.list(actorOf(res))});
  });

  router.put('/api/v1/federation/peers/:host', async (req, res) => {
    const {tier, comment} = validatePeer(req.body);
    res.json(await peers.setTier(actorOf(res), pathParam(req, 'host'), tier, comment));
  });

  router.get('/api/v1/federation/domain-blocks', async (_req, res) => {
    const csv = await peers.exportCsv(actorOf(res));
    res.type('text/csv').send(csv);
  });

  router.post('/api/v1/federation/domain-blocks', express.text({type: ['text/csv', 'text/plain'], limit: 1024 * 1024}), async (req, res) => {
    if (typeof req.body !== 'string') throw invalidInput('send the domain blocks as text/csv', [{field: '', problem: 'Content-Type must be text/csv'}]);
    res.json(await peers.importCsv(actorOf(res), req.body));
  });

  return router;
}

function importName(name: string): string {
  if (!IMPORT_NAME.test(name)) throw invalidInput(`"${name.slice(0, 60)}" is not an import name`, [{field: 'name', problem: 'lowercase letters, digits and hyphens, at most 63'}]);
  return name;
}
