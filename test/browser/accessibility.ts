/**
 * The automated accessibility check: axe-core run inside Chromium on a loaded
 * page. Our pages forbid every script by CSP; DevTools evaluation is not page
 * script, so axe runs without loosening the policy the page is served with.
 * Any browser test can call it on the pages it reaches.
 */
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import type {Page} from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface Violation {
  id: string;
  impact: string | null;
  help: string;
  /** Where, as CSS selectors (the first few). */
  nodes: string[];
}

/** axe-core's violations on the page as it is now (WCAG 2.x A and AA rules and axe's best practices). */
export async function accessibilityViolations(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(`axe.run(document, {resultTypes: ['violations']}).then((result) => result.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((node) => node.target.join(' '))})))`) as Promise<Violation[]>;
}

/** Fails on serious or critical violations, naming each rule and where it failed. */
export async function assertAccessible(page: Page, what: string): Promise<void> {
  const serious = (await accessibilityViolations(page)).filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  assert.deepEqual(serious.map((violation) => `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes.join(', ')}`), [], `${what} has serious accessibility problems`);
}
