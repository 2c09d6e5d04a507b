/**
 * `GET /v1/health` and `GET /v1/openapi.json` (API.md: public in all modes). The OpenAPI document is
 * generated from every route's zod schemas; the route list comes in as a thunk so that routes.ts,
 * which aggregates all groups including this one, can pass itself without an import cycle:
 * `export const apiRoutes = [...roundsRoutes, …, ...systemRoutes(() => apiRoutes)]`.
 */
import * as z from 'zod';
import { DomainError } from '../../domain/errors.ts';
import { buildOpenApi, type OpenApiDocument } from '../../shared/openapi.ts';
import { defineRoute, type RouteDefinition, type RouteSpec } from '../../shared/route.ts';
import { routeGroupHandler } from '../lambda.ts';
import { ClockMoveBody, ClockSchema, DevTokenBody, DevTokenSchema } from './schemas/dev.ts';

const tags = ['system'];

const LOCAL_ONLY = '仅本地模式（npm start）提供，云上部署没有此接口 (local mode only)。';

const notServedHere = async (): Promise<never> => {
  throw new DomainError('NOT_FOUND', '此接口仅在本地模式提供');
};

/** API.md "Local mode only": the specs of the routes the local platform serves (infra/local/platform.ts). */
export const DEV_TOKEN_ROUTE = {
  method: 'POST',
  path: '/v1/dev/tokens',
  roles: 'public',
  body: DevTokenBody,
  summary: '签发本地测试令牌（仅本地模式） Issue a local token',
  description: LOCAL_ONLY,
  tags: ['local'],
  responses: { 200: { description: '令牌 (the token)', schema: DevTokenSchema } },
} as const satisfies RouteSpec;

export const DEV_CLOCK_ROUTE = {
  method: 'GET',
  path: '/v1/dev/clock',
  roles: 'public',
  summary: '平台时钟（仅本地模式） Platform clock',
  description: `${LOCAL_ONLY}首次启动时为真实时间或环境变量 CLOCK_START 指定的时刻，重启后保持。`,
  tags: ['local'],
  responses: { 200: { description: '平台时间 (the platform instant)', schema: ClockSchema } },
} as const satisfies RouteSpec;

export const DEV_CLOCK_MOVE_ROUTE = {
  method: 'POST',
  path: '/v1/dev/clock',
  roles: 'public',
  body: ClockMoveBody,
  summary: '向前拨动平台时钟（仅本地模式） Move the platform clock forward',
  description:
    `${LOCAL_ONLY}只能向前拨动（向后返回 400）；返回前，届时到期的定时步骤` +
    '（申报截止、公示期满、回调超时、定时任务）均已执行。',
  tags: ['local'],
  responses: { 200: { description: '平台时间 (the platform instant)', schema: ClockSchema } },
} as const satisfies RouteSpec;

/** The local-mode routes as the OpenAPI document describes them (not served by the Lambdas). */
export const localModeRouteDocs: readonly RouteDefinition<never>[] = [
  DEV_TOKEN_ROUTE,
  DEV_CLOCK_ROUTE,
  DEV_CLOCK_MOVE_ROUTE,
].map((spec) => defineRoute(spec, notServedHere));

/** The routes the document describes: the served ones, plus the local-mode ones they do not include. */
const documented = (routes: readonly RouteDefinition<never>[]): RouteDefinition<never>[] => {
  const served = new Set(routes.map((route) => route.routeKey));
  return [...routes, ...localModeRouteDocs.filter((route) => !served.has(route.routeKey))];
};

/** The two system routes; `allRoutes` is read on the first request for the document, then cached. */
export function systemRoutes(allRoutes: () => readonly RouteDefinition<never>[]) {
  let document: OpenApiDocument | undefined;
  return [
    defineRoute(
      {
        method: 'GET',
        path: '/v1/health',
        roles: 'public',
        summary: '健康检查 Health check',
        tags,
        responses: { 200: { description: '服务正常 (up)', schema: z.object({ status: z.literal('ok') }) } },
      },
      async () => ({ status: 'ok' as const }),
    ),
    defineRoute(
      {
        method: 'GET',
        path: '/v1/openapi.json',
        roles: 'public',
        summary: 'OpenAPI 3.1 文档 The OpenAPI document',
        tags,
        responses: { 200: { description: 'OpenAPI 3.1' } },
      },
      async () => {
        document ??= buildOpenApi(documented(allRoutes()));
        return document;
      },
    ),
  ];
}

/** The Lambda function of the system routes; the OpenAPI document needs every route, loaded lazily. */
export const handler = routeGroupHandler(async () => (await import('./routes.ts')).ROUTE_GROUPS.system);
