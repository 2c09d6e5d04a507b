/**
 * The OpenAPI document of the whole API, generated from every route's zod schemas (STYLE.md
 * principle 3). It is built at build time, not in a Lambda: `npm run generate:openapi` writes it to
 * openapi.json, which the system function and the local gateway serve (system.ts), so that no
 * function bundles every route group's schemas to answer one GET. test/unit/handlers/openapi-document.test.ts
 * fails when the
 * committed file is stale.
 */

import { DomainError } from '../../domain/errors.ts';
import { buildOpenApi, type OpenApiDocument } from '../../shared/openapi.ts';
import type { RouteDefinition } from '../../shared/route.ts';
import { defineRoute } from '../../shared/route.ts';
import { apiRoutes } from './routes.ts';
import { DEV_CLOCK_MOVE_ROUTE, DEV_CLOCK_ROUTE, DEV_OUTBOX_ROUTE, DEV_TOKEN_ROUTE } from './system.ts';

/** Where the generated document lives, relative to the repository root. */
export const OPENAPI_DOCUMENT_PATH = 'functions/handlers/api/openapi.json';

const notServedHere = async (): Promise<never> => {
  throw new DomainError('NOT_FOUND', '此接口仅在本地模式提供');
};

/** The local-mode routes as the OpenAPI document describes them (not served by the Lambdas). */
export const localModeRouteDocs: readonly RouteDefinition<never>[] = [
  DEV_TOKEN_ROUTE,
  DEV_CLOCK_ROUTE,
  DEV_CLOCK_MOVE_ROUTE,
  DEV_OUTBOX_ROUTE,
].map((spec) => defineRoute(spec, notServedHere));

/** The routes the document describes: the served ones, plus the local-mode ones they do not include. */
const documented = (routes: readonly RouteDefinition<never>[]): RouteDefinition<never>[] => {
  const served = new Set(routes.map((route) => route.routeKey));
  return [...routes, ...localModeRouteDocs.filter((route) => !served.has(route.routeKey))];
};

/** The document of every route of `apiRoutes` and the local-mode routes, as openapi.json holds it. */
export function generateOpenApiDocument(): OpenApiDocument {
  return buildOpenApi(documented(apiRoutes as readonly RouteDefinition<never>[]));
}
