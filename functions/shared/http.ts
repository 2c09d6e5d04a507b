/**
 * The one middy stack (STYLE.md principle 2). `buildHandler(route, deps)` turns a route definition
 * (route.ts) into an API Gateway v2 (HTTP API, payload 2.0) Lambda handler:
 *
 *   Powertools Logger (Lambda context, PII masked) → problem+json on any error →
 *   bearer auth + role check (public routes skip) → body size limit, JSON parsing, zod validation of
 *   params/query/body (all fields at once) → Idempotency-Key (replay / conflict) → the handler →
 *   JSON response → CORS headers.
 *
 * Anything the caller does not pass in `options` comes from the environment (env.ts) on the first
 * request: the JWT issuer/audience/JWKS URL, the idempotency table, the limits and CORS origins.
 */

import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import * as z from 'zod';
import { DynamoDbIdempotencyStore } from '../adapters/dynamodb/idempotency-store.ts';
import { DomainError, type Finding } from '../domain/errors.ts';
import type { Clock } from '../ports/clock.ts';
import type { Actor } from '../ports/records.ts';
import { type AuthConfig, requireRole, verifyBearer } from './auth.ts';
import { httpEnvShape, parseEnv } from './env.ts';
import { INTERNAL_PROBLEM, problemResponse, toProblem } from './http-errors.ts';
import {
  type IdempotencyRecord,
  type IdempotencyStore,
  idempotencyRecordKey,
  requestFingerprint,
} from './idempotency.ts';
import { logger as defaultLogger } from './logger.ts';
import { isHttpResult, type RouteDefinition } from './route.ts';
import { formatPath, parseWithFindings, validationError } from './validation.ts';

export const JSON_CONTENT_TYPE = 'application/json';
/** An in-progress claim outlives any request (API Gateway stops waiting after 30 s). */
const IN_PROGRESS_TTL_SECONDS = 60;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
export const REPLAYED_HEADER = 'idempotency-replayed';

export interface CorsOptions {
  /** Origins allowed to read responses from a browser; `['*']` for any. */
  allowedOrigins: readonly string[];
}

export interface HttpStackOptions {
  /** How bearer tokens are verified; default AUTH_ISSUER / AUTH_AUDIENCE / AUTH_JWKS_URL. */
  auth?: AuthConfig;
  /** Where Idempotency-Key records live; default the DynamoDB table IDEMPOTENCY_TABLE. */
  idempotencyStore?: IdempotencyStore;
  /** How long a completed response is replayed; default IDEMPOTENCY_TTL_SECONDS or 24 h. */
  idempotencyTtlSeconds?: number;
  /** JSON body limit in bytes; default MAX_JSON_BODY_BYTES or 1 MiB (a route's `maxBodyBytes` wins). */
  maxBodyBytes?: number;
  /** Default CORS_ALLOWED_ORIGINS (none: the portal is served from the same origin). */
  cors?: CorsOptions;
  logger?: Logger;
  /**
   * Clock of the idempotency records' expiry; default the system clock. Keep the wall clock with
   * DynamoDB: its TTL deletes items by real time, so a platform clock set in the past loses records.
   */
  clock?: Clock;
}

/** A built handler: API Gateway v2 event in, structured result out (never throws). */
export type HttpHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

interface ResolvedStack {
  auth: AuthConfig | undefined;
  idempotencyStore: IdempotencyStore | undefined;
  idempotencyTtlSeconds: number;
  maxBodyBytes: number;
  cors: CorsOptions;
}

/** What the middlewares learn about one request, handed to the handler. */
interface RequestState {
  headers: Record<string, string>;
  actor?: Actor;
  rawBody?: unknown;
  body?: unknown;
  query?: unknown;
  params?: unknown;
  idempotencyKey?: string;
}

// The system clock: the only wall-clock read of the HTTP layer (STYLE.md 8), used when none is given.
const systemClock: Clock = { now: () => new Date() };

let sharedDocumentClient: DynamoDBDocumentClient | undefined;

