import express, {type Express} from 'express';
import type {Services} from '../services.ts';
import {assertTractable} from '../json-limits.ts';
import {bearerAuth} from './auth.ts';
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

/** The Express edge: parse and bound bodies, authenticate, route, map errors. */
export function createApp(services: Services): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  // Before any body parser: it reads (and bounds) activity bodies itself, after the blocklist check.
  app.use(federationEdge(services));
  app.use(express.json({limit: services.config.maxBodyBytes, type: ['application/json', 'application/ld+json', 'application/*+json']}));
  app.use((req, _res, next) => {
    assertTractable(req.body);
    next();
  });
  app.get('/healthz', async (_req, res) => {
    await services.store.ping();
    res.json({status: 'ok'});
  });
  app.use(bearerAuth(services.tokens, services.limits.limiter('token-failures')));
  app.use(adminRouter(services));
  app.use(issuersRouter(services));
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
  app.use(errorHandler);
  return app;
}
