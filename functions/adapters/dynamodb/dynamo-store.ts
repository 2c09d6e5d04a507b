/**
 * The Store port on DynamoDB (DESIGN.md §3 "Decisions"): every write is one TransactWriteItems of
 * version-conditioned puts and deletes plus the hash-chained audit entries that describe them.
 * Item layout and key strings: keys.ts. Records round-trip exactly: what is put is what is read,
 * with `version` one higher. `commit` never mutates its input, so after a successful commit the
 * caller's records are stale: the stored version is `record.version + 1` (`committedVersion`).
 */
import { randomUUID } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { type AuditHead, chainAuditEvents } from '../../domain/audit-chain.ts';
import type { ApplicationStatus, ReviewStage } from '../../domain/model.ts';
import type { Audience } from '../../domain/notifications.ts';
import type {
  ApplicationRecord,
  AssignmentRecord,
  AuditEntry,
  AuditEvent,
  AwardRecord,
  CalendarYearRecord,
  ConflictRecord,
  DecisionRecord,
  DeliveryRecord,
  DrawRecord,
  EvidenceRecord,
  HigherAwardRecord,
  NotificationReadRecord,
  NotificationRecord,
  ObjectionRecord,
  RankingRecord,
  ReminderRecord,
  ReviewerRecord,
  RoundRecord,
  SanctionRecord,
  ScheduleSlotRecord,
  ScoreRecord,
  TaskTokenRecord,
  Versioned,
  VisitRecord,
  WindowRecord,
} from '../../ports/records.ts';
import type {
  AuditChainHead,
  AuditSearch,
  Change,
  Page,
  PageRequest,
  Store,
  StoredEntity,
  UnitOfWork,
} from '../../ports/store.ts';
import {
  applicationKey,
  auditChainHeadsQuery,
  auditEntryItemKeys,
  auditHeadItemKeys,
  auditHeadKey,
  auditSearchQuery,
  awardKey,
  calendarYearKey,
  decisionKey,
  deliveryKey,
  drawKey,
  evidenceKey,
  type ItemKey,
  KEY_ATTRIBUTES,
  type KeyQuery,
  keysOf,
  notificationKey,
  notificationReadKey,
  objectionKey,
  parseEvidenceObjectKey,
  queries,
  rankingKey,
  reviewerKey,
  roundKey,
  taskTokenKey,
  visitKey,
  windowKey,
} from './keys.ts';
import { assertTokenBelongs, decodePageToken, encodePageToken, pageLimit } from './paging.ts';
import type { TableKey, TableNames } from './tables.ts';
import { planUnit, versionConflict } from './unit-of-work.ts';

type Item = Record<string, unknown>;
type TransactItem = NonNullable<
  ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']
>[number];

/** The version the store holds after a successful commit of `record`. */
export const committedVersion = (record: Versioned): number => record.version + 1;

export interface DynamoStoreOptions {
  /** Attempts when only audit HEADs raced (concurrent appends to one entity's trail). Default 5. */
  maxAttempts?: number;
  /**
   * `Limit` of each request of the queries that follow every page (default none: DynamoDB's 1 MB
   * pages). Tests set it small to exercise the page loop with a handful of items.
   */
  queryPageLimit?: number;
}

// Cancellation codes that a fresh attempt can overcome; any other (ValidationError, …) is rethrown.
const TRANSIENT_CODES = new Set([
  'None',
  'TransactionConflict',
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
]);

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The ranking of a 1,000-application round nears the 400 KB item limit: its rows are stored gzipped. */
function packRanking(record: Item): Item {
  const { rows, ...rest } = record;
  return { ...rest, rowsGzip: gzipSync(Buffer.from(JSON.stringify(rows), 'utf8')) };
}

function unpackRanking(record: Item): Item {
  const { rowsGzip, ...rest } = record;
  return { ...rest, rows: JSON.parse(gunzipSync(rowsGzip as Uint8Array).toString('utf8')) };
}

