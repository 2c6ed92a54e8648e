import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {startHallmark} from '../helpers/hallmark.ts';

describe('behind a reverse proxy', () => {
  it('serves every route under the public URL\'s path prefix, where the ids point', async () => {
    const t = await startHallmark({HALLMARK_PUBLIC_URL: 'https://badges.example.org/hallmark'});
    try {
      const created = await t.http.post('/hallmark/api/v1/issuers').set(t.admin).send({slug: 'acme', name: 'Acme'});
      assert.equal(created.status, 201);
      assert.equal(created.body.id, 'did:web:badges.example.org:hallmark:issuers:acme');
      assert.equal(new URL(created.headers.location, 'https://badges.example.org').pathname, '/hallmark/issuers/acme');
      const did = await t.http.get('/hallmark/issuers/acme/did.json');
      assert.equal(did.status, 200, 'did:web:…:hallmark:issuers:acme resolves to this path');
      assert.equal(did.body.id, created.body.id);
      const issued = await t.http.post('/hallmark/issuers/acme/credentials/issue').set(t.admin).send({credential: {
        type: ['VerifiableCredential', 'OpenBadgeCredential'], name: 'x',
        credentialSubject: {type: ['AchievementSubject'], achievement: {id: 'https://example.org/a', type: ['Achievement'], name: 'A', description: 'A', criteria: {narrative: 'n'}}},
      }});
      assert.equal(issued.status, 201, JSON.stringify(issued.body));
      const credential = issued.body.verifiableCredential;
      for (const url of [credential.id, credential.credentialStatus.statusListCredential]) {
        const path = new URL(url).pathname;
        assert.ok(path.startsWith('/hallmark/'), url);
        assert.equal((await t.http.get(path).set('Accept', 'application/json')).status, 200, path);
      }
      const page = await t.http.get(new URL(credential.id).pathname).set('Accept', 'text/html');
      assert.equal(page.status, 200);
      assert.match(page.text, /href="\/hallmark\/hallmark\.css"|\/hallmark\//, 'in-page links keep the prefix');
      assert.equal((await t.http.get('/issuers/acme')).status, 404, 'nothing is served outside the prefix');
      assert.equal((await t.http.get('/healthz')).status, 200, 'operator routes stay at the root');
    } finally {
      await t.close();
    }
  });

  it('counts clients by X-Forwarded-For only from a trusted proxy (HALLMARK_TRUST_PROXY)', async () => {
    const body = {verifiableCredential: {}};
    const trusting = await startHallmark({HALLMARK_TRUST_PROXY: 'loopback', HALLMARK_RATE_LIMITS: 'verify=1/1m'});
    try {
      assert.equal((await trusting.http.post('/credentials/verify').set('X-Forwarded-For', '203.0.113.7').send(body)).status, 400);
      assert.equal((await trusting.http.post('/credentials/verify').set('X-Forwarded-For', '203.0.113.7').send(body)).status, 429);
      assert.equal((await trusting.http.post('/credentials/verify').set('X-Forwarded-For', '203.0.113.8').send(body)).status, 400, 'another client behind the proxy');
    } finally {
      await trusting.close();
    }
    const direct = await startHallmark({HALLMARK_RATE_LIMITS: 'verify=1/1m'});
    try {
      assert.equal((await direct.http.post('/credentials/verify').set('X-Forwarded-For', '203.0.113.7').send(body)).status, 400);
      assert.equal((await direct.http.post('/credentials/verify').set('X-Forwarded-For', '203.0.113.8').send(body)).status, 429, 'a forged header does not make a new client');
    } finally {
      await direct.close();
    }
  });
});
