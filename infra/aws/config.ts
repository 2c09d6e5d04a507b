/**
 * The deployment settings, read once from CDK context (`-c key=value` or cdk.json) into a typed
 * object. Everything that differs between the global partition and the China regions (`aws-cn`,
 * DESIGN.md §6) is a setting here, with a default per partition, so the constructs never test the
 * region themselves.
 *
 * `stage=dev` (the default) fills every required value with a development default so that
 * `npm run synth` / `npm run synth:cn` work with no arguments; `stage=prod` refuses to synthesize
 * until the values a real deployment needs are given (README "Context").
 */
import type { Node } from 'constructs';

export type Partition = 'aws' | 'aws-cn';
export type Stage = 'dev' | 'prod';
export type LambdaArchitectureName = 'arm64' | 'x86_64';
export type OriginAccess = 'oac' | 'oai';
export type MfaSetting = 'optional' | 'required';

/** Sign-in: Cognito where user pools exist; our token broker (DESIGN.md §6) in China. */
export type IdentitySettings =
  | {
      kind: 'cognito';
      mfa: MfaSetting;
      /** Cognito Plus threat protection ("advanced security") in full-function mode. */
      threatProtection: boolean;
      selfSignUp: boolean;
    }
  | {
      kind: 'token-broker';
      /** `iss` of our tokens; undefined = the API's own default endpoint (dev only). */
      issuer: string | undefined;
      audience: string;
      provincialIdpTokenUrl: string;
      provincialIdpUserInfoUrl: string;
      provincialIdpClientId: string;
      /** Lifetime of the tokens we sign, seconds (session timeout, DESIGN.md §6). */
      tokenTtlSeconds: number;
    };

/** AWS Backup (DESIGN.md §6): what is kept how long, and where the copies go. */
export interface BackupSettings {
  /** The region every recovery point is copied to: the other China region, or another region. */
  copyRegion: string;
  /** Days a daily recovery point is kept in this region. */
  dailyRetentionDays: number;
  /** Days the copy of a daily recovery point is kept in the copy region. */
  copyRetentionDays: number;
  /** Days a monthly recovery point (and its copy) is kept. */
  monthlyRetentionDays: number;
}

export interface PlatformSettings {
  account: string;
  region: string;
  partition: Partition;
  stage: Stage;
  /** Prefix of stack names and physical names (`tqa` → `tqa-data`, `tqa-applications`). */
  prefix: string;
  /** The portal's origin for S3 and API CORS; undefined = the CloudFront URL of the web stack (dev). */
  portalOrigin: string | undefined;
  lambda: {
    /** Runtime name, e.g. `nodejs22.x` (DESIGN.md §4). */
    runtime: string;
    architecture: LambdaArchitectureName;
    /** X-Ray for Lambda and Step Functions; off by default in China where X-Ray is missing. */
    tracing: boolean;
  };
  /** CloudWatch Logs retention, days; at least 180 (Cybersecurity Law Art. 21). */
  logRetentionDays: number;
  /** Days a replaced or deleted evidence version is kept before S3 expires it. */
  evidenceNoncurrentDays: number;
  api: { throttleRate: number; throttleBurst: number };
  identity: IdentitySettings;
  web: {
    originAccess: OriginAccess;
    distDir: string;
    /** The portal's ICP-registered host name (required in China: *.cloudfront.cn may not serve content). */
    domainName: string | undefined;
    /** ACM certificate in us-east-1 for `domainName` (global partition). */
    certificateArn: string | undefined;
    /** IAM server certificate id for `domainName` (China: CloudFront there has no ACM). */
    iamCertificateId: string | undefined;
  };
  /** The API's custom domain and its regional certificate (ACM), both or neither. */
  apiDomain: { domainName: string; certificateArn: string } | undefined;
  /** E-mail address subscribed to the alarm topic (optional). */
  alarmEmail: string | undefined;
  backup: BackupSettings;
  notifications: NotificationSettings;
}

/** The outbox's channels (DESIGN.md §3 "Notifications"): providers chosen by context, credentials in Secrets Manager. */
export interface NotificationSettings {
  /** `aliyun`: Alibaba Cloud SMS (dysmsapi); `none`: SMS deliveries fail as not configured (staff see them). */
  smsProvider: 'aliyun' | 'none';
  /** `smtp`: the office's mail server over SMTP (nodemailer); `none`: no email. */
  email: 'smtp' | 'none';
  smsSignName: string;
  /** JSON map of notification kind → approved template code. */
  smsTemplates: string;
  /** The office mailbox staff-addressed notices are also emailed to. */
  staffEmail: string | undefined;
}