function toItem(entity: StoredEntity): { table: TableKey; item: Item } {
  const { table, ...keys } = keysOf(entity);
  const stored: Item = { ...entity.record, version: committedVersion(entity.record) };
  const body = entity.type === 'ranking' ? packRanking(stored) : stored;
  return { table, item: { ...body, ...keys, itemType: entity.type } };
}

function fromItem<T>(item: Item): T {
  const record: Item = { ...item };
  const itemType = record.itemType;
  for (const attribute of KEY_ATTRIBUTES) delete record[attribute];
  return (itemType === 'ranking' ? unpackRanking(record) : record) as T;
}

function fromAuditItem(item: Item): AuditEntry {
  const entry: Item = { ...item };
  for (const attribute of KEY_ATTRIBUTES) delete entry[attribute];
  return entry as unknown as AuditEntry;
}

type CancellationOutcome = 'rethrow' | 'entity-condition' | 'retry';

/** Sorts out why a transaction was cancelled: a stale entity version, or a race worth retrying. */
function classifyCancellation(error: unknown, entityItemCount: number): CancellationOutcome {
  if ((error as { name?: unknown } | null)?.name !== 'TransactionCanceledException') return 'rethrow';
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  const entityConditionFailed = reasons
    .slice(0, entityItemCount)
    .some((reason) => reason.Code === 'ConditionalCheckFailed');
  if (entityConditionFailed) return 'entity-condition';
  const transient = reasons.every(
    (reason, index) =>
      TRANSIENT_CODES.has(reason.Code ?? 'None') ||
      (index >= entityItemCount && reason.Code === 'ConditionalCheckFailed'),
  );
  return transient ? 'retry' : 'rethrow';
}

