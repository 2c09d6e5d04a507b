/**
 * The browser suites' session: the portal built, the whole local platform in memory with its clock
 * stopped at the call, the API client, and one browser page. Building the portal, starting the
 * platform (a JVM among it) and, on a fresh machine, unpacking Chromium was seen taking over
 * 3 minutes with the machine's two cores at a load average of 38: hence SESSION_TIMEOUT_MS.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type Platform, startPlatform } from '../../../infra/local/platform.ts';
import { launchBrowser, newContext } from './browser.ts';
import { PlatformApi } from './platform-api.ts';
import { ensurePortalBuilt } from './portal-build.ts';

export const SESSION_TIMEOUT_MS = 360_000;

export interface PortalSession {
  platform: Platform;
  api: PlatformApi;
  browser: Browser;
  context: BrowserContext;
  page: Page;
}

export async function startPortalSession(): Promise<PortalSession> {
  const webDir = await ensurePortalBuilt();
  const platform = await startPlatform({
    port: 0,
    inMemory: true,
    clockStart: '2026-09-01T09:00:00+08:00',
    clockTicking: false,
    webDir,
  });
  const api = new PlatformApi(platform.url.replace(/\/$/, ''));
  const browser = await launchBrowser();
  const context = await newContext(browser);
  const page = await context.newPage();
  return { platform, api, browser, context, page };
}
