/**
 * Art. 18 (2) "根据自愿原则": an applicant may withdraw its application until the qualification
 * review ends (the stage table of functions/domain/stages.ts says when).
 */
import { assertApplicationTransition } from '../domain/stages.ts';
import type { Deps } from '../ports/deps.ts';
import type { Actor, ApplicationRecord } from '../ports/records.ts';
import { type ApplicationView, loadOwnApplication, requireRole, viewOf } from './applications/context.ts';
import { auditSnapshot } from './applications/vetting.ts';
import { auditEvent } from './audit.ts';
import { loadRound } from './rounds/support.ts';

/** Withdraws the caller's application; ILLEGAL_TRANSITION / STAGE_CLOSED when it is too late. */
export async function withdrawApplication(
  deps: Deps,
  actor: Actor,
  input: { applicationId: string; reason?: string },
): Promise<ApplicationView> {
  requireRole(actor, 'applicant');
  const application = await loadOwnApplication(deps, actor, input.applicationId);
  const round = await loadRound(deps, application.roundId);
  assertApplicationTransition(application.status, 'withdrawn', 'applicant', round.stage);
  const now = deps.clock.now();
  const withdrawn: ApplicationRecord = { ...application, status: 'withdrawn', updatedAt: now.toISOString() };
  const reason = input.reason?.trim();
  await deps.store.commit({
    changes: [{ op: 'put', entity: { type: 'application', record: withdrawn } }],
    audit: [
      auditEvent({
        entityType: 'application',
        entityId: application.applicationId,
        verb: 'withdrawn',
        actor,
        at: now,
        before: auditSnapshot(application),
        after: { ...auditSnapshot(withdrawn), ...(reason ? { reason } : {}) },
      }),
    ],
  });
  return viewOf(deps, actor, { ...withdrawn, version: application.version + 1 });
}
