/**
 * `Idempotency-Key` on a route that accepts it (API.md "Conventions"). The record is keyed by
 * caller + route + client key; the fingerprint covers the path parameters, the query and the JSON
 * body. A completed record → the stored response again (`idempotency-replayed: true`); another
 * request under the key → 422 IDEMPOTENCY_CONFLICT; one still running → 409. A request that fails
 * releases its claim so that the client can retry with the same key.
 *
 * Not Powertools' idempotency utility: its persistence layer writes the record on its own, and a
 * use case is to write the outcome record in the same DynamoDB transaction as what it creates. So
 * the claim is on `request.context.idempotency` (key, fingerprint, time to live) for the handler.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { DomainError } from '../../domain/errors.ts';
import type { FaultHook } from '../fault-hook.ts';
import {
  type IdempotencyRecord,
  type IdempotencyStore,
  idempotencyRecordKey,
  requestFingerprint,
} from '../idempotency.ts';
import { validationError } from '../validation.ts';
import { earlyResponse, type HttpMiddleware, type HttpResponse } from './request.ts';

/** Set on a replayed response. */
export const REPLAYED_HEADER = 'idempotency-replayed';
/** An in-progress claim outlives any request (API Gateway stops waiting after 30 s). */
const IN_PROGRESS_TTL_SECONDS = 60;
const CLIENT_KEY = /^[\x21-\x7e]{1,255}$/;

export interface IdempotencyOptions {
  /** Where the records live (injected by the composition). */
  store: IdempotencyStore;
  /** The route the client keys are scoped to: `POST /v1/rounds`. */
  routeKey: string;
  /** How long a completed response is replayed. */
  ttlSeconds: number;
  logger: Logger;
  /** Test-only fault injection (http.ts `faultPoint`). */
  faultPoint?: FaultHook;
}

const stillRunning = () =>
  new DomainError('VERSION_CONFLICT', '使用同一 Idempotency-Key 的请求正在处理中，请稍后重试');

/** What a request finding `record` under its key gets: the stored response, or a refusal. */
function judge(record: IdempotencyRecord, fingerprint: string): HttpResponse {
  if (record.bodyHash !== fingerprint) {
    throw new DomainError(
      'IDEMPOTENCY_CONFLICT',
      '该 Idempotency-Key 已用于另一个请求，请为新请求使用新的键',
    );
  }
  if (record.status === 'completed' && record.response) {
    return { ...record.response, headers: { ...record.response.headers, [REPLAYED_HEADER]: 'true' } };
  }
  throw stillRunning();
}

export const idempotency = ({
  store,
  routeKey,
  ttlSeconds,
  logger,
  faultPoint,
}: IdempotencyOptions): HttpMiddleware => ({
  name: 'idempotency',
  before: async (request) => {
    const { event, context, internal } = request;
    const clientKey = event.headers['idempotency-key'];
    if (clientKey === undefined) return;
    if (!CLIENT_KEY.test(clientKey)) {
      throw validationError([
        {
          path: 'headers.idempotency-key',
          code: 'VALIDATION_FAILED',
          message: '应为 1 到 255 个可见 ASCII 字符',
        },
      ]);
    }
    const key = idempotencyRecordKey(context.actor?.sub ?? 'public', routeKey, clientKey);
    const fingerprint = requestFingerprint({
      params: event.pathParameters ?? {},
      query: event.queryStringParameters ?? {},
      body: internal.jsonBody ?? null,
    });
    const existing = await store.get(key);
    if (existing) return earlyResponse(request, judge(existing, fingerprint));
    if (!(await store.putInProgress(key, fingerprint, IN_PROGRESS_TTL_SECONDS))) {
      // Another request claimed the key between the read and the claim.
      const winner = await store.get(key);
      if (winner) return earlyResponse(request, judge(winner, fingerprint));
      throw stillRunning();
    }
    request.context = { ...context, idempotency: { key, fingerprint, ttlSeconds } };
  },
  after: async ({ context, response }) => {
    if (context.idempotency === undefined || !response) return;
    faultPoint?.('before-response-stored', context.idempotency.key);
    try {
      await store.complete(context.idempotency.key, response, context.idempotency.ttlSeconds);
      faultPoint?.('before-response-sent', context.idempotency.key);
    } catch (error) {
      // The write itself succeeded: answer it rather than fail now. The claim stays in progress (a
      // retry gets 409) until it expires after IN_PROGRESS_TTL_SECONDS; a retry after that runs again.
      logger.error('Could not store the idempotent response', { error });
    }
  },
  onError: async ({ context }) => {
    if (context.idempotency === undefined) return;
    try {
      await store.release(context.idempotency.key);
    } catch (error) {
      logger.error('Could not release the idempotency claim', { error });
    }
  },
});
