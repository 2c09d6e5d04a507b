/**
 * Art. 26: the office visits each winner periodically and keeps it under dynamic management. A
 * visit records visitors, findings, a rating and follow-up actions with due dates; the award keeps
 * the last visit's date and rating and its open actions in the same commit, so the due list and the
 * dashboard read awards only. A `serious-concern` rating flags the award; it revokes nothing.
 */
import type { VisitRating } from '../domain/after-award.ts';
import { isCalendarDate } from '../domain/calendar.ts';
import { DomainError } from '../domain/errors.ts';
import type { Deps } from '../ports/deps.ts';
import type { Actor, AwardRecord, VisitRecord } from '../ports/records.ts';
import { invalid, loadAward } from './after-award/context.ts';
import { requireRole } from './applications/context.ts';
import { auditEvent } from './audit.ts';

export interface RecordVisitInput {
  awardId: string;
  visitedOn: string;
  visitors: string[];
  findings: string;
  rating: VisitRating;
  actions?: { item: string; dueOn: string }[] | undefined;
}

export async function recordVisit(deps: Deps, actor: Actor, input: RecordVisitInput): Promise<VisitRecord> {
  requireRole(actor, 'staff');
  const award = await loadAward(deps, input.awardId);
  if (award.status === 'revoked') {
    throw new DomainError('ILLEGAL_TRANSITION', `“${award.displayName}”的奖项已被撤销，不再巡访`);
  }
  const findings: { path: string; message: string }[] = [];
  if (!isCalendarDate(input.visitedOn))
    findings.push({ path: 'visitedOn', message: '巡访日期应为 YYYY-MM-DD 格式的有效日期' });
  else if (input.visitedOn < award.awardedOn)
    findings.push({ path: 'visitedOn', message: `巡访日期不能早于获奖日期 ${award.awardedOn}` });
  const actions = (input.actions ?? []).map((a) => ({ item: a.item.trim(), dueOn: a.dueOn }));
  actions.forEach((a, i) => {
    if (!isCalendarDate(a.dueOn))
      findings.push({ path: `actions.${i}.dueOn`, message: '整改期限应为 YYYY-MM-DD 格式的有效日期' });
    else if (isCalendarDate(input.visitedOn) && a.dueOn < input.visitedOn)
      findings.push({ path: `actions.${i}.dueOn`, message: '整改期限不能早于巡访日期' });
  });
  if (findings.length > 0) throw invalid('巡访记录不符合要求', findings);

  const now = deps.clock.now();
  const visit: VisitRecord = {
    version: 0,
    visitId: deps.ids.next('visit'),
    awardId: award.awardId,
    roundId: award.roundId,
    visitedOn: input.visitedOn,
    visitors: input.visitors.map((v) => v.trim()),
    findings: input.findings.trim(),
    rating: input.rating,
    actions,
    createdAt: now.toISOString(),
    createdBy: actor.sub,
  };
  // A visit recorded late (an earlier date than the last one) does not move the schedule back.
  const latest = award.lastVisitOn === undefined || award.lastVisitOn <= visit.visitedOn;
  const updated: AwardRecord = {
    ...award,
    ...(latest ? { lastVisitOn: visit.visitedOn, lastVisitRating: visit.rating } : {}),
    openActions: [
      ...(award.openActions ?? []),
      ...actions.map((a, index) => ({ visitId: visit.visitId, index, item: a.item, dueOn: a.dueOn })),
    ],
  };
  await deps.store.commit({
    changes: [
      { op: 'put', entity: { type: 'visit', record: visit } },
      { op: 'put', entity: { type: 'award', record: updated } },
    ],
    audit: [
      auditEvent({
        entityType: 'visit',
        entityId: visit.visitId,
        verb: 'recorded',
        actor,
        at: now,
        after: visit,
      }),
      auditEvent({
        entityType: 'award',
        entityId: award.awardId,
        verb: 'visited',
        actor,
        at: now,
        after: {
          roundId: award.roundId,
          visitId: visit.visitId,
          visitedOn: visit.visitedOn,
          rating: visit.rating,
        },
      }),
    ],
  });
  return { ...visit, version: 1 };
}

/** Idempotency-Key retries: the visit an earlier run of this request wrote, under the id it drew. */
export async function earlierVisit(deps: Deps): Promise<VisitRecord | undefined> {
  return (await deps.store.getVisit(deps.ids.next('visit'))) ?? undefined;
}
