import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {startHallmark} from '../helpers/hallmark.ts';
import {browserSuite, chromiumMissing, screenshot} from './chromium.ts';
import {PASSWORD} from '../helpers/web.ts';

const skip = chromiumMissing() ?? false;

describe('signing in with Chromium', {skip}, () => {
  const suite = browserSuite(() => startHallmark());

  it('accepts the first-start invitation, founds a community, signs out and in again with the keyboard', async (ctx) => {
    const {context, baseUrl} = suite.browser;
    const wayIn = suite.t.hallmark.wayIn;
    assert.ok(wayIn, 'a fresh instance prints a way in');
    const page = await context.newPage();
    await page.goto(`${baseUrl}/invitations/${wayIn}`);
    await page.getByRole('heading', {name: 'You are invited to Hallmark'}).waitFor();
    await page.getByLabel('Handle').fill('stella');
    await page.getByLabel('Your name').fill('Stella Steward');
    await page.getByLabel('Password', {exact: true}).fill(PASSWORD);
    await page.getByLabel('Password again').fill(PASSWORD);
    await screenshot(ctx, suite.browser, page, 'invitation');
    await Promise.all([page.waitForURL(`${baseUrl}/communities/new`), page.getByRole('button', {name: 'Make my account'}).click()]);

    const cookies = await context.cookies(baseUrl);
    const session = cookies.find((cookie) => cookie.name === 'hallmark_session');
    assert.ok(session, 'signed in');
    assert.equal(session.httpOnly, true);
    assert.equal(session.sameSite, 'Lax');
    assert.equal(session.secure, false, 'plain http here; https instances set Secure');
    assert.equal(await page.evaluate('document.cookie'), '', 'no script can read the cookies');

    await page.getByLabel('Name', {exact: true}).fill('JS vetting');
    await page.getByLabel('Short name for addresses').fill('js-vet');
    await page.getByLabel('Package types reviewed').fill('npm');
    await page.getByLabel('Anyone signed in may join as a member').check();
    await Promise.all([page.waitForURL(`${baseUrl}/communities/js-vet`), page.getByRole('button', {name: 'Found the community'}).click()]);
    await page.getByRole('heading', {name: 'JS vetting'}).waitFor();
    assert.ok(await page.getByText('Signed in as stella').isVisible());
    await screenshot(ctx, suite.browser, page, 'community-founded');

    // Every page reaches the directory, verification and the account.
    for (const name of ['Communities', 'Packages', 'Reviewers', 'Verify a badge']) assert.ok(await page.getByRole('navigation', {name: 'Site'}).getByRole('link', {name}).isVisible(), name);

    await Promise.all([page.waitForURL(`${baseUrl}/`), page.getByRole('button', {name: 'Sign out'}).click()]);
    assert.equal((await context.cookies(baseUrl)).some((cookie) => cookie.name === 'hallmark_session'), false);

    await page.goto(`${baseUrl}/account`);
    await page.waitForURL(/\/sign-in\?next=%2Faccount$/);
    await page.getByLabel('Handle').focus();
    await page.keyboard.type('stella');
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await Promise.all([page.waitForURL(`${baseUrl}/account`), page.keyboard.press('Enter')]);
    await page.getByRole('heading', {name: 'Stella Steward'}).waitFor();
    assert.ok(await page.getByRole('link', {name: 'js-vet'}).isVisible());
    await screenshot(ctx, suite.browser, page, 'account');
    await page.close();
  });
});
