/** The shapes of /work/shared/API.md as the portal reads them (fields may be added by the server). */
import type {
  ApplicationStatus,
  Category,
  ReviewStage,
  RoundStage,
  Tier,
} from '../../../functions/domain/model.ts';
import type { FieldFinding } from './findings.ts';

export type { ApplicationStatus, Category, ReviewStage, RoundStage, Tier };

export const ROLES = ['applicant', 'recommender', 'staff', 'reviewer', 'leader', 'supervisor'] as const;
export type Role = (typeof ROLES)[number];

export interface Problem {
  type?: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  errors?: FieldFinding[];
}

export interface WindowEntry {
  applicationId: string;
  displayName: string;
  category: Category;
  tier?: Tier;
}

export interface PublicityWindow {
  windowId: string;
  roundId: string;
  kind: 'accepted' | 'winners';
  opensAt: string;
  closesAt: string;
  minimumClosesAt?: string;
  status: 'open' | 'awaiting-objections' | 'closed';
  entries: WindowEntry[];
  struck?: WindowEntry[];
  closedAt?: string;
}

export interface Round {
  roundId: string;
  ordinal: number;
  title: string;
  stage: RoundStage;
  callOpensAt: string;
  callClosesAt: string;
  quotas: { award: number; nomination: number };
  weights: { material: number; onsite: number; defense: number };
  minimumPercent?: { award?: number; nomination?: number };
  rubricVersion: string;
  windows: PublicityWindow[];
  stageHistory: { stage: RoundStage; at: string; by: string; note?: string }[];
  selectedForOnsite?: string[];
  approval?: { documentNo: string; approvedOn: string; by: string; at: string };
  escalations?: { at: string; waitingFor: string; note: string }[];
  version?: number;
}

export interface Evidence {
  evidenceId: string;
  fileName: string;
  contentType?: string;
  size: number;
  sha256?: string;
  status: 'pending' | 'verified' | 'rejected';
  rejection?: string;
}

export interface Member {
  name: string;
  idNumber: string;
  employer: string;
  employerCreditCode: string;
  qualityWorkSince: string;
}

export interface Application {
  applicationId: string;
  roundId: string;
  category: Category;
  displayName: string;
  status: ApplicationStatus;
  jurisdiction: string;
  organization?: {
    name: string;
    creditCode: string;
    registeredOn: string;
    industry: string;
    sme?: boolean;
    address?: string;
    contact: { name: string; phone: string; email?: string };
  };
  members?: Member[];
  declarations?: Record<string, boolean>;
  selfEvaluation?: { items: Record<string, number>; summary: string };
  evidence: Evidence[];
  vetting: { passed: boolean; findings: FieldFinding[]; at?: string };
  recommendation?: { decision: 'recommend' | 'decline'; opinion: string; by: string; at: string };
  qualification?: { decision: 'qualified' | 'disqualified'; reason?: string; by: string; at: string };
  tier?: Tier;
  consent?: { version: string; at: string };
  createdAt: string;
  submittedAt?: string;
  version: number;
}

export interface EvidenceUpload {
  evidenceId: string;
  upload: { url: string; fields: Record<string, string> };
  expiresAt: string;
}

export interface RankingRow {
  applicationId: string;
  category: Category;
  displayName: string;
  stageScores: Record<ReviewStage, number | null>;
  compositePercent: number;
  rank: number;
  proposedTier: Tier | null;
  flags: string[];
}

export interface Reviewer {
  reviewerId: string;
  name: string;
  organizationCode?: string;
  formerEmployers?: { creditCode: string; until: string }[];
  fields?: string[];
  disqualified?: { at: string; reason: string };
}

export interface Assignment {
  roundId: string;
  applicationId: string;
  stage: ReviewStage;
  reviewerId: string;
  status: 'active' | 'withdrawn';
  assignedAt: string;
}

export interface MyAssignment {
  roundId: string;
  roundOrdinal?: number;
  applicationId: string;
  displayName: string;
  category: Category;
  stage: ReviewStage;
  assignedAt: string;
  open: boolean;
  scored: boolean;
}

export interface Rubric {
  version: string;
  category?: Category;
  title?: string;
  maxPoints: number;
  items: { itemId: string; title: string; maxPoints: number; group: string }[];
}

export interface Objection {
  objectionId: string;
  windowId: string;
  roundId: string;
  applicationId: string;
  objector: { name: string; phone: string; idNumber?: string; creditCode?: string };
  content: string;
  status: 'pending' | 'upheld' | 'dismissed';
  findings?: string;
  createdAt: string;
  resolvedAt?: string;
}

export interface Award {
  awardId: string;
  roundId: string;
  ordinal: number;
  applicationId: string;
  displayName: string;
  category: Category;
  tier: Tier;
  status: 'active' | 'revoked';
  awardedOn?: string;
  awardYear?: number;
  documentNo?: string;
  revocation?: { reason: string; at: string };
}

export interface Sanction {
  sanctionId: string;
  kind: string;
  subjectType?: string;
  subject: string;
  barredFromOrdinal: number;
  barredThroughOrdinal: number;
  reason: string;
  createdAt: string;
}

export interface AuditEntry {
  at: string;
  actor: string;
  role: string;
  action: string;
  entityId: string;
  entityType?: string;
  before?: unknown;
  after?: unknown;
  seq?: number;
  chainIntact?: boolean;
}

export interface CalendarYear {
  year?: number;
  holidays: string[];
  workdays: string[];
  source: string;
  origin?: 'table' | 'seed';
  updatedAt?: string;
}