/** Every context key this app reads, with what it means (README "Context" is generated from the same words). */
export const CONTEXT_KEYS = {
  region: 'AWS region; `cn-north-1` / `cn-northwest-1` select the `aws-cn` partition (default us-east-1)',
  account: 'AWS account id (default 000000000000: synth needs no credentials)',
  stage: '`dev` (defaults for everything) or `prod` (required values must be given)',
  prefix: 'prefix of stack and resource names (default tqa)',
  portalOrigin:
    "the portal's origin for S3 and API CORS (default https://portalDomainName); required in prod without portalDomainName",
  lambdaRuntime: 'Lambda runtime name (default nodejs22.x)',
  lambdaArchitecture: '`arm64` (default, global) or `x86_64` (default, China)',
  tracing: 'X-Ray tracing for Lambda and Step Functions (default true global, false China)',
  logRetentionDays: 'CloudWatch Logs retention in days, at least 180 (default 180)',
  evidenceNoncurrentDays: 'days a noncurrent evidence object version is kept (default 180)',
  apiThrottleRate: 'HTTP API steady-state requests per second (default 50)',
  apiThrottleBurst: 'HTTP API burst (default 100)',
  mfa: 'Cognito MFA: `optional` (default) or `required` (global partition)',
  cognitoThreatProtection: 'Cognito Plus threat protection, full function (default true; global)',
  selfSignUp: 'applicants register themselves in Cognito (default true; global)',
  identityIssuer:
    "`iss` of the token broker's tokens, e.g. https://api.zlj.taiyuan.gov.cn (China; default https://apiDomainName)",
  identityAudience: "`aud` of the token broker's tokens (China; default tqa-portal)",
  provincialIdpTokenUrl: "the provincial identity platform's token endpoint (China; required in prod)",
  provincialIdpUserInfoUrl: "the provincial identity platform's user-info endpoint (China; required in prod)",
  provincialIdpClientId: 'our client id at the provincial identity platform (China; required in prod)',
  tokenTtlSeconds: "lifetime of the broker's tokens in seconds (China; default 1800)",
  portalOriginAccess: 'CloudFront → S3 access: `oac` (default global) or `oai` (default China)',
  portalDistDir: "the portal's built files (default web/dist; skipped when absent)",
  portalDomainName: "the portal's ICP-registered host name, e.g. zlj.taiyuan.gov.cn (required in China prod)",
  portalCertificateArn: 'ACM certificate (us-east-1) for portalDomainName (global partition)',
  portalIamCertificateId: 'IAM server certificate id for portalDomainName (China; required in prod)',
  apiDomainName: "the API's ICP-registered host name, e.g. api.zlj.taiyuan.gov.cn (required in China prod)",
  apiCertificateArn: 'regional ACM certificate for apiDomainName (required with it)',
  alarmEmail: 'e-mail address subscribed to the alarm topic (optional)',
  smsProvider:
    'SMS provider of the notifications: `aliyun` (default) or `none`; credentials in the dispatcher secret',
  notificationEmail:
    'email of the notifications: `smtp` (default; the office mail server, credentials in a secret) or `none`',
  smsSignName: 'Alibaba Cloud SMS sign name (default 太原市质量奖办公室)',
  smsTemplates: 'JSON map of notification kind → approved Alibaba Cloud SMS template code (default {})',
  staffNotifyEmail: 'office mailbox that staff-addressed notifications are also emailed to (optional)',
  backupCopyRegion:
    'region AWS Backup copies every recovery point to, same partition (default: the other China region; us-west-2, or us-east-1 from us-west-2)',
  backupRetentionDays: 'days a daily backup is kept in the region (default 35)',
  backupCopyRetentionDays: 'days the copy of a daily backup is kept in the copy region (default 35)',
  backupMonthlyRetentionDays: 'days a monthly backup and its copy are kept (default 365)',
} as const;

export type ContextKey = keyof typeof CONTEXT_KEYS;

/** Thrown for a missing or invalid context value; the message names the key and how to set it. */
export class ContextError extends Error {
  override readonly name = 'ContextError';
}

const CHINA_REGIONS = new Set(['cn-north-1', 'cn-northwest-1']);

/** The partition of a region name: `aws-cn` for Beijing and Ningxia, else `aws`. */
export const partitionOf = (region: string): Partition => (CHINA_REGIONS.has(region) ? 'aws-cn' : 'aws');

/** Development placeholders: `.invalid` (RFC 2606) can never resolve, so nothing real is ever called. */
export const DEV_PROVINCIAL_IDP = {
  tokenUrl: 'https://provincial-idp.example.invalid/oauth2/token',
  userInfoUrl: 'https://provincial-idp.example.invalid/oauth2/userinfo',
  clientId: 'tqa-dev',
} as const;

type Reader = (key: ContextKey) => unknown;

