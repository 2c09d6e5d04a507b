/**
 * What the platform stores, as the core sees it. Adapters map these to items (keys live only in
 * functions/adapters/dynamodb). Every mutable record carries `version` (optimistic locking:
 * 0 = not yet stored); instants are ISO strings in UTC so records round-trip through JSON as is.
 */
import type {
  ApplicationStatus,
  Category,
  IndividualDeclarations,
  Industry,
  MinimumPercent,
  OrganizationDeclarations,
  Quotas,
  ReviewStage,
  RevocationReason,
  RoundStage,
  SanctionKind,
  StageWeights,
  Tier,
} from '../domain/model.ts';

export interface Versioned {
  version: number;
}

export interface StageHistoryEntry {
  stage: RoundStage;
  at: string;
  by: string;
  note?: string;
}

export interface RoundRecord extends Versioned {
  roundId: string;
  ordinal: number;
  title: string;
  stage: RoundStage;
  callOpensAt: string;
  callClosesAt: string;
  quotas: Quotas;
  weights: StageWeights;
  minimumPercent: MinimumPercent;
  rulebookVersion: string;
  rubricVersion: string;
  windowIds: string[];
  stageHistory: StageHistoryEntry[];
  /** Reviewers selected for on-site review by the `advance` to `onsite-review`. */
  selectedForOnsite?: string[];
  /** Set when a callback task timed out: the round waits for staff, it is never lost. */
  escalations?: { at: string; waitingFor: string; note: string; escalationId?: string }[];
  /** Art. 18 (9): the city government's approval document, recorded by staff. */
  approval?: { documentNo: string; approvedOn: string; by: string; at: string };
  createdAt: string;
  createdBy: string;
}

/** Personal data is stored encrypted per field; `idHash` is the HMAC lookup index (bans). */
export interface StoredMember {
  name: string;
  idNumberEncrypted: string;
  idHash: string;
  idMasked: string;
  employer: string;
  employerCreditCode: string;
  qualityWorkSince: string;
}

export interface StoredOrganization {
  name: string;
  creditCode: string;
  registeredOn: string;
  industry: Industry;
  sme: boolean;
  address?: string;
  contact: { name: string; phoneEncrypted: string; phoneMasked: string; email?: string };
}

export interface VettingResult {
  passed: boolean;
  findings: { path: string; code: string; message: string; article?: string }[];
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
  selfEvaluation: { items: Record<string, number>; summary: string };
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

export interface ReviewerRecord extends Versioned {
  reviewerId: string;
  name: string;
  organizationCode?: string;
  formerEmployers: { creditCode: string; until: string }[];
  fields: string[];
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
}

/** A reviewer's declared conflict, or staff's dismissal of an automatic one (with its reason). */
export interface ConflictRecord extends Versioned {
  roundId: string;
  applicationId: string;
  reviewerId: string;
  kind: 'declared' | 'dismissed';
  reason: string;
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

export interface RankingRow {
  applicationId: string;
  category: Category;
  displayName: string;
  stageScores: Partial<Record<ReviewStage, number>>;
  stagePercents: Partial<Record<ReviewStage, number>>;
  compositePercent: number;
  rank: number;
  proposedTier: Tier | null;
  flags: string[];
}

export interface RankingRecord extends Versioned {
  roundId: string;
  computedAt: string;
  rows: RankingRow[];
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

export type WindowStatus = 'open' | 'awaiting-objections' | 'closed';

export interface WindowRecord extends Versioned {
  windowId: string;
  roundId: string;
  kind: 'accepted' | 'winners';
  opensAt: string;
  closesAt: string;
  minimumClosesAt: string;
  calendarVersion: string;
  status: WindowStatus;
  entries: { applicationId: string; displayName: string; category: Category; tier?: Tier }[];
  struck: string[];
  closedAt?: string;
}

export interface ObjectionRecord extends Versioned {
  objectionId: string;
  windowId: string;
  roundId: string;
  applicationId: string;
  objector: {
    name: string;
    phoneEncrypted: string;
    phoneMasked: string;
    idNumberEncrypted?: string;
    idMasked?: string;
    creditCode?: string;
  };
  content: string;
  status: 'pending' | 'upheld' | 'dismissed';
  findings?: string;
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
}

export interface SanctionRecord extends Versioned {
  sanctionId: string;
  kind: SanctionKind;
  subjectType: 'organization' | 'individual' | 'reviewer';
  /** Credit code, idHash, or reviewer sub. Never a plain ID number. */
  subjectKey: string;
  subjectMasked: string;
  barredFromOrdinal: number;
  barredThroughOrdinal: number;
  reason: string;
  source: { roundId?: string; awardId?: string; imported?: boolean };
  createdAt: string;
  createdBy: string;
}

export interface CalendarYearRecord extends Versioned {
  year: number;
  holidays: string[];
  workdays: string[];
  source: string;
  updatedAt: string;
  updatedBy: string;
}

/** A callback task's token, stored so that an API call or the scheduler consumes it exactly once. */
export interface TaskTokenRecord extends Versioned {
  roundId: string;
  /** What the round flow waits for: 'call-close', 'stage:qualification', 'window:{windowId}:close', … */
  waitFor: string;
  token: string;
  /** For timed waits: when the scheduler should resume it. */
  dueAt?: string;
  createdAt: string;
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
