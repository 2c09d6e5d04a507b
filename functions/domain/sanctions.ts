/**
 * Bans counted in rounds (Art. 6, 25, 27). A sanction bars its subject from applying in the rounds
 * `barredFromOrdinal..barredThroughOrdinal` (inclusive). A `nomination` winner gets no sanction at
 * all (Art. 6: 提名奖 winners may apply again); reviewer disqualification (Art. 29) never bars an
 * application.
 */
import { normalizeCreditCode, normalizeIdNumber } from './identifiers.ts';
import type { ApplicationBody, Sanction, SanctionSubject, Tier } from './model.ts';
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
