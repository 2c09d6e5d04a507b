/**
 * Headless Chromium driven by playwright-core (never a browser a test tool downloads), and the
 * screenshots the browser tests keep: every one under test-artifacts/portal/, the README set also
 * under docs/screenshots/.
 *
 * Which Chromium: CHROMIUM_PATH when set, else Debian's /usr/bin/chromium when installed, else the
 * headless Chromium that the npm package @sparticuz/chromium ships (so `npm ci` is all a fresh
 * machine needs). Whichever runs, it sees Noto Sans SC from the npm package
 * @expo-google-fonts/noto-sans-sc through a fontconfig file of our own, so screenshots show Chinese
 * and not boxes on a machine with no CJK font. The font is the test machine's, never the portal's:
 * the portal ships no web font, it names "Noto Sans SC" in its font stack like the other CJK fonts.
 */

import { createHash } from 'node:crypto';
import {
  copyFileSync,
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress } from 'node:zlib';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '../../..');
export const ARTIFACTS = join(ROOT, 'test-artifacts', 'portal');
export const README_SHOTS = join(ROOT, 'docs', 'screenshots');

const SYSTEM_CHROMIUM = '/usr/bin/chromium';
const require = createRequire(import.meta.url);

/**
 * The npm Chromium, unpacked once per machine into a folder named after the package's version.
 * Not `chromium.executablePath()`: it writes straight to /tmp/chromium and returns that path as soon
 * as the file exists, so two test files starting together (vitest runs two workers) could launch a
 * half-written binary. Here each process unpacks to its own file and renames it into place, which
 * is atomic; a loser of the race overwrites the winner's file with identical bytes. Only the binary:
 * the package's SwiftShader serves WebGL, which the portal does not use (and `--disable-gpu`), and
 * its Open Sans covers no Chinese, while Noto Sans SC covers Latin as well.
 */
async function npmChromium(): Promise<string> {
  const packageDir = resolve(dirname(require.resolve('@sparticuz/chromium')), '..');
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
    version: string;
  };
  const binary = join(tmpdir(), `tqa-sparticuz-chromium-${version}`, 'chromium');
  if (existsSync(binary)) return binary;
  mkdirSync(dirname(binary), { recursive: true });
  const partial = `${binary}.${process.pid}.partial`;
  await pipeline(
    createReadStream(join(packageDir, 'bin', 'chromium.br')),
    createBrotliDecompress(),
    createWriteStream(partial, { mode: 0o755 }),
  );
  renameSync(partial, binary);
  return binary;
}

export async function chromiumExecutable(): Promise<string> {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  if (existsSync(SYSTEM_CHROMIUM)) return SYSTEM_CHROMIUM;
  return npmChromium();
}

/**
 * A fontconfig file: the machine's own fonts (when it has a configuration) plus Noto Sans SC in the
 * weights the portal's CSS asks for (400, 500 and 600; 700 for <strong> and <th>). Chromium reads it
 * through FONTCONFIG_FILE, Debian's build and the npm one alike. Written atomically, like the binary.
 */
function fontConfigFile(): string {
  const fonts = resolve(dirname(require.resolve('@expo-google-fonts/noto-sans-sc')));
  // One folder per checkout: checkouts elsewhere on the machine have fonts of their own.
  const home = join(
    tmpdir(),
    `tqa-fontconfig-${createHash('sha256').update(fonts).digest('hex').slice(0, 12)}`,
  );
  const file = join(home, 'fonts.conf');
  if (existsSync(file)) return file;
  const xml = [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
    '<fontconfig>',
    '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>',
    ...['400Regular', '500Medium', '600SemiBold', '700Bold'].map((w) => `  <dir>${join(fonts, w)}</dir>`),
    `  <cachedir>${join(home, 'cache')}</cachedir>`,
    '</fontconfig>',
    '',
  ].join('\n');
  mkdirSync(home, { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, xml);
  renameSync(partial, file);
  return file;
}

/**
 * Flags chosen one by one rather than @sparticuz/chromium's `chromium.args`, which are tuned for
 * AWS Lambda: `--single-process`, `--no-zygote` and `--in-process-gpu` put every page in one process,
 * where a second browser context (the phone test) or closing a page can take the whole browser
 * down; `--disable-web-security` and `--allow-running-insecure-content` would hide exactly the CORS
 * and mixed-content faults a person's browser meets on the evidence upload to S3; the SwiftShader
 * WebGL flags are for pages that draw with WebGL, which the portal does not. Kept from that list:
 * `--font-render-hinting=none`, so glyphs look the same on every machine. The rest keep a closed
 * network quiet: without them Chromium keeps calling Google's hosts, which this machine refuses.
 */
const CHROMIUM_FLAGS = [
  '--no-sandbox', // the tests run as root
  '--disable-gpu',
  '--font-render-hinting=none',
  '--disable-quic',
  '--no-first-run',
  '--no-default-browser-check',
  '--no-pings',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-domain-reliability',
  '--disable-sync',
  '--lang=zh-CN',
];

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: await chromiumExecutable(),
    args: CHROMIUM_FLAGS,
    env: { ...process.env, FONTCONFIG_FILE: fontConfigFile() },
  });
}

/**
 * How long a click or a wait may take. Generous on purpose: with the two cores shared by a whole test
 * run (seen: load average 27), a step that takes a second alone took over 15 s to settle.
 */
export const ACTION_TIMEOUT_MS = 30_000;

/** A context as a person in Taiyuan has it: Chinese locale, Beijing time zone, a desktop window. */
export async function newContext(
  browser: Browser,
  viewport = { width: 1280, height: 900 },
): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport });
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  return context;
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
