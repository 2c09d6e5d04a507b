/**
 * One-time backfill of the audit table's index attributes (keys.ts: gsi1 by actor, gsi2 by round,
 * gsi3 the trail by time and the chain HEADs) on items written before those indexes existed on
 * AWS. Entries are immutable and hash-chained, so only the index attributes are added — an
 * UpdateItem that SETs the g* attributes and nothing else, conditional on the item not having them
 * yet: the body (what the hash covers) is never rewritten, and a second run changes nothing.
 *
 * Paged: one Scan page at a time (an operator's one-off job, not a request path), with the page's
 * `LastEvaluatedKey` reported so that an interrupted run can resume from it.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { auditEntryItemKeys, auditHeadItemKeys } from '../../functions/adapters/dynamodb/keys.ts';
import type { AuditEntry } from '../../functions/ports/records.ts';

export interface BackfillOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Items per Scan page (default 500). */
  pageSize?: number;
  /** Resume after this key (a page's `lastKey` of an earlier run). */
  startKey?: Record<string, unknown>;
  /** Count what would change, write nothing. */
  dryRun?: boolean;
  /** Called after each page. */
  onPage?: (progress: BackfillProgress & { lastKey?: Record<string, unknown> }) => void;
}

export interface BackfillProgress {
  scanned: number;
  /** Entries and HEAD items given their index attributes by this run. */
  entries: number;
  heads: number;
  /** Items that had them already (written after the indexes, or by an earlier run). */
  skipped: number;
}

const ENTRY_SK = /^\d{12}$/;

export async function backfillAuditIndexes(options: BackfillOptions): Promise<BackfillProgress> {
  const progress: BackfillProgress = { scanned: 0, entries: 0, heads: 0, skipped: 0 };
  let startKey = options.startKey;
  do {
    const page = await options.client.send(
      new ScanCommand({
        TableName: options.tableName,
        Limit: options.pageSize ?? 500,
        ConsistentRead: true,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      progress.scanned += 1;
      const attributes = indexAttributesOf(item);
      if (!attributes || item.gsi3pk !== undefined) {
        progress.skipped += 1;
        continue;
      }
      if (!options.dryRun && !(await setOnce(options, item, attributes))) {
        progress.skipped += 1;
        continue;
      }
      if (item.sk === 'HEAD') progress.heads += 1;
      else progress.entries += 1;
    }
    startKey = page.LastEvaluatedKey;
    options.onPage?.({ ...progress, ...(startKey ? { lastKey: startKey } : {}) });
  } while (startKey);
  return progress;
}

/** The index attributes the item should carry (keys.ts), or undefined for an item that is neither. */
function indexAttributesOf(item: Record<string, unknown>): Record<string, string> | undefined {
  const entityId = item.pk;
  if (typeof entityId !== 'string' || typeof item.sk !== 'string') return undefined;
  const {
    pk: _pk,
    sk: _sk,
    ...attributes
  } = item.sk === 'HEAD'
    ? auditHeadItemKeys(entityId)
    : ENTRY_SK.test(item.sk)
      ? auditEntryItemKeys({ ...(item as unknown as AuditEntry), roundId: roundOf(item) })
      : { pk: '', sk: '' };
  return Object.keys(attributes).length > 0 ? attributes : undefined;
}

/**
 * The round an old entry concerns, for the by-round index only (its body stays as written): the
 * entry's own `roundId`, else what use-cases/audit.ts derives for new entries — a round is its own
 * round, anything else names its round in its snapshots.
 */
function roundOf(item: Record<string, unknown>): string | undefined {
  if (typeof item.roundId === 'string') return item.roundId;
  if (item.entityType === 'round' && typeof item.entityId === 'string') return item.entityId;
  for (const snapshot of [item.after, item.before]) {
    if (snapshot && typeof snapshot === 'object' && !Array.isArray(snapshot)) {
      const roundId = (snapshot as Record<string, unknown>).roundId;
      if (typeof roundId === 'string' && roundId.length > 0) return roundId;
    }
  }
  return undefined;
}

/** SETs the attributes unless the item has them (or is gone): true when this call wrote them. */
async function setOnce(
  options: BackfillOptions,
  item: Record<string, unknown>,
  attributes: Record<string, string>,
): Promise<boolean> {
  const names = Object.keys(attributes);
  try {
    await options.client.send(
      new UpdateCommand({
        TableName: options.tableName,
        Key: { pk: item.pk, sk: item.sk },
        UpdateExpression: `SET ${names.map((_, i) => `#a${i} = :v${i}`).join(', ')}`,
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#g3)',
        ExpressionAttributeNames: {
          ...Object.fromEntries(names.map((name, i) => [`#a${i}`, name])),
          '#g3': 'gsi3pk',
        },
        ExpressionAttributeValues: Object.fromEntries(names.map((name, i) => [`:v${i}`, attributes[name]])),
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
