/**
 * The item layout: every key string of the platform lives here and nowhere else (STYLE.md 7).
 *
 * `applications` table (generic pk/sk, GSIs gsi1..gsi3):
 *   ROUND#{roundId}      ROUND                       gsi1 ROUNDS/{ordinal}#{roundId}, gsi2 ROUNDS#active/{ordinal} (until announced)
 *                        RANKING, DECISION
 *                        TOKEN#{waitFor}             gsi1 TOKENS#due/{dueAt} (timed waits only)
 *   APP#{applicationId}  APP                         gsi1 ROUND#{roundId}#APPS/{status}#{applicationId}
 *                                                    gsi2 OWNER#{ownerSub}/APP#{applicationId}
 *                                                    gsi3 ROUND#{roundId}#JUR#{jurisdiction}/{status}#{applicationId}
 *                        EVIDENCE#{evidenceId}
 *                        ASSIGN#{stage}#{reviewerId} gsi2 REVIEWER#{reviewerId}/{roundId}#{applicationId}#{stage}
 *                                                    gsi3 ROUND#{roundId}#REVIEW/ASSIGN#{stage}#{applicationId}#{reviewerId}
 *                        CONFLICT#{reviewerId}#{kind}
 *                        SCORE#{stage}#{reviewerId}  gsi3 ROUND#{roundId}#REVIEW/SCORE#{stage}#{applicationId}#{reviewerId}
 *                        SLOT#{stage}                gsi3 ROUND#{roundId}#REVIEW/SLOT#{stage}#{applicationId}
 *   ROUND#{roundId}      DRAW#{stage}                (the stage's last random draw)
 *   REVIEWER#{id}        PROFILE                     gsi1 REVIEWERS/{reviewerId}
 *   WINDOW#{windowId}    WINDOW                      gsi1 WINDOWS/{opensAt}#{windowId}, gsi2 WINDOWS#open/{closesAt} (while open)
 *   OBJ#{objectionId}    OBJ                         gsi1 WINDOW#{windowId}#OBJS/…, gsi2 ROUND#{roundId}#OBJS/{createdAt}#{objectionId}
 *   AWARD#{awardId}      AWARD                       gsi1 AWARDS/{ordinal}#{awardId}, gsi2 ROUND#{roundId}#AWARDS/{ordinal}#{awardId}
 *   VISIT#{visitId}      VISIT                       gsi1 AWARD#{awardId}#VISITS/{visitedOn}#{visitId}
 *   HIGHER#{id}          HIGHER                      gsi1 HIGHER_AWARDS/{year}#{id}
 *   CALENDAR             YEAR#{year}
 *   ROUND#{roundId}      REMINDER#{deadline}#{phase}#{deadlineAt}   (a deadline's reminder sent: exactly once)
 *   NOTE#{notificationId} NOTE                       gsi1 INBOX#{audience}/{at}#{notificationId}
 *                        READ#{sub}                  (read by that person)
 *   MSG#{messageId}      MSG                         gsi1 DELIVERIES#due/{nextAttemptAt|leaseUntil}#{messageId} (pending, sending)
 *                                                    gsi2 DELIVERIES#failed/{failedAt}#{messageId} (failed)
 * `sanctions` table: SUBJECT#{subjectKey} / SANCTION#{sanctionId}, gsi1 SANCTIONS/{createdAt}#{sanctionId}.
 * `audit` table: {entityId} / {seq, 12 digits} per entry, {entityId} / HEAD = {seq, hash}.
 *   entry: gsi1 ACTOR#{actor}/{at}#{entityId}#{seq}, gsi2 ROUND#{roundId}/{at}#… (when it concerns a round),
 *          gsi3 TRAIL/{at}#… (the time-only search); HEAD: gsi3 HEADS/{entityId} (the chain verifier's list).
 *   Entries written before these indexes existed are not found by the search, and a chain's HEAD
 *   enters HEADS with its next append: entries are immutable (re-putting them would be the very
 *   tampering the chain detects), so a one-off backfill adds only the g* attributes, never the body.
 *
 * Sparse indexes keep the scheduled questions small: a window leaves `WINDOWS#open` when its status
 * leaves `open`, a round leaves `ROUNDS#active` when announced, only timed waits enter `TOKENS#due`.
 * A put replaces the whole item, so an index attribute that is no longer set disappears with it.
 *
 * Round-wide review questions (DESIGN.md §5: O(1) requests per API request, ranking one paginated
 * Query): every assignment and score sheet of a round, optionally of one stage, is one Query on
 * `gsi3 ROUND#{roundId}#REVIEW` with `begins_with(ASSIGN#[{stage}#])` or `begins_with(SCORE#[{stage}#])`,
 * followed through its 1 MB pages. Withdrawn assignments stay in it with their status. (gsi3 is free
 * on these items: their application's item uses it under `ROUND#{roundId}#JUR#…`, a different
 * partition.) Items written before this index existed need one re-put to enter it.
 */
