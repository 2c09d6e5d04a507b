/**
 * A round's on-site and defence schedule: staff and discipline inspection see every slot; a
 * reviewer sees only the slots of panels they sit on (or lead), so the schedule discloses no other
 * applicant to them (Art. 28). None → an empty list.
 */
import type { Deps } from '../ports/deps.ts';
import type { Actor, ScheduleSlotRecord } from '../ports/records.ts';
import { hasRole } from './access.ts';
import { peopleOf } from './put-schedule-slot.ts';
import { assertRole, loadRound } from './rounds/support.ts';

/** The round's slots in start order (then stage, application). */
export async function listRoundSchedule(
  deps: Deps,
  actor: Actor,
  input: { roundId: string },
): Promise<ScheduleSlotRecord[]> {
  assertRole(actor, 'staff', 'supervisor', 'reviewer');
  const round = await loadRound(deps, input.roundId);
  const slots = await deps.store.listScheduleForRound(round.roundId);
  let visible = slots;
  if (!hasRole(actor, 'staff', 'supervisor')) {
    const own = await deps.store.listAssignmentsForReviewer(actor.sub, round.roundId);
    visible = slots.filter((slot) => peopleOf(slot, own).has(actor.sub));
  }
  return [...visible].sort(
    (a, b) =>
      a.startsAt.localeCompare(b.startsAt) ||
      a.stage.localeCompare(b.stage) ||
      a.applicationId.localeCompare(b.applicationId),
  );
}
