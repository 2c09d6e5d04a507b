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
import { flatten, type Json, resourcesOf, type Synthesized, walkStrings } from './synth.ts';

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
  // v2 "Documents, exports and statistics"
  'GET /v1/applications/{id}/documents/form',
  'GET /v1/awards/{awardId}/documents/certificate',
  'GET /v1/awards/{awardId}/documents/revocation',
  'GET /v1/exports/{exportId}',
  'GET /v1/public/notices/{windowId}/document',
  'GET /v1/rounds/{roundId}/documents/commendation',
  'GET /v1/rounds/{roundId}/statistics',
  'POST /v1/rounds/{roundId}/exports',
  // v2 "Review panels, schedules and score sheets" (issue 11)
  'PUT /v1/rounds/{roundId}/review-settings',
  'POST /v1/rounds/{roundId}/assignments/draw',
  'GET /v1/rounds/{roundId}/assignments',
  'POST /v1/rounds/{roundId}/assignments/withdrawal',
  'GET /v1/applications/{id}/scores',
  'PUT /v1/rounds/{roundId}/schedule/{applicationId}',
  'GET /v1/rounds/{roundId}/schedule',
  // v2 "After the award"
  'GET /v1/awards/{awardId}',
  'GET /v1/awards/{awardId}/visits',
  'GET /v1/higher-awards',
  'GET /v1/public/revocations',
  'GET /v1/visits/due',
  'POST /v1/awards/imports',
  'POST /v1/awards/{awardId}/issuance',
  'POST /v1/awards/{awardId}/recovery',
  'POST /v1/awards/{awardId}/visits',
  'POST /v1/higher-awards',
  'POST /v1/visits/{visitId}/actions/{index}/closure',
  'PUT /v1/rounds/{roundId}/rewards',
  // v2 "Calls and the applicant's draft"
  'GET /v1/public/calls',
  'PUT /v1/applications/{id}',
  'PUT /v1/rounds/{roundId}/call-notice',
  // v2 "Notifications"
  'GET /v1/my/notifications',
  'POST /v1/my/notifications/{notificationId}/read',
] as const;

