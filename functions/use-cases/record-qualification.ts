/**
 * Art. 18 (3): during the qualification stage the office reviews each recommended application's
 * basic conditions, recommendation and materials, and records `qualified` or `disqualified` (with
 * the reason the applicant is told).
 */
import { DomainError } from '../domain/errors.ts';
import { assertApplicationTransition, ROUND_STAGE_LABELS } from '../domain/stages.ts';
import type { Deps } from '../ports/deps.ts';
import type { Actor, ApplicationRecord } from '../ports/records.ts';
import { isPrivateDraft, notFound } from './access.ts';
import { type ApplicationView, requireRole, viewOf } from './applications/context.ts';
import { auditSnapshot } from './applications/vetting.ts';
import { auditEvent } from './audit.ts';
import { applicantNotice } from './notifications/notify.ts';
import { loadRound } from './rounds/support.ts';

/** Records the qualification decision; STAGE_CLOSED outside `qualification`, ILLEGAL_TRANSITION unless recommended. */
export async function recordQualification(
  deps: Deps,
  actor: Actor,
  input: { applicationId: string; decision: 'qualified' | 'disqualified'; reason?: string },
): Promise<ApplicationView> {
  requireRole(actor, 'staff');
  const application = await deps.store.getApplication(input.applicationId);
  if (!application || isPrivateDraft(application)) throw notFound();
  const reason = input.reason?.trim();
  if (input.decision === 'disqualified' && !reason) {
    const message = '资格审查不通过时须填写理由';
    throw new DomainError('VALIDATION_FAILED', message, [
      { path: 'reason', code: 'VALIDATION_FAILED', message },
    ]);
  }
  const round = await loadRound(deps, application.roundId);
  if (round.stage !== 'qualification') {
    throw new DomainError(
      'STAGE_CLOSED',
      `当前评选阶段为“${ROUND_STAGE_LABELS[round.stage]}”，资格审查只能在“${ROUND_STAGE_LABELS.qualification}”阶段进行`,
    );
  }
  assertApplicationTransition(application.status, input.decision, 'staff', round.stage);

  const now = deps.clock.now();
  const at = now.toISOString();
  const decided: ApplicationRecord = {
    ...application,
    status: input.decision,
    qualification: { decision: input.decision, ...(reason ? { reason } : {}), by: actor.sub, at },
    updatedAt: at,
  };
  await deps.store.commit({
    changes: [
      { op: 'put', entity: { type: 'application', record: decided } },
      ...applicantNotice(
        deps,
        `application.${input.decision}`,
        round,
        decided,
        now,
        reason ? { reason } : {},
      ),
    ],
    audit: [
      auditEvent({
        entityType: 'application',
        entityId: application.applicationId,
        verb: input.decision,
        actor,
        at: now,
        before: auditSnapshot(application),
        after: auditSnapshot(decided),
      }),
    ],
  });
  return viewOf(deps, actor, { ...decided, version: application.version + 1 });
}
