import {Router} from 'express';
import type {Services} from '../services.ts';
import type {InspectInput} from '../inspect/index.ts';
import {invalidInput} from '../errors.ts';
import {validateVerifyRequest} from './requests.ts';
import {readForm} from './upload.ts';
import {parseIdentities, parseIdentityField, type ClaimedIdentity} from '../credentials/recipients.ts';
import {rateLimit} from './rate-limit.ts';

/** Ten identities of 2,000 characters at most, with separators. */
export const RECIPIENT_FIELD_BYTES = 21_000;

/** "Verify anything": public, and bounded by the inspector's per-inspection limits. */
export function inspectRouter(services: Services): Router {
  const router = Router();

  router.post('/api/v1/verify', rateLimit(services.limits.limiter('verify')), async (req, res) => {
    let input: InspectInput;
    let recipient: ClaimedIdentity[] | undefined;
    if (req.is('multipart/form-data')) {
      const {file, fields} = await readForm(req, res, {maxFieldBytes: RECIPIENT_FIELD_BYTES, fields: ['recipient']});
      if (file === null) throw invalidInput('the form carries no file', [{field: 'file', problem: 'is required'}]);
      input = {kind: 'file', bytes: file.bytes, filename: file.filename, mediaType: file.mediaType};
      recipient = fields.recipient?.trim() ? parseIdentityField(fields.recipient) : undefined;
    } else if (req.is(['application/json', 'application/*+json'])) {
      const body = validateVerifyRequest(req.body);
      input = 'url' in body ? {kind: 'url', url: body.url} : {kind: 'text', text: body.text};
      recipient = body.recipient === undefined ? undefined : parseIdentities([body.recipient].flat());
    } else {
      throw invalidInput('send JSON {"url": …} or {"text": …}, or multipart/form-data with one file');
    }
    res.json(await services.inspector.inspect(input, {recipient}));
  });

  return router;
}
