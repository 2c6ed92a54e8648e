import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import supertest from 'supertest';
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

  it('answers WebFinger and NodeInfo discovery at the host root, where RFC 8615 puts them, naming the prefixed URLs', async () => {
    const t = await startHallmark({HALLMARK_PUBLIC_URL: 'https://badges.example.org/hallmark'});
    try {
      await t.hallmark.services.vetting.communities.create({slug: 'js-vet', name: 'JS vetting', ecosystems: ['npm']});
      // The ActivityPub edge is Fedify's, described in FEDERATION.md rather than the OpenAPI document.
      const http = supertest(t.hallmark.app);
      const finger = await http.get('/.well-known/webfinger').query({resource: 'acct:js-vet@badges.example.org'});
      assert.equal(finger.status, 200, finger.text);
      const self = JSON.parse(finger.text).links.find((link: {rel: string}) => link.rel === 'self');
      assert.equal(self.href, 'https://badges.example.org/hallmark/communities/js-vet');
      const actor = await http.get(new URL(self.href).pathname).set('Accept', 'application/activity+json');
      assert.equal(actor.status, 200, 'the actor WebFinger names is served');
      assert.equal(JSON.parse(actor.text).id, self.href);
      const instance = await http.get('/.well-known/webfinger').query({resource: 'https://badges.example.org/hallmark/'});
      assert.equal(instance.status, 200, instance.text);
      assert.equal(JSON.parse(instance.text).links[0].href, 'https://badges.example.org/hallmark/actor');
      assert.equal((await http.get('/.well-known/webfinger').query({resource: 'acct:nobody@badges.example.org'})).status, 404);

      const discovery = await http.get('/.well-known/nodeinfo');
      assert.equal(discovery.status, 200);
      const hrefs = (discovery.body.links as Array<{href: string}>).map((link) => link.href);
      assert.deepEqual(hrefs, ['https://badges.example.org/hallmark/nodeinfo/2.1', 'https://badges.example.org/hallmark/actor']);
      assert.equal((await http.get('/hallmark/nodeinfo/2.1')).status, 200, 'the NodeInfo document itself is below the prefix');
      // One place for each: not also below the prefix, and nothing else of federation's at the root.
      assert.equal((await http.get('/hallmark/.well-known/nodeinfo')).status, 404);
      assert.equal((await http.get('/communities/js-vet').set('Accept', 'application/activity+json')).status, 404);
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
