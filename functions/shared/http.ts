/**
 * The one middy stack (STYLE.md principle 2): `buildHandler(route, deps)` turns a route definition
 * (route.ts) into an API Gateway v2 (HTTP API, payload 2.0) Lambda handler. One middleware per
 * concern, in middleware/, in this order:
 *
 *   log-context → normalize-headers → cors → problem-details → authenticate (not on public routes)
 *   → json-body (routes with a body) → validate → idempotency (idempotent routes) → the handler.
 *
 * This file only composes them and injects what they work with: the token verifier, the
 * idempotency store (which the composition root builds and passes in `options`), the limits.
 * Settings the caller does not pass come from the environment (env.ts) on the first request: the
 * JWT issuer/audience/JWKS URL, the limits and the CORS origins.
 */

import type { Logger } from '@aws-lambda-powertools/logger';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import * as z from 'zod';
import type { UnitOfWork } from '../ports/store.ts';
import { type AuthConfig, verifyBearer } from './auth.ts';
import { httpEnvShape, parseEnv } from './env.ts';
import type { FaultHook } from './fault-hook.ts';
import { INTERNAL_PROBLEM, problemResponse } from './http-errors.ts';
import type { IdempotencyStore } from './idempotency.ts';
import { logger as defaultLogger } from './logger.ts';
import { authenticate, type TokenVerifier } from './middleware/authenticate.ts';
import { type CorsOptions, cors } from './middleware/cors.ts';
import { idempotency, REPLAYED_HEADER } from './middleware/idempotency.ts';
import { jsonBody } from './middleware/json-body.ts';
import { logContext } from './middleware/log-context.ts';
import { normalizeHeaders } from './middleware/normalize-headers.ts';
import { problemDetails } from './middleware/problem-details.ts';
import type { HttpContext, HttpInternal } from './middleware/request.ts';
import { validate } from './middleware/validate.ts';
import { REQUEST_ID_PREFIX, RequestIdGenerator } from './request-ids.ts';
import { isHttpResult, type RouteDefinition, type RouteSpec } from './route.ts';

export const JSON_CONTENT_TYPE = 'application/json';

export interface HttpStackOptions {
  /** How bearer tokens are verified; default AUTH_ISSUER / AUTH_AUDIENCE / AUTH_JWKS_URL. */
  auth?: AuthConfig;
  /**
   * Where Idempotency-Key records live: injected by the composition root (live-deps.ts on AWS, the
   * local platform), never built here, so an API function without idempotent routes carries no store.
   */
  idempotencyStore?: IdempotencyStore;
  /** How long a completed response is replayed; default IDEMPOTENCY_TTL_SECONDS or 24 h. */
  idempotencyTtlSeconds?: number;
  /**
   * Test-only fault injection (infra/local/fault-points.ts, which only the local platform imports):
   * called at each named point of an Idempotency-Key request, with the claim's record key.
   */
  faultPoint?: FaultHook;
  /** JSON body limit in bytes; default MAX_JSON_BODY_BYTES or 1 MiB (a route's `maxBodyBytes` wins). */
  maxBodyBytes?: number;
  /** Default CORS_ALLOWED_ORIGINS (none: the portal is served from the same origin). */
  cors?: CorsOptions;
  logger?: Logger;
}

/** A built handler: API Gateway v2 event in, structured result out (never throws). */
export type HttpHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/** What the middlewares of one route are given. */
interface ResolvedStack {
  verify: TokenVerifier | undefined;
  idempotencyStore: IdempotencyStore | undefined;
  idempotencyTtlSeconds: number;
  maxBodyBytes: number;
  cors: CorsOptions;
  logger: Logger;
  faultPoint: FaultHook | undefined;
}

/** Response headers a browser script may read (CORS). */
const EXPOSED_HEADERS = ['content-type', REPLAYED_HEADER, 'www-authenticate'] as const;

/** Fills what `options` leave out from the environment; only what this route needs is required. */
function resolveStack(
  route: Pick<RouteSpec, 'idempotent' | 'maxBodyBytes'>,
  options: HttpStackOptions,
): ResolvedStack {
  const env = parseEnv(z.object(httpEnvShape));
  let auth = options.auth;
  if (!auth && env.AUTH_ISSUER && env.AUTH_AUDIENCE && env.AUTH_JWKS_URL) {
    auth = { issuer: env.AUTH_ISSUER, audience: env.AUTH_AUDIENCE, jwks: env.AUTH_JWKS_URL };
  }
  return {
    verify: auth && ((authorization) => verifyBearer(authorization, auth)),
    idempotencyStore: options.idempotencyStore,
    idempotencyTtlSeconds: options.idempotencyTtlSeconds ?? env.IDEMPOTENCY_TTL_SECONDS,
    maxBodyBytes: route.maxBodyBytes ?? options.maxBodyBytes ?? env.MAX_JSON_BODY_BYTES,
    cors: options.cors ?? { allowedOrigins: env.CORS_ALLOWED_ORIGINS },
    logger: options.logger ?? defaultLogger,
    faultPoint: options.faultPoint,
  };
}

