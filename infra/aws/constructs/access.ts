/**
 * Turns a function's declared uses (function-catalog.ts) into grants, and builds the environment
 * every platform function reads (functions/shared/env.ts `platformEnvShape`: all table names and
 * the bucket are required at cold start, so every function gets them; a name is not a permission).
 */
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { TABLE_ENV, type TableKey } from '../../../functions/adapters/dynamodb/tables.ts';
import { KEPT_EVIDENCE_PREFIX } from '../../../functions/adapters/s3/evidence-store.ts';
import type { Use } from '../function-catalog.ts';
import { EVIDENCE_PREFIX } from './evidence-storage.ts';
import {
  type BucketRef,
  type EvidenceAction,
  type FunctionEnvironment,
  grantDocuments,
  grantEvidencePrefix,
  grantRoundFlow,
  grantSecretRead,
  grantTableActions,
  type PlatformFunction,
  type RoundFlowAction,
  type TableAction,
  type TableRef,
} from './platform-function.ts';

/** The shared resources a function may be granted. */
export interface PlatformResources {
  tables: Record<TableKey, TableRef>;
  evidence: BucketRef;
  documents: BucketRef;
  piiKeys: { secretArn: string; encryptionKey: IKey };
  roundFlowArn: string;
  /** The office mailbox staff-addressed notifications are also emailed to (context `staffNotifyEmail`). */
  staffNotifyEmail?: string;
}

/** Issuer, audience and key set the HTTP stack verifies bearer tokens with. */
export interface AuthEnvironment {
  issuer: string;
  audience: string;
  jwksUrl: string;
  corsOrigin: string;
}

/**
 * A function's own environment: the shared variables, plus the PII keys secret only where the
 * function's uses include 'pii' (functions/handlers/live-deps.ts builds no protector otherwise).
 */
export const environmentFor = (
  shared: FunctionEnvironment,
  uses: readonly Use[],
  resources: PlatformResources,
): FunctionEnvironment =>
  uses.includes('pii') ? { ...shared, PII_KEYS_SECRET_ARN: resources.piiKeys.secretArn } : shared;

/**
 * The variables of functions/shared/env.ts and the adapters. `auth` only for HTTP handlers: the
 * workflow, scheduled and event functions verify no tokens, so they get no issuer settings.
 */
export function platformEnvironment(
  resources: PlatformResources,
  auth?: AuthEnvironment,
): FunctionEnvironment {
  const tables = Object.fromEntries(
    (Object.keys(TABLE_ENV) as TableKey[]).map((key) => [TABLE_ENV[key], resources.tables[key].tableName]),
  );
  return {
    ...tables,
    EVIDENCE_BUCKET: resources.evidence.bucketName,
    DOCUMENTS_BUCKET: resources.documents.bucketName,
    ROUND_FLOW_STATE_MACHINE_ARN: resources.roundFlowArn,
    ...(resources.staffNotifyEmail ? { STAFF_NOTIFY_EMAIL: resources.staffNotifyEmail } : {}),
    ...(auth
      ? {
          AUTH_ISSUER: auth.issuer,
          AUTH_AUDIENCE: auth.audience,
          AUTH_JWKS_URL: auth.jwksUrl,
          CORS_ALLOWED_ORIGINS: auth.corsOrigin,
        }
      : {}),
  };
}

const READ: TableAction[] = ['dynamodb:GetItem', 'dynamodb:Query'];

/** Grants what `uses` says, and nothing else. */
export function grantUses(fn: PlatformFunction, uses: readonly Use[], resources: PlatformResources): void {
  const has = (use: Use) => uses.includes(use);
  const { tables } = resources;

  const records = new Set<TableAction>();
  if (has('records:read') || has('records:commit')) for (const action of READ) records.add(action);
  if (has('records:commit')) {
    records.add('dynamodb:PutItem');
    records.add('dynamodb:DeleteItem');
  }
  if (has('notifications:read')) records.add('dynamodb:BatchGetItem');
  if (records.size > 0) grantTableActions(fn, tables.applications, [...records]);

  const audit = new Set<TableAction>();
  // Appending reads the chain HEADs (BatchGet) and writes entry + HEAD in the same transaction.
  if (has('records:commit'))
    for (const action of ['dynamodb:BatchGetItem', 'dynamodb:PutItem'] as const) audit.add(action);
  if (has('audit:read')) audit.add('dynamodb:Query');
  if (audit.size > 0) grantTableActions(fn, tables.audit, [...audit]);

  const sanctions = new Set<TableAction>();
  if (has('sanctions:read') || has('sanctions:write')) sanctions.add('dynamodb:Query');
  if (has('sanctions:write')) sanctions.add('dynamodb:PutItem');
  if (sanctions.size > 0) grantTableActions(fn, tables.sanctions, [...sanctions]);

  if (has('idempotency')) {
    grantTableActions(fn, tables.idempotency, [
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
    ]);
  }

  const evidence: EvidenceAction[] = [
    ...(has('evidence:read') ? (['s3:GetObject'] as const) : []),
    ...(has('evidence:upload') ? (['s3:PutObject'] as const) : []),
    ...(has('evidence:delete') ? (['s3:DeleteObject'] as const) : []),
  ];
  if (evidence.length > 0) grantEvidencePrefix(fn, resources.evidence, EVIDENCE_PREFIX, evidence);
  // The kept copies of verified files (EvidenceStore.keep): written by a copy from rounds/, read
  // back and by downloads, deleted with a file that is rejected.
  const kept: EvidenceAction[] = [
    ...(has('evidence:read') ? (['s3:GetObject'] as const) : []),
    ...(has('evidence:keep') ? (['s3:PutObject'] as const) : []),
    ...(has('evidence:delete') ? (['s3:DeleteObject'] as const) : []),
  ];
  if (kept.length > 0) grantEvidencePrefix(fn, resources.evidence, KEPT_EVIDENCE_PREFIX, kept);

  const documents = [
    ...(has('documents:read') ? (['s3:GetObject'] as const) : []),
    ...(has('documents:write') ? (['s3:PutObject', 's3:AbortMultipartUpload'] as const) : []),
  ];
  if (documents.length > 0) grantDocuments(fn, resources.documents, documents);

  if (has('pii')) grantSecretRead(fn, resources.piiKeys, 'PII keys');

  const flow: RoundFlowAction[] = [
    ...(has('flow:start') ? (['states:StartExecution'] as const) : []),
    ...(has('flow:resume') ? (['states:SendTaskSuccess'] as const) : []),
    ...(has('flow:fail') ? (['states:SendTaskFailure'] as const) : []),
  ];
  if (flow.length > 0) grantRoundFlow(fn, resources.roundFlowArn, flow);
}
