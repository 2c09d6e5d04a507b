/**
 * Bans counted in rounds (Art. 6, 25, 27). A sanction bars its subject from applying in the rounds
 * `barredFromOrdinal..barredThroughOrdinal` (inclusive). A `nomination` winner gets no sanction at
 * all (Art. 6: 提名奖 winners may apply again); reviewer disqualification (Art. 29) never bars an
 * application.
 */

import { DomainError } from './errors.ts';
import { normalizeCreditCode, normalizeIdNumber } from './identifiers.ts';
import type {
  ApplicationBody,
  Category,
  RevocationReason,
  Sanction,
  SanctionSubject,
  Tier,
} from './model.ts';
import type { Rulebook } from './rulebook.ts';

export type BanRange = Pick<Sanction, 'barredFromOrdinal' | 'barredThroughOrdinal'>;

/** Art. 6: an `award` winner of round N may not apply in the next rounds (N+1 … N+2 by default). */
export const awardHolderBan = (roundOrdinal: number, rulebook: Rulebook): BanRange => ({
  barredFromOrdinal: roundOrdinal + 1,
  barredThroughOrdinal: roundOrdinal + rulebook.awardHolderBanRounds,
});

/** Art. 6: the ban a winner of `tier` gets; null for `nomination`, whose winners may apply again. */
export const winnerBan = (tier: Tier, roundOrdinal: number, rulebook: Rulebook): BanRange | null =>
  tier === 'award' ? awardHolderBan(roundOrdinal, rulebook) : null;

/** Art. 25, 27: a revoked winner may not apply from `nextOrdinal` for 3 rounds (inclusive). */
export const revocationBan = (nextOrdinal: number, rulebook: Rulebook): BanRange => ({
  barredFromOrdinal: nextOrdinal,
  barredThroughOrdinal: nextOrdinal + rulebook.revocationBanRounds - 1,
});

/**
 * Art. 25, 27 (our reading): the ban starts with the first round whose call opens after the
 * revocation, i.e. 1 + the highest ordinal whose call opened at or before `revokedAt` (1 if none).
 */
export function nextOrdinalAfterRevocation(
  rounds: readonly { ordinal: number; callOpensAt: Date }[],
  revokedAt: Date,
): number {
  const opened = rounds.filter((r) => r.callOpensAt.getTime() <= revokedAt.getTime()).map((r) => r.ordinal);
  return Math.max(0, ...opened) + 1;
}

/** Whether a sanction can bar an application at all (reviewer disqualification cannot, Art. 29). */
const barsApplications = (sanction: Sanction): boolean =>
  sanction.kind !== 'reviewer-disqualified' && sanction.subject.type !== 'reviewer';

/** The sanctions that bar any of `subjectKeys` (credit codes or ID-number HMACs) in round `ordinal`. */
export function bansAffecting(
  sanctions: readonly Sanction[],
  subjectKeys: readonly string[],
  ordinal: number,
): Sanction[] {
  const keys = new Set(subjectKeys);
  return sanctions.filter(
    (s) =>
      barsApplications(s) &&
      keys.has(s.subject.key) &&
      s.barredFromOrdinal <= ordinal &&
      ordinal <= s.barredThroughOrdinal,
  );
}

/**
 * The ban subjects of an application: its credit code, or the HMAC of each member's ID number
 * (DESIGN.md §2: one barred member bars a joint application).
 */
export function sanctionSubjectsOf(
  body: ApplicationBody,
  hashIdNumber: (idNumber: string) => string,
): SanctionSubject[] {
  if (body.category === 'organization') {
    return [{ type: 'organization', key: normalizeCreditCode(body.organization.creditCode) }];
  }
  return body.members.map((m) => ({ type: 'individual', key: hashIdNumber(normalizeIdNumber(m.idNumber)) }));
}

/** The article a sanction rests on, in the Measures' wording (`第六条`, `第二十五条` …). */
export function sanctionArticle(sanction: Sanction): string {
  if (sanction.kind === 'award-holder') return '第六条';
  if (sanction.kind === 'reviewer-disqualified') return '第二十九条';
  if (sanction.reason === 'fraud') return '第二十五条';
  if (['major-accident', 'mark-misuse', 'serious-violation'].includes(sanction.reason)) return '第二十七条';
  return '第二十五条、第二十七条';
}

/** A Chinese sentence describing the ban, e.g. `因获得市政府质量奖，第3届至第4届不得申报（第六条）`. */
export function describeBan(sanction: Sanction): string {
  const rounds = `第${sanction.barredFromOrdinal}届至第${sanction.barredThroughOrdinal}届`;
  const cause: Record<Sanction['kind'], string> = {
    'award-holder': '因获得市政府质量奖',
    revoked: '因市政府质量奖奖项被撤销',
    'reviewer-disqualified': '因被取消评选资格',
  };
  const effect = sanction.kind === 'reviewer-disqualified' ? '不得参与评审' : '不得申报市政府质量奖';
  return `${cause[sanction.kind]}，${rounds}${effect}（${sanctionArticle(sanction)}）`;
}

/** Chinese names of the revocation reasons, with the article each rests on. */
export const REVOCATION_REASON_LABELS: Readonly<Record<RevocationReason, string>> = {
  fraud: '弄虚作假、采取不正当手段骗取荣誉（第二十五条）',
  'major-accident': '发生重大质量、安全、环保、卫生等事故（第二十七条）',
  'mark-misuse': '违规使用市政府质量奖标识，拒绝履行相关责任义务（第二十七条）',
  'serious-violation': '有其他严重违反法律、法规行为（第二十七条）',
};

/**
 * Art. 25 (fraud) covers organizations and individuals; Art. 27 (major accident, misuse of the award
 * mark, serious violation during the award's validity) names 获奖组织 only, so an individual's award
 * cannot be revoked on those grounds. The Measures win over the brief here (README).
 */
export function assertRevocationReason(category: Category, reason: RevocationReason): void {
  if (category === 'organization' || reason === 'fraud') return;
  const message =
    '第二十七条规定的撤销情形（重大事故、违规使用奖励标识、严重违反法律法规）仅适用于获奖组织；' +
    '个人奖项只能依第二十五条因弄虚作假被撤销';
  throw new DomainError('REVOCATION_REASON_NOT_APPLICABLE', message, [
    { path: 'reason', code: 'REVOCATION_REASON_NOT_APPLICABLE', message, article: '第二十七条' },
  ]);
}
