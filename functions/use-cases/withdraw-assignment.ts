/**
 * Staff withdraw a reviewer from one panel (illness, misconduct, a conflict found late), with a
 * reason, and may name a replacement in the same transaction. The withdrawn reviewer loses access
 * at once (reads are 404, scoring NOT_ASSIGNED) and their sheet stops counting; it is kept, and
 * staff and supervisors still read it (`counted: false`). The replacement is checked like a manual
 * assignment: conflicts (Art. 28), disqualification (Art. 29) and the load limit.
 */
import { beijingDate } from '../domain/calendar.ts';
import { assertAssignable } from '../domain/conflicts.ts';
import { DomainError } from '../domain/errors.ts';
import type { ReviewStage } from '../domain/model.ts';
import type { Deps } from '../ports/deps.ts';
import type { Actor, AssignmentRecord, AuditEvent } from '../ports/records.ts';
import type { Change } from '../ports/store.ts';
import { requireRole, rulebookOf } from './applications/context.ts';
import { assertAssignableApplication } from './assign-reviewers.ts';
import { auditEvent } from './audit.ts';
import { committedByThisRequest } from './earlier-request.ts';
import { conflictApplicantOf, loadConflicts, loadReviewers } from './review/conflicts.ts';
import { loadApplication } from './review/context.ts';
import { assertWithinLoadLimit } from './review/panels.ts';
import { loadRound } from './rounds/support.ts';

export interface WithdrawAssignmentInput {
  roundId: string;
  stage: ReviewStage;
  applicationId: string;
  reviewerId: string;
  reason: string;
  replacementId?: string;
}

export interface WithdrawnAssignment {
  withdrawn: AssignmentRecord;
  replacement?: AssignmentRecord;
}

/** Withdraws the reviewer's active assignment (NOT_FOUND when there is none) and assigns the replacement. */
export async function withdrawAssignment(
  deps: Deps,
  actor: Actor,
  input: WithdrawAssignmentInput,
): Promise<WithdrawnAssignment> {
  requireRole(actor, 'staff');
  const reason = input.reason.trim();
  if (reason === '') {
    const message = '撤出评审专家须填写理由';
    throw new DomainError('VALIDATION_FAILED', message, [
      { path: 'reason', code: 'VALIDATION_FAILED', message },
    ]);
  }
  if (input.replacementId === input.reviewerId) {
    const message = '替换的评审专家不能是被撤出的专家本人';
    throw new DomainError('VALIDATION_FAILED', message, [
      { path: 'replacementId', code: 'VALIDATION_FAILED', message },
    ]);
  }
  const round = await loadRound(deps, input.roundId);
  const application = await loadApplication(deps, input.applicationId);
  const assignments = await deps.store.listAssignmentsForApplication(application.applicationId);
  const current = assignments.find(
    (a) =>
      a.roundId === round.roundId &&
      a.stage === input.stage &&
      a.reviewerId === input.reviewerId &&
      a.status === 'active',
  );
  if (!current) throw new DomainError('NOT_FOUND', '该评审专家未被分配评审此申报的这一阶段');

  const now = deps.clock.now();
  const at = now.toISOString();
  const withdrawn: AssignmentRecord = {
    ...current,
    status: 'withdrawn',
    withdrawnAt: at,
    withdrawReason: reason,
    withdrawnBy: actor.sub,
    ...(input.replacementId === undefined ? {} : { replacedBy: input.replacementId }),
  };
  const changes: Change[] = [{ op: 'put', entity: { type: 'assignment', record: withdrawn } }];
  const event = (verb: string, before: unknown, after: unknown): AuditEvent =>
    auditEvent({
      entityType: 'assignment',
      entityId: application.applicationId,
      verb,
      actor,
      at: now,
      roundId: round.roundId,
      ...(before === undefined ? {} : { before }),
      after,
    });
  const audit: AuditEvent[] = [event('withdrawn', current, withdrawn)];

  let replacement: AssignmentRecord | undefined;
  if (input.replacementId !== undefined) {
    assertAssignableApplication(round, application, input.stage);
    const { reviewers } = await loadReviewers(deps, round, [input.replacementId], () => 'replacementId');
    const { declarations, dismissals } = await loadConflicts(deps, application.applicationId);
    assertAssignable(
      reviewers,
      conflictApplicantOf(application),
      declarations,
      dismissals,
      beijingDate(now),
      rulebookOf(round),
    );
    const earlier = assignments.find((a) => a.stage === input.stage && a.reviewerId === input.replacementId);
    if (earlier?.status === 'active') {
      const message = `评审专家${reviewers[0]!.name}已在该评审组中`;
      throw new DomainError('VALIDATION_FAILED', message, [
        { path: 'replacementId', code: 'VALIDATION_FAILED', message },
      ]);
    }
    await assertWithinLoadLimit(deps, round, input.stage, [
      { index: 0, reviewerId: input.replacementId, name: reviewers[0]!.name },
    ]);
    replacement = {
      roundId: round.roundId,
      applicationId: application.applicationId,
      stage: input.stage,
      reviewerId: input.replacementId,
      status: 'active',
      assignedAt: at,
      assignedBy: actor.sub,
      version: earlier?.version ?? 0,
    };
    changes.push({ op: 'put', entity: { type: 'assignment', record: replacement } });
    audit.push(event('created', earlier, { ...replacement, replaces: input.reviewerId }));
  }
  await deps.store.commit({ changes, audit });
  return {
    withdrawn: { ...withdrawn, version: withdrawn.version + 1 },
    ...(replacement ? { replacement: { ...replacement, version: replacement.version + 1 } } : {}),
  };
}

/**
 * Idempotency-Key retries: the withdrawal (and replacement) an earlier run of this request
 * committed, as it is now — a second run would find no active assignment and answer 404.
 */
export async function earlierWithdrawal(
  deps: Deps,
  input: Pick<WithdrawAssignmentInput, 'applicationId' | 'stage' | 'reviewerId' | 'replacementId'>,
): Promise<WithdrawnAssignment | undefined> {
  if (!(await committedByThisRequest(deps, input.applicationId))) return undefined;
  const panel = (await deps.store.listAssignmentsForApplication(input.applicationId)).filter(
    (a) => a.stage === input.stage,
  );
  const withdrawn = panel.find((a) => a.reviewerId === input.reviewerId && a.status === 'withdrawn');
  if (!withdrawn) return undefined;
  const replacement = panel.find((a) => a.reviewerId === input.replacementId);
  return { withdrawn, ...(replacement ? { replacement } : {}) };
}
