import {Router} from 'express';
import type {Services} from '../services.ts';
import {validateEndorsement, validateEndorsementRegistration} from './requests.ts';
import {idempotencyKey, queryText, slugParam} from './params.ts';
import {actorOf} from './actor.ts';
import {credentialLocation} from './locations.ts';
import {invalidInput} from '../errors.ts';
import {MAX_ENDORSEMENTS} from '../credentials/verify/endorsement-check.ts';

/** Endorsements: issued by this instance's issuers, or registered from elsewhere (admin). */
export function endorsementsRouter(services: Services): Router {
  const router = Router();

  router.post('/api/v1/issuers/:slug/endorsements', async (req, res) => {
    const result = await services.endorsements.issueAs(actorOf(res), slugParam(req), validateEndorsement(req.body), idempotencyKey(req));
    if (!result.created) res.set('Idempotent-Replayed', 'true');
    res.status(201).location(credentialLocation(services, result.verifiableCredential)).json({verifiableCredential: result.verifiableCredential});
  });

  router.post('/api/v1/endorsements', async (req, res) => {
    const {verifiableCredential} = validateEndorsementRegistration(req.body);
    const {endorsement, created} = await services.endorsements.registerAs(actorOf(res), verifiableCredential);
    // Registered endorsements are read by what they endorse.
    res.status(created ? 201 : 200).location(`/api/v1/endorsements?target=${encodeURIComponent(endorsement.targetId)}`).json({endorsement, created});
  });

  router.get('/api/v1/endorsements', async (req, res) => {
    const target = queryText(req, 'target', 2000, '<the endorsed id>');
    const include = req.query.include;
    if (include !== undefined && include !== 'credential') throw invalidInput('?include takes only "credential"', [{field: 'include', problem: 'must be "credential"'}]);
    // With ?include=credential, each entry carries the endorsement itself, for verifiers elsewhere to verify.
    res.json({endorsements: await services.endorsements.listFor(target, include === 'credential' ? MAX_ENDORSEMENTS : 100, include === 'credential')});
  });

  return router;
}
