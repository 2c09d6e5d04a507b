/**
 * Publishes a publicity window (Art. 18 (3), (8)): the accepted list once staff end qualification
 * review (qualified → accepted), or the proposed winners once the Leading Group has decided
 * (candidate → proposed with its tier, or not-awarded; the round moves to winner-publicity). The
 * window closes at 24:00 Beijing time of the Nth working day (publicity.ts, calendar.ts), with the
 * calendar version stored. Applications move first, in batches; the window is created last, with
 * the round, so a stored window means its list is complete — and a second run returns it unchanged.
 */
import { DomainError } from '../../domain/errors.ts';
import type { Tier } from '../../domain/model.ts';
import { openWindow, type WindowEntry, type WindowKind } from '../../domain/publicity.ts';
import { ROUND_STAGE_LABELS } from '../../domain/stages.ts';
import type { Deps } from '../../ports/deps.ts';
import {
  type ApplicationRecord,
  type RoundRecord,
  SYSTEM_ACTOR,
  type WindowRecord,
  type WindowStatus,
} from '../../ports/records.ts';
import type { UnitOfWork } from '../../ports/store.ts';
import { rulebookOf } from '../applications/context.ts';
import { auditEvent } from '../audit.ts';
import { loadWorkingCalendar } from '../load-working-calendar.ts';
import { notifyWindowOpened } from '../notifications/bulk-notices.ts';
import { listRoundApplications, loadRound } from '../rounds/support.ts';
import { commitRoundChange, moveApplications, roundStageChange } from './bulk.ts';
import { windowIdOf } from './waits.ts';

/** A window as the flow sees it ($.window in the state machine). */
export interface WindowState {
  windowId: string;
  kind: WindowKind;
  status: WindowStatus;
  closesAt: string;
  pendingObjections: number;
}

const WINDOW_LABELS: Record<WindowKind, string> = { accepted: '受理名单', winners: '拟获奖名单' };

/** The window's state with its count of pending objections. */
export async function windowStateOf(deps: Pick<Deps, 'store'>, window: WindowRecord): Promise<WindowState> {
  const objections = await deps.store.listObjectionsForWindow(window.windowId);
  return {
    windowId: window.windowId,
    kind: window.kind,
    status: window.status,
    closesAt: window.closesAt,
    pendingObjections: objections.filter((o) => o.status === 'pending').length,
  };
}

/** STAGE_PRECONDITION_FAILED naming the stage the round is in. */
export const stagePrecondition = (round: RoundRecord, what: string): DomainError =>
  new DomainError(
    'STAGE_PRECONDITION_FAILED',
    `第${round.ordinal}届当前阶段为“${ROUND_STAGE_LABELS[round.stage]}”，${what}`,
  );

const entryOf = (application: ApplicationRecord, tier?: Tier): WindowEntry => ({
  applicationId: application.applicationId,
  displayName: application.displayName,
  category: application.category,
  ...(tier ? { tier } : {}),
});

