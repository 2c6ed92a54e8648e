/** A backpack connected to a person's account through the real sign-in and consent pages (over HTTP, no browser). */
import assert from 'node:assert/strict';
import {CookieFetch} from './cookie-fetch.ts';
import {ALL_SCOPES, authorizationUrl, discover, exchange, pkce, register, type Endpoints, type RegisteredClient} from './oauth-client.ts';
import {PASSWORD} from './web.ts';

export const REDIRECT = 'http://127.0.0.1:9/callback';

/** Follows an authorization request through consent to the redirect with the code. */
export async function authorize(browser: CookieFetch, url: string, decision = 'allow'): Promise<URL> {
  const start = await browser.fetch(url);
  assert.equal(start.status, 303, await start.text());
  const consentPath = start.headers.get('location')!;
  const page = await browser.fetch(consentPath);
  const html = await page.text();
  assert.equal(page.status, 200, html.slice(0, 400));
  // The consent form (the one with the decision buttons), posted where it says, as a browser does.
  const [, action, token] = /<form method="post" action="([^"]+)"[^>]*><input type="hidden" name="_csrf" value="([^"]+)"><button type="submit" name="decision"/.exec(html)!;
  assert.equal(action, consentPath);
  const answered = await browser.form(action, {_csrf: token, decision});
  assert.equal(answered.status, 303, await answered.text());
  const resumed = await browser.fetch(answered.headers.get('location')!);
  assert.equal(resumed.status, 303, await resumed.text());
  return new URL(resumed.headers.get('location')!);
}

export interface Connected {
  endpoints: Endpoints;
  client: RegisteredClient;
  accessToken: string;
  refreshToken: string;
  browser: CookieFetch;
}

/** `base` is the instance's public URL (with its path prefix, if any). */
export async function connectBackpack(base: string, handle: string, scope = ALL_SCOPES, password = PASSWORD): Promise<Connected> {
  const endpoints = await discover(`${base}/ims/ob/v3p0`);
  const client = await register(endpoints, REDIRECT);
  const browser = new CookieFetch(base);
  await browser.signIn(handle, password);
  const {verifier, challenge} = pkce();
  const callback = await authorize(browser, authorizationUrl(endpoints, client, {challenge, scope}));
  const issued = await exchange(endpoints, client, callback.searchParams.get('code')!, verifier);
  assert.equal(issued.status, 200, JSON.stringify(issued.body));
  return {endpoints, client, accessToken: issued.body.access_token as string, refreshToken: issued.body.refresh_token as string, browser};
}
