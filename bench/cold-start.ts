/**
 * DESIGN.md §5: "each Lambda bundle (esbuild, minified, ESM) small enough that its cold import costs
 * at most 1.5× an empty handler's on the same machine".
 *
 * Every Lambda entry of the function catalog is bundled with the options of the CDK construct
 * (infra/aws/constructs/platform-function.ts: ESM, minified, target node22, platform node, no
 * source maps, mainFields module/main, the createRequire banner) twice: with the AWS SDK bundled
 * (what the construct deploys, `bundleAwsSDK: true`) and with `@aws-sdk/*` left to the runtime's
 * copy. Each bundle is then imported by a fresh `node` process, REPS times, round-robin across
 * bundles so that machine noise spreads evenly; the child reports `performance.now()` before and
 * after `await import(bundle)`, i.e. the import alone and the import plus Node's own start-up.
 * An empty ESM handler bundled the same way is the baseline.
 *
 * Bundles over the target are explained from esbuild's metafile: the inputs (grouped by package)
 * that contribute most bytes to the output.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Metafile, type Plugin } from 'esbuild';
import {
  API_GROUPS,
  COGNITO_PRE_TOKEN_FUNCTION,
  handlerNameOf,
  SWEEP_FUNCTION,
  TOKEN_BROKER_FUNCTION,
  VERIFY_EVIDENCE_FUNCTION,
  WORKFLOW_PLACEHOLDERS,
} from '../infra/aws/function-catalog.ts';
import { median, p90, REPO_ROOT, round, saveResults, table } from './lib/report.ts';

/** Cold imports per bundle and variant (BENCH_REPS overrides). */
const REPS = Number(process.env.BENCH_REPS ?? 20);
/** The target: a bundle's cold import at most this many times the empty handler's. */
const TARGET_RATIO = 1.5;
/**
 * Outside the repository (another engineer's `npm ci` would wipe node_modules/.cache), with a
 * `node_modules` link to the repository's, so that the "SDK external" bundles resolve `@aws-sdk/*`
 * as a Lambda resolves them from the runtime's copy.
 */
const OUT_DIR = join(tmpdir(), 'tqa-bench', 'cold-start');

const BANNER =
  "import { createRequire as __createRequire } from 'node:module';const require = __createRequire(import.meta.url);";

/**
 * `sdk-bundled`: what the construct deploys. `sdk-external`: `@aws-sdk/*` from the runtime.
 * `zod-namespace` (a what-if, sources untouched on disk): SDK bundled, with every
 * `import { z } from 'zod'` read as `import * as z from 'zod'`, which lets esbuild drop the parts of
 * zod nobody calls (the `z` re-export is an object holding all of zod, its 40 locales included).
 */
type Variant = 'sdk-bundled' | 'sdk-external' | 'zod-namespace';
const VARIANTS: readonly Variant[] = ['sdk-bundled', 'sdk-external', 'zod-namespace'];
const VARIANT_TITLES: Record<Variant, string> = {
  'sdk-bundled': 'AWS SDK bundled (as deployed)',
  'sdk-external': "AWS SDK external (the runtime's copy)",
  'zod-namespace': "What-if: SDK bundled, `import * as z from 'zod'`",
};

/** Reads our sources with the namespace import of zod (the `zod-namespace` variant only). */
const zodNamespacePlugin: Plugin = {
  name: 'zod-namespace',
  setup(builder) {
    builder.onLoad({ filter: /\/(functions|infra)\/.*\.ts$/ }, async ({ path }) => ({
      contents: readFileSync(path, 'utf8').replace(
        /import \{ z \} from 'zod';/g,
        "import * as z from 'zod';",
      ),
      loader: 'ts',
    }));
  },
};

interface Entry {
  name: string;
  /** Relative to the repository root; empty for a generated entry. */
  entry: string;
  kind: 'baseline' | 'reference' | 'api' | 'workflow' | 'scheduled' | 'events' | 'auth';
  /** The module of a generated entry (the baseline and the references). */
  source?: string;
}

/**
 * Generated references that say where the floor is: an import of the DynamoDB document client
 * alone, of the four clients a workflow task needs, and of zod imported as a namespace.
 */
