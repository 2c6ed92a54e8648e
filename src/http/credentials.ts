import {Router} from 'express';
import type {Services} from '../services.ts';
import {invalidInput} from '../errors.ts';
import {validateIssue, validateStatus} from './requests.ts';
import {idempotencyKey, slugParam, credentialIdParam} from './params.ts';
import {issuerOrAdmin} from './auth.ts';
import {credentialLocation} from './locations.ts';
import {rateLimit} from './rate-limit.ts';

/** The W3C VC-API: issue, update status, verify; plus reading issued credentials. */
export function credentialsRouter(services: Services): Router {
  const router = Router();

  router.post('/issuers/:slug/credentials/issue', issuerOrAdmin, async (req, res) => {
    const result = await services.issuance.issue(slugParam(req), validateIssue(req.body), idempotencyKey(req));
    // A replay answers exactly as the first response did, and says that it is one.
    if (!result.created) res.set('Idempotent-Replayed', 'true');
    res.status(201).location(credentialLocation(services, result.verifiableCredential)).json({verifiableCredential: result.verifiableCredential});
  });

  router.post('/issuers/:slug/credentials/status', issuerOrAdmin, async (req, res) => {
    res.json(await services.credentialStatus.update(slugParam(req), validateStatus(req.body)));
  });

  router.post('/credentials/verify', rateLimit(services.limits.limiter('verify')), async (req, res) => {
    const body: unknown = req.body;
    if (typeof body !== 'object' || body === null || !('verifiableCredential' in body)) {
      throw invalidInput('expected a JSON body {"verifiableCredential": …}', [{field: '/verifiableCredential', problem: 'is required'}]);
    }
    const report = await services.verify(body.verifiableCredential);
    res.status(report.verified ? 200 : 400).json(report);
  });

  router.get('/credentials/:id', async (req, res) => {
    const record = await services.records.get(credentialIdParam(req));
    res.type('application/ld+json').send(JSON.stringify(record.credential));
  });

  return router;
}
