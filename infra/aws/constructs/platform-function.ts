/**
 * The one Lambda function construct (STYLE.md layout: "one function construct holding the
 * defaults and grant helpers; nothing copy-pasted"). Every handler of the platform is a
 * PlatformFunction: Node.js 22 by default, an esbuild ESM bundle (minified, no source maps, a
 * `createRequire` banner for the CommonJS dependencies), its own role and its own log group kept
 * at least 180 days (Cybersecurity Law Art. 21), X-Ray where the setting allows it, and an
 * environment checked against the variable names the handlers read (functions/shared/env.ts).
 *
 * Permissions are added only through the grant helpers below, so each function's role lists
 * exactly what its handler uses (README "Permissions").
 */
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Aws, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import { Effect, PolicyStatement, Role } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, Runtime, RuntimeFamily, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { TableDefinition, TableKey } from '../../../functions/adapters/dynamodb/tables.ts';
import type { PlatformSettings } from '../config.ts';
import { acknowledge, servicePrincipal } from './nag.ts';

/** The repository root: entries and the lock file are resolved against it. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * The environment variables a platform function may receive. Names match what the handlers
 * parse (functions/shared/env.ts, functions/adapters/dynamodb/tables.ts TABLE_ENV); a typo here
 * is a compile error instead of a cold-start failure.
 */
export interface FunctionEnvironment {
  APPLICATIONS_TABLE?: string;
  SANCTIONS_TABLE?: string;
  AUDIT_TABLE?: string;
  IDEMPOTENCY_TABLE?: string;
  EVIDENCE_BUCKET?: string;
  /** The generated documents' bucket (functions/handlers/live-deps.ts liveDocuments). */
  DOCUMENTS_BUCKET?: string;
  /** ARN of the round flow state machine (adapters/sfn/round-workflow.ts ROUND_FLOW_ARN_ENV). */
  ROUND_FLOW_STATE_MACHINE_ARN?: string;
  /** Secrets Manager secret holding the PII encryption and HMAC keys (adapters/crypto/pii.ts). */
  PII_KEYS_SECRET_ARN?: string;
  AUTH_ISSUER?: string;
  AUTH_AUDIENCE?: string;
  AUTH_JWKS_URL?: string;
  CORS_ALLOWED_ORIGINS?: string;
  /** Token broker (China): the KMS signing key and the provincial identity platform. */
  SIGNING_KEY_ID?: string;
  TOKEN_ISSUER?: string;
  TOKEN_AUDIENCE?: string;
  TOKEN_TTL_SECONDS?: string;
  PROVINCIAL_IDP_TOKEN_URL?: string;
  PROVINCIAL_IDP_USERINFO_URL?: string;
  PROVINCIAL_IDP_CLIENT_ID?: string;
  PROVINCIAL_IDP_SECRET_ARN?: string;
  ROLE_GRANTS_SECRET_ARN?: string;
  POWERTOOLS_LOG_LEVEL?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
}

export interface PlatformFunctionProps {
  /** Handler module, relative to the repository root (`functions/handlers/api/rounds.ts`). */
  entry: string;
  description: string;
  settings: PlatformSettings;
  environment?: FunctionEnvironment;
  /** Default 10 s: API Gateway gives up after 30 s, and a request does O(1) DynamoDB calls. */
  timeout?: Duration;
  /** Default 512 MB (CPU scales with memory; bundles are small). */
  memorySize?: number;
  /** Files copied beside the bundle after bundling (function-catalog.ts FunctionSpec.assets). */
  assets?: readonly { from: string; to: string }[];
}

