import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {resolve} from 'node:path';
import {startServer, type TestServer} from '../net/servers.ts';
import {BADGE, createIssuer, startHallmark, type TestHallmark} from '../helpers/hallmark.ts';
import {badge, createIssuer as createTestIssuer, resolverOf, sign} from './helpers/signing.ts';
import {verify} from '../../src/credentials/verify/index.ts';

/** VC 2.0 §5.3 relatedResource, checked when issuing and when verifying. */
const V2 = 'https://www.w3.org/ns/credentials/v2';
const v2Bytes = readFileSync(resolve(import.meta.dirname, '../../contexts/credentials-v2.json'));
const sri = (algorithm: string, bytes: Uint8Array) => `${algorithm}-${createHash(algorithm).update(bytes).digest('base64')}`;
const multibase = (bytes: Uint8Array) => `u${createHash('sha256').update(bytes).digest('base64url')}`;
const DOCUMENT = Buffer.from('{"terms": "the audit report"}\n');

describe('relatedResource', () => {
  let t: TestHallmark;
  let site: TestServer;
  before(async () => {
    site = await startServer((_request, response) => void response.writeHead(200, {'content-type': 'application/json'}).end(DOCUMENT));
    t = await startHallmark({HALLMARK_FETCH_ALLOW_HOSTS: `127.0.0.1:${site.port}`});
    await createIssuer(t, 'acme');
  });
  after(async () => {
    await t.close();
    await site.close();
  });

  const issue = (relatedResource: unknown) => t.http.post('/issuers/acme/credentials/issue').set(t.admin).send({credential: {...BADGE, relatedResource}});
  const report = async (credential: unknown) => (await t.http.post('/credentials/verify').send({verifiableCredential: credential})).body;
  const related = (body: {checks: Array<{check: string; result: string; message: string}>}) => body.checks.find((check) => check.check === 'related-resource');

  it('issues and verifies digests of a pinned context (offline) and of a fetched document', async () => {
    const resources = [
      {id: V2, digestSRI: sri('sha384', v2Bytes)},
      {id: site.url('/report.json'), digestMultibase: multibase(DOCUMENT), digestSRI: sri('sha256', DOCUMENT)},
    ];
    const response = await issue(resources);
    assert.equal(response.status, 201, JSON.stringify(response.body));
    const body = await report(response.body.verifiableCredential);
    assert.equal(body.status, 'valid', JSON.stringify(body.checks));
    assert.equal(related(body)?.result, 'passed');
  });

  const wrong = Buffer.from('something else');
  const refused: Array<[string, unknown, string]> = [
    ['a bare string', V2, '/credential/relatedResource'],
    ['an entry without id', [{digestSRI: sri('sha256', v2Bytes)}], '/credential/relatedResource/0/id'],
    ['a repeated id', [{id: V2, digestSRI: sri('sha256', v2Bytes)}, {id: V2, digestSRI: sri('sha256', v2Bytes)}], '/credential/relatedResource/1/id'],
    ['an entry without a digest', [{id: V2}], '/credential/relatedResource/0'],
    ['a wrong digestMultibase for a pinned context', [{id: V2, digestMultibase: multibase(wrong)}], '/credential/relatedResource/0'],
    ['a malformed digestSRI', [{id: V2, digestSRI: 'md5-abc'}], '/credential/relatedResource/0/digestSRI'],
    ['a wrong digest of a fetched document', [{id: 'SITE/report.json', digestSRI: sri('sha256', wrong)}], '/credential/relatedResource/0'],
    ['a resource at a private address', [{id: 'http://10.0.0.7/report.json', digestSRI: sri('sha256', wrong)}], '/credential/relatedResource'],
  ];
  for (const [what, value, field] of refused) {
    it(`refuses to issue ${what}, naming ${field}`, async () => {
      // The loopback site's port is known only once it listens.
      const response = await issue(JSON.parse(JSON.stringify(value).replaceAll('SITE/', site.url('/'))));
      assert.equal(response.status, 400, JSON.stringify(response.body));
      assert.ok(response.body.error.problems.some((problem: {field: string}) => problem.field === field), JSON.stringify(response.body.error.problems));
    });
  }

  it('fails such credentials signed elsewhere, and calls an unobtainable resource indeterminate', async () => {
    const issuer = await createTestIssuer();
    for (const [what, value] of refused.slice(0, 5)) {
      const credential = await sign(badge(issuer, {relatedResource: value}), issuer);
      const body = await verify(credential, {resolver: resolverOf({})});
      assert.equal(body.status, 'invalid', what);
      assert.equal(body.checks.find((check) => check.check === 'related-resource')?.result, 'failed', what);
    }
    const elsewhere = await sign(badge(issuer, {relatedResource: [{id: 'http://10.0.0.7/report.json', digestSRI: sri('sha256', wrong)}]}), issuer);
    const body = await report(elsewhere);
    assert.equal(body.status, 'indeterminate', JSON.stringify(body.checks));
    assert.match(related(body)?.message ?? '', /10\.0\.0\.7/);
  });
});
