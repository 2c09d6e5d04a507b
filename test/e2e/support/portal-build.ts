/**
 * Builds the web portal (web/dist) before the browser tests when the build is missing or older than
 * its sources, so `npx vitest run test/e2e/portal.test.ts` works on a fresh clone. Same build as
 * `npm run build:web`; a few seconds.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../..');
export const WEB_DIR = join(ROOT, 'web');
export const WEB_DIST = join(WEB_DIR, 'dist');

/** Newest modification time under `path` (files only), 0 when absent. */
function newest(path: string): number {
  let stats: ReturnType<typeof statSync>;
  try {
    stats = statSync(path);
  } catch {
    return 0;
  }
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), stats.mtimeMs);
}

/** Sources of the build: the portal and the domain modules it imports labels from. */
const SOURCES = ['src', 'public', 'index.html', 'vite.config.ts'].map((p) => join(WEB_DIR, p));

export function portalIsStale(): boolean {
  const built = newest(join(WEB_DIST, 'index.html'));
  if (built === 0) return true;
  const domain = join(ROOT, 'functions', 'domain');
  return Math.max(...SOURCES.map(newest), newest(domain)) > built;
}

/** Runs the Vite build when web/dist is stale; returns the directory to serve. */
export async function ensurePortalBuilt(): Promise<string> {
  if (portalIsStale()) {
    const { build } = await import('vite');
    await build({ configFile: join(WEB_DIR, 'vite.config.ts'), logLevel: 'warn' });
  }
  return WEB_DIST;
}
