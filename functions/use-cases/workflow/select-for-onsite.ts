/**
 * Art. 18 (4)-(5): the material-review report names the applications that go on to on-site review
 * (staff's `advance` to onsite-review stores them as `selectedForOnsite`); the others in review are
 * not selected. The flow applies the list, in batches, after the move.
 */
import { stageIndex } from '../../domain/stages.ts';
import type { Deps } from '../../ports/deps.ts';
import { loadRound } from '../rounds/support.ts';
import { moveApplications } from './bulk.ts';
import { stagePrecondition } from './open-window.ts';

/** Moves the applications in review that staff did not select to `not-selected`. */
export async function selectForOnsite(
  deps: Deps,
  input: { roundId: string },
): Promise<{ notSelected: number }> {
  const round = await loadRound(deps, input.roundId);
  if (stageIndex(round.stage) > stageIndex('onsite-review')) return { notSelected: 0 };
  if (round.stage !== 'onsite-review' || round.selectedForOnsite === undefined) {
    throw stagePrecondition(round, '尚未确定进入现场评审的名单');
  }
  const selected = new Set(round.selectedForOnsite);
  const notSelected = await moveApplications(deps, round.roundId, {
    from: 'in-review',
    to: (application) => (selected.has(application.applicationId) ? null : 'not-selected'),
    // The list is staff's decision (the `advance` call); the flow only writes it down.
    actor: 'staff',
    stage: 'onsite-review',
    now: deps.clock.now(),
  });
  return { notSelected };
}
