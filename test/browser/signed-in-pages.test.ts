import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {startHallmark, type TestHallmark} from '../helpers/hallmark.ts';
import {REVIEW, vettingCast} from '../helpers/vetting.ts';
import {browserSuite, chromiumMissing, screenshot} from './chromium.ts';
import {accessibilityViolations, assertAccessible} from './accessibility.ts';
import {PASSWORD} from '../helpers/web.ts';

const skip = chromiumMissing() ?? false;

async function seeded(): Promise<TestHallmark & {stewardLink: string}> {
  const t = await startHallmark();
  const cast = await vettingCast(t, 'npm-vet', {description: 'Vets npm packages.', membership: 'open'});
  await t.http.post('/api/v1/communities/npm-vet/reviews').set(cast.alice).send(REVIEW);
  const invitation = await t.http.post('/api/v1/invitations').set(t.admin).send({community: 'npm-vet', role: 'steward', note: 'a second steward'});
  return Object.assign(t, {stewardLink: new URL(invitation.body.url as string).pathname});
}

describe('sign-in, account, directory and search pages in Chromium', {skip}, () => {
  const suite = browserSuite(seeded);

  it('pass the accessibility check, signed out and signed in, and work from the keyboard', async (ctx) => {
    const {context, baseUrl} = suite.browser;
    const page = await context.newPage();
    // The check itself finds what it should: a field without a label.
    await page.setContent('<!doctype html><html lang="en"><title>x</title><main><input type="text"></main></html>');
    assert.ok((await accessibilityViolations(page)).some((violation) => violation.id === 'label'), 'axe reports an unlabelled field');
    for (const [path, name] of [['/', 'home'], ['/sign-in', 'sign-in'], [suite.t.stewardLink, 'invitation'], ['/communities', 'communities'], ['/packages?q=left-pad', 'packages'], ['/reviewers?community=npm-vet', 'reviewers'], ['/search?q=npm', 'search']] as const) {
      const response = await page.goto(`${baseUrl}${path}`);
      assert.equal(response?.status(), 200, path);
      await assertAccessible(page, name);
    }
    await screenshot(ctx, suite.browser, page, 'search');

    // Search from the header with the keyboard only.
    await page.goto(`${baseUrl}/`);
    await page.getByRole('searchbox', {name: 'Search communities, packages and reviewers'}).first().focus();
    await page.keyboard.type('left-pad');
    await Promise.all([page.waitForURL(/\/search\?q=left-pad$/), page.keyboard.press('Enter')]);
    await page.getByRole('link', {name: 'left-pad'}).waitFor();

    // Accept the steward invitation, then the signed-in pages.
    await page.goto(`${baseUrl}${suite.t.stewardLink}`);
    await page.getByLabel('Handle').fill('sasha');
    await page.getByLabel('Your name').fill('Sasha');
    await page.getByLabel('Password', {exact: true}).fill(PASSWORD);
    await page.getByLabel('Password again').fill(PASSWORD);
    await Promise.all([page.waitForURL(`${baseUrl}/communities/npm-vet`), page.getByRole('button', {name: 'Make my account'}).click()]);
    await assertAccessible(page, 'community page, signed in as steward');
    await Promise.all([page.waitForURL(`${baseUrl}/communities/npm-vet/invitations`), page.getByRole('link', {name: 'Invite people'}).click()]);
    await page.getByLabel('Role').selectOption('auditor');
    await page.getByLabel('Who it is for').fill('Dan');
    await page.getByRole('button', {name: 'Make an invitation link'}).click();
    await page.getByText('Send this link to the person you invite').waitFor();
    await assertAccessible(page, 'invitations page');
    await screenshot(ctx, suite.browser, page, 'invite-people');
    await page.goto(`${baseUrl}/account`);
    await page.getByLabel('Label for a new token').fill('laptop');
    await page.getByRole('button', {name: 'Make a token'}).click();
    await page.getByText('is shown this once').waitFor();
    await assertAccessible(page, 'account page');
    await page.goto(`${baseUrl}/communities/new`);
    assert.equal(await page.getByRole('heading', {name: 'Found a community'}).count(), 1);
    await page.close();
  });
});
