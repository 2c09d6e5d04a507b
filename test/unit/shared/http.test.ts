import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { DomainError } from '../../../functions/domain/errors.ts';
import { buildHandler, type HttpStackOptions } from '../../../functions/shared/http.ts';
import { createLogger } from '../../../functions/shared/logger.ts';
import { jsonDepth } from '../../../functions/shared/middleware/json-body.ts';
import { defineRoute, respond, routeBuilder, routesTable } from '../../../functions/shared/route.ts';
import { createDevIssuer, type DevIssuer } from '../../../infra/local/dev-issuer.ts';

const context = {
  awsRequestId: 'req-1',
  functionName: 'test-function',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:local:lambda:local:000000000000:function:test-function',
  memoryLimitInMB: '512',
  getRemainingTimeInMillis: () => 10_000,
} as Context;

interface EventParts {
  headers?: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
  query?: Record<string, string>;
  params?: Record<string, string>;
}

/** An API Gateway v2 event as the HTTP API sends it. */
function httpEvent(routeKey: string, rawPath: string, parts: EventParts = {}): APIGatewayProxyEventV2 {
  const [method] = routeKey.split(' ') as [string];
  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString: new URLSearchParams(parts.query ?? {}).toString(),
    headers: parts.headers ?? {},
    ...(parts.query ? { queryStringParameters: parts.query } : {}),
    ...(parts.params ? { pathParameters: parts.params } : {}),
    ...(parts.body === undefined ? {} : { body: parts.body }),
    isBase64Encoded: parts.isBase64Encoded ?? false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'test',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: 'req-1',
      routeKey,
      stage: '$default',
      time: '28/Nov/2026:05:00:00 +0000',
      timeEpoch: 0,
    },
  };
}

const bodyOf = (response: APIGatewayProxyStructuredResultV2) => JSON.parse(response.body as string);

interface Deps {
  created: string[];
}
const defineTestRoute = routeBuilder<Deps>();

const getApplication = defineTestRoute(
  {
    method: 'GET',
    path: '/v1/rounds/{roundId}/applications/{id}',
    roles: 'signed-in',
    params: z.object({ roundId: z.string().min(2), id: z.string().startsWith('A') }),
    query: z.object({ limit: z.coerce.number().int().max(100).default(20) }),
    summary: '查看申报 Get an application',
  },
  async ({ params, query, actor }) => ({ ...params, limit: query.limit, viewer: actor.sub }),
);

const createRound = defineTestRoute(
  {
    method: 'POST',
    path: '/v1/rounds',
    roles: ['staff'],
    body: z.object({
      title: z.string().min(1),
      ordinal: z.number().int().positive(),
      callOpensAt: z.iso.datetime(),
    }),
    successStatus: 201,
    summary: '创建评选届次 Create a round',
  },
  async ({ body, deps }) => {
    deps.created.push(body.title);
    return { roundId: `R${deps.created.length}`, title: body.title };
  },
);

