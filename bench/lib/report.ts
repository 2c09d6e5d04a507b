/**
 * Helpers shared by the benchmarks: order statistics, the machine they ran on, markdown tables and
 * the JSON file each benchmark leaves in bench/results/ (docs/benchmarks.md quotes those numbers).
 */
import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = dirname(dirname(fileURLToPath(import.meta.url)));
export const REPO_ROOT = dirname(BENCH_DIR);

/** The q-quantile (0..1) of `values` by nearest rank; NaN when empty. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}

export const median = (values: readonly number[]): number => quantile(values, 0.5);
export const p90 = (values: readonly number[]): number => quantile(values, 0.9);

/** Rounds to `digits` decimals for tables and JSON. */
export const round = (value: number, digits = 1): number => Number(value.toFixed(digits));

export interface Machine {
  nproc: number;
  cpuModel: string;
  memoryGiB: number;
  freeMemoryGiB: number;
  node: string;
  platform: string;
  /** 1, 5 and 15 minute load averages when the results were saved (the machine is shared). */
  loadAverage: number[];
}

/** What the numbers were measured on. */
export function machine(): Machine {
  return {
    nproc: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: round(totalmem() / 2 ** 30, 1),
    freeMemoryGiB: round(freemem() / 2 ** 30, 1),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    loadAverage: loadavg().map((l) => round(l, 2)),
  };
}

/** A GitHub-flavoured markdown table. */
export function table(headers: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const line = (cells: readonly (string | number)[]) => `| ${cells.map(String).join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Writes `bench/results/{name}.json` with the machine and the results. */
export async function saveResults(name: string, results: unknown): Promise<string> {
  const path = join(BENCH_DIR, 'results', `${name}.json`);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(
    path,
    `${JSON.stringify({ benchmark: name, at: new Date().toISOString(), machine: machine(), results }, null, 2)}\n`,
  );
  // The repository's formatter has the last word on layout, so that `npm run lint` stays clean.
  spawnSync(join(REPO_ROOT, 'node_modules', '.bin', 'biome'), ['format', '--write', path], {
    stdio: 'ignore',
  });
  return path;
}

/** Peak resident set size of this process so far, MiB (Linux reports ru_maxrss in KiB). */
export const peakRssMiB = (): number => round(process.resourceUsage().maxRSS / 1024, 0);

/** Runs `work` over `items` with at most `limit` in flight; results in input order. */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Milliseconds elapsed while `work` runs, with its result. */
export async function timed<R>(work: () => Promise<R>): Promise<{ ms: number; result: R }> {
  const start = performance.now();
  const result = await work();
  return { ms: performance.now() - start, result };
}
