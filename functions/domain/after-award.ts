/**
 * The office's duties after the announcement (Art. 19–22, 25–27), as pure rules: certificate
 * numbers, an award's validity, what a revocation must recover, the article a revocation rests on,
 * and when an award is next visited. Dates are Beijing calendar dates (`YYYY-MM-DD`).
 */
import { DomainError } from './errors.ts';
import type { RevocationReason, Tier } from './model.ts';
import type { Rulebook } from './rulebook.ts';

/** Art. 19: what the city hands a winner, each recorded when issued. */
export const REWARD_ITEMS = ['trophy', 'certificate', 'bonus'] as const;
export type RewardItem = (typeof REWARD_ITEMS)[number];

export const REWARD_ITEM_LABELS: Readonly<Record<RewardItem, string>> = {
  trophy: '奖杯（牌）',
  certificate: '证书',
  bonus: '奖励金',
};

/** Art. 26: a visit's overall finding; `serious-concern` flags the award for staff, it revokes nothing. */
export const VISIT_RATINGS = ['good', 'needs-improvement', 'serious-concern'] as const;
export type VisitRating = (typeof VISIT_RATINGS)[number];

/** Art. 21: the higher awards the city matches. */
export const HIGHER_AWARDS = ['china-quality-award', 'shanxi-quality-award'] as const;
export type HigherAward = (typeof HIGHER_AWARDS)[number];

/** Art. 19: the one-time bonus of each tier, set on the round before approval. */
export type Rewards = Record<Tier, { bonusYuan: number }>;

/**
 * Art. 19: the certificate number of the `seq`-th winner (1-based) of a round approved in `year`,
 * from the rulebook's format, e.g. `并质奖〔2026〕第001号`.
 */
export function certificateNumber(
  rulebook: Pick<Rulebook, 'certificateNoFormat' | 'certificateSeqDigits'>,
  input: { year: number; ordinal: number; seq: number },
): string {
  return rulebook.certificateNoFormat
    .replaceAll('{year}', String(input.year))
    .replaceAll('{ordinal}', String(input.ordinal))
    .replaceAll('{seq}', String(input.seq).padStart(rulebook.certificateSeqDigits, '0'));
}

/** DESIGN.md "Validity of an award": an award of round N is valid through round N + 2 (both tiers). */
export const validThroughOrdinal = (
  ordinal: number,
  rulebook: Pick<Rulebook, 'awardValidityRounds'>,
): number => ordinal + rulebook.awardValidityRounds;

/**
 * The round in progress at `at`: the highest ordinal whose call had opened by then (0 before any).
 * An award is within its validity while this is at most its `validThroughOrdinal`.
 */
export function currentOrdinal(rounds: readonly { ordinal: number; callOpensAt: Date }[], at: Date): number {
  const opened = rounds.filter((r) => r.callOpensAt.getTime() <= at.getTime()).map((r) => r.ordinal);
  return Math.max(0, ...opened);
}

export const isWithinValidity = (award: { validThroughOrdinal: number }, ordinalNow: number): boolean =>
  ordinalNow <= award.validThroughOrdinal;

/** Art. 25 covers fraud (no time limit); Art. 27 the other reasons, within the validity only. */
export const revocationArticle = (reason: RevocationReason): 25 | 27 => (reason === 'fraud' ? 25 : 27);

/**
 * Art. 27 "获奖组织在有效期内发生下列情形之一": an Art. 27 reason is refused once the award's validity
 * has ended before the incident (judged by the round in progress when it occurred); fraud is not.
 */
export function assertRevocationWithinValidity(
  reason: RevocationReason,
  award: { validThroughOrdinal: number; ordinal: number },
  ordinalAtIncident: number,
): void {
  if (revocationArticle(reason) === 25 || isWithinValidity(award, ordinalAtIncident)) return;
  const message =
    `第${award.ordinal}届奖项的有效期至第${award.validThroughOrdinal}届，` +
    `第二十七条规定的撤销情形仅适用于有效期内发生的情形；弄虚作假（第二十五条）不受此限`;
  throw new DomainError('REVOCATION_REASON_NOT_APPLICABLE', message, [
    { path: 'reason', code: 'REVOCATION_REASON_NOT_APPLICABLE', message, article: '第二十七条' },
  ]);
}

/** Art. 25: a revoked award's items to recover are exactly those that were issued. */
export function itemsToRecover<T>(issuance: Partial<Record<RewardItem, T>>): RewardItem[] {
  return REWARD_ITEMS.filter((item) => issuance[item] !== undefined);
}

/**
 * The date `months` calendar months after `date`; without a corresponding day in the final month,
 * the month's last day (Civil Code Art. 202, as for years).
 */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(year, 4)}-${pad(month)}-${pad(Math.min(d, lastDay))}`;
}

/** Art. 26: the next visit is due `visitIntervalMonths` after the last visit, or after the announcement. */
export const nextVisitDue = (
  award: { awardedOn: string; lastVisitOn?: string | undefined },
  rulebook: Pick<Rulebook, 'visitIntervalMonths'>,
): string => addMonths(award.lastVisitOn ?? award.awardedOn, rulebook.visitIntervalMonths);

/** A follow-up action is overdue once its due date has passed (Beijing date `today`) and it is still open. */
export const isActionOverdue = (
  action: { dueOn: string; closedOn?: string | undefined },
  today: string,
): boolean => action.closedOn === undefined && action.dueOn < today;
