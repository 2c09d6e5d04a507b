/**
 * Art. 26 "督促其保持荣誉，改进不足": a visit's follow-up action is closed once done, with a note; the
 * award's list of open actions loses it in the same commit.
 */
import { isCalendarDate } from '../domain/calendar.ts';
import { DomainError } from '../domain/errors.ts';
import type { Deps } from '../ports/deps.ts';
import type { Actor, AwardRecord, VisitRecord } from '../ports/records.ts';
import { notFound } from './access.ts';
import { invalid, loadAward } from './after-award/context.ts';
import { requireRole } from './applications/context.ts';
import { auditEvent } from './audit.ts';
import { committedByThisRequest } from './earlier-request.ts';

export async function closeVisitAction(
  deps: Deps,
  actor: Actor,
  input: { visitId: string; index: number; closedOn: string; note: string },
): Promise<VisitRecord> {
  requireRole(actor, 'staff');
  const visit = await deps.store.getVisit(input.visitId);
  if (!visit) throw notFound('巡访记录');
  const action = visit.actions[input.index];
  if (!action) throw notFound('整改事项');
  if (action.closedOn !== undefined) {
    throw new DomainError('ILLEGAL_TRANSITION', `该整改事项已于 ${action.closedOn} 办结`);
  }
  if (!isCalendarDate(input.closedOn))
    throw invalid('办结日期无效', [{ path: 'closedOn', message: '办结日期应为 YYYY-MM-DD 格式的有效日期' }]);
  if (input.closedOn < visit.visitedOn)
    throw invalid('办结日期早于巡访日期', [{ path: 'closedOn', message: '办结日期不能早于巡访日期' }]);

  const award = await loadAward(deps, visit.awardId);
  const now = deps.clock.now();
  const closed = { ...action, closedOn: input.closedOn, note: input.note.trim(), closedBy: actor.sub };
  const updatedVisit: VisitRecord = {
    ...visit,
    actions: visit.actions.map((a, i) => (i === input.index ? closed : a)),
  };
  const updatedAward: AwardRecord = {
    ...award,
    openActions: (award.openActions ?? []).filter(
      (a) => !(a.visitId === visit.visitId && a.index === input.index),
    ),
  };
  await deps.store.commit({
    changes: [
      { op: 'put', entity: { type: 'visit', record: updatedVisit } },
      { op: 'put', entity: { type: 'award', record: updatedAward } },
    ],
    audit: [
      auditEvent({
        entityType: 'visit',
        entityId: visit.visitId,
        verb: 'action-closed',
        actor,
        at: now,
        after: { roundId: visit.roundId, index: input.index, ...closed },
      }),
    ],
  });
  return { ...updatedVisit, version: updatedVisit.version + 1 };
}

/**
 * Idempotency-Key retries: the visit as it is now when an earlier run of this request closed the
 * action — a second run would refuse it as closed already (ILLEGAL_TRANSITION).
 */
export async function earlierClosure(deps: Deps, visitId: string): Promise<VisitRecord | undefined> {
  return (await committedByThisRequest(deps, visitId))
    ? ((await deps.store.getVisit(visitId)) ?? undefined)
    : undefined;
}
