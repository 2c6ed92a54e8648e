import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {startHallmark, type TestHallmark} from '../helpers/hallmark.ts';
import {listeningHallmark, type Listening} from '../helpers/listening.ts';
import {acceptInvitation, browserAgent, invite, PASSWORD} from '../helpers/web.ts';
import {CookieFetch} from '../helpers/cookie-fetch.ts';
import {ALL_SCOPES, authorizationUrl, exchange, pkce, refresh, register, revoke, SCOPES, type Endpoints} from '../helpers/oauth-client.ts';
import {OAUTH_COLLECTION, type OAuthRecord} from '../../src/oauth/index.ts';
import {connectBackpack} from '../helpers/backpack.ts';

const REDIRECT = 'http://127.0.0.1:9/callback';

describe('OAuth 2.0 authorization code flow with PKCE, signed in with a session cookie', () => {
  let listening: Listening<TestHallmark>;
  let base: string;
  let endpoints: Endpoints;
  before(async () => {
    listening = await listeningHallmark(startHallmark);
    base = listening.base;
    await acceptInvitation(browserAgent(listening.t), await invite(listening.t), 'rita');
    const metadata = (await (await fetch(`${base}/oauth/.well-known/openid-configuration`)).json()) as Record<string, string>;
    endpoints = {registration: metadata.registration_endpoint, authorization: metadata.authorization_endpoint, token: metadata.token_endpoint, revocation: metadata.revocation_endpoint};
  });
  after(() => listening?.close());

  it('registers a client, asks the person, exchanges the code, refreshes and revokes', async () => {
    assert.equal(endpoints.authorization, `${base}/oauth/auth`);
    const client = await register(endpoints, REDIRECT);
    const browser = new CookieFetch(base);
    await browser.signIn('rita', PASSWORD);
    const {verifier, challenge} = pkce();

    const start = await browser.fetch(authorizationUrl(endpoints, client, {challenge, state: 'xyz'}));
    assert.equal(start.status, 303, await start.text());
    const consentPath = start.headers.get('location')!;
    assert.match(consentPath, /^\/connect\/[A-Za-z0-9_-]+$/);
    const page = await browser.fetch(consentPath);
    const html = await page.text();
    assert.equal(page.status, 200, html.slice(0, 500));
    assert.match(html, /Test Backpack wants to use your Hallmark account/);
    assert.match(html, /Read the badges you have earned here/);
    assert.match(page.headers.get('content-security-policy') ?? '', /form-action 'self' http:\/\/127\.0\.0\.1:9/);
    const token = /name="_csrf" value="([^"]+)"/.exec(html)![1];

    const answered = await browser.form(consentPath, {_csrf: token, decision: 'allow'});
    assert.equal(answered.status, 303, await answered.text());
    const resumed = await browser.fetch(answered.headers.get('location')!);
    assert.equal(resumed.status, 303, await resumed.text());
    const callback = new URL(resumed.headers.get('location')!);
    assert.equal(`${callback.origin}${callback.pathname}`, REDIRECT);
    assert.equal(callback.searchParams.get('state'), 'xyz');
    const code = callback.searchParams.get('code')!;
    assert.ok(code);

    const issued = await exchange(endpoints, client, code, verifier);
    assert.equal(issued.status, 200, JSON.stringify(issued.body));
    assert.equal(issued.body.token_type, 'Bearer');
    assert.deepEqual(String(issued.body.scope).split(' ').sort(), ALL_SCOPES.split(' ').sort());
    const accessToken = issued.body.access_token as string;
    const refreshToken = issued.body.refresh_token as string;
    assert.ok(refreshToken, 'a refresh token for a client allowed the grant');

    const bearer = await listening.t.hallmark.services.oauth.bearer(accessToken);
    assert.equal(bearer?.handle, 'rita');
    assert.ok(bearer?.scopes.has(SCOPES.credentialUpsert));

    // Tokens are kept hashed: nothing stored carries them.
    const records = await listening.t.hallmark.services.store.collection<OAuthRecord>(OAUTH_COLLECTION);
    const [grant] = await records.find({model: 'Grant', accountId: 'rita'});
    const grantId = grant.doc.id.slice('Grant:'.length);
    const held = await records.find({grantId});
    assert.deepEqual(new Set(held.map(({doc}) => doc.model)), new Set(['AccessToken', 'RefreshToken', 'AuthorizationCode']));
    const stored = JSON.stringify([grant, ...held, await records.get(`Client:${client.clientId}`)]);
    assert.ok(stored.includes(client.clientId));
    for (const secret of [accessToken, refreshToken, code, client.clientSecret]) assert.equal(stored.includes(secret), false);

    const refreshed = await refresh(endpoints, client, refreshToken);
    assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
    assert.notEqual(refreshed.body.access_token, accessToken);
    const connections = await listening.t.hallmark.services.oauth.connections('rita');
    assert.deepEqual(connections.map((app) => app.name), ['Test Backpack']);

    const newRefresh = (refreshed.body.refresh_token as string | undefined) ?? refreshToken;
    assert.equal(await revoke(endpoints, client, newRefresh), 200);
    const afterRevoke = await refresh(endpoints, client, newRefresh);
    assert.equal(afterRevoke.status, 400);
    assert.equal(afterRevoke.body.error, 'invalid_grant');
  });
});

describe('OAuth 2.0 and the Open Badges API under a public URL with a path prefix', () => {
  let listening: Listening<TestHallmark>;
  before(async () => {
    listening = await listeningHallmark(startHallmark, (origin) => ({HALLMARK_PUBLIC_URL: `${origin}/hallmark`}));
    const {services} = listening.t.hallmark;
    await services.vetting.accounts.create({handle: 'rita', kind: 'person', name: 'Rita'});
    await services.auth.passwords.setPassword('rita', PASSWORD);
  });
  after(() => listening?.close());

  it('names prefixed endpoints, and a backpack connects and reads through them', async () => {
    const base = `${listening.base}/hallmark`;
    const backpack = await connectBackpack(base, 'rita');
    assert.equal(backpack.endpoints.registration, `${base}/oauth/reg`);
    assert.equal(backpack.endpoints.token, `${base}/oauth/token`);
    const profile = await fetch(`${base}/ims/ob/v3p0/profile`, {headers: {authorization: `Bearer ${backpack.accessToken}`}});
    assert.equal(profile.status, 200);
    assert.equal(((await profile.json()) as {id: string}).id, `${base}/reviewers/rita`);
  });
});

describe('client registration is rate limited per address', () => {
  let listening: Listening<TestHallmark>;
  before(async () => {
    listening = await listeningHallmark(startHallmark, () => ({HALLMARK_RATE_LIMITS: 'oauth-registrations=2/1h'}));
  });
  after(() => listening?.close());

  it('answers 429 with Retry-After once an address has registered its allowance', async () => {
    const metadata = {redirect_uris: [REDIRECT], client_name: 'Flood'};
    const post = () => fetch(`${listening.base}/oauth/reg`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify(metadata)});
    assert.equal((await post()).status, 201);
    assert.equal((await post()).status, 201);
    const third = await post();
    assert.equal(third.status, 429);
    assert.ok(Number(third.headers.get('retry-after')) > 0);
  });
});
