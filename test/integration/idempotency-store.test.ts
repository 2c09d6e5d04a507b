/**
 * The DynamoDB IdempotencyStore against DynamoDB Local (the real conditional writes), with the
 * same semantics as the in-memory store.
 */
import { CreateTableCommand, DynamoDBClient, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbIdempotencyStore } from '../../functions/adapters/dynamodb/idempotency-store.ts';
import type { Clock } from '../../functions/ports/clock.ts';
import {
  type DynamoDbLocal,
  localDynamoDbClientConfig,
  startDynamoDbLocal,
} from '../../infra/local/dynamodb.ts';

const TABLE = 'idempotency';
// Instants in the future: DynamoDB Local's TTL reaper deletes items whose `expiration` has passed
// in real time, which would race with the assertions.

class ManualClock implements Clock {
  constructor(private instant: Date) {}
  now(): Date {
    return new Date(this.instant);
  }
  advance(seconds: number): void {
    this.instant = new Date(this.instant.getTime() + seconds * 1000);
  }
}

describe('DynamoDbIdempotencyStore', () => {
  let dynamo: DynamoDbLocal;
  let client: DynamoDBDocumentClient;
  beforeAll(async () => {
    dynamo = await startDynamoDbLocal();
    const raw = new DynamoDBClient(localDynamoDbClientConfig(dynamo.endpoint));
    await raw.send(
      new CreateTableCommand({
        TableName: TABLE,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      }),
    );
    await raw.send(
      new UpdateTimeToLiveCommand({
        TableName: TABLE,
        TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
      }),
    );
    client = DynamoDBDocumentClient.from(raw);
  });
  afterAll(async () => {
    client?.destroy();
    await dynamo?.stop();
  });

  const storeWith = (clock: Clock) => new DynamoDbIdempotencyStore({ client, tableName: TABLE, clock });

  it('lets exactly one of two claims win and replays the completed response', async () => {
    // Prepare
    const store = storeWith(new ManualClock(new Date('2036-09-28T00:00:00Z')));
    const key = 'http#alice#POST /v1/rounds#k-1';

    // Act
    const claims = await Promise.all([
      store.putInProgress(key, 'hash-1', 60),
      store.putInProgress(key, 'hash-1', 60),
    ]);
    const inProgress = await store.get(key);
    await store.complete(
      key,
      { statusCode: 201, headers: { 'content-type': 'application/json' }, body: '{"id":1}' },
      3600,
    );
    const completed = await store.get(key);

    // Assess
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(inProgress).toMatchObject({ key, bodyHash: 'hash-1', status: 'in-progress' });
    expect(completed).toEqual({
      key,
      bodyHash: 'hash-1',
      status: 'completed',
      expiresAt: Date.parse('2036-09-28T01:00:00Z') / 1000,
      response: { statusCode: 201, headers: { 'content-type': 'application/json' }, body: '{"id":1}' },
    });
  });

  it('stores the Powertools attribute names with the TTL in `expiration`', async () => {
    // Prepare
    const store = storeWith(new ManualClock(new Date('2036-09-28T00:00:00Z')));
    const key = 'http#alice#POST /v1/rounds#k-attrs';

    // Act
    await store.putInProgress(key, 'hash-a', 60);
    const { Item } = await client.send(new GetCommand({ TableName: TABLE, Key: { id: key } }));

    // Assess
    expect(Item).toEqual({
      id: key,
      status: 'INPROGRESS',
      validation: 'hash-a',
      expiration: Date.parse('2036-09-28T00:01:00Z') / 1000,
    });
  });

  it('releases an in-progress claim but never a completed record', async () => {
    // Prepare
    const store = storeWith(new ManualClock(new Date('2036-09-28T00:00:00Z')));
    const running = 'http#bob#POST /v1/x#running';
    const done = 'http#bob#POST /v1/x#done';
    await store.putInProgress(running, 'h', 60);
    await store.putInProgress(done, 'h', 60);
    await store.complete(done, { statusCode: 200, body: '{}' }, 3600);

    // Act
    await store.release(running);
    await store.release(done);
    await store.release('http#bob#POST /v1/x#never-claimed');

    // Assess
    expect(await store.get(running)).toBeUndefined();
    expect(await store.get(done)).toMatchObject({ status: 'completed' });
    expect(await store.putInProgress(running, 'h2', 60)).toBe(true);
  });

  it('treats an expired record as absent, and lets a new claim replace it', async () => {
    // Prepare
    const clock = new ManualClock(new Date('2036-09-28T00:00:00Z'));
    const store = storeWith(clock);
    const key = 'http#carol#POST /v1/x#stale';
    await store.putInProgress(key, 'old', 60);

    // Act
    clock.advance(61);
    const expired = await store.get(key);
    const reclaimed = await store.putInProgress(key, 'new', 60);

    // Assess
    expect(expired).toBeUndefined();
    expect(reclaimed).toBe(true);
    expect(await store.get(key)).toMatchObject({ bodyHash: 'new', status: 'in-progress' });
  });
});
