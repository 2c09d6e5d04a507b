import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import {
  type IdempotencyStore,
  InMemoryIdempotencyStore,
  idempotencyRecordKey,
  requestFingerprint,
} from '../../../../functions/shared/idempotency.ts';
import { createLogger } from '../../../../functions/shared/logger.ts';
import { idempotency } from '../../../../functions/shared/middleware/idempotency.ts';
import { jsonBody } from '../../../../functions/shared/middleware/json-body.ts';
import type {
  HttpContext,
  HttpInternal,
  IdempotencyClaim,
} from '../../../../functions/shared/middleware/request.ts';
import { SettableClock } from '../../../support/fakes.ts';
import { httpEvent, lambdaContext } from './http-event.ts';

const ROUTE_KEY = 'POST /v1/rounds/{roundId}/notes';

/** A store that claims and releases in memory but cannot store a completed response. */
class StoreFailingToComplete extends InMemoryIdempotencyStore {
  override async complete(): Promise<void> {
    throw new Error('ProvisionedThroughputExceededException');
  }
}

/** A public route behind json-body and idempotency that answers with the claim it was handed. */
function claimingRoute(store: IdempotencyStore, errors: unknown[] = []) {
  const logger = createLogger({ logLevel: 'SILENT' });
  logger.error = (_message: unknown, ...extra: unknown[]) => {
    errors.push(...extra);
  };
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, HttpContext, HttpInternal>(
    async (_event: APIGatewayProxyEventV2, context: HttpContext) => ({
      statusCode: 201,
      body: JSON.stringify(context.idempotency ?? null),
    }),
  )
    .use(jsonBody({ maxBytes: 1024 }))
    .use(idempotency({ store, routeKey: ROUTE_KEY, ttlSeconds: 3600, logger }));
}

const clock = () => new SettableClock(new Date('2026-09-28T00:00:00Z'));
const event = (key?: string) =>
  httpEvent(ROUTE_KEY, {
    headers: key === undefined ? {} : { 'idempotency-key': key },
    params: { roundId: 'R1' },
    body: '{"text":"笔记","n":1}',
  });

describe('the idempotency middleware', () => {
  it('hands its claim to the handler on the context, for a use case to commit with its own writes', async () => {
    // Prepare
    const store = new InMemoryIdempotencyStore(clock());
    const context = lambdaContext();

    // Act
    const response = await claimingRoute(store)(event('k-1'), context);

    // Assess
    const claim: IdempotencyClaim = JSON.parse(response.body as string);
    expect(claim).toEqual({
      key: idempotencyRecordKey('public', ROUTE_KEY, 'k-1'),
      fingerprint: requestFingerprint({ params: { roundId: 'R1' }, query: {}, body: { n: 1, text: '笔记' } }),
      ttlSeconds: 3600,
    });
    expect(await store.get(claim.key)).toMatchObject({ status: 'completed', bodyHash: claim.fingerprint });
    expect(context).not.toHaveProperty('idempotency');
  });

  it('claims nothing without a key', async () => {
    // Act
    const response = await claimingRoute(new InMemoryIdempotencyStore(clock()))(event(), lambdaContext());

    // Assess
    expect(JSON.parse(response.body as string)).toBeNull();
  });

  it('still answers a request whose response could not be stored, and logs why', async () => {
    // Prepare
    const store = new StoreFailingToComplete(clock());
    const errors: unknown[] = [];

    // Act
    const response = await claimingRoute(store, errors)(event('k-2'), lambdaContext());

    // Assess
    expect(response.statusCode).toBe(201);
    expect(errors).toEqual([
      { error: expect.objectContaining({ message: 'ProvisionedThroughputExceededException' }) },
    ]);
    // The claim stays in progress until it expires: a retry now is told to wait, not run twice.
    expect(await store.get(idempotencyRecordKey('public', ROUTE_KEY, 'k-2'))).toMatchObject({
      status: 'in-progress',
    });
  });
});