describe('the HTTP stack (buildHandler)', () => {
  let issuer: DevIssuer;
  let options: HttpStackOptions;
  let staffToken: string;
  let applicantToken: string;
  beforeAll(async () => {
    issuer = await createDevIssuer();
    options = { auth: issuer.authConfig, logger: createLogger({ logLevel: 'SILENT' }) };
    staffToken = await issuer.sign({ sub: 'staff-1', roles: ['staff'], name: '王五' });
    applicantToken = await issuer.sign({ sub: 'app-1', roles: ['applicant'] });
  });

  it('answers JSON with the handler result, params and query parsed', async () => {
    // Prepare
    const handler = buildHandler(getApplication, { created: [] }, options);
    const event = httpEvent('GET /v1/rounds/{roundId}/applications/{id}', '/v1/rounds/R1/applications/A7', {
      headers: { authorization: `Bearer ${applicantToken}` },
      params: { roundId: 'R1', id: 'A7' },
      query: { limit: '5' },
    });

    // Act
    const response = await handler(event, context);

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.headers?.['content-type']).toBe('application/json');
    expect(bodyOf(response)).toEqual({ roundId: 'R1', id: 'A7', limit: 5, viewer: 'app-1' });
  });

  it('creates with the route success status', async () => {
    // Prepare
    const deps = { created: [] as string[] };
    const handler = buildHandler(createRound, deps, options);
    const event = httpEvent('POST /v1/rounds', '/v1/rounds', {
      headers: { authorization: `Bearer ${staffToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: '第三届', ordinal: 3, callOpensAt: '2026-09-01T00:00:00Z' }),
    });

    // Act
    const response = await handler(event, context);

    // Assess
    expect(response.statusCode).toBe(201);
    expect(bodyOf(response)).toEqual({ roundId: 'R1', title: '第三届' });
    expect(deps.created).toEqual(['第三届']);
  });

  it('reads a base64-encoded body', async () => {
    // Prepare
    const handler = buildHandler(createRound, { created: [] }, options);
    const json = JSON.stringify({ title: '第四届', ordinal: 4, callOpensAt: '2029-09-01T00:00:00Z' });
    const event = httpEvent('POST /v1/rounds', '/v1/rounds', {
      headers: { authorization: `Bearer ${staffToken}` },
      body: Buffer.from(json).toString('base64'),
      isBase64Encoded: true,
    });

    // Act
    const response = await handler(event, context);

    // Assess
    expect(response.statusCode).toBe(201);
  });

  it('answers 401 problem+json without a token', async () => {
    // Prepare
    const handler = buildHandler(createRound, { created: [] }, options);

    // Act
    const response = await handler(httpEvent('POST /v1/rounds', '/v1/rounds', { body: '{}' }), context);

    // Assess
    expect(response.statusCode).toBe(401);
    expect(response.headers).toMatchObject({
      'content-type': 'application/problem+json',
      'www-authenticate': 'Bearer',
    });
    expect(bodyOf(response)).toEqual({
      type: 'https://taiyuan-quality-award/problems/unauthenticated',
      title: '未登录或登录已失效',
      status: 401,
      code: 'UNAUTHENTICATED',
      detail: '缺少身份令牌，请先登录',
      errors: [],
    });
  });

  it('answers 403 naming the role in Chinese', async () => {
    // Prepare
    const deps = { created: [] as string[] };
    const handler = buildHandler(createRound, deps, options);
    const event = httpEvent('POST /v1/rounds', '/v1/rounds', {
      headers: { authorization: `Bearer ${applicantToken}` },
      body: JSON.stringify({ title: 'x', ordinal: 1, callOpensAt: '2026-09-01T00:00:00Z' }),
    });

    // Act
    const response = await handler(event, context);

    // Assess
    expect(response.statusCode).toBe(403);
    expect(bodyOf(response)).toMatchObject({ code: 'FORBIDDEN', detail: '此操作仅限评选办工作人员执行' });
    expect(deps.created).toEqual([]);
  });

  it('answers 400 listing every failing field of params, query and body together', async () => {
    // Prepare
    const route = defineRoute(
      {
        method: 'PUT',
        path: '/v1/applications/{id}/scores/{stage}',
        roles: 'signed-in',
        params: z.object({ id: z.string(), stage: z.enum(['material', 'onsite', 'defense']) }),
        query: z.object({ dryRun: z.enum(['true', 'false']).optional() }),
        body: z.object({
          items: z.record(z.string(), z.number().int().min(0)),
          comment: z.string().max(3).optional(),
        }),
        summary: '评分 Score',
      },
      async () => ({ ok: true }),
    );
    const handler = buildHandler(route, undefined, options);
    const event = httpEvent('PUT /v1/applications/{id}/scores/{stage}', '/v1/applications/A1/scores/final', {
      headers: { authorization: `Bearer ${applicantToken}` },
      params: { id: 'A1', stage: 'final' },
      query: { dryRun: 'maybe' },
      body: JSON.stringify({ items: { '4.1.1': -1, '4.1.2': 'ten' }, comment: '太长的评语' }),
    });

    // Act
    const response = await handler(event, context);

    // Assess
    expect(response.statusCode).toBe(400);
    const problem = bodyOf(response);
    expect(problem).toMatchObject({
      code: 'VALIDATION_FAILED',
      title: '请求内容不符合要求',
      detail: '请求内容有 5 处不符合要求',
    });
    expect(problem.errors).toEqual([
      {
        path: 'params.stage',
        code: 'VALIDATION_FAILED',
        message: '取值必须为以下之一：material、onsite、defense',
      },
      { path: 'query.dryRun', code: 'VALIDATION_FAILED', message: '取值必须为以下之一：true、false' },
      { path: 'items["4.1.1"]', code: 'VALIDATION_FAILED', message: '不能小于 0' },
      { path: 'items["4.1.2"]', code: 'VALIDATION_FAILED', message: '应为数字' },
      { path: 'comment', code: 'VALIDATION_FAILED', message: '不能超过 3 个字符' },
    ]);
  });

  it('answers 400 for malformed JSON and for a missing body', async () => {
    // Prepare
    const handler = buildHandler(createRound, { created: [] }, options);
    const headers = { authorization: `Bearer ${staffToken}` };

    // Act
    const malformed = await handler(
      httpEvent('POST /v1/rounds', '/v1/rounds', { headers, body: '{"title": ' }),
      context,
    );
    const missing = await handler(httpEvent('POST /v1/rounds', '/v1/rounds', { headers }), context);

    // Assess
    expect(malformed.statusCode).toBe(400);
    expect(bodyOf(malformed)).toMatchObject({ code: 'VALIDATION_FAILED', detail: '请求体不是有效的 JSON' });
    expect(missing.statusCode).toBe(400);
    expect(bodyOf(missing).errors).toEqual([
      { path: '', code: 'VALIDATION_FAILED', message: '请求体不能为空' },
    ]);
  });

  it('answers 400 for a body nested too deeply, before any step walks it', async () => {
    // Prepare
    const handler = buildHandler(createRound, { created: [] }, options);
    const headers = { authorization: `Bearer ${staffToken}`, 'idempotency-key': 'deep-1' };
    const deep = `{"title":"第一届","extra":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    const shallow = `{"title":"[[[[${'['.repeat(100)}","ordinal":1,"callOpensAt":"2026-03-01T00:00:00Z","extra":[[[1]]]}`;

    // Act
    const refused = await handler(
      httpEvent('POST /v1/rounds', '/v1/rounds', { headers, body: deep }),
      context,
    );
    const accepted = await handler(
      httpEvent('POST /v1/rounds', '/v1/rounds', {
        headers: { authorization: headers.authorization },
        body: shallow,
      }),
      context,
    );

    // Assess
    expect(refused.statusCode).toBe(400);
    expect(bodyOf(refused)).toMatchObject({
      code: 'VALIDATION_FAILED',
      detail: expect.stringContaining('嵌套层级'),
    });
    expect(accepted.statusCode).toBe(201);
    expect(jsonDepth('{"a":[{"b":"]]]}}}"}],"c":{}}')).toBe(3);
    expect(jsonDepth('"\\"[')).toBe(0);
  });

  it('answers 400 naming each number too close to zero to be stored', async () => {
    // Prepare
    const handler = buildHandler(createRound, { created: [] }, options);
    const headers = { authorization: `Bearer ${staffToken}` };
    const body =
      '{"title":"第一届","ordinal":1,"callOpensAt":"2026-03-01T00:00:00Z","w":{"a":[0,1e-320]},"x":-1e-200}';

    // Act
    const refused = await handler(httpEvent('POST /v1/rounds', '/v1/rounds', { headers, body }), context);

    // Assess
    expect(refused.statusCode).toBe(400);
    expect(bodyOf(refused).errors).toEqual([
      { path: 'w.a[1]', code: 'VALIDATION_FAILED', message: '数值过小，无法保存' },
      { path: 'x', code: 'VALIDATION_FAILED', message: '数值过小，无法保存' },
    ]);
  });

  it('answers 413 above the body limit, from the stack option or the route', async () => {
    // Prepare
    const small = buildHandler(createRound, { created: [] }, { ...options, maxBodyBytes: 64 });
    const tinyRoute = defineRoute({ ...createRound, maxBodyBytes: 10 }, async () => ({}));
    const tiny = buildHandler(tinyRoute, undefined, options);
    const body = JSON.stringify({
      title: '很长'.repeat(40),
      ordinal: 1,
      callOpensAt: '2026-09-01T00:00:00Z',
    });
    const event = () =>
      httpEvent('POST /v1/rounds', '/v1/rounds', {
        headers: { authorization: `Bearer ${staffToken}` },
        body,
      });

    // Act
    const fromOption = await small(event(), context);
    const fromRoute = await tiny(event(), context);

    // Assess
    expect(fromOption.statusCode).toBe(413);
    expect(bodyOf(fromOption)).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      detail: '请求体超过 64 字节 的上限',
    });
    expect(fromRoute.statusCode).toBe(413);
  });

  it('maps a DomainError from the handler to its status', async () => {
    // Prepare
    const route = defineRoute(
      {
        method: 'POST',
        path: '/v1/windows/{windowId}/extension',
        roles: ['staff'],
        summary: '延长公示 Extend',
      },
      async () => {
        throw new DomainError('WINDOW_CLOSED', '公示期已于 2026-10-10 结束');
      },
    );
    const handler = buildHandler(route, undefined, options);

    // Act
    const response = await handler(
      httpEvent('POST /v1/windows/{windowId}/extension', '/v1/windows/W1/extension', {
        headers: { authorization: `Bearer ${staffToken}` },
        params: { windowId: 'W1' },
      }),
      context,
    );

    // Assess
    expect(response.statusCode).toBe(409);
    expect(bodyOf(response)).toMatchObject({
      code: 'WINDOW_CLOSED',
      title: '公示期已结束',
      detail: '公示期已于 2026-10-10 结束',
    });
  });

  it('answers 500 with no internals for an unexpected error, and logs it masked', async () => {
    // Prepare
    const route = defineRoute(
      { method: 'GET', path: '/v1/boom', roles: 'public', summary: '故障 Boom' },
      async () => {
        throw new Error('connect ECONNREFUSED 10.0.0.7:8000 while reading 110101199003074514');
      },
    );
    const lines: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(chunk.toString());
      return true;
    });
    const handler = buildHandler(route, undefined, {
      ...options,
      logger: createLogger({ serviceName: 'test' }),
    });

    // Act
    const response = await handler(httpEvent('GET /v1/boom', '/v1/boom'), context);
    spy.mockRestore();

    // Assess
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('ECONNREFUSED');
    expect(bodyOf(response)).toMatchObject({ code: 'INTERNAL_ERROR', title: '服务器内部错误' });
    const logged = lines.join('');
    expect(logged).toContain('ECONNREFUSED');
    expect(logged).not.toContain('110101199003074514');
  });

  it('skips auth on public routes, and answers 204 or an explicit response', async () => {
    // Prepare
    const quiet = defineRoute(
      { method: 'POST', path: '/v1/ping', roles: 'public', summary: 'Ping' },
      async ({ actor }) => {
        expect(actor).toBeUndefined();
      },
    );
    const accepted = defineRoute(
      { method: 'POST', path: '/v1/jobs', roles: 'public', summary: 'Job' },
      async () => respond(202, { jobId: 'J1' }, { location: '/v1/jobs/J1' }),
    );

    // Act
    const none = await buildHandler(
      quiet,
      undefined,
      options,
    )(httpEvent('POST /v1/ping', '/v1/ping', { headers: { authorization: 'Bearer whatever' } }), context);
    const explicit = await buildHandler(
      accepted,
      undefined,
      options,
    )(httpEvent('POST /v1/jobs', '/v1/jobs'), context);

    // Assess
    expect(none.statusCode).toBe(204);
    expect(none.body).toBeUndefined();
    expect(explicit.statusCode).toBe(202);
    expect(explicit.headers).toMatchObject({ location: '/v1/jobs/J1', 'content-type': 'application/json' });
    expect(bodyOf(explicit)).toEqual({ jobId: 'J1' });
  });

  it('adds CORS headers for an allowed origin only', async () => {
    // Prepare
    const route = defineRoute(
      { method: 'GET', path: '/v1/health', roles: 'public', summary: '健康 Health' },
      async () => ({
        status: 'ok',
      }),
    );
    const handler = buildHandler(route, undefined, {
      ...options,
      cors: { allowedOrigins: ['https://portal.example'] },
    });

    // Act
    const allowed = await handler(
      httpEvent('GET /v1/health', '/v1/health', { headers: { Origin: 'https://portal.example' } }),
      context,
    );
    const other = await handler(
      httpEvent('GET /v1/health', '/v1/health', { headers: { origin: 'https://evil.example' } }),
      context,
    );

    // Assess
    expect(allowed.headers).toMatchObject({
      'access-control-allow-origin': 'https://portal.example',
      vary: 'origin',
    });
    expect(other.headers).not.toHaveProperty('access-control-allow-origin');
  });

  it('answers 500 when a protected route has no auth configuration', async () => {
    // Prepare
    const handler = buildHandler(
      createRound,
      { created: [] },
      { logger: createLogger({ logLevel: 'SILENT' }) },
    );

    // Act
    const response = await handler(
      httpEvent('POST /v1/rounds', '/v1/rounds', { headers: { authorization: `Bearer ${staffToken}` } }),
      context,
    );

    // Assess
    expect(response.statusCode).toBe(500);
    expect(bodyOf(response).code).toBe('INTERNAL_ERROR');
  });
});

describe('route definitions', () => {
  it('lists routes by path and method and refuses duplicates', () => {
    // Act
    const table = routesTable<Deps>([createRound, getApplication]);

    // Assess
    expect(table.map((entry) => entry.routeKey)).toEqual([
      'POST /v1/rounds',
      'GET /v1/rounds/{roundId}/applications/{id}',
    ]);
    expect(() => routesTable([createRound, createRound])).toThrow('Duplicate route: POST /v1/rounds');
  });

  it('refuses a malformed path template', () => {
    // Act / Assess
    expect(() =>
      defineRoute({ method: 'GET', path: 'v1/no-slash', roles: 'public', summary: 'x' }, async () => 1),
    ).toThrow('Invalid route path template');
  });
});