import type { ApplicationStatus, ReviewStage } from '../../domain/model.ts';
import type { AuditEntry } from '../../ports/records.ts';
import type { StoredEntity } from '../../ports/store.ts';
import type { TableKey } from './tables.ts';

export type DataTable = Extract<TableKey, 'applications' | 'sanctions'>;
export type IndexName = 'gsi1' | 'gsi2' | 'gsi3';

export interface ItemKey {
  pk: string;
  sk: string;
}

export interface ItemKeys extends ItemKey {
  table: DataTable;
  gsi1pk?: string;
  gsi1sk?: string;
  gsi2pk?: string;
  gsi2sk?: string;
  gsi3pk?: string;
  gsi3sk?: string;
}

/** Attributes the adapter adds to a record; stripped again on read. */
export const KEY_ATTRIBUTES = [
  'pk',
  'sk',
  'gsi1pk',
  'gsi1sk',
  'gsi2pk',
  'gsi2sk',
  'gsi3pk',
  'gsi3sk',
  'itemType',
] as const;

export type SortCondition =
  | { beginsWith: string }
  | { atMost: string }
  | { below: string }
  | { between: [string, string] };

/** One Query: a partition of the table or of an index, optionally narrowed on the sort key. */
export interface KeyQuery {
  table: TableKey;
  index?: IndexName;
  pk: string;
  sk?: SortCondition;
  /** Newest (highest sort key) first. */
  descending?: boolean;
  /** Attributes that must equal these values (a FilterExpression: read, then dropped). */
  filter?: Record<string, string>;
}

/** Ordinals are zero-padded so that they sort as numbers. */
const ordinalKey = (ordinal: number): string => String(ordinal).padStart(6, '0');
const SEQ_WIDTH = 12;

const ROUNDS = 'ROUNDS';
const ACTIVE_ROUNDS = 'ROUNDS#active';
const DUE_TOKENS = 'TOKENS#due';
const REVIEWERS = 'REVIEWERS';
const WINDOWS = 'WINDOWS';
const OPEN_WINDOWS = 'WINDOWS#open';
const AWARDS = 'AWARDS';
const CALENDAR = 'CALENDAR';
const SANCTIONS = 'SANCTIONS';
const HIGHER_AWARDS = 'HIGHER_AWARDS';
const DUE_DELIVERIES = 'DELIVERIES#due';
const FAILED_DELIVERIES = 'DELIVERIES#failed';

const roundPk = (roundId: string) => `ROUND#${roundId}`;
const applicationPk = (applicationId: string) => `APP#${applicationId}`;
const roundApplicationsPk = (roundId: string) => `ROUND#${roundId}#APPS`;
const roundJurisdictionPk = (roundId: string, jurisdiction: string) => `ROUND#${roundId}#JUR#${jurisdiction}`;
const ownerPk = (ownerSub: string) => `OWNER#${ownerSub}`;
const reviewerPk = (reviewerId: string) => `REVIEWER#${reviewerId}`;
const windowObjectionsPk = (windowId: string) => `WINDOW#${windowId}#OBJS`;
const roundObjectionsPk = (roundId: string) => `ROUND#${roundId}#OBJS`;
const roundAwardsPk = (roundId: string) => `ROUND#${roundId}#AWARDS`;
const roundReviewPk = (roundId: string) => `ROUND#${roundId}#REVIEW`;
const subjectPk = (subjectKey: string) => `SUBJECT#${subjectKey}`;
const awardVisitsPk = (awardId: string) => `AWARD#${awardId}#VISITS`;
const inboxPk = (audience: string) => `INBOX#${audience}`;
const notificationPk = (notificationId: string) => `NOTE#${notificationId}`;

