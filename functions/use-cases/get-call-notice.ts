/** The office reads back the call notice it wrote on a round, with each form's verification state. */
import type { Deps } from '../ports/deps.ts';
import type { Actor, CallNoticeRecord } from '../ports/records.ts';
import { notFound } from './access.ts';
import { requireRole } from './applications/context.ts';
import { loadRound } from './rounds/support.ts';

/** The round's call notice; NOT_FOUND until one is written. */
export async function getCallNotice(
  deps: Deps,
  actor: Actor,
  input: { roundId: string },
): Promise<CallNoticeRecord> {
  requireRole(actor, 'staff', 'supervisor');
  const round = await loadRound(deps, input.roundId);
  if (!round.callNotice) throw notFound('申报通知');
  return round.callNotice;
}
