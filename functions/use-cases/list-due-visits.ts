/**
 * Art. 26: the awards whose next visit falls on or before a date (default: today by the platform
 * clock), among awards in their validity; and the follow-up actions past their due date. Both read
 * the awards register only (one Query), since each award keeps its last visit and open actions.
 */
import { isActionOverdue } from '../domain/after-award.ts';
import type { Deps } from '../ports/deps.ts';
import type { Actor, AwardRecord, OpenVisitAction } from '../ports/records.ts';
import { type AwardView, awardViewOf, ordinalAt, rulebookOfRound, todayOf } from './after-award/context.ts';
import { requireRole } from './applications/context.ts';

const TIER_ORDER = { award: 0, nomination: 1 } as const;

async function awardViews(deps: Deps): Promise<AwardView[]> {
  const [awards, rounds, ordinalNow] = await Promise.all([
    deps.store.listAwards(),
    deps.store.listRounds(),
    ordinalAt(deps, deps.clock.now()),
  ]);
  const roundById = new Map(rounds.map((r) => [r.roundId, r]));
  return awards.map((award) =>
    awardViewOf(award, rulebookOfRound(roundById.get(award.roundId) ?? null), ordinalNow),
  );
}

export async function listDueVisits(
  deps: Deps,
  actor: Actor,
  input: { before?: string | undefined },
): Promise<(AwardView & { nextVisitDue: string })[]> {
  requireRole(actor, 'staff');
  const before = input.before ?? todayOf(deps);
  return (await awardViews(deps))
    .filter(
      (v): v is AwardView & { nextVisitDue: string } =>
        v.nextVisitDue !== undefined && v.nextVisitDue <= before,
    )
    .sort(
      (a, b) =>
        a.nextVisitDue.localeCompare(b.nextVisitDue) ||
        a.award.ordinal - b.award.ordinal ||
        TIER_ORDER[a.award.tier] - TIER_ORDER[b.award.tier] ||
        a.award.displayName.localeCompare(b.award.displayName, 'zh-Hans-CN') ||
        a.award.awardId.localeCompare(b.award.awardId),
    );
}

export interface OverdueAction extends OpenVisitAction {
  award: AwardRecord;
}

/** Open follow-up actions whose due date has passed (the staff dashboard), oldest due first. */
export async function listOverdueVisitActions(deps: Deps, actor: Actor): Promise<OverdueAction[]> {
  requireRole(actor, 'staff', 'supervisor');
  const today = todayOf(deps);
  const awards = await deps.store.listAwards();
  return awards
    .filter((award) => award.status === 'active')
    .flatMap((award) =>
      (award.openActions ?? []).filter((a) => isActionOverdue(a, today)).map((a) => ({ ...a, award })),
    )
    .sort(
      (a, b) => a.dueOn.localeCompare(b.dueOn) || a.visitId.localeCompare(b.visitId) || a.index - b.index,
    );
}
