/**
 * Extends the call for applications (Art. 18 (1)–(2)): staff may move `callClosesAt` later while the
 * call is open; the scheduler then resumes the flow's call-close wait at the new time.
 */
import { beijingDate } from '../domain/calendar.ts';
import { DomainError } from '../domain/errors.ts';
import { RULEBOOKS, rulebookForCall } from '../domain/rulebook.ts';
import type { Deps } from '../ports/deps.ts';
import type { Actor, RoundRecord, TaskTokenRecord } from '../ports/records.ts';
import type { Change } from '../ports/store.ts';
import { auditEvent } from './audit.ts';
import { assertRole, invalidInput, loadRound, type RoundView, reloadView } from './rounds/support.ts';
import { isClaimed } from './workflow/resume-wait.ts';
import { CALL_CLOSE_WAIT } from './workflow/waits.ts';

export interface ExtendCallInput {
  roundId: string;
  /** ISO 8601 instant, later than the current close. */
  callClosesAt: string;
  note?: string;
}

/** Moves the call's close later (never earlier) and re-times the stored call-close wait in the same commit. */
export async function extendCall(deps: Deps, actor: Actor, input: ExtendCallInput): Promise<RoundView> {
  assertRole(actor, 'staff');
  const now = deps.clock.now();
  const round = await loadRound(deps, input.roundId);
  const currentClose = new Date(round.callClosesAt);
  if (round.stage !== 'call-open' || now.getTime() >= currentClose.getTime()) {
    // The close may be due but not yet processed by the scheduler: the call is over all the same.
    throw new DomainError('STAGE_CLOSED', '申报已截止，不能再延长申报期');
  }
  const newClose = new Date(input.callClosesAt);
  if (Number.isNaN(newClose.getTime())) {
    throw invalidInput('申报截止时间无效', [{ path: 'callClosesAt', message: '申报截止时间无效' }]);
  }
  if (newClose.getTime() <= currentClose.getTime()) {
    throw invalidInput('申报期只能延长，不能缩短', [
      {
        path: 'callClosesAt',
        message: `新的申报截止时间应晚于当前截止时间 ${round.callClosesAt}`,
      },
    ]);
  }
  // Art. 31: the extended call must still fall within the round's rulebook version.
  rulebookForCall(
    beijingDate(new Date(round.callOpensAt)),
    beijingDate(newClose),
    RULEBOOKS.filter((r) => r.version === round.rulebookVersion),
  );

  const updated: RoundRecord = { ...round, callClosesAt: newClose.toISOString() };
  const changes: Change[] = [{ op: 'put', entity: { type: 'round', record: updated } }];
  const token = await deps.store.getTaskToken(round.roundId, CALL_CLOSE_WAIT);
  // A claimed token is being resumed already (resume-wait.ts): it is not the wait's to move.
  if (token && !isClaimed(token)) {
    // The scheduler resumes timed waits whose dueAt has passed: the wait now ends at the new close.
    const retimed: TaskTokenRecord = { ...token, dueAt: updated.callClosesAt };
    changes.push({ op: 'put', entity: { type: 'task-token', record: retimed } });
  }
  const note = input.note?.trim();
  await deps.store.commit({
    changes,
    audit: [
      auditEvent({
        entityType: 'round',
        entityId: round.roundId,
        verb: 'call-extended',
        actor,
        at: now,
        before: { callClosesAt: round.callClosesAt },
        after: { callClosesAt: updated.callClosesAt, ...(note ? { note } : {}) },
      }),
    ],
  });
  return reloadView(deps, round.roundId);
}
