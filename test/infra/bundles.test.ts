/**
 * Each Lambda bundles only what it uses. Every handler of the function catalog is bundled the way
 * the CDK construct bundles it (esbuild, tree-shaken), with each npm package replaced by an empty
 * side-effect-free stub, so that the metafile says which of our modules and which packages the
 * function's live code still imports, in a fraction of the time the real bundle takes
 * (bench/cold-start.ts measures the real ones). Then:
 *
 * - the live parts its module names (functions/handlers/live-deps.ts) are exactly those its uses
 *   need, plus the calendar seed exactly when a use case in the bundle reads it;
 * - the AWS SDK packages in the bundle are those of its uses (function-catalog.ts SDK_CLIENTS_OF_USE).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { build, type Metafile, type Plugin } from 'esbuild';
import { describe, expect, it } from 'vitest';
import type { LiveDeps, PartName } from '../../functions/handlers/live-deps.ts';
import { REPO_ROOT } from '../../infra/aws/constructs/platform-function.ts';
import {
  API_GROUPS,
  AUDIT_CHAIN_VERIFIER_FUNCTION,
  apiFunctionSpec,
  COGNITO_PRE_TOKEN_FUNCTION,
  type FunctionSpec,
  GENERATE_EXPORT_FUNCTION,
  SDK_PACKAGES,
  type SdkClient,
  SWEEP_FUNCTION,
  sdkClientsOf,
  TOKEN_BROKER_FUNCTION,
  type Use,
  VERIFY_EVIDENCE_FUNCTION,
  WORKFLOW_PLACEHOLDERS,
  workflowFunctionSpec,
} from '../../infra/aws/function-catalog.ts';

/** The live part each use needs (idempotency: the HTTP stack's store, built by the composition root). */
const PART_OF_USE: Record<Use, PartName | undefined> = {
  'records:read': 'store',
  'notifications:read': 'store',
  'records:commit': 'store',
  'sanctions:read': 'store',
  'sanctions:write': 'store',
  'audit:read': 'store',
  idempotency: 'idempotency',
  'evidence:upload': 'evidence',
  'evidence:read': 'evidence',
  'evidence:delete': 'evidence',
  'evidence:keep': 'evidence',
  pii: 'pii',
  'flow:start': 'workflow',
  'flow:resume': 'workflow',
  'flow:fail': 'workflow',
  'documents:read': 'documents',
  'documents:write': 'documents',
};

/**
 * Every package import resolves to `module.exports = {}`. Not marked side-effect free: the AWS SDK's
 * modules are not, so esbuild keeps a package a bundle imports statically even when nothing uses it
 * (rubrics and system carried the DynamoDB client that way, through an unused part's import).
 */
const stubPackages: Plugin = {
  name: 'stub-packages',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) => ({
      path: args.path,
      namespace: 'package',
    }));
    builder.onLoad({ filter: /.*/, namespace: 'package' }, () => ({
      contents: 'module.exports = {};',
      loader: 'js',
    }));
  },
};

/** The inputs that contribute code to the bundle of `entry`: our files, and `package:<name>` for packages. */
async function liveInputs(entry: string): Promise<string[]> {
  const result = await build({
    entryPoints: [resolve(REPO_ROOT, entry)],
    absWorkingDir: REPO_ROOT,
    outfile: 'bundle.mjs',
    write: false,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    metafile: true,
    logLevel: 'silent',
    plugins: [stubPackages],
  });
  const [output] = Object.values((result.metafile as Metafile).outputs);
  return Object.entries(output?.inputs ?? {})
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([path]) => path);
}

const sdkClientsIn = (inputs: readonly string[]): SdkClient[] =>
  (Object.keys(SDK_PACKAGES) as SdkClient[]).filter((client) =>
    SDK_PACKAGES[client].some((name) => inputs.includes(`package:${name}`)),
  );