/** CloudWatch Logs accepts only these retention periods (days). */
const RETENTION_DAYS = [180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** Rounds a retention of at least 180 days up to the next period CloudWatch accepts. */
export function retentionFor(days: number): RetentionDays {
  const period = RETENTION_DAYS.find((allowed) => allowed >= Math.max(days, 180));
  return (period ?? 3653) as RetentionDays;
}

function runtimeOf(name: string): Runtime {
  if (!/^nodejs\d+\.x$/.test(name))
    throw new Error(`lambdaRuntime must be a Node.js runtime (nodejsNN.x); got "${name}"`);
  return new Runtime(name, RuntimeFamily.NODEJS, { supportsInlineCode: true });
}

/** One permission as granted, for the README table and the tests: what, on which resource. */
export interface GrantRecord {
  actions: string[];
  resource: string;
}

export class PlatformFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;
  /** Every grant made through the helpers, in order. */
  readonly grants: GrantRecord[] = [];

  /** POWERTOOLS_SERVICE_NAME: the `Service` of its logs and of the metrics it publishes. */
  readonly serviceName: string;

  constructor(scope: Construct, id: string, props: PlatformFunctionProps) {
    super(scope, id);
    const { settings } = props;
    const runtime = runtimeOf(settings.lambda.runtime);
    const nodeMajor = settings.lambda.runtime.replace(/^nodejs(\d+)\.x$/, '$1');
    this.serviceName = `${settings.prefix}-${id.replace(/[A-Z]/g, (c, i) => (i ? '-' : '') + c.toLowerCase())}`;

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: retentionFor(settings.logRetentionDays),
      // Logs are evidence of who did what (Cybersecurity Law Art. 21): never deleted with the stack.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // An own role (instead of the managed AWSLambdaBasicExecutionRole) so the function can write
    // to its own log group only.
    this.role = new Role(this, 'Role', {
      assumedBy: servicePrincipal('lambda'),
      description: props.description,
    });
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );

    this.function = new NodejsFunction(this, 'Function', {
      entry: isAbsolute(props.entry) ? props.entry : resolve(REPO_ROOT, props.entry),
      handler: 'handler',
      description: props.description,
      runtime,
      architecture: settings.lambda.architecture === 'arm64' ? Architecture.ARM_64 : Architecture.X86_64,
      tracing: settings.lambda.tracing ? Tracing.ACTIVE : Tracing.DISABLED,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      role: this.role,
      logGroup: this.logGroup,
      projectRoot: REPO_ROOT,
      depsLockFilePath: resolve(REPO_ROOT, 'package-lock.json'),
      environment: {
        POWERTOOLS_SERVICE_NAME: this.serviceName,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...(props.environment as Record<string, string> | undefined),
      },
      bundling: {
        format: OutputFormat.ESM,
        target: `node${nodeMajor}`,
        minify: true,
        sourceMap: false,
        // The SDK version the code was tested with, tree-shaken, instead of the runtime's copy.
        bundleAwsSDK: true,
        externalModules: [],
        mainFields: ['module', 'main'],
        // CommonJS dependencies call require(); ESM output has none unless we create it.
        banner:
          "import { createRequire as __createRequire } from 'node:module';const require = __createRequire(import.meta.url);",
        // Files read from disk at run time (the PDF fonts): esbuild cannot see them, so they are copied.
        ...(props.assets?.length
          ? {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (inputDir: string, outputDir: string) =>
                  (props.assets ?? []).map(
                    (asset) =>
                      `mkdir -p "${dirname(join(outputDir, asset.to))}" && cp "${join(inputDir, asset.from)}" "${join(outputDir, asset.to)}"`,
                  ),
              },
            }
          : {}),
      },
    });

    if (settings.lambda.tracing) {
      acknowledge(
        this.role,
        'AwsSolutions-IAM5[Resource::*]',
        'X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions; CDK adds them with tracing on.',
      );
    }
    acknowledge(
      this.function,
      'AwsSolutions-L1',
      `The runtime is the "lambdaRuntime" setting (${runtime.name}, DESIGN.md §4): the code is tested on it and on the local Node.`,
    );
  }

  /** Adds one statement to the function's role and records it. */
  addStatement(statement: PolicyStatement, resourceLabel: string): void {
    this.role.addToPrincipalPolicy(statement);
    this.grants.push({ actions: statement.actions, resource: resourceLabel });
  }

  get functionArn(): string {
    return this.function.functionArn;
  }
}

