/**
 * The local stand-in for API Gateway (HTTP API, payload format 2.0) and the portal's CloudFront:
 * a node:http server that turns each request into the same event and context the Lambda handlers
 * get on AWS, and serves the web portal's static files (SPA fallback to index.html).
 *
 * ```ts
 * const gateway = await startGateway({ port: 3000, routes: bindRoutes(allRoutes, deps, stack), staticDir: 'web/dist' });
 * // … gateway.url … await gateway.stop();
 * ```
 */
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, resolve, sep } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { INTERNAL_PROBLEM, type ProblemBody, problem } from '../../functions/shared/http-errors.ts';

/** A route and the Lambda handler behind it (`bindRoutes` in functions/shared/http.ts builds these). */
export interface GatewayRoute {
  method: string;
  /** Path template, `{name}` for one segment, `{name+}` for the rest of the path. */
  path: string;
  handler: (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2 | undefined>;
  /** Lambda function name reported in the context; default derived from the route. */
  functionName?: string;
}

/**
 * A raw node:http handler tried before the API routes, for local-only endpoints that are not
 * Lambda routes (a proxy to s3rver, a JWKS document, …). `path` matches exactly or, ending in
 * `/*`, as a prefix.
 */
export interface ExtraRoute {
  method: string | '*';
  path: string;
  handle(request: IncomingMessage, response: ServerResponse, body: Buffer): void | Promise<void>;
}

export interface GatewayOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  routes: readonly GatewayRoute[];
  /** Served for paths outside /v1 (the web portal build). */
  staticDir?: string;
  extraRoutes?: readonly ExtraRoute[];
  /** Request body limit of the gateway itself (API Gateway's is 10 MB). */
  maxRequestBytes?: number;
  /** The Lambda timeout reported by `getRemainingTimeInMillis` (API Gateway waits 30 s at most). */
  timeoutMs?: number;
}

export interface Gateway {
  url: string;
  port: number;
  stop(): Promise<void>;
}

const API_PREFIX = '/v1';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.pdf': 'application/pdf',
  '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json',
};

/** Bodies API Gateway passes as text; everything else arrives base64-encoded. */
const TEXT_BODY =
  /^(text\/|application\/(json|[\w.+-]+\+json|xml|[\w.+-]+\+xml|x-www-form-urlencoded|javascript))/i;

interface CompiledRoute {
  route: GatewayRoute;
  segments: string[];
  literalCount: number;
  greedy: boolean;
}

function compile(route: GatewayRoute): CompiledRoute {
  const segments = route.path.split('/').filter((segment) => segment !== '');
  return {
    route,
    segments,
    literalCount: segments.filter((segment) => !segment.startsWith('{')).length,
    greedy: segments.at(-1)?.endsWith('+}') ?? false,
  };
}

/** Path parameters when `pathSegments` fit the template, else undefined. */
function matchTemplate(compiled: CompiledRoute, pathSegments: string[]): Record<string, string> | undefined {
  const { segments, greedy } = compiled;
  if (greedy ? pathSegments.length < segments.length : pathSegments.length !== segments.length)
    return undefined;
  const params: Record<string, string> = {};
  for (const [index, segment] of segments.entries()) {
    const actual = pathSegments[index] as string;
    const param = /^\{(\w+)(\+?)\}$/.exec(segment);
    if (!param) {
      if (segment !== actual) return undefined;
      continue;
    }
    const [, name, plus] = param as unknown as [string, string, string];
    params[name] = plus ? pathSegments.slice(index).join('/') : actual;
  }
  return params;
}

const sendProblem = (
  response: ServerResponse,
  body: ProblemBody,
  headers: Record<string, string> = {},
): void => {
  response.writeHead(body.status, { 'content-type': 'application/problem+json', ...headers });
  response.end(JSON.stringify(body));
};

const notFound = (path: string): ProblemBody =>
  problem({ status: 404, code: 'NOT_FOUND', title: '资源不存在', detail: `没有与 ${path} 对应的接口或页面` });

/** Joins repeated values with commas, as API Gateway does; cookies go to `cookies`. */
function eventHeaders(request: IncomingMessage): { headers: Record<string, string>; cookies?: string[] } {
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    if (name === 'cookie') {
      cookies = (Array.isArray(value) ? value : [value])
        .flatMap((cookie) => cookie.split(/;\s*/))
        .filter(Boolean);
      continue;
    }
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  return cookies ? { headers, cookies } : { headers };
}

function queryParameters(search: URLSearchParams): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const key of new Set(search.keys())) out[key] = search.getAll(key).join(',');
  return Object.keys(out).length > 0 ? out : undefined;
}

