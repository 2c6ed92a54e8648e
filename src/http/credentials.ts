import {Router} from 'express';
import type {Services} from '../services.ts';
import {validateCredentialVerify, validateIssue, validatePresentationVerify, validateStatus} from './requests.ts';
import {idempotencyKey, slugParam, credentialIdParam} from './params.ts';
import {actorOf} from './actor.ts';
import {credentialLocation} from './locations.ts';
import {rateLimit} from './rate-limit.ts';

/** The W3C VC-API: issue, update status, verify; plus reading issued credentials. */
export function credentialsRouter(services: Services): Router {
  const router = Router();

  router.post('/issuers/:slug/credentials/issue', async (req, res) => {
    const result = await services.issuance.issueAs(actorOf(res), slugParam(req), validateIssue(req.body), idempotencyKey(req));
    // A replay answers exactly as the first response did, and says that it is one.
    if (!result.created) res.set('Idempotent-Replayed', 'true');
    res.status(201).location(credentialLocation(services, result.verifiableCredential)).json({verifiableCredential: result.verifiableCredential});
  });

  router.post('/issuers/:slug/credentials/status', async (req, res) => {
    res.json(await services.credentialStatus.updateAs(actorOf(res), slugParam(req), validateStatus(req.body)));
  });

  // A credential gets its report (200 valid, 400 not); what is not a credential at all gets a 400 error naming why.
  router.post('/credentials/verify', rateLimit(services.limits.limiter('verify')), async (req, res) => {
    const {verifiableCredential} = validateCredentialVerify(req.body);
    const report = await services.verify(verifiableCredential);
    res.status(report.verified ? 200 : 400).json(report);
  });

  router.post('/presentations/verify', rateLimit(services.limits.limiter('verify')), async (req, res) => {
    const {verifiablePresentation, options} = validatePresentationVerify(req.body);
    const report = await services.verifyPresentation(verifiablePresentation, options);
    res.status(report.verified ? 200 : 400).json(report);
  });

  // Everything needed to verify the credential offline, later, without this instance (schemas/hallmark-verification-bundle.schema.json).
  router.get('/credentials/:id/bundle', async (req, res) => {
    const bundle = await services.bundles.bundle(credentialIdParam(req));
    res.type('application/json').send(JSON.stringify(bundle));
  });

  router.get('/credentials/:id', async (req, res) => {
    const record = await services.records.get(credentialIdParam(req));
    res.type('application/ld+json').send(JSON.stringify(record.credential));
  });

  return router;
}
