import {Router} from 'express';
import type {Services} from '../services.ts';
import type {InspectInput} from '../inspect/index.ts';
import {invalidInput} from '../errors.ts';
import {validateVerifyRequest} from './requests.ts';
import {readSingleUpload} from './upload.ts';
import {rateLimit} from './rate-limit.ts';

/** "Verify anything": public, and bounded by the inspector's per-inspection limits. */
export function inspectRouter(services: Services): Router {
  const router = Router();

  router.post('/api/v1/verify', rateLimit(services.limits.limiter('verify')), async (req, res) => {
    let input: InspectInput;
    if (req.is('multipart/form-data')) {
      const upload = await readSingleUpload(req, res);
      input = {kind: 'file', bytes: upload.bytes, filename: upload.filename, mediaType: upload.mediaType};
    } else if (req.is(['application/json', 'application/*+json'])) {
      const body = validateVerifyRequest(req.body);
      input = 'url' in body ? {kind: 'url', url: body.url} : {kind: 'text', text: body.text};
    } else {
      throw invalidInput('send JSON {"url": …} or {"text": …}, or multipart/form-data with one file');
    }
    res.json(await services.inspector.inspect(input));
  });

  return router;
}
