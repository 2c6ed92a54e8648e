import {Router} from 'express';
import type {Services} from '../services.ts';
import {invalidInput} from '../errors.ts';
import {REVIEW_REQUEST_STATES, type ReviewRequestState} from '../vetting/review-requests.ts';
import {validateReviewRequest, validateReviewRequestWithdraw} from './requests.ts';
import {slugParam, uuidParam} from './params.ts';
import {actorOf} from './actor.ts';

/** Maintainers ask a community for a review; auditors read the open requests. */
export function reviewRequestsRouter(services: Services): Router {
  const router = Router();
  const {requests} = services.vetting;

  router.post('/api/v1/communities/:slug/review-requests', async (req, res) => {
    const actor = actorOf(res);
    const request = await requests.create(actor, slugParam(req), validateReviewRequest(req.body));
    res.status(201).location(`/api/v1/review-requests/${request.id}`).json(request);
  });

  router.get('/api/v1/communities/:slug/review-requests', async (req, res) => {
    res.json({requests: await requests.list(slugParam(req), stateQuery(req.query.state))});
  });

  router.get('/api/v1/review-requests/:id', async (req, res) => {
    res.json(await requests.get(uuidParam(req)));
  });

  router.post('/api/v1/review-requests/:id/withdraw', async (req, res) => {
    const actor = actorOf(res);
    const {reason} = validateReviewRequestWithdraw(req.body ?? {});
    res.json(await requests.withdraw(actor, uuidParam(req), reason));
  });

  return router;
}

function stateQuery(value: unknown): ReviewRequestState {
  if (value === undefined) return 'open';
  if (typeof value === 'string' && (REVIEW_REQUEST_STATES as readonly string[]).includes(value)) return value as ReviewRequestState;
  throw invalidInput(`"state" must be one of ${REVIEW_REQUEST_STATES.join(', ')}`, [{field: 'state', problem: `must be one of ${REVIEW_REQUEST_STATES.join(', ')}`}]);
}
