import express, {type ErrorRequestHandler, type Express, type Request} from 'express';
import {pageErrorHandler, wantsPage} from './html-response.ts';
import type {Services} from '../services.ts';
import {assertTractable} from '../json-limits.ts';
import {authenticate, cookieSettings} from './web-auth.ts';
import {errorHandler, notFoundHandler} from './errors.ts';
import {checkRouter} from './check.ts';
import {adminRouter} from './admin.ts';
import {issuersRouter} from './issuers.ts';
import {credentialsRouter} from './credentials.ts';
import {endorsementsRouter} from './endorsements.ts';
import {reputationRouter} from './reputation.ts';
import {communitiesRouter} from './communities.ts';
import {reviewsRouter} from './reviews.ts';
import {bakedRouter} from './baked.ts';
import {inspectRouter} from './inspect.ts';
import {policiesRouter} from './policies.ts';
import {badgesRouter} from './badges.ts';
import {pagesRouter} from './pages.ts';
import {communityPagesRouter} from './community-pages.ts';
import {packagePagesRouter} from './package-pages.ts';
import {federationEdge} from './federation-edge.ts';
import {federationRouter} from './federation-api.ts';
import {signInRouter} from './web/sign-in.ts';
import {accountRouter} from './web/account.ts';
import {invitationsRouter} from './web/invitations.ts';
import {communityFormsRouter} from './web/communities.ts';

/** More fields than any of our forms has: a form with more is refused (400), not read. */
const MAX_FORM_FIELDS = 200;

function wantsErrorPage(req: Request): boolean {
  if (req.is('application/x-www-form-urlencoded')) return true;
  return (req.method === 'GET' || req.method === 'HEAD') && !req.path.startsWith('/api/') && wantsPage(req);
}

/** The Express edge: parse and bound bodies, authenticate, route, map errors. */
export function createApp(services: Services): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  // Before any body parser: it reads (and bounds) activity bodies itself, after the blocklist check.
  app.use(federationEdge(services));
  app.use(express.json({limit: services.config.maxBodyBytes, type: ['application/json', 'application/ld+json', 'application/*+json']}));
  // Forms post url-encoded fields: flat (no nested objects), bounded in size and number.
  app.use(express.urlencoded({extended: false, limit: services.config.maxBodyBytes, parameterLimit: MAX_FORM_FIELDS}));
  app.use((req, _res, next) => {
    assertTractable(req.body);
    next();
  });
  app.get('/healthz', async (_req, res) => {
    await services.store.ping();
    res.json({status: 'ok'});
  });
  app.use(authenticate(services.tokens, services.auth, cookieSettings(services.config.publicUrl), services.limits.limiter('token-failures')));
  app.use(adminRouter(services));
  app.use(issuersRouter(services));
  app.use(signInRouter(services));
  app.use(accountRouter(services));
  app.use(invitationsRouter(services));
  app.use(communityFormsRouter(services));
  app.use(pagesRouter(services));
  app.use(communityPagesRouter(services));
  app.use(packagePagesRouter(services));
  app.use(credentialsRouter(services));
  app.use(endorsementsRouter(services));
  app.use(reputationRouter(services));
  app.use(communitiesRouter(services));
  app.use(reviewsRouter(services));
  app.use(bakedRouter(services));
  app.use(inspectRouter(services));
  app.use(policiesRouter(services));
  app.use(checkRouter(services));
  app.use(badgesRouter(services));
  app.use(federationRouter(services));
  app.use(notFoundHandler);
  // Browsers get an error page (a refused form, an unknown page); programs get the JSON error.
  app.use(((error, req, res, next) => (wantsErrorPage(req) ? pageErrorHandler : errorHandler)(error, req, res, next)) as ErrorRequestHandler);
  return app;
}
