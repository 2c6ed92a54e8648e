import {Router} from 'express';
import type {Services} from '../services.ts';
import {invalidInput} from '../errors.ts';
import {assertTractable} from '../json-limits.ts';
import {parseRequirements, type PolicyRequirement} from '../vetting/sbom-check.ts';
import {validateCheckRequest} from './requests.ts';
import {readSingleUpload} from './upload.ts';
import {queryList} from './params.ts';

/**
 * `POST /api/v1/check`: public, like the badges it reads. JSON `{sbom,
 * policies}` up to the API's body limit, or one uploaded SBOM file (larger
 * lockfiles) with `?policy=community/name` repeated.
 */
export function checkRouter(services: Services): Router {
  const router = Router();

  router.post('/api/v1/check', async (req, res) => {
    let sbom: unknown;
    let requirements: PolicyRequirement[];
    if (req.is('multipart/form-data')) {
      requirements = parseRequirements(queryList(req, 'policy', 'community/policy'));
      const upload = await readSingleUpload(req, res);
      sbom = parseUploadedJson(upload.bytes);
    } else if (req.is(['application/json', 'application/*+json'])) {
      const body = validateCheckRequest(req.body);
      sbom = body.sbom;
      requirements = parseRequirements(body.policies);
    } else {
      throw invalidInput('send JSON {"sbom": …, "policies": ["community/policy"]}, or multipart/form-data with one SBOM file and ?policy=community/policy');
    }
    res.json(await services.sbomCheck.check(sbom, requirements));
  });

  return router;
}

function parseUploadedJson(bytes: Buffer): unknown {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw invalidInput(`the SBOM is not JSON: ${(error as Error).message}`, [{field: 'file', problem: 'not JSON'}]);
  }
  assertTractable(value);
  return value;
}
