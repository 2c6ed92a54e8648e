import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {createServer, type Server} from 'node:http';
import {once} from 'node:events';
import {startHallmark, type TestHallmark} from '../helpers/hallmark.ts';
import {listeningHallmark, type Listening} from '../helpers/listening.ts';
import {acceptInvitation, browserAgent, invite, PASSWORD} from '../helpers/web.ts';
import {authorizationUrl, discover, exchange, pkce, refresh, register, revoke, type Endpoints} from '../helpers/oauth-client.ts';
import {assertOb3Response} from '../helpers/ob3-openapi.ts';
import {chromiumMissing, launchChromium} from './chromium.ts';
import {assertAccessible} from './accessibility.ts';

const skip = chromiumMissing() ?? false;

describe('a backpack connects through the sign-in and consent pages in Chromium', {skip}, () => {
  let listening: Listening<TestHallmark>;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let backpackServer: Server;
  let redirectUri: string;
  let endpoints: Endpoints;
  before(async () => {
    listening = await listeningHallmark(startHallmark);
    await acceptInvitation(browserAgent(listening.t), await invite(listening.t), 'rita');
    // The backpack's own redirect endpoint: it only has to answer, the test reads the code from the URL.
    backpackServer = createServer((_req, res) => res.writeHead(200, {'content-type': 'text/plain'}).end('Connected to Hallmark'));
    backpackServer.listen(0, '127.0.0.1');
    await once(backpackServer, 'listening');
    redirectUri = `http://127.0.0.1:${(backpackServer.address() as {port: number}).port}/callback`;
    endpoints = await discover(`${listening.base}/ims/ob/v3p0`);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    backpackServer?.close();
    await listening?.close();
  });

  it('registers, signs in, consents, exchanges the code, syncs, upserts, refreshes, revokes and is disconnected', async () => {
    const {base} = listening;
    const api = `${base}/ims/ob/v3p0`;
    const client = await register(endpoints, redirectUri);
    const {verifier, challenge} = pkce();
    const page = await browser.context.newPage();

    await page.goto(authorizationUrl(endpoints, client, {challenge, state: 'chromium-state'}));
    await page.waitForURL(/\/sign-in\?next=%2Fconnect%2F/);
    await page.getByLabel('Handle').fill('rita');
    await page.getByLabel('Password', {exact: true}).fill(PASSWORD);
    await Promise.all([page.waitForURL(/\/connect\/[A-Za-z0-9_-]+$/), page.getByRole('button', {name: 'Sign in', exact: true}).click()]);
    await page.getByRole('heading', {name: 'Test Backpack wants to use your Hallmark account'}).waitFor();
    for (const words of ['Read the badges you have earned here', 'Keep badges here for you', 'Read your profile', 'Change your profile\'s name']) assert.ok(await page.getByText(words).isVisible(), words);
    await assertAccessible(page, 'consent page');
    await Promise.all([page.waitForURL((url) => url.href.startsWith(redirectUri)), page.getByRole('button', {name: 'Allow'}).click()]);
    const callback = new URL(page.url());
    assert.equal(callback.searchParams.get('state'), 'chromium-state');

    const issued = await exchange(endpoints, client, callback.searchParams.get('code')!, verifier);
    assert.equal(issued.status, 200, JSON.stringify(issued.body));
    const auth = {authorization: `Bearer ${issued.body.access_token as string}`};
    const listed = await fetch(`${api}/credentials`, {headers: auth});
    assert.equal(listed.status, 200);
    assert.equal(listed.headers.get('x-total-count'), '0');
    assertOb3Response('GET', '/credentials', {status: 200, body: await listed.json(), contentType: listed.headers.get('content-type')!});

    // A VC-JWT whose signature is bogus: kept, and shown as not verified.
    const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const vc = {'@context': ['https://www.w3.org/2018/credentials/v1', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'], type: ['VerifiableCredential', 'OpenBadgeCredential'], name: 'Pushed badge', issuer: 'did:example:elsewhere', issuanceDate: '2025-01-01T00:00:00Z', credentialSubject: {id: 'did:example:rita', type: ['AchievementSubject'], achievement: {id: 'https://example.org/a', type: ['Achievement'], name: 'A', description: 'A.', criteria: {narrative: 'A.'}}}};
    const jws = `${part({alg: 'ES256'})}.${part({iss: 'did:example:elsewhere', jti: 'urn:uuid:7d1b3a2c-0000-4000-8000-00000000000a', vc})}.c2lnbmF0dXJl`;
    const pushed = await fetch(`${api}/credentials`, {method: 'POST', headers: {...auth, 'content-type': 'text/plain'}, body: jws});
    assert.equal(pushed.status, 201, await pushed.text());
    assert.equal((await fetch(`${api}/credentials`, {method: 'POST', headers: {...auth, 'content-type': 'text/plain'}, body: jws})).status, 200);

    const refreshed = await refresh(endpoints, client, issued.body.refresh_token as string);
    assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
    const newAccess = {authorization: `Bearer ${refreshed.body.access_token as string}`};
    assert.equal((await fetch(`${api}/credentials`, {headers: newAccess})).status, 200);
    assert.equal(await revoke(endpoints, client, refreshed.body.access_token as string, 'access_token'), 200);
    assert.equal((await fetch(`${api}/credentials`, {headers: newAccess})).status, 401, 'a revoked access token is refused');

    // The person sees the app and what it keeps, and disconnects it: its refresh token stops working.
    await page.goto(`${base}/account`);
    await Promise.all([page.waitForURL(`${base}/account/connected-apps`), page.getByRole('link', {name: 'Connected apps'}).click()]);
    await page.getByRole('cell', {name: 'Test Backpack', exact: true}).waitFor();
    assert.ok(await page.getByText('not verified').isVisible(), 'the kept credential shows its verdict');
    await assertAccessible(page, 'connected apps page');
    await Promise.all([page.waitForURL(`${base}/account/connected-apps`), page.getByRole('button', {name: 'Disconnect Test Backpack'}).click()]);
    await page.getByText('No apps are connected.').waitFor();
    const afterDisconnect = await refresh(endpoints, client, (refreshed.body.refresh_token as string | undefined) ?? (issued.body.refresh_token as string));
    assert.equal(afterDisconnect.status, 400);
    assert.equal(afterDisconnect.body.error, 'invalid_grant');
    await page.close();
  });
});
