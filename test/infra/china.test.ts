/**
 * The platform synthesized for the China (Ningxia) region, `aws-cn` partition: no Cognito, the
 * token broker with its KMS signing key as the JWT issuer, no X-Ray, OAI for CloudFront, and the
 * same partition-neutral, cdk-nag-clean templates. One synthesis for the file.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_BROKER_ROUTES as HANDLER_ROUTES } from '../../functions/handlers/auth/token-broker.ts';
import { TokenBrokerSignIn } from '../../infra/aws/constructs/sign-in.ts';
import { TOKEN_BROKER_API_ROUTES } from '../../infra/aws/stacks/api-stack.ts';
import {
  expectBackupPlans,
  expectNoPartitionLiterals,
  expectNoUnacknowledgedNagFindings,
  expectReasonedSuppressions,
  logGroupRetentions,
  platformFunctions,
} from './shared.ts';
import { type Json, resourcesOf, type Synthesized, statementLines, synthesize } from './synth.ts';

const ISSUER = 'https://api.zlj.example.cn';
// Synthesis bundles every handler with esbuild: ~45 s on an idle machine, ~5 min on a busy two-core one.
const SYNTH_TIMEOUT_MS = 600_000;
let synth: Synthesized;

beforeAll(() => {
  synth = synthesize({
    region: 'cn-northwest-1',
    portalOrigin: 'https://zlj.example.cn',
    identityIssuer: ISSUER,
    provincialIdpTokenUrl: 'https://idp.example.cn/oauth2/token',
    provincialIdpUserInfoUrl: 'https://idp.example.cn/oauth2/userinfo',
    provincialIdpClientId: 'tqa-client',
  });
}, SYNTH_TIMEOUT_MS);
afterAll(() => synth?.cleanup());

const broker = () => synth.platform.api.signIn as TokenBrokerSignIn;

describe('sign-in in the aws-cn partition', () => {
  it('creates no Cognito resource', () => {
    // Act
    const cognito = Object.values(synth.json).flatMap((template) =>
      Object.values((template.Resources ?? {}) as Record<string, Json>).filter((r) =>
        String(r.Type).startsWith('AWS::Cognito::'),
      ),
    );

    // Assess
    expect(synth.platform.api.signIn).toBeInstanceOf(TokenBrokerSignIn);
    expect(cognito).toEqual([]);
  });

  it('signs tokens with a retained KMS ECC_NIST_P256 SIGN_VERIFY key', () => {
    // Act / Assess
    synth.templates.api.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }),
    });
  });

  it('points the JWT authorizer at the configured issuer and audience', () => {
    // Act / Assess
    synth.templates.api.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: { Issuer: ISSUER, Audience: ['tqa-portal'] },
    });
  });

  it('serves the exchange, the key set and the discovery document publicly from the token broker', () => {
    // Prepare
    const fn = synth.logicalId(synth.platform.api, broker().broker.function);
    const integration = resourcesOf(synth.json.api, 'AWS::ApiGatewayV2::Integration').find(
      ([, i]) =>
        JSON.stringify((i.Properties as Json).IntegrationUri) ===
        JSON.stringify({ 'Fn::GetAtt': [fn, 'Arn'] }),
    )?.[0];
    const routes = resourcesOf(synth.json.api, 'AWS::ApiGatewayV2::Route')
      .map(([, r]) => r.Properties as Json)
      .filter((r) => JSON.stringify(r.Target).includes(`"${integration}"`));

    // Act
    const keys = routes.map((r) => `${r.RouteKey} ${r.AuthorizationType}`).sort();

    // Assess
    expect(TOKEN_BROKER_API_ROUTES.map((r) => `${r.method} ${r.path}`).sort()).toEqual(
      [...HANDLER_ROUTES].sort(),
    );
    expect(keys).toEqual([...HANDLER_ROUTES].map((key) => `${key} NONE`).sort());
  });

  it('gives the token broker the signing key, its two secrets and its log group, nothing else', () => {
    // Prepare
    const { api } = synth.platform;
    const signIn = broker();
    const key = synth.logicalId(api, signIn.signingKey);
    const secrets = [signIn.clientSecret, signIn.roleGrants].map((s) => `<${synth.logicalId(api, s)}>`);

    // Act
    const lines = statementLines(synth.json.api, synth.logicalId(api, signIn.broker.role));

    // Assess
    expect(lines).toEqual(
      [
        `Allow kms:GetPublicKey,kms:Sign on <${key}.Arn>`,
        `Allow logs:CreateLogStream,logs:PutLogEvents on <${synth.logicalId(api, signIn.broker.logGroup)}.Arn>`,
        `Allow secretsmanager:GetSecretValue on ${secrets.sort().join(' | ')}`,
      ].sort(),
    );
  });

  it('passes the broker its issuer, audience, key and the provincial platform endpoints', () => {
    // Prepare
    const { api } = synth.platform;
    const resources = synth.json.api.Resources as Record<string, Json>;

    // Act
    const properties = resources[synth.logicalId(api, broker().broker.function)]!.Properties as Json;

    // Assess
    expect((properties.Environment as Json).Variables).toMatchObject({
      TOKEN_ISSUER: ISSUER,
      TOKEN_AUDIENCE: 'tqa-portal',
      TOKEN_TTL_SECONDS: '1800',
      PROVINCIAL_IDP_TOKEN_URL: 'https://idp.example.cn/oauth2/token',
      PROVINCIAL_IDP_USERINFO_URL: 'https://idp.example.cn/oauth2/userinfo',
      PROVINCIAL_IDP_CLIENT_ID: 'tqa-client',
      SIGNING_KEY_ID: { 'Fn::GetAtt': [synth.logicalId(api, broker().signingKey), 'Arn'] },
    });
  });
});

describe('functions and workflow in the aws-cn partition', () => {
  it('runs every function on nodejs22.x x86_64 without X-Ray, as the tracing setting says', () => {
    // Prepare
    const functions = platformFunctions(synth);
    const policies = JSON.stringify(resourcesOf(synth.json.api, 'AWS::IAM::Policy'));

    // Act / Assess
    expect(functions.length).toBeGreaterThan(15);
    for (const { properties } of functions) {
      expect(properties.Runtime).toBe('nodejs22.x');
      expect(properties.Architectures).toEqual(['x86_64']);
      expect((properties.TracingConfig as Json | undefined)?.Mode).not.toBe('Active');
    }
    expect(policies).not.toContain('xray:');
    synth.templates.workflow.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      TracingConfiguration: { Enabled: false },
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false, Destinations: Match.anyValue() },
    });
  });

  it('substitutes the partition into the round flow instead of spelling it', () => {
    // Act / Assess
    synth.templates.workflow.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      DefinitionSubstitutions: Match.objectLike({ Partition: { Ref: 'AWS::Partition' } }),
    });
  });

  it('verifies the audit chains daily and alarms on a break, as in the global partition', () => {
    // Prepare
    const { workflow } = synth.platform;
    const verifier = synth.logicalId(workflow, workflow.auditChainVerifier.function);

    // Act / Assess
    synth.templates.workflow.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 2 * * ? *)',
      ScheduleExpressionTimezone: 'Asia/Shanghai',
      Target: Match.objectLike({ Arn: { 'Fn::GetAtt': [verifier, 'Arn'] } }),
    });
    synth.templates.workflow.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'TaiyuanQualityAward',
      MetricName: 'AuditChainBreaks',
      Dimensions: [{ Name: 'Service', Value: workflow.auditChainVerifier.serviceName }],
      Threshold: 1,
    });
  });

  it('keeps every log group at least 180 days', () => {
    for (const days of logGroupRetentions(synth)) expect(days).toBeGreaterThanOrEqual(180);
  });

  it('reaches the portal bucket through an origin access identity', () => {
    // Act / Assess
    synth.templates.web.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 1);
    synth.templates.web.resourceCountIs('AWS::CloudFront::OriginAccessControl', 0);
  });
});

describe('backups in the aws-cn partition', () => {
  it('copies every backup of the tables and the evidence from Ningxia to Beijing (cn-north-1)', () => {
    expectBackupPlans(synth, 'cn-north-1');
  });
});

describe('compliance in the aws-cn partition', () => {
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
