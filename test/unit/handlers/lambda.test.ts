import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../../functions/adapters/memory/memory-store.ts';
import { routeGroupHandler, taskLambda } from '../../../functions/handlers/lambda.ts';
import {
  buildLiveDeps,
  liveCalendarSeed,
  liveDeps,
  liveEvidence,
  livePii,
} from '../../../functions/handlers/live-deps.ts';
import { liveStore } from '../../../functions/handlers/live-dynamodb.ts';
import type { Deps } from '../../../functions/ports/deps.ts';
import { InMemoryIdempotencyStore } from '../../../functions/shared/idempotency.ts';
import { defineRoute } from '../../../functions/shared/route.ts';

const deps = { store: new MemoryStore() } as unknown as Deps;
const context = { awsRequestId: 'r1', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;

const event = (routeKey: string): APIGatewayProxyEventV2 => {
  const [method, rawPath] = routeKey.split(' ') as [string, string];
  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString: '',
    headers: {},
    isBase64Encoded: false,
    requestContext: {
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'r1',
      routeKey,
      timeEpoch: 0,
    },
  } as unknown as APIGatewayProxyEventV2;
};

const ping = defineRoute(
  { method: 'GET', path: '/v1/ping', roles: 'public', summary: 'ping' },
  async ({ deps: d }) => ({ sameDeps: d === deps }),
);

let created = 0;
const create = defineRoute(
  {
    method: 'POST',
    path: '/v1/things',
    roles: 'public',
    summary: 'create',
    idempotent: true,
    successStatus: 201,
  },
  async () => ({ n: ++created }),
);

describe('routeGroupHandler', () => {
  it('hands the HTTP stack the idempotency store its composition root built', async () => {
    // Prepare
    const store = new InMemoryIdempotencyStore({ now: () => new Date('2026-09-28T00:00:00Z') });
    const live = Object.assign(async () => deps, { http: async () => ({ idempotencyStore: store }) });
    const handler = routeGroupHandler([create] as never, live);
    const keyed = { ...event('POST /v1/things'), headers: { 'idempotency-key': 'k-1' } };

    // Act
    const first = await handler(keyed, context);
    const replay = await handler(keyed, context);

    // Assess
    expect(first.statusCode).toBe(201);
    expect(replay.headers?.['idempotency-replayed']).toBe('true');
    expect(JSON.parse(replay.body ?? '{}')).toEqual(JSON.parse(first.body ?? '{}'));
    expect(created).toBe(1);
  });

  it('refuses an idempotent route when its composition root built no store (a 500, logged)', async () => {
    // Act
    const response = await routeGroupHandler([create] as never, async () => deps)(
      { ...event('POST /v1/things'), headers: { 'idempotency-key': 'k-2' } },
      context,
    );

    // Assess
    expect(response.statusCode).toBe(500);
  });

  it('dispatches on the route key with the deps built once', async () => {
    // Prepare
    let builds = 0;
    const handler = routeGroupHandler([ping] as never, async () => {
      builds += 1;
      return deps;
    });

    // Act
    const first = await handler(event('GET /v1/ping'), context);
    await handler(event('GET /v1/ping'), context);

    // Assess
    expect(first.statusCode).toBe(200);
    expect(JSON.parse(first.body ?? '{}')).toEqual({ sameDeps: true });
    expect(builds).toBe(1);
  });

  it('answers an unknown route key with a Chinese 404 problem', async () => {
    // Act
    const response = await routeGroupHandler([ping] as never, async () => deps)(
      event('GET /v1/nowhere'),
      context,
    );

    // Assess
    expect(response.statusCode).toBe(404);
    expect(JSON.parse(response.body ?? '{}')).toMatchObject({ code: 'NOT_FOUND', title: '接口不存在' });
  });

  it('builds its deps again after a failed build', async () => {
    // Prepare
    let attempts = 0;
    const handler = routeGroupHandler([ping] as never, async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('secrets unavailable');
      return deps;
    });

    // Act
    const failed = await handler(event('GET /v1/ping'), context).catch((error: Error) => error.message);
    const retried = await handler(event('GET /v1/ping'), context);

    // Assess
    expect(failed).toBe('secrets unavailable');
    expect(retried.statusCode).toBe(200);
  });
});

describe('taskLambda', () => {
  it('passes the payload to the task built on the live deps', async () => {
    // Act
    const result = await taskLambda(
      (d) => async (input: unknown) => ({ input, sameDeps: d === deps }),
      async () => deps,
    )({ roundId: 'r1' });

    // Assess
    expect(result).toEqual({ input: { roundId: 'r1' }, sameDeps: true });
  });
});

const LIVE_ENV = {
  EVIDENCE_BUCKET: 'evidence',
  APPLICATIONS_TABLE: 'tqa-applications',
  SANCTIONS_TABLE: 'tqa-sanctions',
  AUDIT_TABLE: 'tqa-audit',
  IDEMPOTENCY_TABLE: 'tqa-idempotency',
  ROUND_FLOW_STATE_MACHINE_ARN: 'round-flow',
  AWS_REGION: 'us-east-1',
};

describe('buildLiveDeps', () => {
  it('names every missing environment variable', async () => {
    // Act
    const message = await buildLiveDeps([liveEvidence, livePii], {}).catch((error: Error) => error.message);

    // Assess
    expect(message).toContain('EVIDENCE_BUCKET');
    expect(message).toContain('PII_KEYS_SECRET_ARN');
  });

  it('asks only for the variables of the parts a function builds', async () => {
    // Act
    const live = await buildLiveDeps([], {});

    // Assess
    expect(live.config.consentVersion).toBe('2026-01');
  });

  it('builds the calendar seed only for a function that names it', async () => {
    // Act
    const withSeed = await buildLiveDeps([liveStore, liveCalendarSeed], LIVE_ENV);
    const without = await buildLiveDeps([liveStore], LIVE_ENV);

    // Assess
    expect(withSeed.config.seedCalendarYears.map((year) => year.year)).toEqual([2024, 2025, 2026]);
    expect(() => without.config.seedCalendarYears).toThrow(/liveCalendarSeed/);
  });

  it('refuses a port whose part the function does not build, naming the fix', async () => {
    // Prepare
    const live = await buildLiveDeps([liveStore], LIVE_ENV);

    // Act / Assess
    expect(() => live.evidence.presignDownload('rounds/r1/x', 'x.pdf')).toThrow(
      /function-catalog.*liveEvidence/,
    );
    expect(() => live.workflow.resume('token', {})).toThrow(/liveWorkflow/);
  });

  it('records the parts a handler module names', () => {
    // Act / Assess
    expect(liveDeps(liveStore, livePii).parts).toEqual(['store', 'pii']);
  });
});

describe('a function deployed without the PII keys', () => {
  it('refuses personal data with a message naming the missing grant', async () => {
    // Prepare
    const live = await buildLiveDeps([liveStore, liveEvidence], LIVE_ENV);

    // Act
    const encrypt = await live.pii.encrypt('13800138000').catch((error: Error) => error.message);

    // Assess
    expect(encrypt).toContain('PII_KEYS_SECRET_ARN');
    expect(() => live.pii.lookupKey('110105194912310021')).toThrow(/function-catalog/);
  });
});
