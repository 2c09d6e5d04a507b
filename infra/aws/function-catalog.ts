/**
 * Every Lambda function of the platform and what its handler uses, in one table. The stacks turn
 * each `uses` entry into exactly one kind of grant (constructs/platform-function.ts), and the
 * README's permission table is this list in prose: a handler that starts using another port
 * (say, the PII keys) gets the permission by adding one word here.
 *
 * The uses were read from the handlers' use cases (which store reads and commits, which evidence
 * and workflow calls); test/infra/permissions.test.ts re-derives them from the source and fails
 * when the two disagree.
 */

import {
  ROUND_FLOW_PLACEHOLDERS,
  type RoundFlowPlaceholder,
} from '../../functions/adapters/sfn/definitions.ts';
import { BUNDLED_FONT_DIR, FONT_FILES } from '../../functions/documents/fonts.ts';

/** One thing a handler does that needs a permission. */
export type Use =
  /** GetItem/Query on the applications table and its indexes. */
  | 'records:read'
  /** BatchGetItem on the applications table: one person's read marks of a page of the inbox. */
  | 'notifications:read'
  /** `store.commit`: conditional Put/Delete on applications, BatchGet + Put on the audit trail. */
  | 'records:commit'
  /** Query on the sanctions table (bans by subject, the sanctions list). */
  | 'sanctions:read'
  /** Put on the sanctions table (award-holder bans, revocations, imports). */
  | 'sanctions:write'
  /** Query on the audit table (GET /v1/audit). */
  | 'audit:read'
  /** The Powertools-style idempotency records of Idempotency-Key routes. */
  | 'idempotency'
  /** Presigned POST uploads under `rounds/` (the function signs them). */
  | 'evidence:upload'
  /** Reading (hashing) and presigned GETs of evidence under `rounds/` and its kept copies under `verified/`. */
  | 'evidence:read'
  /** Deleting an upload that failed verification (and its kept copy). */
  | 'evidence:delete'
  /** Keeping a verified upload: a server-side copy from `rounds/` to `verified/`, read back there. */
  | 'evidence:keep'
  /** The PII field keys (encrypt/decrypt ID and phone numbers, HMAC lookups). */
  | 'pii'
  /** Reading generated documents and export manifests (and presigned GETs of them) in the documents bucket. */
  | 'documents:read'
  /** Writing generated documents, export manifests and archive jobs in the documents bucket. */
  | 'documents:write'
  /** states:StartExecution on the round flow. */
  | 'flow:start'
  /** states:SendTaskSuccess on the round flow (resume a callback wait). */
  | 'flow:resume'
  /** states:SendTaskFailure on the round flow. */
  | 'flow:fail';

/** An AWS SDK client (or signer) a function's code talks to AWS with. */
export type SdkClient =
  | 'dynamodb'
  | 's3'
  | 's3-presigned-post'
  | 's3-request-presigner'
  | 'sfn'
  | 'secrets-manager'
  | 'kms';

/** The npm packages of each client (what a bundle carries for it). */
export const SDK_PACKAGES: Record<SdkClient, readonly string[]> = {
  dynamodb: ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb'],
  s3: ['@aws-sdk/client-s3'],
  's3-presigned-post': ['@aws-sdk/s3-presigned-post'],
  's3-request-presigner': ['@aws-sdk/s3-request-presigner'],
  sfn: ['@aws-sdk/client-sfn'],
  'secrets-manager': ['@aws-sdk/client-secrets-manager'],
  kms: ['@aws-sdk/client-kms'],
};

/**
 * The clients each use needs. A function's bundle should carry these and nothing more
 * (test/infra/bundles.test.ts), and bench/cold-start.ts measures each function against a handler
 * that only constructs them (its floor).
 */
export const SDK_CLIENTS_OF_USE: Record<Use, readonly SdkClient[]> = {
  'records:read': ['dynamodb'],
  'notifications:read': ['dynamodb'],
  'records:commit': ['dynamodb'],
  'sanctions:read': ['dynamodb'],
  'sanctions:write': ['dynamodb'],
  'audit:read': ['dynamodb'],
  idempotency: ['dynamodb'],
  // One adapter class (adapters/s3/evidence-store.ts) signs both: a function with any evidence use
  // carries the client and both signers (the POST signer is 1.3 KB once deduplicated with client-s3).
  'evidence:upload': ['s3', 's3-presigned-post', 's3-request-presigner'],
  'evidence:read': ['s3', 's3-presigned-post', 's3-request-presigner'],
  'evidence:delete': ['s3', 's3-presigned-post', 's3-request-presigner'],
  'evidence:keep': ['s3', 's3-presigned-post', 's3-request-presigner'],
  pii: ['secrets-manager'],
  'documents:read': ['s3', 's3-request-presigner'],
  'documents:write': ['s3', 's3-request-presigner'],
  'flow:start': ['sfn'],
  'flow:resume': ['sfn'],
  'flow:fail': ['sfn'],
};

