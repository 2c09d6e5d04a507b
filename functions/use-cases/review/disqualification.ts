/**
 * Art. 29 in full: a reviewer disqualified for misconduct leaves every panel of every round not yet
 * at `decision` (the reason: the sanction's), so their sheets there stop counting and they lose
 * access at once; then a default draw tops up exactly the panels left short, in the stages still
 * open for assignment. Rounds at `decision` or later keep their panels: their ranking is computed.
 */
import { isDomainError } from '../../domain/errors.ts';
import type { ReviewStage } from '../../domain/model.ts';
import { stageIndex } from '../../domain/stages.ts';
import type { Deps } from '../../ports/deps.ts';
import type { Actor, AssignmentRecord, AuditEvent, RoundRecord } from '../../ports/records.ts';
import type { Change, UnitOfWork } from '../../ports/store.ts';
import { assertAssignableApplication } from '../assign-reviewers.ts';
import { auditEvent } from '../audit.ts';
import { mapInBatches } from '../rounds/support.ts';
import { isReviewStagePast } from './context.ts';
import { planDraw, writeDraw } from './panels.ts';

export interface DisqualificationWithdrawal {
  /** One unit per withdrawn assignment (the change and its audit entry on the application). */
  units: UnitOfWork[];
  withdrawn: AssignmentRecord[];
  rounds: Map<string, RoundRecord>;
}

/** The withdrawals a disqualification causes, planned from the reviewer's active assignments. */
export async function planDisqualificationWithdrawals(
  deps: Deps,
  actor: Actor,
  reviewerId: string,
  reason: string,
  now: Date,
): Promise<DisqualificationWithdrawal> {
  const active = (await deps.store.listAssignmentsForReviewer(reviewerId)).filter(
    (a) => a.status === 'active',
  );
  const roundIds = [...new Set(active.map((a) => a.roundId))];
  const found = await Promise.all(roundIds.map((id) => deps.store.getRound(id)));
  const rounds = new Map(
    found
      .filter((r): r is RoundRecord => r !== null && stageIndex(r.stage) < stageIndex('decision'))
      .map((r) => [r.roundId, r]),
  );
  const withdrawn: AssignmentRecord[] = [];
  const units: UnitOfWork[] = [];
  for (const assignment of active) {
    if (!rounds.has(assignment.roundId)) continue;
    const record: AssignmentRecord = {
      ...assignment,
      status: 'withdrawn',
      withdrawnAt: now.toISOString(),
      withdrawReason: reason,
      withdrawnBy: actor.sub,
    };
    withdrawn.push(record);
    const change: Change = { op: 'put', entity: { type: 'assignment', record } };
    const audit: AuditEvent = auditEvent({
      entityType: 'assignment',
      entityId: assignment.applicationId,
      verb: 'withdrawn',
      actor,
      at: now,
      roundId: assignment.roundId,
      before: assignment,
      after: { ...record, article: '第二十九条' },
    });
    units.push({ changes: [change], audit: [audit] });
  }
  return { units, withdrawn, rounds };
}

export interface TopUp {
  roundId: string;
  stage: ReviewStage;
  seed: string;
  outcome: 'drawn' | 'insufficient' | 'not-drawable';
  applicationIds: string[];
}

/**
 * Draws a replacement for each withdrawn seat, panel by panel back to the size it had, with a seed
 * derived from the sanction (`{sanctionId}/{roundId}/{stage}`), so the top-up is reproducible too.
 * A stage whose panels cannot all be filled is left short for staff (its outcome says so); the
 * sanction stands either way.
 */
export async function topUpAfterDisqualification(
  deps: Deps,
  actor: Actor,
  sanctionId: string,
  plan: DisqualificationWithdrawal,
): Promise<TopUp[]> {
  const groups = new Map<string, AssignmentRecord[]>();
  for (const a of plan.withdrawn) {
    const key = `${a.roundId}#${a.stage}`;
    groups.set(key, [...(groups.get(key) ?? []), a]);
  }
  const topUps: TopUp[] = [];
  for (const withdrawn of groups.values()) {
    const { roundId, stage } = withdrawn[0]!;
    const round = (await deps.store.getRound(roundId)) ?? plan.rounds.get(roundId)!;
    const seed = `${sanctionId}/${roundId}/${stage}`;
    if (isReviewStagePast(round, stage)) continue;
    const targets = (
      await mapInBatches(withdrawn, async (a) => {
        const application = await deps.store.getApplication(a.applicationId);
        if (!application) return null;
        try {
          assertAssignableApplication(round, application, stage);
        } catch (error) {
          if (isDomainError(error)) return null;
          throw error;
        }
        const panel = (await deps.store.listAssignmentsForApplication(a.applicationId)).filter(
          (x) => x.stage === stage && x.status === 'active',
        );
        // The panel had its active members plus the withdrawn reviewer: back to that size.
        return { application, target: panel.length + 1 };
      })
    ).filter((t) => t !== null);
    const applicationIds = targets.map((t) => t.application.applicationId);
    if (targets.length === 0) {
      topUps.push({ roundId, stage, seed, outcome: 'not-drawable', applicationIds });
      continue;
    }
    try {
      const planned = await planDraw(deps, round, stage, targets, seed);
      await writeDraw(deps, actor, round, stage, planned, `${sanctionId}-${roundId}-${stage}`);
      topUps.push({ roundId, stage, seed, outcome: 'drawn', applicationIds });
    } catch (error) {
      if (!isDomainError(error) || error.code !== 'INSUFFICIENT_REVIEWERS') throw error;
      topUps.push({ roundId, stage, seed, outcome: 'insufficient', applicationIds });
    }
  }
  return topUps;
}
