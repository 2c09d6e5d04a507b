/**
 * What the platform stores, as the core sees it. Adapters map these to items (keys live only in
 * functions/adapters/dynamodb). Every mutable record carries `version` (optimistic locking:
 * 0 = not yet stored); instants are ISO strings in UTC so records round-trip through JSON as is.
 * Where the domain has the type, the record is built from it (`Stored<…>`, Pick, Omit) and adds
 * only what storage needs: versions, ids of related records, encrypted personal data.
 */
import type { HigherAward, RewardItem, Rewards, VisitRating } from '../domain/after-award.ts';
import type { CalendarYear } from '../domain/calendar.ts';
import type { ConflictDeclaration, FormerEmployer, Reviewer } from '../domain/conflicts.ts';
import type { Finding } from '../domain/errors.ts';
import type {
  ApplicationStatus,
  Category,
  Contact,
  DeadlineKind,
  IndividualDeclarations,
  IndividualMember,
  OrganizationDeclarations,
  OrganizationProfile,
  ReviewSettings,
  ReviewStage,
  RevocationReason,
  Round,
  RoundStage,
  Sanction,
  SanctionSubject,
  SelfEvaluation,
  Tier,
} from '../domain/model.ts';
import type { Audience, NotificationKind } from '../domain/notifications.ts';
import type { Objection, Objector, PublicityWindow } from '../domain/publicity.ts';
import type { RankingRow } from '../domain/ranking.ts';

export type { WindowStatus } from '../domain/publicity.ts';

export interface Versioned {
  version: number;
}

