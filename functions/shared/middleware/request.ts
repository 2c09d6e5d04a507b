/**
 * What the HTTP middlewares (one per file in this folder, middy's own layout) share about one
 * request. Middlewares pass values to each other on `request.internal`; what the route handler
 * reads is on `request.context`. Each request gets its own: middy creates `internal` per request,
 * and a middleware replaces `request.event` / `request.context` with a copy rather than writing
 * into the caller's object, because a caller may hand the same object to concurrent invocations
 * (the tests do) and one request's caller must never show up in another. (A shallow copy of the
 * Lambda context is enough: Powertools reads its fields in log-context.ts, before any copy is made.)
 */
import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { Actor } from '../../ports/records.ts';

/** The request's path parameters, query and body after zod (validate.ts). */
export interface ParsedInput {
  params: unknown;
  query: unknown;
  body: unknown;
}

/**
 * The Idempotency-Key this request holds (idempotency.ts), typed so that a use case can write the
 * outcome record in the same DynamoDB transaction as what it creates.
 */
export interface IdempotencyClaim {
  /** The record key: caller + route + client key (`idempotencyRecordKey`). */
  key: string;
  /** The request fingerprint the in-progress record holds (`requestFingerprint`). */
  fingerprint: string;
  /** How long the completed record is replayed. */
  ttlSeconds: number;
}

/** The Lambda context plus what the middlewares learned, for the handler. */
export interface HttpContext extends Context {
  /** The verified caller (authenticate.ts); absent on public routes. */
  actor?: Actor;
  /** The parsed request (validate.ts). */
  input?: ParsedInput;
  /** The claimed Idempotency-Key (idempotency.ts); absent without a key. */
  idempotency?: IdempotencyClaim;
}

/** Values passed between middlewares. (A type, not an interface: middy wants a Record.) */
export type HttpInternal = {
  /** The body as parsed JSON, before zod (json-body.ts): what the Idempotency-Key fingerprints. */
  jsonBody?: unknown;
  /** Headers every response of this request carries, an early one included (cors.ts). */
  responseHeaders?: Record<string, string>;
};

export type HttpResponse = APIGatewayProxyStructuredResultV2;
export type HttpRequest = Request<APIGatewayProxyEventV2, HttpResponse, Error, HttpContext, HttpInternal>;
export type HttpMiddleware = MiddlewareObj<
  APIGatewayProxyEventV2,
  HttpResponse,
  Error,
  HttpContext,
  HttpInternal
>;

/**
 * The response of a middleware that answers in `before` (an idempotent replay). middy then skips
 * every `after` step (https://middy.js.org/docs/intro/early-interrupt), so the headers outer
 * middlewares give every response are added here.
 */
export const earlyResponse = (request: HttpRequest, response: HttpResponse): HttpResponse =>
  request.internal.responseHeaders === undefined
    ? response
    : { ...response, headers: { ...response.headers, ...request.internal.responseHeaders } };
