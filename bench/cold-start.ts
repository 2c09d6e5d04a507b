/**
 * Issue 9 (item 7): each Lambda bundles only what it uses. Target: every function's cold import at
 * most 1.15× its *floor* — a handler that only constructs the AWS SDK clients that function's uses
 * need (infra/aws/function-catalog.ts `SDK_CLIENTS_OF_USE`), bundled the same way — and its bundle
 * at most 700 KB (700,000 bytes) minified. (DESIGN.md §5 first asked for 1.5× an *empty* handler,
 * which the DynamoDB client alone exceeds: see docs/benchmarks.md §1.)
 *
 * Every Lambda entry of the function catalog is bundled with the options of the CDK construct
 * (infra/aws/constructs/platform-function.ts: ESM, minified, target node22, platform node, no
 * source maps, mainFields module/main, the createRequire banner, the AWS SDK bundled as deployed),
 * and so is each distinct floor and an empty handler. Each bundle is then imported by a fresh `node`
 * process, REPS times, round-robin across all bundles (each round starting one bundle later) so
 * that machine noise spreads evenly; the child reports `performance.now()` before and after
 * `await import(bundle)`, i.e. the import alone and the import plus Node's own start-up. The ratio
 * is on the latter (start + import), the closest local equivalent of a Lambda's init.
 *
 * Bundles are explained from esbuild's metafile: the inputs (grouped by package, or by folder of
 * our code) that contribute most bytes to the output.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import {
  API_GROUPS,
  apiFunctionSpec,
  COGNITO_PRE_TOKEN_FUNCTION,
  type SdkClient,
  SWEEP_FUNCTION,
  sdkClientsOf,
  TOKEN_BROKER_FUNCTION,
  type Use,
  VERIFY_EVIDENCE_FUNCTION,
  WORKFLOW_PLACEHOLDERS,
  workflowFunctionSpec,
} from '../infra/aws/function-catalog.ts';
import { median, p90, REPO_ROOT, round, saveResults, table } from './lib/report.ts';

/** Cold imports per bundle (BENCH_REPS overrides). */
const REPS = Number(process.env.BENCH_REPS ?? 20);
/** The targets: start + import at most this many times the floor's, and at most this many bytes. */
const TARGET_RATIO = 1.15;
const TARGET_BYTES = 700_000;
/**
 * Outside the repository (another engineer's `npm ci` would wipe node_modules/.cache), with a
 * `node_modules` link to the repository's (the bundles resolve nothing at run time, but a
 * `createRequire` of a Node built-in must still find its way).
 */
const OUT_DIR = join(tmpdir(), 'tqa-bench', 'cold-start');

const BANNER =
  "import { createRequire as __createRequire } from 'node:module';const require = __createRequire(import.meta.url);";

