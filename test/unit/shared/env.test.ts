import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  loadHttpEnv,
  loadPlatformEnv,
  parseEnv,
  platformEnvShape,
  requireAuthOutsideLocalMode,
} from '../../../functions/shared/env.ts';

const awsEnv = {
  APPLICATIONS_TABLE: 'tqa-applications',
  SANCTIONS_TABLE: 'tqa-sanctions',
  AUDIT_TABLE: 'tqa-audit',
  IDEMPOTENCY_TABLE: 'tqa-idempotency',
  EVIDENCE_BUCKET: 'tqa-evidence',
  AUTH_ISSUER: 'https://id.taiyuan.example',
  AUTH_AUDIENCE: 'taiyuan-quality-award',
  AUTH_JWKS_URL: 'https://id.taiyuan.example/.well-known/jwks.json',
};

describe('environment parsing', () => {
  it('parses the platform variables with defaults for the limits', () => {
    // Act
    const env = loadPlatformEnv(awsEnv);

    // Assess
    expect(env).toEqual({
      ...awsEnv,
      LOCAL_MODE: false,
      MAX_JSON_BODY_BYTES: 1024 * 1024,
      IDEMPOTENCY_TTL_SECONDS: 86_400,
      CORS_ALLOWED_ORIGINS: [],
    });
  });

  it('reads flags, numbers and lists from strings', () => {
    // Act
    const env = loadHttpEnv({
      LOCAL_MODE: 'true',
      MAX_JSON_BODY_BYTES: '2048',
      CORS_ALLOWED_ORIGINS: 'https://a.example, https://b.example',
    });

    // Assess
    expect(env).toMatchObject({
      LOCAL_MODE: true,
      MAX_JSON_BODY_BYTES: 2048,
      CORS_ALLOWED_ORIGINS: ['https://a.example', 'https://b.example'],
    });
  });

  it('fails with one message naming every bad variable', () => {
    // Prepare
    const env = {
      ...awsEnv,
      AUDIT_TABLE: 'a',
      AUTH_ISSUER: '',
      AUTH_JWKS_URL: 'not a url',
      MAX_JSON_BODY_BYTES: '-1',
    };
    delete (env as Partial<typeof env>).EVIDENCE_BUCKET;

    // Act / Assess
    expect(() => loadPlatformEnv(env)).toThrow(
      '环境变量配置无效：AUTH_JWKS_URL：网址格式不正确；MAX_JSON_BODY_BYTES：必须大于 0；AUDIT_TABLE：至少 3 个字符；EVIDENCE_BUCKET：此项为必填项',
    );
  });

  it('requires the issuer configuration outside local mode only', () => {
    // Act / Assess
    expect(() => loadHttpEnv({})).toThrow(
      '环境变量配置无效：AUTH_ISSUER：非本地模式下必须设置；AUTH_AUDIENCE：非本地模式下必须设置；AUTH_JWKS_URL：非本地模式下必须设置',
    );
    expect(loadHttpEnv({ LOCAL_MODE: '1' }).AUTH_ISSUER).toBeUndefined();
  });

  it('lets a handler add variables of its own', () => {
    // Prepare
    const schema = z
      .object({ ...platformEnvShape, STATE_MACHINE_ARN: z.string().min(1) })
      .superRefine(requireAuthOutsideLocalMode);

    // Act
    const env = parseEnv(schema, { ...awsEnv, STATE_MACHINE_ARN: 'arn:aws-cn:states:…' });

    // Assess
    expect(env.STATE_MACHINE_ARN).toBe('arn:aws-cn:states:…');
  });
});
