/**
 * Route definitions: everything a handler author writes. A route module exports
 *
 * ```ts
 * export const createRound = defineRoute(
 *   { method: 'POST', path: '/v1/rounds', roles: ['staff'], body: CreateRoundBody, idempotent: true,
 *     successStatus: 201, summary: '创建评选届次 Create a round', responses: { 201: { description: '届次', schema: RoundSchema } } },
 *   async ({ body, actor, deps }) => createRoundUseCase(deps, actor, body),
 * );
 * ```
 *
 * and the stack (http.ts `buildHandler`) does the rest: body size limit, JSON parsing, zod
 * validation of params/query/body (400 listing every field), bearer auth and the role check,
 * logging with PII masked, Idempotency-Key replay, and errors → problem+json. The handler returns
 * the response body (sent as JSON with `successStatus`, default 200; `undefined` → 204), or
 * `respond(...)` for another status or extra headers.
 *
 * `deps` is typed per application: bind the type once with `const defineApiRoute = routeBuilder<ApiDeps>()`.
 */
import type { APIGatewayEventRequestContextV2 } from 'aws-lambda';
import type { z } from 'zod';
import type { ErrorCode } from '../domain/errors.ts';
import type { Actor } from '../ports/records.ts';
import type { Role } from './auth.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Who may call: nobody signed in needed, anyone signed in, or holders of one of the listed roles. */
export type Access = 'public' | 'signed-in' | readonly Role[];

/** A documented response (for the OpenAPI document). */
export interface ResponseDoc {
  description: string;
  schema?: z.ZodType;
}

export interface RouteSpec {
  method: HttpMethod;
  /** API Gateway path template: `/v1/applications/{id}/evidence/{evidenceId}/complete`. */
  path: string;
  roles: Access;
  /** Schema of the JSON body; without it the body is ignored. */
  body?: z.ZodType;
  /** Schema of the query string parameters (strings: use `z.coerce` for numbers). */
  query?: z.ZodType;
  /** Schema of the path parameters. */
  params?: z.ZodType;
  /** Accept `Idempotency-Key`: the same key and request replay the stored response. */
  idempotent?: boolean;
  /** Status of a successful response; default 200 (204 when the handler returns nothing). */
  successStatus?: number;
  /** One line, Chinese and English: `创建评选届次 Create a round`. */
  summary: string;
  description?: string;
  /** OpenAPI operationId; default derived from method and path. */
  operationId?: string;
  tags?: string[];
  /** Success responses by status, for the OpenAPI document. */
  responses?: Partial<Record<number, ResponseDoc>>;
  /** Error codes the handler may raise beyond the stack's own (documented per status in OpenAPI). */
  errors?: readonly ErrorCode[];
  /** Override of the JSON body limit in bytes (default from the stack, 1 MiB). */
  maxBodyBytes?: number;
}

type Parsed<S, Fallback> = S extends z.ZodType ? z.output<S> : Fallback;

/** What a handler receives. */
export interface RouteInput<S extends RouteSpec, D> {
  body: Parsed<S['body'], undefined>;
  query: Parsed<S['query'], Record<string, string>>;
  params: Parsed<S['params'], Record<string, string>>;
  /** The verified caller; `undefined` on a public route. */
  actor: S['roles'] extends 'public' ? Actor | undefined : Actor;
  /** Request headers, names lower-cased. */
  headers: Record<string, string>;
  deps: D;
  requestContext: APIGatewayEventRequestContextV2;
}

/** The output types of the schemas in `responses`, by status. */
type DocumentedBodies<R> = R extends object
  ? { [K in keyof R]: R[K] extends { schema: infer Z extends z.ZodType } ? z.output<Z> : never }[keyof R]
  : never;

/**
 * What a handler may return: a body of a documented response schema (so presenters cannot drift
 * from the OpenAPI document at compile time), or `respond(...)`; anything when no schema is given.
 */
export type HandlerResult<S extends RouteSpec> = [DocumentedBodies<S['responses']>] extends [never]
  ? unknown
  : DocumentedBodies<S['responses']> | HttpResult;

