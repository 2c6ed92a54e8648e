/**
 * The 1EdTech Open Badges 3.0 API under /ims/ob/v3p0: discovery (open), and
 * credentials and profile for the bearer of an access token from our
 * authorization server. Mounted before our own body parsing and token
 * authentication: its bodies, tokens and errors (Imsx_StatusInfo) are its own.
 */
import express, {Router, type ErrorRequestHandler, type Request, type RequestHandler, type Response} from 'express';
import type {Services} from '../services.ts';
import {HallmarkError, invalidInput} from '../errors.ts';
import {OB3_API_BASE, OB3_SCOPES, type BearerGrant, type Ob3Scope} from '../oauth/index.ts';
import {serviceDescription, type CredentialQuery} from '../backpack/index.ts';
import {COMPACT_JWS} from '../credentials/compact-jws.ts';
import {assertTractable} from '../json-limits.ts';
import {requestValidator} from '../validate.ts';
import {imsxErrorResponse} from './errors.ts';
import {clientKey, rateLimit} from './rate-limit.ts';

export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 100;

const updateProfile = requestValidator<{name: string}>('hallmark-ob3-profile-update.schema.json');
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})?$/;

/** A problem with a query parameter, which the 1EdTech vocabulary names apart. */
class QueryProblem extends HallmarkError {}

function grantOf(res: Response): BearerGrant {
  return res.locals.ob3 as BearerGrant;
}

function requireScope(scope: Ob3Scope): RequestHandler {
  return (_req, res, next) => {
    if (!grantOf(res).scopes.has(scope)) {
      res.set('WWW-Authenticate', `Bearer error="insufficient_scope", scope="${scope}"`);
      return next(new HallmarkError('forbidden', `this access token was not granted the scope ${scope}`));
    }
    next();
  };
}

function queryParam(req: Request, name: string): string | null {
  const value = req.query[name];
  if (value === undefined) return null;
  if (typeof value !== 'string') throw new QueryProblem('invalid-input', `the query parameter "${name}" must be given once`, [{field: name, problem: 'must be given once'}]);
  return value;
}

function credentialQuery(req: Request): CredentialQuery {
  const limit = queryParam(req, 'limit');
  const offset = queryParam(req, 'offset');
  const since = queryParam(req, 'since');
  if (limit !== null && !/^[1-9]\d{0,5}$/.test(limit)) throw new QueryProblem('invalid-input', 'limit must be a whole number of at least 1', [{field: 'limit', problem: 'must be an integer ≥ 1'}]);
  if (offset !== null && !/^\d{1,9}$/.test(offset)) throw new QueryProblem('invalid-input', 'offset must be a whole number of at least 0', [{field: 'offset', problem: 'must be an integer ≥ 0'}]);
  if (since !== null && (!DATE_TIME.test(since) || Number.isNaN(Date.parse(since)))) throw new QueryProblem('invalid-input', 'since must be an ISO 8601 date-time such as 2026-01-31T12:00:00Z', [{field: 'since', problem: 'must be a date-time'}]);
  return {limit: Math.min(Number(limit ?? DEFAULT_PAGE), MAX_PAGE), offset: Number(offset ?? 0), since};
}

/** RFC 8288 links to the first, last, next and previous pages. */
function pageLinks(base: string, query: CredentialQuery, total: number): string {
  const at = (offset: number) => {
    const url = new URL(base);
    url.searchParams.set('limit', String(query.limit));
    url.searchParams.set('offset', String(offset));
    if (query.since !== null) url.searchParams.set('since', query.since);
    return url.href;
  };
  const last = total === 0 ? 0 : Math.floor((total - 1) / query.limit) * query.limit;
  const links = [`<${at(0)}>; rel="first"`, `<${at(last)}>; rel="last"`];
  if (query.offset + query.limit < total) links.push(`<${at(query.offset + query.limit)}>; rel="next"`);
  if (query.offset > 0) links.push(`<${at(Math.max(0, Math.min(query.offset - query.limit, last)))}>; rel="prev"`);
  return links.join(', ');
}

