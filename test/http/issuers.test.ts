import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync, readdirSync, statSync} from 'node:fs';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {loadConfig} from '../../src/config.ts';
import {createHallmark} from '../../src/app.ts';
import {startHallmark, createIssuer, issueBadge, type TestHallmark} from '../helpers/hallmark.ts';

describe('issuers API', () => {
  let t: TestHallmark;
  before(async () => {
    t = await startHallmark();
  });
  after(() => t.close());

  it('answers /healthz once the store is open', async () => {
    const response = await t.http.get('/healthz');
    assert.equal(response.status, 200);
    assert.equal(response.body.status, 'ok');
  });

  it('creates an issuer with a did:key over http and returns its OB 3.0 Profile', async () => {
    const response = await t.http.post('/api/v1/issuers').set(t.admin)
      .send({slug: 'left-pad-guild', name: 'Left-pad Guild', url: 'https://guild.example', email: 'audit@guild.example', description: 'We audit padding.', image: 'https://guild.example/logo.png'});
    assert.equal(response.status, 201);
    const profile = JSON.parse(response.text);
    assert.match(response.headers['content-type'], /application\/ld\+json/);
    assert.match(profile.id, /^did:key:z6Mk/);
    assert.deepEqual(profile.type, ['Profile']);
    assert.equal(profile.name, 'Left-pad Guild');
    assert.deepEqual(profile.image, {id: 'https://guild.example/logo.png', type: 'Image'});
    const public_ = await t.http.get('/issuers/left-pad-guild');
    assert.equal(public_.status, 200);
    assert.equal(JSON.parse(public_.text).id, profile.id);
  });

  it('publishes a DID document with the key as a Multikey assertionMethod', async () => {
    const profile = await createIssuer(t, 'didcheck');
    const response = await t.http.get('/issuers/didcheck/did.json');
    assert.equal(response.status, 200);
    const document = JSON.parse(response.text);
    assert.equal(document.id, profile.id);
    const [method] = document.verificationMethod;
    assert.equal(method.type, 'Multikey');
    assert.equal(method.controller, profile.id);
    assert.equal(method.id, `${profile.id}#${method.publicKeyMultibase}`);
    assert.deepEqual(document.assertionMethod, [method.id]);
  });

  it('needs the admin token to create issuers', async () => {
    const anonymous = await t.http.post('/api/v1/issuers').send({slug: 'nope', name: 'Nope'});
    assert.equal(anonymous.status, 401);
    const wrong = await t.http.post('/api/v1/issuers').set('Authorization', 'Bearer not-a-real-token-at-all').send({slug: 'nope', name: 'Nope'});
    assert.equal(wrong.status, 401);
    await createIssuer(t, 'scoped');
    const token = (await t.http.post('/api/v1/issuers/scoped/tokens').set(t.admin).send({})).body.token;
    const scoped = await t.http.post('/api/v1/issuers').set('Authorization', `Bearer ${token}`).send({slug: 'nope', name: 'Nope'});
    assert.equal(scoped.status, 403);
    assert.equal((await t.http.get('/issuers/nope')).status, 404);
  });

  const badBodies: Array<[string, unknown, string]> = [
    ['an upper-case slug', {slug: 'Acme', name: 'Acme'}, '/slug'],
    ['a slug with a path separator', {slug: '../etc', name: 'Acme'}, '/slug'],
    ['a missing name', {slug: 'acme2'}, '/name'],
    ['an unknown field', {slug: 'acme2', name: 'Acme', admin: true}, '/admin'],
    ['a javascript: url', {slug: 'acme2', name: 'Acme', url: 'javascript:alert(1)'}, '/url'],
    ['a non-string name', {slug: 'acme2', name: {$gt: ''}}, '/name'],
    ['an array body', [{slug: 'acme2', name: 'Acme'}], '/'],
  ];
  for (const [what, body, field] of badBodies) {
    it(`refuses ${what} with a 400 naming ${field}, creating nothing`, async () => {
      const response = await t.http.post('/api/v1/issuers').set(t.admin).send(body as object);
      assert.equal(response.status, 400);
      assert.ok(response.body.error.problems.some((problem: {field: string}) => problem.field === field), JSON.stringify(response.body));
      assert.equal((await t.http.get('/issuers/acme2')).status, 404);
    });
  }

  it('refuses malformed JSON and oversized bodies', async () => {
    const malformed = await t.http.post('/api/v1/issuers').set(t.admin).set('Content-Type', 'application/json').send('{"slug": "x",');
    assert.equal(malformed.status, 400);
    assert.match(malformed.body.error.message, /not valid JSON/);
    const huge = await t.http.post('/api/v1/issuers').set(t.admin).send({slug: 'huge', name: 'x'.repeat(2 * 1024 * 1024)});
    assert.equal(huge.status, 413);
    assert.equal((await t.http.get('/issuers/huge')).status, 404);
  });

  it('refuses a duplicate slug with 409 and keeps the first issuer', async () => {
    const first = await createIssuer(t, 'twice');
    const again = await t.http.post('/api/v1/issuers').set(t.admin).send({slug: 'twice', name: 'Impostor'});
    assert.equal(again.status, 409);
    const stored = JSON.parse((await t.http.get('/issuers/twice')).text);
    assert.equal(stored.id, first.id);
    assert.equal(stored.name, 'twice community');
  });

  it('issues, lists and revokes issuer tokens, storing only their hashes', async () => {
    await createIssuer(t, 'tokens');
    const created = await t.http.post('/api/v1/issuers/tokens/tokens').set(t.admin).send({label: 'CI'});
    assert.equal(created.status, 201);
    const {id, token} = created.body;
    assert.equal(created.headers.location, `/api/v1/issuers/tokens/tokens/${id}`, 'the token is revoked at its Location');
    assert.match(token, /^hm_/);
    const listed = await t.http.get('/api/v1/issuers/tokens/tokens').set(t.admin);
    assert.deepEqual(listed.body.tokens.map((entry: {id: string}) => entry.id), [id]);
    assert.equal(listed.body.tokens[0].token, undefined);
    assert.equal((await t.http.delete(`/api/v1/issuers/tokens/tokens/${id}`).set(t.admin)).status, 204);
    const refused = await t.http.post('/issuers/tokens/credentials/issue').set('Authorization', `Bearer ${token}`).send({credential: {}});
    assert.equal(refused.status, 401);
    assert.equal((await t.http.delete('/api/v1/issuers/tokens/tokens/tok_nope').set(t.admin)).status, 400);
    assert.equal((await t.http.delete('/api/v1/issuers/tokens/tokens/tok_00000000-0000-4000-8000-000000000000').set(t.admin)).status, 404);
    assert.equal((await t.http.post('/api/v1/issuers/missing/tokens').set(t.admin).send({})).status, 404);
    assert.equal(rawDatabaseContains(t.dataDir, token), false);
  });

  it('keeps private keys encrypted at rest under a 0600 master secret', async () => {
    const profile = await createIssuer(t, 'vault');
    const secretKey = await t.hallmark.services.issuers.get('vault').then((issuer) => t.hallmark.services.issuers.signingKey(issuer).secretKeyMultibase);
    assert.match(String(profile.id), /^did:key:/);
    assert.equal(rawDatabaseContains(t.dataDir, secretKey), false);
    assert.equal(statSync(join(t.dataDir, 'master.secret')).mode & 0o777, 0o600);
  });
});