export const roundKey = (roundId: string): ItemKey => ({ pk: roundPk(roundId), sk: 'ROUND' });
export const rankingKey = (roundId: string): ItemKey => ({ pk: roundPk(roundId), sk: 'RANKING' });
export const decisionKey = (roundId: string): ItemKey => ({ pk: roundPk(roundId), sk: 'DECISION' });
export const taskTokenKey = (roundId: string, waitFor: string): ItemKey => ({
  pk: roundPk(roundId),
  sk: `TOKEN#${waitFor}`,
});
export const applicationKey = (applicationId: string): ItemKey => ({
  pk: applicationPk(applicationId),
  sk: 'APP',
});
export const evidenceKey = (applicationId: string, evidenceId: string): ItemKey => ({
  pk: applicationPk(applicationId),
  sk: `EVIDENCE#${evidenceId}`,
});
export const reviewerKey = (reviewerId: string): ItemKey => ({ pk: reviewerPk(reviewerId), sk: 'PROFILE' });
export const windowKey = (windowId: string): ItemKey => ({ pk: `WINDOW#${windowId}`, sk: 'WINDOW' });
export const objectionKey = (objectionId: string): ItemKey => ({ pk: `OBJ#${objectionId}`, sk: 'OBJ' });
export const awardKey = (awardId: string): ItemKey => ({ pk: `AWARD#${awardId}`, sk: 'AWARD' });
export const drawKey = (roundId: string, stage: ReviewStage): ItemKey => ({
  pk: roundPk(roundId),
  sk: `DRAW#${stage}`,
});
export const visitKey = (visitId: string): ItemKey => ({ pk: `VISIT#${visitId}`, sk: 'VISIT' });
export const higherAwardKey = (higherAwardId: string): ItemKey => ({
  pk: `HIGHER#${higherAwardId}`,
  sk: 'HIGHER',
});
export const calendarYearKey = (year: number): ItemKey => ({
  pk: CALENDAR,
  sk: `YEAR#${String(year).padStart(4, '0')}`,
});

export const notificationKey = (notificationId: string): ItemKey => ({
  pk: notificationPk(notificationId),
  sk: 'NOTE',
});
export const notificationReadKey = (notificationId: string, sub: string): ItemKey => ({
  pk: notificationPk(notificationId),
  sk: `READ#${sub}`,
});
export const deliveryKey = (messageId: string): ItemKey => ({ pk: `MSG#${messageId}`, sk: 'MSG' });

