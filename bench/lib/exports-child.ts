/**
 * The measured half of bench/exports.ts, in a process of its own so that its peak RSS is the
 * exports' alone: reads the seeded round from DynamoDB Local and generates the applications and
 * ranking workbooks as the API does (content-addressed; the document store is in memory, so what is
 * timed is reading and rendering, not an S3 upload). Prints one JSON line.
 */
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.ts';
import { DynamoStore } from '../../functions/adapters/dynamodb/dynamo-store.ts';
import { tableNamesWithPrefix } from '../../functions/adapters/dynamodb/tables.ts';
import { systemClock } from '../../functions/adapters/system-clock.ts';
import type { Deps } from '../../functions/ports/deps.ts';
import type { DocumentStore } from '../../functions/ports/documents.ts';
import { generateExcel } from '../../functions/use-cases/documents/exports.ts';
import { loadRoundData } from '../../functions/use-cases/documents/round-data.ts';

const [endpoint, prefix, roundId] = process.argv.slice(2) as [string, string, string];
const objects = new Map<string, Buffer>();
const documents: DocumentStore = {
  exists: async (key) => objects.has(key),
  save: async (key, body) => void objects.set(key, body),
  saveStream: async () => undefined,
  readJson: async () => null,
  saveJson: async () => undefined,
  signedDownload: async (key) => ({ url: `memory://${key}`, expiresAt: new Date().toISOString() }),
};
const deps = {
  store: new DynamoStore(createDocumentClient({ endpoint }), tableNamesWithPrefix(prefix)),
  documents,
  clock: systemClock,
} as unknown as Deps;
const actor = { sub: 'bench', roles: ['staff'] };

const started = performance.now();
const data = await loadRoundData(deps, roundId);
const readMs = performance.now() - started;
const times: Record<string, number> = {};
const sizes: Record<string, number> = {};
for (const kind of ['applications', 'ranking'] as const) {
  const t = performance.now();
  const { key } = await generateExcel(deps, actor, data, kind);
  times[kind] = performance.now() - t;
  sizes[kind] = objects.get(key)?.length ?? 0;
}
const totalMs = performance.now() - started;
console.log(
  JSON.stringify({
    applications: data.applications.length,
    rankingRows: data.ranking?.rows.length ?? 0,
    readMs,
    times,
    sizes,
    totalMs,
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
process.exit(0);
