import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {generateKeyPair, SignJWT} from 'jose';
import {createIssuer, issueBadge, startHallmark, type TestHallmark} from '../helpers/hallmark.ts';
import {listeningHallmark, type Listening} from '../helpers/listening.ts';
import {REVIEW, vettingCast} from '../helpers/vetting.ts';
import {PASSWORD} from '../helpers/web.ts';
import {connectBackpack, type Connected} from '../helpers/backpack.ts';
import {SCOPES} from '../helpers/oauth-client.ts';
import {assertOb3Response, assertOb3Schema} from '../helpers/ob3-openapi.ts';

describe('the 1EdTech Open Badges 3.0 API, for a backpack connected through OAuth 2.0', () => {
  let listening: Listening<TestHallmark>;
  let api: string;
  let backpack: Connected;

  const call = async (path: string, init: RequestInit = {}, token = backpack.accessToken) => {
    const response = await fetch(`${api}${path}`, {...init, headers: {authorization: `Bearer ${token}`, accept: 'application/json', ...(init.headers as Record<string, string> | undefined)}});
    const text = await response.text();
    const contentType = response.headers.get('content-type') ?? '';
    return {status: response.status, headers: response.headers, contentType, text, body: contentType.startsWith('application/json') ? JSON.parse(text) : text};
  };
  const kept = () => listening.t.hallmark.services.backpack.kept.of('alice');

  before(async () => {
    listening = await listeningHallmark(startHallmark);
    api = `${listening.base}/ims/ob/v3p0`;
    const {t} = listening;
    const cast = await vettingCast(t, 'npm-vet', {milestones: [
      {id: 'first-review', name: 'First accepted review', description: 'A first review accepted.', acceptedReviews: 1},
      {id: 'second-review', name: 'Second accepted review', description: 'Two reviews accepted.', acceptedReviews: 2},
    ]});
    await t.hallmark.services.auth.passwords.setPassword('alice', PASSWORD);
    for (const purl of ['pkg:npm/left-pad@1.3.0', 'pkg:npm/is-even@1.0.0']) {
      const submitted = await t.http.post('/api/v1/communities/npm-vet/reviews').set(cast.alice).send({...REVIEW, purl});
      assert.equal(submitted.status, 201, JSON.stringify(submitted.body));
      const accepted = await t.http.post(`/api/v1/reviews/${submitted.body.review.id}/vettings`).set(cast.sam).send({verdict: 'endorse', reviewDigest: submitted.body.review.digest});
      assert.equal(accepted.body.review.standing, 'accepted');
    }
    backpack = await connectBackpack(listening.base, 'alice');
  });
  after(() => listening?.close());

  it('describes itself at /discovery, unprotected, as the OpenAPI document requires', async () => {
    const response = await fetch(`${api}/discovery`);
    assert.equal(response.status, 200);
    const body = (await response.json()) as Record<string, any>;
    assertOb3Response('GET', '/discovery', {status: 200, body, contentType: response.headers.get('content-type')!});
    assert.equal(body.info['x-imssf-privacyPolicyUrl'], `${listening.base}/privacy`);
    const scheme = body.components.securitySchemes.OAuth2ACG;
    assertOb3Schema('OpenApiOAuth2SecurityScheme', scheme);
    assert.equal(scheme['x-imssf-registrationUrl'], `${listening.base}/oauth/reg`);
    assert.deepEqual(Object.keys(scheme.flows.authorizationCode.scopes).sort(), Object.values(SCOPES).sort());
    assert.equal(body.servers[0].url, api);
    assert.equal((await fetch(`${listening.base}/privacy`)).status, 200);
  });

  it('lists the reviewer\'s milestone credentials, paged with X-Total-Count and Link', async () => {
    const all = await call('/credentials');
    assert.equal(all.status, 200, all.text);
    assertOb3Response('GET', '/credentials', all);
    assert.equal(all.headers.get('x-total-count'), '2');
    assert.equal(all.body.credential.length, 2);
    const alice = await listening.t.hallmark.services.vetting.accounts.get('alice');
    for (const credential of all.body.credential as Array<{credentialSubject: {id: string}}>) assert.ok([alice.did, `${listening.base}/reviewers/alice`].includes(credential.credentialSubject.id), credential.credentialSubject.id);

    const first = await call('/credentials?limit=1');
    assert.equal(first.body.credential.length, 1);
    const links = first.headers.get('link')!;
    assert.match(links, /<[^>]*limit=1&offset=0>; rel="first"/);
    assert.match(links, /<[^>]*limit=1&offset=1>; rel="last"/);
    assert.match(links, /<[^>]*limit=1&offset=1>; rel="next"/);
    assert.doesNotMatch(links, /rel="prev"/);
    const next = /<([^>]*)>; rel="next"/.exec(links)![1];
    assert.ok(next.startsWith(`${api}/credentials?`));
    const second = await call(next.slice(api.length));
    assert.equal(second.body.credential.length, 1);
    assert.notDeepEqual(second.body.credential[0], first.body.credential[0]);
    assert.match(second.headers.get('link')!, /rel="prev"/);
    assert.doesNotMatch(second.headers.get('link')!, /rel="next"/);

    // Browser-based backpacks may call it from their own origin, and read the paging headers.
    assert.equal(all.headers.get('access-control-allow-origin'), '*');
    assert.match(all.headers.get('access-control-expose-headers') ?? '', /X-Total-Count, Link/);
    const preflight = await fetch(`${api}/credentials`, {method: 'OPTIONS', headers: {origin: 'https://backpack.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type'}});
    assert.equal(preflight.status, 204);
    assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /Authorization, Content-Type/);

    const future = await call('/credentials?since=2999-01-01T00:00:00Z');
    assert.equal(future.headers.get('x-total-count'), '0');
    assert.deepEqual(future.body.credential, []);
  });

  it('keeps a pushed credential: 201 when new, 200 when replaced, JSON or compact JWS; listed with its verdict', async () => {
    const {t} = listening;
    await createIssuer(t, 'acme');
    const badge = await issueBadge(t, 'acme');
    const created = await call('/credentials', {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify(badge)});
    assert.equal(created.status, 201, created.text);
    assertOb3Response('POST', '/credentials', created);
    assert.deepEqual(created.body, badge);
    const replaced = await call('/credentials', {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify(badge)});
    assert.equal(replaced.status, 200, replaced.text);

    const {privateKey} = await generateKeyPair('ES256');
    const jws = await new SignJWT({vc: {'@context': ['https://www.w3.org/2018/credentials/v1', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'], type: ['VerifiableCredential', 'OpenBadgeCredential'], issuer: 'did:example:elsewhere', issuanceDate: '2025-01-01T00:00:00Z', credentialSubject: BADGE_SUBJECT}, jti: 'urn:uuid:1b3a2c4e-0000-4000-8000-000000000001'})
      .setProtectedHeader({alg: 'ES256'}).setIssuer('did:example:elsewhere').sign(privateKey);
    const jwsCreated = await call('/credentials', {method: 'POST', headers: {'content-type': 'text/plain'}, body: jws});
    assert.equal(jwsCreated.status, 201, jwsCreated.text);
    assert.equal(jwsCreated.text, jws);
    assertOb3Response('POST', '/credentials', {...jwsCreated, body: jwsCreated.text});

    const stored = await kept();
    assert.equal(stored.length, 2);
    assert.deepEqual(stored.map((item) => item.verification.verified).sort(), [false, true], 'our own badge verifies; the unresolvable issuer\'s does not');
    const listed = await call('/credentials');
    assert.equal(listed.headers.get('x-total-count'), '4');
    assert.deepEqual(listed.body.compactJwsString, [jws]);
    assertOb3Response('GET', '/credentials', listed);

    const page = await listening.t.http.get('/account/connected-apps');
    assert.equal(page.status, 303, 'the kept list is the person\'s own: signed in only');
  });

  it('serves and updates the profile', async () => {
    const profile = await call('/profile');
    assert.equal(profile.status, 200, profile.text);
    assertOb3Response('GET', '/profile', profile);
    assert.equal(profile.body.id, `${listening.base}/reviewers/alice`);
    const updated = await call('/profile', {method: 'PUT', headers: {'content-type': 'application/json'}, body: JSON.stringify({...profile.body, name: 'Alice Auditor'})});
    assert.equal(updated.status, 200, updated.text);
    assertOb3Response('PUT', '/profile', updated);
    assert.equal(updated.body.name, 'Alice Auditor');
    assert.equal((await listening.t.hallmark.services.vetting.accounts.get('alice')).name, 'Alice Auditor');
    const empty = await call('/profile', {method: 'PUT', headers: {'content-type': 'application/json'}, body: JSON.stringify({name: ''})});
    assert.equal(empty.status, 400);
    assertOb3Response('PUT', '/profile', empty);
  });
});

const BADGE_SUBJECT = {id: 'did:example:holder', type: ['AchievementSubject'], achievement: {id: 'https://example.org/a', type: ['Achievement'], name: 'A', description: 'A.', criteria: {narrative: 'A.'}}};
