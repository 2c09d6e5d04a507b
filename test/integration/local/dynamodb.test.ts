import {
  CreateTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  PutItemCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DynamoDbLocal,
  localDynamoDbClientConfig,
  startDynamoDbLocal,
} from '../../../infra/local/dynamodb.ts';

let local: DynamoDbLocal;
let client: DynamoDBClient;

const createTable = (target: DynamoDBClient, TableName: string) =>
  target.send(
    new CreateTableCommand({
      TableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    }),
  );

beforeAll(async () => {
  local = await startDynamoDbLocal();
  client = new DynamoDBClient(localDynamoDbClientConfig(local.endpoint));
  await createTable(client, 'platform');
});

afterAll(async () => {
  client?.destroy();
  await local?.stop();
});

describe('startDynamoDbLocal', () => {
  it('answers on a free port of its own', async () => {
    // Act
    const { TableNames } = await client.send(new ListTablesCommand({}));

    // Assess
    expect(local.endpoint).toBe(`http://127.0.0.1:${local.port}`);
    expect(TableNames).toContain('platform');
  });

  it('returns CancellationReasons when a TransactWriteItems condition fails', async () => {
    // Prepare
    await client.send(
      new PutItemCommand({
        TableName: 'platform',
        Item: { pk: { S: 'APP#1' }, sk: { S: 'META' }, version: { N: '1' } },
      }),
    );

    // Act
    const write = client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          {
            Put: {
              TableName: 'platform',
              Item: { pk: { S: 'APP#1' }, sk: { S: 'SCORE#1' } },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Update: {
              TableName: 'platform',
              Key: { pk: { S: 'APP#1' }, sk: { S: 'META' } },
              UpdateExpression: 'SET version = :next',
              ConditionExpression: 'version = :expected',
              ExpressionAttributeValues: { ':next': { N: '3' }, ':expected': { N: '2' } },
            },
          },
        ],
      }),
    );

    // Assess
    const error = await write.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TransactionCanceledException);
    expect((error as TransactionCanceledException).CancellationReasons?.map((reason) => reason.Code)).toEqual(
      ['None', 'ConditionalCheckFailed'],
    );
  });

  it('refuses inMemory together with dbPath', async () => {
    // Act / Assess
    await expect(startDynamoDbLocal({ inMemory: true, dbPath: '/tmp/x' })).rejects.toThrow(/exclude/);
  });

  it('stop() ends the JVM so the port no longer answers (runs last)', async () => {
    // Act
    await local.stop();

    // Assess
    await expect(client.send(new ListTablesCommand({}))).rejects.toThrow();
    await expect(local.stop()).resolves.toBeUndefined();
  });
});