/** Fills what `options` leave out from the environment; only what this route needs is required. */
function resolveStack(route: RouteDefinition<never>, options: HttpStackOptions): ResolvedStack {
  const env = parseEnv(z.object(httpEnvShape));
  let auth = options.auth;
  if (!auth && env.AUTH_ISSUER && env.AUTH_AUDIENCE && env.AUTH_JWKS_URL) {
    auth = { issuer: env.AUTH_ISSUER, audience: env.AUTH_AUDIENCE, jwks: env.AUTH_JWKS_URL };
  }
  if (!auth && route.roles !== 'public') {
    throw new Error('Authentication is not configured: set AUTH_ISSUER, AUTH_AUDIENCE and AUTH_JWKS_URL');
  }
  let idempotencyStore = options.idempotencyStore;
  if (!idempotencyStore && route.idempotent && env.IDEMPOTENCY_TABLE) {
    sharedDocumentClient ??= DynamoDBDocumentClient.from(new DynamoDBClient({}));
    idempotencyStore = new DynamoDbIdempotencyStore({
      client: sharedDocumentClient,
      tableName: env.IDEMPOTENCY_TABLE,
      clock: options.clock ?? systemClock,
    });
  }
  if (!idempotencyStore && route.idempotent) {
    throw new Error(`Idempotent route ${route.routeKey} needs an idempotency store: set IDEMPOTENCY_TABLE`);
  }
  return {
    auth,
    idempotencyStore,
    idempotencyTtlSeconds: options.idempotencyTtlSeconds ?? env.IDEMPOTENCY_TTL_SECONDS,
    maxBodyBytes: route.maxBodyBytes ?? options.maxBodyBytes ?? env.MAX_JSON_BODY_BYTES,
    cors: options.cors ?? { allowedOrigins: env.CORS_ALLOWED_ORIGINS },
  };
}

const lowerCaseHeaders = (headers: APIGatewayProxyEventV2['headers'] | undefined): Record<string, string> =>
  Object.fromEntries(
    Object.entries(headers ?? {})
      .filter((entry): entry is [string, string] => entry[1] !== undefined)
      .map(([name, value]) => [name.toLowerCase(), value]),
  );

const formatBytes = (bytes: number): string =>
  bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0
    ? `${bytes / (1024 * 1024)} MiB`
    : bytes >= 1024 && bytes % 1024 === 0
      ? `${bytes / 1024} KiB`
      : `${bytes} 字节`;

/** Deepest nesting of arrays and objects a request body may have; no contract body comes near it. */
export const MAX_JSON_DEPTH = 64;

/** The deepest nesting of arrays and objects in a JSON text (brackets inside strings do not count). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      // A backslash escapes the next character; an unescaped quote ends the string.
      if (c === 0x5c) i += 1;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x5d || c === 0x7d) depth -= 1;
  }
  return deepest;
}

/**
 * The raw body as JSON: 413 above the limit, 400 when it is not JSON or nests deeper than
 * MAX_JSON_DEPTH (later steps — the Idempotency-Key fingerprint, log masking — walk the body
 * recursively, and bad input must never end in a 5xx), `undefined` when empty.
 */
function parseJsonBody(event: APIGatewayProxyEventV2, maxBodyBytes: number): unknown {
  if (event.body === undefined || event.body === null || event.body === '') return undefined;
  const bytes = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  if (bytes.byteLength > maxBodyBytes) {
    throw new DomainError('PAYLOAD_TOO_LARGE', `请求体超过 ${formatBytes(maxBodyBytes)} 的上限`);
  }
  const text = bytes.toString('utf8');
  if (text.trim() === '') return undefined;
  if (jsonDepth(text) > MAX_JSON_DEPTH) {
    throw new DomainError('VALIDATION_FAILED', `请求体的嵌套层级超过 ${MAX_JSON_DEPTH} 层`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new DomainError('VALIDATION_FAILED', '请求体不是有效的 JSON');
  }
  const tiny = tinyNumbers(body);
  if (tiny.length > 0) throw validationError(tiny);
  return body;
}

/** DynamoDB stores no non-zero number closer to 0 than 1E-130: such values are refused at the edge. */
const MIN_NUMBER_MAGNITUDE = 1e-130;

/** Every number in `value` too close to zero to be stored (walked after the depth check above). */
function tinyNumbers(value: unknown, path: PropertyKey[] = [], found: Finding[] = []): Finding[] {
  if (typeof value === 'number') {
    if (value !== 0 && Math.abs(value) < MIN_NUMBER_MAGNITUDE) {
      found.push({ path: formatPath(path), code: 'VALIDATION_FAILED', message: '数值过小，无法保存' });
    }
  } else if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) tinyNumbers(item, [...path, index], found);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) tinyNumbers(item, [...path, key], found);
  }
  return found;
}

/** Bearer auth and the role check; public routes skip both. */
const authenticate = (
  route: RouteDefinition<never>,
  stack: () => ResolvedStack,
  states: WeakMap<object, RequestState>,
  logger: Logger,
): MiddlewareObj<APIGatewayProxyEventV2> => ({
  name: 'authenticate',
  before: async ({ event }) => {
    const state = states.get(event) as RequestState;
    if (route.roles === 'public') return;
    const actor = await verifyBearer(state.headers.authorization, stack().auth as AuthConfig);
    if (route.roles !== 'signed-in') requireRole(actor, route.roles);
    state.actor = actor;
    logger.appendKeys({ actor: actor.sub });
  },
});

