/**
 * `GET /v1/health` and `GET /v1/openapi.json` (API.md: public in all modes). The OpenAPI document is
 * generated from every route's zod schemas; the route list comes in as a thunk so that routes.ts,
 * which aggregates all groups including this one, can pass itself without an import cycle:
 * `export const apiRoutes = [...roundsRoutes, …, ...systemRoutes(() => apiRoutes)]`.
 */
import { z } from 'zod';
import { buildOpenApi, type OpenApiDocument } from '../../shared/openapi.ts';
import { defineRoute, type RouteDefinition } from '../../shared/route.ts';
import { routeGroupHandler } from '../lambda.ts';

const tags = ['system'];

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
        document ??= buildOpenApi(allRoutes());
        return document;
      },
    ),
  ];
}

/** The Lambda function of the system routes; the OpenAPI document needs every route, loaded lazily. */
export const handler = routeGroupHandler(async () => (await import('./routes.ts')).ROUTE_GROUPS.system);
