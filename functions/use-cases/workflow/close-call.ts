/**
 * Art. 18 (1)-(3): when the call closes, every filed application (submitted, or already
 * recommended) is vetted against the basic conditions (Art. 3, 5, 6, 9, 11, 25, 27) with the bans
 * stored now, and the round moves to qualification review. The vetting is written first, in
 * batches, and the stage last: a stored `qualification` stage means the vetting is complete.
 */
import type { ApplicationStatus } from '../../domain/model.ts';
import type { Deps } from '../../ports/deps.ts';
import { type ApplicationRecord, SYSTEM_ACTOR } from '../../ports/records.ts';
import type { UnitOfWork } from '../../ports/store.ts';
import { bodyOf, eligibilityFindings, vettingOf } from '../applications/vetting.ts';
import { auditEvent } from '../audit.ts';
import { listRoundApplications, loadRound } from '../rounds/support.ts';
import { commitInBatches, commitRoundChange, roundStageChange } from './bulk.ts';

export interface CloseCallResult {
  /** false when the call is not over yet (staff extended it): the flow waits again. */
  closed: boolean;
  /** Applications vetted by this run. */
  vetted: number;
}

/** The statuses of applications filed in the call (Art. 18 (2)-(3)). */
const FILED: readonly ApplicationStatus[] = ['submitted', 'recommended'];

/** Vets the filed applications and moves the round from `call-open` to `qualification`. */
export async function closeCall(deps: Deps, input: { roundId: string }): Promise<CloseCallResult> {
  const round = await loadRound(deps, input.roundId);
  if (round.stage !== 'call-open') return { closed: true, vetted: 0 };
  const now = deps.clock.now();
  if (now.toISOString() < round.callClosesAt) return { closed: false, vetted: 0 };

  const filed = (
    await Promise.all(FILED.map((status) => listRoundApplications(deps, round.roundId, status)))
  ).flat();
  // A vetting made at or after the close already used the final data (a retried task skips it).
  const needsVetting = (application: ApplicationRecord): boolean =>
    FILED.includes(application.status) &&
    (application.vetting === null || application.vetting.at < round.callClosesAt);
  const vetted = await commitInBatches(deps, filed, {
    plan: async (application): Promise<UnitOfWork | null> => {
      if (!needsVetting(application)) return null;
      const findings = await eligibilityFindings(
        deps,
        round,
        await bodyOf(deps, application),
        application.subjectKeys,
      );
      const vetting = vettingOf(findings, now);
      return {
        changes: [
          {
            op: 'put',
            entity: {
              type: 'application',
              record: { ...application, vetting, updatedAt: now.toISOString() },
            },
          },
        ],
        audit: [
          auditEvent({
            entityType: 'application',
            entityId: application.applicationId,
            verb: 'vetted',
            actor: SYSTEM_ACTOR,
            at: now,
            roundId: round.roundId,
            after: { passed: vetting.passed, codes: [...new Set(vetting.findings.map((f) => f.code))] },
          }),
        ],
      };
    },
    reload: (application) => deps.store.getApplication(application.applicationId),
  });

  // Art. 18 (2): the call ends by itself at callClosesAt (the `schedule` trigger of stages.ts).
  await commitRoundChange(deps, round.roundId, (fresh) =>
    fresh.stage === 'call-open' ? roundStageChange(fresh, 'qualification', 'schedule', now) : null,
  );
  return { closed: true, vetted };
}