/** Opens the round's window of `kind` (or returns it when it exists). */
export async function openPublicityWindow(
  deps: Deps,
  input: { roundId: string; kind: WindowKind },
): Promise<WindowState> {
  const windowId = windowIdOf(input.roundId, input.kind);
  const existing = await deps.store.getWindow(windowId);
  if (existing) {
    // A re-run after a crash completes the notices an earlier run may not have written.
    await notifyWindowOpened(deps, existing);
    return windowStateOf(deps, existing);
  }

  const round = await loadRound(deps, input.roundId);
  const now = deps.clock.now();
  const entries =
    input.kind === 'accepted' ? await acceptList(deps, round, now) : await proposeWinners(deps, round, now);
  const opened = openWindow({
    windowId,
    roundId: round.roundId,
    kind: input.kind,
    entries,
    publishedAt: now,
    calendar: await loadWorkingCalendar(deps),
    rulebook: rulebookOf(round),
  });
  const window: WindowRecord = {
    version: 0,
    windowId,
    roundId: round.roundId,
    kind: input.kind,
    opensAt: opened.opensAt.toISOString(),
    closesAt: opened.closesAt.toISOString(),
    minimumClosesAt: opened.minimumClosesAt.toISOString(),
    calendarVersion: opened.calendarVersion,
    status: 'open',
    entries: opened.entries,
    struck: [],
  };

  await commitRoundChange(deps, round.roundId, async (fresh): Promise<UnitOfWork | null> => {
    if (await deps.store.getWindow(windowId)) return null;
    const windowIds = fresh.windowIds.includes(windowId) ? fresh.windowIds : [...fresh.windowIds, windowId];
    // Art. 18 (8): publishing the proposed winners is the move decision → winner-publicity.
    const roundUnit: UnitOfWork =
      input.kind === 'winners'
        ? roundStageChange(fresh, 'winner-publicity', 'system', now, { windowIds })
        : { changes: [{ op: 'put', entity: { type: 'round', record: { ...fresh, windowIds } } }], audit: [] };
    return {
      changes: [{ op: 'put', entity: { type: 'window', record: window } }, ...roundUnit.changes],
      audit: [
        auditEvent({
          entityType: 'window',
          entityId: windowId,
          verb: 'opened',
          actor: SYSTEM_ACTOR,
          at: now,
          after: {
            roundId: round.roundId,
            kind: input.kind,
            opensAt: window.opensAt,
            closesAt: window.closesAt,
            calendarVersion: window.calendarVersion,
            entries: window.entries.length,
          },
        }),
        ...roundUnit.audit,
      ],
    };
  });
  const stored = (await deps.store.getWindow(windowId)) ?? window;
  await notifyWindowOpened(deps, stored);
  return windowStateOf(deps, stored);
}

/** Art. 18 (3): the qualified applications become the accepted list (staff already moved the stage). */
async function acceptList(deps: Deps, round: RoundRecord, now: Date): Promise<WindowEntry[]> {
  if (round.stage !== 'accepted-publicity') {
    throw stagePrecondition(round, `不能发布${WINDOW_LABELS.accepted}公示`);
  }
  await moveApplications(deps, round.roundId, {
    from: 'qualified',
    to: () => 'accepted',
    actor: 'system',
    stage: 'accepted-publicity',
    now,
  });
  return (await listRoundApplications(deps, round.roundId, 'accepted')).map((a) => entryOf(a));
}

/**
 * Art. 18 (8): the Leading Group's decision (DecisionRecord) makes each candidate proposed with its
 * tier, or not awarded; the list shows `award` first, then `nomination`, each in the decision's order.
 */
async function proposeWinners(deps: Deps, round: RoundRecord, now: Date): Promise<WindowEntry[]> {
  if (round.stage !== 'decision') throw stagePrecondition(round, `不能发布${WINDOW_LABELS.winners}公示`);
  const decision = await deps.store.getDecision(round.roundId);
  if (!decision) throw stagePrecondition(round, '领导小组尚未审定拟获奖名单');
  const order = [...decision.award, ...decision.nomination];
  const tiers = new Map<string, Tier>([
    ...decision.award.map((id): [string, Tier] => [id, 'award']),
    ...decision.nomination.map((id): [string, Tier] => [id, 'nomination']),
  ]);
  await moveApplications(deps, round.roundId, {
    from: 'candidate',
    to: (a) => (tiers.has(a.applicationId) ? 'proposed' : 'not-awarded'),
    actor: 'system',
    stage: 'decision',
    now,
    patch: (a, to) => (to === 'proposed' ? { tier: tiers.get(a.applicationId)! } : {}),
  });
  const proposed = await listRoundApplications(deps, round.roundId, 'proposed');
  return proposed
    .filter((a) => tiers.has(a.applicationId))
    .sort((a, b) => order.indexOf(a.applicationId) - order.indexOf(b.applicationId))
    .map((a) => entryOf(a, tiers.get(a.applicationId)));
}
