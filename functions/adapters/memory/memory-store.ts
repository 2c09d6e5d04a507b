/**
 * An in-memory Store for fast use-case tests, with the DynamoDB store's semantics: records are
 * identified by the same keys (keys.ts `identityOf`), units are checked by the same rules
 * (`planUnit`), a stale version fails the whole unit with VERSION_CONFLICT and nothing is written,
 * the audit trail is hash-chained by the same functions, lists come back in the same order and
 * records round-trip as JSON data (undefined members dropped) with `version` one higher.
 * test/support/store-contract.ts runs one suite against both, so the fake cannot drift.
 */

import { chainAuditEvents, toJsonData } from '../../domain/audit-chain.ts';
import type { ApplicationStatus, ReviewStage } from '../../domain/model.ts';
import type { Audience } from '../../domain/notifications.ts';
import type {
  ApplicationRecord,
  AssignmentRecord,
  AuditEntry,
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
  VisitRecord,
  WindowRecord,
} from '../../ports/records.ts';
import type {
  AuditChainHead,
  AuditSearch,
  Page,
  PageRequest,
  Store,
  StoredEntity,
  UnitOfWork,
} from '../../ports/store.ts';
import {
  applicationKey,
  awardKey,
  calendarYearKey,
  decisionKey,
  deliveryKey,
  drawKey,
  evidenceKey,
  type ItemKey,
  identityOf,
  identityOfKey,
  keysOf,
  notificationKey,
  notificationReadKey,
  objectionKey,
  parseEvidenceObjectKey,
  rankingKey,
  reviewerKey,
  roundKey,
  taskTokenKey,
  visitKey,
  windowKey,
} from '../dynamodb/keys.ts';
import { assertTokenBelongs, decodePageToken, encodePageToken, pageLimit } from '../dynamodb/paging.ts';
import { planUnit, versionConflict } from '../dynamodb/unit-of-work.ts';

type EntityType = StoredEntity['type'];
type RecordOf<K extends EntityType> = Extract<StoredEntity, { type: K }>['record'];

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A key that sorts in the opposite order (terminated, so a prefix sorts after its extensions). */
const invert = (key: string): string =>
  Array.from(`${key}\u0000`, (c) => String.fromCharCode(0xffff - c.charCodeAt(0))).join('');
const ordinalKey = (ordinal: number): string => String(ordinal).padStart(6, '0');

/** Sorts by a string key, as DynamoDB sorts a partition by its sort key. */
const sortedBy = <T>(items: T[], key: (item: T) => string): T[] =>
  items
    .map((item) => ({ item, key: key(item) }))
    .sort((a, b) => compare(a.key, b.key))
    .map(({ item }) => item);

export class MemoryStore implements Store {
  private readonly tables = new Map<EntityType, Map<string, StoredEntity['record']>>();
  private readonly trails = new Map<string, AuditEntry[]>();

  async commit(unit: UnitOfWork): Promise<void> {
    const plan = planUnit(unit);
    // Check every condition before writing anything: all or nothing, like TransactWriteItems.
    for (const change of unit.changes) {
      const stored = this.table(change.entity.type).get(identityOf(change.entity));
      const expected = change.entity.record.version;
      const holds =
        change.op === 'put' && expected === 0 ? stored === undefined : stored?.version === expected;
      if (!holds) throw versionConflict();
    }
    for (const change of unit.changes) {
      const table = this.table(change.entity.type);
      const identity = identityOf(change.entity);
      if (change.op === 'delete') {
        table.delete(identity);
      } else {
        table.set(
          identity,
          toJsonData({ ...change.entity.record, version: change.entity.record.version + 1 }),
        );
      }
    }
    for (const [entityId, events] of plan.auditByEntity) {
      const trail = this.trails.get(entityId) ?? [];
      const last = trail.at(-1);
      const { entries } = chainAuditEvents(last ? { seq: last.seq, hash: last.hash } : null, events);
      this.trails.set(entityId, [...trail, ...entries]);
    }
  }

  /**
   * Test hook: overwrites fields of a stored audit entry, as someone editing the table directly
   * would, so that tests can show the chain detects it. Returns false when there is no such entry.
   */
  tamperWithAuditEntry(entityId: string, seq: number, patch: Partial<AuditEntry>): boolean {
    const entry = this.trails.get(entityId)?.find((e) => e.seq === seq);
    if (!entry) return false;
    Object.assign(entry, patch);
    return true;
  }

  private table(type: EntityType): Map<string, StoredEntity['record']> {
    let table = this.tables.get(type);
    if (!table) {
      table = new Map();
      this.tables.set(type, table);
    }
    return table;
  }

