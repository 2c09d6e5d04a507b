/**
 * The DynamoDB tables, built from the same plain definitions the local platform uses
 * (functions/adapters/dynamodb/tables.ts), so both create identical key schemas, indexes and TTL.
 * On-demand, point-in-time recovery, deletion protection, retained on stack deletion, encrypted
 * with the customer-managed data key.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  StreamViewType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import {
  type KeyAttribute,
  TABLE_DEFINITIONS,
  type TableKey,
  tableNamesWithPrefix,
} from '../../../functions/adapters/dynamodb/tables.ts';
import type { TableRef } from './platform-function.ts';

const attribute = (key: KeyAttribute) => ({
  name: key.name,
  type: key.type === 'S' ? AttributeType.STRING : AttributeType.NUMBER,
});

export interface PlatformTablesProps {
  prefix: string;
  encryptionKey: IKey;
}

export class PlatformTables extends Construct {
  readonly tables: Record<TableKey, Table>;
  /** What the grant helpers need; plain names, so other stacks need no export to use them. */
  readonly refs: Record<TableKey, TableRef>;

  constructor(scope: Construct, id: string, props: PlatformTablesProps) {
    super(scope, id);
    const names = tableNamesWithPrefix(props.prefix);
    const keys = Object.keys(TABLE_DEFINITIONS) as TableKey[];
    const entries = keys.map((key) => {
      const definition = TABLE_DEFINITIONS[key];
      const table = new Table(this, key.charAt(0).toUpperCase() + key.slice(1), {
        tableName: names[key],
        partitionKey: attribute(definition.partitionKey),
        ...(definition.sortKey ? { sortKey: attribute(definition.sortKey) } : {}),
        billingMode: BillingMode.PAY_PER_REQUEST,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        deletionProtection: true,
        removalPolicy: RemovalPolicy.RETAIN,
        encryption: TableEncryption.CUSTOMER_MANAGED,
        encryptionKey: props.encryptionKey,
        ...(definition.timeToLiveAttribute ? { timeToLiveAttribute: definition.timeToLiveAttribute } : {}),
        // The notification dispatcher reads new outbox deliveries from the applications table's stream.
        ...(key === 'applications' ? { stream: StreamViewType.NEW_IMAGE } : {}),
      });
      for (const index of definition.globalSecondaryIndexes) {
        table.addGlobalSecondaryIndex({
          indexName: index.indexName,
          partitionKey: attribute(index.partitionKey),
          sortKey: attribute(index.sortKey),
          projectionType: ProjectionType.ALL,
        });
      }
      const ref: TableRef = { key, tableName: names[key], definition, encryptionKey: props.encryptionKey };
      return { key, table, ref };
    });
    this.tables = Object.fromEntries(entries.map((e) => [e.key, e.table])) as Record<TableKey, Table>;
    this.refs = Object.fromEntries(entries.map((e) => [e.key, e.ref])) as Record<TableKey, TableRef>;
  }
}
