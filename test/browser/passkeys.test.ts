import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {startHallmark, type TestHallmark} from '../helpers/hallmark.ts';
import {listeningHallmark, type Listening} from '../helpers/listening.ts';
import {acceptInvitation, browserAgent, invite, PASSWORD} from '../helpers/web.ts';
import {chromiumMissing, launchChromium} from './chromium.ts';
import {assertAccessible} from './accessibility.ts';

const skip = chromiumMissing() ?? false;

describe('passkeys with Chromium\'s virtual authenticator', {skip}, () => {
  // WebAuthn needs a host name (not an IP address) as the relying party, so this instance is "localhost".
  let listening: Listening<TestHallmark>;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let base: string;
  before(async () => {
    listening = await listeningHallmark(startHallmark, (address) => ({HALLMARK_PUBLIC_URL: address.replace('127.0.0.1', 'localhost')}));
    base = listening.t.hallmark.services.urls.base;
    browser = await launchChromium();
    await acceptInvitation(browserAgent(listening.t), await invite(listening.t), 'kim');
  });
  after(async () => {
    await browser?.close();
    await listening?.close();
  });

  it('registers a passkey on the account page and signs in with it, no password typed', async () => {
    const page = await browser.context.newPage();
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const {authenticatorId} = await cdp.send('WebAuthn.addVirtualAuthenticator', {options: {protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true}});

    await page.goto(`${base}/sign-in?next=/account`);
    await page.getByLabel('Handle').fill('kim');
    await page.getByLabel('Password', {exact: true}).fill(PASSWORD);
    await Promise.all([page.waitForURL(`${base}/account`), page.getByRole('button', {name: 'Sign in', exact: true}).click()]);
    await page.getByLabel('Name for a new passkey').fill('virtual key');
    await Promise.all([page.waitForURL(`${base}/account?passkey=added#passkeys`), page.getByRole('button', {name: 'Add a passkey'}).click()]);
    await page.getByRole('cell', {name: 'virtual key'}).waitFor();
    const {credentials} = await cdp.send('WebAuthn.getCredentials', {authenticatorId});
    assert.equal(credentials.length, 1);
    assert.equal(credentials[0].isResidentCredential, true);
    assert.equal((await listening.t.hallmark.services.auth.passkeys.list('kim')).length, 1);
    await assertAccessible(page, 'account page with a passkey');

    await Promise.all([page.waitForURL(`${base}/`), page.getByRole('button', {name: 'Sign out', exact: true}).click()]);
    await page.goto(`${base}/sign-in`);
    await Promise.all([page.waitForURL(`${base}/account`), page.getByRole('button', {name: 'Sign in with a passkey'}).click()]);
    await page.getByText('Signed in as kim').waitFor();
    const sessions = await listening.t.hallmark.services.auth.sessions.list('kim');
    assert.ok(sessions.some((session) => session.method === 'passkey'));

    // A second answer to the same challenge, or an answer from another page, is refused: replay the last request by hand.
    const replay = await page.evaluate(`fetch('/sign-in/passkey', {method: 'POST', headers: {'Content-Type': 'application/json'}, body: '{}'}).then((r) => r.status)`);
    assert.equal(replay, 403, 'no form token, no passkey sign-in');
    await page.close();
  });

  it('leaves the pages working without JavaScript: no passkey buttons, password sign-in as before', async () => {
    const context = await browser.context.browser()?.newContext({javaScriptEnabled: false}) ?? null;
    const page = context ? await context.newPage() : await browser.context.newPage();
    if (!context) await page.route('**/assets/passkeys.js', (route) => route.abort());
    await page.goto(`${base}/sign-in`);
    assert.equal(await page.getByRole('button', {name: 'Sign in with a passkey'}).isVisible(), false);
    await page.getByLabel('Handle').fill('kim');
    await page.getByLabel('Password', {exact: true}).fill(PASSWORD);
    await Promise.all([page.waitForURL(`${base}/account`), page.getByRole('button', {name: 'Sign in', exact: true}).click()]);
    assert.equal(await page.getByRole('button', {name: 'Add a passkey'}).isVisible(), false);
    await page.close();
  });
});
