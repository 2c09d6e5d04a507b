/**
 * The China token broker's Lambda (DESIGN.md §6), behind three public routes of the HTTP API:
 *
 *   POST /v1/auth/exchange                 {ticket} (or {code}) → {token, tokenType, expiresIn, expiresAt}
 *   GET  /.well-known/jwks.json            the signing key's public half (JWK set)
 *   GET  /.well-known/openid-configuration the discovery document API Gateway's JWT authorizer reads
 *
 * A composition root: it parses the request, calls the use case and maps errors to problem+json.
 * Its dependencies are built on the first request, from the environment set by the CDK stack.
 */
import { KMSClient } from '@aws-sdk/client-kms';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod';
import { HttpProvincialIdentityPlatform } from '../../adapters/identity/provincial-identity-platform.ts';
import { KmsTokenSigner } from '../../adapters/kms/kms-token-signer.ts';
import { CachedSecret, SecretRoleDirectory } from '../../adapters/secrets/secrets-manager.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Clock } from '../../ports/clock.ts';
import { parseEnv } from '../../shared/env.ts';
import { problem, problemResponse, toProblem } from '../../shared/http-errors.ts';
import { logger } from '../../shared/logger.ts';
import {
  exchangeIdentityTicket,
  openIdConfiguration,
  publishKeySet,
  type TokenBrokerDeps,
} from '../../use-cases/exchange-identity-ticket.ts';

export const EXCHANGE_ROUTE = 'POST /v1/auth/exchange';
export const JWKS_ROUTE = 'GET /.well-known/jwks.json';
export const DISCOVERY_ROUTE = 'GET /.well-known/openid-configuration';
/** The routes this function serves (the CDK API stack attaches exactly these, without authorizer). */
export const TOKEN_BROKER_ROUTES = [EXCHANGE_ROUTE, JWKS_ROUTE, DISCOVERY_ROUTE] as const;

const MAX_BODY_BYTES = 8 * 1024;

/** The variables the CDK stack sets for this function. */
export const tokenBrokerEnvSchema = z.object({
  SIGNING_KEY_ID: z.string().min(1),
  TOKEN_ISSUER: z.url(),
  TOKEN_AUDIENCE: z.string().min(1),
  TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(12 * 60 * 60)
    .default(1800),
  PROVINCIAL_IDP_TOKEN_URL: z.url(),
  PROVINCIAL_IDP_USERINFO_URL: z.url(),
  PROVINCIAL_IDP_CLIENT_ID: z.string().min(1),
  PROVINCIAL_IDP_SECRET_ARN: z.string().min(1),
  ROLE_GRANTS_SECRET_ARN: z.string().min(1),
});

const json = (
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

function ticketOf(event: APIGatewayProxyEventV2): unknown {
  const raw = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw new DomainError('PAYLOAD_TOO_LARGE', '请求内容过大');
  let body: unknown;
  try {
    body = text === '' ? {} : JSON.parse(text);
  } catch {
    throw new DomainError('VALIDATION_FAILED', '请求体不是有效的 JSON', [
      { path: '', code: 'VALIDATION_FAILED', message: '请求体不是有效的 JSON' },
    ]);
  }
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  return record.ticket ?? record.code;
}

/** The handler on `deps` (or a factory of them, called on the first request). */
export function buildHandler(deps: TokenBrokerDeps | (() => TokenBrokerDeps)) {
  let resolved: TokenBrokerDeps | undefined;
  const depsOf = () => {
    resolved ??= typeof deps === 'function' ? deps() : deps;
    return resolved;
  };
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    try {
      switch (event.routeKey) {
        case EXCHANGE_ROUTE:
          return json(200, await exchangeIdentityTicket(depsOf(), { ticket: ticketOf(event) }), {
            'cache-control': 'no-store',
          });
        case JWKS_ROUTE:
          return json(200, await publishKeySet(depsOf().signer), { 'cache-control': 'public, max-age=300' });
        case DISCOVERY_ROUTE:
          return json(200, openIdConfiguration(depsOf().config), { 'cache-control': 'public, max-age=300' });
        default:
          return problemResponse(
            problem({
              status: 404,
              code: 'NOT_FOUND',
              title: '资源不存在',
              detail: `没有 ${event.routeKey} 这个接口`,
            }),
          );
      }
    } catch (error) {
      const { problem: body, expected } = toProblem(error);
      if (!expected) logger.error('token broker failed', { error: error as Error, routeKey: event.routeKey });
      return problemResponse(body);
    }
  };
}

const systemClock: Clock = { now: () => new Date() };

/** Production dependencies from the environment (KMS, Secrets Manager, the provincial platform). */
export function liveTokenBrokerDeps(env: Record<string, string | undefined> = process.env): TokenBrokerDeps {
  const config = parseEnv(tokenBrokerEnvSchema, env);
  const secrets = new SecretsManagerClient({});
  const clientSecret = new CachedSecret(secrets, config.PROVINCIAL_IDP_SECRET_ARN, systemClock);
  return {
    platform: new HttpProvincialIdentityPlatform({
      tokenUrl: config.PROVINCIAL_IDP_TOKEN_URL,
      userInfoUrl: config.PROVINCIAL_IDP_USERINFO_URL,
      clientId: config.PROVINCIAL_IDP_CLIENT_ID,
      clientSecret: () => clientSecret.value(),
    }),
    signer: new KmsTokenSigner(new KMSClient({}), config.SIGNING_KEY_ID),
    roles: new SecretRoleDirectory(new CachedSecret(secrets, config.ROLE_GRANTS_SECRET_ARN, systemClock, 60)),
    clock: systemClock,
    config: {
      issuer: config.TOKEN_ISSUER.replace(/\/+$/, ''),
      audience: config.TOKEN_AUDIENCE,
      ttlSeconds: config.TOKEN_TTL_SECONDS,
    },
  };
}

export const handler = buildHandler(() => liveTokenBrokerDeps());
