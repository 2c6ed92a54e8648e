import {readFileSync} from 'node:fs';
import {Router} from 'express';
import type {Services} from '../services.ts';
import {credentialView} from '../pages/credential-view.ts';
import {credentialPage} from '../pages/credential-page.ts';
import {PASSKEY_SCRIPT_PATH, STYLESHEET_PATH} from '../pages/layout.ts';
import {inspectionResults, verifyForm, VERIFY_FIELDS, type InspectionView} from '../pages/verify-page.ts';
import type {InspectInput, InspectionResult} from '../inspect/index.ts';
import {invalidInput} from '../errors.ts';
import {parseIdentityField} from '../credentials/recipients.ts';
import {readForm, type Form} from './upload.ts';
import {credentialIdParam} from './params.ts';
import {localPath} from '../pages/models/listings.ts';
import {credentialPageView} from '../pages/models/credential.ts';
import {pageErrorHandler, sendPage, staticAsset, wantsPage} from './html-response.ts';
import {rateLimit} from './rate-limit.ts';

const STYLESHEET = staticAsset(readFileSync(new URL('../pages/hallmark.css', import.meta.url), 'utf8'), 'text/css; charset=utf-8');
const PASSKEY_SCRIPT = staticAsset(readFileSync(new URL('../pages/passkeys.js', import.meta.url), 'utf8'), 'text/javascript; charset=utf-8');

/** Exactly one of the three ways to give a credential. */
function inspectInput(form: Form): InspectInput {
  const text = form.fields[VERIFY_FIELDS.text]?.trim() ?? '';
  const url = form.fields[VERIFY_FIELDS.url]?.trim() ?? '';
  const given: InspectInput[] = [
    ...(text ? [{kind: 'text', text} as const] : []),
    ...(url ? [{kind: 'url', url} as const] : []),
    ...(form.file ? [{kind: 'file', bytes: form.file.bytes, filename: form.file.filename, mediaType: form.file.mediaType} as const] : []),
  ];
  if (given.length === 0) throw invalidInput('paste a credential, choose a file, or give an address', [{field: 'text', problem: 'all three are empty'}]);
  if (given.length > 1) throw invalidInput('give one thing to verify at a time: pasted text, a file, or an address', [{field: '', problem: `${given.length} were given`}]);
  return given[0];
}

function inspectionView(result: InspectionResult): InspectionView {
  return {
    credentials: result.reports.map(({source, report}) => ({
      source,
      view: credentialView(null, report),
      recipient: report.recipient,
      ...(report.openBadgesVersion && report.openBadgesVersion !== '3.0' ? {legacy: report.openBadgesVersion} : {}),
    })),
    problems: result.problems,
    suspicious: result.suspicious,
  };
}

/** HTML pages for people: credential verification pages and the /verify form. */
export function pagesRouter(services: Services): Router {
  const router = Router();
  const {urls} = services;

  for (const [path, asset] of [[STYLESHEET_PATH, STYLESHEET], [PASSKEY_SCRIPT_PATH, PASSKEY_SCRIPT]] as const) {
    router.get(path, (req, res) => {
      res.set({'Cache-Control': 'public, max-age=3600', ETag: asset.etag, 'X-Content-Type-Options': 'nosniff'});
      if (req.fresh) {
        res.status(304).end();
        return;
      }
      res.type(asset.type).send(asset.text);
    });
  }

  router.get('/credentials/:id', async (req, res, next) => {
    res.vary('Accept');
    if (!wantsPage(req)) return next();
    const record = await services.records.get(credentialIdParam(req));
    const report = await services.verify(record.credential);
    const view = await credentialPageView(services, record.credential, report);
    const page = urls.credentialPage(record.id);
    const badge = urls.badgeImage(record.id);
    // In-page links stay on the origin the reader is on; previews need absolute URLs.
    const links = {page: localPath(page), json: `${localPath(page)}?format=json`, badge: localPath(badge), bakedPng: localPath(urls.bakedPng(record.id)), bakedSvg: localPath(urls.bakedSvg(record.id))};
    const description = `${view.verdict.headline}: ${view.title}, issued by ${view.issuer.name ?? view.issuer.id ?? 'an unnamed issuer'}.`;
    sendPage(res, 200, {title: view.title, description, url: page, image: urls.bakedPng(record.id)}, credentialPage(view, links));
  });

  router.get('/verify', (_req, res) => {
    sendPage(res, 200, {title: 'Verify a badge', description: 'Check any Open Badge: paste it, upload it, or give its address.', url: `${urls.base}/verify`}, verifyForm());
  });

  router.post('/verify', rateLimit(services.limits.limiter('verify')), async (req, res) => {
    if (!req.is('multipart/form-data')) throw invalidInput('send the form as multipart/form-data');
    const form = await readForm(req, res, {maxFieldBytes: services.config.maxBodyBytes, fields: [VERIFY_FIELDS.text, VERIFY_FIELDS.url, VERIFY_FIELDS.recipient]});
    const recipient = form.fields[VERIFY_FIELDS.recipient]?.trim() ? parseIdentityField(form.fields[VERIFY_FIELDS.recipient]) : undefined;
    const result = await services.inspector.inspect(inspectInput(form), {recipient});
    const found = result.reports.length;
    sendPage(res, 200, {title: 'Verification results', description: `${found} credential${found === 1 ? '' : 's'} checked by Hallmark.`}, inspectionResults(inspectionView(result)));
  });

  router.use(pageErrorHandler);
  return router;
}