/** How a floor reference imports and constructs each client (constructed in the handler, like ours). */
const CLIENT_CODE: Record<SdkClient, { imports: string; value: string }> = {
  dynamodb: {
    imports:
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nimport { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';",
    value: 'DynamoDBDocumentClient.from(new DynamoDBClient({}))',
  },
  s3: { imports: "import { S3Client } from '@aws-sdk/client-s3';", value: 'new S3Client({})' },
  's3-presigned-post': {
    imports: "import { createPresignedPost } from '@aws-sdk/s3-presigned-post';",
    value: 'createPresignedPost',
  },
  's3-request-presigner': {
    imports: "import { getSignedUrl } from '@aws-sdk/s3-request-presigner';",
    value: 'getSignedUrl',
  },
  sfn: { imports: "import { SFNClient } from '@aws-sdk/client-sfn';", value: 'new SFNClient({})' },
  'secrets-manager': {
    imports: "import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';",
    value: 'new SecretsManagerClient({})',
  },
  kms: { imports: "import { KMSClient } from '@aws-sdk/client-kms';", value: 'new KMSClient({})' },
};

interface Entry {
  name: string;
  kind: 'baseline' | 'floor' | 'reference' | 'function';
  /** Relative to the repository root (functions), or the generated module (baseline, floors). */
  entry?: string;
  source?: string;
  /** Functions: the catalog's uses (absent for the sign-in functions, which declare clients only). */
  uses?: readonly Use[];
  /** Functions: the clients of its floor. Floors: the clients they construct. */
  clients: readonly SdkClient[];
}

const EMPTY: Entry = {
  name: 'empty',
  kind: 'baseline',
  source: 'export const handler = async () => ({ statusCode: 200 });\n',
  clients: [],
};

/** The floor of `clients`: the empty handler when there are none. */
const floorName = (clients: readonly SdkClient[]): string =>
  clients.length === 0 ? EMPTY.name : `floor/${clients.join('+')}`;

const floorOf = (clients: readonly SdkClient[]): Entry => ({
  name: floorName(clients),
  kind: 'floor',
  source: `${clients.map((client) => CLIENT_CODE[client].imports).join('\n')}
export const handler = async () => [${clients.map((client) => CLIENT_CODE[client].value).join(', ')}];
`,
  clients,
});

/**
 * What every function adds to its floor before any code of its own: the DynamoDB floor plus zod (one
 * schema, namespace import) and the Powertools logger built at import, as functions/shared/logger.ts does.
 */
const STACK_REFERENCE: Entry = {
  name: 'reference/dynamodb+zod+logger',
  kind: 'reference',
  source: `${CLIENT_CODE.dynamodb.imports}
import * as z from 'zod';
import { Logger } from '@aws-lambda-powertools/logger';
const logger = new Logger();
const Payload = z.object({ roundId: z.string().min(1), kind: z.enum(['accepted', 'winners']) });
export const handler = async (event) => [${CLIENT_CODE.dynamodb.value}, Payload.parse(event), logger];
`,
  clients: ['dynamodb'],
};

/** The functions of the catalog (what infra/aws deploys). */
function functionEntries(): Entry[] {
  const specs = [
    ...API_GROUPS.map((group) => ({ name: `api/${group}`, spec: apiFunctionSpec(group) })),
    ...WORKFLOW_PLACEHOLDERS.map((placeholder) => {
      const spec = workflowFunctionSpec(placeholder);
      return { name: spec.entry.replace(/^functions\/handlers\/|\.ts$/g, ''), spec };
    }),
    { name: 'scheduled/sweep', spec: SWEEP_FUNCTION },
    { name: 'events/verify-evidence', spec: VERIFY_EVIDENCE_FUNCTION },
  ];
  return [
    ...specs.map(({ name, spec }) => ({
      name,
      kind: 'function' as const,
      entry: spec.entry,
      uses: spec.uses,
      clients: sdkClientsOf(spec.uses),
    })),
    ...[TOKEN_BROKER_FUNCTION, COGNITO_PRE_TOKEN_FUNCTION].map((fn) => ({
      name: fn.entry.replace(/^functions\/handlers\/|\.ts$/g, ''),
      kind: 'function' as const,
      entry: fn.entry,
      clients: fn.sdkClients,
    })),
  ];
}

/** BENCH_COLD_ENTRIES (a comma list of function names) runs a subset, with their floors. */
const ONLY = process.env.BENCH_COLD_ENTRIES?.split(',');

function entries(): Entry[] {
  const functions = functionEntries().filter((e) => !ONLY || ONLY.includes(e.name));
  const floors = new Map<string, Entry>();
  for (const fn of functions)
    if (fn.clients.length > 0) floors.set(floorName(fn.clients), floorOf(fn.clients));
  floors.set(floorName(STACK_REFERENCE.clients), floorOf(STACK_REFERENCE.clients));
  return [EMPTY, ...floors.values(), STACK_REFERENCE, ...functions];
}

interface Bundle {
  entry: Entry;
  file: string;
  bytes: number;
  gzipBytes: number;
  metafile: Metafile;
}

async function bundle(entry: Entry): Promise<Bundle | { name: string; skipped: string }> {
  const fileName = entry.name.replace(/[/+]/g, '__');
  const outfile = join(OUT_DIR, 'bundles', `${fileName}.mjs`);
  let entryPoint: string;
  if (entry.source !== undefined) {
    entryPoint = join(OUT_DIR, `${fileName}.entry.mjs`);
    await writeFile(entryPoint, entry.source);
  } else {
    entryPoint = join(REPO_ROOT, entry.entry ?? '');
    if (!existsSync(entryPoint)) return { name: entry.name, skipped: `${entry.entry} does not exist` };
    if (!/export\s+(const|async function|function)\s+handler\b/.test(readFileSync(entryPoint, 'utf8')))
      return { name: entry.name, skipped: `${entry.entry} exports no \`handler\`` };
  }
  const result = await build({
    entryPoints: [entryPoint],
    outfile,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    sourcemap: false,
    mainFields: ['module', 'main'],
    banner: { js: BANNER },
    metafile: true,
    logLevel: 'silent',
  });
  const code = readFileSync(outfile);
  return {
    entry,
    file: outfile,
    bytes: code.byteLength,
    gzipBytes: gzipSync(code, { level: 9 }).byteLength,
    metafile: result.metafile,
  };
}

/** What a Lambda function's environment holds at init (values are never used by an import). */
const CHILD_ENV: Record<string, string> = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  AWS_REGION: 'cn-northwest-1',
  AWS_LAMBDA_FUNCTION_NAME: 'bench',
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
  POWERTOOLS_SERVICE_NAME: 'bench',
  POWERTOOLS_LOG_LEVEL: 'INFO',
  APPLICATIONS_TABLE: 'tqa-applications',
  SANCTIONS_TABLE: 'tqa-sanctions',
  AUDIT_TABLE: 'tqa-audit',
  IDEMPOTENCY_TABLE: 'tqa-idempotency',
  EVIDENCE_BUCKET: 'tqa-evidence',
  ROUND_FLOW_STATE_MACHINE_ARN: 'arn:aws-cn:states:cn-northwest-1:000000000000:stateMachine:round-flow',
  PII_KEYS_SECRET_ARN: 'arn:aws-cn:secretsmanager:cn-northwest-1:000000000000:secret:pii',
  AUTH_ISSUER: 'https://issuer.example',
  AUTH_AUDIENCE: 'tqa',
  AUTH_JWKS_URL: 'https://issuer.example/.well-known/jwks.json',
};

