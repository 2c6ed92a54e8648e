import {Router} from 'express';
import type {Services} from '../services.ts';
import {invalidInput, notFound} from '../errors.ts';
import {MAX_AUDITS_BYTES, type ImportResult} from '../vetting/cargo-vet/index.ts';
import {actorOf} from './actor.ts';
import {pathParam, slugParam, uuidParam} from './params.ts';
import {readForm} from './upload.ts';
import {validateCargoVetImport, validateCargoVetMapping} from './requests.ts';

const AUDIT_ID = /^cv-[A-Za-z0-9_-]{43}$/;
const ECOSYSTEM = /^[a-z][a-z0-9.+-]{0,31}$/;

/** cargo-vet audits in (imports by upload or URL) and out (the community's audits.toml). */
export function cargoVetRouter(services: Services): Router {
  const router = Router();
  const {cargoVet} = services.vetting;

  router.post('/api/v1/communities/:slug/cargo-vet/imports', async (req, res) => {
    const slug = slugParam(req);
    const actor = actorOf(res);
    let result: ImportResult;
    if (req.is('multipart/form-data')) {
      const form = await readForm(req, res, {maxFileBytes: MAX_AUDITS_BYTES, maxFieldBytes: 16 * 1024, fields: ['source', 'mapping']});
      if (form.file === null) throw invalidInput('the form carries no file', [{field: 'file', problem: 'is required'}]);
      const mapping = form.fields.mapping === undefined ? {} : validateCargoVetMapping(parseJsonField(form.fields.mapping, 'mapping'));
      const source = form.fields.source ?? form.file.filename ?? 'audits.toml';
      result = await cargoVet.import(actor, slug, {bytes: form.file.bytes, source, mapping});
    } else if (req.is(['application/json', 'application/*+json'])) {
      result = await cargoVet.import(actor, slug, validateCargoVetImport(req.body));
    } else {
      throw invalidInput('send multipart/form-data with the audits.toml as the field "file", or JSON {"url": …}');
    }
    res.status(201).location(`/api/v1/communities/${slug}/cargo-vet/imports/${result.id}`).json(result);
  });

  router.get('/api/v1/communities/:slug/cargo-vet/imports', async (req, res) => {
    res.json({imports: await cargoVet.imports(slugParam(req))});
  });

  router.get('/api/v1/communities/:slug/cargo-vet/imports/:id', async (req, res) => {
    const id = uuidParam(req);
    const found = (await cargoVet.imports(slugParam(req))).find((result) => result.id === id);
    if (!found) throw notFound(`community "${slugParam(req)}" has no cargo-vet import ${id}`);
    res.json(found);
  });

  router.get('/api/v1/communities/:slug/cargo-vet/audits/:id', async (req, res) => {
    const id = pathParam(req, 'id');
    if (!AUDIT_ID.test(id)) throw invalidInput(`the path parameter "id" is not an imported audit id: "${id.slice(0, 60)}"`, [{field: 'id', problem: 'must be cv- and 43 base64url characters'}]);
    res.json({...await cargoVet.entry(slugParam(req), id), origin: 'cargo-vet'});
  });

  router.get('/communities/:slug/audits.toml', async (req, res) => {
    const slug = slugParam(req);
    const ecosystems = typeof req.query.ecosystems === 'string' ? req.query.ecosystems.split(',').filter((name) => name !== '') : [];
    if (ecosystems.length > 16 || !ecosystems.every((name) => ECOSYSTEM.test(name))) throw invalidInput('?ecosystems is a comma-separated list of purl types, e.g. npm,pypi', [{field: 'ecosystems', problem: 'malformed'}]);
    const text = await cargoVet.exportFile(slug, {url: `${services.urls.communityPage(slug)}/audits.toml`, ecosystems});
    res.type('application/toml; charset=utf-8').send(text);
  });

  return router;
}

function parseJsonField(text: string, field: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw invalidInput(`the field "${field}" is not JSON`, [{field, problem: 'not JSON'}]);
  }
}