/** A use case in the bundle reads the calendar seed (`deps.config.seedCalendarYears`). */
const readsCalendarSeed = (inputs: readonly string[]): boolean =>
  inputs.some(
    (path) =>
      path.startsWith('functions/use-cases/') &&
      /\bconfig\.seedCalendarYears\b/.test(readFileSync(resolve(REPO_ROOT, path), 'utf8')),
  );

const SPECS: FunctionSpec[] = [
  ...API_GROUPS.map(apiFunctionSpec),
  ...WORKFLOW_PLACEHOLDERS.map(workflowFunctionSpec),
  SWEEP_FUNCTION,
  AUDIT_CHAIN_VERIFIER_FUNCTION,
  VERIFY_EVIDENCE_FUNCTION,
  GENERATE_EXPORT_FUNCTION,
];

describe('each Lambda bundles only what it uses', () => {
  it.each(SPECS.map((spec) => [spec.id, spec] as const))(
    '%s names the live parts of its uses and carries only their SDK clients',
    async (_, spec) => {
      // Act
      const inputs = await liveInputs(spec.entry);
      const { live } = (await import(resolve(REPO_ROOT, spec.entry))) as { live: LiveDeps };

      // Assess
      const parts = new Set(spec.uses.map((use) => PART_OF_USE[use]).filter((part) => part !== undefined));
      if (readsCalendarSeed(inputs)) parts.add('calendarSeed');
      expect([...live.parts].sort()).toEqual([...parts].sort());
      expect(inputs.includes('functions/domain/calendar-seed.ts')).toBe(parts.has('calendarSeed'));

      const allowed = new Set(sdkClientsOf(spec.uses));
      expect(sdkClientsIn(inputs)).toEqual(
        (Object.keys(SDK_PACKAGES) as SdkClient[]).filter((c) => allowed.has(c)),
      );
    },
  );

  it.each([TOKEN_BROKER_FUNCTION, COGNITO_PRE_TOKEN_FUNCTION].map((fn) => [fn.id, fn] as const))(
    '%s carries only the SDK clients it declares',
    async (_, fn) => {
      // Act
      const inputs = await liveInputs(fn.entry);

      // Assess
      expect(sdkClientsIn(inputs).sort()).toEqual([...fn.sdkClients].sort());
    },
  );

  it.each(SPECS.map((spec) => [spec.id, spec] as const))(
    '%s carries no fault injection (infra/local/fault-points.ts) and nothing else of the local platform',
    async (_, spec) => {
      // Act
      const inputs = await liveInputs(spec.entry);

      // Assess: the HTTP stack keeps only the hook's type and the seam that calls a passed hook.
      expect(inputs.filter((path) => path.startsWith('infra/local/'))).toEqual([]);
      expect(inputs.some((path) => path.startsWith('functions/'))).toBe(true);
    },
  );

  it('keeps the OpenAPI generator (every route group) out of the system function', async () => {
    // Act
    const inputs = await liveInputs(apiFunctionSpec('system').entry);

    // Assess
    expect(inputs).toContain('functions/handlers/api/openapi.json');
    expect(
      inputs.filter((path) => /shared\/openapi\.ts|api\/(routes|rounds|applications)\.ts/.test(path)),
    ).toEqual([]);
  });

  it.each(SPECS.map((spec) => [spec.id, spec] as const))(
    '%s ships the PDF fonts beside its bundle exactly when it renders PDFs',
    async (_, spec) => {
      // Act
      const inputs = await liveInputs(spec.entry);

      // Assess: the fonts are read from disk at run time (fonts.ts), so esbuild cannot see them.
      const rendersPdfs = inputs.includes('functions/documents/fonts.ts');
      expect((spec.assets ?? []).map((asset) => asset.to).sort()).toEqual(
        rendersPdfs ? ['fonts/NotoSerifSC_400Regular.ttf', 'fonts/NotoSerifSC_700Bold.ttf'] : [],
      );
      for (const asset of spec.assets ?? []) expect(existsSync(resolve(REPO_ROOT, asset.from))).toBe(true);
    },
  );
});
