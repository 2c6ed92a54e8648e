import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {startHallmark} from '../helpers/hallmark.ts';
import {assertAccessible} from './accessibility.ts';
import {browserSuite, chromiumMissing} from './chromium.ts';

const skip = chromiumMissing() ?? false;

describe('the API reference at /api/docs in Chromium', {skip}, () => {
  const suite = browserSuite(() => startHallmark());

  it('is accessible, runs no script under its CSP, and links each section to its operations', async () => {
    const page = await suite.browser.context.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    const response = await page.goto(`${suite.browser.baseUrl}/api/docs`);
    assert.equal(response?.status(), 200);
    await assertAccessible(page, '/api/docs');
    assert.deepEqual(violations, [], 'nothing on the page is blocked by its policy');
    assert.ok(await page.getByRole('heading', {level: 1, name: 'Hallmark API reference'}).isVisible());
    await page.getByRole('navigation', {name: 'API sections'}).getByRole('link', {name: 'Reviews'}).click();
    assert.ok(await page.getByRole('heading', {name: 'POST /api/v1/communities/{slug}/reviews'}).isVisible());
    await page.close();
  });
});