/** Size limit, JSON parsing and zod validation of params, query and body: one 400 listing every field. */
const parseRequest = (
  route: RouteDefinition<never>,
  stack: () => ResolvedStack,
  states: WeakMap<object, RequestState>,
): MiddlewareObj<APIGatewayProxyEventV2> => ({
  name: 'parse-request',
  before: async ({ event }) => {
    const state = states.get(event) as RequestState;
    const rawBody = route.body ? parseJsonBody(event, stack().maxBodyBytes) : undefined;
    const findings: Finding[] = [];
    const parts = [
      ['params', route.params, event.pathParameters ?? {}, 'params'],
      ['query', route.query, event.queryStringParameters ?? {}, 'query'],
      ['body', route.body, rawBody, ''],
    ] as const;
    for (const [name, schema, input, prefix] of parts) {
      if (!schema) {
        state[name] = name === 'body' ? undefined : input;
        continue;
      }
      const result = await parseWithFindings(schema, input, prefix);
      if (result.ok) state[name] = result.value;
      else if (name === 'body' && input === undefined)
        findings.push({ path: '', code: 'VALIDATION_FAILED', message: '请求体不能为空' });
      else findings.push(...result.findings);
    }
    if (findings.length > 0) throw validationError(findings);
    state.rawBody = rawBody;
  },
});

/**
 * Idempotency-Key: keyed by caller + route + key; the fingerprint covers path parameters, query
 * and body. Completed → the stored response again; another request → 422; still running → 409.
 * A failed request releases its claim so that the client can retry with the same key.
 */
const idempotency = (
  route: RouteDefinition<never>,
  stack: () => ResolvedStack,
  states: WeakMap<object, RequestState>,
  logger: Logger,
): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> => {
  const judge = (record: IdempotencyRecord, fingerprint: string): APIGatewayProxyStructuredResultV2 => {
    if (record.bodyHash !== fingerprint) {
      throw new DomainError(
        'IDEMPOTENCY_CONFLICT',
        '该 Idempotency-Key 已用于另一个请求，请为新请求使用新的键',
      );
    }
    if (record.status === 'completed' && record.response) {
      return { ...record.response, headers: { ...record.response.headers, [REPLAYED_HEADER]: 'true' } };
    }
    throw new DomainError('VERSION_CONFLICT', '使用同一 Idempotency-Key 的请求正在处理中，请稍后重试');
  };
  return {
    name: 'idempotency',
    before: async ({ event }) => {
      const state = states.get(event) as RequestState;
      const clientKey = state.headers['idempotency-key'];
      if (!route.idempotent || clientKey === undefined) return;
      if (!IDEMPOTENCY_KEY.test(clientKey)) {
        throw validationError([
          {
            path: 'headers.idempotency-key',
            code: 'VALIDATION_FAILED',
            message: '应为 1 到 255 个可见 ASCII 字符',
          },
        ]);
      }
      const store = stack().idempotencyStore as IdempotencyStore;
      const key = idempotencyRecordKey(state.actor?.sub ?? 'public', route.routeKey, clientKey);
      const fingerprint = requestFingerprint({
        params: event.pathParameters ?? {},
        query: event.queryStringParameters ?? {},
        body: state.rawBody ?? null,
      });
      const existing = await store.get(key);
      if (existing) return judge(existing, fingerprint);
      if (!(await store.putInProgress(key, fingerprint, IN_PROGRESS_TTL_SECONDS))) {
        const winner = await store.get(key);
        if (winner) return judge(winner, fingerprint);
        throw new DomainError('VERSION_CONFLICT', '使用同一 Idempotency-Key 的请求正在处理中，请稍后重试');
      }
      state.idempotencyKey = key;
    },
    after: async (request) => {
      const state = states.get(request.event) as RequestState;
      if (state.idempotencyKey === undefined || !request.response) return;
      const { idempotencyStore, idempotencyTtlSeconds } = stack();
      try {
        await (idempotencyStore as IdempotencyStore).complete(
          state.idempotencyKey,
          request.response,
          idempotencyTtlSeconds,
        );
      } catch (error) {
        // The write itself succeeded: answer it, and let a retry find no record rather than fail now.
        logger.error('Could not store the idempotent response', { error });
      }
    },
    onError: async (request) => {
      const state = states.get(request.event) as RequestState;
      if (state.idempotencyKey === undefined) return;
      const { idempotencyStore } = stack();
      try {
        await (idempotencyStore as IdempotencyStore).release(state.idempotencyKey);
      } catch (error) {
        logger.error('Could not release the idempotency claim', { error });
      }
    },
  };
};

