import express, {Router, type Request} from 'express';
import type {Services} from '../services.ts';
import {invalidInput} from '../errors.ts';
import {MAX_POLICY_BYTES} from '../vetting/policies/document.ts';
import type {PolicyVersion} from '../vetting/policies/policies.ts';
import {actorOf} from './actor.ts';
import {policyNameParam, purlParam, slugParam, uuidParam, versionParam} from './params.ts';
import {validateEvaluate, validateEvidence} from './requests.ts';

const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml'];

/** Policies (publish, read, evaluate), evidence for releases, and the public Achievement of each policy version. */
export function policiesRouter(services: Services): Router {
  const router = Router();
  const {policies, evidence, evaluations} = services.policies;
  // One byte over the policy limit so that the parser, not body-parser, names the limit in its 413.
  const yamlBody = express.text({type: YAML_TYPES, limit: MAX_POLICY_BYTES + 1});

  router.post('/api/v1/communities/:slug/policies', yamlBody, async (req, res) => {
    const actor = actorOf(res);
    const {body, format} = policyBody(req);
    const result = await policies.publish(actor, slugParam(req), body, format);
    res.status(result.created ? 201 : 200).location(versionPath(result.policy)).json(result.policy);
  });

  // Anyone may check a policy and read its narrative before a steward publishes it: nothing is stored.
  router.post('/api/v1/communities/:slug/policies/preview', yamlBody, async (req, res) => {
    const {body, format} = policyBody(req);
    res.json(await policies.preview(slugParam(req), body, format));
  });

  router.get('/api/v1/communities/:slug/policies', async (req, res) => {
    res.json({policies: await policies.list(slugParam(req))});
  });

  router.get('/api/v1/communities/:slug/policies/:name', async (req, res) => {
    const versions = await policies.versions(slugParam(req), policyNameParam(req));
    res.json({latest: versions[versions.length - 1], versions: versions.map(({version, digest, publishedAt}) => ({version, digest, publishedAt}))});
  });

  router.get('/api/v1/communities/:slug/policies/:name/versions/:version', async (req, res) => {
    res.json(await policies.get(slugParam(req), policyNameParam(req), versionParam(req)));
  });

  // The Achievement's id dereferences here, so a verifier can read what a badge asserts.
  router.get('/communities/:slug/policies/:name/versions/:version', async (req, res) => {
    res.vary('Accept');
    const policy = await policies.get(slugParam(req), policyNameParam(req), versionParam(req));
    res.json(policy.achievement);
  });

  router.post('/api/v1/communities/:slug/policies/:name/evaluate', async (req, res) => {
    const request = validateEvaluate(req.body ?? {});
    const outcome = await evaluations.evaluate(actorOf(res), slugParam(req), policyNameParam(req), request.purl, {version: request.version});
    const credential = outcome.badge?.credentialId ? (await services.records.get(outcome.badge.credentialId)).credential : null;
    res.json({...outcome, credential});
  });

  router.post('/api/v1/packages/*purl/evidence', async (req, res) => {
    const actor = actorOf(res);
    const request = validateEvidence(req.body ?? {});
    const stored = await evidence.submit(actor, purlParam(req), request);
    res.status(201).location(`/api/v1/evidence/${stored.id}`).json(stored);
  });

  router.get('/api/v1/evidence/:id', async (req, res) => {
    res.json(await evidence.get(uuidParam(req)));
  });

  return router;
}

/** The policy as sent: YAML text, or JSON already parsed by the app. */
function policyBody(req: Request): {body: unknown; format: 'json' | 'yaml'} {
  const isYaml = req.is(YAML_TYPES) !== false;
  if (!isYaml && !req.is('application/json')) {
    throw invalidInput('send the policy as application/json or application/yaml', [{field: '', problem: 'unsupported content type'}]);
  }
  return isYaml ? {body: String(req.body ?? ''), format: 'yaml'} : {body: req.body, format: 'json'};
}

function versionPath(policy: PolicyVersion): string {
  return `/api/v1/communities/${policy.community}/policies/${policy.name}/versions/${policy.version}`;
}