/** API.md wherever the checkout keeps it (docs/, the root, or the shared brief), or undefined. */
export function apiMdRoutes(section: 'v1' | 'all' = 'v1'): string[] | undefined {
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
  const whole = readFileSync(path, 'utf8');
  const text = section === 'all' ? whole : whole.split(/^## v2\b/m)[0]!;
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

/**
 * DESIGN.md §6, backups: the data stack's plan backs up every table and the evidence bucket daily
 * (kept 35 days) and monthly (365), copies each recovery point to the vault of `copyRegion` (its own
 * stack, deployed first), and no recovery point can be deleted by hand in either vault.
 */
export function expectBackupPlans(synth: Synthesized, copyRegion: string): void {
  const { data, backupCopy } = synth.json;
  const { platform } = synth;
  const copyVaultArn = `arn:<AWS::Partition>:backup:${copyRegion}:000000000000:backup-vault:tqa-backup-copy`;

  // The copy vault: in the copy region, its own rotating key, retained, deletion refused.
  expect(platform.backupCopy.region).toBe(copyRegion);
  expect(platform.data.dependencies).toContain(platform.backupCopy);
  const [copyVault] = resourcesOf(backupCopy, 'AWS::Backup::BackupVault').map(([, vault]) => vault);
  const [copyKeyId] = resourcesOf(backupCopy, 'AWS::KMS::Key').map(([id]) => id);
  expect(copyVault).toMatchObject({
    DeletionPolicy: 'Retain',
    Properties: {
      BackupVaultName: 'tqa-backup-copy',
      EncryptionKeyArn: { 'Fn::GetAtt': [copyKeyId, 'Arn'] },
    },
  });
  expect(JSON.stringify(copyVault)).toContain('backup:DeleteRecoveryPoint');

  // The vault here: under the data key, retained, deletion refused.
  const dataKey = synth.logicalId(platform.data, platform.data.refs.dataKey);
  const vaults = resourcesOf(data, 'AWS::Backup::BackupVault');
  expect(vaults).toHaveLength(1);
  const [vaultId, vault] = vaults[0] as [string, Json];
  expect(vault).toMatchObject({
    DeletionPolicy: 'Retain',
    Properties: { BackupVaultName: 'tqa-backup', EncryptionKeyArn: { 'Fn::GetAtt': [dataKey, 'Arn'] } },
  });
  const denied = ((vault.Properties as Json).AccessPolicy as Json).Statement as Json[];
  expect(denied).toContainEqual(
    expect.objectContaining({
      Effect: 'Deny',
      Action: expect.arrayContaining(['backup:DeleteRecoveryPoint']),
    }),
  );

  // The plan: daily and monthly, each copied to the other region.
  const plans = resourcesOf(data, 'AWS::Backup::BackupPlan');
  expect(plans).toHaveLength(1);
  const rules = (((plans[0] as [string, Json])[1].Properties as Json).BackupPlan as Json)
    .BackupPlanRule as Json[];
  const rule = (name: string) => {
    const found = rules.find((r) => r.RuleName === name) as Json;
    const [copy] = found.CopyActions as Json[];
    return {
      schedule: found.ScheduleExpression,
      vault: found.TargetBackupVault,
      keptDays: (found.Lifecycle as Json).DeleteAfterDays,
      copyTo: flatten((copy as Json).DestinationBackupVaultArn),
      copyKeptDays: ((copy as Json).Lifecycle as Json).DeleteAfterDays,
    };
  };
  expect(rules).toHaveLength(2);
  expect(rule('daily')).toEqual({
    schedule: 'cron(0 19 * * ? *)',
    vault: { 'Fn::GetAtt': [vaultId, 'BackupVaultName'] },
    keptDays: 35,
    copyTo: copyVaultArn,
    copyKeptDays: 35,
  });
  expect(rule('monthly')).toEqual({
    schedule: 'cron(0 19 1 * ? *)',
    vault: { 'Fn::GetAtt': [vaultId, 'BackupVaultName'] },
    keptDays: 365,
    copyTo: copyVaultArn,
    copyKeptDays: 365,
  });

  // The selection: every table and the evidence bucket, with a role that can back up and restore both.
  const selections = resourcesOf(data, 'AWS::Backup::BackupSelection');
  expect(selections).toHaveLength(1);
  const selection = ((selections[0] as [string, Json])[1].Properties as Json).BackupSelection as Json;
  const tables = Object.values(platform.data.tables.tables).map(
    (table) => `<${synth.logicalId(platform.data, table)}.Arn>`,
  );
  const bucket = `<${synth.logicalId(platform.data, platform.data.evidence.bucket)}.Arn>`;
  expect((selection.Resources as unknown[]).map(flatten).sort()).toEqual([...tables, bucket].sort());
  const roleId = String((selection.IamRoleArn as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0]);
  const role = ((data.Resources as Record<string, Json>)[roleId] as Json).Properties as Json;
  expect((role.ManagedPolicyArns as unknown[]).map(flatten).sort()).toEqual(
    [
      'service-role/AWSBackupServiceRolePolicyForBackup',
      'service-role/AWSBackupServiceRolePolicyForRestores',
      'AWSBackupServiceRolePolicyForS3Backup',
      'AWSBackupServiceRolePolicyForS3Restore',
    ]
      .map((name) => `arn:<AWS::Partition>:iam::aws:policy/${name}`)
      .sort(),
  );
  expect(JSON.stringify(role.AssumeRolePolicyDocument)).toContain('backup.amazonaws.com');
  // S3 backups need a versioned bucket.
  const evidence = (data.Resources as Record<string, Json>)[bucket.slice(1, -5)] as Json;
  expect((evidence.Properties as Json).VersioningConfiguration).toEqual({ Status: 'Enabled' });
}
