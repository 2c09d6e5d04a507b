/**
 * One award as the office and its holder see it (Art. 19–22, 26): certificate number, validity,
 * what was issued and what must come back, and when it is next visited.
 */
import type { Deps } from '../ports/deps.ts';
import type { Actor } from '../ports/records.ts';
import {
  type AwardView,
  awardViewOf,
  loadVisibleAward,
  ordinalAt,
  rulebookOfRound,
} from './after-award/context.ts';
import { committedByThisRequest } from './earlier-request.ts';

export async function getAward(deps: Deps, actor: Actor, input: { awardId: string }): Promise<AwardView> {
  const award = await loadVisibleAward(deps, actor, input.awardId);
  const round = await deps.store.getRound(award.roundId);
  return awardViewOf(award, rulebookOfRound(round), await ordinalAt(deps, deps.clock.now()));
}

/**
 * Idempotency-Key retries of an issuance or a recovery: the award as it is now when an earlier run
 * of this request recorded it — a second run would refuse the item as issued or recovered already
 * (ILLEGAL_TRANSITION).
 */
export async function earlierAwardChange(
  deps: Deps,
  actor: Actor,
  awardId: string,
): Promise<AwardView | undefined> {
  return (await committedByThisRequest(deps, awardId)) ? getAward(deps, actor, { awardId }) : undefined;
}
