/**
 * The platform synthesized for the global partition (us-east-1, development defaults plus a
 * portal origin), asserted resource by resource. One synthesis for the file (≈ 45 s with real
 * esbuild bundling of every handler).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLE_DEFINITIONS } from '../../functions/adapters/dynamodb/tables.ts';
import { placeholdersOf, ROUND_FLOW_PLACEHOLDERS } from '../../functions/adapters/sfn/definitions.ts';
import { API_ROUTES } from '../../infra/aws/api-routes.ts';
import { REPO_ROOT } from '../../infra/aws/constructs/platform-function.ts';
import { API_GROUPS } from '../../infra/aws/function-catalog.ts';
import {
  API_MD_ROUTES,
  apiMdRoutes,
  expectBackupPlans,
  expectNoPartitionLiterals,
  expectNoUnacknowledgedNagFindings,
  expectReasonedSuppressions,
  logGroupRetentions,
  platformFunctions,
} from './shared.ts';
import { type Json, resourcesOf, type Synthesized, statementLines, synthesize } from './synth.ts';

const PORTAL = 'https://portal.example.com';
// Synthesis bundles every handler with esbuild: ~45 s on an idle machine, ~5 min on a busy two-core one.
const SYNTH_TIMEOUT_MS = 600_000;
let synth: Synthesized;

beforeAll(() => {
  synth = synthesize({ region: 'us-east-1', portalOrigin: PORTAL });
}, SYNTH_TIMEOUT_MS);
afterAll(() => synth?.cleanup());

const ARN = 'arn:<AWS::Partition>';
const TABLE = (name: string) => `${ARN}:dynamodb:us-east-1:000000000000:table/tqa-${name}`;
const INDEXES = (name: string, count: number) =>
  [TABLE(name), ...Array.from({ length: count }, (_, i) => `${TABLE(name)}/index/gsi${i + 1}`)].join(' | ');
const VIA = (service: string) => `kms:ViaService=${service}.us-east-1.<AWS::URLSuffix>`;

describe('stateful data (global)', () => {
  it('creates each table from the shared definitions: on demand, PITR, deletion protection, KMS, retained', () => {
    // Prepare
    const { data } = synth.json;
    const key = synth.logicalId(synth.platform.data, synth.platform.data.refs.dataKey);

    // Act
    const tables = resourcesOf(data, 'AWS::DynamoDB::Table');

    // Assess
    expect(tables.map(([, t]) => (t.Properties as Json).TableName).sort()).toEqual([
      'tqa-applications',
      'tqa-audit',
      'tqa-idempotency',
      'tqa-sanctions',
    ]);
    for (const [, table] of tables) {
      const properties = table.Properties as Json;
      const definition = Object.values(TABLE_DEFINITIONS).find(
        (d) => properties.TableName === `tqa-${d.suffix}`,
      )!;
      expect(table.DeletionPolicy).toBe('Retain');
      expect(table.UpdateReplacePolicy).toBe('Retain');
      expect(properties).toMatchObject({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        SSESpecification: {
          SSEEnabled: true,
          SSEType: 'KMS',
          KMSMasterKeyId: { 'Fn::GetAtt': [key, 'Arn'] },
        },
      });
      expect((properties.KeySchema as Json[]).map((k) => k.AttributeName)).toEqual([
        definition.partitionKey.name,
        ...(definition.sortKey ? [definition.sortKey.name] : []),
      ]);
      expect(((properties.GlobalSecondaryIndexes ?? []) as Json[]).map((i) => i.IndexName)).toEqual(
        definition.globalSecondaryIndexes.map((i) => i.indexName),
      );
      expect(properties.TimeToLiveSpecification).toEqual(
        definition.timeToLiveAttribute
          ? { AttributeName: definition.timeToLiveAttribute, Enabled: true }
          : undefined,
      );
    }
    expect(tables.some(([, t]) => (t.Properties as Json).TimeToLiveSpecification !== undefined)).toBe(true);
  });

  it('encrypts with a customer-managed key that rotates and is never deleted with the stack', () => {
    // Act / Assess
    synth.templates.data.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ EnableKeyRotation: true }),
    });
  });

  it('keeps evidence private, TLS-only, KMS-encrypted, versioned, access-logged, CORS-limited to the portal', () => {
    // Prepare
    const { data } = synth.templates;
    const bucket = synth.logicalId(synth.platform.data, synth.platform.data.evidence.bucket);
    const logs = synth.logicalId(synth.platform.data, synth.platform.data.evidence.accessLogs);

    // Act / Assess
    data.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BucketName: 'tqa-evidence-000000000000-us-east-1',
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            {
              BucketKeyEnabled: true,
              ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: Match.anyValue() },
            },
          ],
        },
        LoggingConfiguration: { DestinationBucketName: { Ref: logs }, LogFilePrefix: 'evidence/' },
        CorsConfiguration: {
          CorsRules: [
            Match.objectLike({ AllowedOrigins: [PORTAL], AllowedMethods: ['POST', 'GET', 'HEAD'] }),
          ],
        },
        LifecycleConfiguration: {
          Rules: Match.arrayWith([
            Match.objectLike({
              AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
              Status: 'Enabled',
            }),
            Match.objectLike({ NoncurrentVersionExpiration: { NoncurrentDays: 180 }, Status: 'Enabled' }),
          ]),
        },
      }),
    });
    data.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucket },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } },
          }),
        ]),
      },
    });
  });

  it('lets nothing but a copy from rounds/ write the kept copies of verified evidence under verified/', () => {
    // Prepare
    const { data } = synth.templates;
    const bucket = synth.logicalId(synth.platform.data, synth.platform.data.evidence.bucket);
    const name = 'tqa-evidence-000000000000-us-east-1';

    // Act / Assess: a presigned POST or a plain PUT carries no copy source, so it is refused there
    data.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucket },
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Sid: 'KeptEvidenceIsWrittenOnlyByCopy',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 's3:PutObject',
            Resource: {
              'Fn::Join': ['', [{ 'Fn::GetAtt': [bucket, 'Arn'] }, '/verified/*']],
            },
            Condition: {
              StringNotLike: { 's3:x-amz-copy-source': [`${name}/rounds/*`, `/${name}/rounds/*`] },
            },
          },
        ]),
      },
    });
  });

  it('keeps the PII field keys in a retained secret under the data key', () => {
    // Act / Assess
    synth.templates.data.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        Name: 'tqa/pii-keys',
        KmsKeyId: Match.anyValue(),
        // Never a key in the template: an operator sets the value (README "Deploying").
        SecretString: Match.absent(),
        GenerateSecretString: Match.absent(),
      }),
    });
  });
});

describe('backups (global)', () => {
  it('backs up every table and the evidence bucket daily and monthly, copied to another region (us-west-2)', () => {
    expectBackupPlans(synth, 'us-west-2');
  });
});

describe('workflow (global)', () => {
  it('loads the round flow from its ASL file with one substitution per placeholder', () => {
    // Prepare
    const asl = readFileSync(resolve(REPO_ROOT, 'statemachines/round-flow.asl.json'), 'utf8');
    const [[, machine]] = resourcesOf(synth.json.workflow, 'AWS::StepFunctions::StateMachine') as [
      [string, Json],
    ];
    const properties = machine.Properties as Json;

    // Act
    const keys = Object.keys(properties.DefinitionSubstitutions as Json).sort();

    // Assess
    expect(keys).toEqual(placeholdersOf(asl));
    expect(keys).toEqual(Object.keys(ROUND_FLOW_PLACEHOLDERS).sort());
    // fromString: the states are in the template (not an S3 asset), so cdk diff shows them.
    expect(JSON.parse(properties.DefinitionString as string)).toEqual(JSON.parse(asl));
    expect(properties).toMatchObject({
      StateMachineName: 'tqa-round-flow',
      StateMachineType: 'STANDARD',
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false },
      TracingConfiguration: { Enabled: true },
    });
  });

  it('lets the flow invoke exactly its task functions', () => {
    // Prepare
    const { workflow } = synth.platform;
    const role = synth.logicalId(workflow, workflow.roundFlow.stateMachine.role);
    const tasks = Object.values(workflow.tasks).map(
      (task) => `<${synth.logicalId(workflow, task.function)}.Arn>`,
    );

    // Act
    const invoke = statementLines(synth.json.workflow, role).filter((line) =>
      line.includes('lambda:InvokeFunction'),
    );

    // Assess
    expect(invoke).toEqual([`Allow lambda:InvokeFunction on ${tasks.sort().join(' | ')}`]);
  });

  it('sends ObjectCreated under rounds/ to the verify-evidence function', () => {
    // Prepare
    const verify = synth.logicalId(synth.platform.workflow, synth.platform.workflow.verifyEvidence.function);

    // Act / Assess
    synth.templates.workflow.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: 'tqa-evidence-000000000000-us-east-1',
      NotificationConfiguration: {
        LambdaFunctionConfigurations: [
          {
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'rounds/' }] } },
            LambdaFunctionArn: { 'Fn::GetAtt': [verify, 'Arn'] },
          },
        ],
      },
    });
  });

  it('sweeps every minute in Beijing time, with retries and an encrypted TLS-only dead-letter queue', () => {
    // Prepare
    const { workflow } = synth.platform;
    const sweep = synth.logicalId(workflow, workflow.sweep.function);
    const queue = synth.logicalId(workflow, workflow.schedule.deadLetterQueue);

    // Act / Assess
    synth.templates.workflow.hasResourceProperties('AWS::Scheduler::ScheduleGroup', {
      Name: 'tqa-schedules',
    });
    synth.templates.workflow.hasResourceProperties('AWS::Scheduler::Schedule', {
      GroupName: 'tqa-schedules',
      ScheduleExpression: 'rate(1 minute)',
      ScheduleExpressionTimezone: 'Asia/Shanghai',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: Match.objectLike({
        Arn: { 'Fn::GetAtt': [sweep, 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 120 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queue, 'Arn'] } },
      }),
    });
    synth.templates.workflow.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
    synth.templates.workflow.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('lets the scheduler role invoke the sweep and the audit chain verifier and nothing else', () => {
    // Prepare
    const { workflow } = synth.platform;
    const role = synth.logicalId(workflow, workflow.schedule.role);
    const sweep = synth.logicalId(workflow, workflow.sweep.function);
    const verifier = synth.logicalId(workflow, workflow.auditChainVerifier.function);
    const queue = synth.logicalId(workflow, workflow.schedule.deadLetterQueue);

    // Act
    const lines = statementLines(synth.json.workflow, role);

    // Assess
    expect(lines).toEqual([
      `Allow lambda:InvokeFunction on <${verifier}.Arn> | <${sweep}.Arn>`,
      `Allow sqs:SendMessage on <${queue}.Arn>`,
    ]);
  });

  it('verifies the audit chains daily at 02:00 Beijing time, reading the audit table only', () => {
    // Prepare
    const { workflow } = synth.platform;
    const fn = workflow.auditChainVerifier;
    const verifier = synth.logicalId(workflow, fn.function);
    const queue = synth.logicalId(workflow, workflow.schedule.deadLetterQueue);

    // Act
    const lines = statementLines(synth.json.workflow, synth.logicalId(workflow, fn.role));

    // Assess
    synth.templates.workflow.hasResourceProperties('AWS::Scheduler::Schedule', {
      Name: 'tqa-audit-chains',
      GroupName: 'tqa-schedules',
      ScheduleExpression: 'cron(0 2 * * ? *)',
      ScheduleExpressionTimezone: 'Asia/Shanghai',
      Target: Match.objectLike({
        Arn: { 'Fn::GetAtt': [verifier, 'Arn'] },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queue, 'Arn'] } },
      }),
    });
    expect(lines).toEqual([
      `Allow dynamodb:Query on ${INDEXES('audit', 3)}`,
      `Allow kms:Decrypt,kms:DescribeKey on <import> if ${VIA('dynamodb')}`,
      `Allow logs:CreateLogStream,logs:PutLogEvents on <${synth.logicalId(workflow, fn.logGroup)}.Arn>`,
      'Allow xray:PutTelemetryRecords,xray:PutTraceSegments on *',
    ]);
  });

  it("alarms on a broken audit chain (the verifier's EMF metric) and on a verifier that fails", () => {
    // Prepare
    const { workflow } = synth.platform;

    // Act / Assess
    synth.templates.workflow.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'tqa-audit-chain-broken',
      Namespace: 'TaiyuanQualityAward',
      MetricName: 'AuditChainBreaks',
      Dimensions: [{ Name: 'Service', Value: workflow.auditChainVerifier.serviceName }],
      Statistic: 'Maximum',
      Period: 86400,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [Match.anyValue()],
    });
    synth.templates.workflow.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'tqa-audit-chain-verifier-errors',
      MetricName: 'Errors',
      Namespace: 'AWS/Lambda',
    });
    synth.templates.workflow.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'tqa-audit-chain-verifier' }) },
    });
  });

  it('alarms on failed, timed-out and aborted executions and on dead letters, to an encrypted topic', () => {
    // Prepare
    const alarms = resourcesOf(synth.json.workflow, 'AWS::CloudWatch::Alarm').map(
      ([, a]) => a.Properties as Json,
    );

    // Act
    const metrics = alarms.map((a) => `${a.Namespace}/${a.MetricName}`).sort();

    // Assess
    expect(metrics).toEqual(
      expect.arrayContaining([
        'AWS/States/ExecutionsFailed',
        'AWS/States/ExecutionsTimedOut',
        'AWS/States/ExecutionsAborted',
        'AWS/SQS/ApproximateNumberOfMessagesVisible',
      ]),
    );
    for (const alarm of alarms) expect(alarm.AlarmActions).toHaveLength(1);
    synth.templates.workflow.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
  });
});

describe('functions (global)', () => {
  it('runs every platform function on nodejs22.x with its own log group and X-Ray', () => {
    // Prepare
    const functions = platformFunctions(synth);

    // Act / Assess
    // + the sweep, the audit chain verifier, evidence verification, the token broker, the export
    // worker and the notification dispatcher.
    expect(functions.length).toBe(API_GROUPS.length + Object.keys(synth.platform.workflow.tasks).length + 6);
    for (const fn of functions) {
      expect(fn.properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogGroup: { Ref: expect.any(String) } },
      });
    }
  });

  it('keeps every log group at least 180 days (Cybersecurity Law Art. 21)', () => {
    // Act
    const retentions = logGroupRetentions(synth);

    // Assess
    expect(retentions.length).toBeGreaterThan(20);
    for (const days of retentions) expect(days).toBeGreaterThanOrEqual(180);
  });

  it('grants rubrics nothing but its logs: no PII keys where no personal data is handled', () => {
    // Prepare
    const { api } = synth.platform;
    const fn = api.functions.rubrics;

    // Act
    const lines = statementLines(synth.json.api, synth.logicalId(api, fn.role));

    // Assess
    expect(lines).toEqual([
      `Allow logs:CreateLogStream,logs:PutLogEvents on <${synth.logicalId(api, fn.logGroup)}.Arn>`,
      'Allow xray:PutTelemetryRecords,xray:PutTraceSegments on *',
    ]);
  });

  it('grants verify-evidence its records, the audit trail, reading/deleting evidence under rounds/ and keeping copies under verified/', () => {
    // Prepare
    const { workflow } = synth.platform;
    const fn = workflow.verifyEvidence;

    // Act
    const lines = statementLines(synth.json.workflow, synth.logicalId(workflow, fn.role));

    // Assess
    expect(lines).toEqual([
      `Allow dynamodb:BatchGetItem,dynamodb:PutItem on ${TABLE('audit')}`,
      `Allow dynamodb:DeleteItem,dynamodb:GetItem,dynamodb:PutItem,dynamodb:Query on ${INDEXES('applications', 3)}`,
      `Allow kms:Decrypt,kms:DescribeKey,kms:Encrypt,kms:GenerateDataKey on <import> if ${VIA('dynamodb')}`,
      // GenerateDataKey: the kept copy is a write (PutObject by copy) under verified/ only.
      `Allow kms:Decrypt,kms:GenerateDataKey on <import> if ${VIA('s3')}`,
      `Allow logs:CreateLogStream,logs:PutLogEvents on <${synth.logicalId(workflow, fn.logGroup)}.Arn>`,
      `Allow s3:DeleteObject,s3:GetObject on ${ARN}:s3:::tqa-evidence-000000000000-us-east-1/rounds/*`,
      `Allow s3:DeleteObject,s3:GetObject,s3:PutObject on ${ARN}:s3:::tqa-evidence-000000000000-us-east-1/verified/*`,
      'Allow xray:PutTelemetryRecords,xray:PutTraceSegments on *',
    ]);
  });

  it('grants the sweep its records and SendTaskSuccess on the round flow only', () => {
    // Prepare
    const { workflow } = synth.platform;
    const fn = workflow.sweep;

    // Act
    const lines = statementLines(synth.json.workflow, synth.logicalId(workflow, fn.role));

    // Assess
    expect(lines).toEqual([
      `Allow dynamodb:BatchGetItem,dynamodb:PutItem on ${TABLE('audit')}`,
      `Allow dynamodb:DeleteItem,dynamodb:GetItem,dynamodb:PutItem,dynamodb:Query on ${INDEXES('applications', 3)}`,
      `Allow kms:Decrypt,kms:DescribeKey,kms:Encrypt,kms:GenerateDataKey on <import> if ${VIA('dynamodb')}`,
      `Allow logs:CreateLogStream,logs:PutLogEvents on <${synth.logicalId(workflow, fn.logGroup)}.Arn>`,
      `Allow states:SendTaskSuccess on ${ARN}:states:us-east-1:000000000000:stateMachine:tqa-round-flow`,
      'Allow xray:PutTelemetryRecords,xray:PutTraceSegments on *',
    ]);
  });

  it('grants the applications API evidence uploads, the PII keys, sanctions reads and idempotency records', () => {
    // Prepare
    const { api } = synth.platform;
    const fn = api.functions.applications;

    // Act
    const lines = statementLines(synth.json.api, synth.logicalId(api, fn.role));

    // Assess: Query on the audit trail for the Idempotency-Key read-backs (earlier-request.ts).
    expect(lines).toEqual([
      `Allow dynamodb:BatchGetItem,dynamodb:PutItem,dynamodb:Query on ${INDEXES('audit', 3)}`,
      `Allow dynamodb:DeleteItem,dynamodb:GetItem,dynamodb:PutItem,dynamodb:Query on ${INDEXES('applications', 3)}`,
      `Allow dynamodb:DeleteItem,dynamodb:GetItem,dynamodb:PutItem,dynamodb:UpdateItem on ${TABLE('idempotency')}`,
      `Allow dynamodb:Query on ${INDEXES('sanctions', 1)}`,
      `Allow kms:Decrypt on <import> if ${VIA('secretsmanager')}`,
      `Allow kms:Decrypt,kms:DescribeKey,kms:Encrypt,kms:GenerateDataKey on <import> if ${VIA('dynamodb')}`,
      `Allow kms:Decrypt,kms:GenerateDataKey on <import> if ${VIA('s3')}`,
      `Allow logs:CreateLogStream,logs:PutLogEvents on <${synth.logicalId(api, fn.logGroup)}.Arn>`,
      `Allow s3:DeleteObject,s3:GetObject,s3:PutObject on ${ARN}:s3:::tqa-evidence-000000000000-us-east-1/rounds/* | ${ARN}:s3:::tqa-evidence-000000000000-us-east-1/verified/*`,
      'Allow secretsmanager:GetSecretValue on <import>',
      'Allow xray:PutTelemetryRecords,xray:PutTraceSegments on *',
    ]);
  });
});

describe('HTTP API and sign-in (global)', () => {
  it('logs every request as JSON and throttles by default and on public writes', () => {
    // Prepare
    const [[, stage]] = resourcesOf(synth.json.api, 'AWS::ApiGatewayV2::Stage') as [[string, Json]];
    const properties = stage.Properties as Json;
    const settings = properties.AccessLogSettings as Json;

    // Act
    const format = JSON.parse(settings.Format as string) as Record<string, string>;

    // Assess
    expect(properties).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      RouteSettings: {
        'POST /v1/public/notices/{windowId}/objections': { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 },
      },
    });
    expect(format).toMatchObject({
      requestId: '$context.requestId',
      status: '$context.status',
      routeKey: '$context.routeKey',
    });
  });

  it('verifies tokens with a JWT authorizer whose issuer is the Cognito user pool', () => {
    // Prepare
    const { api } = synth.platform;
    const pool = synth.logicalId(api, (api.signIn as unknown as { userPool: object }).userPool);

    // Act / Assess
    synth.templates.api.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [{ Ref: Match.stringLikeRegexp('Portal') }],
        Issuer: {
          'Fn::Join': ['', ['https://cognito-idp.us-east-1.', { Ref: 'AWS::URLSuffix' }, '/', { Ref: pool }]],
        },
      },
    });
  });

  it('has a route for every path of API.md, each pointing at its group function, public ones without authorizer', () => {
    // Prepare
    const routes = resourcesOf(synth.json.api, 'AWS::ApiGatewayV2::Route').map(
      ([, r]) => r.Properties as Json,
    );
    const integrations = Object.fromEntries(
      resourcesOf(synth.json.api, 'AWS::ApiGatewayV2::Integration').map(([id, i]) => [
        id,
        (i.Properties as Json).IntegrationUri,
      ]),
    );
    const byKey = new Map(routes.map((route) => [route.RouteKey as string, route]));

    // Act / Assess
    const documented = apiMdRoutes();
    // Every v1 route is listed; v2 routes join as their issues land, each one from API.md's v2 part.
    if (documented) expect([...API_MD_ROUTES].sort()).toEqual(expect.arrayContaining(documented));
    const everything = apiMdRoutes('all');
    if (everything) expect(everything).toEqual(expect.arrayContaining([...API_MD_ROUTES]));
    for (const key of API_MD_ROUTES) expect(byKey.has(key), key).toBe(true);
    for (const group of API_GROUPS) {
      const fn = synth.logicalId(synth.platform.api, synth.platform.api.functions[group].function);
      for (const route of API_ROUTES[group]) {
        const properties = byKey.get(`${route.method} ${route.path}`)!;
        const integration = ((properties.Target as Json)['Fn::Join'] as [string, [string, Json]])[1][1]
          .Ref as string;
        expect(integrations[integration], `${route.method} ${route.path}`).toEqual({
          'Fn::GetAtt': [fn, 'Arn'],
        });
        expect(properties.AuthorizationType).toBe(route.isPublic ? 'NONE' : 'JWT');
      }
    }
    expect(byKey.size).toBe(Object.values(API_ROUTES).flat().length);
  });

  it('creates the Cognito user pool with one group per role, a strong password policy and Plus threat protection', () => {
    // Act / Assess
    synth.templates.api.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        DeletionProtection: 'ACTIVE',
        MfaConfiguration: 'OPTIONAL',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        UserPoolTier: 'PLUS',
        UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
        Policies: {
          PasswordPolicy: Match.objectLike({ MinimumLength: 12, RequireSymbols: true, RequireNumbers: true }),
        },
        LambdaConfig: { PreTokenGenerationConfig: Match.objectLike({ LambdaVersion: 'V2_0' }) },
      }),
    });
    const groups = resourcesOf(synth.json.api, 'AWS::Cognito::UserPoolGroup').map(
      ([, g]) => (g.Properties as Json).GroupName,
    );
    expect(groups.sort()).toEqual(['applicant', 'leader', 'recommender', 'reviewer', 'staff', 'supervisor']);
    synth.templates.api.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      AllowedOAuthFlowsUserPoolClient: false,
    });
  });
});

describe('web hosting (global)', () => {
  it('serves the portal bucket through CloudFront with origin access control and access logs', () => {
    // Prepare
    const [[, distribution]] = resourcesOf(synth.json.web, 'AWS::CloudFront::Distribution') as [
      [string, Json],
    ];
    const config = (distribution.Properties as Json).DistributionConfig as Json;

    // Act / Assess
    expect((config.Origins as Json[])[0]).toMatchObject({ OriginAccessControlId: expect.anything() });
    expect(config).toMatchObject({ DefaultRootObject: 'index.html', Logging: expect.anything() });
    synth.templates.web.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    // What the construct saw when it was synthesized: the browser tests may build web/dist meanwhile.
    synth.templates.web.resourceCountIs(
      'Custom::CDKBucketDeployment',
      synth.platform.web.portal.deployed ? 1 : 0,
    );
  });
});

describe('compliance (global)', () => {
  it('writes no partition literal: no arn:aws:, and amazonaws.com only as standardized service principals', () => {
    expectNoPartitionLiterals(synth);
  });

  it('passes cdk-nag AwsSolutions with every finding acknowledged', () => {
    expectNoUnacknowledgedNagFindings(synth);
  });

  it('gives every acknowledged cdk-nag rule a written reason', () => {
    expectReasonedSuppressions(synth);
  });
});
