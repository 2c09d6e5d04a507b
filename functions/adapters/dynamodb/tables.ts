/**
 * The four tables as plain data, so the local platform (`createTables`) and the CDK stack create
 * exactly the same key schemas, indexes and TTL settings. DESIGN.md §3: `applications` (one table,
 * item collections with generic keys, see keys.ts), `sanctions`, the append-only `audit` trail and
 * the Powertools idempotency table.
 */
import {
  type AttributeDefinition,
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Physical table names, passed to the store (from env in Lambdas: APPLICATIONS_TABLE, …). */
export interface TableNames {
  applications: string;
  sanctions: string;
  audit: string;
  idempotency: string;
}

export type TableKey = keyof TableNames;

export interface KeyAttribute {
  name: string;
  type: 'S' | 'N';
}

export interface IndexDefinition {
  indexName: string;
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  /** Every index projects all attributes: reads return whole records. */
  projection: 'ALL';
}

export interface TableDefinition {
  /** Appended to a prefix to form the physical name (`tableNamesWithPrefix`). */
  suffix: string;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  globalSecondaryIndexes: IndexDefinition[];
  timeToLiveAttribute?: string;
}

const S = (name: string): KeyAttribute => ({ name, type: 'S' });
const gsi = (n: 1 | 2 | 3): IndexDefinition => ({
  indexName: `gsi${n}`,
  partitionKey: S(`gsi${n}pk`),
  sortKey: S(`gsi${n}sk`),
  projection: 'ALL',
});

export const TABLE_DEFINITIONS: Readonly<Record<TableKey, TableDefinition>> = {
  applications: {
    suffix: 'applications',
    partitionKey: S('pk'),
    sortKey: S('sk'),
    globalSecondaryIndexes: [gsi(1), gsi(2), gsi(3)],
  },
  sanctions: {
    suffix: 'sanctions',
    partitionKey: S('pk'),
    sortKey: S('sk'),
    globalSecondaryIndexes: [gsi(1)],
  },
  // Append-only: pk = entityId, sk = zero-padded seq, plus one HEAD item per entity. No TTL:
  // the trail is kept at least 180 days (Cybersecurity Law Art. 21), in practice for good.
  // Sparse indexes (keys.ts): by actor, by round, by time; HEAD items list the chains.
  audit: {
    suffix: 'audit',
    partitionKey: S('pk'),
    sortKey: S('sk'),
    globalSecondaryIndexes: [gsi(1), gsi(2), gsi(3)],
  },
  // The Powertools DynamoDBPersistenceLayer defaults: key attribute `id`, expiry `expiration`.
  idempotency: {
    suffix: 'idempotency',
    partitionKey: S('id'),
    globalSecondaryIndexes: [],
    timeToLiveAttribute: 'expiration',
  },
};

/** `{prefix}-applications`, … (local platform and tests; DynamoDB Local needs names of 3+ chars). */
export const tableNamesWithPrefix = (prefix: string): TableNames => ({
  applications: `${prefix}-${TABLE_DEFINITIONS.applications.suffix}`,
  sanctions: `${prefix}-${TABLE_DEFINITIONS.sanctions.suffix}`,
  audit: `${prefix}-${TABLE_DEFINITIONS.audit.suffix}`,
  idempotency: `${prefix}-${TABLE_DEFINITIONS.idempotency.suffix}`,
});

/** The environment variables a Lambda reads its table names from. */
export const TABLE_ENV: Readonly<Record<TableKey, string>> = {
  applications: 'APPLICATIONS_TABLE',
  sanctions: 'SANCTIONS_TABLE',
  audit: 'AUDIT_TABLE',
  idempotency: 'IDEMPOTENCY_TABLE',
};

/** Reads the table names from an environment (pass `process.env`); throws when one is missing. */
export function tableNamesFromEnv(env: Record<string, string | undefined>): TableNames {
  const read = (key: TableKey): string => {
    const value = env[TABLE_ENV[key]];
    if (!value) throw new Error(`Missing environment variable ${TABLE_ENV[key]}`);
    return value;
  };
  return {
    applications: read('applications'),
    sanctions: read('sanctions'),
    audit: read('audit'),
    idempotency: read('idempotency'),
  };
}

const isNamed = (error: unknown, name: string): boolean =>
  typeof error === 'object' && error !== null && (error as { name?: unknown }).name === name;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function createTableInput(tableName: string, definition: TableDefinition) {
  const attributes = new Map<string, AttributeDefinition>();
  const declare = (key: KeyAttribute) =>
    attributes.set(key.name, { AttributeName: key.name, AttributeType: key.type });
  declare(definition.partitionKey);
  if (definition.sortKey) declare(definition.sortKey);
  for (const index of definition.globalSecondaryIndexes) {
    declare(index.partitionKey);
    declare(index.sortKey);
  }
  const indexes = definition.globalSecondaryIndexes.map((index) => ({
    IndexName: index.indexName,
    KeySchema: [
      { AttributeName: index.partitionKey.name, KeyType: 'HASH' as const },
      { AttributeName: index.sortKey.name, KeyType: 'RANGE' as const },
    ],
    Projection: { ProjectionType: index.projection },
  }));
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [...attributes.values()],
    KeySchema: [
      { AttributeName: definition.partitionKey.name, KeyType: 'HASH' as const },
      ...(definition.sortKey ? [{ AttributeName: definition.sortKey.name, KeyType: 'RANGE' as const }] : []),
    ],
    ...(indexes.length > 0 ? { GlobalSecondaryIndexes: indexes } : {}),
  };
}

async function waitUntilActive(client: DynamoDBClient, tableName: string): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const indexesActive = (Table?.GlobalSecondaryIndexes ?? []).every((i) => i.IndexStatus === 'ACTIVE');
    if (Table?.TableStatus === 'ACTIVE' && indexesActive) return;
    await sleep(200);
  }
  throw new Error(`Table ${tableName} did not become active`);
}

async function tableExists(client: DynamoDBClient, tableName: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return true;
  } catch (error) {
    if (isNamed(error, 'ResourceNotFoundException')) return false;
    throw error;
  }
}

/**
 * Creates the tables that do not exist yet and enables TTL where defined (local platform and
 * tests; on AWS the CDK stack creates them from TABLE_DEFINITIONS). Idempotent: existing tables
 * are left as they are (a changed definition needs a fresh local database).
 */
export async function createTables(
  client: DynamoDBClient | DynamoDBDocumentClient,
  names: TableNames,
): Promise<void> {
  // The document client passes low-level commands through unchanged.
  const raw = client as DynamoDBClient;
  for (const key of Object.keys(TABLE_DEFINITIONS) as TableKey[]) {
    const definition = TABLE_DEFINITIONS[key];
    const tableName = names[key];
    if (!(await tableExists(raw, tableName))) {
      try {
        await raw.send(new CreateTableCommand(createTableInput(tableName, definition)));
      } catch (error) {
        // Another process created it between our check and our call: fine.
        if (!isNamed(error, 'ResourceInUseException')) throw error;
      }
    }
    await waitUntilActive(raw, tableName);
    if (definition.timeToLiveAttribute) {
      const { TimeToLiveDescription } = await raw.send(
        new DescribeTimeToLiveCommand({ TableName: tableName }),
      );
      const status = TimeToLiveDescription?.TimeToLiveStatus;
      if (status !== 'ENABLED' && status !== 'ENABLING') {
        await raw.send(
          new UpdateTimeToLiveCommand({
            TableName: tableName,
            TimeToLiveSpecification: { AttributeName: definition.timeToLiveAttribute, Enabled: true },
          }),
        );
      }
    }
  }
}
