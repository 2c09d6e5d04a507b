/**
 * Assertions both partitions share (global.test.ts, china.test.ts): partition literals, cdk-nag,
 * suppression reasons, log retention, and the routes of API.md.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { expect } from 'vitest';
import { MIN_REASON_LENGTH } from '../../infra/aws/constructs/nag.ts';
import { PlatformFunction, REPO_ROOT } from '../../infra/aws/constructs/platform-function.ts';
import { type Json, resourcesOf, type Synthesized, walkStrings } from './synth.ts';

/**
 * Every route of the HTTP contract (API.md, query strings dropped), except the local-mode-only
 * `/v1/dev/*`. Kept here so the test runs from a clean clone; `apiMdRoutes()` re-reads API.md
 * when the file is at hand and the test compares the two.
 */
export const API_MD_ROUTES = [
  'GET /v1/applications/{id}',
  'GET /v1/applications/{id}/evidence/{evidenceId}/download',
  'GET /v1/audit',
  'GET /v1/awards',
  'GET /v1/calendar/{year}',
  'GET /v1/health',
  'GET /v1/my/applications',
  'GET /v1/openapi.json',
  'GET /v1/public/notices',
  'GET /v1/public/notices/{windowId}',
  'GET /v1/rounds',
  'GET /v1/rounds/{roundId}',
  'GET /v1/rounds/{roundId}/applications',
  'GET /v1/rounds/{roundId}/objections',
  'GET /v1/rounds/{roundId}/ranking',
  'GET /v1/rubrics/{category}',
  'GET /v1/sanctions',
  'POST /v1/applications/{id}/conflicts',
  'POST /v1/applications/{id}/evidence',
  'POST /v1/applications/{id}/evidence/{evidenceId}/complete',
  'POST /v1/applications/{id}/qualification',
  'POST /v1/applications/{id}/recommendation',
  'POST /v1/applications/{id}/submit',
  'POST /v1/applications/{id}/withdraw',
  'POST /v1/awards/{awardId}/revocation',
  'POST /v1/objections/{objectionId}/resolution',
  'POST /v1/public/notices/{windowId}/objections',
  'POST /v1/rounds',
  'POST /v1/rounds/{roundId}/advance',
  'POST /v1/rounds/{roundId}/applications',
  'POST /v1/rounds/{roundId}/approval',
  'POST /v1/rounds/{roundId}/assignments',
  'POST /v1/rounds/{roundId}/call-extension',
  'POST /v1/rounds/{roundId}/decision',
  'POST /v1/sanctions',
  'POST /v1/windows/{windowId}/extension',
  'PUT /v1/applications/{id}/scores/{stage}',
  'PUT /v1/calendar/{year}',
  'PUT /v1/reviewers/{reviewerId}',
] as const;

/** API.md wherever the checkout keeps it (docs/, the root, or the shared brief), or undefined. */
export function apiMdRoutes(): string[] | undefined {
  const candidates = [
    resolve(REPO_ROOT, 'docs/API.md'),
    resolve(REPO_ROOT, 'API.md'),
    resolve(REPO_ROOT, '../shared/API.md'),
    '/work/shared/API.md',
  ];
  const path = candidates.find((candidate) => existsSync(candidate));
  if (!path) return undefined;
  // The "v2" section is the contract of the second wave's issues: its routes join API_MD_ROUTES as
  // each issue lands, so only the v1 part must match today.
  const text = readFileSync(path, 'utf8').split(/^## v2\b/m)[0]!;
  const keys = [...text.matchAll(/`((?:GET|POST|PUT|PATCH|DELETE) \/[^`?]*)(?:\?[^`]*)?`/g)].map(
    (m) => m[1]!,
  );
  return [...new Set(keys)].filter((key) => !key.includes('/v1/dev/')).sort();
}

/** The PlatformFunction instances of the app with their template properties. */
export function platformFunctions(synth: Synthesized): { fn: PlatformFunction; properties: Json }[] {
  const root = synth.platform.api.node.root;
  return root.node
    .findAll()
    .filter((c): c is PlatformFunction => c instanceof PlatformFunction)
    .map((fn) => {
      const stack = Stack.of(fn);
      const name = stack.node.id.toLowerCase() as keyof Synthesized['json'];
      const resources = synth.json[name].Resources as Record<string, Json>;
      return { fn, properties: resources[synth.logicalId(stack, fn.function)]!.Properties as Json };
    });
}

/** RetentionInDays of every log group in every stack (undefined = never expires, counted as ∞). */
export function logGroupRetentions(synth: Synthesized): number[] {
  return Object.values(synth.json).flatMap((template) =>
    resourcesOf(template, 'AWS::Logs::LogGroup').map(
      ([, group]) =>
        ((group.Properties as Json | undefined)?.RetentionInDays as number | undefined) ??
        Number.POSITIVE_INFINITY,
    ),
  );
}

const SERVICE_PRINCIPAL = /^[a-z0-9-]+(\.[a-z0-9-]+)?\.amazonaws\.com$/;

/**
 * No `arn:aws:` anywhere, and `amazonaws.com` only as a whole standardized service principal name
 * (`lambda.amazonaws.com`, valid in every partition) in a principal position: an IAM
 * `Principal.Service` or a Lambda permission's `Principal`.
 */
export function expectNoPartitionLiterals(synth: Synthesized): void {
  const offenders: string[] = [];
  for (const [stack, template] of Object.entries(synth.json)) {
    walkStrings(template, (text, path) => {
      if (text.includes('arn:aws:')) offenders.push(`${stack}:${path.join('.')}: ${text}`);
      if (!text.includes('amazonaws.com')) return;
      const keys = path.filter((part): part is string => typeof part === 'string');
      const resource = (template.Resources as Record<string, Json>)[String(path[1])];
      const inPrincipal =
        (keys.at(-1) === 'Service' && keys.at(-2) === 'Principal') ||
        (resource?.Type === 'AWS::Lambda::Permission' && keys.at(-1) === 'Principal');
      if (!inPrincipal || !SERVICE_PRINCIPAL.test(text))
        offenders.push(`${stack}:${path.join('.')}: ${text}`);
    });
  }
  expect(offenders).toEqual([]);
}

/** cdk-nag AwsSolutions over the whole app: nothing left that is not acknowledged. */
export function expectNoUnacknowledgedNagFindings(synth: Synthesized): void {
  const report = new AwsSolutionsChecks().validateScope(synth.platform.api.node.root);
  const findings = report.violations.map(
    (v) => `${v.severity} ${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
  );
  expect(findings).toEqual([]);
}

/** Every `cdk_nag.rules_to_suppress` entry in the templates has a reason longer than 20 characters. */
export function expectReasonedSuppressions(synth: Synthesized): void {
  const suppressions = Object.values(synth.json).flatMap((template) =>
    Object.values((template.Resources ?? {}) as Record<string, Json>).flatMap((resource) => {
      const nag = (resource.Metadata as Json | undefined)?.cdk_nag as Json | undefined;
      return ((nag?.rules_to_suppress ?? []) as { id: string; reason: string }[]).map((rule) => rule);
    }),
  );
  expect(suppressions.length).toBeGreaterThan(10);
  for (const { id, reason } of suppressions) {
    expect(typeof reason, id).toBe('string');
    expect(reason.trim().length, `${id}: "${reason}"`).toBeGreaterThan(20);
  }
  expect(MIN_REASON_LENGTH).toBeGreaterThan(20);
}
