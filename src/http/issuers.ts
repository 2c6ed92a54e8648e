import {Router} from 'express';
import type {Services} from '../services.ts';
import type {IssuerRecord} from '../credentials/issuers.ts';
import {validateIssuer, validateTokenRequest} from './requests.ts';
import {multibaseKeyParam, slugParam, tokenIdParam, uuidParam} from './params.ts';
import {actorOf} from './actor.ts';

/** What the admin API shows of an issuer's keys: never the sealed secret. */
function publishedKeys(issuer: IssuerRecord) {
  return issuer.keys.map(({publicKeyMultibase, createdAt, retiredAt, revokedAt}) => ({publicKeyMultibase, createdAt, retiredAt, revokedAt: revokedAt ?? null}));
}

/** Issuer profiles, DID documents, status lists, and their admin API. */
export function issuersRouter(services: Services): Router {
  const router = Router();
  const {issuers, tokens, statusLists} = services;

  router.post('/api/v1/issuers', async (req, res) => {
    const issuer = await issuers.createAs(actorOf(res), validateIssuer(req.body));
    res.status(201).location(`/issuers/${issuer.id}`).type('application/ld+json').send(JSON.stringify(issuers.profile(issuer)));
  });

  router.get('/api/v1/issuers/:slug', async (req, res) => {
    const issuer = await issuers.getAs(actorOf(res), slugParam(req));
    res.json({
      slug: issuer.id,
      profile: issuers.profile(issuer),
      proofType: issuer.proofType,
      keys: publishedKeys(issuer),
    });
  });

  router.post('/api/v1/issuers/:slug/keys/rotate', async (req, res) => {
    const issuer = await issuers.rotateKeyAs(actorOf(res), slugParam(req));
    res.status(201).json({did: issuer.did, keys: publishedKeys(issuer)});
  });

  router.post('/api/v1/issuers/:slug/keys/:publicKeyMultibase/revoke', async (req, res) => {
    const issuer = await issuers.revokeKeyAs(actorOf(res), slugParam(req), multibaseKeyParam(req));
    res.json({did: issuer.did, keys: publishedKeys(issuer)});
  });

  router.post('/api/v1/issuers/:slug/tokens', async (req, res) => {
    const {label} = validateTokenRequest(req.body ?? {});
    const issuer = await issuers.getAs(actorOf(res), slugParam(req));
    const issued = await tokens.createAs(actorOf(res), {kind: 'issuer', issuerSlug: issuer.id}, label ?? null);
    res.status(201).location(`/api/v1/issuers/${issuer.id}/tokens/${issued.id}`).json(issued);
  });

  router.get('/api/v1/issuers/:slug/tokens', async (req, res) => {
    const issuer = await issuers.getAs(actorOf(res), slugParam(req));
    res.json({tokens: await tokens.listAs(actorOf(res), {kind: 'issuer', issuerSlug: issuer.id})});
  });

  router.delete('/api/v1/issuers/:slug/tokens/:tokenId', async (req, res) => {
    await tokens.revokeAs(actorOf(res), {kind: 'issuer', issuerSlug: slugParam(req)}, tokenIdParam(req));
    res.status(204).end();
  });

  router.get('/issuers/:slug', async (req, res) => {
    const issuer = await issuers.get(slugParam(req));
    res.type('application/ld+json').send(JSON.stringify(issuers.profileDocument(issuer)));
  });

  router.get('/issuers/:slug/did.json', async (req, res) => {
    const issuer = await issuers.get(slugParam(req));
    res.type('application/did+json').send(JSON.stringify(await issuers.publishedDidDocument(issuer)));
  });

  const STATUS_LIST_TYPES = ['application/vc', 'application/vc+ld+json', 'application/ld+json', 'application/json'];
  router.get('/issuers/:slug/status/:listId', async (req, res) => {
    const listId = uuidParam(req, 'listId');
    const signed = await statusLists.signedList(slugParam(req), listId);
    // Short freshness plus revalidation: a revocation reaches verifiers within a minute.
    res.set('Cache-Control', 'public, max-age=30, must-revalidate');
    // VC 2.0's media type by default; the older vc+ld+json and plain JSON for clients that ask for them.
    const type = req.accepts(STATUS_LIST_TYPES) || STATUS_LIST_TYPES[0];
    res.vary('Accept');
    res.set('ETag', `"${listId}.${signed.version}.${STATUS_LIST_TYPES.indexOf(type)}"`);
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    res.type(type).send(JSON.stringify(signed.credential));
  });

  return router;
}