/** Where an entity lives: its table, primary key and the index attributes its access patterns need. */
export function keysOf(entity: StoredEntity): ItemKeys {
  switch (entity.type) {
    case 'round': {
      const r = entity.record;
      const sortKey = `${ordinalKey(r.ordinal)}#${r.roundId}`;
      return {
        table: 'applications',
        ...roundKey(r.roundId),
        gsi1pk: ROUNDS,
        gsi1sk: sortKey,
        ...(r.stage === 'announced' ? {} : { gsi2pk: ACTIVE_ROUNDS, gsi2sk: sortKey }),
      };
    }
    case 'application': {
      const a = entity.record;
      const byStatus = `${a.status}#${a.applicationId}`;
      return {
        table: 'applications',
        ...applicationKey(a.applicationId),
        gsi1pk: roundApplicationsPk(a.roundId),
        gsi1sk: byStatus,
        gsi2pk: ownerPk(a.ownerSub),
        gsi2sk: `APP#${a.applicationId}`,
        gsi3pk: roundJurisdictionPk(a.roundId, a.jurisdiction),
        gsi3sk: byStatus,
      };
    }
    case 'evidence':
      return { table: 'applications', ...evidenceKey(entity.record.applicationId, entity.record.evidenceId) };
    case 'reviewer':
      return {
        table: 'applications',
        ...reviewerKey(entity.record.reviewerId),
        gsi1pk: REVIEWERS,
        gsi1sk: entity.record.reviewerId,
      };
    case 'assignment': {
      const a = entity.record;
      return {
        table: 'applications',
        pk: applicationPk(a.applicationId),
        sk: `ASSIGN#${a.stage}#${a.reviewerId}`,
        gsi2pk: reviewerPk(a.reviewerId),
        gsi2sk: `${a.roundId}#${a.applicationId}#${a.stage}`,
        gsi3pk: roundReviewPk(a.roundId),
        gsi3sk: `ASSIGN#${a.stage}#${a.applicationId}#${a.reviewerId}`,
      };
    }
    case 'conflict': {
      // One declaration and one dismissal per (application, reviewer); the domain reconciles them.
      const c = entity.record;
      return {
        table: 'applications',
        pk: applicationPk(c.applicationId),
        sk: `CONFLICT#${c.reviewerId}#${c.kind}`,
      };
    }
    case 'score': {
      const s = entity.record;
      return {
        table: 'applications',
        pk: applicationPk(s.applicationId),
        sk: `SCORE#${s.stage}#${s.reviewerId}`,
        gsi3pk: roundReviewPk(s.roundId),
        gsi3sk: `SCORE#${s.stage}#${s.applicationId}#${s.reviewerId}`,
      };
    }
    case 'ranking':
      return { table: 'applications', ...rankingKey(entity.record.roundId) };
    case 'decision':
      return { table: 'applications', ...decisionKey(entity.record.roundId) };
    case 'window': {
      const w = entity.record;
      return {
        table: 'applications',
        ...windowKey(w.windowId),
        gsi1pk: WINDOWS,
        gsi1sk: `${w.opensAt}#${w.windowId}`,
        ...(w.status === 'open' ? { gsi2pk: OPEN_WINDOWS, gsi2sk: w.closesAt } : {}),
      };
    }
    case 'objection': {
      const o = entity.record;
      const sortKey = `${o.createdAt}#${o.objectionId}`;
      return {
        table: 'applications',
        ...objectionKey(o.objectionId),
        gsi1pk: windowObjectionsPk(o.windowId),
        gsi1sk: sortKey,
        gsi2pk: roundObjectionsPk(o.roundId),
        gsi2sk: sortKey,
      };
    }
    case 'award': {
      const a = entity.record;
      const sortKey = `${ordinalKey(a.ordinal)}#${a.awardId}`;
      return {
        table: 'applications',
        ...awardKey(a.awardId),
        gsi1pk: AWARDS,
        gsi1sk: sortKey,
        gsi2pk: roundAwardsPk(a.roundId),
        gsi2sk: sortKey,
      };
    }
    case 'visit': {
      const v = entity.record;
      return {
        table: 'applications',
        ...visitKey(v.visitId),
        gsi1pk: awardVisitsPk(v.awardId),
        gsi1sk: `${v.visitedOn}#${v.visitId}`,
      };
    }
    case 'higher-award': {
      const h = entity.record;
      return {
        table: 'applications',
        ...higherAwardKey(h.higherAwardId),
        gsi1pk: HIGHER_AWARDS,
        gsi1sk: `${String(h.year).padStart(4, '0')}#${h.higherAwardId}`,
      };
    }
    case 'calendar-year':
      return { table: 'applications', ...calendarYearKey(entity.record.year) };
    case 'task-token': {
      const t = entity.record;
      return {
        table: 'applications',
        ...taskTokenKey(t.roundId, t.waitFor),
        ...(t.dueAt === undefined ? {} : { gsi1pk: DUE_TOKENS, gsi1sk: t.dueAt }),
      };
    }
    case 'draw':
      return { table: 'applications', ...drawKey(entity.record.roundId, entity.record.stage) };
    case 'schedule-slot': {
      const s = entity.record;
      return {
        table: 'applications',
        pk: applicationPk(s.applicationId),
        sk: `SLOT#${s.stage}`,
        gsi3pk: roundReviewPk(s.roundId),
        gsi3sk: `SLOT#${s.stage}#${s.applicationId}`,
      };
    }
    case 'notification': {
      const n = entity.record;
      return {
        table: 'applications',
        ...notificationKey(n.notificationId),
        gsi1pk: inboxPk(n.audience),
        gsi1sk: `${n.at}#${n.notificationId}`,
      };
    }
    case 'notification-read':
      return {
        table: 'applications',
        ...notificationReadKey(entity.record.notificationId, entity.record.sub),
      };
    case 'delivery': {
      // Sparse: a delivery is in DELIVERIES#due only while it still has to be attempted.
      const d = entity.record;
      const dueAt =
        d.status === 'pending' ? d.nextAttemptAt : d.status === 'sending' ? d.leaseUntil : undefined;
      return {
        table: 'applications',
        ...deliveryKey(d.messageId),
        ...(dueAt === undefined ? {} : { gsi1pk: DUE_DELIVERIES, gsi1sk: `${dueAt}#${d.messageId}` }),
        ...(d.status === 'failed'
          ? { gsi2pk: FAILED_DELIVERIES, gsi2sk: `${d.failedAt ?? d.at}#${d.messageId}` }
          : {}),
      };
    }
    case 'reminder': {
      const r = entity.record;
      return {
        table: 'applications',
        pk: roundPk(r.roundId),
        sk: `REMINDER#${r.deadline}#${r.phase}#${r.deadlineAt}`,
      };
    }
    case 'sanction': {
      const s = entity.record;
      return {
        table: 'sanctions',
        pk: subjectPk(s.subjectKey),
        sk: `SANCTION#${s.sanctionId}`,
        gsi1pk: SANCTIONS,
        gsi1sk: `${s.createdAt}#${s.sanctionId}`,
      };
    }
  }
}

