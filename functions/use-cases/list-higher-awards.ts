/** Art. 21: the China / Shanxi Quality Award winners the city matched, by year (staff, supervisors). */
import type { Deps } from '../ports/deps.ts';
import type { Actor, HigherAwardRecord } from '../ports/records.ts';
import { requireRole } from './applications/context.ts';

export async function listHigherAwards(deps: Deps, actor: Actor): Promise<HigherAwardRecord[]> {
  requireRole(actor, 'staff', 'supervisor');
  return deps.store.listHigherAwards();
}