function text(read: Reader, key: ContextKey): string | undefined {
  const value = read(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
    throw new ContextError(`Context "${key}" must be a string, got ${JSON.stringify(value)}`);
  }
  return String(value).trim();
}

function oneOf<T extends string>(read: Reader, key: ContextKey, allowed: readonly T[], fallback: T): T {
  const value = text(read, key) ?? fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ContextError(`Context "${key}" must be one of ${allowed.join(', ')}; got "${value}"`);
  }
  return value as T;
}

function flag(read: Reader, key: ContextKey, fallback: boolean): boolean {
  const value = text(read, key);
  if (value === undefined) return fallback;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new ContextError(`Context "${key}" must be true or false; got "${value}"`);
}

function integer(read: Reader, key: ContextKey, fallback: number, min: number, why = ''): number {
  const value = text(read, key);
  const parsed = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(parsed) || parsed < min) {
    throw new ContextError(`Context "${key}" must be an integer ≥ ${min}${why}; got "${value}"`);
  }
  return parsed;
}

function httpsUrl(key: ContextKey, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ContextError(`Context "${key}" must be an absolute URL; got "${value}"`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && url.hostname === 'localhost')) {
    throw new ContextError(`Context "${key}" must be an https URL; got "${value}"`);
  }
  return value.replace(/\/+$/, '');
}

/**
 * Reads the settings from a construct node's context (pass `app.node`). Throws ContextError with
 * every missing required key when `stage=prod`.
 */
export function readSettings(node: Pick<Node, 'tryGetContext'>): PlatformSettings {
  const read: Reader = (key) => node.tryGetContext(key);
  const region = text(read, 'region') ?? 'us-east-1';
  const partition = partitionOf(region);
  const china = partition === 'aws-cn';
  const stage = oneOf(read, 'stage', ['dev', 'prod'] as const, 'dev');
  const account = text(read, 'account') ?? '000000000000';
  if (!/^\d{12}$/.test(account))
    throw new ContextError(`Context "account" must be 12 digits; got "${account}"`);

  // In prod every value below must be given: collect all the missing ones into one message.
  const missing: ContextKey[] = [];
  const required = (key: ContextKey, devDefault: string | undefined): string | undefined => {
    const value = text(read, key);
    if (value !== undefined) return value;
    if (stage === 'prod') missing.push(key);
    return devDefault;
  };

  // China: CloudFront's default domain may not serve content, and every host needs an ICP filing.
  const portalDomainName = china ? required('portalDomainName', undefined) : text(read, 'portalDomainName');
  const portalIamCertificateId = china ? required('portalIamCertificateId', undefined) : undefined;
  const portalCertificateArn = china ? undefined : text(read, 'portalCertificateArn');
  if (!china && portalDomainName && !portalCertificateArn) {
    throw new ContextError(
      'Context "portalDomainName" needs "portalCertificateArn" (an ACM certificate in us-east-1)',
    );
  }
  // The portal's origin follows from its domain when there is one.
  const portalOrigin =
    text(read, 'portalOrigin') ??
    (portalDomainName ? `https://${portalDomainName}` : required('portalOrigin', undefined));
  const apiDomainName = china ? required('apiDomainName', undefined) : text(read, 'apiDomainName');
  const apiCertificateArn = text(read, 'apiCertificateArn');
  if (apiDomainName && !apiCertificateArn) {
    throw new ContextError('Context "apiDomainName" needs "apiCertificateArn" (a regional ACM certificate)');
  }

  let identity: IdentitySettings;
  if (china) {
    const issuer = text(read, 'identityIssuer') ?? (apiDomainName ? `https://${apiDomainName}` : undefined);
    identity = {
      kind: 'token-broker',
      issuer: issuer === undefined ? undefined : httpsUrl('identityIssuer', issuer),
      audience: text(read, 'identityAudience') ?? 'tqa-portal',
      provincialIdpTokenUrl: httpsUrl(
        'provincialIdpTokenUrl',
        required('provincialIdpTokenUrl', DEV_PROVINCIAL_IDP.tokenUrl) ?? '',
      ),
      provincialIdpUserInfoUrl: httpsUrl(
        'provincialIdpUserInfoUrl',
        required('provincialIdpUserInfoUrl', DEV_PROVINCIAL_IDP.userInfoUrl) ?? '',
      ),
      provincialIdpClientId: required('provincialIdpClientId', DEV_PROVINCIAL_IDP.clientId) ?? '',
      tokenTtlSeconds: integer(read, 'tokenTtlSeconds', 1800, 60),
    };
  } else {
    identity = {
      kind: 'cognito',
      mfa: oneOf(read, 'mfa', ['optional', 'required'] as const, 'optional'),
      threatProtection: flag(read, 'cognitoThreatProtection', true),
      selfSignUp: flag(read, 'selfSignUp', true),
    };
  }

  if (missing.length > 0) {
    const hints = missing.map((key) => `  -c ${key}=…   (${CONTEXT_KEYS[key]})`).join('\n');
    throw new ContextError(
      `Missing required context for stage=prod in partition ${partition} (region ${region}):\n${hints}\n` +
        'Pass them with -c key=value or set them in cdk.json; see infra/aws/README.md "Context".',
    );
  }

  return {
    account,
    region,
    partition,
    stage,
    prefix: oneOfPattern(text(read, 'prefix') ?? 'tqa'),
    portalOrigin: portalOrigin === undefined ? undefined : origin(portalOrigin),
    lambda: {
      runtime: text(read, 'lambdaRuntime') ?? 'nodejs22.x',
      // Graviton is the cheaper default where we know it exists; China defaults to x86_64.
      architecture: oneOf(
        read,
        'lambdaArchitecture',
        ['arm64', 'x86_64'] as const,
        china ? 'x86_64' : 'arm64',
      ),
      tracing: flag(read, 'tracing', !china),
    },
    logRetentionDays: integer(
      read,
      'logRetentionDays',
      180,
      180,
      ' (Cybersecurity Law Art. 21: logs kept ≥ 6 months)',
    ),
    evidenceNoncurrentDays: integer(read, 'evidenceNoncurrentDays', 180, 1),
    api: {
      throttleRate: integer(read, 'apiThrottleRate', 50, 1),
      throttleBurst: integer(read, 'apiThrottleBurst', 100, 1),
    },
    identity,
    web: {
      originAccess: oneOf(read, 'portalOriginAccess', ['oac', 'oai'] as const, china ? 'oai' : 'oac'),
      distDir: text(read, 'portalDistDir') ?? 'web/dist',
      domainName: portalDomainName,
      certificateArn: portalCertificateArn,
      iamCertificateId: portalIamCertificateId,
    },
    apiDomain:
      apiDomainName && apiCertificateArn
        ? { domainName: apiDomainName, certificateArn: apiCertificateArn }
        : undefined,
    alarmEmail: text(read, 'alarmEmail'),
    backup: backupSettings(read, region),
    notifications: {
      smsProvider: oneOf(read, 'smsProvider', ['aliyun', 'none'] as const, 'aliyun'),
      email: oneOf(read, 'notificationEmail', ['smtp', 'none'] as const, 'smtp'),
      smsSignName: text(read, 'smsSignName') ?? '太原市质量奖办公室',
      smsTemplates: text(read, 'smsTemplates') ?? '{}',
      staffEmail: text(read, 'staffNotifyEmail'),
    },
  };
}

