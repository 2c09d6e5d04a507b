/**
 * Art. 18 (4)–(6): the office assigns reviewers to an application for one review stage. Nobody
 * with a conflict of interest is assigned (Art. 28, DESIGN.md §2 "回避"), nor a disqualified
 * reviewer (Art. 29). Assigning a reviewer who is already assigned changes nothing.
 */
import { beijingDate } from '../domain/calendar.ts';
import { assertAssignable } from '../domain/conflicts.ts';
import { DomainError } from '../domain/errors.ts';
import type { ReviewStage } from '../domain/model.ts';
import { REVIEW_STAGE_LABELS } from '../domain/scoring.ts';
import { APPLICATION_STATUS_LABELS, ROUND_STAGE_LABELS } from '../domain/stages.ts';
import type { Deps } from '../ports/deps.ts';
import type { Actor, ApplicationRecord, AssignmentRecord, RoundRecord } from '../ports/records.ts';
import type { Change } from '../ports/store.ts';
import { requireRole, rulebookOf } from './applications/context.ts';
import { auditEvent } from './audit.ts';
import { assignmentNotice, commitWithNotices } from './notifications/notify.ts';
import { conflictApplicantOf, loadConflicts, loadReviewers } from './review/conflicts.ts';
import { isReviewStagePast, loadApplication } from './review/context.ts';
import { assertWithinLoadLimit } from './review/panels.ts';
import { loadRound } from './rounds/support.ts';

export interface AssignReviewersInput {
  roundId: string;
  stage: ReviewStage;
  applicationId: string;
  reviewerIds: string[];
}

const preconditionFailed = (message: string, path = 'applicationId') =>
  new DomainError('STAGE_PRECONDITION_FAILED', message, [
    { path, code: 'STAGE_PRECONDITION_FAILED', message },
  ]);

/**
 * Art. 18 (4)–(6): only an application under review in this round can get reviewers; on-site
 * review and defence only for those the material-review report selected; never for a past stage.
 */
export function assertAssignableApplication(
  round: RoundRecord,
  application: ApplicationRecord,
  stage: ReviewStage,
): void {
  const label = REVIEW_STAGE_LABELS[stage];
  if (application.roundId !== round.roundId) {
    throw preconditionFailed(`申报“${application.displayName}”不属于第${round.ordinal}届评选`);
  }
  if (application.status !== 'in-review') {
    throw preconditionFailed(
      `申报“${application.displayName}”的状态为“${APPLICATION_STATUS_LABELS[application.status]}”，只有评审中的申报才能分配评审专家`,
    );
  }
  if (stage !== 'material' && !(round.selectedForOnsite ?? []).includes(application.applicationId)) {
    throw preconditionFailed(`申报“${application.displayName}”未入选现场评审名单，不能分配${label}专家`);
  }
  if (isReviewStagePast(round, stage)) {
    throw new DomainError(
      'STAGE_CLOSED',
      `第${round.ordinal}届已进入“${ROUND_STAGE_LABELS[round.stage]}”阶段，${label}已结束，不能再分配评审专家`,
    );
  }
}

/**
 * Most reviewers one request assigns to one application and stage. A panel is a handful of experts
 * (Art. 14); the bound also keeps the assignment one atomic write (a transaction holds 100 items).
 */
export const MAX_PANEL_SIZE = 30;

function assertPanelSize(reviewerIds: readonly string[]): void {
  if (reviewerIds.length === 0 || reviewerIds.length > MAX_PANEL_SIZE) {
    const message = `每次为一项申报分配 1 至 ${MAX_PANEL_SIZE} 位评审专家`;
    throw new DomainError('VALIDATION_FAILED', message, [
      { path: 'reviewerIds', code: 'VALIDATION_FAILED', message },
    ]);
  }
}

function assertNoDuplicates(reviewerIds: readonly string[]): void {
  const findings = reviewerIds.flatMap((id, i) =>
    reviewerIds.indexOf(id) === i
      ? []
      : [{ path: `reviewerIds[${i}]`, code: 'VALIDATION_FAILED' as const, message: `评审专家 ${id} 重复` }],
  );
  if (findings.length > 0) throw new DomainError('VALIDATION_FAILED', '评审专家名单中有重复', findings);
}

/** Assigns `reviewerIds` to the application for `stage`; returns their (active) assignments. */
export async function assignReviewers(
  deps: Deps,
  actor: Actor,
  input: AssignReviewersInput,
): Promise<AssignmentRecord[]> {
  requireRole(actor, 'staff');
  assertPanelSize(input.reviewerIds);
  assertNoDuplicates(input.reviewerIds);
  const round = await loadRound(deps, input.roundId);
  const application = await loadApplication(deps, input.applicationId);
  assertAssignableApplication(round, application, input.stage);

  const { records, reviewers } = await loadReviewers(deps, round, input.reviewerIds);
  const { declarations, dismissals } = await loadConflicts(deps, application.applicationId);
  const now = deps.clock.now();
  assertAssignable(
    reviewers,
    conflictApplicantOf(application),
    declarations,
    dismissals,
    beijingDate(now),
    rulebookOf(round),
  );

  const existing = await deps.store.listAssignmentsForApplication(application.applicationId);
  // DESIGN.md "Review load": only reviewers joining the panel now add to their load.
  const joining = reviewers.flatMap((r, index) =>
    existing.some((a) => a.stage === input.stage && a.reviewerId === r.reviewerId && a.status === 'active')
      ? []
      : [{ index, reviewerId: r.reviewerId, name: r.name }],
  );
  await assertWithinLoadLimit(deps, round, input.stage, joining);
  const changes: Change[] = [];
  const notices: Change[] = [];
  const audit = [];
  const result: AssignmentRecord[] = [];
  for (const reviewerId of input.reviewerIds) {
    const current = existing.find((a) => a.stage === input.stage && a.reviewerId === reviewerId);
    if (current?.status === 'active') {
      result.push(current);
      continue;
    }
    const assignment: AssignmentRecord = {
      roundId: round.roundId,
      applicationId: application.applicationId,
      stage: input.stage,
      reviewerId,
      status: 'active',
      assignedAt: now.toISOString(),
      assignedBy: actor.sub,
      version: current?.version ?? 0,
    };
    changes.push({ op: 'put', entity: { type: 'assignment', record: assignment } });
    const reviewer = records.find((r) => r.reviewerId === reviewerId) ?? null;
    notices.push(...assignmentNotice(deps, round, application, assignment, reviewer, now));
    // The application's trail shows who reviews it (supervisors read it by applicationId).
    audit.push(
      auditEvent({
        entityType: 'assignment',
        entityId: application.applicationId,
        verb: 'created',
        actor,
        at: now,
        roundId: application.roundId,
        ...(current ? { before: current } : {}),
        after: assignment,
      }),
    );
    result.push({ ...assignment, version: assignment.version + 1 });
  }
  if (changes.length > 0) await commitWithNotices(deps, { changes, audit }, notices);
  return result;
}