export class DynamoStore implements Store {
  private readonly maxAttempts: number;
  private readonly queryPageLimit: number | undefined;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tables: TableNames,
    options: DynamoStoreOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 5;
    this.queryPageLimit = options.queryPageLimit;
  }

  async commit(unit: UnitOfWork): Promise<void> {
    const plan = planUnit(unit);
    if (plan.itemCount === 0) return;
    const entityItems = unit.changes.map((change) => this.changeItem(change));
    for (let attempt = 1; ; attempt++) {
      const heads = await this.readAuditHeads([...plan.auditByEntity.keys()]);
      const auditItems = [...plan.auditByEntity].flatMap(([entityId, events]) =>
        this.auditItems(entityId, heads.get(entityId) ?? null, events),
      );
      try {
        await this.client.send(
          new TransactWriteCommand({
            TransactItems: [...entityItems, ...auditItems],
            // Makes the SDK's own retries of this attempt idempotent (a retried success is no conflict).
            ClientRequestToken: randomUUID(),
          }),
        );
        return;
      } catch (error) {
        const outcome = classifyCancellation(error, entityItems.length);
        if (outcome === 'rethrow') throw error;
        if (outcome === 'entity-condition' || attempt >= this.maxAttempts) throw versionConflict();
        // Another writer appended to the same trail: re-read the heads after a jittered pause.
        await sleep(Math.random() * 25 * 2 ** attempt);
      }
    }
  }

  private changeItem(change: Change): TransactItem {
    const { table, item } = toItem(change.entity);
    const expected = change.entity.record.version;
    const versionCondition = {
      ConditionExpression: '#v = :expected',
      ExpressionAttributeNames: { '#v': 'version' },
      ExpressionAttributeValues: { ':expected': expected },
    };
    const TableName = this.tables[table];
    if (change.op === 'delete') {
      return { Delete: { TableName, Key: { pk: item.pk, sk: item.sk }, ...versionCondition } };
    }
    return expected === 0
      ? { Put: { TableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } }
      : { Put: { TableName, Item: item, ...versionCondition } };
  }

  private auditItems(entityId: string, head: AuditHead | null, events: AuditEvent[]): TransactItem[] {
    const TableName = this.tables.audit;
    const chained = chainAuditEvents(head, events);
    const entries: TransactItem[] = chained.entries.map((entry) => ({
      Put: {
        TableName,
        Item: { ...entry, ...auditEntryItemKeys(entry) },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    }));
    const headItem = { ...auditHeadItemKeys(entityId), ...chained.head };
    const headPut: TransactItem = head
      ? {
          Put: {
            TableName,
            Item: headItem,
            ConditionExpression: '#seq = :seq',
            ExpressionAttributeNames: { '#seq': 'seq' },
            ExpressionAttributeValues: { ':seq': head.seq },
          },
        }
      : { Put: { TableName, Item: headItem, ConditionExpression: 'attribute_not_exists(pk)' } };
    return [...entries, headPut];
  }

  private async readAuditHeads(entityIds: string[]): Promise<Map<string, AuditHead>> {
    const heads = new Map<string, AuditHead>();
    if (entityIds.length === 0) return heads;
    const table = this.tables.audit;
    // planUnit bounds a unit to 100 items, so the heads fit one BatchGet (100 keys).
    let keys: Item[] = entityIds.map((entityId) => ({ ...auditHeadKey(entityId) }));
    for (let round = 0; keys.length > 0; round++) {
      if (round > 0) await sleep(Math.random() * 25 * 2 ** Math.min(round, 6));
      const result = await this.client.send(
        new BatchGetCommand({ RequestItems: { [table]: { Keys: keys, ConsistentRead: true } } }),
      );
      for (const item of result.Responses?.[table] ?? []) {
        heads.set(item.pk as string, { seq: item.seq as number, hash: item.hash as string });
      }
      keys = result.UnprocessedKeys?.[table]?.Keys ?? [];
    }
    return heads;
  }

  private async getItem<T>(table: TableKey, key: ItemKey): Promise<T | null> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tables[table], Key: { ...key }, ConsistentRead: true }),
    );
    return result.Item ? fromItem<T>(result.Item) : null;
  }

  private queryInput(query: KeyQuery): QueryCommandInput {
    const pkName = query.index ? `${query.index}pk` : 'pk';
    const skName = query.index ? `${query.index}sk` : 'sk';
    const names: Record<string, string> = { '#pk': pkName };
    const values: Record<string, unknown> = { ':pk': query.pk };
    let condition = '#pk = :pk';
    if (query.sk) {
      names['#sk'] = skName;
      if ('beginsWith' in query.sk) {
        condition += ' AND begins_with(#sk, :sk)';
        values[':sk'] = query.sk.beginsWith;
      } else if ('below' in query.sk) {
        condition += ' AND #sk < :sk';
        values[':sk'] = query.sk.below;
      } else if ('between' in query.sk) {
        condition += ' AND #sk BETWEEN :skFrom AND :skTo';
        [values[':skFrom'], values[':skTo']] = query.sk.between;
      } else {
        condition += ' AND #sk <= :sk';
        values[':sk'] = query.sk.atMost;
      }
    }
    const filters = Object.entries(query.filter ?? {}).map(([attribute, value], i) => {
      names[`#f${i}`] = attribute;
      values[`:f${i}`] = value;
      return `#f${i} = :f${i}`;
    });
    return {
      TableName: this.tables[query.table],
      ...(query.index ? { IndexName: query.index } : { ConsistentRead: true }),
      KeyConditionExpression: condition,
      ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
      ...(query.descending ? { ScanIndexForward: false } : {}),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    };
  }

  /** Every item of a partition: follows LastEvaluatedKey through the 1 MB pages. */
  private async queryAllItems(query: KeyQuery): Promise<Item[]> {
    const base = this.queryInput(query);
    const input = this.queryPageLimit === undefined ? base : { ...base, Limit: this.queryPageLimit };
    const items: Item[] = [];
    let start: Item | undefined;
    do {
      const result = await this.client.send(
        new QueryCommand(start === undefined ? input : { ...input, ExclusiveStartKey: start }),
      );
      items.push(...(result.Items ?? []));
      start = result.LastEvaluatedKey;
    } while (start !== undefined);
    return items;
  }

  private async queryAll<T>(query: KeyQuery): Promise<T[]> {
    return (await this.queryAllItems(query)).map((item) => fromItem<T>(item));
  }

  /** One page; a page may hold fewer than `limit` items (1 MB responses) and still have a nextToken. */
  private async queryPage<T>(query: KeyQuery, page: PageRequest = {}): Promise<Page<T>> {
    const found = await this.queryItemsPage(query, page);
    return { ...found, items: found.items.map((item) => fromItem<T>(item)) };
  }

  private async queryItemsPage(query: KeyQuery, page: PageRequest = {}): Promise<Page<Item>> {
    const input: QueryCommandInput = { ...this.queryInput(query), Limit: pageLimit(page.limit) };
    if (page.nextToken !== undefined) {
      const start = decodePageToken(page.nextToken);
      assertTokenBelongs(start[query.index ? `${query.index}pk` : 'pk'] === query.pk);
      input.ExclusiveStartKey = start;
    }
    const result = await this.client.send(new QueryCommand(input));
    const items = result.Items ?? [];
    const last = result.LastEvaluatedKey as Record<string, string> | undefined;
    return last === undefined ? { items } : { items, nextToken: encodePageToken(last) };
  }

  getRound(roundId: string): Promise<RoundRecord | null> {
    return this.getItem('applications', roundKey(roundId));
  }

  listRounds(): Promise<RoundRecord[]> {
    return this.queryAll(queries.rounds());
  }

  listActiveRounds(): Promise<RoundRecord[]> {
    return this.queryAll(queries.activeRounds());
  }

  getApplication(applicationId: string): Promise<ApplicationRecord | null> {
    return this.getItem('applications', applicationKey(applicationId));
  }

  listApplicationsByRound(
    roundId: string,
    filter: { status?: ApplicationStatus; jurisdiction?: string },
    page?: PageRequest,
  ): Promise<Page<ApplicationRecord>> {
    return this.queryPage(queries.applicationsByRound(roundId, filter), page);
  }

  listApplicationsByOwner(ownerSub: string): Promise<ApplicationRecord[]> {
    return this.queryAll(queries.applicationsByOwner(ownerSub));
  }

  getEvidence(applicationId: string, evidenceId: string): Promise<EvidenceRecord | null> {
    return this.getItem('applications', evidenceKey(applicationId, evidenceId));
  }

  listEvidence(applicationId: string): Promise<EvidenceRecord[]> {
    return this.queryAll(queries.evidence(applicationId));
  }

  async findEvidenceByKey(key: string): Promise<EvidenceRecord | null> {
    const ids = parseEvidenceObjectKey(key);
    if (ids === null) return null;
    const evidence = await this.getEvidence(ids.applicationId, ids.evidenceId);
    return evidence !== null && evidence.key === key ? evidence : null;
  }

  getReviewer(reviewerId: string): Promise<ReviewerRecord | null> {
    return this.getItem('applications', reviewerKey(reviewerId));
  }

  listReviewers(): Promise<ReviewerRecord[]> {
    return this.queryAll(queries.reviewers());
  }

  listAssignmentsForApplication(applicationId: string): Promise<AssignmentRecord[]> {
    return this.queryAll(queries.assignmentsForApplication(applicationId));
  }

  listAssignmentsForReviewer(reviewerId: string, roundId?: string): Promise<AssignmentRecord[]> {
    return this.queryAll(queries.assignmentsForReviewer(reviewerId, roundId));
  }

  listConflictsForApplication(applicationId: string): Promise<ConflictRecord[]> {
    return this.queryAll(queries.conflictsForApplication(applicationId));
  }

  listScoresForApplication(applicationId: string, stage?: ReviewStage): Promise<ScoreRecord[]> {
    return this.queryAll(queries.scoresForApplication(applicationId, stage));
  }

  listAssignmentsForRound(roundId: string, stage?: ReviewStage): Promise<AssignmentRecord[]> {
    return this.queryAll(queries.assignmentsForRound(roundId, stage));
  }

  listScoresForRound(roundId: string, stage?: ReviewStage): Promise<ScoreRecord[]> {
    return this.queryAll(queries.scoresForRound(roundId, stage));
  }

  getDraw(roundId: string, stage: ReviewStage): Promise<DrawRecord | null> {
    return this.getItem('applications', drawKey(roundId, stage));
  }

  listScheduleForApplication(applicationId: string): Promise<ScheduleSlotRecord[]> {
    return this.queryAll(queries.scheduleForApplication(applicationId));
  }

  listScheduleForRound(roundId: string): Promise<ScheduleSlotRecord[]> {
    return this.queryAll(queries.scheduleForRound(roundId));
  }

  getRanking(roundId: string): Promise<RankingRecord | null> {
    return this.getItem('applications', rankingKey(roundId));
  }

  getDecision(roundId: string): Promise<DecisionRecord | null> {
    return this.getItem('applications', decisionKey(roundId));
  }

  getWindow(windowId: string): Promise<WindowRecord | null> {
    return this.getItem('applications', windowKey(windowId));
  }

  listWindows(): Promise<WindowRecord[]> {
    return this.queryAll(queries.windows());
  }

  listWindowsDueForClosing(now: string): Promise<WindowRecord[]> {
    return this.queryAll(queries.windowsDueForClosing(now));
  }

  getObjection(objectionId: string): Promise<ObjectionRecord | null> {
    return this.getItem('applications', objectionKey(objectionId));
  }

  listObjectionsForWindow(windowId: string): Promise<ObjectionRecord[]> {
    return this.queryAll(queries.objectionsForWindow(windowId));
  }

  listObjectionsForRound(roundId: string): Promise<ObjectionRecord[]> {
    return this.queryAll(queries.objectionsForRound(roundId));
  }

  getAward(awardId: string): Promise<AwardRecord | null> {
    return this.getItem('applications', awardKey(awardId));
  }

  listAwards(roundId?: string): Promise<AwardRecord[]> {
    return this.queryAll(queries.awards(roundId));
  }

  getVisit(visitId: string): Promise<VisitRecord | null> {
    return this.getItem('applications', visitKey(visitId));
  }

  listVisitsForAward(awardId: string): Promise<VisitRecord[]> {
    return this.queryAll(queries.visitsForAward(awardId));
  }

  listHigherAwards(): Promise<HigherAwardRecord[]> {
    return this.queryAll(queries.higherAwards());
  }

  async listSanctionsForSubjects(subjectKeys: string[]): Promise<SanctionRecord[]> {
    const distinct = [...new Set(subjectKeys)];
    const perSubject = await Promise.all(
      distinct.map((subjectKey) => this.queryAll<SanctionRecord>(queries.sanctionsForSubject(subjectKey))),
    );
    return perSubject.flat();
  }

  listSanctions(page?: PageRequest): Promise<Page<SanctionRecord>> {
    return this.queryPage(queries.sanctions(), page);
  }

  getCalendarYear(year: number): Promise<CalendarYearRecord | null> {
    return this.getItem('applications', calendarYearKey(year));
  }

  listCalendarYears(): Promise<CalendarYearRecord[]> {
    return this.queryAll(queries.calendarYears());
  }

  getTaskToken(roundId: string, waitFor: string): Promise<TaskTokenRecord | null> {
    return this.getItem('applications', taskTokenKey(roundId, waitFor));
  }

  listTaskTokensDue(now: string): Promise<TaskTokenRecord[]> {
    return this.queryAll(queries.taskTokensDue(now));
  }

  getNotification(notificationId: string): Promise<NotificationRecord | null> {
    return this.getItem('applications', notificationKey(notificationId));
  }

  /**
   * Every audience's inbox is sorted by `{at}#{notificationId}`, so one cursor (the last key
   * answered) pages the merged list: each page reads at most `limit` below it from every audience.
   */
  async listNotificationsForAudiences(
    audiences: readonly Audience[],
    page: PageRequest = {},
  ): Promise<Page<NotificationRecord>> {
    const limit = pageLimit(page.limit);
    let below: string | undefined;
    if (page.nextToken !== undefined) {
      const token = decodePageToken(page.nextToken);
      assertTokenBelongs(typeof token.inbox === 'string');
      below = token.inbox;
    }
    const results = await Promise.all(
      audiences.map((audience) =>
        this.client.send(
          new QueryCommand({ ...this.queryInput(queries.inbox(audience, below)), Limit: limit }),
        ),
      ),
    );
    const sortKey = (item: Item) => String(item.gsi1sk);
    const merged = results
      .flatMap((result) => result.Items ?? [])
      .sort((a, b) => (sortKey(a) < sortKey(b) ? 1 : -1));
    const items = merged.slice(0, limit);
    const more = merged.length > limit || results.some((result) => result.LastEvaluatedKey !== undefined);
    const last = items.at(-1);
    return {
      items: items.map((item) => fromItem<NotificationRecord>(item)),
      ...(more && last !== undefined ? { nextToken: encodePageToken({ inbox: sortKey(last) }) } : {}),
    };
  }

  async listNotificationReads(
    sub: string,
    notificationIds: readonly string[],
  ): Promise<NotificationReadRecord[]> {
    const table = this.tables.applications;
    const reads: NotificationReadRecord[] = [];
    const distinct = [...new Set(notificationIds)];
    for (let i = 0; i < distinct.length; i += 100) {
      let keys: Item[] = distinct.slice(i, i + 100).map((id) => ({ ...notificationReadKey(id, sub) }));
      for (let round = 0; keys.length > 0; round++) {
        if (round > 0) await sleep(Math.random() * 25 * 2 ** Math.min(round, 6));
        const result = await this.client.send(
          new BatchGetCommand({ RequestItems: { [table]: { Keys: keys, ConsistentRead: true } } }),
        );
        reads.push(
          ...(result.Responses?.[table] ?? []).map((item) => fromItem<NotificationReadRecord>(item)),
        );
        keys = result.UnprocessedKeys?.[table]?.Keys ?? [];
      }
    }
    return reads;
  }

  getDelivery(messageId: string): Promise<DeliveryRecord | null> {
    return this.getItem('applications', deliveryKey(messageId));
  }

  listDeliveriesDue(now: string): Promise<DeliveryRecord[]> {
    return this.queryAll(queries.deliveriesDue(now));
  }

  listFailedDeliveries(page?: PageRequest): Promise<Page<DeliveryRecord>> {
    return this.queryPage(queries.failedDeliveries(), page);
  }

  listRemindersForRound(roundId: string): Promise<ReminderRecord[]> {
    return this.queryAll(queries.remindersForRound(roundId));
  }

  async listAudit(entityId: string): Promise<AuditEntry[]> {
    return (await this.queryAllItems(queries.auditEntries(entityId))).map(fromAuditItem);
  }

  async searchAudit(search: AuditSearch, page?: PageRequest): Promise<Page<AuditEntry>> {
    const found = await this.queryItemsPage(auditSearchQuery(search), page);
    return { ...found, items: found.items.map(fromAuditItem) };
  }

  async listAuditChains(page?: PageRequest): Promise<Page<AuditChainHead>> {
    const found = await this.queryItemsPage(auditChainHeadsQuery(), page);
    return {
      ...found,
      items: found.items.map((item) => ({
        entityId: String(item.pk),
        seq: Number(item.seq),
        hash: String(item.hash),
      })),
    };
  }
}
