import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {startHallmark, type TestHallmark} from '../helpers/hallmark.ts';
import {acceptInvitation, alertText, browserAgent, formTokens, invite, PASSWORD, signIn, submit, tokenFrom} from '../helpers/web.ts';
import {MAX_FAILED_SIGN_INS} from '../../src/auth/index.ts';

function setCookie(response: {headers: Record<string, unknown>}, name: string): string {
  const cookies = (response.headers['set-cookie'] as string[] | undefined) ?? [];
  return cookies.find((cookie) => cookie.startsWith(`${name}=`)) ?? '';
}

describe('password sign-in, sessions and invitations over HTTP', () => {
  let t: TestHallmark;
  before(async () => {
    t = await startHallmark();
  });
  after(async () => t.close());

  it('invitation → set a password → signed in → sign out ends the session server-side → sign in again', async () => {
    const link = await invite(t, {foundCommunities: true, note: 'Stella'});
    const agent = browserAgent(t);
    const page = await agent.get(link);
    assert.equal(page.status, 200);
    assert.match(page.text, /the right to found communities/);
    assert.match(setCookie(page, 'hallmark_form'), /HttpOnly; SameSite=Lax$/);

    const accepted = await acceptInvitation(agent, link, 'stella');
    assert.equal(accepted.headers.location, '/communities/new');
    const cookie = setCookie(accepted, 'hallmark_session');
    assert.match(cookie, /; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Lax$/);
    assert.doesNotMatch(cookie, /Secure/, 'a plain-http instance cannot send Secure cookies');
    const secret = /hallmark_session=([^;]+)/.exec(cookie)?.[1] ?? '';

    const account = await agent.get('/account');
    assert.equal(account.status, 200);
    assert.match(account.text, /Signed in as <strong>stella<\/strong>/);
    assert.match(account.text, /Person stella/);
    assert.equal((await t.http.get('/api/v1/accounts/stella')).body.mayFoundCommunities, true);

    const again = await agent.get(link);
    assert.equal(again.status, 409, 'an invitation works once');
    assert.match(again.text, /already accepted/);

    const signOutToken = formTokens(account.text)[0];
    const out = await agent.post('/sign-out').type('form').send({_csrf: signOutToken});
    assert.equal(out.status, 303);
    assert.match(setCookie(out, 'hallmark_session'), /hallmark_session=;/);
    // The old cookie, replayed by hand, no longer signs anyone in.
    const replay = await t.http.get('/account').set('Cookie', `hallmark_session=${secret}`).set('Accept', 'text/html');
    assert.equal(replay.status, 303);
    assert.equal(replay.headers.location, '/sign-in?next=%2Faccount');

    const signedIn = await signIn(agent, 'stella');
    assert.equal(signedIn.status, 303);
    assert.equal(signedIn.headers.location, '/account');
    assert.notEqual(/hallmark_session=([^;]+)/.exec(setCookie(signedIn, 'hallmark_session'))?.[1], secret, 'a new session, never the old one');
    assert.equal((await agent.get('/account')).status, 200);
  });

  it('a session acts like a bearer token: the API sees the account (with the form token as a header for state changes)', async () => {
    const agent = browserAgent(t);
    await acceptInvitation(agent, await invite(t), 'percy');
    const me = await agent.get('/api/v1/accounts/percy/tokens').set('Accept', 'application/json');
    assert.equal(me.status, 200);
    assert.deepEqual(me.body.tokens, []);
    const withoutToken = await agent.post('/api/v1/accounts/percy/tokens').set('Accept', 'application/json').send({label: 'x'});
    assert.equal(withoutToken.status, 403);
    assert.match(withoutToken.body.error.message, /form token/);
    const token = await tokenFrom(agent, '/account');
    const withToken = await agent.post('/api/v1/accounts/percy/tokens').set('Accept', 'application/json').set('X-CSRF-Token', token).send({label: 'x'});
    assert.equal(withToken.status, 201);
    // Bearer tokens and the admin token work as before.
    assert.equal((await t.http.get('/api/v1/accounts/percy/tokens').set({Authorization: `Bearer ${withToken.body.token}`})).body.tokens.length, 1);
    assert.equal((await t.http.get('/api/v1/accounts/percy/tokens').set(t.admin)).status, 200);
  });

  it(`locks an account after ${MAX_FAILED_SIGN_INS} wrong passwords, even against the right one, and says until when`, async () => {
    const agent = browserAgent(t);
    await acceptInvitation(agent, await invite(t), 'lou');
    const other = browserAgent(t);
    for (let attempt = 1; attempt < MAX_FAILED_SIGN_INS; attempt++) {
      const wrong = await signIn(other, 'lou', `wrong password ${attempt}`);
      assert.equal(wrong.status, 401);
      assert.match(alertText(wrong.text), /do not match/);
    }
    const last = await signIn(other, 'lou', 'wrong password again');
    assert.equal(last.status, 403);
    assert.match(alertText(last.text), /locked until \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    const right = await signIn(other, 'lou', PASSWORD);
    assert.equal(right.status, 403, 'the right password does not open a locked account');
    assert.equal(setCookie(right, 'hallmark_session'), '');
    const unknown = await signIn(other, 'nobody-here', PASSWORD);
    assert.equal(unknown.status, 401, 'an unknown handle reads like a wrong password');
  });

  it('session cookies are Secure when the public URL is https', async () => {
    const secure = await startHallmark({HALLMARK_PUBLIC_URL: 'https://badges.example.org'});
    try {
      const agent = browserAgent(secure);
      const page = await agent.get('/sign-in');
      assert.match(setCookie(page, 'hallmark_form'), /; Secure; SameSite=Lax$/);
      const link = await invite(secure);
      // supertest speaks plain http, so its cookie jar keeps Secure cookies back: send the form cookie by hand.
      const token = formTokens(page.text)[0];
      const formCookie = setCookie(page, 'hallmark_form').split(';')[0];
      const accepted = await secure.http.post(link).set('Cookie', formCookie).type('form').send({_csrf: token, handle: 'sue', name: 'Sue', password: PASSWORD, confirm: PASSWORD});
      assert.equal(accepted.status, 303, accepted.text.slice(0, 400));
      assert.match(setCookie(accepted, 'hallmark_session'), /; HttpOnly; Secure; SameSite=Lax$/);
    } finally {
      await secure.close();
    }
  });

  it('the account page lists sessions and ends another browser\'s session', async () => {
    const laptop = browserAgent(t);
    await acceptInvitation(laptop, await invite(t), 'rita');
    const phone = browserAgent(t).set('User-Agent', 'Phone browser');
    assert.equal((await signIn(phone, 'rita')).status, 303);
    const page = await laptop.get('/account');
    assert.match(page.text, /Phone browser/);
    const ids = [...page.text.matchAll(/\/account\/sessions\/(ses_[0-9a-f-]+)\/revoke/g)].map((match) => match[1]);
    assert.equal(ids.length, 2);
    const phoneRow = page.text.split('<tr>').find((row) => row.includes('Phone browser')) ?? '';
    const phoneId = /sessions\/(ses_[0-9a-f-]+)\/revoke/.exec(phoneRow)?.[1] ?? '';
    const token = /name="_csrf" value="([^"]+)"/.exec(phoneRow)?.[1] ?? '';
    const revoked = await laptop.post(`/account/sessions/${phoneId}/revoke`).type('form').send({_csrf: token});
    assert.equal(revoked.status, 303);
    assert.equal((await phone.get('/account')).status, 303, 'the phone is signed out');
    assert.equal((await laptop.get('/account')).status, 200, 'the laptop is not');
    // Someone else's session id is not theirs to end.
    const mallory = browserAgent(t);
    await acceptInvitation(mallory, await invite(t), 'mallory');
    const laptopId = ids.find((id) => id !== phoneId) as string;
    const foreign = await submit(mallory, '/account', `/account/sessions/${laptopId}/revoke`, {});
    assert.equal(foreign.status, 404);
    assert.equal((await laptop.get('/account')).status, 200);
  });

  it('makes and revokes API tokens from the account page, showing a new token once', async () => {
    const agent = browserAgent(t);
    await acceptInvitation(agent, await invite(t), 'tokyo');
    const made = await submit(agent, '/account', '/account/tokens', {label: 'CI runner'}, 1);
    assert.equal(made.status, 201);
    const secret = /<code class="secret">(hm_[^<]+)<\/code>/.exec(made.text)?.[1] ?? '';
    assert.ok(secret);
    assert.equal((await t.http.get('/api/v1/accounts/tokyo/tokens').set({Authorization: `Bearer ${secret}`})).status, 200);
    const page = await agent.get('/account');
    assert.doesNotMatch(page.text, new RegExp(secret), 'shown once only');
    const tokenId = /\/account\/tokens\/(tok_[0-9a-f-]+)\/revoke/.exec(page.text)?.[1] ?? '';
    const row = page.text.split('<tr>').find((item) => item.includes(tokenId)) ?? '';
    const revoked = await agent.post(`/account/tokens/${tokenId}/revoke`).type('form').send({_csrf: /value="([^"]+)"/.exec(row)?.[1]});
    assert.equal(revoked.status, 303);
    assert.equal((await t.http.get('/api/v1/accounts/tokyo/tokens').set({Authorization: `Bearer ${secret}`})).status, 401);
  });
});