describe('issuers over https', () => {
  let t: TestHallmark;
  before(async () => {
    t = await startHallmark({HALLMARK_PUBLIC_URL: 'https://badges.example.org'});
  });
  after(() => t.close());

  it('names issuers with did:web under the public URL', async () => {
    const profile = await createIssuer(t, 'web');
    assert.equal(profile.id, 'did:web:badges.example.org:issuers:web');
    const document = JSON.parse((await t.http.get('/issuers/web/did.json')).text);
    assert.equal(document.id, 'did:web:badges.example.org:issuers:web');
  });

  it('rotates keys, keeping the retired key in the DID document', async () => {
    await createIssuer(t, 'rotating');
    const signedBefore = await issueBadge(t, 'rotating');
    const before_ = JSON.parse((await t.http.get('/issuers/rotating/did.json')).text);
    const rotated = await t.http.post('/api/v1/issuers/rotating/keys/rotate').set(t.admin).send({});
    assert.equal(rotated.status, 201);
    const after_ = JSON.parse((await t.http.get('/issuers/rotating/did.json')).text);
    assert.equal(after_.verificationMethod.length, 2);
    assert.ok(after_.assertionMethod.includes(before_.assertionMethod[0]), 'old key still verifies assertions');
    assert.ok(!after_.capabilityInvocation.includes(before_.assertionMethod[0]), 'old key no longer the signing key');
    assert.equal(rotated.body.keys.filter((key: {retiredAt: string | null}) => key.retiredAt === null).length, 1);

    const signedAfter = await issueBadge(t, 'rotating');
    const methodOf = (credential: Record<string, unknown>) => (credential.proof as Array<{verificationMethod: string}>)[0].verificationMethod;
    assert.notEqual(methodOf(signedAfter), methodOf(signedBefore));
    for (const credential of [signedBefore, signedAfter]) {
      const report = (await t.http.post('/credentials/verify').send({verifiableCredential: credential})).body;
      assert.equal(report.status, 'valid', JSON.stringify(report.checks));
    }
  });

  it('revokes a retired key: what it signed stops verifying, what the current key signs does not', async () => {
    await createIssuer(t, 'leaky');
    const signedWithOld = await issueBadge(t, 'leaky');
    // Verifying signs (and caches) the status list with the key current now.
    assert.equal((await t.http.post('/credentials/verify').send({verifiableCredential: signedWithOld})).body.status, 'valid');
    const oldKey = (await t.http.get('/api/v1/issuers/leaky').set(t.admin)).body.keys[0].publicKeyMultibase;
    assert.equal((await t.http.post(`/api/v1/issuers/leaky/keys/${oldKey}/revoke`).set(t.admin).send({})).status, 409, 'not the current key');
    await t.http.post('/api/v1/issuers/leaky/keys/rotate').set(t.admin).send({});
    const signedWithNew = await issueBadge(t, 'leaky');
    const revoked = await t.http.post(`/api/v1/issuers/leaky/keys/${oldKey}/revoke`).set(t.admin).send({});
    assert.equal(revoked.status, 200);
    assert.ok(revoked.body.keys.find((key: {publicKeyMultibase: string}) => key.publicKeyMultibase === oldKey).revokedAt);
    const document = JSON.parse((await t.http.get('/issuers/leaky/did.json')).text);
    assert.ok(!document.assertionMethod.some((id: string) => id.endsWith(oldKey)));
    assert.ok(document.verificationMethod.find((method: {id: string}) => method.id.endsWith(oldKey)).revoked);
    const before_ = (await t.http.post('/credentials/verify').send({verifiableCredential: signedWithOld})).body;
    assert.equal(before_.verified, false);
    assert.ok(before_.checks.some((check: {check: string; result: string}) => ['proof', 'issuer'].includes(check.check) && check.result === 'failed'));
    // Its status list was last signed by the old key: it must be re-signed, or every live badge would fail.
    assert.equal((await t.http.post('/credentials/verify').send({verifiableCredential: signedWithNew})).body.status, 'valid');
    assert.equal((await t.http.post('/api/v1/issuers/leaky/keys/z6MkNope/revoke').set(t.admin).send({})).status, 404);
    const token = (await t.http.post('/api/v1/issuers/leaky/tokens').set(t.admin).send({})).body.token;
    assert.equal((await t.http.post(`/api/v1/issuers/leaky/keys/${oldKey}/revoke`).set('Authorization', `Bearer ${token}`).send({})).status, 403);
  });

  it('refuses to rotate a did:key issuer', async () => {
    const local = await startHallmark();
    try {
      await createIssuer(local, 'fixed');
      const response = await local.http.post('/api/v1/issuers/fixed/keys/rotate').set(local.admin).send({});
      assert.equal(response.status, 409);
      assert.match(response.body.error.message, /did:key/);
    } finally {
      await local.close();
    }
  });

  it('gives credential ids as URLs under /credentials/', async () => {
    await createIssuer(t, 'urls');
    const credential = await issueBadge(t, 'urls');
    assert.match(String(credential.id), /^https:\/\/badges\.example\.org\/credentials\/[0-9a-f-]{36}$/);
    const stored = await t.http.get(new URL(String(credential.id)).pathname);
    assert.equal(stored.status, 200);
  });
});