/** A stable identity string for an item: its table and primary key. */
export const identityOfKey = (table: DataTable, key: ItemKey): string => `${table}|${key.pk}|${key.sk}`;

/** The identity of the item an entity is stored as (two changes of one unit must differ in it). */
export const identityOf = (entity: StoredEntity): string => {
  const keys = keysOf(entity);
  return identityOfKey(keys.table, keys);
};

/** The named access patterns, one Query each (no Scan anywhere). */
export const queries = {
  rounds: (): KeyQuery => ({ table: 'applications', index: 'gsi1', pk: ROUNDS }),
  activeRounds: (): KeyQuery => ({ table: 'applications', index: 'gsi2', pk: ACTIVE_ROUNDS }),
  applicationsByRound: (roundId: string, filter: { status?: ApplicationStatus; jurisdiction?: string }) => {
    const sk = filter.status === undefined ? undefined : { beginsWith: `${filter.status}#` };
    const query: KeyQuery =
      filter.jurisdiction === undefined
        ? { table: 'applications', index: 'gsi1', pk: roundApplicationsPk(roundId) }
        : { table: 'applications', index: 'gsi3', pk: roundJurisdictionPk(roundId, filter.jurisdiction) };
    return sk === undefined ? query : { ...query, sk };
  },
  applicationsByOwner: (ownerSub: string): KeyQuery => ({
    table: 'applications',
    index: 'gsi2',
    pk: ownerPk(ownerSub),
    sk: { beginsWith: 'APP#' },
  }),
  evidence: (applicationId: string): KeyQuery => ({
    table: 'applications',
    pk: applicationPk(applicationId),
    sk: { beginsWith: 'EVIDENCE#' },
  }),
  reviewers: (): KeyQuery => ({ table: 'applications', index: 'gsi1', pk: REVIEWERS }),
  assignmentsForApplication: (applicationId: string): KeyQuery => ({
    table: 'applications',
    pk: applicationPk(applicationId),
    sk: { beginsWith: 'ASSIGN#' },
  }),
  assignmentsForReviewer: (reviewerId: string, roundId?: string): KeyQuery => ({
    table: 'applications',
    index: 'gsi2',
    pk: reviewerPk(reviewerId),
    ...(roundId === undefined ? {} : { sk: { beginsWith: `${roundId}#` } }),
  }),
  assignmentsForRound: (roundId: string, stage?: ReviewStage): KeyQuery => ({
    table: 'applications',
    index: 'gsi3',
    pk: roundReviewPk(roundId),
    sk: { beginsWith: stage === undefined ? 'ASSIGN#' : `ASSIGN#${stage}#` },
  }),
  conflictsForApplication: (applicationId: string): KeyQuery => ({
    table: 'applications',
    pk: applicationPk(applicationId),
    sk: { beginsWith: 'CONFLICT#' },
  }),
  scoresForApplication: (applicationId: string, stage?: ReviewStage): KeyQuery => ({
    table: 'applications',
    pk: applicationPk(applicationId),
    sk: { beginsWith: stage === undefined ? 'SCORE#' : `SCORE#${stage}#` },
  }),
  scoresForRound: (roundId: string, stage?: ReviewStage): KeyQuery => ({
    table: 'applications',
    index: 'gsi3',
    pk: roundReviewPk(roundId),
    sk: { beginsWith: stage === undefined ? 'SCORE#' : `SCORE#${stage}#` },
  }),
  scheduleForApplication: (applicationId: string): KeyQuery => ({
    table: 'applications',
    pk: applicationPk(applicationId),
    sk: { beginsWith: 'SLOT#' },
  }),
  scheduleForRound: (roundId: string): KeyQuery => ({
    table: 'applications',
    index: 'gsi3',
    pk: roundReviewPk(roundId),
    sk: { beginsWith: 'SLOT#' },
  }),
  windows: (): KeyQuery => ({ table: 'applications', index: 'gsi1', pk: WINDOWS }),
  windowsDueForClosing: (now: string): KeyQuery => ({
    table: 'applications',
    index: 'gsi2',
    pk: OPEN_WINDOWS,
    sk: { atMost: now },
  }),
  objectionsForWindow: (windowId: string): KeyQuery => ({
    table: 'applications',
    index: 'gsi1',
    pk: windowObjectionsPk(windowId),
  }),
  objectionsForRound: (roundId: string): KeyQuery => ({
    table: 'applications',
    index: 'gsi2',
    pk: roundObjectionsPk(roundId),
  }),
  awards: (roundId?: string): KeyQuery =>
    roundId === undefined
      ? { table: 'applications', index: 'gsi1', pk: AWARDS }
      : { table: 'applications', index: 'gsi2', pk: roundAwardsPk(roundId) },
  visitsForAward: (awardId: string): KeyQuery => ({
    table: 'applications',
    index: 'gsi1',
    pk: awardVisitsPk(awardId),
  }),
  higherAwards: (): KeyQuery => ({ table: 'applications', index: 'gsi1', pk: HIGHER_AWARDS }),
  sanctionsForSubject: (subjectKey: string): KeyQuery => ({
    table: 'sanctions',
    pk: subjectPk(subjectKey),
    sk: { beginsWith: 'SANCTION#' },
  }),
  sanctions: (): KeyQuery => ({ table: 'sanctions', index: 'gsi1', pk: SANCTIONS }),
  calendarYears: (): KeyQuery => ({ table: 'applications', pk: CALENDAR, sk: { beginsWith: 'YEAR#' } }),
  taskTokensDue: (now: string): KeyQuery => ({
    table: 'applications',
    index: 'gsi1',
    pk: DUE_TOKENS,
    sk: { atMost: now },
  }),
  /** One audience's inbox, newest first, below a cursor (the merged inbox pages on its own cursor). */
  inbox: (audience: string, below?: string): KeyQuery => ({
    table: 'applications',
    index: 'gsi1',
    pk: inboxPk(audience),
    ...(below === undefined ? {} : { sk: { below } }),
    descending: true,
  }),
  // '#' sorts before every character of the message id, so `<= {now}#\uffff` includes `now` itself.
  deliveriesDue: (now: string): KeyQuery => ({
    table: 'applications',
    index: 'gsi1',
    pk: DUE_DELIVERIES,
    sk: { atMost: `${now}#\uffff` },
  }),
  failedDeliveries: (): KeyQuery => ({
    table: 'applications',
    index: 'gsi2',
    pk: FAILED_DELIVERIES,
    descending: true,
  }),
  remindersForRound: (roundId: string): KeyQuery => ({
    table: 'applications',
    pk: roundPk(roundId),
    sk: { beginsWith: 'REMINDER#' },
  }),
  // 'HEAD' sorts after every all-digit seq key, so `<= 999…9` reads the entries only.
  auditEntries: (entityId: string): KeyQuery => ({
    table: 'audit',
    pk: entityId,
    sk: { atMost: '9'.repeat(SEQ_WIDTH) },
  }),
} as const;

