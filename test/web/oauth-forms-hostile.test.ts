import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {startHallmark, type TestHallmark} from '../helpers/hallmark.ts';
import {listeningHallmark, type Listening} from '../helpers/listening.ts';
import {acceptInvitation, browserAgent, invite, PASSWORD} from '../helpers/web.ts';
import {CookieFetch} from '../helpers/cookie-fetch.ts';
import {connectBackpack, REDIRECT} from '../helpers/backpack.ts';
import {authorizationUrl, discover, pkce, register} from '../helpers/oauth-client.ts';

describe('the consent and connected-apps forms refuse what they must', () => {
  let listening: Listening<TestHallmark>;
  before(async () => {
    listening = await listeningHallmark(startHallmark);
    for (const handle of ['rita', 'mo']) await acceptInvitation(browserAgent(listening.t), await invite(listening.t), handle);
  });
  after(() => listening?.close());

  const consentFor = async (browser: CookieFetch) => {
    const endpoints = await discover(`${listening.base}/ims/ob/v3p0`);
    const client = await register(endpoints, REDIRECT, {client_name: '<script>alert(1)</script> Backpack'});
    const start = await browser.fetch(authorizationUrl(endpoints, client, {challenge: pkce().challenge}));
    return start.headers.get('location')!;
  };
  const tokenOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1];

  it('sends a person who is not signed in to sign in, and back', async () => {
    const browser = new CookieFetch(listening.base);
    const consentPath = await consentFor(browser);
    const page = await browser.fetch(consentPath);
    assert.equal(page.status, 303);
    assert.equal(page.headers.get('location'), `/sign-in?next=${encodeURIComponent(consentPath)}`);
    assert.equal((await browser.fetch('/account/connected-apps')).status, 303);
  });

  it('escapes the client\'s name, and refuses answers without a token, with a bad decision or for another browser\'s request', async () => {
    const browser = new CookieFetch(listening.base);
    await browser.signIn('rita', PASSWORD);
    const consentPath = await consentFor(browser);
    const page = await (await browser.fetch(consentPath)).text();
    assert.ok(!page.includes('<script>alert(1)</script>'), 'markup in a client name is shown as text');
    assert.ok(page.includes('&#60;script&#62;alert(1)&#60;/script&#62; Backpack'));

    assert.equal((await browser.form(consentPath, {decision: 'allow'})).status, 403, 'no form token');
    const bad = await browser.form(consentPath, {_csrf: tokenOf(page), decision: 'maybe'});
    assert.equal(bad.status, 400);
    const twice = await browser.fetch(consentPath, {method: 'POST', headers: {'content-type': 'application/x-www-form-urlencoded'}, body: `_csrf=${tokenOf(await (await browser.fetch(consentPath)).text())}&decision=allow&decision=deny`});
    assert.equal(twice.status, 400);

    // Another signed-in browser cannot answer it: the interaction is bound to the browser that started it.
    const other = new CookieFetch(listening.base);
    await other.signIn('mo', PASSWORD);
    const stranger = await other.fetch(consentPath);
    assert.equal(stranger.status, 400);
    assert.equal((await other.fetch('/connect/not*a*uid')).status, 400);
    assert.equal((await listening.t.hallmark.services.oauth.connections('rita')).length, 0, 'nothing was granted');
    assert.equal((await listening.t.hallmark.services.oauth.connections('mo')).length, 0);
  });

  it('a denial reaches the app as access_denied and grants nothing', async () => {
    const browser = new CookieFetch(listening.base);
    await browser.signIn('rita', PASSWORD);
    const consentPath = await consentFor(browser);
    const page = await (await browser.fetch(consentPath)).text();
    const denied = await browser.form(consentPath, {_csrf: tokenOf(page), decision: 'deny'});
    assert.equal(denied.status, 303);
    const back = new URL((await browser.fetch(denied.headers.get('location')!)).headers.get('location')!);
    assert.equal(back.searchParams.get('error'), 'access_denied');
    assert.equal((await listening.t.hallmark.services.oauth.connections('rita')).length, 0);
  });

  it('disconnects only the person\'s own apps', async () => {
    const backpack = await connectBackpack(listening.base, 'rita');
    const mo = new CookieFetch(listening.base);
    await mo.signIn('mo', PASSWORD);
    const moPage = await (await mo.fetch('/account/connected-apps')).text();
    assert.match(moPage, /No apps are connected/);
    const notHers = await mo.form(`/account/connected-apps/${backpack.client.clientId}/revoke`, {_csrf: tokenOf(moPage)});
    assert.equal(notHers.status, 404);
    assert.equal((await listening.t.hallmark.services.oauth.connections('rita')).length, 1, 'rita\'s app is still connected');
    const malformed = await mo.form('/account/connected-apps/..%2F..%2Fetc/revoke', {_csrf: tokenOf(await (await mo.fetch('/account/connected-apps')).text())});
    assert.equal(malformed.status, 400);
    const noToken = await backpack.browser.form(`/account/connected-apps/${backpack.client.clientId}/revoke`, {});
    assert.equal(noToken.status, 403);
    assert.equal((await listening.t.hallmark.services.oauth.connections('rita')).length, 1);
  });
});
