/**
 * Art. 19: the one-time bonus of each tier is set on the round before the city government's
 * approval (DESIGN.md "Rewards"); once announced, the amounts are what was approved and stay.
 */
import type { Rewards } from '../domain/after-award.ts';
import { DomainError } from '../domain/errors.ts';
import type { Deps } from '../ports/deps.ts';
import type { Actor, RoundRecord } from '../ports/records.ts';
import { auditEvent } from './audit.ts';
import { assertRole, loadRound, type RoundView, reloadView } from './rounds/support.ts';

export async function setRoundRewards(
  deps: Deps,
  actor: Actor,
  input: { roundId: string; rewards: Rewards },
): Promise<RoundView> {
  assertRole(actor, 'staff');
  const round = await loadRound(deps, input.roundId);
  if (round.stage === 'announced') {
    throw new DomainError('STAGE_CLOSED', '市政府已批准并公告，奖励金额不能再修改（第十九条）');
  }
  const now = deps.clock.now();
  const updated: RoundRecord = { ...round, rewards: input.rewards };
  await deps.store.commit({
    changes: [{ op: 'put', entity: { type: 'round', record: updated } }],
    audit: [
      auditEvent({
        entityType: 'round',
        entityId: round.roundId,
        verb: 'rewards-changed',
        actor,
        at: now,
        ...(round.rewards ? { before: { rewards: round.rewards } } : {}),
        after: { rewards: input.rewards },
      }),
    ],
  });
  return reloadView(deps, round.roundId);
}