export const auditEntryKey = (entityId: string, seq: number): ItemKey => ({
  pk: entityId,
  sk: String(seq).padStart(SEQ_WIDTH, '0'),
});
export const auditHeadKey = (entityId: string): ItemKey => ({ pk: entityId, sk: 'HEAD' });

const AUDIT_TRAIL = 'TRAIL';
const AUDIT_HEADS = 'HEADS';
const actorPk = (actor: string) => `ACTOR#${actor}`;

/** The index attributes of an audit entry: by actor, by round (when it has one) and by time. */
export function auditEntryItemKeys(entry: AuditEntry): Record<string, string> {
  const sortKey = `${entry.at}#${entry.entityId}#${String(entry.seq).padStart(SEQ_WIDTH, '0')}`;
  return {
    ...auditEntryKey(entry.entityId, entry.seq),
    gsi1pk: actorPk(entry.actor),
    gsi1sk: sortKey,
    ...(entry.roundId === undefined ? {} : { gsi2pk: roundPk(entry.roundId), gsi2sk: sortKey }),
    gsi3pk: AUDIT_TRAIL,
    gsi3sk: sortKey,
  };
}

/** A HEAD item enters `HEADS`, so the verifier lists every chain with a Query, not a Scan. */
export const auditHeadItemKeys = (entityId: string): Record<string, string> => ({
  ...auditHeadKey(entityId),
  gsi3pk: AUDIT_HEADS,
  gsi3sk: entityId,
});