/** A table as the grant helpers see it: its physical name, its definition and its key. */
export interface TableRef {
  key: TableKey;
  tableName: string;
  definition: TableDefinition;
  encryptionKey: IKey;
}

/** The evidence bucket as the grant helpers see it. */
export interface BucketRef {
  bucketName: string;
  encryptionKey: IKey;
}

export type TableAction =
  | 'dynamodb:GetItem'
  | 'dynamodb:BatchGetItem'
  | 'dynamodb:Query'
  | 'dynamodb:PutItem'
  | 'dynamodb:UpdateItem'
  | 'dynamodb:DeleteItem'
  | 'dynamodb:ConditionCheckItem';

const TABLE_WRITES = new Set<TableAction>(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem']);

/** `kms:ViaService` value for a service in this stack's region: `{service}.{region}.{URL suffix}`, right in China too. */
const viaService = (scope: Construct, service: string): string =>
  `${service}.${Stack.of(scope).region}.${Aws.URL_SUFFIX}`;

function grantKeyVia(fn: PlatformFunction, key: IKey, service: string, actions: string[]): void {
  fn.addStatement(
    new PolicyStatement({
      actions,
      resources: [key.keyArn],
      // The data key is usable only through the service that stores the data, never directly.
      conditions: { StringEquals: { 'kms:ViaService': viaService(fn, service) } },
    }),
    `data key via ${service}`,
  );
}

/**
 * Grants exactly `actions` on `table` (and its indexes when Query is among them), plus the KMS
 * use DynamoDB makes of the table's key on the caller's behalf. `leadingKeys` adds a
 * `dynamodb:LeadingKeys` condition (partition-key prefixes, `ForAllValues:StringLike`).
 */
export function grantTableActions(
  fn: PlatformFunction,
  table: TableRef,
  actions: readonly TableAction[],
  options: { leadingKeys?: readonly string[] } = {},
): void {
  if (actions.length === 0) throw new Error(`grantTableActions(${fn.node.id}, ${table.key}): no actions`);
  const stack = Stack.of(fn);
  const tableArn = stack.formatArn({ service: 'dynamodb', resource: 'table', resourceName: table.tableName });
  const indexArns = actions.includes('dynamodb:Query')
    ? table.definition.globalSecondaryIndexes.map((index) => `${tableArn}/index/${index.indexName}`)
    : [];
  fn.addStatement(
    new PolicyStatement({
      effect: Effect.ALLOW,
      actions: [...actions],
      resources: [tableArn, ...indexArns],
      ...(options.leadingKeys
        ? { conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...options.leadingKeys] } } }
        : {}),
    }),
    `table ${table.key}${indexArns.length > 0 ? ' (+ indexes)' : ''}`,
  );
  const writes = actions.some((action) => TABLE_WRITES.has(action));
  grantKeyVia(
    fn,
    table.encryptionKey,
    'dynamodb',
    writes
      ? ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey']
      : ['kms:Decrypt', 'kms:DescribeKey'],
  );
}

export type EvidenceAction = 's3:GetObject' | 's3:PutObject' | 's3:DeleteObject';

/**
 * Grants `actions` on the objects under `prefix` (e.g. `rounds/`) of the evidence bucket, plus
 * the KMS use S3 makes of the bucket key: Decrypt to read, GenerateDataKey to write (the browser's
 * presigned POST is signed with the function's credentials, DESIGN.md §3).
 */
