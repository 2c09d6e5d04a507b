/**
 * The HTTP API's routes, read from the route definitions themselves
 * (functions/handlers/api/routes.ts `ROUTE_GROUPS`): one Lambda function per group, and every
 * route of that group points to it. Nothing is listed twice, so the API Gateway routes cannot
 * drift from the handlers.
 */
import { ROUTE_GROUPS } from '../../functions/handlers/api/routes.ts';
import type { HttpMethod } from '../../functions/shared/route.ts';
import type { ApiGroup } from './function-catalog.ts';

/** What API Gateway needs of a route. */
export interface ApiRoute {
  method: HttpMethod;
  /** `/v1/applications/{id}` (API Gateway path template). */
  path: string;
  /** No token needed (`roles: 'public'`): the route gets no authorizer. */
  isPublic: boolean;
}

interface RouteLike {
  method: HttpMethod;
  path: string;
  roles: unknown;
}

const toApiRoute = (route: RouteLike): ApiRoute => ({
  method: route.method,
  path: route.path,
  isPublic: route.roles === 'public',
});

/** The routes of each API function (the catalog's groups are exactly the route groups). */
export const API_ROUTES = Object.fromEntries(
  Object.entries(ROUTE_GROUPS).map(([group, routes]) => [
    group,
    (routes as readonly RouteLike[]).map(toApiRoute),
  ]),
) as unknown as Record<ApiGroup, readonly ApiRoute[]>;

/** Compile-time check: a route group without a function (or the reverse) is a type error. */
export type GroupsMatch = [ApiGroup] extends [keyof typeof ROUTE_GROUPS]
  ? [keyof typeof ROUTE_GROUPS] extends [ApiGroup]
    ? true
    : never
  : never;
export const GROUPS_MATCH: GroupsMatch = true;

/** `POST /v1/rounds` */
export const routeKeyOf = (route: Pick<ApiRoute, 'method' | 'path'>): string =>
  `${route.method} ${route.path}`;