const REFERENCES: Entry[] = [
  {
    name: 'reference/dynamodb-client',
    entry: '',
    kind: 'reference',
    source: `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
export const handler = async () => DynamoDBDocumentClient.from(new DynamoDBClient({}));
`,
  },
  {
    name: 'reference/task-clients',
    entry: '',
    kind: 'reference',
    source: `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
export const handler = async () => [DynamoDBDocumentClient.from(new DynamoDBClient({})), new SFNClient({}), new SecretsManagerClient({})];
`,
  },
  {
    name: 'reference/zod-namespace',
    entry: '',
    kind: 'reference',
    source: `import * as z from 'zod';
const Payload = z.object({ roundId: z.string().min(1), at: z.iso.datetime(), items: z.record(z.string(), z.number()) });
export const handler = async (event) => Payload.parse(event);
`,
  },
];

/** BENCH_COLD_ENTRIES / BENCH_COLD_VARIANTS (comma lists) run a subset; the baseline always runs. */
const ONLY_ENTRIES = process.env.BENCH_COLD_ENTRIES?.split(',');
const ONLY_VARIANTS = process.env.BENCH_COLD_VARIANTS?.split(',');

/** The entries of the function catalog (what infra/aws deploys), the baseline and the references. */
function entries(): Entry[] {
  return allEntries().filter((e) => e.kind === 'baseline' || !ONLY_ENTRIES || ONLY_ENTRIES.includes(e.name));
}

function allEntries(): Entry[] {
  return [
    {
      name: 'empty',
      entry: '',
      kind: 'baseline',
      source: 'export const handler = async () => ({ statusCode: 200 });\n',
    },
    ...REFERENCES,
    ...API_GROUPS.map((group) => ({
      name: `api/${group}`,
      entry: `functions/handlers/api/${group}.ts`,
      kind: 'api' as const,
    })),
    ...WORKFLOW_PLACEHOLDERS.map((placeholder) => {
      const name = handlerNameOf(placeholder);
      return {
        name: `workflow/${name}`,
        entry: `functions/handlers/workflow/${name}.ts`,
        kind: 'workflow' as const,
      };
    }),
    { name: 'scheduled/sweep', entry: SWEEP_FUNCTION.entry, kind: 'scheduled' },
    { name: 'events/verify-evidence', entry: VERIFY_EVIDENCE_FUNCTION.entry, kind: 'events' },
    { name: 'auth/token-broker', entry: TOKEN_BROKER_FUNCTION.entry, kind: 'auth' },
    { name: 'auth/cognito-pre-token', entry: COGNITO_PRE_TOKEN_FUNCTION.entry, kind: 'auth' },
  ];
}

interface Bundle {
  name: string;
  kind: Entry['kind'];
  variant: Variant;
  file: string;
  bytes: number;
  gzipBytes: number;
  metafile: Metafile;
}