async function readBody(request: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).byteLength;
    if (size > limit) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function lambdaContext(
  functionName: string,
  requestId: string,
  timeoutMs: number,
  startedAt: number,
): Context {
  const deadline = startedAt + timeoutMs;
  const unsupported = () => {
    throw new Error('Callback-style completion is not supported by the local gateway');
  };
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:local:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: requestId,
    logGroupName: `/local/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}

const defaultFunctionName = (route: GatewayRoute): string =>
  `api-${route.method.toLowerCase()}${route.path.replace(/[{}+]/g, '').replace(/[^A-Za-z0-9]+/g, '-')}`.replace(
    /-+$/,
    '',
  );

/** Writes a Lambda result as API Gateway does (an object without statusCode is a 200 JSON body). */
function writeResult(response: ServerResponse, result: APIGatewayProxyResultV2 | undefined): void {
  if (result === undefined || result === null) {
    response.writeHead(200).end();
    return;
  }
  if (typeof result === 'string' || !('statusCode' in result) || result.statusCode === undefined) {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(typeof result === 'string' ? result : JSON.stringify(result));
    return;
  }
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  response.writeHead(result.statusCode, headers);
  const body = result.body ?? '';
  response.end(result.isBase64Encoded ? Buffer.from(body, 'base64') : body);
}

/** Resolves a URL path inside `root`; undefined when it would leave it (traversal, NUL, bad escapes). */
function safeStaticPath(root: string, rawPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.split(/[\\/]/).includes('..')) return undefined;
  const target = resolve(root, `.${decoded}`);
  return target === root || target.startsWith(root + sep) ? target : undefined;
}

async function fileAt(path: string): Promise<string | undefined> {
  try {
    const info = await stat(path);
    if (info.isFile()) return path;
    if (info.isDirectory()) {
      const index = resolve(path, 'index.html');
      return (await stat(index)).isFile() ? index : undefined;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

async function serveStatic(
  root: string,
  rawPath: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    sendProblem(
      response,
      problem({
        status: 405,
        code: 'METHOD_NOT_ALLOWED',
        title: '不支持该请求方法',
        detail: '静态页面只支持 GET 和 HEAD',
      }),
      { allow: 'GET, HEAD' },
    );
    return;
  }
  const target = safeStaticPath(root, rawPath);
  if (target === undefined) {
    sendProblem(
      response,
      problem({ status: 403, code: 'FORBIDDEN', title: '禁止访问', detail: '请求的路径无效' }),
    );
    return;
  }
  let file = await fileAt(target);
  // SPA fallback: a path without a file extension is a client-side route of the portal.
  if (!file && extname(target) === '') file = await fileAt(resolve(root, 'index.html'));
  if (!file) {
    sendProblem(response, notFound(rawPath));
    return;
  }
  // A symlink inside the portal build must not lead outside it either.
  const real = await realpath(file);
  if (real !== root && !real.startsWith(root + sep)) {
    sendProblem(
      response,
      problem({ status: 403, code: 'FORBIDDEN', title: '禁止访问', detail: '请求的路径无效' }),
    );
    return;
  }
  const info = await stat(real);
  response.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(real).toLowerCase()] ?? 'application/octet-stream',
    'content-length': String(info.size),
    'x-content-type-options': 'nosniff',
    'cache-control': real.endsWith('index.html') ? 'no-cache' : 'public, max-age=300',
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  createReadStream(real).pipe(response);
}

const extraMatches = (extra: ExtraRoute, method: string, path: string): boolean =>
  (extra.method === '*' || extra.method.toUpperCase() === method) &&
  (extra.path.endsWith('/*') ? path.startsWith(extra.path.slice(0, -1)) : path === extra.path);

/** Starts the gateway; resolves once it listens. */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const compiled = options.routes.map(compile);
  const staticRoot = options.staticDir === undefined ? undefined : await realpath(resolve(options.staticDir));
  const maxRequestBytes = options.maxRequestBytes ?? 10 * 1024 * 1024;
  const timeoutMs = options.timeoutMs ?? 30_000;

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    // Request time as API Gateway stamps it: the wall clock, not the platform clock.
    const startedAt = Date.now();
    const method = (request.method ?? 'GET').toUpperCase();
    const rawUrl = request.url ?? '/';
    const queryIndex = rawUrl.indexOf('?');
    const rawPath = queryIndex === -1 ? rawUrl : rawUrl.slice(0, queryIndex);
    const rawQueryString = queryIndex === -1 ? '' : rawUrl.slice(queryIndex + 1);

    const extra = options.extraRoutes?.find((candidate) => extraMatches(candidate, method, rawPath));
    const isApi = rawPath === API_PREFIX || rawPath.startsWith(`${API_PREFIX}/`);
    if (!extra && !isApi) {
      if (staticRoot) await serveStatic(staticRoot, rawPath, request, response);
      else sendProblem(response, notFound(rawPath));
      return;
    }

    const body = await readBody(request, maxRequestBytes);
    if (body === 'too-large') {
      sendProblem(
        response,
        problem({
          status: 413,
          code: 'PAYLOAD_TOO_LARGE',
          title: '请求内容过大',
          detail: '请求体超过网关 10 MB 的上限',
        }),
      );
      return;
    }
    if (extra) {
      await extra.handle(request, response, body);
      return;
    }

    let segments: string[];
    try {
      segments = rawPath
        .split('/')
        .filter((segment) => segment !== '')
        .map(decodeURIComponent);
    } catch {
      sendProblem(response, notFound(rawPath));
      return;
    }
    const candidates = compiled
      .map((entry) => ({ entry, params: matchTemplate(entry, segments) }))
      .filter(
        (candidate): candidate is { entry: CompiledRoute; params: Record<string, string> } =>
          !!candidate.params,
      )
      // API Gateway picks the most specific route: more literal segments first, greedy last.
      .sort(
        (a, b) =>
          Number(a.entry.greedy) - Number(b.entry.greedy) || b.entry.literalCount - a.entry.literalCount,
      );
    if (candidates.length === 0) {
      sendProblem(response, notFound(rawPath));
      return;
    }
    const chosen = candidates.find((candidate) => candidate.entry.route.method.toUpperCase() === method);
    if (!chosen) {
      const allow = [
        ...new Set(candidates.map((candidate) => candidate.entry.route.method.toUpperCase())),
      ].join(', ');
      if (method === 'OPTIONS') {
        response.writeHead(204, { allow }).end();
        return;
      }
      sendProblem(
        response,
        problem({
          status: 405,
          code: 'METHOD_NOT_ALLOWED',
          title: '不支持该请求方法',
          detail: `${rawPath} 不支持 ${method}，支持：${allow}`,
        }),
        { allow },
      );
      return;
    }

    const { route } = chosen.entry;
    const requestId = randomUUID();
    const { headers, cookies } = eventHeaders(request);
    const contentType = headers['content-type'] ?? '';
    const isText = body.byteLength === 0 || TEXT_BODY.test(contentType);
    const routeKey = `${route.method.toUpperCase()} ${route.path}`;
    const query = queryParameters(new URLSearchParams(rawQueryString));
    const event: APIGatewayProxyEventV2 = {
      version: '2.0',
      routeKey,
      rawPath,
      rawQueryString,
      ...(cookies ? { cookies } : {}),
      headers,
      ...(query ? { queryStringParameters: query } : {}),
      ...(Object.keys(chosen.params).length > 0 ? { pathParameters: chosen.params } : {}),
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: headers.host ?? 'localhost',
        domainPrefix: (headers.host ?? 'localhost').split('.')[0] as string,
        http: {
          method,
          path: rawPath,
          protocol: `HTTP/${request.httpVersion}`,
          sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
          userAgent: headers['user-agent'] ?? '',
        },
        requestId,
        routeKey,
        stage: '$default',
        time: new Date(startedAt).toISOString(),
        timeEpoch: startedAt,
      },
      ...(body.byteLength > 0 ? { body: isText ? body.toString('utf8') : body.toString('base64') } : {}),
      isBase64Encoded: body.byteLength > 0 && !isText,
    };
    const context = lambdaContext(
      route.functionName ?? defaultFunctionName(route),
      requestId,
      timeoutMs,
      startedAt,
    );
    let result: APIGatewayProxyResultV2 | undefined;
    try {
      result = await route.handler(event, context);
    } catch (error) {
      // API Gateway answers a crashed Lambda with a 500; we keep the platform's problem format.
      console.error(`[gateway] ${routeKey} failed`, error);
      sendProblem(response, INTERNAL_PROBLEM);
      return;
    }
    writeResult(response, result);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      console.error('[gateway] request failed', error);
      if (!response.headersSent) sendProblem(response, INTERNAL_PROBLEM);
      else response.destroy();
    });
  });
  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolveStop, rejectStop) => {
        server.close((error) => (error ? rejectStop(error) : resolveStop()));
        server.closeAllConnections();
      }),
  };
}
