import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {createIssuer, issueBadge, startHallmark} from '../helpers/hallmark.ts';
import {browserSuite, chromiumMissing, screenshot} from './chromium.ts';
import {assertAccessible} from './accessibility.ts';
import {badgeFor} from '../helpers/recipients.ts';

const skip = chromiumMissing() ?? false;

describe('the /verify page in Chromium', {skip}, () => {
  const suite = browserSuite(async () => {
    const t = await startHallmark();
    await createIssuer(t, 'acme');
    return t;
  });

  it('verifies a pasted credential', async (ctx) => {
    const credential = await issueBadge(suite.t);
    const page = await suite.browser.context.newPage();
    await page.goto(`${suite.browser.baseUrl}/verify`);
    await page.getByLabel('credential text').fill(JSON.stringify(credential));
    await screenshot(ctx, suite.browser, page, 'verify-form');
    await Promise.all([page.waitForURL(`${suite.browser.baseUrl}/verify`), page.getByRole('button', {name: 'Verify'}).click()]);
    await page.getByText('Genuine and currently valid').waitFor({state: 'visible'});
    assert.ok(await page.getByText('Found 1 credential.').isVisible());
    assert.ok(await page.getByRole('heading', {name: 'Safe to run'}).isVisible());
    await screenshot(ctx, suite.browser, page, 'verify-pasted');
    await page.close();
  });

  it('verifies an uploaded baked PNG', async (ctx) => {
    const credential = await issueBadge(suite.t);
    const baked = await fetch(`${suite.browser.baseUrl}/credentials/${String(credential.id).replace(/^urn:uuid:/, '')}/baked.png`);
    assert.equal(baked.status, 200);
    const file = join(suite.browser.screenshots, 'baked.png');
    await writeFile(file, Buffer.from(await baked.arrayBuffer()));
    const page = await suite.browser.context.newPage();
    await page.goto(`${suite.browser.baseUrl}/verify`);
    await page.getByLabel('credential file').setInputFiles(file);
    await page.getByRole('button', {name: 'Verify'}).click();
    await page.getByText('Genuine and currently valid').waitFor({state: 'visible'});
    assert.ok(await page.getByText('baked.png').first().isVisible());
    await screenshot(ctx, suite.browser, page, 'verify-uploaded');
    await page.close();
  });

  it('says whose each badge is when a recipient is named, and flags another person\'s', async (ctx) => {
    const alices = await issueBadge(suite.t, 'acme', {}, badgeFor('alice@example.org', 'https://example.org/people/alice', 'a-salt'));
    const bobs = await issueBadge(suite.t, 'acme', {}, badgeFor('bob@example.org', 'https://example.org/people/bob', 'b-salt'));
    const presentation = {'@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'], verifiableCredential: [alices, bobs]};
    const page = await suite.browser.context.newPage();
    await page.goto(`${suite.browser.baseUrl}/verify`);
    await assertAccessible(page, 'the /verify form');
    await page.getByLabel('credential text').fill(JSON.stringify(presentation));
    await page.getByLabel('The person\'s email address, profile URL or DID').fill('alice@example.org');
    await page.getByRole('button', {name: 'Verify'}).click();
    await page.getByText('Issued to this person').waitFor({state: 'visible'});
    assert.ok(await page.getByText('Not this person\'s badge').isVisible());
    assert.ok(await page.getByRole('heading', {name: 'Suspicious'}).isVisible());
    await assertAccessible(page, 'the results for a named recipient');
    await screenshot(ctx, suite.browser, page, 'verify-recipient');
    await page.close();
  });

  it('explains an empty submission instead of failing silently', async () => {
    const page = await suite.browser.context.newPage();
    await page.goto(`${suite.browser.baseUrl}/verify`);
    const [response] = await Promise.all([page.waitForResponse((candidate) => candidate.request().method() === 'POST'), page.getByRole('button', {name: 'Verify'}).click()]);
    assert.equal(response.status(), 400);
    await page.getByText('paste a credential, choose a file, or give an address').waitFor({state: 'visible'});
    await page.close();
  });
});