/** China: the other China region (DESIGN.md §6). Elsewhere: any other region of the partition. */
const defaultCopyRegion = (region: string): string => {
  if (region === 'cn-north-1') return 'cn-northwest-1';
  if (region === 'cn-northwest-1') return 'cn-north-1';
  return region === 'us-west-2' ? 'us-east-1' : 'us-west-2';
};

function backupSettings(read: Reader, region: string): BackupSettings {
  const copyRegion = text(read, 'backupCopyRegion') ?? defaultCopyRegion(region);
  if (copyRegion === region) {
    throw new ContextError(
      `Context "backupCopyRegion" must differ from the region (${region}); got "${copyRegion}"`,
    );
  }
  if (partitionOf(copyRegion) !== partitionOf(region)) {
    throw new ContextError(
      `Context "backupCopyRegion" must be in the partition of ${region} (${partitionOf(region)}); got "${copyRegion}"`,
    );
  }
  // AWS Backup: a recovery point is kept at least one day.
  return {
    copyRegion,
    dailyRetentionDays: integer(read, 'backupRetentionDays', 35, 1),
    copyRetentionDays: integer(read, 'backupCopyRetentionDays', 35, 1),
    monthlyRetentionDays: integer(read, 'backupMonthlyRetentionDays', 365, 1),
  };
}

function oneOfPattern(prefix: string): string {
  if (!/^[a-z][a-z0-9-]{1,19}$/.test(prefix)) {
    throw new ContextError(
      `Context "prefix" must be 2–20 lower-case letters, digits or dashes; got "${prefix}"`,
    );
  }
  return prefix;
}

/** An origin is scheme://host[:port] with nothing after it (what browsers send in `Origin`). */
function origin(value: string): string {
  const url = httpsUrl('portalOrigin', value);
  const parsed = new URL(url);
  if (parsed.origin !== url) {
    throw new ContextError(
      `Context "portalOrigin" must be an origin such as https://example.cn (no path); got "${value}"`,
    );
  }
  return url;
}
