/**
 * The local gateway end to end: real HTTP requests (fetch) through the gateway into handlers built
 * by the shared middy stack, plus the portal's static files.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { bindRoutes } from '../../functions/shared/http.ts';
import { InMemoryIdempotencyStore } from '../../functions/shared/idempotency.ts';
import { createLogger } from '../../functions/shared/logger.ts';
import { routeBuilder } from '../../functions/shared/route.ts';
import { createDevIssuer, type DevIssuer } from '../../infra/local/dev-issuer.ts';
import { type Gateway, startGateway } from '../../infra/local/gateway.ts';
import { realClock } from '../../infra/local/platform-clock.ts';

interface Deps {
  objections: { objectionId: string; applicationId: string }[];
}
const defineRoute = routeBuilder<Deps>();

const fileObjection = defineRoute(
  {
    method: 'POST',
    path: '/v1/public/notices/{windowId}/objections',
    roles: 'public',
    params: z.object({ windowId: z.string().regex(/^W\d+$/) }),
    body: z.object({
      applicationId: z.string(),
      name: z.string().min(1),
      phone: z.string().regex(/^1\d{10}$/),
    }),
    idempotent: true,
    successStatus: 201,
    summary: '提出异议 File an objection',
  },
  async ({ body, deps }) => {
    const objectionId = `O${deps.objections.length + 1}`;
    deps.objections.push({ objectionId, applicationId: body.applicationId });
    return { objectionId };
  },
);

const listObjections = defineRoute(
  {
    method: 'GET',
    path: '/v1/rounds/{roundId}/objections',
    roles: ['staff', 'supervisor'],
    query: z.object({ status: z.enum(['pending', 'upheld', 'dismissed']).optional() }),
    summary: '异议列表 List objections',
  },
  async ({ params, query, actor, deps }) => ({
    roundId: params.roundId,
    status: query.status ?? null,
    viewer: actor.sub,
    items: deps.objections,
  }),
);

/** A bare Lambda handler that echoes what the gateway gave it. */
const echo = async (event: APIGatewayProxyEventV2, context: Context) => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    event,
    context: {
      awsRequestId: context.awsRequestId,
      functionName: context.functionName,
      remaining: context.getRemainingTimeInMillis(),
    },
  }),
});