  private all<K extends EntityType>(
    type: K,
    where: (record: RecordOf<K>) => boolean = () => true,
  ): RecordOf<K>[] {
    return [...this.table(type).values()]
      .map((record) => record as RecordOf<K>)
      .filter(where)
      .map((record) => structuredClone(record));
  }

  /** A get by primary key (same identities as the DynamoDB items); the sanctions table has no gets. */
  private one<K extends EntityType>(type: K, key: ItemKey): RecordOf<K> | null {
    const record = this.table(type).get(identityOfKey('applications', key));
    return (record === undefined ? null : structuredClone(record)) as RecordOf<K> | null;
  }

  /** Pages through items already in their sort order; the token names the last key returned. */
  private page<T>(items: T[], key: (item: T) => string, scope: string, request: PageRequest = {}): Page<T> {
    const limit = pageLimit(request.limit);
    let start = 0;
    if (request.nextToken !== undefined) {
      const token = decodePageToken(request.nextToken);
      assertTokenBelongs(token.scope === scope && typeof token.after === 'string');
      const after = token.after as string;
      start = items.findIndex((item) => compare(key(item), after) > 0);
      if (start < 0) start = items.length;
    }
    const slice = items.slice(start, start + limit);
    const last = slice.at(-1);
    return start + limit < items.length && last !== undefined
      ? { items: slice, nextToken: encodePageToken({ scope, after: key(last) }) }
      : { items: slice };
  }

  async getRound(roundId: string): Promise<RoundRecord | null> {
    return this.one('round', roundKey(roundId));
  }

  async listRounds(): Promise<RoundRecord[]> {
    return sortedBy(this.all('round'), (r) => `${ordinalKey(r.ordinal)}#${r.roundId}`);
  }

  async listActiveRounds(): Promise<RoundRecord[]> {
    return (await this.listRounds()).filter((r) => r.stage !== 'announced');
  }

  async getApplication(applicationId: string): Promise<ApplicationRecord | null> {
    return this.one('application', applicationKey(applicationId));
  }

  async listApplicationsByRound(
    roundId: string,
    filter: { status?: ApplicationStatus; jurisdiction?: string },
    page?: PageRequest,
  ): Promise<Page<ApplicationRecord>> {
    const matching = this.all(
      'application',
      (a) =>
        a.roundId === roundId &&
        (filter.status === undefined || a.status === filter.status) &&
        (filter.jurisdiction === undefined || a.jurisdiction === filter.jurisdiction),
    );
    const key = (a: ApplicationRecord) => `${a.status}#${a.applicationId}`;
    const scope = `applications|${roundId}|${filter.jurisdiction ?? ''}|${filter.status ?? ''}`;
    return this.page(sortedBy(matching, key), key, scope, page);
  }

  async listApplicationsByOwner(ownerSub: string): Promise<ApplicationRecord[]> {
    return sortedBy(
      this.all('application', (a) => a.ownerSub === ownerSub),
      (a) => a.applicationId,
    );
  }

  async getEvidence(applicationId: string, evidenceId: string): Promise<EvidenceRecord | null> {
    return this.one('evidence', evidenceKey(applicationId, evidenceId));
  }

  async listEvidence(applicationId: string): Promise<EvidenceRecord[]> {
    return sortedBy(
      this.all('evidence', (e) => e.applicationId === applicationId),
      (e) => e.evidenceId,
    );
  }

  async findEvidenceByKey(key: string): Promise<EvidenceRecord | null> {
    const ids = parseEvidenceObjectKey(key);
    if (ids === null) return null;
    const evidence = await this.getEvidence(ids.applicationId, ids.evidenceId);
    return evidence !== null && evidence.key === key ? evidence : null;
  }

  async getReviewer(reviewerId: string): Promise<ReviewerRecord | null> {
    return this.one('reviewer', reviewerKey(reviewerId));
  }

  async listReviewers(): Promise<ReviewerRecord[]> {
    return sortedBy(this.all('reviewer'), (r) => r.reviewerId);
  }

  async listAssignmentsForApplication(applicationId: string): Promise<AssignmentRecord[]> {
    return sortedBy(
      this.all('assignment', (a) => a.applicationId === applicationId),
      (a) => `${a.stage}#${a.reviewerId}`,
    );
  }

  async listAssignmentsForReviewer(reviewerId: string, roundId?: string): Promise<AssignmentRecord[]> {
    return sortedBy(
      this.all(
        'assignment',
        (a) => a.reviewerId === reviewerId && (roundId === undefined || a.roundId === roundId),
      ),
      (a) => `${a.roundId}#${a.applicationId}#${a.stage}`,
    );
  }

