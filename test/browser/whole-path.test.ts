/**
 * Each role's whole path through the browser, as issue 13's tests ask: an
 * admin invites a steward; the steward founds a community, edits its
 * milestones and publishes a YAML policy after its preview; a maintainer
 * requests a review; two auditors of different organisations review it from
 * the queue and vet each other's reviews; the maintainer copies the package
 * badge embed into a README, and "verify anything" calls it valid. Every page
 * type on the way passes the accessibility check.
 */
import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import type {BrowserContext, Page} from 'playwright-core';
import {startHallmark, type TestHallmark} from '../helpers/hallmark.ts';
import {listeningHallmark, type Listening} from '../helpers/listening.ts';
import {PASSWORD} from '../helpers/web.ts';
import {chromiumMissing, launchForPeople, screenshot, type BrowserSession} from './chromium.ts';
import {assertAccessible} from './accessibility.ts';

const skip = chromiumMissing() ?? false;
const RELEASE = 'pkg:npm/left-pad@1.3.0';
const POLICY = `name: two-orgs
title: Reviewed by two organisations
criteria: safe-to-run
rules:
  - kind: reviews
    criterion: safe-to-run
    min: 2
    distinctOrganisations: 2
  - kind: no-violations
`;

describe('every role\'s whole path in Chromium, from an invitation to a verified README badge', {skip}, () => {
  let listening: Listening<TestHallmark>;
  let browser: Awaited<ReturnType<typeof launchForPeople>>;
  let base: string;
  let session: BrowserSession;
  const people = new Map<string, Page>();
  before(async () => {
    listening = await listeningHallmark(startHallmark);
    base = listening.base;
    browser = await launchForPeople();
    session = {context: undefined as unknown as BrowserContext, baseUrl: base, screenshots: listening.t.dataDir, close: async () => {}};
    const {t} = listening;
    for (const [handle, name] of [['org-a', 'Org A'], ['org-b', 'Org B']]) {
      assert.equal((await t.http.post('/api/v1/accounts').set(t.admin).send({handle, kind: 'organisation', name})).status, 201);
    }
  });
  after(async () => {
    await browser?.close();
    await listening?.close();
  });

  /** A person's own browser (cookie jar), one page reused for their whole path. */
  const as = async (who: string): Promise<Page> => {
    const existing = people.get(who);
    if (existing) return existing;
    const page = await (await browser.person()).newPage();
    people.set(who, page);
    return page;
  };
  const go = async (page: Page, path: string, what: string, status = 200) => {
    const response = await page.goto(`${base}${path}`);
    assert.equal(response?.status(), status, `${what}: ${path}`);
    await assertAccessible(page, what);
  };
  /** Sends a form and expects to land on `url`; a refusal fails with the message the page shows. */
  const submitAndLand = async (page: Page, button: string, url: RegExp | string) => {
    await Promise.all([page.waitForNavigation(), page.getByRole('button', {name: button, exact: true}).click()]);
    const landed = typeof url === 'string' ? page.url() === url : url.test(page.url());
    if (!landed) assert.fail(`"${button}" led to ${page.url()}: ${await page.locator('[role=alert], .error').allInnerTexts()}`);
  };
  const acceptInvitation = async (page: Page, link: string, handle: string, name: string, lands: RegExp | string) => {
    await go(page, new URL(link).pathname, 'invitation page');
    await page.getByLabel('Handle').fill(handle);
    await page.getByLabel('Your name').fill(name);
    await page.getByLabel('Password', {exact: true}).fill(PASSWORD);
    await page.getByLabel('Password again').fill(PASSWORD);
    await submitAndLand(page, 'Make my account', lands);
  };

  it('walks the path: invitation, community, policy, request, reviews, vettings, badge, README', async (ctx) => {
    const {t} = listening;
    // Anyone: the home page, the directory and the sign-in page.
    const visitor = await as('visitor');
    await go(visitor, '/', 'home page');
    await screenshot(ctx, session, visitor, 'home');
    await go(visitor, '/sign-in', 'sign-in page');
    await go(visitor, '/verify', 'verify page');
    await go(visitor, '/no-such-page', 'error page', 404);

    // The admin invites a steward (the API, as `hallmark invite --found-communities` does).
    const invitation = await t.http.post('/api/v1/invitations').set(t.admin).send({foundCommunities: true, note: 'Sasha, our first steward'});
    assert.equal(invitation.status, 201);
    const steward = await as('sasha');
    await acceptInvitation(steward, invitation.body.url as string, 'sasha', 'Sasha', `${base}/communities/new`);

    // The steward founds a community …
    await assertAccessible(steward, 'found-a-community form');
    await steward.getByLabel('Name', {exact: true}).fill('JS guild');
    await steward.getByLabel('Short name for addresses').fill('js-guild');
    await steward.getByLabel('Description').fill('We vet npm packages.');
    await steward.getByLabel('Package types reviewed').fill('npm');
    await submitAndLand(steward, 'Found the community', `${base}/communities/js-guild`);
    await assertAccessible(steward, 'community page (steward)');

    // … edits its acceptance rule and milestones …
    await Promise.all([steward.waitForURL(`${base}/communities/js-guild/edit`), steward.getByRole('link', {name: 'Edit the community'}).click()]);
    await assertAccessible(steward, 'edit-community form');
    await steward.getByLabel('Endorsements it needs').fill('1');
    await steward.getByLabel('Least role of an endorser').selectOption('auditor');
    await steward.getByLabel('Endorsers must be of another organisation than the reviewer').check();
    await steward.getByLabel(/^Milestones/).fill('first-review | First accepted review | A first review accepted | 1');
    await submitAndLand(steward, 'Save', `${base}/communities/js-guild`);

    // … publishes a YAML policy after seeing its preview …
    await go(steward, '/communities/js-guild/policies/new', 'policy form');
    await steward.getByLabel('Policy (YAML)').fill(POLICY);
    await steward.getByRole('button', {name: 'Preview'}).click();
    await steward.getByRole('heading', {name: 'Preview: would be version 1'}).waitFor();
    assert.ok(await steward.getByText('Accepted reviews by at least 2 different reviewers, from at least 2 different organisations, found the release safe-to-run').isVisible());
    await assertAccessible(steward, 'policy preview');
    await screenshot(ctx, session, steward, 'policy-preview');
    await submitAndLand(steward, 'Publish', `${base}/communities/js-guild/policies/two-orgs/versions/1`);
    await assertAccessible(steward, 'policy page');

    // … and invites a maintainer and two auditors.
    const links: Record<string, string> = {};
    await go(steward, '/communities/js-guild/invitations', 'invitations form');
    for (const [who, role] of [['max', 'member'], ['ada', 'auditor'], ['bo', 'auditor']]) {
      await steward.getByLabel('Role').selectOption(role);
      await steward.getByLabel('Who it is for').fill(who);
      await steward.getByRole('button', {name: 'Make an invitation link'}).click();
      links[who] = await steward.locator('code.secret').innerText();
    }
    await go(steward, '/communities/js-guild/roles', 'roles form');

    // A maintainer asks for a review.
    const maintainer = await as('max');
    await acceptInvitation(maintainer, links.max, 'max', 'Max', `${base}/communities/js-guild`);
    await go(maintainer, '/communities/js-guild/review-requests/new', 'review-request form');
    await maintainer.getByLabel('Release (package URL with its version)').fill(RELEASE);
    await maintainer.getByLabel('Where auditors read its source').fill('https://github.com/left-pad/left-pad/tree/v1.3.0');
    await maintainer.getByLabel('Note for the auditors (optional)').fill('Our first release under review.');
    await submitAndLand(maintainer, 'Request a review', /\/communities\/js-guild\/packages\//);
    await assertAccessible(maintainer, 'package under a community');

    // Two auditors of different organisations: each names their organisation, which confirms them.
    for (const [who, name, organisation] of [['ada', 'Ada', 'org-a'], ['bo', 'Bo', 'org-b']]) {
      const auditor = await as(who);
      await acceptInvitation(auditor, links[who], who, name, `${base}/communities/js-guild`);
      await go(auditor, '/account', 'account page');
      await auditor.getByLabel('Your organisation (its handle here)').fill(organisation);
      await submitAndLand(auditor, 'Save my organisation', `${base}/account`);
      assert.equal((await t.http.put(`/api/v1/accounts/${organisation}/members/${who}`).set(t.admin)).status, 200);
    }
    const review = async (who: string, name: string) => {
      const auditor = await as(who);
      await assertAccessible(auditor, 'review form');
      assert.equal(await auditor.getByLabel('Release (package URL with its version)').inputValue(), RELEASE);
      await auditor.getByLabel('safe-to-run').check();
      await auditor.getByRole('group', {name: /^Thoroughness/}).getByRole('radio', {name: /^high:/}).check();
      await auditor.getByRole('group', {name: /^Understanding/}).getByRole('radio', {name: /^medium:/}).check();
      await auditor.getByRole('group', {name: /^Rating/}).getByRole('radio', {name: /^positive:/}).check();
      await auditor.getByLabel('Notes (optional)').fill(`Read every line, says ${name}.`);
      if (who === 'ada') await screenshot(ctx, session, auditor, 'review-form');
      await submitAndLand(auditor, 'Submit the review', /\/reviews\/[0-9a-f-]{36}$/);
      await assertAccessible(auditor, 'review page');
      return new URL(auditor.url()).pathname;
    };
    const vet = async (who: string, path: string) => {
      const auditor = await as(who);
      await go(auditor, '/communities/js-guild/queue', 'auditor queue with work');
      await Promise.all([auditor.waitForURL(`${base}${path}`), auditor.locator(`main a[href="${path}"]`).click()]);
      await auditor.getByRole('radio', {name: /^endorse:/}).check();
      await auditor.getByLabel('Comment (optional)').fill('Checked the same files; agreed.');
      await submitAndLand(auditor, 'Record my vetting', `${base}${path}`);
    };
    // Ada takes the request from the queue …
    const ada = await as('ada');
    await go(ada, '/communities/js-guild/queue', 'auditor queue');
    await screenshot(ctx, session, ada, 'queue');
    await Promise.all([ada.waitForURL(/\/reviews\/new\?purl=/), ada.getByRole('link', {name: `Review ${RELEASE}`}).click()]);
    const reviews = {ada: await review('ada', 'Ada')} as Record<string, string>;
    // … Bo finds Ada's review waiting in his queue, vets it, and reviews the release himself …
    await vet('bo', reviews.ada);
    await Promise.all([(await as('bo')).waitForURL(/\/reviews\/new\?purl=/), (await as('bo')).getByRole('link', {name: `Review ${RELEASE} yourself`}).click()]);
    reviews.bo = await review('bo', 'Bo');
    // … and Ada vets Bo's.
    await vet('ada', reviews.bo);
    const standings = await Promise.all(Object.values(reviews).map(async (path) => (await t.http.get(`/api/v1${path}`)).body.review.standing));
    assert.deepEqual(standings, ['accepted', 'accepted']);

    // The maintainer copies the package badge embed into a README …
    const packagePath = `/communities/js-guild/packages/${RELEASE.replace('@1.3.0', '')}`;
    await go(maintainer, `/communities/js-guild/packages/${RELEASE}`, 'release under a community');
    await submitAndLand(maintainer, 'Award the “Reviewed by two organisations” badge', `${base}${packagePath}`);
    await maintainer.getByText('Genuine and currently valid').first().waitFor();
    await screenshot(ctx, session, maintainer, 'package-embed');
    const markdown = await maintainer.getByLabel('Markdown').inputValue();
    assert.match(markdown, /^\[!\[/);
    const readme = `# left-pad\n\nPads strings on the left.\n\n${markdown}\n`;
    // … and "verify anything" calls it genuine, not suspicious.
    const verified = await t.http.post('/api/v1/verify').send({text: readme});
    assert.equal(verified.status, 200, JSON.stringify(verified.body));
    assert.deepEqual(verified.body.suspicious, []);
    assert.equal(verified.body.reports.length, 1, JSON.stringify(verified.body).slice(0, 800));
    assert.equal(verified.body.reports[0].report.status, 'valid');
    assert.deepEqual(verified.body.problems, []);

    // An organisation signs in from its own invitation, and its page passes the check too.
    const orgInvitation = await t.http.post('/api/v1/invitations').set(t.admin).send({organisation: true, note: 'Org C'});
    const org = await as('org-c');
    await go(org, new URL(orgInvitation.body.url as string).pathname, 'organisation invitation');
    await org.getByLabel('Handle').fill('org-c');
    await org.getByLabel('The organisation\'s name').fill('Org C');
    await org.getByLabel('Password', {exact: true}).fill(PASSWORD);
    await org.getByLabel('Password again').fill(PASSWORD);
    await submitAndLand(org, 'Make the organisation\'s account', `${base}/account/organisation`);
    await assertAccessible(org, 'organisation page');

    // The other public page types, signed out.
    const credentialPath = await maintainer.locator('main a:has(img)').first().getAttribute('href');
    assert.ok(credentialPath);
    for (const [path, what] of [[credentialPath, 'credential page'], [`/packages/${encodeURIComponent('pkg:npm/left-pad')}`, 'package page'], ['/reviewers/ada', 'reviewer page'], ['/communities', 'communities directory'], ['/packages?q=left-pad', 'packages directory'], ['/reviewers', 'reviewers directory'], ['/search?q=left-pad', 'search results'], ['/communities/js-guild', 'community page']] as const) {
      await go(visitor, path, what);
    }
  });
});
