/**
 * Staff move a round to its next stage (Art. 18): qualification → accepted-publicity,
 * material-review → onsite-review (naming the on-site list), onsite-review → defense,
 * defense → evaluation. The other moves belong to the schedule, the system or the leader.
 */
import { DomainError } from '../domain/errors.ts';
import type { RoundStage } from '../domain/model.ts';
import { assertRoundTransition, ROUND_STAGE_LABELS } from '../domain/stages.ts';
import type { Deps } from '../ports/deps.ts';
import type { Actor, ApplicationRecord, RoundRecord } from '../ports/records.ts';
import { auditEvent } from './audit.ts';
import { advanceReasons } from './rounds/advance-preconditions.ts';
import { assertPublicityWindowComputable } from './rounds/publicity-calendar.ts';
import {
  assertRole,
  historyEntry,
  invalidInput,
  listRoundApplications,
  loadRound,
  type RoundView,
  reloadView,
} from './rounds/support.ts';
import { consumeTaskToken, resumeClaimed } from './workflow/resume-wait.ts';
import { stageWait } from './workflow/waits.ts';

export interface AdvanceRoundInput {
  roundId: string;
  to: RoundStage;
  note?: string;
  /** Art. 18 (4)–(5): the applications that go on to on-site review (only with `to: 'onsite-review'`). */
  selected?: string[];
}

/**
 * Checks the move and the stage's unfinished work (every reason at once), writes the new stage,
 * consumes the flow's `stageWait(from)` token in the same commit and resumes the flow afterwards.
 * Without a stored token (the flow has not reached its wait yet) the stage is still written: the
 * flow finds it already advanced when it gets there.
 */
export async function advanceRound(deps: Deps, actor: Actor, input: AdvanceRoundInput): Promise<RoundView> {
  assertRole(actor, 'staff');
  const round = await loadRound(deps, input.roundId);
  const from = round.stage;
  assertRoundTransition(from, input.to, 'staff');

  const needsInReview = from === 'material-review' || from === 'onsite-review' || from === 'defense';
  const inReview = needsInReview ? await listRoundApplications(deps, round.roundId, 'in-review') : [];
  const selected = selectedFor(input, inReview);
  const reasons = await advanceReasons(deps, round, inReview);
  if (reasons.length > 0) {
    throw new DomainError(
      'STAGE_PRECONDITION_FAILED',
      `${ROUND_STAGE_LABELS[from]}工作尚未完成，不能转入${ROUND_STAGE_LABELS[input.to]}阶段：` +
        reasons.map((r) => r.message).join('；'),
      reasons,
    );
  }

  const now = deps.clock.now();
  // Art. 18 (3): the flow publishes the accepted list right after this move; refuse it now if its
  // working-day deadline cannot be computed, rather than leave the round without its window.
  if (input.to === 'accepted-publicity') {
    await assertPublicityWindowComputable(deps, round, 'accepted', now, 'to');
  }
  const updated: RoundRecord = {
    ...round,
    stage: input.to,
    stageHistory: [...round.stageHistory, historyEntry(input.to, now, actor, input.note)],
    ...(selected ? { selectedForOnsite: selected } : {}),
  };
  const { token, changes } = await consumeTaskToken(deps, round.roundId, stageWait(from), now);
  await deps.store.commit({
    changes: [{ op: 'put', entity: { type: 'round', record: updated } }, ...changes],
    audit: [
      auditEvent({
        entityType: 'round',
        entityId: round.roundId,
        verb: 'advanced',
        actor,
        at: now,
        before: { stage: from },
        after: {
          stage: input.to,
          ...(input.note?.trim() ? { note: input.note.trim() } : {}),
          ...(selected ? { selected } : {}),
        },
      }),
    ],
  });
  if (token) await resumeClaimed(deps, token, { to: input.to, ...(selected ? { selected } : {}) });
  return reloadView(deps, round.roundId);
}

/**
 * Art. 18 (4)–(5): the on-site list is a non-empty subset of the applications in review, each named
 * once; `selected` means nothing for the other moves and is refused there.
 */
function selectedFor(input: AdvanceRoundInput, inReview: readonly ApplicationRecord[]): string[] | undefined {
  if (input.to !== 'onsite-review') {
    if (input.selected !== undefined) {
      throw invalidInput('只有转入现场评审时才能指定入围名单', [
        { path: 'selected', message: '只有转入现场评审阶段时才能指定入围名单' },
      ]);
    }
    return undefined;
  }
  const selected = input.selected ?? [];
  if (selected.length === 0) {
    throw invalidInput('须指定进入现场评审的申报', [
      { path: 'selected', message: '请根据材料评审结果指定进入现场评审的申报（至少一个）' },
    ]);
  }
  const ids = new Set(inReview.map((a) => a.applicationId));
  const seen = new Set<string>();
  const findings: { path: string; message: string }[] = [];
  selected.forEach((applicationId, index) => {
    if (seen.has(applicationId)) {
      findings.push({ path: `selected[${index}]`, message: `申报 ${applicationId} 重复列出` });
    } else if (!ids.has(applicationId)) {
      findings.push({
        path: `selected[${index}]`,
        message: `申报 ${applicationId} 不是本届材料评审中的申报`,
      });
    }
    seen.add(applicationId);
  });
  if (findings.length > 0) throw invalidInput('现场评审入围名单不正确', findings);
  return selected;
}
