import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DomainError } from '../../../functions/domain/errors.ts';
import type { Clock } from '../../../functions/ports/clock.ts';
import { buildHandler, type HttpStackOptions } from '../../../functions/shared/http.ts';
import {
  canonicalJson,
  InMemoryIdempotencyStore,
  idempotencyRecordKey,
  requestFingerprint,
} from '../../../functions/shared/idempotency.ts';
import { createLogger } from '../../../functions/shared/logger.ts';
import { REPLAYED_HEADER } from '../../../functions/shared/middleware/idempotency.ts';
import { routeBuilder } from '../../../functions/shared/route.ts';
import { createDevIssuer, type DevIssuer } from '../../../infra/local/dev-issuer.ts';

const context = { awsRequestId: 'req', functionName: 'f', getRemainingTimeInMillis: () => 10_000 } as Context;

class ManualClock implements Clock {
  constructor(private instant: Date) {}
  now(): Date {
    return new Date(this.instant);
  }
  advance(seconds: number): void {
    this.instant = new Date(this.instant.getTime() + seconds * 1000);
  }
}

function applicationEvent(
  roundId: string,
  body: unknown,
  headers: Record<string, string>,
): APIGatewayProxyEventV2 {
  const routeKey = 'POST /v1/rounds/{roundId}/applications';
  return {
    version: '2.0',
    routeKey,
    rawPath: `/v1/rounds/${roundId}/applications`,
    rawQueryString: '',
    headers,
    pathParameters: { roundId },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: {
      http: { method: 'POST', path: `/v1/rounds/${roundId}/applications` },
      requestId: 'r',
      routeKey,
    } as APIGatewayProxyEventV2['requestContext'],
  };
}

const bodyOf = (response: APIGatewayProxyStructuredResultV2) => JSON.parse(response.body as string);

interface Deps {
  created: string[];
  failNext?: boolean;
  gate?: Promise<void>;
}

const createApplication = routeBuilder<Deps>()(
  {
    method: 'POST',
    path: '/v1/rounds/{roundId}/applications',
    roles: ['applicant'],
    params: z.object({ roundId: z.string() }),
    body: z.object({ name: z.string(), jurisdiction: z.string() }),
    idempotent: true,
    successStatus: 201,
    summary: '创建申报 Create an application',
  },
  async ({ body, params, deps }) => {
    await deps.gate;
    if (deps.failNext) {
      deps.failNext = false;
      throw new DomainError('VERSION_CONFLICT', '请重试');
    }
    deps.created.push(body.name);
    return { applicationId: `A${deps.created.length}`, roundId: params.roundId, name: body.name };
  },
);

