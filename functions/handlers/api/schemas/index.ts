/**
 * The types of the HTTP API (API.md), inferred from the zod schemas beside this file: the same
 * schemas validate the requests, document the responses in the OpenAPI document, and (through
 * `HandlerResult` in shared/route.ts) type-check what each handler returns. The portal (web/) and
 * the API client of scripts/ import their types from here and declare none of their own.
 *
 * Type-only on purpose: every import below is erased, so importing this module from the browser
 * bundle costs nothing at run time (no zod, no server code). Requests are `z.input` (what a caller
 * sends), responses `z.output` (what a handler returns, as serialized).
 */
import type { z } from 'zod';
import type * as afterAward from './after-award.ts';
import type * as applications from './applications.ts';
import type * as awards from './awards.ts';
import type * as calendar from './calendar.ts';
import type * as calls from './calls.ts';
import type * as dev from './dev.ts';
import type * as notifications from './notifications.ts';
import type * as publicity from './publicity.ts';
import type * as review from './review.ts';
import type * as rounds from './rounds.ts';

export type {
  ApplicationStatus,
  Category,
  Industry,
  ReviewStage,
  Role,
  RoundStage,
  Tier,
  WindowKind,
} from '../../../domain/model.ts';
export type { ProblemBody, ProblemFieldError } from '../../../shared/http-errors.ts';

// Rounds
export type Round = z.output<typeof rounds.RoundSchema>;
export type StageHistoryEntry = Round['stageHistory'][number];
export type RankingRow = z.output<typeof rounds.RankingRowSchema>;
export type RoundDecision = z.output<typeof rounds.RoundDecisionSchema>;
export type Rubric = z.output<typeof rounds.RubricSchema>;
export type CreateRoundBody = z.input<typeof rounds.CreateRoundBody>;
export type CallExtensionBody = z.input<typeof rounds.CallExtensionBody>;
export type AdvanceBody = z.input<typeof rounds.AdvanceBody>;
export type DecisionBody = z.input<typeof rounds.DecisionBody>;
export type ApprovalBody = z.input<typeof rounds.ApprovalBody>;

// Applications
export type Application = z.output<typeof applications.ApplicationSchema>;
export type ApplicationPage = z.output<typeof applications.ApplicationPageSchema>;
export type Evidence = z.output<typeof applications.EvidenceSummarySchema>;
export type EvidenceUpload = z.output<typeof applications.EvidenceUploadSchema>;
export type EvidenceVerified = z.output<typeof applications.EvidenceVerifiedSchema>;
export type Download = z.output<typeof applications.DownloadSchema>;
export type CreateApplicationBody = z.input<typeof applications.CreateApplicationBody>;
export type OrganizationApplicationBody = z.input<typeof applications.OrganizationApplicationBody>;
export type IndividualApplicationBody = z.input<typeof applications.IndividualApplicationBody>;
export type MemberBody = z.input<typeof applications.MemberBody>;
export type EvidenceUploadBody = z.input<typeof applications.EvidenceUploadBody>;
export type SubmitBody = z.input<typeof applications.SubmitBody>;
export type WithdrawBody = z.input<typeof applications.WithdrawBody>;
export type RecommendationBody = z.input<typeof applications.RecommendationBody>;
export type QualificationBody = z.input<typeof applications.QualificationBody>;

// Review
export type Reviewer = z.output<typeof review.ReviewerSchema>;
export type Assignment = z.output<typeof review.AssignmentSchema>;
export type Conflict = z.output<typeof review.ConflictSchema>;
export type DeclaredConflict = z.output<typeof review.DeclaredConflictSchema>;
export type Score = z.output<typeof review.ScoreSchema>;
export type MyAssignment = z.output<typeof review.MyAssignmentSchema>;
export type PutReviewerBody = z.input<typeof review.PutReviewerBody>;
export type AssignReviewersBody = z.input<typeof review.AssignReviewersBody>;
export type DeclareConflictBody = z.input<typeof review.DeclareConflictBody>;
export type DismissConflictBody = z.input<typeof review.DismissConflictBody>;
export type RecordScoresBody = z.input<typeof review.RecordScoresBody>;

