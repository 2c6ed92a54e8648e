import {Router} from 'express';
import type {Services} from '../services.ts';
import {validateReview, validateReviewRetract, validateVetting, validateVettingResolve} from './requests.ts';
import {purlParam, slugParam, uuidParam} from './params.ts';
import {actorOf} from './actor.ts';
import {REVIEW_SCALES} from '../vetting/review-scales.ts';

/** Reviews, vettings and the package view. */
export function reviewsRouter(services: Services): Router {
  const router = Router();
  const {reviews, vettings, packages} = services.vetting;

  router.post('/api/v1/communities/:slug/reviews', async (req, res) => {
    const actor = actorOf(res);
    const review = await reviews.submit(actor, slugParam(req), validateReview(req.body));
    res.status(201).location(`/api/v1/reviews/${review.id}`).json({review, standingReason: await vettings.standingReason(review), credential: await reviews.credential(review)});
  });

  router.get('/api/v1/review-scales', (_req, res) => {
    res.json({scales: REVIEW_SCALES});
  });

  router.get('/api/v1/reviews/:id', async (req, res) => {
    const review = await reviews.get(uuidParam(req));
    res.json({review, standingReason: await vettings.standingReason(review), vettings: await vettings.forReview(review.id), credential: await reviews.credential(review)});
  });

  router.post('/api/v1/reviews/:id/retract', async (req, res) => {
    const actor = actorOf(res);
    validateReviewRetract(req.body ?? {});
    res.json({review: await reviews.retract(actor, uuidParam(req))});
  });

  router.post('/api/v1/reviews/:id/vettings', async (req, res) => {
    const actor = actorOf(res);
    const result = await vettings.record(actor, uuidParam(req), validateVetting(req.body));
    res.status(201).location(`/api/v1/vettings/${result.vetting.id}`).json(result);
  });

  router.get('/api/v1/vettings/:id', async (req, res) => {
    res.json({vetting: await vettings.get(uuidParam(req))});
  });

  router.post('/api/v1/vettings/:id/resolve', async (req, res) => {
    const actor = actorOf(res);
    const {outcome} = validateVettingResolve(req.body);
    res.json(await vettings.resolve(actor, uuidParam(req), outcome));
  });

  // A purl holds slashes (pkg:npm/%40scope/name@1.0.0), so the rest of the path (decoded by Express) is the purl.
  router.get('/api/v1/packages/*purl', async (req, res) => {
    res.json(await packages.view(purlParam(req)));
  });

  return router;
}
