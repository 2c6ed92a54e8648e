import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {join, resolve} from 'node:path';
import {generateKeyPairSync} from 'node:crypto';
import {CompactSign} from 'jose';
import {bakePng} from '../../src/credentials/baking/index.ts';
import {startServer, type TestServer} from '../net/servers.ts';
import {startHallmark, type TestHallmark} from '../helpers/hallmark.ts';

/**
 * Every entry point verifies Open Badges 2.0 through the one pipeline:
 * POST /api/v1/verify (URL, pasted text, uploaded baked PNG), the VC-API's
 * POST /credentials/verify (the assertion JSON or its JWS) and the /verify
 * page. The issuer's documents are served by a loopback site the instance's
 * fetcher is opened to (HALLMARK_FETCH_ALLOW_HOSTS).
 */
const HEART = join(resolve(import.meta.dirname, '../../../shared/interop/ob2-validator'), 'images/public_domain_heart.png');

describe('Open Badges 2.0 through the HTTP entry points', () => {
  let t: TestHallmark;
  let site: TestServer;
  const documents = new Map<string, unknown>();
  let hostedUrl: string;
  let signed: string;
  let unsigned: string;

  before(async () => {
    site = await startServer((request, response) => {
      const body = documents.get(request.url ?? '');
      if (body === undefined) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify(body));
    });
    const url = (path: string) => site.url(path);
    const {privateKey, publicKey} = generateKeyPairSync('rsa', {modulusLength: 2048});
    documents.set('/issuer', {'@context': 'https://w3id.org/openbadges/v2', type: 'Issuer', id: url('/issuer'), name: 'Loopback Academy', url: url('/'), publicKey: url('/key')});
    documents.set('/key', {'@context': 'https://w3id.org/openbadges/v2', type: 'CryptographicKey', id: url('/key'), owner: url('/issuer'), publicKeyPem: publicKey.export({type: 'spki', format: 'pem'}).toString()});
    documents.set('/badge', {'@context': 'https://w3id.org/openbadges/v2', type: 'BadgeClass', id: url('/badge'), name: 'Code reviewer', description: 'Reviews code.', image: url('/badge.png'), criteria: url('/criteria'), issuer: url('/issuer')});
    hostedUrl = url('/assertions/1');
    const base = {'@context': 'https://w3id.org/openbadges/v2', type: 'Assertion', recipient: {type: 'email', hashed: false, identity: 'carol@example.org'}, badge: url('/badge'), issuedOn: '2026-02-01T00:00:00Z'};
    documents.set('/assertions/1', {...base, id: hostedUrl, verification: {type: 'hosted'}});
    const payload = {...base, id: 'urn:uuid:6f1d3a2b-1c4d-4e5f-8a9b-0c1d2e3f4a5b', verification: {type: 'signed', creator: url('/key')}};
    signed = await new CompactSign(Buffer.from(JSON.stringify(payload))).setProtectedHeader({alg: 'RS256'}).sign(privateKey);
    const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    unsigned = `${part({alg: 'none'})}.${part(payload)}.`;
    t = await startHallmark({HALLMARK_FETCH_ALLOW_HOSTS: `127.0.0.1:${site.port}`});
  });

  after(async () => {
    await t.close();
    await site.close();
  });

  it('POST /api/v1/verify: a hosted assertion URL, its pasted JSON and a baked PNG each verify as OB 2.0', async () => {
    for (const request of [{url: hostedUrl}, {text: JSON.stringify(documents.get('/assertions/1'))}, {text: signed}]) {
      const response = await t.http.post('/api/v1/verify').send(request);
      assert.equal(response.status, 200);
      assert.equal(response.body.reports.length, 1, JSON.stringify(response.body));
      const report = response.body.reports[0].report;
      assert.equal(report.status, 'valid', JSON.stringify(report.checks));
      assert.equal(report.openBadgesVersion, '2.0');
      assert.equal(report.credential.issuer.name, 'Loopback Academy');
    }
    const png = bakePng(readFileSync(HEART), hostedUrl);
    const upload = await t.http.post('/api/v1/verify').attach('file', png, {filename: 'badge.png', contentType: 'image/png'});
    assert.equal(upload.status, 200);
    assert.deepEqual(upload.body.reports.map((entry: {report: {status: string}}) => entry.report.status), ['valid']);
  });

  it('POST /credentials/verify (VC-API): the assertion JSON and its JWS get the report; alg none gets a 400 report saying why', async () => {
    const json = await t.http.post('/credentials/verify').send({verifiableCredential: documents.get('/assertions/1')});
    assert.equal(json.status, 200, JSON.stringify(json.body));
    assert.equal(json.body.openBadgesVersion, '2.0');
    const jws = await t.http.post('/credentials/verify').send({verifiableCredential: signed});
    assert.equal(jws.status, 200, JSON.stringify(jws.body));
    assert.match(jws.body.checks.find((check: {check: string}) => check.check === 'proof').message, /RS256 signature verifies/);
    const none = await t.http.post('/credentials/verify').send({verifiableCredential: unsigned});
    assert.equal(none.status, 400);
    assert.equal(none.body.verified, false);
    assert.match(none.body.errors.join(' '), /unsigned \(alg "none"\)/);
  });

  it('the /verify page shows the OB 2.0 assertion with its verdict', async () => {
    const response = await t.http.post('/verify').set('Accept', 'text/html').field('url', hostedUrl);
    assert.equal(response.status, 200);
    assert.match(response.text, /an Open Badges 2\.0 assertion/);
    assert.match(response.text, /Code reviewer/);
    assert.match(response.text, /Loopback Academy/);
  });
});
