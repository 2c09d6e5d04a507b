/**
 * Art. 18 (9): after the proposed winners' publicity, the city government approves the list and the
 * award is announced. Staff record the approval document; the round moves to `announced` and the
 * flow's announcement task creates the awards (and the Art. 6 bans of `award` winners).
 */
import { isCalendarDate } from '../domain/calendar.ts';
import { DomainError } from '../domain/errors.ts';
import { assertRoundTransition } from '../domain/stages.ts';
import type { Deps } from '../ports/deps.ts';
import type { Actor, RoundRecord } from '../ports/records.ts';
import { auditEvent } from './audit.ts';
import {
  assertRole,
  historyEntry,
  invalidInput,
  loadRound,
  type RoundView,
  reloadView,
} from './rounds/support.ts';
import { consumeTaskToken, resumeClaimed } from './workflow/resume-wait.ts';
import { stageWait } from './workflow/waits.ts';

export interface RecordApprovalInput {
  roundId: string;
  /** The approval document's number (文号). */
  documentNo: string;
  /** YYYY-MM-DD, Beijing date of the approval. */
  approvedOn: string;
}

/** Stores the approval, moves the round to `announced`, consumes the approval stage wait and resumes the flow. */
export async function recordApproval(
  deps: Deps,
  actor: Actor,
  input: RecordApprovalInput,
): Promise<RoundView> {
  assertRole(actor, 'staff');
  const round = await loadRound(deps, input.roundId);
  if (round.stage !== 'approval') {
    throw new DomainError('STAGE_CLOSED', '当前不是市政府批准阶段，不能登记批准文件');
  }
  const documentNo = input.documentNo.trim();
  const findings: { path: string; message: string }[] = [];
  if (!documentNo) findings.push({ path: 'documentNo', message: '请填写市政府批准文件的文号' });
  if (!isCalendarDate(input.approvedOn)) {
    findings.push({ path: 'approvedOn', message: '批准日期应为 YYYY-MM-DD 格式的有效日期' });
  }
  if (findings.length > 0) throw invalidInput('批准文件信息不完整', findings);
  assertRoundTransition(round.stage, 'announced', 'staff');

  const now = deps.clock.now();
  const approval = { documentNo, approvedOn: input.approvedOn, by: actor.sub, at: now.toISOString() };
  const updated: RoundRecord = {
    ...round,
    stage: 'announced',
    stageHistory: [...round.stageHistory, historyEntry('announced', now, actor, `批准文号：${documentNo}`)],
    approval,
  };
  const { token, changes } = await consumeTaskToken(deps, round.roundId, stageWait('approval'), now);
  await deps.store.commit({
    changes: [{ op: 'put', entity: { type: 'round', record: updated } }, ...changes],
    audit: [
      auditEvent({
        entityType: 'round',
        entityId: round.roundId,
        verb: 'approved',
        actor,
        at: now,
        before: { stage: round.stage },
        after: { stage: updated.stage, approval },
      }),
    ],
  });
  if (token) {
    await resumeClaimed(deps, token, { documentNo, approvedOn: input.approvedOn });
  }
  return reloadView(deps, round.roundId);
}
