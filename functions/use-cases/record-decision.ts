/**
 * The Leading Group decides the proposed winners (Art. 12, 18 (8)) within the quotas of Art. 8; it
 * may depart from the ranking's proposal with a reason. Recording the decision lets the flow go on
 * by itself: it publicises the proposed winners (stage `winner-publicity`).
 */
import { DomainError } from '../domain/errors.ts';
import { validateDecision } from '../domain/ranking.ts';
import type { Deps } from '../ports/deps.ts';
import type { Actor, DecisionRecord } from '../ports/records.ts';
import { auditEvent } from './audit.ts';
import { assertPublicityWindowComputable } from './rounds/publicity-calendar.ts';
import { assertRole, loadRound, type RoundView, reloadView } from './rounds/support.ts';
import { consumeTaskToken, resumeClaimed } from './workflow/resume-wait.ts';
import { stageWait } from './workflow/waits.ts';

export interface RecordDecisionInput {
  roundId: string;
  award: string[];
  nomination: string[];
  note?: string;
}

/** Validates and stores the decision, consumes the flow's decision stage wait and resumes it. */
export async function recordDecision(
  deps: Deps,
  actor: Actor,
  input: RecordDecisionInput,
): Promise<RoundView & { decision: DecisionRecord }> {
  assertRole(actor, 'leader');
  const round = await loadRound(deps, input.roundId);
  if (round.stage !== 'decision') {
    throw new DomainError('STAGE_CLOSED', '当前不是领导小组审定阶段，不能记录审定意见');
  }
  const [ranking, existing] = await Promise.all([
    deps.store.getRanking(round.roundId),
    deps.store.getDecision(round.roundId),
  ]);
  if (existing) throw new DomainError('STAGE_CLOSED', '本届领导小组审定意见已经记录，不能重复提交');
  if (!ranking) throw new DomainError('STAGE_PRECONDITION_FAILED', '排名尚未生成，不能记录审定意见');

  const note = input.note?.trim();
  const { changed } = validateDecision(
    { award: input.award, nomination: input.nomination },
    {
      quotas: round.quotas,
      eligibleIds: new Set(ranking.rows.map((r) => r.applicationId)),
      proposal: ranking.rows,
      ...(note ? { reason: note } : {}),
    },
  );

  const now = deps.clock.now();
  // Art. 18 (8): the flow publishes the proposed winners right after the decision; refuse it now
  // if that window's working-day deadline cannot be computed (the decision stays unrecorded).
  await assertPublicityWindowComputable(deps, round, 'winners', now, '');
  const decision: DecisionRecord = {
    version: 0,
    roundId: round.roundId,
    award: [...input.award],
    nomination: [...input.nomination],
    changedFromProposal: changed,
    ...(note ? { note } : {}),
    by: actor.sub,
    at: now.toISOString(),
  };
  const { token, changes } = await consumeTaskToken(deps, round.roundId, stageWait('decision'), now);
  await deps.store.commit({
    changes: [
      { op: 'put', entity: { type: 'decision', record: decision } },
      // Rewriting the round (unchanged) bumps its version: a flow registering its decision
      // wait at this very moment is guarded by that version, fails, and finds the decision instead.
      { op: 'put', entity: { type: 'round', record: round } },
      ...changes,
    ],
    audit: [
      auditEvent({
        entityType: 'round',
        entityId: round.roundId,
        verb: 'decided',
        actor,
        at: now,
        after: decision,
      }),
    ],
  });
  if (token) {
    await resumeClaimed(deps, token, { award: decision.award, nomination: decision.nomination });
  }
  return { ...(await reloadView(deps, round.roundId)), decision: { ...decision, version: 1 } };
}