/** The clients of a set of uses, in the order of SDK_PACKAGES. */
export const sdkClientsOf = (uses: readonly Use[]): SdkClient[] => {
  const needed = new Set(uses.flatMap((use) => SDK_CLIENTS_OF_USE[use]));
  return (Object.keys(SDK_PACKAGES) as SdkClient[]).filter((client) => needed.has(client));
};

export interface FunctionSpec {
  /** Construct id (PascalCase) and, kebab-cased, the log service name. */
  id: string;
  /** Handler module relative to the repository root; it exports `handler`. */
  entry: string;
  description: string;
  uses: readonly Use[];
  timeoutSeconds?: number;
  memorySize?: number;
  /**
   * Files shipped beside the bundle (copied after bundling): `from` relative to the repository root,
   * `to` relative to the bundle's directory. The PDF fonts (functions/documents/fonts.ts) travel so.
   */
  assets?: readonly { from: string; to: string }[];
}

/** The API route groups: one Lambda function per file in functions/handlers/api/. */
export const API_GROUPS = [
  'applications',
  'rounds',
  'calendar',
  'rubrics',
  'system',
  'review',
  'publicity',
  'awards',
  'documents',
  'after-award',
  'calls',
  'notifications',
] as const;
export type ApiGroup = (typeof API_GROUPS)[number];

const pascal = (kebab: string) => kebab.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());

/** Uses per API group (from the use cases each handler file calls). */
export const API_FUNCTION_USES: Record<ApiGroup, readonly Use[]> = {
  applications: [
    'records:read',
    'records:commit',
    'sanctions:read',
    'audit:read',
    'idempotency',
    'evidence:upload',
    'evidence:read',
    'evidence:delete',
    'evidence:keep',
    'pii',
  ],
  rounds: ['records:read', 'records:commit', 'audit:read', 'idempotency', 'pii', 'flow:start', 'flow:resume'],
  calendar: ['records:read', 'records:commit', 'audit:read', 'idempotency'],
  rubrics: [],
  system: [],
  review: ['records:read', 'records:commit', 'sanctions:read', 'audit:read', 'idempotency', 'pii'],
  publicity: ['records:read', 'records:commit', 'audit:read', 'idempotency', 'pii', 'flow:resume'],
  awards: [
    'records:read',
    'records:commit',
    'sanctions:read',
    'sanctions:write',
    'audit:read',
    'idempotency',
    'pii',
  ],
  documents: [
    'records:read',
    'records:commit',
    'audit:read',
    'idempotency',
    'documents:read',
    'documents:write',
  ],
  'after-award': [
    'records:read',
    'records:commit',
    'audit:read',
    'sanctions:read',
    'sanctions:write',
    'idempotency',
    'pii',
  ],
  calls: [
    'records:read',
    'records:commit',
    'audit:read',
    'idempotency',
    'evidence:upload',
    'evidence:read',
    'evidence:delete',
    'evidence:keep',
  ],
  notifications: ['records:read', 'records:commit', 'notifications:read', 'idempotency'],
};

/** The CJK fonts every PDF embeds (functions/documents/fonts.ts reads them from `fonts/` beside the bundle). */
export const PDF_FONT_ASSETS = Object.values(FONT_FILES).map((file) => ({
  from: `node_modules/${file}`,
  to: `${BUNDLED_FONT_DIR}/${file.split('/').at(-1)}`,
}));

/** What an API group ships beside its bundle. */
const API_FUNCTION_ASSETS: Partial<Record<ApiGroup, FunctionSpec['assets']>> = { documents: PDF_FONT_ASSETS };

export const apiFunctionSpec = (group: ApiGroup): FunctionSpec => ({
  id: `Api${pascal(group)}`,
  entry: `functions/handlers/api/${group}.ts`,
  description: `HTTP API routes of functions/handlers/api/${group}.ts`,
  uses: API_FUNCTION_USES[group],
  ...(API_FUNCTION_ASSETS[group] ? { assets: API_FUNCTION_ASSETS[group] } : {}),
  // Rendering a large export takes seconds, not the default 10 s budget of a route.
  ...(group === 'documents' ? { timeoutSeconds: 29, memorySize: 1024 } : {}),
});

/** The Lambda-backed placeholders of the round flow (all but `Partition`), in ASL order. */
export const WORKFLOW_PLACEHOLDERS = (Object.keys(ROUND_FLOW_PLACEHOLDERS) as RoundFlowPlaceholder[]).filter(
  (name): name is Exclude<RoundFlowPlaceholder, 'Partition'> => name.endsWith('FunctionArn'),
);

/** `RegisterTaskTokenFunctionArn` → `register-task-token`. */
export const handlerNameOf = (placeholder: string): string =>
  placeholder
    .replace(/FunctionArn$/, '')
    .replace(/[A-Z]/g, (c, i: number) => (i === 0 ? '' : '-') + c.toLowerCase());

