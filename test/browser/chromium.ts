import {existsSync} from 'node:fs';
import {copyFile, mkdtemp, rm, stat} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {AddressInfo} from 'node:net';
import type {Server} from 'node:http';
import {chromium, type BrowserContext} from 'playwright-core';
import {after, before, type TestContext} from 'node:test';
import assert from 'node:assert/strict';
import type {TestHallmark} from '../helpers/hallmark.ts';

export const CHROMIUM = '/usr/bin/chromium';

/**
 * Why browser tests cannot run here, or null when they can. In CI a missing
 * Chromium is a failure (the install step broke), never a silent skip.
 */
export function chromiumMissing(executable = CHROMIUM, env: NodeJS.ProcessEnv = process.env): string | null {
  if (existsSync(executable)) return null;
  const reason = `${executable} is missing (install Debian's chromium package; .ci/run does)`;
  if (env.CI === 'true') throw new Error(`browser tests cannot run in CI: ${reason}`);
  console.log(`# skipping browser tests: ${reason}`);
  return reason;
}

export interface BrowserSession {
  context: BrowserContext;
  baseUrl: string;
  screenshots: string;
  close(): Promise<void>;
}

/** Chromium on a fresh, throw-away profile. */
export async function launchChromium(): Promise<{context: BrowserContext; close(): Promise<void>}> {
  const profile = await mkdtemp(join(tmpdir(), 'hallmark-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, {recursive: true, force: true});
    },
  };
}

/** Chromium on a fresh profile, talking to a Hallmark server on loopback only. */
export async function openBrowser(t: TestHallmark): Promise<BrowserSession> {
  const server: Server = await new Promise((resolve) => {
    const listening = t.hallmark.app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const screenshots = await mkdtemp(join(tmpdir(), 'hallmark-screens-'));
  const browser = await launchChromium();
  return {
    context: browser.context,
    baseUrl,
    screenshots,
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
      await rm(screenshots, {recursive: true, force: true});
    },
  };
}

/**
 * A Hallmark from `start` and Chromium talking to it, opened before the
 * enclosing suite's tests and closed after them.
 */
export function browserSuite<T extends TestHallmark>(start: () => Promise<T>): {readonly t: T; readonly browser: BrowserSession} {
  let t: T | undefined;
  let browser: BrowserSession | undefined;
  before(async () => {
    t = await start();
    browser = await openBrowser(t);
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });
  return {
    get t() {
      return t as T;
    },
    get browser() {
      return browser as BrowserSession;
    },
  };
}

/** Takes a full-page screenshot and proves it is a real, non-empty image. */
export async function screenshot(t: TestContext, session: BrowserSession, page: import('playwright-core').Page, name: string): Promise<void> {
  const path = join(session.screenshots, `${name}.png`);
  await page.screenshot({path, fullPage: true});
  const {size} = await stat(path);
  assert.ok(size > 1000, `screenshot ${name} is ${size} bytes`);
  t.diagnostic(`screenshot: ${path} (${size} bytes)`);
  // `npm run screenshots` keeps them (the README's walkthrough shows these).
  const keep = process.env.HALLMARK_TEST_SCREENSHOTS;
  if (keep) await copyFile(path, join(keep, `${name}.png`));
}

/**
 * One Chromium with a fresh, isolated context per person (each its own cookie
 * jar), for stories in which several people take turns.
 */
export async function launchForPeople(): Promise<{person(): Promise<BrowserContext>; close(): Promise<void>}> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    person: () => browser.newContext(),
    close: () => browser.close(),
  };
}
