import {describe, it, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {Validator} from '@seriousme/openapi-schema-validator';
import {productRoutes, rootRoutes} from '../../src/http/app.ts';
import {templatePath} from '../../src/http/openapi/index.ts';
import {REVIEW_SCALES} from '../../src/vetting/review-scales.ts';
import {startHallmark, type TestHallmark} from '../helpers/hallmark.ts';
import {checkResponse} from '../helpers/openapi-check.ts';

type Json = Record<string, unknown>;

describe('the OpenAPI description of our own API', () => {
  let t: TestHallmark;
  let document: Json & {paths: Record<string, Record<string, Json>>; components: {schemas: Record<string, Json>}};

  before(async () => {
    t = await startHallmark();
    const response = await t.http.get('/api/v1/openapi.json');
    assert.equal(response.status, 200);
    assert.match(response.headers['content-type'], /^application\/json/);
    document = response.body;
  });
  after(() => t.close());

  it('is a valid OpenAPI 3.1 document whose references all resolve', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document));
    assert.deepEqual(result.errors, undefined, JSON.stringify(result.errors, null, 1)?.slice(0, 3000));
    assert.equal(result.valid, true);
    assert.equal(validator.version, '3.1');
    assert.doesNotThrow(() => validator.resolveRefs());
    assert.equal(document.openapi, '3.1.0');
  });

  it('describes every route the app registers, and no route it does not', () => {
    // The 1EdTech OB 3.0 REST API and its OAuth 2.0 server have their own, spec-given description
    // (GET /ims/ob/v3p0/discovery), which binds them; ours may describe them too, for integrators
    // reading one document, but the walk sees that sub-router's paths without their mount point.
    const OB3 = new Set(['/ims/ob/v3p0/discovery', '/discovery', '/credentials', '/profile', '/oauth/reg']);
    const ownDescription = (path: string) => path.startsWith('/ims/ob/v3p0/') || path.startsWith('/oauth/') || OB3.has(path);
    const registered = new Set([...productRoutes(t.hallmark.services), ...rootRoutes(t.hallmark.services)].filter(({path}) => !ownDescription(path)).map(({method, path}) => `${method.toUpperCase()} ${templatePath(path)}`));
    // Fedify's ActivityPub edge is no Express route: described, marked `x-served-by: fedify`.
    const described = new Set(Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).filter(([, operation]) => operation['x-served-by'] !== 'fedify' && !ownDescription(path)).map(([method]) => `${method.toUpperCase()} ${path}`)));
    const missing = [...registered].filter((route) => !described.has(route));
    const stale = [...described].filter((route) => !registered.has(route));
    assert.deepEqual(missing, [], `routes without a description (add one in src/http/openapi/routes/): ${missing.join(', ')}`);
    assert.deepEqual(stale, [], `descriptions of routes that do not exist: ${stale.join(', ')}`);
  });

  it('gives every operation an example, its error answers and who may call it', () => {
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const name = `${method.toUpperCase()} ${path}`;
        const media = [
          ...Object.values(((operation.requestBody as Json | undefined)?.content ?? {}) as Record<string, Json>),
          ...Object.values(operation.responses as Record<string, Json>).flatMap((answer) => Object.values((answer.content ?? {}) as Record<string, Json>)),
        ];
        assert.ok(media.some((entry) => entry.example !== undefined), `${name} has no example`);
        const statuses = Object.keys(operation.responses as Json).map(Number);
        assert.ok(statuses.some((status) => status >= 200 && status < 400), `${name} has no success answer`);
        for (const status of [401, 429, 500]) assert.ok(statuses.includes(status), `${name} does not say it can answer ${status}`);
        if (path.includes('{')) assert.ok(statuses.includes(400) && statuses.includes(404), `${name} has path parameters but no 400/404`);
        assert.match(String(operation.description), /\*\*Who:\*\*/, `${name} does not say who may call it`);
      }
    }
  });

  it('takes request bodies from the very schemas that validate them, with every allowed value', () => {
    const review = (document.paths['/api/v1/communities/{slug}/reviews'].post.requestBody as Json).content as Record<string, Json>;
    assert.deepEqual(review['application/json'].schema, {$ref: '#/components/schemas/ReviewSubmit'});
    const schema = document.components.schemas.ReviewSubmit as Json & {properties: Record<string, Json>; $defs: Record<string, Json>};
    assert.equal(schema.$id, 'https://hallmark.example/schemas/review-submit.json', 'the component is schemas/hallmark-review-submit.schema.json itself');
    const values = (field: string) => {
      const property = schema.properties[field];
      return (property.$ref ? schema.$defs[String(property.$ref).split('/').pop() as string] : property).enum;
    };
    for (const scale of REVIEW_SCALES) assert.deepEqual(values(scale.field), scale.values.map((entry) => entry.value), scale.field);
    const scales = document.paths['/api/v1/review-scales'].get.responses as Record<string, Json>;
    assert.deepEqual(((scales['200'].content as Record<string, Json>)['application/json'].example as Json).scales, JSON.parse(JSON.stringify(REVIEW_SCALES)));
  });

  it('names this instance\'s public URL as its server', () => {
    assert.deepEqual(document.servers, [{url: t.hallmark.services.config.publicUrl.replace(/\/+$/, '')}]);
  });

  it('renders the reference for people at /api/docs, without any script', async () => {
    const response = await t.http.get('/api/docs');
    assert.equal(response.status, 200);
    assert.match(response.headers['content-type'], /^text\/html/);
    assert.doesNotMatch(response.headers['content-security-policy'], /script-src/);
    assert.doesNotMatch(response.text, /<script/i);
    assert.match(response.text, /<h1>Hallmark API reference<\/h1>/);
    assert.match(response.text, /<h3 id="post-api-v1-communities-slug-reviews"><code>POST \/api\/v1\/communities\/\{slug\}\/reviews<\/code><\/h3>/);
    // The review scales' values, where a reader looks for them.
    for (const value of ['<code>none</code>, <code>low</code>, <code>medium</code>, <code>high</code>', '<code>negative</code>, <code>neutral</code>, <code>positive</code>, <code>strong</code>']) assert.ok(response.text.includes(value), value);
  });

  it('fails a test whose response the document does not describe (the hook every HTTP test goes through)', () => {
    const response = (status: number, type: string, body: unknown) => ({status, headers: {'content-type': type}, body, text: JSON.stringify(body)}) as never;
    const scales = {scales: REVIEW_SCALES};
    assert.doesNotThrow(() => checkResponse('GET', '/api/v1/review-scales', response(200, 'application/json; charset=utf-8', scales)));
    assert.throws(() => checkResponse('GET', '/api/v1/review-scales', response(200, 'application/json', {scales: 'all of them'})), /does not match the documented schema: \/scales must be array/);
    assert.throws(() => checkResponse('GET', '/api/v1/review-scales', response(200, 'text/html', '<p>')), /media type "text\/html" is not one the answer names/);
    assert.throws(() => checkResponse('GET', '/api/v1/review-scales', response(418, 'application/json', {})), /does not list status 418/);
    assert.throws(() => checkResponse('POST', '/api/v1/communities/js-vet/reviews', response(400, 'application/json', {error: {kind: 'bad', message: 'x', problems: []}})), /\/error\/kind must be equal to one of the allowed values/);
    assert.throws(() => checkResponse('PATCH', '/api/v1/review-scales', response(200, 'application/json', {})), /no operation in the document matches/);
    assert.doesNotThrow(() => checkResponse('GET', '/no/such/route', response(404, 'application/json', {error: {kind: 'not-found', message: 'no route', problems: []}})));
  });
});