export function grantEvidencePrefix(
  fn: PlatformFunction,
  bucket: BucketRef,
  prefix: string,
  actions: readonly EvidenceAction[],
): void {
  if (!/^[a-z0-9-]+\/$/.test(prefix))
    throw new Error(`grantEvidencePrefix: prefix must look like "rounds/"; got "${prefix}"`);
  if (Token.isUnresolved(bucket.bucketName))
    throw new Error('grantEvidencePrefix: the bucket name must be a plain string');
  const objects = Stack.of(fn).formatArn({
    service: 's3',
    region: '',
    account: '',
    resource: bucket.bucketName,
    resourceName: `${prefix}*`,
  });
  fn.addStatement(
    new PolicyStatement({ actions: [...actions], resources: [objects] }),
    `evidence ${prefix}*`,
  );
  const keyActions = [
    ...(actions.includes('s3:GetObject') ? ['kms:Decrypt'] : []),
    ...(actions.includes('s3:PutObject') ? ['kms:GenerateDataKey'] : []),
  ];
  if (keyActions.length > 0) grantKeyVia(fn, bucket.encryptionKey, 's3', keyActions);
  acknowledge(
    fn.role,
    `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${bucket.bucketName}/${prefix}*]`,
    `Evidence keys under ${prefix} (uploads rounds/{roundId}/applications/{applicationId}/{evidenceId}, their kept copies under verified/) are created at run time; the prefix bounds them.`,
  );
}

export type RoundFlowAction =
  | 'states:StartExecution'
  | 'states:SendTaskSuccess'
  | 'states:SendTaskFailure'
  | 'states:SendTaskHeartbeat';

/**
 * Grants `actions` on the round flow only. Task-token calls are authorized against the state
 * machine that issued the token, so SendTask* on the flow's ARN covers every callback of a round.
 */
export function grantRoundFlow(
  fn: PlatformFunction,
  stateMachineArn: string,
  actions: readonly RoundFlowAction[],
): void {
  fn.addStatement(new PolicyStatement({ actions: [...actions], resources: [stateMachineArn] }), 'round flow');
}

/** Grants reading one secret's current value (and, for a customer-managed key, its decryption via Secrets Manager). */
export function grantSecretRead(
  fn: PlatformFunction,
  secret: { secretArn: string; encryptionKey?: IKey | undefined },
  label: string,
): void {
  fn.addStatement(
    new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secret.secretArn] }),
    `secret ${label}`,
  );
  if (secret.encryptionKey) grantKeyVia(fn, secret.encryptionKey, 'secretsmanager', ['kms:Decrypt']);
}

/** Grants direct use of a key (the token broker's signing key: kms:Sign, kms:GetPublicKey). */
export function grantKeyActions(
  fn: PlatformFunction,
  key: IKey,
  actions: readonly string[],
  label: string,
): void {
  fn.addStatement(new PolicyStatement({ actions: [...actions], resources: [key.keyArn] }), label);
}

export type DocumentAction = 's3:GetObject' | 's3:PutObject' | 's3:AbortMultipartUpload';

/**
 * Grants `actions` on the documents bucket's objects (documents/, exports/, jobs/: the bucket holds
 * nothing else) with the KMS use S3 makes of its key; reading also lists the bucket, so that a
 * missing content-addressed document answers 404 (generate it) rather than 403.
 */
export function grantDocuments(
  fn: PlatformFunction,
  bucket: BucketRef,
  actions: readonly DocumentAction[],
): void {
  const stack = Stack.of(fn);
  const arn = (resource: string, resourceName?: string) =>
    stack.formatArn({
      service: 's3',
      region: '',
      account: '',
      resource,
      ...(resourceName ? { resourceName } : {}),
    });
  fn.addStatement(
    new PolicyStatement({ actions: [...actions], resources: [arn(bucket.bucketName, '*')] }),
    'documents *',
  );
  if (actions.includes('s3:GetObject')) {
    fn.addStatement(
      new PolicyStatement({ actions: ['s3:ListBucket'], resources: [arn(bucket.bucketName)] }),
      'documents bucket (list)',
    );
  }
  const keyActions = [
    ...(actions.includes('s3:GetObject') ? ['kms:Decrypt'] : []),
    ...(actions.includes('s3:PutObject') ? ['kms:GenerateDataKey', 'kms:Decrypt'] : []),
  ];
  if (keyActions.length > 0) grantKeyVia(fn, bucket.encryptionKey, 's3', [...new Set(keyActions)]);
  acknowledge(
    fn.role,
    `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${bucket.bucketName}/*]`,
    'Generated documents are content-addressed (documents/{roundId}/{kind}/{sha256}), their manifests and jobs named by export id at run time; the bucket holds nothing else.',
  );
}
