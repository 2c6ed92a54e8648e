import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {createIssuer, startHallmark, type TestHallmark} from '../helpers/hallmark.ts';

/** Bad input and access control on the routes the feature suites touch least. */
describe('HTTP edges', () => {
  let t: TestHallmark;
  let issuerToken: {Authorization: string};
  before(async () => {
    t = await startHallmark();
    await createIssuer(t, 'acme');
    issuerToken = {Authorization: `Bearer ${(await t.http.post('/api/v1/issuers/acme/tokens').set(t.admin).send({})).body.token}`};
  });
  after(() => t.close());

  it('answers unknown routes with a JSON 404', async () => {
    const response = await t.http.get('/no/such/route');
    assert.equal(response.status, 404);
    assert.equal(response.body.error.kind, 'not-found');
  });

  it('refuses a malformed id in any path with a 400 naming the parameter, before any lookup', async () => {
    const malformed: Array<[string, string]> = [
      ['/api/v1/communities/Not_A_Slug', 'slug'],
      ['/api/v1/accounts/%3Cscript%3E', 'handle'],
      ['/api/v1/communities/bad--slug-/reviewers', 'slug'],
      ['/api/v1/reviews/not-a-uuid', 'id'],
      ['/api/v1/evidence/..%2Fx', 'id'],
      ['/api/v1/communities/js-vet/policies/Bad_Name', 'name'],
      ['/api/v1/communities/js-vet/policies/p/versions/0', 'version'],
      ['/credentials/not-a-uuid', 'id'],
      ['/api/v1/badges/not-a-uuid/embed', 'id'],
      ['/issuers/ACME', 'slug'],
      ['/api/v1/packages/not-a-purl', 'purl'],
    ];
    for (const [path, parameter] of malformed) {
      const response = await t.http.get(path).set('Accept', 'application/json');
      assert.equal(response.status, 400, path);
      assert.equal(response.body.error.kind, 'invalid-input', path);
      assert.ok(response.body.error.problems.some((problem: {field: string}) => problem.field === parameter), `${path} names "${parameter}"`);
    }
    // Well-formed but unknown stays a 404.
    assert.equal((await t.http.get('/api/v1/communities/no-such-community')).status, 404);
    assert.equal((await t.http.get('/api/v1/reviews/00000000-0000-4000-8000-000000000000')).status, 404);
    // Badge images always render: a malformed id is a grey SVG with a 404.
    const badge = await t.http.get('/badges/not-a-uuid.svg');
    assert.equal(badge.status, 404);
    assert.match(badge.headers['content-type'], /^image\/svg\+xml/);
  });

  it('shows an issuer\'s keys to the admin only', async () => {
    const response = await t.http.get('/api/v1/issuers/acme').set(t.admin);
    assert.equal(response.status, 200);
    assert.equal(response.body.slug, 'acme');
    assert.equal(response.body.keys.length, 1);
    assert.equal(JSON.stringify(response.body).includes('sealed'), false, 'no key material, sealed or not');
    assert.equal((await t.http.get('/api/v1/issuers/acme').set(issuerToken)).status, 403);
    assert.equal((await t.http.get('/api/v1/issuers/acme')).status, 401);
    assert.equal((await t.http.get('/api/v1/issuers/missing').set(t.admin)).status, 404);
  });

  it('answers 404 for the DID document and status lists of unknown issuers and lists', async () => {
    assert.equal((await t.http.get('/issuers/missing/did.json')).status, 404);
    assert.equal((await t.http.get('/issuers/acme/status/00000000-0000-4000-8000-000000000000')).status, 404);
    const traversal = await t.http.get('/issuers/acme/status/..%2F..%2Fetc%2Fpasswd');
    assert.equal(traversal.status, 400, 'a malformed id is refused before any lookup');
    assert.match(traversal.body.error.message, /"listId"/);
  });

  it('lets only the admin rotate keys, and only for existing issuers', async () => {
    assert.equal((await t.http.post('/api/v1/issuers/acme/keys/rotate').set(issuerToken).send({})).status, 403);
    assert.equal((await t.http.post('/api/v1/issuers/missing/keys/rotate').set(t.admin).send({})).status, 404);
  });

  it('refuses malformed token requests and tokens for issuer tokens', async () => {
    assert.equal((await t.http.post('/api/v1/issuers/acme/tokens').set(t.admin).send({label: 42})).status, 400);
    assert.equal((await t.http.post('/api/v1/issuers/acme/tokens').set(t.admin).send({label: 'x', scope: 'admin'})).status, 400);
    assert.equal((await t.http.post('/api/v1/issuers/acme/tokens').set(issuerToken).send({})).status, 403, 'an issuer token cannot mint tokens');
  });

  it('refuses malformed Authorization headers', async () => {
    for (const header of ['Bearer', 'Basic dXNlcjpwYXNz', `Bearer ${'x'.repeat(600)}`, 'Bearer two words']) {
      const response = await t.http.post('/issuers/acme/credentials/issue').set('Authorization', header).send({});
      assert.equal(response.status, 401, header.slice(0, 20));
    }
  });

  it('treats a non-JSON content type as no body', async () => {
    const response = await t.http.post('/api/v1/issuers').set(t.admin).set('Content-Type', 'text/plain').send('slug=x&name=y');
    assert.equal(response.status, 400);
  });
});
