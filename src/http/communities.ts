import {Router} from 'express';
import type {Services} from '../services.ts';
import {HallmarkError} from '../errors.ts';
import {validateAccount, validateCommunity, validateCommunityPatch, validateOrganisationIssuer, validateCriterion, validateRoleSet, validateRoleWithdraw, validateTokenRequest} from './requests.ts';
import {criterionParam, handleParam, tokenIdParam, slugParam} from './params.ts';
import {actorOf} from './actor.ts';

/** Accounts, communities, roles and criteria. */
export function communitiesRouter(services: Services): Router {
  const router = Router();
  const {accounts, communities, roles, criteria} = services.vetting;

  router.post('/api/v1/accounts', async (req, res) => {
    const account = await accounts.createAs(actorOf(res), validateAccount(req.body));
    res.status(201).location(`/api/v1/accounts/${account.handle}`).json(account);
  });

  router.get('/api/v1/accounts/:handle', async (req, res) => {
    const account = await accounts.get(handleParam(req));
    res.json({...account, roles: await roles.rolesOf(account.handle)});
  });

  router.get('/api/v1/accounts/:handle/members', async (req, res) => {
    res.json({members: await accounts.members(handleParam(req))});
  });

  router.put('/api/v1/accounts/:handle/members/:member', async (req, res) => {
    res.json(await accounts.setMembership(actorOf(res), handleParam(req), handleParam(req, 'member'), true));
  });

  router.delete('/api/v1/accounts/:handle/members/:member', async (req, res) => {
    res.json(await accounts.setMembership(actorOf(res), handleParam(req), handleParam(req, 'member'), false));
  });

  router.post('/api/v1/accounts/:handle/issuer', async (req, res) => {
    const actor = actorOf(res);
    const account = await accounts.obtainIssuer(actor, handleParam(req), validateOrganisationIssuer(req.body ?? {}), {tokens: services.tokens, sessions: services.auth.sessions});
    const issuer = await services.issuers.get(account.issuer ?? '');
    res.status(201).location(`/issuers/${issuer.id}`).json({account, issuer: services.issuers.profile(issuer)});
  });

  router.post('/api/v1/accounts/:handle/tokens', async (req, res) => {
    const {label} = validateTokenRequest(req.body ?? {});
    const issued = await services.tokens.createAs(actorOf(res), await accounts.tokenScope(handleParam(req)), label ?? null);
    res.status(201).location(`/api/v1/accounts/${handleParam(req)}/tokens/${issued.id}`).json(issued);
  });

  router.get('/api/v1/accounts/:handle/tokens', async (req, res) => {
    res.json({tokens: await services.tokens.listAs(actorOf(res), await accounts.tokenScope(handleParam(req)))});
  });

  router.delete('/api/v1/accounts/:handle/tokens/:tokenId', async (req, res) => {
    await services.tokens.revokeAs(actorOf(res), await accounts.tokenScope(handleParam(req)), tokenIdParam(req));
    res.status(204).end();
  });

  router.post('/api/v1/communities', async (req, res) => {
    const community = await communities.found(actorOf(res), validateCommunity(req.body), {accounts, roles});
    res.status(201).location(`/api/v1/communities/${community.slug}`).json(community);
  });

  router.get('/api/v1/communities/:slug', async (req, res) => {
    const community = await communities.get(slugParam(req));
    res.json({...community, criteria: await criteria.list(community.slug), roles: await roles.holders(community.slug)});
  });

  router.patch('/api/v1/communities/:slug', async (req, res) => {
    const actor = actorOf(res);
    const slug = slugParam(req);
    const community = await communities.update(actor, slug, validateCommunityPatch(req.body));
    res.json({...community, criteria: await criteria.list(community.slug), roles: await roles.holders(community.slug)});
  });

  router.get('/api/v1/communities/:slug/history', async (req, res) => {
    res.json({history: await communities.history(slugParam(req))});
  });

  router.put('/api/v1/communities/:slug/roles/:handle', async (req, res) => {
    const actor = actorOf(res);
    const {role, reason} = validateRoleSet(req.body);
    res.json(await roles.set(actor, slugParam(req), handleParam(req), role, reason));
  });

  router.delete('/api/v1/communities/:slug/roles/:handle', async (req, res) => {
    const actor = actorOf(res);
    const {reason} = validateRoleWithdraw(req.body ?? {});
    res.json(await roles.set(actor, slugParam(req), handleParam(req), null, reason));
  });

  router.get('/api/v1/communities/:slug/roles/history', async (req, res) => {
    res.json({history: await roles.history(slugParam(req))});
  });

  router.get('/api/v1/communities/:slug/criteria', async (req, res) => {
    res.json({criteria: await criteria.list(slugParam(req))});
  });

  router.get('/api/v1/communities/:slug/criteria/:name', async (req, res) => {
    const slug = slugParam(req);
    const name = criterionParam(req);
    const criterion = (await criteria.list(slug)).find((candidate) => candidate.name === name);
    if (!criterion) throw new HallmarkError('not-found', `no criterion "${name}" in community "${slug}"`);
    res.json({...criterion, closure: await criteria.closure(slug, [name])});
  });

  router.post('/api/v1/communities/:slug/criteria', async (req, res) => {
    const actor = actorOf(res);
    const criterion = await criteria.define(actor, slugParam(req), validateCriterion(req.body));
    res.status(201).location(`/api/v1/communities/${criterion.community}/criteria/${criterion.name}`).json({...criterion, closure: await criteria.closure(criterion.community, [criterion.name])});
  });

  return router;
}
