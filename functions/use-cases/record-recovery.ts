/**
 * Art. 25: a revoked award's trophy, certificate and bonus are recovered. The revocation listed
 * what must come back (only what was issued); each recovery is recorded once with its date.
 */
import { REWARD_ITEM_LABELS, type RewardItem } from '../domain/after-award.ts';
import { isCalendarDate } from '../domain/calendar.ts';
import { DomainError } from '../domain/errors.ts';
import type { Deps } from '../ports/deps.ts';
import type { Actor, AwardRecord, RecoveryEntry } from '../ports/records.ts';
import {
  type AwardView,
  awardViewOf,
  invalid,
  loadAward,
  ordinalAt,
  rulebookOfRound,
} from './after-award/context.ts';
import { requireRole } from './applications/context.ts';
import { auditEvent } from './audit.ts';

export interface RecordRecoveryInput {
  awardId: string;
  item: RewardItem;
  on: string;
  amountYuan?: number | undefined;
  note?: string | undefined;
}

export async function recordRecovery(
  deps: Deps,
  actor: Actor,
  input: RecordRecoveryInput,
): Promise<AwardView> {
  requireRole(actor, 'staff');
  const award = await loadAward(deps, input.awardId);
  const label = REWARD_ITEM_LABELS[input.item];
  if (award.status !== 'revoked') {
    throw new DomainError(
      'NOT_REVOKED',
      `“${award.displayName}”的奖项未被撤销，无需收回${label}（第二十五条）`,
    );
  }
  const due = award.recovery?.[input.item];
  if (!due) {
    const message = `该奖项的${label}从未发放，没有可收回的${label}`;
    throw new DomainError('NOTHING_TO_RECOVER', message, [
      { path: 'item', code: 'NOTHING_TO_RECOVER', message },
    ]);
  }
  if (due.on !== undefined) {
    throw new DomainError('ILLEGAL_TRANSITION', `${label}已于 ${due.on} 收回，不能重复登记`);
  }
  if (!isCalendarDate(input.on))
    throw invalid('收回日期无效', [{ path: 'on', message: '收回日期应为 YYYY-MM-DD 格式的有效日期' }]);
  const recovered: RecoveryEntry = {
    ...due,
    on: input.on,
    by: actor.sub,
    ...(input.item === 'bonus' ? { recoveredAmountYuan: input.amountYuan ?? due.amountYuan } : {}),
    ...(input.note?.trim() ? { note: input.note.trim() } : {}),
  };
  const now = deps.clock.now();
  const updated: AwardRecord = { ...award, recovery: { ...award.recovery, [input.item]: recovered } };
  await deps.store.commit({
    changes: [{ op: 'put', entity: { type: 'award', record: updated } }],
    audit: [
      auditEvent({
        entityType: 'award',
        entityId: award.awardId,
        verb: `${input.item}-recovered`,
        actor,
        at: now,
        after: { roundId: award.roundId, item: input.item, ...recovered },
      }),
    ],
  });
  const round = await deps.store.getRound(award.roundId);
  return awardViewOf(
    { ...updated, version: updated.version + 1 },
    rulebookOfRound(round),
    await ordinalAt(deps, now),
  );
}