/** The untyped view of RouteInput the stack works with. */
export interface HandlerInput<D = unknown> {
  body: unknown;
  query: unknown;
  params: unknown;
  actor: Actor | undefined;
  headers: Record<string, string>;
  deps: D;
  requestContext: APIGatewayEventRequestContextV2;
}

const RESPONSE = Symbol('http-response');

/** A response with an explicit status and headers; build it with `respond`. */
export interface HttpResult {
  readonly [RESPONSE]: true;
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** An explicit response, e.g. `respond(202, { jobId })` or `respond(201, round, { location: '/v1/rounds/r1' })`. */
export const respond = (status: number, body?: unknown, headers?: Record<string, string>): HttpResult => ({
  [RESPONSE]: true,
  status,
  ...(body === undefined ? {} : { body }),
  ...(headers === undefined ? {} : { headers }),
});

export const isHttpResult = (value: unknown): value is HttpResult =>
  typeof value === 'object' && value !== null && RESPONSE in value;

export interface RouteDefinition<D = unknown> extends RouteSpec {
  /** `POST /v1/rounds`: the API Gateway route key. */
  readonly routeKey: string;
  // A method signature keeps routes with different schemas assignable to one RouteDefinition[].
  handler(input: HandlerInput<D>): Promise<unknown>;
  /**
   * Idempotent creates: what an earlier run of this very request already committed, as the
   * handler would have answered it, or `undefined` when it committed nothing. Called before the
   * handler on a request with an Idempotency-Key; `deps.ids` then yields the ids the earlier run
   * drew (request-ids.ts), so the route reads its own record back instead of writing a twin.
   */
  recover?(input: HandlerInput<D>): Promise<unknown>;
}

const PATH_TEMPLATE =
  /^\/(?:[A-Za-z0-9._~-]+|\{[A-Za-z_][A-Za-z0-9_]*\+?\})(?:\/(?:[A-Za-z0-9._~-]+|\{[A-Za-z_][A-Za-z0-9_]*\+?\}))*$/;

/** `defineRoute` with `deps` typed as D: `export const defineApiRoute = routeBuilder<ApiDeps>();`. */
export function routeBuilder<D>() {
  return <const S extends RouteSpec>(
    spec: S,
    handler: (input: RouteInput<S, D>) => Promise<HandlerResult<S>>,
    recover?: (input: RouteInput<S, D>) => Promise<HandlerResult<S> | undefined>,
  ): RouteDefinition<D> & S => {
    if (!PATH_TEMPLATE.test(spec.path)) throw new Error(`Invalid route path template: ${spec.path}`);
    return Object.freeze({
      ...spec,
      routeKey: `${spec.method} ${spec.path}`,
      handler: handler as unknown as RouteDefinition<D>['handler'],
      ...(recover ? { recover: recover as unknown as NonNullable<RouteDefinition<D>['recover']> } : {}),
    });
  };
}

/** Defines a route whose handler needs no typed deps (health, openapi.json); see `routeBuilder`. */
export const defineRoute = routeBuilder<unknown>();

/** The names of a path template's parameters: `/v1/a/{id}/b/{bId}` → ['id', 'bId']. */
export const pathParameterNames = (path: string): string[] =>
  [...path.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)\+?\}/g)].map((match) => match[1] as string);

export interface RouteTableEntry<D = unknown> {
  routeKey: string;
  method: HttpMethod;
  path: string;
  route: RouteDefinition<D>;
}

/**
 * The routes in a stable order (path, then method), for the local gateway, the OpenAPI document
 * and the CDK API. Throws on a duplicate route key.
 */
export function routesTable<D>(routes: readonly RouteDefinition<D>[]): RouteTableEntry<D>[] {
  const seen = new Set<string>();
  for (const route of routes) {
    if (seen.has(route.routeKey)) throw new Error(`Duplicate route: ${route.routeKey}`);
    seen.add(route.routeKey);
  }
  return [...routes]
    .sort((a, b) => (a.path === b.path ? a.method.localeCompare(b.method) : a.path < b.path ? -1 : 1))
    .map((route) => ({ routeKey: route.routeKey, method: route.method, path: route.path, route }));
}