function rawDatabaseContains(dataDir: string, needle: string): boolean {
  return readdirSync(dataDir).some((file) => readFileSync(join(dataDir, file)).includes(needle));
}

describe('admin tokens', () => {
  it('can be listed, added and revoked over the API', async () => {
    const t = await startHallmark();
    try {
      const created = await t.http.post('/api/v1/admin/tokens').set(t.admin).send({label: 'second operator'});
      assert.equal(created.status, 201);
      assert.equal(created.headers.location, `/api/v1/admin/tokens/${created.body.id}`);
      const second = {Authorization: `Bearer ${created.body.token}`};
      assert.equal((await t.http.post('/api/v1/issuers').set(second).send({slug: 'by-second', name: 'x'})).status, 201);
      const listed = await t.http.get('/api/v1/admin/tokens').set(t.admin);
      assert.equal(listed.body.tokens.filter((token: {revokedAt: string | null}) => token.revokedAt === null).length, 2);
      assert.equal((await t.http.delete(`/api/v1/admin/tokens/${created.body.id}`).set(t.admin)).status, 204);
      assert.equal((await t.http.post('/api/v1/issuers').set(second).send({slug: 'by-second-2', name: 'x'})).status, 401);
      const issuerToken = (await t.http.post('/api/v1/issuers/by-second/tokens').set(t.admin).send({})).body.token;
      assert.equal((await t.http.get('/api/v1/admin/tokens').set('Authorization', `Bearer ${issuerToken}`)).status, 403);
      assert.equal((await t.http.post('/api/v1/admin/tokens').set(t.admin).send({label: 42})).status, 400);
      assert.equal((await t.http.delete('/api/v1/admin/tokens/tok_missing').set(t.admin)).status, 400);
      assert.equal((await t.http.delete('/api/v1/admin/tokens/tok_00000000-0000-4000-8000-000000000000').set(t.admin)).status, 404);
    } finally {
      await t.close();
    }
  });

  it('rotate when HALLMARK_ADMIN_TOKEN changes: the old and the generated tokens stop working', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'hallmark-admin-'));
    try {
      const first = await createHallmark(loadConfig({HALLMARK_DATA_DIR: dataDir}));
      const generated = first.generatedAdminToken;
      assert.ok(generated);
      await first.close();
      const second = await createHallmark(loadConfig({HALLMARK_DATA_DIR: dataDir, HALLMARK_ADMIN_TOKEN: 'first-configured-token-0000000000'}));
      assert.equal(second.revokedAdminTokens, 1);
      assert.equal(await second.services.tokens.authenticate(generated), null);
      await second.close();
      const third = await createHallmark(loadConfig({HALLMARK_DATA_DIR: dataDir, HALLMARK_ADMIN_TOKEN: 'second-configured-token-000000000'}));
      assert.equal(await third.services.tokens.authenticate('first-configured-token-0000000000'), null);
      assert.deepEqual(await third.services.tokens.authenticate('second-configured-token-000000000'), {kind: 'admin'});
      await third.close();
      await assert.rejects(createHallmark(loadConfig({HALLMARK_DATA_DIR: dataDir, HALLMARK_ADMIN_TOKEN: 'first-configured-token-0000000000'})), /revoked/);
    } finally {
      await rm(dataDir, {recursive: true, force: true});
    }
  });
});