/** Uses per workflow task (functions/handlers/workflow/*.ts). */
export const WORKFLOW_FUNCTION_USES: Record<string, readonly Use[]> = {
  'register-task-token': ['records:read', 'records:commit', 'flow:resume'],
  'close-call': ['records:read', 'records:commit', 'sanctions:read', 'pii'],
  'open-window': ['records:read', 'records:commit'],
  'settle-window': ['records:read', 'records:commit'],
  'select-for-onsite': ['records:read', 'records:commit'],
  'compute-ranking': ['records:read', 'records:commit'],
  announce: ['records:read', 'records:commit', 'sanctions:read', 'sanctions:write', 'pii'],
  'record-escalation': ['records:read', 'records:commit'],
};

export const workflowFunctionSpec = (placeholder: string): FunctionSpec => {
  const name = handlerNameOf(placeholder);
  const uses = WORKFLOW_FUNCTION_USES[name];
  if (!uses)
    throw new Error(`No permissions declared for workflow task ${name} (placeholder ${placeholder})`);
  return {
    id: `Task${pascal(name)}`,
    entry: `functions/handlers/workflow/${name}.ts`,
    description: `Round flow task ${name} (statemachines/round-flow.asl.json ${placeholder})`,
    uses,
    // Bulk tasks page through a round's applications (1,000 × 5 reviewers): minutes, not seconds.
    timeoutSeconds: 300,
    memorySize: 1024,
  };
};

export const SWEEP_FUNCTION: FunctionSpec = {
  id: 'Sweep',
  entry: 'functions/handlers/scheduled/sweep.ts',
  description:
    'Every minute: resumes due call-close waits, closes publicity windows past their deadline, sends due deadline reminders',
  uses: ['records:read', 'records:commit', 'flow:resume'],
  // Shorter than the 1-minute rate, so two sweeps overlap rarely (they are idempotent anyway).
  timeoutSeconds: 50,
};

/**
 * The outbox dispatcher (DESIGN.md §3 "Notifications"): fed by the applications table's stream
 * (new deliveries) and every minute by a schedule (retries that fell due). Decrypts phones (pii);
 * its SMS and SMTP credentials are granted in constructs/notification-dispatcher.ts.
 */
export const NOTIFICATION_DISPATCHER_FUNCTION: FunctionSpec = {
  id: 'NotificationDispatcher',
  entry: 'functions/handlers/events/dispatch-notifications.ts',
  description:
    'Outbox: delivers SMS and email of new and due deliveries (stream + every minute), at least once',
  uses: ['records:read', 'records:commit', 'pii'],
  // A batch of deliveries, each with a provider call of up to 10 s.
  timeoutSeconds: 120,
};

export const AUDIT_CHAIN_VERIFIER_FUNCTION: FunctionSpec = {
  id: 'AuditChainVerifier',
  entry: 'functions/handlers/scheduled/verify-audit-chains.ts',
  description: 'Daily: recomputes every audit hash chain and publishes the broken ones (AuditChainBreaks)',
  // Reads the audit table only (HEAD index, then each chain); its metric is a log line (EMF).
  uses: ['audit:read'],
  // Every chain of the trail, one Query each: minutes for a large trail, not seconds.
  timeoutSeconds: 900,
  memorySize: 1024,
};

export const VERIFY_EVIDENCE_FUNCTION: FunctionSpec = {
  id: 'VerifyEvidence',
  entry: 'functions/handlers/events/verify-evidence.ts',
  description: 'S3 ObjectCreated under rounds/: checks size, type and SHA-256 of each evidence upload',
  uses: ['records:read', 'records:commit', 'evidence:read', 'evidence:delete', 'evidence:keep'],
  // Hashing a 50 MiB object streams it through the function.
  timeoutSeconds: 120,
  memorySize: 1024,
};

export const GENERATE_EXPORT_FUNCTION: FunctionSpec = {
  id: 'GenerateExport',
  entry: 'functions/handlers/events/generate-export.ts',
  description:
    'S3 ObjectCreated under jobs/ of the documents bucket: streams a round archive (ZIP) to storage',
  uses: ['records:read', 'records:commit', 'audit:read', 'documents:read', 'documents:write'],
  assets: PDF_FONT_ASSETS,
  // A 1,000-application round: every form rendered and the whole audit trail read, minutes not seconds.
  timeoutSeconds: 900,
  memorySize: 2048,
};

export const TOKEN_BROKER_FUNCTION = {
  id: 'TokenBroker',
  entry: 'functions/handlers/auth/token-broker.ts',
  description:
    'China sign-in: exchanges a provincial identity ticket for our ES256 JWT (KMS), serves the JWKS',
  /** Its grants are made in constructs/sign-in.ts: kms:Sign on the signing key, two secrets. */
  sdkClients: ['kms', 'secrets-manager'] as readonly SdkClient[],
} as const;

export const COGNITO_PRE_TOKEN_FUNCTION = {
  id: 'CognitoPreToken',
  entry: 'functions/handlers/auth/cognito-pre-token.ts',
  description: 'Cognito pre token generation: roles claim from groups; applicant for self-registered users',
  sdkClients: [] as readonly SdkClient[],
} as const;