  async listConflictsForApplication(applicationId: string): Promise<ConflictRecord[]> {
    return sortedBy(
      this.all('conflict', (c) => c.applicationId === applicationId),
      (c) => `${c.reviewerId}#${c.kind}`,
    );
  }

  async listScoresForApplication(applicationId: string, stage?: ReviewStage): Promise<ScoreRecord[]> {
    return sortedBy(
      this.all(
        'score',
        (s) => s.applicationId === applicationId && (stage === undefined || s.stage === stage),
      ),
      (s) => `${s.stage}#${s.reviewerId}`,
    );
  }

  async listAssignmentsForRound(roundId: string, stage?: ReviewStage): Promise<AssignmentRecord[]> {
    return sortedBy(
      this.all('assignment', (a) => a.roundId === roundId && (stage === undefined || a.stage === stage)),
      (a) => `${a.stage}#${a.applicationId}#${a.reviewerId}`,
    );
  }

  async listScoresForRound(roundId: string, stage?: ReviewStage): Promise<ScoreRecord[]> {
    return sortedBy(
      this.all('score', (s) => s.roundId === roundId && (stage === undefined || s.stage === stage)),
      (s) => `${s.stage}#${s.applicationId}#${s.reviewerId}`,
    );
  }

  async getDraw(roundId: string, stage: ReviewStage): Promise<DrawRecord | null> {
    return this.one('draw', drawKey(roundId, stage));
  }

  async listScheduleForApplication(applicationId: string): Promise<ScheduleSlotRecord[]> {
    return sortedBy(
      this.all('schedule-slot', (s) => s.applicationId === applicationId),
      (s) => s.stage,
    );
  }

  async listScheduleForRound(roundId: string): Promise<ScheduleSlotRecord[]> {
    return sortedBy(
      this.all('schedule-slot', (s) => s.roundId === roundId),
      (s) => `${s.stage}#${s.applicationId}`,
    );
  }

  async getRanking(roundId: string): Promise<RankingRecord | null> {
    return this.one('ranking', rankingKey(roundId));
  }

  async getDecision(roundId: string): Promise<DecisionRecord | null> {
    return this.one('decision', decisionKey(roundId));
  }

  async getWindow(windowId: string): Promise<WindowRecord | null> {
    return this.one('window', windowKey(windowId));
  }

  async listWindows(): Promise<WindowRecord[]> {
    return sortedBy(this.all('window'), (w) => `${w.opensAt}#${w.windowId}`);
  }

  async listWindowsDueForClosing(now: string): Promise<WindowRecord[]> {
    return sortedBy(
      this.all('window', (w) => w.status === 'open' && w.closesAt <= now),
      (w) => `${w.closesAt}#${w.windowId}`,
    );
  }

  async getObjection(objectionId: string): Promise<ObjectionRecord | null> {
    return this.one('objection', objectionKey(objectionId));
  }

  async listObjectionsForWindow(windowId: string): Promise<ObjectionRecord[]> {
    return sortedBy(
      this.all('objection', (o) => o.windowId === windowId),
      (o) => `${o.createdAt}#${o.objectionId}`,
    );
  }

  async listObjectionsForRound(roundId: string): Promise<ObjectionRecord[]> {
    return sortedBy(
      this.all('objection', (o) => o.roundId === roundId),
      (o) => `${o.createdAt}#${o.objectionId}`,
    );
  }

  async getAward(awardId: string): Promise<AwardRecord | null> {
    return this.one('award', awardKey(awardId));
  }

  async listAwards(roundId?: string): Promise<AwardRecord[]> {
    return sortedBy(
      this.all('award', (a) => roundId === undefined || a.roundId === roundId),
      (a) => `${ordinalKey(a.ordinal)}#${a.awardId}`,
    );
  }

  async getVisit(visitId: string): Promise<VisitRecord | null> {
    return this.one('visit', visitKey(visitId));
  }

  async listVisitsForAward(awardId: string): Promise<VisitRecord[]> {
    return sortedBy(
      this.all('visit', (v) => v.awardId === awardId),
      (v) => `${v.visitedOn}#${v.visitId}`,
    );
  }

  async listHigherAwards(): Promise<HigherAwardRecord[]> {
    return sortedBy(this.all('higher-award'), (h) => `${String(h.year).padStart(4, '0')}#${h.higherAwardId}`);
  }

  async listSanctionsForSubjects(subjectKeys: string[]): Promise<SanctionRecord[]> {
    return [...new Set(subjectKeys)].flatMap((subjectKey) =>
      sortedBy(
        this.all('sanction', (s) => s.subjectKey === subjectKey),
        (s) => s.sanctionId,
      ),
    );
  }

