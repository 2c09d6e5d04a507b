/**
 * Builds the web portal (web/dist) before the browser tests when the build is missing or older than
 * its sources, so `npx vitest run test/e2e/portal.test.ts` works on a fresh clone. Same build as
 * `npm run build:web`; a few seconds.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
};

/**
 * Runs `work` holding a lock file that names its process: the browser test files start together in
 * two vitest workers, and two Vite builds into one web/dist delete each other's files. A lock left by
 * a process that died is taken over.
 */
async function withBuildLock<T>(work: () => Promise<T>): Promise<T> {
  const lock = join(
    tmpdir(),
    `tqa-portal-build-${createHash('sha256').update(WEB_DIR).digest('hex').slice(0, 12)}.lock`,
  );
  for (;;) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch {
      let owner: number;
      try {
        owner = Number(readFileSync(lock, 'utf8'));
      } catch {
        continue; // released meanwhile
      }
      // An empty file is one being written this instant: its owner is alive.
      if (owner > 0 && !isAlive(owner)) rmSync(lock, { force: true });
      else await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { force: true });
  }
}

/** Runs the Vite build when web/dist is stale; returns the directory to serve. */
export async function ensurePortalBuilt(): Promise<string> {
  await withBuildLock(async () => {
    if (!portalIsStale()) return;
    const { build } = await import('vite');
    await build({ configFile: join(WEB_DIR, 'vite.config.ts'), logLevel: 'warn' });
  });
  return WEB_DIST;
}