// Review panels, schedules and score sheets (v2)
export type ReviewSettings = z.output<typeof rounds.ReviewSettingsSchema>;
export type ReviewSettingsBody = z.input<typeof rounds.ReviewSettingsBody>;
export type Draw = z.output<typeof review.DrawSchema>;
export type DrawBody = z.input<typeof review.DrawBody>;
export type RoundAssignment = z.output<typeof review.RoundAssignmentSchema>;
export type RoundAssignmentPage = z.output<typeof review.RoundAssignmentPageSchema>;
export type WithdrawalBody = z.input<typeof review.WithdrawalBody>;
export type Withdrawal = z.output<typeof review.WithdrawalSchema>;
export type ScoreSheet = z.output<typeof review.ScoreSheetSchema>;
export type ScoreSheetPage = z.output<typeof review.ScoreSheetPageSchema>;
export type ScheduleSlot = z.output<typeof review.ScheduleSlotSchema>;
export type SchedulePage = z.output<typeof review.SchedulePageSchema>;
export type ScheduleSlotBody = z.input<typeof review.ScheduleSlotBody>;

// Publicity and objections
export type PublicityWindow = z.output<typeof publicity.WindowSchema>;
export type WindowEntry = PublicityWindow['entries'][number];
export type Objection = z.output<typeof publicity.ObjectionSchema>;
export type ObjectionFiled = z.output<typeof publicity.ObjectionFiledSchema>;
export type FileObjectionBody = z.input<typeof publicity.FileObjectionBody>;
export type ResolveObjectionBody = z.input<typeof publicity.ResolveObjectionBody>;
export type ExtendWindowBody = z.input<typeof publicity.ExtendWindowBody>;

// Awards, sanctions, audit
export type Award = z.output<typeof awards.AwardSchema>;
export type RevokedAward = z.output<typeof awards.RevokedAwardSchema>;
export type Sanction = z.output<typeof awards.SanctionSchema>;
export type AuditEntry = z.output<typeof awards.AuditEntrySchema>;
export type RevocationBody = z.input<typeof awards.RevocationBody>;
export type ImportSanctionBody = z.input<typeof awards.ImportSanctionBody>;

// Working calendar
export type CalendarYear = z.output<typeof calendar.CalendarYearSchema>;
export type PutCalendarBody = z.input<typeof calendar.PutCalendarBody>;

// Local mode only
export type DevToken = z.output<typeof dev.DevTokenSchema>;
export type Clock = z.output<typeof dev.ClockSchema>;
export type DevTokenBody = z.input<typeof dev.DevTokenBody>;
export type ClockMoveBody = z.input<typeof dev.ClockMoveBody>;

import type * as documents from './documents.ts';

export type ExportView = z.output<typeof documents.ExportSchema>;
export type DocumentDownload = z.output<typeof documents.DownloadSchema>;
export type RoundStatistics = z.output<typeof documents.StatisticsSchema>;
export type CreateExportBody = z.input<typeof documents.CreateExportBody>;
// After the award
export type AwardDetail = z.output<typeof afterAward.AwardDetailSchema>;
export type PublicRevocation = z.output<typeof afterAward.PublicRevocationSchema>;
export type HigherAward = z.output<typeof afterAward.HigherAwardSchema>;
export type Visit = z.output<typeof afterAward.VisitSchema>;
export type DueVisit = z.output<typeof afterAward.DueVisitSchema>;
export type OverdueAction = z.output<typeof afterAward.OverdueActionSchema>;
export type ImportedRound = z.output<typeof afterAward.ImportedRoundSchema>;
export type RewardsBody = z.input<typeof afterAward.RewardsBody>;
export type IssuanceBody = z.input<typeof afterAward.IssuanceBody>;
export type RecoveryBody = z.input<typeof afterAward.RecoveryBody>;
export type VisitBody = z.input<typeof afterAward.VisitBody>;
export type ActionClosureBody = z.input<typeof afterAward.ActionClosureBody>;
export type HigherAwardBody = z.input<typeof afterAward.HigherAwardBody>;
export type ImportWinnersBody = z.input<typeof afterAward.ImportWinnersBody>;
// Calls
export type CallNoticeBody = z.input<typeof calls.CallNoticeBody>;
export type CallNoticeUploads = z.output<typeof calls.CallNoticeUploadsSchema>;
export type PublicCall = z.output<typeof calls.PublicCallSchema>;
export type CallNotice = z.output<typeof calls.CallNoticeSchema>;
// Notifications (API.md v2)
export type Notification = z.output<typeof notifications.NotificationSchema>;
export type NotificationPage = z.output<typeof notifications.NotificationPageSchema>;
export type Delivery = z.output<typeof notifications.DeliverySchema>;
export type DeliveryPage = z.output<typeof notifications.DeliveryPageSchema>;
export type DevOutbox = z.output<typeof dev.DevOutboxSchema>;
