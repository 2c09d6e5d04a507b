/** One round with its publicity windows. */
import type { Deps } from '../ports/deps.ts';
import type { Actor } from '../ports/records.ts';
import { type RoundView, reloadView } from './rounds/support.ts';

/** The round, or NOT_FOUND; any signed-in user may read it. */
export async function getRound(deps: Deps, _actor: Actor, input: { roundId: string }): Promise<RoundView> {
  return reloadView(deps, input.roundId);
}
