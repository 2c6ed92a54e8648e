import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {createIssuer, issueBadge, startHallmark} from '../helpers/hallmark.ts';
import {browserSuite, chromiumMissing, screenshot} from './chromium.ts';

const skip = chromiumMissing() ?? false;

describe('verification pages in Chromium', {skip}, () => {
  const suite = browserSuite(async () => {
    const t = await startHallmark();
    await createIssuer(t, 'acme');
    return t;
  });

  const uuidOf = (credential: Record<string, unknown>) => String(credential.id).replace(/^urn:uuid:/, '');

  it('shows a valid credential: verdict, achievement, issuer, checks, styled and with its badge', async (ctx) => {
    const credential = await issueBadge(suite.t);
    const page = await suite.browser.context.newPage();
    const blocked: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) blocked.push(message.text());
    });
    const response = await page.goto(`${suite.browser.baseUrl}/credentials/${uuidOf(credential)}`);
    assert.equal(response?.status(), 200);
    await page.getByText('Genuine and currently valid').waitFor({state: 'visible'});
    assert.ok(await page.getByRole('heading', {name: 'Safe to run'}).isVisible());
    assert.ok(await page.getByText('acme community').first().isVisible());
    // Identifiers wait behind a disclosure; the verdict, issuer and checks come first, in words.
    assert.equal(await page.locator('details.technical').getAttribute('open'), null);
    assert.equal(await page.getByText('Credential id').isVisible(), false);
    assert.ok(await page.getByText('Signature intact (not altered)').first().isVisible());
    // Expressions run in the page; written as strings because the test compiles without DOM types.
    const badgeLoaded = await page.evaluate("(() => { const img = document.querySelector('main img'); return img.complete && img.naturalWidth > 0; })()");
    assert.ok(badgeLoaded, 'the live badge image loads under the page CSP');
    const border = await page.evaluate("getComputedStyle(document.querySelector('section.verdict')).borderTopStyle");
    assert.equal(border, 'solid', 'the stylesheet from our origin applies');
    assert.deepEqual(blocked, [], 'nothing was blocked by the content security policy');
    await screenshot(ctx, suite.browser, page, 'valid');
    await page.close();
  });

  it('shows a revoked credential as revoked', async (ctx) => {
    const credential = await issueBadge(suite.t);
    await suite.t.http.post('/issuers/acme/credentials/status').set(suite.t.admin).send({credentialId: credential.id, credentialStatus: [{type: 'BitstringStatusListEntry', statusPurpose: 'revocation', status: true}]});
    const page = await suite.browser.context.newPage();
    await page.goto(`${suite.browser.baseUrl}/credentials/${uuidOf(credential)}`);
    await page.getByText('Revoked', {exact: true}).waitFor({state: 'visible'});
    assert.ok(await page.getByText('The issuer has withdrawn this badge').isVisible());
    await screenshot(ctx, suite.browser, page, 'revoked');
    await page.close();
  });

  it('does not run a script smuggled into a credential', async () => {
    const hostile = '<script>window.pwned=1</script><img src=x onerror="window.pwned=2">';
    const credential = await issueBadge(suite.t, 'acme', {}, {type: ['VerifiableCredential', 'OpenBadgeCredential'], name: hostile, credentialSubject: {id: 'https://example.org/p', type: ['AchievementSubject'], achievement: {id: 'https://example.org/a', type: ['Achievement'], name: hostile, description: 'x', criteria: {narrative: 'x'}}}});
    const page = await suite.browser.context.newPage();
    await page.goto(`${suite.browser.baseUrl}/credentials/${uuidOf(credential)}`);
    await page.getByRole('heading', {name: hostile}).waitFor({state: 'visible'});
    assert.equal(await page.evaluate("'pwned' in window"), false);
    assert.equal(await page.locator('main img[src=x]').count(), 0);
    await page.close();
  });
});