describe('Idempotency-Key on an idempotent route', () => {
  let issuer: DevIssuer;
  let alice: string;
  let bob: string;
  beforeAll(async () => {
    issuer = await createDevIssuer();
    alice = `Bearer ${await issuer.sign({ sub: 'alice', roles: ['applicant'] })}`;
    bob = `Bearer ${await issuer.sign({ sub: 'bob', roles: ['applicant'] })}`;
  });

  const setup = () => {
    const deps: Deps = { created: [] };
    const clock = new ManualClock(new Date('2026-09-28T01:00:00Z'));
    const store = new InMemoryIdempotencyStore(clock);
    const options: HttpStackOptions = {
      auth: issuer.authConfig,
      idempotencyStore: store,
      idempotencyTtlSeconds: 3600,
      logger: createLogger({ logLevel: 'SILENT' }),
    };
    return { deps, clock, store, handler: buildHandler(createApplication, deps, options) };
  };
  const body = { name: '太原重工', jurisdiction: '140105' };

  it('replays the stored response for the same key and body, creating nothing again', async () => {
    // Prepare
    const { deps, handler } = setup();
    const headers = { authorization: alice, 'idempotency-key': 'k-1' };

    // Act
    const first = await handler(applicationEvent('R1', body, headers), context);
    const second = await handler(
      applicationEvent('R1', { jurisdiction: '140105', name: '太原重工' }, headers),
      context,
    );

    // Assess
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(bodyOf(second)).toEqual(bodyOf(first));
    expect(second.headers?.[REPLAYED_HEADER]).toBe('true');
    expect(first.headers?.[REPLAYED_HEADER]).toBeUndefined();
    expect(deps.created).toEqual(['太原重工']);
  });

  it('refuses the same key with another body: 422 IDEMPOTENCY_CONFLICT in Chinese', async () => {
    // Prepare
    const { deps, handler } = setup();
    const headers = { authorization: alice, 'idempotency-key': 'k-2' };
    await handler(applicationEvent('R1', body, headers), context);

    // Act
    const response = await handler(applicationEvent('R1', { ...body, name: '山西焦煤' }, headers), context);

    // Assess
    expect(response.statusCode).toBe(422);
    expect(bodyOf(response)).toMatchObject({
      code: 'IDEMPOTENCY_CONFLICT',
      title: '幂等键已用于不同的请求',
      detail: '该 Idempotency-Key 已用于另一个请求，请为新请求使用新的键',
    });
    expect(deps.created).toEqual(['太原重工']);
  });

  it('treats the same key on another path as another request (422)', async () => {
    // Prepare
    const { handler } = setup();
    const headers = { authorization: alice, 'idempotency-key': 'k-3' };
    await handler(applicationEvent('R1', body, headers), context);

    // Act
    const response = await handler(applicationEvent('R2', body, headers), context);

    // Assess
    expect(response.statusCode).toBe(422);
  });

  it('keeps callers apart: the same key from another user is another request', async () => {
    // Prepare
    const { deps, handler } = setup();

    // Act
    await handler(
      applicationEvent('R1', body, { authorization: alice, 'idempotency-key': 'shared' }),
      context,
    );
    const fromBob = await handler(
      applicationEvent('R1', body, { authorization: bob, 'idempotency-key': 'shared' }),
      context,
    );

    // Assess
    expect(fromBob.statusCode).toBe(201);
    expect(fromBob.headers?.[REPLAYED_HEADER]).toBeUndefined();
    expect(deps.created).toHaveLength(2);
  });

  it('runs every request without a key', async () => {
    // Prepare
    const { deps, handler } = setup();

    // Act
    await handler(applicationEvent('R1', body, { authorization: alice }), context);
    await handler(applicationEvent('R1', body, { authorization: alice }), context);

    // Assess
    expect(deps.created).toHaveLength(2);
  });

  it('releases the key when the request fails, so a retry runs again', async () => {
    // Prepare
    const { deps, handler } = setup();
    const headers = { authorization: alice, 'idempotency-key': 'k-4' };
    deps.failNext = true;

    // Act
    const failed = await handler(applicationEvent('R1', body, headers), context);
    const retried = await handler(applicationEvent('R1', body, headers), context);

    // Assess
    expect(failed.statusCode).toBe(409);
    expect(retried.statusCode).toBe(201);
    expect(retried.headers?.[REPLAYED_HEADER]).toBeUndefined();
    expect(deps.created).toEqual(['太原重工']);
  });

  it('answers 409 while the first request with the key is still running', async () => {
    // Prepare
    const { deps, handler } = setup();
    let open: () => void = () => {};
    deps.gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const headers = { authorization: alice, 'idempotency-key': 'k-5' };

    // Act
    const running = handler(applicationEvent('R1', body, headers), context);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const concurrent = await handler(applicationEvent('R1', body, headers), context);
    open();
    const first = await running;

    // Assess
    expect(concurrent.statusCode).toBe(409);
    expect(bodyOf(concurrent).detail).toBe('使用同一 Idempotency-Key 的请求正在处理中，请稍后重试');
    expect(first.statusCode).toBe(201);
    expect(deps.created).toHaveLength(1);
  });

  it('forgets a key once its time to live has passed', async () => {
    // Prepare
    const { deps, clock, handler } = setup();
    const headers = { authorization: alice, 'idempotency-key': 'k-6' };
    await handler(applicationEvent('R1', body, headers), context);

    // Act
    clock.advance(3601);
    const later = await handler(applicationEvent('R1', body, headers), context);

    // Assess
    expect(later.headers?.[REPLAYED_HEADER]).toBeUndefined();
    expect(deps.created).toHaveLength(2);
  });

  it('refuses a malformed key with 400', async () => {
    // Prepare
    const { handler } = setup();

    // Act
    const response = await handler(
      applicationEvent('R1', body, { authorization: alice, 'idempotency-key': 'x'.repeat(256) }),
      context,
    );

    // Assess
    expect(response.statusCode).toBe(400);
    expect(bodyOf(response).errors[0].path).toBe('headers.idempotency-key');
  });
});

describe('InMemoryIdempotencyStore', () => {
  it('lets one claim win, completes it, and releases only in-progress claims', async () => {
    // Prepare
    const store = new InMemoryIdempotencyStore(new ManualClock(new Date('2026-01-01T00:00:00Z')));
    const key = idempotencyRecordKey('alice', 'POST /v1/x', 'k');

    // Act
    const first = await store.putInProgress(key, 'h1', 60);
    const second = await store.putInProgress(key, 'h1', 60);
    await store.complete(key, { statusCode: 201, body: '{}' }, 3600);
    await store.release(key);
    const record = await store.get(key);

    // Assess
    expect([first, second]).toEqual([true, false]);
    expect(record).toMatchObject({ key, bodyHash: 'h1', status: 'completed', response: { statusCode: 201 } });
  });

  it('fingerprints JSON regardless of key order', () => {
    // Act / Assess
    expect(canonicalJson({ b: [1, { d: 1, c: 2 }], a: null, z: undefined })).toBe(
      '{"a":null,"b":[1,{"c":2,"d":1}]}',
    );
    expect(requestFingerprint({ a: 1, b: 2 })).toBe(requestFingerprint({ b: 2, a: 1 }));
    expect(requestFingerprint({ a: 1 })).not.toBe(requestFingerprint({ a: 2 }));
  });
});