  async listSanctions(page?: PageRequest): Promise<Page<SanctionRecord>> {
    const key = (s: SanctionRecord) => `${s.createdAt}#${s.sanctionId}`;
    return this.page(sortedBy(this.all('sanction'), key), key, 'sanctions', page);
  }

  async getCalendarYear(year: number): Promise<CalendarYearRecord | null> {
    return this.one('calendar-year', calendarYearKey(year));
  }

  async listCalendarYears(): Promise<CalendarYearRecord[]> {
    return sortedBy(this.all('calendar-year'), (c) => String(c.year).padStart(4, '0'));
  }

  async getTaskToken(roundId: string, waitFor: string): Promise<TaskTokenRecord | null> {
    return this.one('task-token', taskTokenKey(roundId, waitFor));
  }

  async listTaskTokensDue(now: string): Promise<TaskTokenRecord[]> {
    return sortedBy(
      this.all('task-token', (t) => t.dueAt !== undefined && t.dueAt <= now),
      (t) => `${t.dueAt}#${t.roundId}#${t.waitFor}`,
    );
  }

  async getNotification(notificationId: string): Promise<NotificationRecord | null> {
    return this.one('notification', notificationKey(notificationId));
  }

  async listNotificationsForAudiences(
    audiences: readonly Audience[],
    page: PageRequest = {},
  ): Promise<Page<NotificationRecord>> {
    const key = (n: NotificationRecord) => invert(`${n.at}#${n.notificationId}`);
    const scope = `inbox|${[...audiences].sort().join('|')}`;
    const mine = this.all('notification', (n) => audiences.includes(n.audience));
    return this.page(sortedBy(mine, key), key, scope, page);
  }

  async listNotificationReads(
    sub: string,
    notificationIds: readonly string[],
  ): Promise<NotificationReadRecord[]> {
    return [...new Set(notificationIds)]
      .map((id) => this.one('notification-read', notificationReadKey(id, sub)))
      .filter((read): read is NotificationReadRecord => read !== null);
  }

  async getDelivery(messageId: string): Promise<DeliveryRecord | null> {
    return this.one('delivery', deliveryKey(messageId));
  }

  async listDeliveriesDue(now: string): Promise<DeliveryRecord[]> {
    const dueKey = (d: DeliveryRecord) => keysOf({ type: 'delivery', record: d }).gsi1sk;
    return sortedBy(
      this.all('delivery', (d) => {
        const key = dueKey(d);
        return key !== undefined && key <= `${now}#\uffff`;
      }),
      (d) => dueKey(d) ?? '',
    );
  }

  async listFailedDeliveries(page?: PageRequest): Promise<Page<DeliveryRecord>> {
    const key = (d: DeliveryRecord) => invert(`${d.failedAt ?? d.at}#${d.messageId}`);
    return this.page(
      sortedBy(
        this.all('delivery', (d) => d.status === 'failed'),
        key,
      ),
      key,
      'failed',
      page,
    );
  }

  async listRemindersForRound(roundId: string): Promise<ReminderRecord[]> {
    return sortedBy(
      this.all('reminder', (r) => r.roundId === roundId),
      (r) => `${r.deadline}#${r.phase}#${r.deadlineAt}`,
    );
  }

  async listAudit(entityId: string): Promise<AuditEntry[]> {
    return structuredClone(this.trails.get(entityId) ?? []);
  }

  // Same order as the DynamoDB indexes: `{at}#{entityId}#{seq}`, newest first.
  async searchAudit(search: AuditSearch, page?: PageRequest): Promise<Page<AuditEntry>> {
    const key = (e: AuditEntry) => invert(`${e.at}#${e.entityId}#${String(e.seq).padStart(12, '0')}`);
    const matching = [...this.trails.values()]
      .flat()
      .filter(
        (e) =>
          (search.actor === undefined || e.actor === search.actor) &&
          (search.roundId === undefined || e.roundId === search.roundId) &&
          (search.from === undefined || e.at >= search.from) &&
          (search.to === undefined || e.at <= search.to),
      );
    return this.page(structuredClone(sortedBy(matching, key)), key, 'audit', page);
  }

  async listAuditChains(page?: PageRequest): Promise<Page<AuditChainHead>> {
    const heads = [...this.trails].flatMap(([entityId, trail]) => {
      const last = trail.at(-1);
      return last ? [{ entityId, seq: last.seq, hash: last.hash }] : [];
    });
    return this.page(
      sortedBy(heads, (h) => h.entityId),
      (h) => h.entityId,
      'audit-chains',
      page,
    );
  }
}