/** A domain type as stored: its instants (`Date`) as ISO strings in UTC, everything else as is. */
export type Stored<T> = {
  [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | undefined ? string | undefined : T[K];
};

export interface StageHistoryEntry {
  stage: RoundStage;
  at: string;
  by: string;
  note?: string;
}

/** Review settings as stored: deadlines as ISO instants in UTC, like every stored instant. */
export interface StoredReviewSettings extends Omit<ReviewSettings, 'deadlines'> {
  deadlines: Partial<Record<DeadlineKind, string>>;
}

export interface RoundRecord extends Omit<Stored<Round>, 'reviewSettings'>, Versioned {
  /** Set by `PUT /v1/rounds/{roundId}/review-settings`; absent until staff set it. */
  reviewSettings?: StoredReviewSettings;
  windowIds: string[];
  stageHistory: StageHistoryEntry[];
  /** Reviewers selected for on-site review by the `advance` to `onsite-review`. */
  selectedForOnsite?: string[];
  /** Set when a callback task timed out: the round waits for staff, it is never lost. */
  escalations?: { at: string; waitingFor: string; note: string; escalationId?: string }[];
  /** Art. 18 (9): the city government's approval document, recorded by staff. */
  approval?: { documentNo: string; approvedOn: string; by: string; at: string };
  /**
   * The id its creating request drew (`deps.ids.next('round')`): the round's own id comes from its
   * ordinal, so this is how a retry of an Idempotency-Key create finds it (create-round.ts earlierRound).
   */
  creationId?: string;
  /** The call notice (申报通知) published with the round (Art. 18 (1)); public while the call is open or upcoming. */
  callNotice?: CallNoticeRecord;
  createdAt: string;
  createdBy: string;
  /** Art. 19: the bonus per tier, set by staff before the approval. */
  rewards?: Rewards;
  /** A round held before the platform, imported with its winners (`POST /v1/awards/imports`). */
  imported?: boolean;
}

/**
 * A form published with the call (the blank 申报表, the self-evaluation template): uploaded and
 * verified as evidence is (size, type, SHA-256 against the declaration; downloads read the kept copy).
 */
export type CallAttachmentRecord = Pick<
  EvidenceRecord,
  | 'fileName'
  | 'contentType'
  | 'size'
  | 'sha256'
  | 'key'
  | 'keptKey'
  | 'status'
  | 'rejection'
  | 'createdAt'
  | 'verifiedAt'
> & { attachmentId: string };

export interface CallNoticeRecord {
  /** Plain text, paragraphs separated by blank lines. */
  requirements: string;
  contact: string;
  attachments: CallAttachmentRecord[];
  updatedAt: string;
  updatedBy: string;
}

/** Personal data is stored encrypted per field; `idHash` is the HMAC lookup index (bans). */
export interface StoredMember extends Omit<IndividualMember, 'idNumber'> {
  idNumberEncrypted: string;
  idHash: string;
  idMasked: string;
}

export interface StoredOrganization extends Omit<OrganizationProfile, 'sme' | 'contact'> {
  /** Stored `false` when the applicant left it out. */
  sme: boolean;
  contact: Omit<Contact, 'phone'> & { phoneEncrypted: string; phoneMasked: string };
}

export interface VettingResult {
  passed: boolean;
  /** The domain's findings; `code` widened to a string, as records outlive retired error codes. */
  findings: (Omit<Finding, 'code'> & { code: string })[];
  at: string;
}

export interface ApplicationRecord extends Versioned {
  applicationId: string;
  roundId: string;
  ownerSub: string;
  category: Category;
  displayName: string;
  status: ApplicationStatus;
  jurisdiction: string;
  organization?: StoredOrganization;
  members?: StoredMember[];
  declarations: OrganizationDeclarations | IndividualDeclarations;
  selfEvaluation: SelfEvaluation;
  /** Credit codes that identify the applicant for conflicts of interest (org code or members' employers). */
  conflictCodes: string[];
  /** Sanction subject keys: the credit code, or each member's idHash. */
  subjectKeys: string[];
  vetting: VettingResult | null;
  recommendation?: { decision: 'recommend' | 'decline'; opinion: string; by: string; at: string };
  qualification?: { decision: 'qualified' | 'disqualified'; reason?: string; by: string; at: string };
  consent?: { version: string; at: string };
  tier?: Tier;
  /**
   * A copy of the application's evidence records (without the ids the application already holds),
   * kept in the same commits that write evidence, so that a page of a round's applications is one
   * Query (DESIGN.md §5). Absent on applications written before it was kept: readers then query.
   */
  evidenceSummary?: EvidenceSummary[];
  createdAt: string;
  submittedAt?: string;
  updatedAt: string;
}

/** One evidence file as kept on its application: the record, `version` included, less its owner's ids. */
export type EvidenceSummary = Omit<EvidenceRecord, 'applicationId' | 'roundId'>;

export type EvidenceStatus = 'pending' | 'verified' | 'rejected';

export interface EvidenceRecord extends Versioned {
  evidenceId: string;
  applicationId: string;
  roundId: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  /** Where the browser uploads the file (its presigned POST pins this key). */
  key: string;
  /**
   * Where the verified bytes are kept and downloads read them from: a copy no upload form can
   * reach, so a later upload under `key` never changes what was verified. Absent on files verified
   * before copies were kept (their downloads read `key`).
   */
  keptKey?: string;
  status: EvidenceStatus;
  rejection?: string;
  createdAt: string;
  verifiedAt?: string;
}

export interface ReviewerRecord extends Omit<Reviewer, 'formerEmployers' | 'disqualified'>, Versioned {
  formerEmployers: FormerEmployer[];
  fields: string[];
  /** How notifications reach the reviewer (API.md "Notifications"); the phone encrypted like every phone. */
  phoneEncrypted?: string;
  phoneMasked?: string;
  email?: string;
  /** Art. 29, as recorded; the domain's `disqualified` flag is derived from it and the sanctions. */
  disqualified?: { at: string; reason: string };
  updatedAt: string;
}

export interface AssignmentRecord extends Versioned {
  roundId: string;
  applicationId: string;
  stage: ReviewStage;
  reviewerId: string;
  status: 'active' | 'withdrawn';
  assignedAt: string;
  assignedBy: string;
  withdrawnAt?: string;
  withdrawReason?: string;
  /** Who withdrew it (staff, the reviewer declaring a conflict, or the Art. 29 sanction's author). */
  withdrawnBy?: string;
  /** The reviewer who took the seat over, when staff named a replacement. */
  replacedBy?: string;
  /** The draw that created it (`DrawRecord.drawId`), for drawn assignments. */
  drawId?: string;
}

/**
 * A random draw as planned before any assignment is written (review-panels.ts): a draw of a whole
 * stage holds more assignments than one transaction can, so the plan is committed first, with its
 * audit entry, and the assignments follow in batches; a draw found `writing` is completed before
 * anything else is drawn for that stage, so an interrupted draw ends exactly as planned.
 */
export interface DrawRecord extends Versioned {
  roundId: string;
  stage: ReviewStage;
  drawId: string;
  seed: string;
  /** Only the reviewers drawn per panel (a 1,000-panel plan must stay well below the 400 KB item limit). */
  panels: { applicationId: string; drawn: string[] }[];
  loads: Record<string, number>;
  status: 'writing' | 'complete';
  at: string;
  by: string;
}

/** An on-site review or defence slot of one application (API.md "Schedules"). */
export interface ScheduleSlotRecord extends Versioned {
  roundId: string;
  applicationId: string;
  /** Kept with the slot so a round's schedule is one Query. */
  displayName: string;
  stage: Extract<ReviewStage, 'onsite' | 'defense'>;
  startsAt: string;
  endsAt: string;
  venue: string;
  leaderId?: string;
  updatedAt: string;
  updatedBy: string;
}

/** A reviewer's declared conflict, or staff's dismissal of an automatic one (with its reason). */
export interface ConflictRecord extends ConflictDeclaration, Versioned {
  roundId: string;
  kind: 'declared' | 'dismissed';
  at: string;
  by: string;
}

export interface ScoreRecord extends Versioned {
  roundId: string;
  applicationId: string;
  stage: ReviewStage;
  reviewerId: string;
  items: Record<string, number>;
  total: number;
  comment?: string;
  rubricVersion: string;
  updatedAt: string;
}

/** The domain's row as stored: only the stages reached, and each stage's percentage too. */
export interface StoredRankingRow extends Omit<RankingRow, 'stageScores'> {
  stageScores: Partial<Record<ReviewStage, number>>;
  stagePercents: Partial<Record<ReviewStage, number>>;
  /** Per stage reached: the counted sheets' totals, the stage score and the divergence flag. */
  stageReviews?: Partial<Record<ReviewStage, StageReviewSummary>>;
}

/** What a stage's score was computed from (counted sheets only: withdrawn reviewers' never count). */
export interface StageReviewSummary {
  totals: { reviewerId: string; reviewerName: string; total: number }[];
  /** The stage score in points: the trimmed mean (or plain mean below the threshold). */
  score: number;
  trimmed: boolean;
  spread: number;
  divergent: boolean;
}

export interface RankingRecord extends Versioned {
  roundId: string;
  computedAt: string;
  rows: StoredRankingRow[];
}

export interface DecisionRecord extends Versioned {
  roundId: string;
  award: string[];
  nomination: string[];
  changedFromProposal: boolean;
  note?: string;
  by: string;
  at: string;
}

export interface WindowRecord extends Stored<PublicityWindow>, Versioned {
  /** Applications struck from the list by an upheld objection (kept in `entries`). */
  struck: string[];
  closedAt?: string;
}

export interface ObjectionRecord
  extends Pick<Objection, 'objectionId' | 'windowId' | 'applicationId' | 'content' | 'status' | 'findings'>,
    Versioned {
  roundId: string;
  objector: Pick<Objector, 'name' | 'creditCode'> & {
    phoneEncrypted: string;
    phoneMasked: string;
    idNumberEncrypted?: string;
    idMasked?: string;
  };
  createdAt: string;
  resolvedAt?: string;
  resolvedBy?: string;
}

export interface AwardRecord extends Versioned {
  awardId: string;
  roundId: string;
  ordinal: number;
  applicationId: string;
  displayName: string;
  category: Category;
  tier: Tier;
  status: 'active' | 'revoked';
  /** Art. 22: winners state the award year. */
  awardedOn: string;
  documentNo: string;
  revocation?: { reason: RevocationReason; findings: string; at: string; by: string };
  /** Art. 19: unique and sequential per round, set at the announcement (or imported). */
  certificateNo?: string;
  /** Art. 27 validity: the last round through which the award is valid (its ordinal + 2). */
  validThroughOrdinal?: number;
  /** Art. 19: what was handed over, with dates; the bonus with its voucher and amount. */
  issuance?: Issuance;
  /** Art. 25: set at revocation for each issued item; `on` once it came back. */
  recovery?: Partial<Record<RewardItem, RecoveryEntry>>;
  /** Art. 26: the last visit's date and rating, and its open follow-up actions (for the dashboard). */
  lastVisitOn?: string;
  lastVisitRating?: VisitRating;
  openActions?: OpenVisitAction[];
  /**
   * Imported awards (rounds held before the platform) have no application: their ban subjects are
   * kept here (`applicationId` is then empty), so a revocation can bar them too.
   */
  imported?: boolean;
  subjects?: Pick<SanctionRecord, 'subjectType' | 'subjectKey' | 'subjectMasked'>[];
}

export interface Issuance {
  trophy?: { on: string; by: string };
  certificate?: { on: string; by: string };
  bonus?: { on: string; amountYuan: number; voucherNo: string; by: string };
}

export interface RecoveryEntry {
  due: true;
  /** The issued amount, for the bonus. */
  amountYuan?: number;
  on?: string;
  recoveredAmountYuan?: number;
  note?: string;
  by?: string;
}

/** A visit's follow-up action still open, as the award keeps it (DESIGN.md "Visits"). */
export interface OpenVisitAction {
  visitId: string;
  index: number;
  item: string;
  dueOn: string;
}

/** Art. 26: one periodic visit of an award. */
export interface VisitRecord extends Versioned {
  visitId: string;
  awardId: string;
  roundId: string;
  visitedOn: string;
  visitors: string[];
  findings: string;
  rating: VisitRating;
  actions: { item: string; dueOn: string; closedOn?: string; note?: string; closedBy?: string }[];
  createdAt: string;
  createdBy: string;
}

/** Art. 21: a China or Shanxi Quality Award (nominations included) the city matches. */
export interface HigherAwardRecord extends Versioned {
  higherAwardId: string;
  subjectType: 'organization' | 'individual';
  /** Credit code, or the ID number's HMAC; never a plain ID number. */
  subjectKey: string;
  subjectMasked: string;
  displayName: string;
  award: HigherAward;
  tier: Tier;
  year: number;
  documentNo: string;
  rewardYuan: number;
  createdAt: string;
  createdBy: string;
}

export interface SanctionRecord
  extends Pick<Sanction, 'sanctionId' | 'kind' | 'barredFromOrdinal' | 'barredThroughOrdinal' | 'reason'>,
    Versioned {
  subjectType: SanctionSubject['type'];
  /** Credit code, idHash, or reviewer sub. Never a plain ID number. */
  subjectKey: string;
  subjectMasked: string;
  source: { roundId?: string; awardId?: string; imported?: boolean };
  createdAt: string;
  createdBy: string;
}

/** The domain's year (its revision label aside: records carry their numeric `version`). */
export interface CalendarYearRecord extends Omit<CalendarYear, 'version'>, Versioned {
  updatedAt: string;
  updatedBy: string;
}

/** A callback task's token, stored so that an API call or the scheduler consumes it exactly once. */
export interface TaskTokenRecord extends Versioned {
  roundId: string;
  /** What the round flow waits for: a wait's name (use-cases/workflow/waits.ts). */
  waitFor: string;
  token: string;
  /** For timed waits: when the scheduler should resume it (for a claim: when the sweep takes over). */
  dueAt?: string;
  /**
   * Set when an ender of the wait claimed the token in its commit and is resuming the flow; the
   * claim is deleted once the flow took it (use-cases/workflow/resume-wait.ts).
   */
  resumingSince?: string;
  createdAt: string;
}

/** One notification as its audience's inbox shows it (API.md "Notifications"). */
export interface NotificationRecord extends Versioned {
  notificationId: string;
  audience: Audience;
  kind: NotificationKind;
  title: string;
  body: string;
  /** The application, objection, window, award or (deadlines, escalations) round it is about. */
  entityId: string;
  roundId?: string;
  at: string;
}

/** That one person has read a notification (per person, so a role-addressed one is read per staff member). */
export interface NotificationReadRecord extends Versioned {
  notificationId: string;
  sub: string;
  at: string;
}

export type DeliveryChannel = 'sms' | 'email';
/** `sending` while a dispatcher holds it (until `leaseUntil`); `sent` and `failed` are final. */
export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed';

/**
 * One SMS or email of the outbox, written in the commit that caused it and delivered at least once
 * by the dispatcher under its stable `messageId`. A phone is kept encrypted: only the dispatcher
 * decrypts it (DESIGN.md §3 "Notifications").
 */
export interface DeliveryRecord extends Versioned {
  messageId: string;
  /** The inbox notification it repeats, when the recipient has an inbox (an objector has none). */
  notificationId?: string;
  kind: NotificationKind;
  channel: DeliveryChannel;
  phoneEncrypted?: string;
  email?: string;
  /** `139****7701` or `***@example.com`: what staff and the dev outbox see. */
  toMasked: string;
  subject: string;
  body: string;
  entityId: string;
  at: string;
  status: DeliveryStatus;
  attempts: number;
  /** While `pending`: the earliest instant of the next attempt (exponential backoff). */
  nextAttemptAt?: string;
  /** While `sending`: when an attempt whose dispatcher died may be taken over. */
  leaseUntil?: string;
  lastError?: string;
  sentAt?: string;
  failedAt?: string;
}

/** A deadline's reminder that went out: its existence is what makes the sweep send it exactly once. */
export interface ReminderRecord extends Versioned {
  roundId: string;
  deadline: DeadlineKind;
  phase: 'approaching' | 'passed';
  /** The deadline it was for: a moved deadline is reminded of again. */
  deadlineAt: string;
  at: string;
}

export type { AuditEntry, AuditEvent } from '../domain/audit-chain.ts';

export interface Actor {
  sub: string;
  roles: string[];
  name?: string;
  organizationCode?: string;
  jurisdiction?: string;
}

/** The actor recorded for automated steps (scheduler, state-machine tasks). */
export const SYSTEM_ACTOR: Actor = { sub: 'system', roles: ['system'], name: '系统' };
