/**
 * The Measures as data (Art. 31: valid 5 years from 2022-10-15). A round is fixed to one rulebook
 * version when it opens; a round whose call falls outside the validity needs a new version.
 */
import { DomainError } from './errors.ts';
import type { Quotas, StageWeights } from './model.ts';

export interface Rulebook {
  version: string;
  title: string;
  /** First day in force (Art. 31), Beijing date. */
  effectiveFrom: string;
  /** Last day in force, Beijing date, inclusive. */
  effectiveThrough: string;
  /** Art. 8: per round, organizations and individuals counted together. */
  quotas: Quotas;
  /** Art. 6: an `award` winner may not apply in the next N rounds. */
  awardHolderBanRounds: number;
  /** Art. 25, 27: a revoked winner may not apply in the next N rounds. */
  revocationBanRounds: number;
  /** Art. 18 (3), (8): publicity lasts at least N working days. */
  publicityWorkingDays: number;
  /** Art. 9 (1): registered in Taiyuan and operating at least N years. */
  minOperatingYears: number;
  /** Art. 11 (1): in quality work at least N years. */
  minQualityWorkYears: number;
  /** Art. 11: at most N people apply jointly. */
  maxJointApplicants: number;
  /** Art. 9 (1): administrative-division prefix of Taiyuan in credit codes and ID numbers. */
  divisionPrefix: string;
  /** Conflict of interest: a former employer within N years counts (our interpretation). */
  conflictLookbackYears: number;
  /** Scoring interpretation: spread of reviewers' totals above this share of the maximum is flagged. */
  divergenceThreshold: number;
  /** Scoring interpretation: drop highest and lowest totals from this many reviewers on. */
  trimmedMeanMinReviewers: number;
  /** Default stage weights of the composite, fixed per round when it opens. */
  defaultWeights: StageWeights;
  /** Typical gap between rounds (Art. 5 "原则上每 3 年评选一届"); informational. */
  roundIntervalYears: number;
  /**
   * Art. 27 "有效期" (our reading, DESIGN.md "Validity of an award"): an award of round N is valid
   * through round N + this many rounds, the span of the Art. 6 ban, for both tiers.
   */
  awardValidityRounds: number;
  /** Art. 26: each valid award is visited at least every N months from its announcement. */
  visitIntervalMonths: number;
  /**
   * Art. 19: the certificate number, `{year}` the approval year, `{ordinal}` the round, `{seq}` the
   * winner's place in the round (award tier first, then the decision's order), padded to `seqDigits`.
   */
  certificateNoFormat: string;
  certificateSeqDigits: number;
}

export const RULEBOOK_2022: Rulebook = {
  version: 'TY-QA-2022',
  title: '太原市政府质量奖管理办法（2022年10月15日起施行）',
  effectiveFrom: '2022-10-15',
  effectiveThrough: '2027-10-14',
  quotas: { award: 5, nomination: 10 },
  awardHolderBanRounds: 2,
  revocationBanRounds: 3,
  publicityWorkingDays: 5,
  minOperatingYears: 3,
  minQualityWorkYears: 3,
  maxJointApplicants: 3,
  divisionPrefix: '1401',
  conflictLookbackYears: 3,
  divergenceThreshold: 0.15,
  trimmedMeanMinReviewers: 5,
  defaultWeights: { material: 0.3, onsite: 0.5, defense: 0.2 },
  roundIntervalYears: 3,
  awardValidityRounds: 2,
  visitIntervalMonths: 12,
  certificateNoFormat: '并质奖〔{year}〕第{seq}号',
  certificateSeqDigits: 3,
};

export const RULEBOOKS: readonly Rulebook[] = [RULEBOOK_2022];

/**
 * Art. 31: the rulebook in force for a call running from `opensOn` to `closesOn` (Beijing dates).
 * The whole call must fall inside one version's validity.
 */
export function rulebookForCall(
  opensOn: string,
  closesOn: string,
  rulebooks: readonly Rulebook[] = RULEBOOKS,
): Rulebook {
  const found = rulebooks.find((r) => r.effectiveFrom <= opensOn && closesOn <= r.effectiveThrough);
  if (!found) {
    throw new DomainError(
      'RULEBOOK_NOT_IN_FORCE',
      `申报期 ${opensOn} 至 ${closesOn} 不在任何有效的评选办法版本有效期内（第三十一条），需先发布新版本办法`,
    );
  }
  return found;
}
