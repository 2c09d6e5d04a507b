/**
 * Shared loading and mapping of the review, publicity and award use cases: which round stage opens
 * which review stage, records → the domain's shapes (reviewers, publicity windows), and the masked
 * snapshots that go into the audit trail (DESIGN.md §6: the audit never holds a plain ID or phone).
 */
import type { Reviewer } from '../../domain/conflicts.ts';
import { DomainError } from '../../domain/errors.ts';
import type { ReviewStage, RoundStage } from '../../domain/model.ts';
import type { PublicityWindow } from '../../domain/publicity.ts';
import { REVIEW_STAGE_LABELS } from '../../domain/scoring.ts';
import { ROUND_STAGE_LABELS, stageIndex } from '../../domain/stages.ts';
import type { Deps } from '../../ports/deps.ts';
import type {
  ApplicationRecord,
  AssignmentRecord,
  ObjectionRecord,
  ReviewerRecord,
  RoundRecord,
  SanctionRecord,
  WindowRecord,
} from '../../ports/records.ts';
import { isPrivateDraft, notFound } from '../access.ts';

/** Art. 18 (4)–(6): the round stage in which each review stage is scored. */
export const ROUND_STAGE_OF_REVIEW: Readonly<Record<ReviewStage, RoundStage>> = {
  material: 'material-review',
  onsite: 'onsite-review',
  defense: 'defense',
};

/** True while the round is in the stage where `stage` is scored. */
export const isReviewStageOpen = (round: RoundRecord, stage: ReviewStage): boolean =>
  round.stage === ROUND_STAGE_OF_REVIEW[stage];

/** True once the round has moved past the stage where `stage` is scored. */
export const isReviewStagePast = (round: RoundRecord, stage: ReviewStage): boolean =>
  stageIndex(round.stage) > stageIndex(ROUND_STAGE_OF_REVIEW[stage]);

/** STAGE_CLOSED unless the round is in the stage where `stage` is scored. */
export function assertReviewStageOpen(round: RoundRecord, stage: ReviewStage): void {
  if (isReviewStageOpen(round, stage)) return;
  const wanted = ROUND_STAGE_LABELS[ROUND_STAGE_OF_REVIEW[stage]];
  throw new DomainError(
    'STAGE_CLOSED',
    `${REVIEW_STAGE_LABELS[stage]}只能在“${wanted}”阶段评分，第${round.ordinal}届当前阶段为“${ROUND_STAGE_LABELS[round.stage]}”`,
  );
}

/** The application, or NOT_FOUND (also for a draft: only its owner may see it, PIPL Art. 29). */
export async function loadApplication(deps: Deps, applicationId: string): Promise<ApplicationRecord> {
  const application = await deps.store.getApplication(applicationId);
  if (!application || isPrivateDraft(application)) throw notFound();
  return application;
}

/** The reviewer's active assignments on an application (all stages, or one). */
export const activeAssignmentsOf = (
  assignments: readonly AssignmentRecord[],
  reviewerId: string,
  stage?: ReviewStage,
): AssignmentRecord[] =>
  assignments.filter(
    (a) => a.reviewerId === reviewerId && a.status === 'active' && (stage === undefined || a.stage === stage),
  );

/**
 * Art. 29: a reviewer is disqualified when the profile says so or a `reviewer-disqualified`
 * sanction covers the round's ordinal.
 */
export function isDisqualified(
  reviewer: ReviewerRecord,
  sanctions: readonly SanctionRecord[],
  ordinal: number,
): boolean {
  return (
    reviewer.disqualified !== undefined ||
    sanctions.some(
      (s) =>
        s.kind === 'reviewer-disqualified' &&
        s.subjectKey === reviewer.reviewerId &&
        s.barredFromOrdinal <= ordinal &&
        ordinal <= s.barredThroughOrdinal,
    )
  );
}

/** A stored reviewer profile as the conflict rules see it. */
export function toDomainReviewer(
  reviewer: ReviewerRecord,
  sanctions: readonly SanctionRecord[],
  ordinal: number,
): Reviewer {
  return {
    reviewerId: reviewer.reviewerId,
    name: reviewer.name,
    ...(reviewer.organizationCode === undefined ? {} : { organizationCode: reviewer.organizationCode }),
    formerEmployers: reviewer.formerEmployers,
    disqualified: isDisqualified(reviewer, sanctions, ordinal),
  };
}

/** A stored window as the publicity rules see it. */
export function toPublicityWindow(window: WindowRecord): PublicityWindow {
  return {
    windowId: window.windowId,
    roundId: window.roundId,
    kind: window.kind,
    opensAt: new Date(window.opensAt),
    closesAt: new Date(window.closesAt),
    minimumClosesAt: new Date(window.minimumClosesAt),
    calendarVersion: window.calendarVersion,
    status: window.status,
    entries: window.entries,
  };
}

/** Windows are public once they have opened (Art. 18 (3), (8)); before that they do not exist. */
export const isPublished = (window: WindowRecord, now: Date): boolean =>
  new Date(window.opensAt).getTime() <= now.getTime();

/** The window if it has been published, else NOT_FOUND. */
export async function loadPublishedWindow(deps: Deps, windowId: string, now: Date): Promise<WindowRecord> {
  const window = await deps.store.getWindow(windowId);
  if (!window || !isPublished(window, now)) throw notFound('公示');
  return window;
}

/** The objection as the audit trail keeps it: only masked numbers, never the cipher texts. */
export function objectionAuditView(objection: ObjectionRecord) {
  const { objector, version: _version, ...rest } = objection;
  return {
    ...rest,
    objector: {
      name: objector.name,
      phone: objector.phoneMasked,
      ...(objector.idMasked === undefined ? {} : { idNumber: objector.idMasked }),
      ...(objector.creditCode === undefined ? {} : { creditCode: objector.creditCode }),
    },
  };
}

/** The sanction as the audit trail keeps it: the masked subject, never an ID-number hash. */
export function sanctionAuditView(sanction: SanctionRecord) {
  const { subjectKey: _key, version: _version, ...rest } = sanction;
  return rest;
}
