import { describe, expect, it } from 'vitest';
import { ContextError, partitionOf, readSettings } from '../../infra/aws/config.ts';
import { retentionFor } from '../../infra/aws/constructs/platform-function.ts';

const node = (context: Record<string, unknown>) => ({ tryGetContext: (key: string) => context[key] });

const CHINA_PROD = {
  region: 'cn-northwest-1',
  stage: 'prod',
  portalDomainName: 'zlj.example.cn',
  portalIamCertificateId: 'ASCAEXAMPLE',
  apiDomainName: 'api.zlj.example.cn',
  apiCertificateArn: 'arn:aws-cn:acm:cn-northwest-1:111122223333:certificate/abc',
  provincialIdpTokenUrl: 'https://idp.example.cn/oauth2/token',
  provincialIdpUserInfoUrl: 'https://idp.example.cn/oauth2/userinfo',
  provincialIdpClientId: 'tqa',
};

describe('readSettings', () => {
  it('defaults to a development deployment in us-east-1 with Cognito, arm64 and tracing', () => {
    // Prepare / Act
    const settings = readSettings(node({}));

    // Assess
    expect(settings).toMatchObject({
      account: '000000000000',
      region: 'us-east-1',
      partition: 'aws',
      stage: 'dev',
      prefix: 'tqa',
      portalOrigin: undefined,
      lambda: { runtime: 'nodejs22.x', architecture: 'arm64', tracing: true },
      logRetentionDays: 180,
      identity: { kind: 'cognito', mfa: 'optional', threatProtection: true, selfSignUp: true },
      web: { originAccess: 'oac' },
    });
  });

  it('selects the aws-cn partition, the token broker, x86_64, no tracing and OAI in the China regions', () => {
    // Prepare / Act
    const beijing = readSettings(node({ region: 'cn-north-1' }));
    const ningxia = readSettings(node({ region: 'cn-northwest-1' }));

    // Assess
    expect(partitionOf('cn-north-1')).toBe('aws-cn');
    expect(partitionOf('ap-east-1')).toBe('aws');
    for (const settings of [beijing, ningxia]) {
      expect(settings.partition).toBe('aws-cn');
      expect(settings.identity.kind).toBe('token-broker');
      expect(settings.lambda).toEqual({ runtime: 'nodejs22.x', architecture: 'x86_64', tracing: false });
      expect(settings.web.originAccess).toBe('oai');
    }
    expect(ningxia.identity).toMatchObject({
      issuer: undefined,
      audience: 'tqa-portal',
      provincialIdpTokenUrl: 'https://provincial-idp.example.invalid/oauth2/token',
      tokenTtlSeconds: 1800,
    });
  });

  it('refuses a production synth without the required context and names every missing key', () => {
    // Prepare
    const attempt = (context: Record<string, unknown>) => () => readSettings(node(context));

    // Act / Assess
    expect(attempt({ stage: 'prod' })).toThrow(ContextError);
    expect(attempt({ stage: 'prod' })).toThrow(/-c portalOrigin=/);
    const china = attempt({ stage: 'prod', region: 'cn-northwest-1' });
    expect(china).toThrow(/partition aws-cn/);
    for (const key of [
      'portalDomainName',
      'portalIamCertificateId',
      'apiDomainName',
      'provincialIdpTokenUrl',
      'provincialIdpUserInfoUrl',
      'provincialIdpClientId',
    ]) {
      expect(china).toThrow(new RegExp(`-c ${key}=`));
    }
  });

  it('accepts a complete China production context and derives the origin and issuer from the ICP domains', () => {
    // Prepare / Act
    const settings = readSettings(node(CHINA_PROD));

    // Assess
    expect(settings.portalOrigin).toBe('https://zlj.example.cn');
    expect(settings.apiDomain).toEqual({
      domainName: 'api.zlj.example.cn',
      certificateArn: CHINA_PROD.apiCertificateArn,
    });
    expect(settings.identity).toMatchObject({ kind: 'token-broker', issuer: 'https://api.zlj.example.cn' });
    expect(settings.web).toMatchObject({ domainName: 'zlj.example.cn', iamCertificateId: 'ASCAEXAMPLE' });
  });

  it('rejects values that would weaken or break the deployment', () => {
    // Prepare
    const attempt = (context: Record<string, unknown>) => () => readSettings(node(context));

    // Act / Assess
    expect(attempt({ logRetentionDays: '90' })).toThrow(/Cybersecurity Law Art\. 21/);
    expect(attempt({ portalOrigin: 'http://portal.example.com' })).toThrow(/https URL/);
    expect(attempt({ portalOrigin: 'https://portal.example.com/app' })).toThrow(/no path/);
    expect(attempt({ lambdaArchitecture: 'mips' })).toThrow(/arm64, x86_64/);
    expect(attempt({ tracing: 'yes' })).toThrow(/true or false/);
    expect(attempt({ account: '123' })).toThrow(/12 digits/);
    expect(attempt({ apiDomainName: 'api.example.com' })).toThrow(/apiCertificateArn/);
    expect(attempt({ portalDomainName: 'portal.example.com' })).toThrow(/portalCertificateArn/);
  });

  it('copies backups to the other China region, or another region of the partition, with retention from context', () => {
    // Prepare / Act
    const ningxia = readSettings(node({ region: 'cn-northwest-1' })).backup;
    const beijing = readSettings(node({ region: 'cn-north-1' })).backup;
    const global = readSettings(node({})).backup;
    const oregon = readSettings(node({ region: 'us-west-2' })).backup;
    const custom = readSettings(
      node({
        region: 'ap-east-1',
        backupCopyRegion: 'ap-southeast-1',
        backupRetentionDays: '14',
        backupCopyRetentionDays: '90',
        backupMonthlyRetentionDays: '730',
      }),
    ).backup;

    // Assess
    expect(ningxia).toEqual({
      copyRegion: 'cn-north-1',
      dailyRetentionDays: 35,
      copyRetentionDays: 35,
      monthlyRetentionDays: 365,
    });
    expect(beijing.copyRegion).toBe('cn-northwest-1');
    expect(global.copyRegion).toBe('us-west-2');
    expect(oregon.copyRegion).toBe('us-east-1');
    expect(custom).toEqual({
      copyRegion: 'ap-southeast-1',
      dailyRetentionDays: 14,
      copyRetentionDays: 90,
      monthlyRetentionDays: 730,
    });
  });

  it('refuses a backup copy to the same region, out of the partition, or kept less than a day', () => {
    // Prepare
    const attempt = (context: Record<string, unknown>) => () => readSettings(node(context));

    // Act / Assess
    expect(attempt({ region: 'cn-north-1', backupCopyRegion: 'cn-north-1' })).toThrow(/must differ/);
    expect(attempt({ region: 'cn-northwest-1', backupCopyRegion: 'ap-east-1' })).toThrow(
      /partition of cn-northwest-1/,
    );
    expect(attempt({ backupCopyRegion: 'cn-north-1' })).toThrow(/partition of us-east-1/);
    expect(attempt({ backupRetentionDays: '0' })).toThrow(/backupRetentionDays/);
  });

  it('rounds a retention up to a period CloudWatch Logs accepts, never below 180 days', () => {
    // Act / Assess
    expect(retentionFor(180)).toBe(180);
    expect(retentionFor(200)).toBe(365);
    expect(retentionFor(30)).toBe(180);
    expect(retentionFor(5000)).toBe(3653);
  });
});
