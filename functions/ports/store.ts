/**
 * The persistence port. Reads are named after the questions they answer (STYLE.md 7); every
 * write goes through `commit`, one atomic unit (TransactWriteItems) of versioned puts and the
 * audit events describing them. A stale `version` fails the whole unit with VERSION_CONFLICT.
 */
import type { ApplicationStatus, ReviewStage } from '../domain/model.ts';
import type { Audience } from '../domain/notifications.ts';
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
  VisitRecord,
  WindowRecord,
} from './records.ts';

export type StoredEntity =
  | { type: 'round'; record: RoundRecord }
  | { type: 'application'; record: ApplicationRecord }
  | { type: 'evidence'; record: EvidenceRecord }
  | { type: 'reviewer'; record: ReviewerRecord }
  | { type: 'assignment'; record: AssignmentRecord }
  | { type: 'conflict'; record: ConflictRecord }
  | { type: 'score'; record: ScoreRecord }
  | { type: 'ranking'; record: RankingRecord }
  | { type: 'decision'; record: DecisionRecord }
  | { type: 'window'; record: WindowRecord }
  | { type: 'objection'; record: ObjectionRecord }
  | { type: 'award'; record: AwardRecord }
  | { type: 'sanction'; record: SanctionRecord }
  | { type: 'calendar-year'; record: CalendarYearRecord }
  | { type: 'task-token'; record: TaskTokenRecord }
  | { type: 'draw'; record: DrawRecord }
  | { type: 'schedule-slot'; record: ScheduleSlotRecord }
  | { type: 'visit'; record: VisitRecord }
  | { type: 'higher-award'; record: HigherAwardRecord }
  | { type: 'notification'; record: NotificationRecord }
  | { type: 'notification-read'; record: NotificationReadRecord }
  | { type: 'delivery'; record: DeliveryRecord }
  | { type: 'reminder'; record: ReminderRecord };

/**
 * One change. `record.version` is the version the caller read (0 for a new record); the store
 * writes version + 1 and fails the unit if the stored version differs (or, for 0, if it exists).
 * `delete` removes the record under the same condition (used to consume task tokens once).
 */
export type Change = { op: 'put'; entity: StoredEntity } | { op: 'delete'; entity: StoredEntity };

export interface UnitOfWork {
  changes: Change[];
  audit: AuditEvent[];
}

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

export interface PageRequest {
  limit?: number;
  nextToken?: string;
}

export interface Store {
  /** Atomically applies the changes and appends the audit events (hash-chained per entity). */
  commit(unit: UnitOfWork): Promise<void>;

  getRound(roundId: string): Promise<RoundRecord | null>;
  listRounds(): Promise<RoundRecord[]>;
  /** Rounds whose flow is still running (stage before `announced`). */
  listActiveRounds(): Promise<RoundRecord[]>;

  getApplication(applicationId: string): Promise<ApplicationRecord | null>;
  listApplicationsByRound(
    roundId: string,
    filter: { status?: ApplicationStatus; jurisdiction?: string },
    page?: PageRequest,
  ): Promise<Page<ApplicationRecord>>;
  listApplicationsByOwner(ownerSub: string): Promise<ApplicationRecord[]>;

  getEvidence(applicationId: string, evidenceId: string): Promise<EvidenceRecord | null>;
  listEvidence(applicationId: string): Promise<EvidenceRecord[]>;
  /** Resolves the S3 key of an uploaded object back to its evidence (ObjectCreated events). */
  findEvidenceByKey(key: string): Promise<EvidenceRecord | null>;

  getReviewer(reviewerId: string): Promise<ReviewerRecord | null>;
  listReviewers(): Promise<ReviewerRecord[]>;
  listAssignmentsForApplication(applicationId: string): Promise<AssignmentRecord[]>;
  listAssignmentsForReviewer(reviewerId: string, roundId?: string): Promise<AssignmentRecord[]>;
  listConflictsForApplication(applicationId: string): Promise<ConflictRecord[]>;
  listScoresForApplication(applicationId: string, stage?: ReviewStage): Promise<ScoreRecord[]>;
  /**
   * Every assignment of a round (of one stage if given), withdrawn ones included with their status,
   * ordered by stage, application, reviewer: one paginated Query, its requests growing with 1 MB
   * pages, not with items. Read from an index, so eventually consistent (a write of the last
   * few hundred milliseconds may be missing); per-application reads stay strongly consistent.
   */
  listAssignmentsForRound(roundId: string, stage?: ReviewStage): Promise<AssignmentRecord[]>;
  /** Every score sheet of a round (of one stage if given), ordered as `listAssignmentsForRound`; one paginated Query. */
  listScoresForRound(roundId: string, stage?: ReviewStage): Promise<ScoreRecord[]>;

