/**
 * CORS headers for a browser calling from an allowed `Origin` (API Gateway may handle CORS itself;
 * then leave `allowedOrigins` empty). They go on every response: the handler's, a problem (onError)
 * and an idempotent replay (which answers early, see `earlyResponse`). middy's `http-cors` adds its
 * headers in `after` and `onError` only, so a replay would go without them; hence this file.
 */
import type { HttpMiddleware, HttpRequest } from './request.ts';

export interface CorsOptions {
  /** Origins allowed to read responses from a browser; `['*']` for any. */
  allowedOrigins: readonly string[];
}

export interface CorsMiddlewareOptions extends CorsOptions {
  /** Response headers a browser script may read besides the CORS-safelisted ones. */
  exposeHeaders: readonly string[];
}

/** The CORS headers for a request from `origin`; `undefined` when it is not allowed (or not a CORS request). */
export function corsHeaders(
  origin: string | undefined,
  { allowedOrigins, exposeHeaders }: CorsMiddlewareOptions,
): Record<string, string> | undefined {
  if (origin === undefined || allowedOrigins.length === 0) return undefined;
  const any = allowedOrigins.includes('*');
  if (!any && !allowedOrigins.includes(origin)) return undefined;
  return {
    'access-control-allow-origin': any ? '*' : origin,
    'access-control-expose-headers': exposeHeaders.join(', '),
    // A cache must not hand one origin's answer to another.
    ...(any ? {} : { vary: 'origin' }),
  };
}

const addResponseHeaders = (request: HttpRequest): void => {
  const { responseHeaders } = request.internal;
  if (!request.response || responseHeaders === undefined) return;
  request.response = { ...request.response, headers: { ...request.response.headers, ...responseHeaders } };
};

export const cors = (options: CorsMiddlewareOptions): HttpMiddleware => ({
  name: 'cors',
  before: (request) => {
    const headers = corsHeaders(request.event.headers.origin, options);
    if (headers) request.internal.responseHeaders = { ...request.internal.responseHeaders, ...headers };
  },
  after: addResponseHeaders,
  onError: addResponseHeaders,
});
