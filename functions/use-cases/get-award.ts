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

export async function getAward(deps: Deps, actor: Actor, input: { awardId: string }): Promise<AwardView> {
  const award = await loadVisibleAward(deps, actor, input.awardId);
  const round = await deps.store.getRound(award.roundId);
  return awardViewOf(award, rulebookOfRound(round), await ordinalAt(deps, deps.clock.now()));
}