export function ob3Router(services: Services): Router {
  const {oauth, backpack, config} = services;
  const tokenFailures = services.limits.limiter('token-failures');
  const outer = Router();
  const router = Router();
  outer.use(OB3_API_BASE, router);

  // Bearer tokens, never cookies: any origin may call the API (backpacks that run in a browser).
  router.use((req, res, next) => {
    res.set({'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': 'X-Total-Count, Link, WWW-Authenticate'});
    if (req.method !== 'OPTIONS') return next();
    res.set({'Access-Control-Allow-Methods': 'GET, POST, PUT', 'Access-Control-Allow-Headers': 'Authorization, Content-Type', 'Access-Control-Max-Age': '3600'});
    res.status(204).end();
  });

  router.get('/discovery', (_req, res) => {
    const {provider} = oauth;
    res.json(serviceDescription({
      api: oauth.resource,
      authorization: provider.urlFor('authorization'),
      token: provider.urlFor('token'),
      registration: provider.urlFor('registration'),
      privacyPolicy: services.urls.base + '/privacy',
      termsOfService: services.urls.base + '/privacy#terms',
    }));
  });

  router.use(async (req, res, next) => {
    const match = /^Bearer ([\x21-\x7e]{1,512})$/i.exec(req.get('authorization') ?? '');
    if (!match) {
      res.set('WWW-Authenticate', 'Bearer');
      return next(new HallmarkError('unauthorized', 'send an access token from this server\'s authorization server: Authorization: Bearer <token>'));
    }
    const address = clientKey(req);
    await tokenFailures.check(address);
    const grant = await oauth.bearer(match[1]);
    if (!grant) {
      await tokenFailures.fail(address);
      res.set('WWW-Authenticate', 'Bearer error="invalid_token"');
      return next(new HallmarkError('unauthorized', 'the access token is unknown, expired or revoked'));
    }
    res.locals.ob3 = grant;
    next();
  });

  router.get('/credentials', requireScope(OB3_SCOPES.credentialRead), async (req, res) => {
    const query = credentialQuery(req);
    const page = await backpack.holder.list(grantOf(res).handle, query);
    res.set('X-Total-Count', String(page.total));
    res.set('Link', pageLinks(`${oauth.resource}/credentials`, query, page.total));
    res.json({
      credential: page.items.filter((item) => typeof item !== 'string'),
      compactJwsString: page.items.filter((item) => typeof item === 'string'),
    });
  });

  const bodies = [
    express.json({limit: config.maxBodyBytes, type: ['application/json', 'application/ld+json', 'application/vc+ld+json']}),
    express.text({limit: config.maxBodyBytes, type: 'text/plain'}),
  ];

  // Each upsert runs a verification (which may fetch documents): it counts against the verify limit.
  router.post('/credentials', requireScope(OB3_SCOPES.credentialUpsert), rateLimit(services.limits.limiter('verify')), ...bodies, async (req, res) => {
    let body: Record<string, unknown> | string;
    if (req.is('text/plain')) {
      const text = typeof req.body === 'string' ? req.body.trim() : '';
      if (!COMPACT_JWS.test(text)) throw invalidInput('a text/plain body must be one credential as a compact JWS (VC-JWT)', [{field: '', problem: 'is not a compact JWS'}]);
      body = text;
    } else if (req.is(['application/json', 'application/ld+json', 'application/vc+ld+json'])) {
      if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) throw invalidInput('the body must be one credential as a JSON object', [{field: '', problem: 'is not a JSON object'}]);
      assertTractable(req.body);
      body = req.body as Record<string, unknown>;
    } else {
      throw new HallmarkError('unsupported-media', 'send the credential as application/json, or as a compact JWS in text/plain');
    }
    const {created} = await backpack.kept.upsert(grantOf(res).handle, body);
    res.status(created ? 201 : 200);
    if (typeof body === 'string') res.type('text/plain').send(body);
    else res.json(body);
  });

  router.get('/profile', requireScope(OB3_SCOPES.profileRead), async (_req, res) => {
    res.json(await backpack.holder.profile(grantOf(res).handle));
  });

  router.put('/profile', requireScope(OB3_SCOPES.profileUpdate), bodies[0], async (req, res) => {
    if (!req.is(['application/json', 'application/ld+json'])) throw new HallmarkError('unsupported-media', 'send the profile as application/json');
    assertTractable(req.body);
    const {name} = updateProfile(req.body);
    res.json(await backpack.holder.updateProfile(grantOf(res).handle, name));
  });

  router.use((req, _res, next) => next(new HallmarkError('not-found', `no route for ${req.method} ${OB3_API_BASE}${req.path}`)));
  router.use(((error, req, res, _next) => {
    if (res.headersSent || req.socket.destroyed) return;
    const {status, body, headers} = imsxErrorResponse(error, req, error instanceof QueryProblem ? 'invalid_query_parameter' : undefined);
    // A route's own WWW-Authenticate (invalid_token, insufficient_scope) says more than the generic one.
    for (const [name, value] of Object.entries(headers)) if (res.get(name) === undefined) res.set(name, value);
    res.status(status).json(body);
  }) as ErrorRequestHandler);
  return outer;
}