/** Any error → problem+json; unexpected ones are logged in full and answered with a generic 500. */
const problemDetails = (logger: Logger): MiddlewareObj<APIGatewayProxyEventV2> => ({
  name: 'problem-details',
  onError: async (request) => {
    const { problem, expected } = toProblem(request.error);
    if (expected) logger.info('Request refused', { code: problem.code, status: problem.status });
    else logger.error('Unhandled error', { error: request.error });
    request.response = problemResponse(problem);
  },
});

/** The handler's return value as a JSON response. */
function toResponse(result: unknown, successStatus: number | undefined): APIGatewayProxyStructuredResultV2 {
  if (isHttpResult(result)) {
    return {
      statusCode: result.status,
      headers: {
        ...(result.body === undefined ? {} : { 'content-type': JSON_CONTENT_TYPE }),
        ...result.headers,
      },
      ...(result.body === undefined ? {} : { body: JSON.stringify(result.body) }),
    };
  }
  if (result === undefined) return { statusCode: successStatus ?? 204, headers: {} };
  return {
    statusCode: successStatus ?? 200,
    headers: { 'content-type': JSON_CONTENT_TYPE },
    body: JSON.stringify(result),
  };
}

/** CORS headers for an allowed `Origin` (API Gateway may also handle CORS itself; then leave this empty). */
function withCors(
  response: APIGatewayProxyStructuredResultV2,
  origin: string | undefined,
  cors: CorsOptions,
): APIGatewayProxyStructuredResultV2 {
  if (origin === undefined || cors.allowedOrigins.length === 0) return response;
  const any = cors.allowedOrigins.includes('*');
  if (!any && !cors.allowedOrigins.includes(origin)) return response;
  return {
    ...response,
    headers: {
      ...response.headers,
      'access-control-allow-origin': any ? '*' : origin,
      'access-control-expose-headers': `content-type, ${REPLAYED_HEADER}, www-authenticate`,
      ...(any ? {} : { vary: 'origin' }),
    },
  };
}

/**
 * The Lambda handler for a route: `export const handler = buildHandler(route, liveDeps())`.
 * `options` replace environment-derived settings (the local platform and tests pass them all).
 */
export function buildHandler<D>(
  route: RouteDefinition<D>,
  deps: D,
  options: HttpStackOptions = {},
): HttpHandler {
  const anyRoute = route as unknown as RouteDefinition<never>;
  let resolved: ResolvedStack | undefined;
  const stack = (): ResolvedStack => {
    resolved ??= resolveStack(anyRoute, options);
    return resolved;
  };
  const states = new WeakMap<object, RequestState>();
  const log = options.logger ?? defaultLogger;

  const invoke = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>(
    async (event: APIGatewayProxyEventV2) => {
      const state = states.get(event) as RequestState;
      const result = await route.handler({
        body: state.body,
        query: state.query,
        params: state.params,
        actor: state.actor,
        headers: state.headers,
        deps,
        requestContext: event.requestContext,
      });
      return toResponse(result, route.successStatus);
    },
  )
    .use(injectLambdaContext(log, { resetKeys: true }))
    .use(problemDetails(log))
    .use(authenticate(anyRoute, stack, states, log))
    .use(parseRequest(anyRoute, stack, states))
    .use(idempotency(anyRoute, stack, states, log));

  return async (event, context) => {
    const headers = lowerCaseHeaders(event.headers);
    // A replayed response returns before the logger's own cleanup runs: reset per-request keys here.
    log.resetKeys();
    log.appendKeys({ routeKey: route.routeKey, requestId: event.requestContext?.requestId });
    let response: APIGatewayProxyStructuredResultV2;
    try {
      states.set(event, { headers });
      response = await invoke(event, context);
    } catch (error) {
      // Only a fault in the stack itself (e.g. missing configuration) gets here.
      log.error('HTTP stack failure', { error });
      response = problemResponse(INTERNAL_PROBLEM);
    }
    try {
      return withCors(response, headers.origin, stack().cors);
    } catch {
      return response;
    }
  };
}

/** Binds every route to its handler: what the local gateway serves. */
export const bindRoutes = <D>(
  routes: readonly RouteDefinition<D>[],
  deps: D,
  options: HttpStackOptions = {},
): { method: string; path: string; handler: HttpHandler }[] =>
  routes.map((route) => ({
    method: route.method,
    path: route.path,
    handler: buildHandler(route, deps, options),
  }));
