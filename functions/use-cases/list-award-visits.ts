/** Art. 26: an award's visits (staff, supervisors), each action overdue or not by the platform clock. */
import type { Deps } from '../ports/deps.ts';
import type { Actor, VisitRecord } from '../ports/records.ts';
import { loadAward } from './after-award/context.ts';
import { requireRole } from './applications/context.ts';

export async function listAwardVisits(
  deps: Deps,
  actor: Actor,
  input: { awardId: string },
): Promise<VisitRecord[]> {
  requireRole(actor, 'staff', 'supervisor');
  await loadAward(deps, input.awardId);
  return deps.store.listVisitsForAward(input.awardId);
}