  /** The last random draw of a round's stage (review-panels.ts), to complete one left `writing`. */
  getDraw(roundId: string, stage: ReviewStage): Promise<DrawRecord | null>;
  /** An application's on-site and defence slots. */
  listScheduleForApplication(applicationId: string): Promise<ScheduleSlotRecord[]>;
  /** Every slot of a round, ordered by stage and application: one Query. */
  listScheduleForRound(roundId: string): Promise<ScheduleSlotRecord[]>;

  getRanking(roundId: string): Promise<RankingRecord | null>;
  getDecision(roundId: string): Promise<DecisionRecord | null>;

  getWindow(windowId: string): Promise<WindowRecord | null>;
  listWindows(): Promise<WindowRecord[]>;
  /** Open windows whose `closesAt` is at or before `now` (the scheduled closer's question). */
  listWindowsDueForClosing(now: string): Promise<WindowRecord[]>;
  getObjection(objectionId: string): Promise<ObjectionRecord | null>;
  listObjectionsForWindow(windowId: string): Promise<ObjectionRecord[]>;
  listObjectionsForRound(roundId: string): Promise<ObjectionRecord[]>;

  getAward(awardId: string): Promise<AwardRecord | null>;
  listAwards(roundId?: string): Promise<AwardRecord[]>;
  getVisit(visitId: string): Promise<VisitRecord | null>;
  /** An award's visits, by date (read from an index: eventually consistent). */
  listVisitsForAward(awardId: string): Promise<VisitRecord[]>;
  listHigherAwards(): Promise<HigherAwardRecord[]>;

  listSanctionsForSubjects(subjectKeys: string[]): Promise<SanctionRecord[]>;
  listSanctions(page?: PageRequest): Promise<Page<SanctionRecord>>;

  getCalendarYear(year: number): Promise<CalendarYearRecord | null>;
  listCalendarYears(): Promise<CalendarYearRecord[]>;

  getTaskToken(roundId: string, waitFor: string): Promise<TaskTokenRecord | null>;
  /** Timed waits due at or before `now` (call close): the scheduler's question. */
  listTaskTokensDue(now: string): Promise<TaskTokenRecord[]>;

  getNotification(notificationId: string): Promise<NotificationRecord | null>;
  /** The inboxes of these audiences merged, newest first, paged (one Query per audience and page). */
  listNotificationsForAudiences(
    audiences: readonly Audience[],
    page?: PageRequest,
  ): Promise<Page<NotificationRecord>>;
  /** Which of these notifications `sub` has read (one BatchGet). */
  listNotificationReads(sub: string, notificationIds: readonly string[]): Promise<NotificationReadRecord[]>;
  getDelivery(messageId: string): Promise<DeliveryRecord | null>;
  /** Deliveries to attempt at or before `now`: pending ones due, and attempts whose lease ran out. */
  listDeliveriesDue(now: string): Promise<DeliveryRecord[]>;
  /** Deliveries that ran out of attempts, newest first, paged (staff see them). */
  listFailedDeliveries(page?: PageRequest): Promise<Page<DeliveryRecord>>;
  /** The reminders already sent for a round's deadlines. */
  listRemindersForRound(roundId: string): Promise<ReminderRecord[]>;

  listAudit(entityId: string): Promise<AuditEntry[]>;
  /** The supervisors' search, newest first, paged; one index Query (never a Scan). */
  searchAudit(search: AuditSearch, page?: PageRequest): Promise<Page<AuditEntry>>;
  /** Every entity's chain head (its last seq and hash), paged, for the scheduled verifier. */
  listAuditChains(page?: PageRequest): Promise<Page<AuditChainHead>>;
}

/** At least one of actor, roundId, from, to; `from`/`to` are ISO instants as stored (`toISOString`). */
export interface AuditSearch {
  actor?: string;
  roundId?: string;
  from?: string;
  to?: string;
}

export interface AuditChainHead {
  entityId: string;
  seq: number;
  hash: string;
}