/** A raw request (fetch would normalize `..` away before sending). */
function rawGet(base: string, path: string): Promise<{ status: number; body: string }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('local gateway', () => {
  let gateway: Gateway;
  let issuer: DevIssuer;
  let staticDir: string;
  let secretDir: string;
  let staff: string;
  let applicant: string;
  const deps: Deps = { objections: [] };

  beforeAll(async () => {
    issuer = await createDevIssuer();
    staff = `Bearer ${await issuer.sign({ sub: 'staff-1', roles: ['staff'] })}`;
    applicant = `Bearer ${await issuer.sign({ sub: 'app-1', roles: ['applicant'] })}`;
    const root = await mkdtemp(join(tmpdir(), 'gateway-'));
    staticDir = join(root, 'web');
    secretDir = root;
    await mkdir(join(staticDir, 'assets'), { recursive: true });
    await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>太原市政府质量奖</title>');
    await writeFile(join(staticDir, 'assets', 'app.js'), 'console.log("portal");');
    await writeFile(join(staticDir, 'assets', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    await writeFile(join(secretDir, 'secret.txt'), 'top secret');

    const routes = bindRoutes<Deps>([fileObjection, listObjections], deps, {
      auth: issuer.authConfig,
      idempotencyStore: new InMemoryIdempotencyStore(realClock),
      maxBodyBytes: 1024,
      logger: createLogger({ logLevel: 'SILENT' }),
    });
    gateway = await startGateway({
      port: 0,
      routes: [
        ...routes,
        { method: 'POST', path: '/v1/applications/{id}/evidence/{evidenceId}/complete', handler: echo },
        { method: 'GET', path: '/v1/echo/{proxy+}', handler: echo },
      ],
      staticDir,
      extraRoutes: [
        {
          method: 'GET',
          path: '/v1/dev/jwks.json',
          handle: (_request, response) => {
            response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(issuer.jwks));
          },
        },
      ],
    });
  });

  afterAll(async () => {
    await gateway?.stop();
    await rm(secretDir, { recursive: true, force: true });
  });

  const api = (path: string, init: RequestInit = {}) => fetch(`${gateway.url}${path}`, init);
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    api(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('answers a signed-in request with JSON', async () => {
    // Act
    const response = await api('/v1/rounds/R1/objections?status=pending', {
      headers: { authorization: staff },
    });

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ roundId: 'R1', status: 'pending', viewer: 'staff-1', items: [] });
  });

  it('creates once and replays for the same Idempotency-Key', async () => {
    // Prepare
    const objection = { applicationId: 'A1', name: '赵六', phone: '13912345678' };
    const headers = { 'idempotency-key': 'objection-1' };

    // Act
    const first = await post('/v1/public/notices/W1/objections', objection, headers);
    const again = await post('/v1/public/notices/W1/objections', objection, headers);
    const conflict = await post('/v1/public/notices/W1/objections', { ...objection, name: '钱七' }, headers);

    // Assess
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotency-replayed')).toBe('true');
    expect(await again.json()).toEqual(await first.json());
    expect(conflict.status).toBe(422);
    expect((await conflict.json()).code).toBe('IDEMPOTENCY_CONFLICT');
    expect(deps.objections).toHaveLength(1);
  });

  it('answers 400 problem+json listing every field', async () => {
    // Act
    const response = await post('/v1/public/notices/X9/objections', { applicationId: 7, phone: '123' });

    // Assess
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const problem = await response.json();
    expect(problem).toMatchObject({
      type: 'https://taiyuan-quality-award/problems/validation-failed',
      title: '请求内容不符合要求',
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    expect(problem.errors.map((error: { path: string }) => error.path)).toEqual([
      'params.windowId',
      'applicationId',
      'name',
      'phone',
    ]);
  });

  it('answers 400 for malformed JSON', async () => {
    // Act
    const response = await post('/v1/public/notices/W1/objections', '{"name": 赵');

    // Assess
    expect(response.status).toBe(400);
    expect((await response.json()).detail).toBe('请求体不是有效的 JSON');
  });

  it('answers 401 without a token and 403 with the wrong role', async () => {
    // Act
    const anonymous = await api('/v1/rounds/R1/objections');
    const forbidden = await api('/v1/rounds/R1/objections', { headers: { authorization: applicant } });

    // Assess
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    expect((await anonymous.json()).code).toBe('UNAUTHENTICATED');
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toMatchObject({
      code: 'FORBIDDEN',
      detail: '此操作仅限评选办工作人员或监督人员执行',
    });
  });

  it('answers 404 in Chinese for an unknown API route and 405 for a wrong method', async () => {
    // Act
    const unknown = await api('/v1/nowhere');
    const wrongMethod = await api('/v1/rounds/R1/objections', {
      method: 'DELETE',
      headers: { authorization: staff },
    });

    // Assess
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json');
    expect(await unknown.json()).toMatchObject({ code: 'NOT_FOUND', title: '资源不存在' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET');
    expect(await wrongMethod.json()).toMatchObject({ code: 'METHOD_NOT_ALLOWED', title: '不支持该请求方法' });
  });

  it('answers 413 for a body above the limit', async () => {
    // Act
    const response = await post('/v1/public/notices/W1/objections', {
      applicationId: 'A1',
      name: '赵'.repeat(400),
      phone: '13912345678',
    });

    // Assess
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      detail: '请求体超过 1 KiB 的上限',
    });
  });

  it('hands the handler an API Gateway v2 event and a Lambda-like context', async () => {
    // Act
    const response = await api('/v1/applications/A%201/evidence/E2/complete?x=1&x=2&y=%E4%B8%AD', {
      method: 'POST',
      headers: { 'X-Custom': 'yes', cookie: 'a=1; b=2', 'content-type': 'application/octet-stream' },
      body: new Uint8Array([0, 1, 2, 255]),
    });
    const { event, context } = await response.json();

    // Assess
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'POST /v1/applications/{id}/evidence/{evidenceId}/complete',
      rawPath: '/v1/applications/A%201/evidence/E2/complete',
      rawQueryString: 'x=1&x=2&y=%E4%B8%AD',
      queryStringParameters: { x: '1,2', y: '中' },
      pathParameters: { id: 'A 1', evidenceId: 'E2' },
      cookies: ['a=1', 'b=2'],
      headers: { 'x-custom': 'yes' },
      isBase64Encoded: true,
      body: Buffer.from([0, 1, 2, 255]).toString('base64'),
      requestContext: {
        http: { method: 'POST', path: '/v1/applications/A%201/evidence/E2/complete', sourceIp: '127.0.0.1' },
        routeKey: 'POST /v1/applications/{id}/evidence/{evidenceId}/complete',
        stage: '$default',
      },
    });
    expect(event.requestContext.requestId).toBe(context.awsRequestId);
    expect(typeof event.requestContext.timeEpoch).toBe('number');
    expect(context.functionName).toBe('api-post-v1-applications-id-evidence-evidenceId-complete');
    expect(context.remaining).toBeGreaterThan(25_000);
  });

  it('matches a greedy path parameter', async () => {
    // Act
    const { event } = await (await api('/v1/echo/a/b/c')).json();

    // Assess
    expect(event.pathParameters).toEqual({ proxy: 'a/b/c' });
  });

  it('serves extra local-only routes', async () => {
    // Act
    const response = await api('/v1/dev/jwks.json');

    // Assess
    expect(await response.json()).toEqual(issuer.jwks);
  });

  it('serves the portal files with their content types', async () => {
    // Act
    const script = await api('/assets/app.js');
    const svg = await api('/assets/logo.svg');
    const index = await api('/');

    // Assess
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('console.log("portal");');
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
  });

  it('falls back to index.html for client-side routes, not for missing assets', async () => {
    // Act
    const route = await api('/rounds/R1/applications');
    const missing = await api('/assets/missing.js');

    // Assess
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('太原市政府质量奖');
    expect(missing.status).toBe(404);
  });

  it('refuses path traversal out of the portal directory', async () => {
    // Act
    const attempts = await Promise.all(
      [
        '/../secret.txt',
        '/assets/../../secret.txt',
        '/..%2fsecret.txt',
        '/%2e%2e/secret.txt',
        '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      ].map((path) => rawGet(gateway.url, path)),
    );

    // Assess
    for (const attempt of attempts) {
      expect(attempt.body).not.toContain('top secret');
      expect(attempt.status).toBe(403);
    }
  });
});
