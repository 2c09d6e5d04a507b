/**
 * Art. 19–20: the trophy, the certificate and the one-time bonus are handed over and accounted for:
 * each is recorded once with its date, the bonus with its payment voucher and amount (by default
 * the round's bonus for the award's tier). A revoked award gets nothing more.
 */
import { REWARD_ITEM_LABELS, type RewardItem } from '../domain/after-award.ts';
import { isCalendarDate } from '../domain/calendar.ts';
import { DomainError } from '../domain/errors.ts';
import type { Deps } from '../ports/deps.ts';
import type { Actor, AwardRecord, Issuance } from '../ports/records.ts';
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

export interface RecordIssuanceInput {
  awardId: string;
  item: RewardItem;
  on: string;
  amountYuan?: number | undefined;
  voucherNo?: string | undefined;
}

export async function recordIssuance(
  deps: Deps,
  actor: Actor,
  input: RecordIssuanceInput,
): Promise<AwardView> {
  requireRole(actor, 'staff');
  const award = await loadAward(deps, input.awardId);
  if (award.status === 'revoked') {
    throw new DomainError(
      'ILLEGAL_TRANSITION',
      `“${award.displayName}”的奖项已被撤销，不能再发放${REWARD_ITEM_LABELS[input.item]}`,
    );
  }
  if (award.issuance?.[input.item]) {
    throw new DomainError(
      'ILLEGAL_TRANSITION',
      `${REWARD_ITEM_LABELS[input.item]}已于 ${award.issuance[input.item]?.on} 发放，不能重复登记`,
    );
  }
  if (!isCalendarDate(input.on))
    throw invalid('发放日期无效', [{ path: 'on', message: '发放日期应为 YYYY-MM-DD 格式的有效日期' }]);
  if (input.on < award.awardedOn) {
    throw invalid('发放日期早于批准日期', [
      { path: 'on', message: `发放日期不能早于市政府批准日期 ${award.awardedOn}` },
    ]);
  }
  const round = await deps.store.getRound(award.roundId);
  const issuance: Issuance = { ...award.issuance };
  if (input.item === 'bonus') {
    const amountYuan = input.amountYuan ?? round?.rewards?.[award.tier].bonusYuan;
    const voucherNo = input.voucherNo?.trim();
    const findings: { path: string; message: string }[] = [];
    if (amountYuan === undefined)
      findings.push({ path: 'amountYuan', message: '本届未设定该等次的奖励金额，请填写发放金额（元）' });
    if (!voucherNo) findings.push({ path: 'voucherNo', message: '发放奖励金须填写付款凭证号' });
    if (findings.length > 0 || amountYuan === undefined || !voucherNo)
      throw invalid('奖励金发放信息不完整', findings);
    issuance.bonus = { on: input.on, amountYuan, voucherNo, by: actor.sub };
  } else {
    issuance[input.item] = { on: input.on, by: actor.sub };
  }
  const now = deps.clock.now();
  const updated: AwardRecord = { ...award, issuance };
  await deps.store.commit({
    changes: [{ op: 'put', entity: { type: 'award', record: updated } }],
    audit: [
      auditEvent({
        entityType: 'award',
        entityId: award.awardId,
        verb: `${input.item}-issued`,
        actor,
        at: now,
        after: { roundId: award.roundId, item: input.item, ...issuance[input.item] },
      }),
    ],
  });
  return awardViewOf(
    { ...updated, version: updated.version + 1 },
    rulebookOfRound(round),
    await ordinalAt(deps, now),
  );
}
