/**
 * IdempotencyStore on the Powertools idempotency table (partition key `id`, TTL attribute
 * `expiration`), with Powertools' attribute names (`status` INPROGRESS/COMPLETED, `data`,
 * `validation`) so the table reads the same whoever wrote an item. The claim is one conditional
 * put, so two concurrent requests with the same key cannot both run.
 * (It imports @aws-sdk because the brief placed it here; it belongs with adapters/dynamodb.)
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../../ports/clock.ts';
import type { IdempotencyRecord, IdempotencyStore, StoredResponse } from '../../shared/idempotency.ts';

interface Item {
  id: string;
  status: 'INPROGRESS' | 'COMPLETED';
  expiration: number;
  validation: string;
  data?: string;
}

export interface DynamoDbIdempotencyStoreOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  clock: Clock;
}

const isConditionFailure = (error: unknown): boolean =>
  error instanceof ConditionalCheckFailedException ||
  (error instanceof Error && error.name === 'ConditionalCheckFailedException');

export class DynamoDbIdempotencyStore implements IdempotencyStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #clock: Clock;

  constructor(options: DynamoDbIdempotencyStoreOptions) {
    this.#client = options.client;
    this.#table = options.tableName;
    this.#clock = options.clock;
  }

  #nowSeconds(): number {
    return Math.floor(this.#clock.now().getTime() / 1000);
  }

  async get(key: string): Promise<IdempotencyRecord | undefined> {
    const { Item: item } = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: { id: key }, ConsistentRead: true }),
    );
    // DynamoDB deletes expired items lazily (up to days later): an expired item counts as absent.
    if (!item || (item as Item).expiration <= this.#nowSeconds()) return undefined;
    const { status, expiration, validation, data } = item as Item;
    return {
      key,
      bodyHash: validation,
      status: status === 'COMPLETED' ? 'completed' : 'in-progress',
      expiresAt: expiration,
      ...(data === undefined ? {} : { response: JSON.parse(data) as StoredResponse }),
    };
  }

  async putInProgress(key: string, bodyHash: string, ttlSeconds: number): Promise<boolean> {
    const now = this.#nowSeconds();
    const item: Item = { id: key, status: 'INPROGRESS', expiration: now + ttlSeconds, validation: bodyHash };
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: item,
          ConditionExpression: 'attribute_not_exists(id) OR #expiration <= :now',
          ExpressionAttributeNames: { '#expiration': 'expiration' },
          ExpressionAttributeValues: { ':now': now },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async complete(key: string, response: StoredResponse, ttlSeconds: number): Promise<void> {
    await this.#client.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: { id: key },
        UpdateExpression: 'SET #status = :completed, #data = :data, #expiration = :expiration',
        ConditionExpression: 'attribute_exists(id)',
        ExpressionAttributeNames: { '#status': 'status', '#data': 'data', '#expiration': 'expiration' },
        ExpressionAttributeValues: {
          ':completed': 'COMPLETED',
          ':data': JSON.stringify(response),
          ':expiration': this.#nowSeconds() + ttlSeconds,
        },
      }),
    );
  }

  async release(key: string): Promise<void> {
    try {
      await this.#client.send(
        new DeleteCommand({
          TableName: this.#table,
          Key: { id: key },
          ConditionExpression: '#status = :inProgress',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':inProgress': 'INPROGRESS' },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
}