export interface AuditSearchKeys {
  actor?: string;
  roundId?: string;
  from?: string;
  to?: string;
}

/**
 * The supervisors' search, newest first. One index answers it: by actor when given (then a round
 * is a filter), else by round, else the whole trail by time. `from`/`to` bound the sort key: an
 * entry at exactly `to` sorts as `{to}#…`, below `{to}#\uffff`.
 */
export function auditSearchQuery(search: AuditSearchKeys): KeyQuery {
  const sk: SortCondition = { between: [search.from ?? '0', `${search.to ?? '\uffff'}#\uffff`] };
  if (search.actor !== undefined)
    return {
      table: 'audit',
      index: 'gsi1',
      pk: actorPk(search.actor),
      sk,
      descending: true,
      ...(search.roundId === undefined ? {} : { filter: { roundId: search.roundId } }),
    };
  if (search.roundId !== undefined)
    return { table: 'audit', index: 'gsi2', pk: roundPk(search.roundId), sk, descending: true };
  return { table: 'audit', index: 'gsi3', pk: AUDIT_TRAIL, sk, descending: true };
}

export const auditChainHeadsQuery = (): KeyQuery => ({ table: 'audit', index: 'gsi3', pk: AUDIT_HEADS });

/**
 * Evidence is found from its S3 key without an index: DESIGN.md §3 fixes the key format
 * `rounds/{roundId}/applications/{applicationId}/{evidenceId}` (URL-decoded, as in the event
 * handler). Returns null for any other shape.
 */
export function parseEvidenceObjectKey(
  key: string,
): { roundId: string; applicationId: string; evidenceId: string } | null {
  const parts = key.split('/');
  if (parts.length !== 5 || parts[0] !== 'rounds' || parts[2] !== 'applications') return null;
  const [, roundId, , applicationId, evidenceId] = parts;
  if (!roundId || !applicationId || !evidenceId) return null;
  return { roundId, applicationId, evidenceId };
}