async function bundle(entry: Entry, variant: Variant): Promise<Bundle | { name: string; skipped: string }> {
  const outfile = join(OUT_DIR, variant, `${entry.name.replace('/', '__')}.mjs`);
  let entryPoint: string;
  if (entry.source !== undefined) {
    entryPoint = join(OUT_DIR, `${entry.name.replace('/', '__')}.entry.mjs`);
    await writeFile(entryPoint, entry.source);
  } else {
    entryPoint = join(REPO_ROOT, entry.entry);
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
    external: variant === 'sdk-external' ? ['@aws-sdk/*'] : [],
    plugins: variant === 'zod-namespace' ? [zodNamespacePlugin] : [],
    metafile: true,
    logLevel: 'silent',
  });
  const code = readFileSync(outfile);
  return {
    name: entry.name,
    kind: entry.kind,
    variant,
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

const PROBE = `const before = performance.now();
await import(process.argv[2]);
const after = performance.now();
process.stdout.write(JSON.stringify({ importMs: after - before, totalMs: after }));
`;

interface Sample {
  importMs: number;
  totalMs: number;
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

export async function runColdStart(): Promise<void> {
  await rm(OUT_DIR, { recursive: true, force: true });
  await mkdir(OUT_DIR, { recursive: true });
  await symlink(join(REPO_ROOT, 'node_modules'), join(OUT_DIR, 'node_modules'), 'dir');
  const probe = join(OUT_DIR, 'probe.mjs');
  await writeFile(probe, PROBE);

  const bundles: Bundle[] = [];
  const skipped: { name: string; skipped: string }[] = [];
  const variants = VARIANTS.filter((v) => !ONLY_VARIANTS || ONLY_VARIANTS.includes(v));
  for (const variant of variants) {
    for (const entry of entries()) {
      const built = await bundle(entry, variant);
      if ('skipped' in built) {
        if (variant === variants[0]) skipped.push(built);
      } else bundles.push(built);
    }
  }
  console.log(`cold-start: ${bundles.length} bundles, ${REPS} cold imports each (round-robin)`);

  const samples = new Map<Bundle, Sample[]>(bundles.map((b) => [b, []]));
  // One warm-up pass: the first read of each file from disk is not what a Lambda sees either.
  for (const b of bundles) coldImport(probe, b.file);
  for (let rep = 0; rep < REPS; rep += 1) {
    for (const b of bundles) samples.get(b)?.push(coldImport(probe, b.file));
    if ((rep + 1) % 5 === 0) console.log(`  ${rep + 1}/${REPS}`);
  }

  const rows = bundles.map((b) => {
    const s = samples.get(b) ?? [];
    return {
      name: b.name,
      kind: b.kind,
      variant: b.variant,
      bytes: b.bytes,
      gzipBytes: b.gzipBytes,
      importMedianMs: round(median(s.map((x) => x.importMs)), 2),
      importP90Ms: round(p90(s.map((x) => x.importMs)), 2),
      totalMedianMs: round(median(s.map((x) => x.totalMs)), 2),
      totalP90Ms: round(p90(s.map((x) => x.totalMs)), 2),
      topInputs: topInputs(b.metafile),
    };
  });
  const baseline = (variant: Variant) => rows.find((r) => r.kind === 'baseline' && r.variant === variant);
  const results = rows.map((r) => {
    const base = baseline(r.variant);
    return {
      ...r,
      // Node's start-up plus the import, against the same for the empty handler: the primary ratio.
      totalRatio: base ? round(r.totalMedianMs / base.totalMedianMs, 2) : Number.NaN,
      // The import alone, against the empty module's (a fraction of a millisecond).
      importRatio: base ? round(r.importMedianMs / base.importMedianMs, 1) : Number.NaN,
    };
  });

  for (const variant of variants) {
    console.log(`\n### ${VARIANT_TITLES[variant]}\n`);
    console.log(
      table(
        [
          'bundle',
          'bytes',
          'gzip',
          'import p50 ms',
          'import p90 ms',
          'start+import p50 ms',
          'p90 ms',
          '× empty',
          'target',
        ],
        results
          .filter((r) => r.variant === variant)
          .map((r) => [
            r.name,
            r.bytes,
            r.gzipBytes,
            r.importMedianMs,
            r.importP90Ms,
            r.totalMedianMs,
            r.totalP90Ms,
            r.totalRatio,
            r.kind === 'baseline' ? '' : r.totalRatio <= TARGET_RATIO ? 'met' : 'MISSED',
          ]),
      ),
    );
  }
  const over = results.filter((r) => r.variant === 'sdk-bundled' && r.totalRatio > TARGET_RATIO);
  if (over.length > 0) {
    console.log(`\nBundles over ${TARGET_RATIO}× (SDK bundled), largest inputs:`);
    for (const r of over) {
      console.log(
        `- ${r.name}: ${r.topInputs.map((i) => `${i.input} ${Math.round(i.bytes / 1024)} KiB`).join(', ')}`,
      );
    }
  }
  for (const s of skipped) console.log(`skipped ${s.name}: ${s.skipped}`);
  console.log(
    `\nresults: ${await saveResults(ONLY_ENTRIES || ONLY_VARIANTS ? 'cold-start-subset' : 'cold-start', { reps: REPS, targetRatio: TARGET_RATIO, skipped, bundles: results })}`,
  );
}
