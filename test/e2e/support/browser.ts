/**
 * Headless Chromium from Debian's package, driven by playwright-core (never a downloaded browser),
 * and the screenshots the browser tests keep: every one under test-artifacts/portal/, the README set
 * also under docs/screenshots/.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '../../..');
export const ARTIFACTS = join(ROOT, 'test-artifacts', 'portal');
export const README_SHOTS = join(ROOT, 'docs', 'screenshots');

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--lang=zh-CN',
    ],
  });
}

/** A context as a person in Taiyuan has it: Chinese locale, Beijing time zone, a desktop window. */
export function newContext(
  browser: Browser,
  viewport = { width: 1280, height: 900 },
): Promise<BrowserContext> {
  return browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport });
}

/**
 * Saves a full-page screenshot under test-artifacts/. With UPDATE_SCREENSHOTS=1, `readme` shots
 * are also copied to docs/screenshots/ (the README's set), so an ordinary test run leaves the
 * working tree clean.
 */
export async function screenshot(
  page: Page,
  name: string,
  options: { readme?: boolean } = {},
): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  if (options.readme && process.env.UPDATE_SCREENSHOTS === '1') {
    mkdirSync(README_SHOTS, { recursive: true });
    copyFileSync(file, join(README_SHOTS, `${name}.png`));
  }
  return file;
}

/** Collects uncaught page errors, so a test can assert the portal threw none. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}
