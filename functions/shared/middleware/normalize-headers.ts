/**
 * Header names lower-cased (like middy's `http-header-normalizer`): API Gateway's HTTP API already
 * sends them so, other callers (the local gateway's clients, tests) may not, and every later step
 * reads `authorization`, `origin` or `idempotency-key` by its lower-case name. (middy's package is
 * not a dependency; lower-casing is all of it the stack needs.)
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { HttpMiddleware } from './request.ts';

/** The headers with lower-case names and no absent values. */
export const lowerCaseHeaders = (
  headers: APIGatewayProxyEventV2['headers'] | undefined,
): Record<string, string> =>
  Object.fromEntries(
    Object.entries(headers ?? {})
      .filter((entry): entry is [string, string] => entry[1] !== undefined)
      .map(([name, value]) => [name.toLowerCase(), value]),
  );

export const normalizeHeaders = (): HttpMiddleware => ({
  name: 'normalize-headers',
  before: (request) => {
    request.event = { ...request.event, headers: lowerCaseHeaders(request.event.headers) };
  },
});
