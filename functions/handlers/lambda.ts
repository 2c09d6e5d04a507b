/**
 * Lambda entry points over the same handlers the local platform binds: one function per API route
 * group (dispatching on the API Gateway route key) and one per state-machine task, each building
 * its deps on the first invocation from the parts its module names (live-deps.ts `liveDeps`).
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { Deps } from '../ports/deps.ts';
import { bindRoutes, type HttpHandler, type HttpStackOptions } from '../shared/http.ts';
import { problem, problemResponse } from '../shared/http-errors.ts';
import type { RouteDefinition } from '../shared/route.ts';

type RouteList = readonly RouteDefinition<Deps>[] | readonly RouteDefinition<never>[];

/** One Lambda serving a route group: API Gateway's `routeKey` picks the route. */
export function routeGroupHandler(
  routes: RouteList,
  deps: (() => Promise<Deps>) & { http?: () => Promise<HttpStackOptions> },
): (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2> {
  let table: Promise<Map<string, HttpHandler>> | undefined;
  const build = async () =>
    new Map(
      bindRoutes(routes as RouteList, await deps(), (await deps.http?.()) ?? {}).map((r) => [
        `${r.method} ${r.path}`,
        r.handler,
      ]),
    );
  return async (event, context) => {
    table ??= build().catch((error: unknown) => {
      table = undefined;
      throw error;
    });
    const handler = (await table).get(event.routeKey);
    if (!handler) {
      return problemResponse(
        problem({
          status: 404,
          code: 'NOT_FOUND',
          title: '接口不存在',
          detail: `没有 ${event.routeKey} 这个接口`,
        }),
      );
    }
    return (await handler(event, context)) as APIGatewayProxyStructuredResultV2;
  };
}

/** One Lambda for a state-machine task or a scheduled job: payload in, result out. */
export function taskLambda<R>(
  build: (deps: Deps) => (event: unknown) => Promise<R>,
  deps: () => Promise<Deps>,
): (event: unknown) => Promise<R> {
  let handler: Promise<(event: unknown) => Promise<R>> | undefined;
  return async (event) => {
    handler ??= deps()
      .then(build)
      .catch((error: unknown) => {
        handler = undefined;
        throw error;
      });
    return (await handler)(event);
  };
}
