import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {COMMUNITY, RELEASE, startPolicyFixture} from '../helpers/policy-fixture.ts';
import {browserSuite, chromiumMissing, screenshot} from './chromium.ts';

const skip = chromiumMissing() ?? false;

describe('a community page in Chromium', {skip}, () => {
  const suite = browserSuite(async () => {
    const t = await startPolicyFixture();
    await t.http.post(`/api/v1/communities/${COMMUNITY}/policies`).set(t.as.stew).send({name: 'two-orgs', title: 'Two organisations reviewed', criteria: 'safe-to-run', rules: [{kind: 'reviews', criterion: 'safe-to-run', min: 2, distinctOrganisations: 2}]});
    await t.review('alice');
    await t.review('bob');
    await t.http.post(`/api/v1/communities/${COMMUNITY}/policies/two-orgs/evaluate`).set(t.as.mem).send({purl: RELEASE});
    return t;
  });

  it('shows policies, auditors and the latest badge, and links the badge to its verification page', async (ctx) => {
    const page = await suite.browser.context.newPage();
    const response = await page.goto(`${suite.browser.baseUrl}/communities/${COMMUNITY}`);
    assert.equal(response?.status(), 200);
    await page.getByRole('heading', {name: 'JS vetting'}).waitFor({state: 'visible'});
    assert.ok(await page.getByRole('heading', {name: 'Two organisations reviewed'}).isVisible());
    assert.ok(await page.getByText('alice (auditor)').isVisible());
    assert.ok(await page.getByText('pkg:npm/left-pad@1.3.0').isVisible());
    assert.equal(await page.evaluate("(() => { const img = document.querySelector('main li img'); return img.complete && img.naturalWidth > 0; })()"), true, 'the live badge loads');
    await screenshot(ctx, suite.browser, page, 'community');
    await Promise.all([page.waitForURL(/\/credentials\/[0-9a-f-]{36}$/), page.locator('main li a:has(img)').first().click()]);
    await page.getByText('Genuine and currently valid').waitFor({state: 'visible'});
    assert.ok(await page.getByText('Package', {exact: true}).isVisible(), 'the subject shows as a package release');
    await screenshot(ctx, suite.browser, page, 'package-badge');
    await page.close();
  });
});
