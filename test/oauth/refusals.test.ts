import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {startHallmark, type TestHallmark} from '../helpers/hallmark.ts';
import {listeningHallmark, type Listening} from '../helpers/listening.ts';
import {acceptInvitation, browserAgent, invite} from '../helpers/web.ts';
import {CookieFetch} from '../helpers/cookie-fetch.ts';
import {authorize, connectBackpack, REDIRECT, type Connected} from '../helpers/backpack.ts';
import {authorizationUrl, discover, exchange, pkce, register, SCOPES, type Endpoints} from '../helpers/oauth-client.ts';
import {assertOb3Response} from '../helpers/ob3-openapi.ts';
import {PASSWORD} from '../helpers/web.ts';
import {OAUTH_COLLECTION, type OAuthRecord} from '../../src/oauth/index.ts';
import {hashSecret} from '../../src/auth/secret-hash.ts';

describe('the Open Badges API and its authorization server refuse what they must', () => {
  let listening: Listening<TestHallmark>;
  let api: string;
  let endpoints: Endpoints;
  let backpack: Connected;
  const kept = async () => (await listening.t.hallmark.services.backpack.kept.of('rita')).length;
  const call = async (path: string, init: RequestInit = {}, token: string | null = backpack.accessToken) => {
    const headers: Record<string, string> = {accept: 'application/json', ...(init.headers as Record<string, string> | undefined)};
    if (token !== null) headers.authorization = `Bearer ${token}`;
    const response = await fetch(`${api}${path}`, {...init, headers});
    const contentType = response.headers.get('content-type') ?? '';
    return {status: response.status, headers: response.headers, contentType, body: (await response.json()) as Record<string, any>};
  };
  /** A refusal in the 1EdTech error format, as the OpenAPI document describes it. */
  const refused = (method: string, path: string, response: Awaited<ReturnType<typeof call>>, status: number, codeMinor: string) => {
    assert.equal(response.status, status, JSON.stringify(response.body));
    assertOb3Response(method, path, response);
    assert.equal(response.body.imsx_codeMajor, 'failure');
    assert.equal(response.body.imsx_codeMinor.imsx_codeMinorField[0].imsx_codeMinorFieldValue, codeMinor);
  };

  before(async () => {
    listening = await listeningHallmark(startHallmark);
    api = `${listening.base}/ims/ob/v3p0`;
    await acceptInvitation(browserAgent(listening.t), await invite(listening.t), 'rita');
    endpoints = await discover(api);
    backpack = await connectBackpack(listening.base, 'rita');
  });
  after(() => listening?.close());

  const startFlow = async (options: {method?: string; redirectUri?: string; scope?: string} = {}) => {
    const client = await register(endpoints, REDIRECT);
    const browser = new CookieFetch(listening.base);
    await browser.signIn('rita', PASSWORD);
    const {verifier, challenge} = pkce();
    return {client, browser, verifier, challenge, url: authorizationUrl(endpoints, client, {challenge, ...options})};
  };

  it('refuses a replayed code, and revokes what the first exchange issued', async () => {
    const {client, browser, verifier, url} = await startFlow();
    const code = (await authorize(browser, url)).searchParams.get('code')!;
    const first = await exchange(endpoints, client, code, verifier);
    assert.equal(first.status, 200);
    const replay = await exchange(endpoints, client, code, verifier);
    assert.equal(replay.status, 400);
    assert.equal(replay.body.error, 'invalid_grant');
    const listed = await call('/credentials', {}, first.body.access_token as string);
    refused('GET', '/credentials', listed, 401, 'unauthorizedrequest');
  });

  it('refuses a code verifier that does not match the challenge', async () => {
    const {client, browser, url} = await startFlow();
    const code = (await authorize(browser, url)).searchParams.get('code')!;
    const wrong = await exchange(endpoints, client, code, pkce().verifier);
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.error, 'invalid_grant');
  });

  it('refuses plain PKCE and a request without PKCE, telling the client', async () => {
    const plain = await new CookieFetch(listening.base).fetch((await startFlow({method: 'plain'})).url);
    assert.equal(plain.status, 303);
    const location = new URL(plain.headers.get('location')!);
    assert.equal(`${location.origin}${location.pathname}`, REDIRECT);
    assert.equal(location.searchParams.get('error'), 'invalid_request');
    assert.match(location.searchParams.get('error_description') ?? '', /code_challenge_method/);
    const {client} = await startFlow();
    const noPkce = new URL(endpoints.authorization);
    noPkce.search = new URLSearchParams({response_type: 'code', client_id: client.clientId, redirect_uri: REDIRECT, scope: SCOPES.credentialRead, state: 's'}).toString();
    const response = await new CookieFetch(listening.base).fetch(noPkce.href);
    assert.equal(response.status, 303);
    assert.equal(new URL(response.headers.get('location')!).searchParams.get('error'), 'invalid_request');
  });

  it('refuses a redirect URI the client did not register, with a page and no redirect', async () => {
    const {url} = await startFlow({redirectUri: 'https://attacker.example/steal'});
    const response = await new CookieFetch(listening.base).fetch(url);
    assert.equal(response.status, 400);
    assert.equal(response.headers.get('location'), null);
    assert.match(await response.text(), /redirect_uri/);
    // And at the token endpoint, a code is only good with the redirect URI it was issued for.
    const flow = await startFlow();
    const code = (await authorize(flow.browser, flow.url)).searchParams.get('code')!;
    const mismatch = await exchange(endpoints, flow.client, code, flow.verifier, 'http://127.0.0.1:9/other');
    assert.equal(mismatch.status, 400);
  });

  it('refuses a token without the scope an operation needs (403 Imsx_StatusInfo)', async () => {
    const reader = await connectBackpack(listening.base, 'rita', SCOPES.credentialRead);
    assert.equal((await call('/credentials', {}, reader.accessToken)).status, 200);
    const upsert = await call('/credentials', {method: 'POST', headers: {'content-type': 'application/json'}, body: '{}'}, reader.accessToken);
    refused('POST', '/credentials', upsert, 403, 'forbidden');
    assert.match(upsert.headers.get('www-authenticate') ?? '', /insufficient_scope/);
    refused('GET', '/profile', await call('/profile', {}, reader.accessToken), 403, 'forbidden');
    refused('PUT', '/profile', await call('/profile', {method: 'PUT', headers: {'content-type': 'application/json'}, body: '{"name":"x"}'}, reader.accessToken), 403, 'forbidden');
  });

  it('refuses missing, unknown and expired tokens (401)', async () => {
    const none = await call('/credentials', {}, null);
    refused('GET', '/credentials', none, 401, 'unauthorizedrequest');
    assert.equal(none.headers.get('www-authenticate'), 'Bearer');
    refused('GET', '/credentials', await call('/credentials', {}, 'not-a-token-we-issued-0123456789'), 401, 'unauthorizedrequest');
    // Our own API tokens are not access tokens of the authorization server.
    refused('GET', '/credentials', await call('/credentials', {}, 'test-admin-token-0123456789abcdef'), 401, 'unauthorizedrequest');

    const expiring = await connectBackpack(listening.base, 'rita');
    assert.equal((await call('/profile', {}, expiring.accessToken)).status, 200);
    // The clock moves past the token's lifetime.
    const records = await listening.t.hallmark.services.store.collection<OAuthRecord>(OAUTH_COLLECTION);
    const id = `AccessToken:${hashSecret(expiring.accessToken)}`;
    const stored = (await records.get(id))!;
    const past = Math.floor(Date.now() / 1000) - 60;
    assert.ok(await records.update(id, stored.version, {...stored.doc, expiresAt: (past - 1) * 1000, payload: JSON.stringify({...(JSON.parse(stored.doc.payload) as Record<string, unknown>), exp: past})}));
    const expired = await call('/profile', {}, expiring.accessToken);
    refused('GET', '/profile', expired, 401, 'unauthorizedrequest');
    assert.match(expired.headers.get('www-authenticate') ?? '', /invalid_token/);
  });

  it('refuses malformed, oversized and hostile upserts, keeping nothing', async () => {
    const before = await kept();
    const post = (body: string, type = 'application/json') => call('/credentials', {method: 'POST', headers: {'content-type': type}, body});
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const cases: Array<[string, string, number, string]> = [
      ['{"type": ["VerifiableCredential"', 'application/json', 400, 'broken JSON'],
      ['[]', 'application/json', 400, 'an array'],
      ['"just a string"', 'application/json', 400, 'a JSON string'],
      ['{"hello": "world"}', 'application/json', 400, 'no credential'],
      [`{"credentialSubject": ${deep}}`, 'application/json', 400, 'nesting too deep'],
      [JSON.stringify({name: 'x'.repeat(1_100_000)}), 'application/json', 413, 'oversized JSON'],
      ['not a jws', 'text/plain', 400, 'text that is no JWS'],
      [`${'a'.repeat(1_100_000)}.b.c`, 'text/plain', 413, 'oversized JWS'],
      ['<credential/>', 'application/xml', 415, 'XML'],
      ['{"__proto__": {"polluted": true}, "@context": []}', 'application/json', 400, 'prototype pollution'],
    ];
    for (const [body, type, status, what] of cases) {
      const response = await post(body, type);
      assert.equal(response.status, status, `${what}: ${JSON.stringify(response.body)}`);
      assertOb3Response('POST', '/credentials', response);
      assert.equal(response.body.imsx_codeMajor, 'failure', what);
    }
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(await kept(), before, 'nothing was kept');
  });

  it('refuses malformed paging parameters', async () => {
    for (const query of ['limit=0', 'limit=abc', 'offset=-1', 'since=yesterday', 'limit=1&limit=2']) {
      refused('GET', '/credentials', await call(`/credentials?${query}`), 400, 'invalid_query_parameter');
    }
    const capped = await call('/credentials?limit=100000');
    assert.equal(capped.status, 200);
    assert.match(capped.headers.get('link') ?? '', /limit=100&/);
  });

  it('refuses malformed client registrations', async () => {
    for (const body of ['{"redirect_uris": ["not a url"]}', '{"redirect_uris": "x"}', '{', `{"client_name": "${'x'.repeat(70_000)}", "redirect_uris": ["https://a.example/cb"]}`]) {
      const response = await fetch(endpoints.registration, {method: 'POST', headers: {'content-type': 'application/json'}, body});
      assert.equal(response.status, 400, body.slice(0, 60));
      const answer = (await response.json()) as {error: string};
      assert.match(answer.error, /invalid_(client_metadata|redirect_uri|request)/);
    }
  });
});