/**
 * Wall time, and the CPU time of the whole process (every thread: V8 compiles and collects in the
 * background). On a shared machine wall time also counts the waits for a core; CPU time does not,
 * which makes it the steadier of the two when the load average is above the core count.
 */
const PROBE = `const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const cpuBefore = cpu();
const before = performance.now();
await import(process.argv[2]);
const after = performance.now();
const cpuAfter = cpu();
process.stdout.write(JSON.stringify({ importMs: after - before, totalMs: after, importCpuMs: cpuAfter - cpuBefore, totalCpuMs: cpuAfter }));
`;

interface Sample {
  importMs: number;
  totalMs: number;
  importCpuMs: number;
  totalCpuMs: number;
}

function coldImport(probe: string, file: string): Sample {
  const child = spawnSync(process.execPath, [probe, pathToFileURL(file).href], {
    env: CHILD_ENV,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (child.status !== 0) throw new Error(`cold import of ${file} failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as Sample;
}

/** Inputs grouped by npm package (or by folder of our code), largest output share first. */
function topInputs(metafile: Metafile, limit = 8): { input: string; bytes: number }[] {
  const sizes = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];
      const key = pkg ?? relative(REPO_ROOT, join(REPO_ROOT, path)).split('/').slice(0, 3).join('/');
      sizes.set(key, (sizes.get(key) ?? 0) + bytesInOutput);
    }
  }
  return [...sizes.entries()]
    .map(([input, bytes]) => ({ input, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, limit);
}

const kb = (bytes: number): number => round(bytes / 1000, 0);

export async function runColdStart(): Promise<void> {
  await rm(OUT_DIR, { recursive: true, force: true });
  await mkdir(join(OUT_DIR, 'bundles'), { recursive: true });
  await symlink(join(REPO_ROOT, 'node_modules'), join(OUT_DIR, 'node_modules'), 'dir');
  const probe = join(OUT_DIR, 'probe.mjs');
  await writeFile(probe, PROBE);

  const bundles: Bundle[] = [];
  const skipped: { name: string; skipped: string }[] = [];
  for (const entry of entries()) {
    const built = await bundle(entry);
    if ('skipped' in built) skipped.push(built);
    else bundles.push(built);
  }
  const loadAtStart = loadavg().map((l) => round(l, 2));
  console.log(
    `cold-start: ${bundles.length} bundles, ${REPS} cold imports each (round-robin); load average ${loadAtStart.join(' ')}`,
  );

  const samples = new Map<Bundle, Sample[]>(bundles.map((b) => [b, []]));
  // One warm-up pass: the first read of each file from disk is not what a Lambda sees either.
  for (const b of bundles) coldImport(probe, b.file);
  for (let rep = 0; rep < REPS; rep += 1) {
    for (let i = 0; i < bundles.length; i += 1) {
      const b = bundles[(i + rep) % bundles.length] as Bundle;
      samples.get(b)?.push(coldImport(probe, b.file));
    }
    if ((rep + 1) % 5 === 0) console.log(`  ${rep + 1}/${REPS}`);
  }

  const stats = (b: Bundle) => {
    const s = samples.get(b) ?? [];
    return {
      name: b.entry.name,
      kind: b.entry.kind,
      clients: b.entry.clients,
      bytes: b.bytes,
      gzipBytes: b.gzipBytes,
      importMedianMs: round(median(s.map((x) => x.importMs)), 2),
      importP90Ms: round(p90(s.map((x) => x.importMs)), 2),
      totalMedianMs: round(median(s.map((x) => x.totalMs)), 2),
      totalP90Ms: round(p90(s.map((x) => x.totalMs)), 2),
      totalCpuMedianMs: round(median(s.map((x) => x.totalCpuMs)), 2),
      importCpuMedianMs: round(median(s.map((x) => x.importCpuMs)), 2),
      topInputs: topInputs(b.metafile),
    };
  };
  const byName = new Map(bundles.map((b) => [b.entry.name, stats(b)]));
  const empty = byName.get(EMPTY.name);
  const references = bundles
    .filter((b) => b.entry.kind !== 'function')
    .map((b) => {
      const r = byName.get(b.entry.name) as ReturnType<typeof stats>;
      const floor = b.entry.kind === 'reference' ? byName.get(floorName(b.entry.clients)) : undefined;
      return {
        ...r,
        emptyRatio: empty ? round(r.totalMedianMs / empty.totalMedianMs, 2) : Number.NaN,
        // A reference against the floor it builds on (CPU time): what it adds before any code of ours.
        floorCpuRatio: floor ? round(r.totalCpuMedianMs / floor.totalCpuMedianMs, 2) : null,
      };
    });
  const functions = bundles
    .filter((b) => b.entry.kind === 'function')
    .map((b) => {
      const r = byName.get(b.entry.name) as ReturnType<typeof stats>;
      const floor = byName.get(floorName(b.entry.clients));
      const ratio = floor ? round(r.totalMedianMs / floor.totalMedianMs, 2) : Number.NaN;
      return {
        ...r,
        uses: b.entry.uses ?? null,
        floor: floor?.name ?? null,
        floorTotalMedianMs: floor?.totalMedianMs ?? Number.NaN,
        floorImportMedianMs: floor?.importMedianMs ?? Number.NaN,
        floorBytes: floor?.bytes ?? Number.NaN,
        floorTotalCpuMedianMs: floor?.totalCpuMedianMs ?? Number.NaN,
        // Node's start-up plus the import, against the same for the floor: the target's ratio.
        ratio,
        // The import alone against the floor's import alone (more sensitive: no Node start-up).
        importRatio: floor ? round(r.importMedianMs / floor.importMedianMs, 2) : Number.NaN,
        // Start + import in CPU time against the floor's: the same ratio without the waits for a core.
        cpuRatio: floor ? round(r.totalCpuMedianMs / floor.totalCpuMedianMs, 2) : Number.NaN,
        emptyRatio: empty ? round(r.totalMedianMs / empty.totalMedianMs, 2) : Number.NaN,
        met: ratio <= TARGET_RATIO && b.bytes <= TARGET_BYTES,
      };
    });

  console.log('\n### Floors (a handler that only constructs the SDK clients) and references\n');
  console.log(
    table(
      [
        'reference',
        'bytes',
        'gzip',
        'import p50 ms',
        'start+import p50 ms',
        'p90 ms',
        'CPU ms',
        '× empty',
        'CPU × its floor',
      ],
      references.map((r) => [
        r.name,
        r.bytes,
        r.gzipBytes,
        r.importMedianMs,
        r.totalMedianMs,
        r.totalP90Ms,
        r.totalCpuMedianMs,
        r.emptyRatio,
        r.floorCpuRatio ?? '',
      ]),
    ),
  );
  console.log(`\n### Functions (target ≤ ${TARGET_RATIO}× floor, ≤ ${TARGET_BYTES / 1000} KB)\n`);
  console.log(
    table(
      [
        'function',
        'uses',
        'floor',
        'bundle KB',
        'gzip KB',
        'cold import ms',
        'floor ms',
        'ratio',
        'import-only ms (floor)',
        'CPU ms (floor)',
        'CPU ratio',
        'target',
      ],
      functions.map((r) => [
        r.name,
        r.uses ? r.uses.join(' ') || '—' : `(clients: ${r.clients.join(', ') || 'none'})`,
        r.floor ?? '',
        kb(r.bytes),
        kb(r.gzipBytes),
        r.totalMedianMs,
        r.floorTotalMedianMs,
        r.ratio,
        `${r.importMedianMs} (${r.floorImportMedianMs})`,
        `${r.totalCpuMedianMs} (${r.floorTotalCpuMedianMs})`,
        r.cpuRatio,
        r.met ? 'met' : 'MISSED',
      ]),
    ),
  );
  console.log('\nLargest inputs per function (esbuild metafile, KB):');
  for (const r of functions) {
    console.log(`- ${r.name}: ${r.topInputs.map((i) => `${i.input} ${kb(i.bytes)}`).join(', ')}`);
  }
  for (const s of skipped) console.log(`skipped ${s.name}: ${s.skipped}`);
  console.log(
    `\nresults: ${await saveResults(ONLY ? 'cold-start-subset' : 'cold-start', {
      reps: REPS,
      targetRatio: TARGET_RATIO,
      targetBytes: TARGET_BYTES,
      loadAverageAtStart: loadAtStart,
      skipped,
      references,
      functions,
    })}`,
  );
}
