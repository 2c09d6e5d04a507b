/**
 * Typed environment. Each composition root parses what it needs once, at cold start, and fails
 * with one message naming every bad variable. `parseEnv` works with any zod schema; a handler
 * with variables of its own writes
 * `z.object({ ...platformEnvShape, MY_VAR: z.string() }).superRefine(requireAuthOutsideLocalMode)`.
 */
import * as z from 'zod';
import { formatPath, zhErrorMap } from './validation.ts';

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .default('false')
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const tableName = z.string().min(3);
const optionalText = z.preprocess((value) => (value === '' ? undefined : value), z.string().optional());

/** A comma-separated list: `a, b` → ['a', 'b']. */
const csv = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== ''),
  );

/** What the HTTP stack reads (functions/shared/http.ts). */
export const httpEnvShape = {
  LOCAL_MODE: flag,
  AUTH_ISSUER: optionalText,
  AUTH_AUDIENCE: optionalText,
  AUTH_JWKS_URL: z.preprocess((value) => (value === '' ? undefined : value), z.url().optional()),
  IDEMPOTENCY_TABLE: z.preprocess((value) => (value === '' ? undefined : value), tableName.optional()),
  MAX_JSON_BODY_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(1024 * 1024),
  IDEMPOTENCY_TTL_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(24 * 60 * 60),
  CORS_ALLOWED_ORIGINS: csv,
};

/** Outside local mode every request must be verifiable: issuer, audience and key set together. */
export function requireAuthOutsideLocalMode(
  env: { LOCAL_MODE: boolean; AUTH_ISSUER?: string; AUTH_AUDIENCE?: string; AUTH_JWKS_URL?: string },
  ctx: z.RefinementCtx,
): void {
  if (env.LOCAL_MODE) return;
  for (const name of ['AUTH_ISSUER', 'AUTH_AUDIENCE', 'AUTH_JWKS_URL'] as const) {
    if (env[name] === undefined)
      ctx.addIssue({ code: 'custom', path: [name], message: '非本地模式下必须设置' });
  }
}

/**
 * The HTTP stack's variables:
 * - LOCAL_MODE: `true` on the embedded platform (enables the dev issuer and /v1/dev routes).
 * - AUTH_ISSUER, AUTH_AUDIENCE, AUTH_JWKS_URL: how bearer tokens are verified (all three, or none
 *   in local mode where the gateway hands the dev issuer's key set over directly).
 * - IDEMPOTENCY_TABLE: the Powertools idempotency table (needed by idempotent routes).
 * - MAX_JSON_BODY_BYTES (default 1 MiB), IDEMPOTENCY_TTL_SECONDS (default 24 h).
 * - CORS_ALLOWED_ORIGINS: comma-separated origins allowed to call the API from a browser; `*` for any.
 */
export const httpEnvSchema = z.object(httpEnvShape).superRefine(requireAuthOutsideLocalMode);
export type HttpEnv = z.output<typeof httpEnvSchema>;

/**
 * The platform's variables (set by the CDK stacks; by infra/local on the local platform): the
 * HTTP ones above, plus APPLICATIONS_TABLE, SANCTIONS_TABLE, AUDIT_TABLE, IDEMPOTENCY_TABLE
 * (DynamoDB table names) and EVIDENCE_BUCKET (S3), all required.
 */
export const platformEnvShape = {
  ...httpEnvShape,
  APPLICATIONS_TABLE: tableName,
  SANCTIONS_TABLE: tableName,
  AUDIT_TABLE: tableName,
  IDEMPOTENCY_TABLE: tableName,
  EVIDENCE_BUCKET: z.string().min(3),
};
export const platformEnvSchema = z.object(platformEnvShape).superRefine(requireAuthOutsideLocalMode);

export type PlatformEnv = z.output<typeof platformEnvSchema>;

/**
 * Parses `env` (default `process.env`) with `schema`; throws one Error listing every bad
 * variable, e.g. `环境变量配置无效：AUTH_ISSUER：非本地模式下必须设置`.
 */
export function parseEnv<T extends z.ZodType>(
  schema: T,
  env: Record<string, string | undefined> = process.env,
): z.output<T> {
  const result = schema.safeParse(env, { error: zhErrorMap });
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${formatPath(issue.path)}：${issue.message}`);
  throw new Error(`环境变量配置无效：${problems.join('；')}`);
}

/** The HTTP stack's variables, parsed (throws if they are invalid). */
export const loadHttpEnv = (env: Record<string, string | undefined> = process.env): HttpEnv =>
  parseEnv(httpEnvSchema, env);

/** The platform variables, parsed (throws if they are invalid). */
export const loadPlatformEnv = (env: Record<string, string | undefined> = process.env): PlatformEnv =>
  parseEnv(platformEnvSchema, env);
