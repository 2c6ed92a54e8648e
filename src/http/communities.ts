import {Router} from 'express';
import type {Services} from '../services.ts';
import {HallmarkError, invalidInput} from '../errors.ts';
import {validateAccount, validateCommunity, validateCriterion, validateRoleSet, validateRoleWithdraw, validateTokenRequest} from './requests.ts';
import {criterionParam, handleParam, slugParam} from './params.ts';
import {actorOf} from './actor.ts';
import {adminOnly} from './auth.ts';

/** Accounts, communities, roles and criteria. */
export function communitiesRouter(services: Services): Router {
  const router = Router();
  const {accounts, communities, roles, criteria} = services.vetting;

  router.post('/api/v1/accounts', async (req, res) => {
    const actor = actorOf(res);
    const input = validateAccount(req.body);
    if (actor.kind === 'account') {
      if (!(await roles.isStewardAnywhere(actor.handle))) throw new HallmarkError('forbidden', 'accounts are created by the admin or by a community steward');
      if (input.issuer !== undefined) throw new HallmarkError('forbidden', 'only the admin can give an organisation an issuer');
    }
    const account = await accounts.create(input);
    res.status(201).location(`/api/v1/accounts/${account.handle}`).json(account);
  });

  router.get('/api/v1/accounts/:handle', async (req, res) => {
    const account = await accounts.get(handleParam(req));
    res.json({...account, roles: await roles.rolesOf(account.handle)});
  });

  router.post('/api/v1/accounts/:handle/tokens', async (req, res) => {
    const actor = actorOf(res);
    const handle = handleParam(req);
    if (actor.kind === 'account' && actor.handle !== handle) throw new HallmarkError('forbidden', 'an account token can only create tokens for its own account');
    const {label} = validateTokenRequest(req.body ?? {});
    const account = await accounts.get(handle);
    res.status(201).json(await services.tokens.create({kind: 'account', handle: account.handle, issuerSlug: account.issuer}, label ?? null));
  });

  router.post('/api/v1/communities', adminOnly, async (req, res) => {
    const {stewards = [], ...input} = validateCommunity(req.body);
    // Checked before anything is written, so a bad steward list creates neither issuer nor community.
    for (const [index, handle] of stewards.entries()) {
      const account = await accounts.find(handle);
      if (!account || account.kind !== 'person') throw invalidInput(`"${handle}" is not a person's account`, [{field: `/stewards/${index}`, problem: 'must name an existing person account'}]);
    }
    const community = await communities.create(input);
    for (const handle of stewards) await roles.set({kind: 'admin'}, community.slug, handle, 'steward', 'named steward when the community was created');
    res.status(201).location(`/api/v1/communities/${community.slug}`).json({...community, stewards});
  });

  router.get('/api/v1/communities/:slug', async (req, res) => {
    const community = await communities.get(slugParam(req));
    res.json({...community, criteria: await criteria.list(community.slug), roles: await roles.holders(community.slug)});
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
