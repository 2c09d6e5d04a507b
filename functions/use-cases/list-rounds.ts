/** Every round, in the order of their ordinals (Art. 5: rounds are numbered). */
import type { Deps } from '../ports/deps.ts';
import type { Actor } from '../ports/records.ts';
import { type RoundView, viewOf } from './rounds/support.ts';

/** All rounds with their windows, sorted by ordinal; any signed-in user may read them. */
export async function listRounds(deps: Deps, _actor: Actor): Promise<RoundView[]> {
  const rounds = await deps.store.listRounds();
  const sorted = [...rounds].sort((a, b) => a.ordinal - b.ordinal);
  return Promise.all(sorted.map((round) => viewOf(deps, round)));
}
