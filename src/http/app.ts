import express, {type ErrorRequestHandler, type Express, type Request, type RequestHandler} from 'express';
import {pageErrorHandler, wantsPage} from './html-response.ts';
import type {Services} from '../services.ts';
import {assertTractable} from '../json-limits.ts';
import {authenticate, cookieSettings} from './web-auth.ts';
import {resolveActor} from './actor.ts';
import {errorHandler, notFoundHandler} from './errors.ts';
import {requestLog, requestMetrics, securityHeaders} from './edge.ts';
import {operationsRouter} from './operations.ts';
import {checkRouter} from './check.ts';
import {cargoVetRouter} from './cargo-vet.ts';
import {registryRouter} from './registry.ts';
import {adminRouter} from './admin.ts';
import {issuersRouter} from './issuers.ts';
import {credentialsRouter} from './credentials.ts';
import {endorsementsRouter} from './endorsements.ts';
import {reputationRouter} from './reputation.ts';
import {communitiesRouter} from './communities.ts';
import {reviewsRouter} from './reviews.ts';
import {reviewRequestsRouter} from './review-requests.ts';
import {bakedRouter} from './baked.ts';
import {inspectRouter} from './inspect.ts';
import {policiesRouter} from './policies.ts';
import {badgesRouter} from './badges.ts';
import {pagesRouter} from './pages.ts';
import {communityPagesRouter} from './community-pages.ts';
import {packagePagesRouter} from './package-pages.ts';
import {federationEdge, wellKnownEdge} from './federation-edge.ts';
import {federationRouter} from './federation-api.ts';
import {signInRouter} from './web/sign-in.ts';
import {accountRouter} from './web/account.ts';
import {invitationsRouter} from './web/invitations.ts';
import {communityFormsRouter} from './web/communities.ts';
import {roleFormsRouter} from './web/roles.ts';
import {stewardFormsRouter} from './web/stewards.ts';
import {communityRolesRouter} from './web/community-roles.ts';
import {organisationRouter} from './web/organisation.ts';
import {directoryRouter} from './web/directory.ts';
import {passkeysRouter} from './web/passkeys.ts';
import {oauthEdge, oauthPagesRouter} from './oauth.ts';
import {ob3Router} from './ob3.ts';
import {openApiRouter} from './openapi/index.ts';

/** More fields than any of our forms has: a form with more is refused (400), not read. */
const MAX_FORM_FIELDS = 200;

function wantsErrorPage(req: Request): boolean {
  if (req.is('application/x-www-form-urlencoded')) return true;
  return (req.method === 'GET' || req.method === 'HEAD') && !req.path.startsWith('/api/') && wantsPage(req);
}

/**
 * The Express edge: log, set security headers and count every request; serve
 * health, readiness and metrics at the root; serve the product under the
 * public URL's path prefix (so `https://example.org/hallmark` routes where its
 * ids point); parse and bound bodies, authenticate, route, map errors.
 */
export function createApp(services: Services): Express {
  const {config} = services;
  const edge = express();
  edge.disable('x-powered-by');
  edge.set('trust proxy', config.trustProxy);
  edge.use(requestLog(services.log));
  edge.use(securityHeaders(config.publicUrl));
  edge.use(requestMetrics(services.metrics));
  edge.use(operationsRouter(services));
  const prefix = pathPrefix(config.publicUrl);
  // Discovery stays at the host root (the proxy routes /.well-known/ there too); everything else is below the prefix.
  if (prefix !== '') edge.use(wellKnownEdge(services));
  edge.use(prefix || '/', productApp(services));
  edge.use(notFoundHandler);
  edge.use(errorHandler);
  return edge;
}

/**
 * Routes set `Location: /api/v1/…` as paths below the product's root; behind
 * a path prefix those must carry it (paths built from the public URL already do).
 */
function prefixedLocations(prefix: string): RequestHandler {
  return (_req, res, next) => {
    if (prefix !== '') {
      const location = res.location.bind(res);
      res.location = (url: string) => location(url.startsWith('/') && !url.startsWith(`${prefix}/`) ? `${prefix}${url}` : url);
    }
    next();
  };
}

