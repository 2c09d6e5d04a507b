/**
 * scripts/backfill-audit-indexes.ts against DynamoDB Local: audit entries and chain HEADs written
 * as they were before the audit indexes existed (no index attributes, no `roundId` in the body) are
 * found by the supervisors' search and the chain verifier's list after the backfill, their bodies
 * and hashes untouched; a second run changes nothing; the Scan is followed page by page.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.ts';
import { DynamoStore } from '../../functions/adapters/dynamodb/dynamo-store.ts';
import { createTables, tableNamesWithPrefix } from '../../functions/adapters/dynamodb/tables.ts';
import { auditChainIsIntact, chainAuditEvents } from '../../functions/domain/audit-chain.ts';
import type { AuditEvent } from '../../functions/ports/records.ts';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../infra/local/dynamodb.ts';
import { backfillAuditIndexes } from '../../scripts/lib/backfill-audit-indexes.ts';

let dynamo: DynamoDbLocal;
let documents: ReturnType<typeof createDocumentClient>;
const tables = tableNamesWithPrefix('backfill');

const event = (
  entityId: string,
  entityType: string,
  action: string,
  at: string,
  after?: unknown,
): AuditEvent => ({
  entityId,
  entityType,
  action,
  actor: 'staff-old',
  role: 'staff',
  at,
  ...(after === undefined ? {} : { after }),
});

/** The old layout: entries keyed by entity and seq, a HEAD with seq and hash, no index attributes. */
async function putOldChain(entityId: string, events: AuditEvent[]): Promise<void> {
  const { entries, head } = chainAuditEvents(null, events);
  for (const entry of entries) {
    await documents.send(
      new PutCommand({
        TableName: tables.audit,
        Item: { ...entry, pk: entityId, sk: String(entry.seq).padStart(12, '0') },
      }),
    );
  }
  await documents.send(
    new PutCommand({ TableName: tables.audit, Item: { pk: entityId, sk: 'HEAD', ...head } }),
  );
}

beforeAll(async () => {
  dynamo = await startDynamoDbLocal({ inMemory: true });
  documents = createDocumentClient({ endpoint: dynamo.endpoint });
  await createTables(documents, tables);
  await putOldChain('round-1', [
    event('round-1', 'round', 'round.created', '2025-03-01T01:00:00.000Z'),
    event('round-1', 'round', 'round.advanced', '2025-03-10T01:00:00.000Z'),
  ]);
  await putOldChain('app-1', [
    event('app-1', 'application', 'application.created', '2025-03-02T01:00:00.000Z', { roundId: 'round-1' }),
    event('app-1', 'application', 'application.submitted', '2025-03-03T01:00:00.000Z', {
      roundId: 'round-1',
    }),
  ]);
  await putOldChain('rev-1', [event('rev-1', 'reviewer', 'reviewer.created', '2025-03-04T01:00:00.000Z')]);
}, 120_000);

afterAll(async () => {
  documents?.destroy();
  await dynamo?.stop();
});

describe('backfillAuditIndexes', () => {
  it('makes old entries searchable and old chains verifiable, bodies untouched, once', async () => {
    // Prepare
    const store = new DynamoStore(documents, tables);
    const key = { pk: 'app-1', sk: '000000000002' };
    const before = (await documents.send(new GetCommand({ TableName: tables.audit, Key: key }))).Item;
    expect((await store.searchAudit({ actor: 'staff-old' })).items).toEqual([]);
    expect((await store.listAuditChains()).items).toEqual([]);
    const pages: unknown[] = [];

    // Act
    const first = await backfillAuditIndexes({
      client: documents,
      tableName: tables.audit,
      pageSize: 2,
      onPage: (progress) => pages.push(progress),
    });
    const second = await backfillAuditIndexes({ client: documents, tableName: tables.audit, pageSize: 2 });

    // Assess: 5 entries and 3 HEADs, over several pages, each given its attributes once.
    expect(first).toEqual({ scanned: 8, entries: 5, heads: 3, skipped: 0 });
    expect(pages.length).toBeGreaterThanOrEqual(4);
    expect(second).toEqual({ scanned: 8, entries: 0, heads: 0, skipped: 8 });
    const byActor = await store.searchAudit({ actor: 'staff-old' });
    expect(byActor.items.map((e) => e.action)).toEqual([
      'round.advanced',
      'reviewer.created',
      'application.submitted',
      'application.created',
      'round.created',
    ]);
    const byRound = await store.searchAudit({ roundId: 'round-1' });
    expect(byRound.items.map((e) => `${e.entityId}/${e.seq}`)).toEqual([
      'round-1/2',
      'app-1/2',
      'app-1/1',
      'round-1/1',
    ]);
    const byTime = await store.searchAudit({
      from: '2025-03-03T00:00:00.000Z',
      to: '2025-03-04T23:59:59.999Z',
    });
    expect(byTime.items.map((e) => e.action)).toEqual(['reviewer.created', 'application.submitted']);
    expect((await store.listAuditChains()).items.map((h) => [h.entityId, h.seq])).toEqual([
      ['app-1', 2],
      ['rev-1', 1],
      ['round-1', 2],
    ]);
    for (const entityId of ['round-1', 'app-1', 'rev-1'])
      expect(auditChainIsIntact(await store.listAudit(entityId))).toBe(true);
    const after = (await documents.send(new GetCommand({ TableName: tables.audit, Key: key }))).Item ?? {};
    const body = Object.fromEntries(Object.entries(after).filter(([name]) => !name.startsWith('gsi')));
    expect(body).toEqual(before);
  });

  it('counts without writing in a dry run', async () => {
    // Prepare
    await putOldChain('rev-2', [event('rev-2', 'reviewer', 'reviewer.created', '2025-03-05T01:00:00.000Z')]);

    // Act
    const dry = await backfillAuditIndexes({ client: documents, tableName: tables.audit, dryRun: true });
    const real = await backfillAuditIndexes({ client: documents, tableName: tables.audit });

    // Assess
    expect(dry).toMatchObject({ entries: 1, heads: 1 });
    expect(real).toMatchObject({ entries: 1, heads: 1 });
  });
});
