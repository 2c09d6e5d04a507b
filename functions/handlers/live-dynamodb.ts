/**
 * The live parts on DynamoDB (see live-deps.ts): the records and the Idempotency-Key records. In a
 * module of their own because their adapters are imported statically — every invocation of the
 * functions naming them reads records, so deferring the import would only move its cost into the
 * first request — and the SDK's modules carry side effects esbuild keeps: a handler that imports
 * this file carries the DynamoDB client whether it names a part or not.
 */
import { createDocumentClient } from '../adapters/dynamodb/client.ts';
import { DynamoStore } from '../adapters/dynamodb/dynamo-store.ts';
import { DynamoDbIdempotencyStore } from '../adapters/dynamodb/idempotency-store.ts';
import { tableNamesFromEnv } from '../adapters/dynamodb/tables.ts';
import { systemClock } from '../adapters/system-clock.ts';
import type { LivePart } from './live-deps.ts';

/** The application records, sanctions and audit tables (uses records:*, sanctions:*, audit:read). */
export const liveStore: LivePart<'store'> = {
  name: 'store',
  env: [],
  // Imported statically (evaluated at import): every invocation of these functions reads records,
  // so deferring it would only move its cost into the first request.
  build: async (env) => new DynamoStore(createDocumentClient({}), tableNamesFromEnv(env)),
};

/**
 * The Idempotency-Key records (use idempotency): handed to the HTTP stack by the composition root,
 * so a function whose routes take no key carries neither this adapter nor, without other DynamoDB
 * uses, the DynamoDB client.
 */
export const liveIdempotency: LivePart<'idempotency'> = {
  name: 'idempotency',
  env: ['IDEMPOTENCY_TABLE'],
  // The wall clock, as DynamoDB's TTL deletes the records by real time.
  build: async (env) =>
    new DynamoDbIdempotencyStore({
      client: createDocumentClient({}),
      tableName: env.IDEMPOTENCY_TABLE as string,
      clock: systemClock,
    }),
};