function pathPrefix(publicUrl: string): string {
  return new URL(publicUrl).pathname.replace(/\/+$/, '');
}

export interface RouteEntry {
  method: string;
  path: string;
}

type RouteLayer = {route?: {path: string; methods: Record<string, boolean>}; handle?: {stack?: unknown}};

function routesIn(stack: RouteLayer[], routes: RouteEntry[] = []): RouteEntry[] {
  for (const layer of stack) {
    if (layer.route) for (const method of Object.keys(layer.route.methods)) routes.push({method, path: layer.route.path});
    else if (Array.isArray(layer.handle?.stack)) routesIn(layer.handle.stack as RouteLayer[], routes);
  }
  return routes;
}

/** Every route the product serves (below the prefix), for tests that must cover each one. */
export function productRoutes(services: Services): RouteEntry[] {
  return routesIn((productApp(services) as unknown as {router: {stack: RouteLayer[]}}).router.stack);
}

/** The operator's routes served at the root whatever the prefix (health, readiness, metrics). */
export function rootRoutes(services: Services): RouteEntry[] {
  return routesIn((operationsRouter(services) as unknown as {stack: RouteLayer[]}).stack);
}

function productApp(services: Services): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', services.config.trustProxy);
  app.use(prefixedLocations(pathPrefix(services.config.publicUrl)));
  // Before any body parser: it reads (and bounds) activity bodies itself, after the blocklist check.
  app.use(federationEdge(services));
  // oidc-provider reads (and bounds) its own bodies and authenticates its clients itself.
  app.use(oauthEdge(services));
  // The Open Badges API parses its own bodies and answers in its own error format (Imsx_StatusInfo).
  app.use(ob3Router(services));
  app.use(express.json({limit: services.config.maxBodyBytes, type: ['application/json', 'application/ld+json', 'application/*+json']}));
  // Forms post url-encoded fields: flat (no nested objects), bounded in size and number.
  app.use(express.urlencoded({extended: false, limit: services.config.maxBodyBytes, parameterLimit: MAX_FORM_FIELDS}));
  app.use((req, _res, next) => {
    assertTractable(req.body);
    next();
  });
  app.use(authenticate(services.tokens, services.auth, cookieSettings(services.config.publicUrl), services.limits.limiter('token-failures')));
  app.use(resolveActor(services.vetting));
  app.use(adminRouter(services));
  app.use(issuersRouter(services));
  app.use(signInRouter(services));
  app.use(accountRouter(services));
  app.use(passkeysRouter(services));
  app.use(oauthPagesRouter(services));
  app.use(invitationsRouter(services));
  app.use(communityFormsRouter(services));
  app.use(roleFormsRouter(services));
  app.use(stewardFormsRouter(services));
  app.use(communityRolesRouter(services));
  app.use(organisationRouter(services));
  app.use(directoryRouter(services));
  app.use(pagesRouter(services));
  app.use(cargoVetRouter(services));
  app.use(communityPagesRouter(services));
  app.use(packagePagesRouter(services));
  app.use(credentialsRouter(services));
  app.use(endorsementsRouter(services));
  app.use(reputationRouter(services));
  app.use(communitiesRouter(services));
  app.use(reviewsRouter(services));
  app.use(reviewRequestsRouter(services));
  app.use(bakedRouter(services));
  app.use(inspectRouter(services));
  app.use(policiesRouter(services));
  app.use(checkRouter(services));
  app.use(registryRouter(services));
  app.use(badgesRouter(services));
  app.use(federationRouter(services));
  app.use(openApiRouter(services));
  app.use(notFoundHandler);
  // Browsers get an error page (a refused form, an unknown page); programs get the JSON error.
  app.use(((error, req, res, next) => (wantsErrorPage(req) ? pageErrorHandler : errorHandler)(error, req, res, next)) as ErrorRequestHandler);
  return app;
}