/**
 * The deps one Idempotency-Key request runs with: ids derived from its claim (request-ids.ts), and
 * a store whose commits stamp every audit event with the request's id (`REQUEST_ID_PREFIX`), so
 * that a retry finds what an earlier run of the same request committed in the entity's audit
 * chain (use-cases/earlier-request.ts) — also for writes that change a record rather than create
 * one. Under fault injection the store reports `after-commit`. Deps without `ids` are left as they are.
 */
function requestDeps<D>(deps: D, claimKey: string, faultPoint: FaultHook | undefined): D {
  if (typeof deps !== 'object' || deps === null || !('ids' in deps)) return deps;
  const scoped: Record<string, unknown> = { ...deps, ids: new RequestIdGenerator(claimKey) };
  if ('store' in deps) {
    const store = deps.store as { commit(unit: UnitOfWork): Promise<void> };
    const requestId = new RequestIdGenerator(claimKey).next(REQUEST_ID_PREFIX);
    scoped.store = new Proxy(store, {
      get(target, property) {
        if (property === 'commit') {
          return async (unit: UnitOfWork) => {
            await target.commit({ ...unit, audit: unit.audit.map((event) => ({ ...event, requestId })) });
            faultPoint?.('after-commit', claimKey);
          };
        }
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }
  return scoped as D;
}

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

/** The route's middy handler: its middlewares in the order of the file comment, then the route. */
function compose<D>(route: RouteDefinition<D>, deps: D, stack: ResolvedStack): HttpHandler {
  const { logger } = stack;
  const runRoute = async (
    event: APIGatewayProxyEventV2,
    context: HttpContext,
  ): Promise<APIGatewayProxyStructuredResultV2> => {
    const { input, idempotency: claim } = context;
    const routeInput = (runDeps: D) => ({
      body: input?.body,
      query: input?.query,
      params: input?.params,
      actor: context.actor,
      // normalize-headers left only present values, names lower-cased.
      headers: event.headers as Record<string, string>,
      deps: runDeps,
      requestContext: event.requestContext,
    });
    if (claim === undefined) return toResponse(await route.handler(routeInput(deps)), route.successStatus);
    // A keyed create may have committed in a process that died before storing its response: the
    // route finds that record by the ids this request derives and answers it, rather than a twin.
    const earlier = await route.recover?.(routeInput(requestDeps(deps, claim.key, undefined)));
    if (earlier !== undefined) return toResponse(earlier, route.successStatus);
    const result = await route.handler(routeInput(requestDeps(deps, claim.key, stack.faultPoint)));
    return toResponse(result, route.successStatus);
  };
  const handler = middy<
    APIGatewayProxyEventV2,
    APIGatewayProxyStructuredResultV2,
    Error,
    HttpContext,
    HttpInternal
  >(runRoute)
    .use(logContext({ logger, routeKey: route.routeKey }))
    .use(normalizeHeaders())
    .use(cors({ ...stack.cors, exposeHeaders: EXPOSED_HEADERS }))
    .use(problemDetails({ logger }));
  if (route.roles !== 'public') {
    if (!stack.verify) {
      throw new Error('Authentication is not configured: set AUTH_ISSUER, AUTH_AUDIENCE and AUTH_JWKS_URL');
    }
    handler.use(authenticate({ access: route.roles, verify: stack.verify, logger }));
  }
  if (route.body) handler.use(jsonBody({ maxBytes: stack.maxBodyBytes }));
  handler.use(validate(route));
  if (route.idempotent) {
    if (!stack.idempotencyStore) {
      throw new Error(
        `Idempotent route ${route.routeKey} needs an idempotency store (the composition root passes it)`,
      );
    }
    handler.use(
      idempotency({
        store: stack.idempotencyStore,
        routeKey: route.routeKey,
        ttlSeconds: stack.idempotencyTtlSeconds,
        logger,
        ...(stack.faultPoint ? { faultPoint: stack.faultPoint } : {}),
      }),
    );
  }
  return handler;
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
  let invoke: HttpHandler | undefined;
  return async (event, context) => {
    try {
      // Built on the first request, so that importing a handler module reads no environment.
      invoke ??= compose(route, deps, resolveStack(route, options));
      return await invoke(event, context);
    } catch (error) {
      // Only a fault of the stack itself (e.g. missing configuration) gets here.
      (options.logger ?? defaultLogger).error('HTTP stack failure', { error, routeKey: route.routeKey });
      return problemResponse(INTERNAL_PROBLEM);
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
