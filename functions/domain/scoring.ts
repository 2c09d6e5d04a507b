/**
 * Scoring (DESIGN.md §2 "Scoring"): score sheets against a rubric, stage scores from reviewers'
 * totals, and the composite percentage. Full precision is kept for every comparison; rounding is
 * for display only (`roundForDisplay`).
 */
import { DomainError, type Finding } from './errors.ts';
import { REVIEW_STAGES, type ReviewStage, type StageWeights } from './model.ts';
import type { Rubric } from './rubrics.ts';
import type { Rulebook } from './rulebook.ts';

/** Flag set on a ranking row when a stage's reviewer totals spread beyond the divergence threshold. */
export const DIVERGENT_SCORES_FLAG = 'divergent-scores';

/** Chinese names of the scored review stages (Art. 18 (4)–(6)). */
export const REVIEW_STAGE_LABELS: Record<ReviewStage, string> = {
  material: '材料评审',
  onsite: '现场评审',
  defense: '陈述答辩',
};

/** Decimals shown for points and percentages. */
export const DISPLAY_DECIMALS = 2;

/** Differences below this are floating-point noise, not merit (sums of weighted percentages). */
export const COMPARISON_EPSILON = 1e-9;

export interface ScoreItemsOptions {
  /** false for an applicant's self-evaluation draft: items may be left out. Default true. */
  requireAll?: boolean;
}

export interface StageScore {
  /** Points: the trimmed mean of the reviewers' totals (or the plain mean below the threshold). */
  score: number;
  /** `score` as a percentage of the rubric maximum, 0..100, full precision. */
  percent: number;
  reviewerCount: number;
  /** Whether the highest and lowest totals were dropped. */
  trimmed: boolean;
  /** Highest total minus lowest total, over all reviewers. */
  spread: number;
  /** Spread above `divergenceThreshold` of the maximum: flagged for consensus. */
  divergent: boolean;
}

/**
 * Checks a score sheet (reviewer's scores or self-evaluation) against the rubric: whole points
 * within 0..item max, no unknown items and, unless `requireAll` is false, every item present.
 * Returns every finding at once.
 */
export function validateScoreItems(
  rubric: Rubric,
  items: Readonly<Record<string, number>>,
  options: ScoreItemsOptions = {},
): Finding[] {
  const requireAll = options.requireAll ?? true;
  const findings: Finding[] = [];
  const known = new Set(rubric.items.map((item) => item.itemId));
  for (const item of rubric.items) {
    const path = `items.${item.itemId}`;
    const name = `评分项「${item.itemId} ${item.title}」`;
    const range = `应为 0 至 ${item.maxPoints} 之间的整数`;
    if (!Object.hasOwn(items, item.itemId)) {
      if (requireAll) findings.push(outOfRange(path, `${name}未评分，${range}`));
      continue;
    }
    const value = items[item.itemId];
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      findings.push(outOfRange(path, `${name}的分值 ${String(value)} 不是整数，${range}`));
    } else if (value < 0 || value > item.maxPoints) {
      findings.push(outOfRange(path, `${name}的分值 ${value} 超出范围，${range}`));
    }
  }
  for (const itemId of Object.keys(items)) {
    if (!known.has(itemId)) {
      findings.push({
        path: `items.${itemId}`,
        code: 'VALIDATION_FAILED',
        message: `评分项 ${itemId} 不属于评分细则 ${rubric.version}（${rubric.title}）`,
        article: '第十七条',
      });
    }
  }
  return findings;
}

const outOfRange = (path: string, message: string): Finding => ({
  path,
  code: 'SCORE_OUT_OF_RANGE',
  message,
  article: '第十七条',
});

/**
 * Throws the findings of `validateScoreItems` as one DomainError: SCORE_OUT_OF_RANGE when any
 * score is missing or out of range, VALIDATION_FAILED when only unknown items are wrong.
 */
export function assertScoreItems(
  rubric: Rubric,
  items: Readonly<Record<string, number>>,
  options: ScoreItemsOptions = {},
): void {
  const findings = validateScoreItems(rubric, items, options);
  if (findings.length === 0) return;
  const code = findings.some((f) => f.code === 'SCORE_OUT_OF_RANGE')
    ? 'SCORE_OUT_OF_RANGE'
    : 'VALIDATION_FAILED';
  throw new DomainError(code, `评分表有 ${findings.length} 处不符合评分细则要求`, findings);
}

/** Sum of a score sheet's points. */
export const totalOf = (items: Readonly<Record<string, number>>): number =>
  Object.values(items).reduce((sum, points) => sum + points, 0);

/** Sum of the points a score sheet gives to `itemIds` (e.g. the results items of the rubric). */
export const pointsOf = (items: Readonly<Record<string, number>>, itemIds: Iterable<string>): number =>
  [...itemIds].reduce((sum, itemId) => sum + (items[itemId] ?? 0), 0);

/**
 * A stage's score from its reviewers' totals: trimmed mean (one highest and one lowest dropped)
 * from `trimmedMeanMinReviewers` reviewers on, plain mean below; null when nobody has scored.
 */
export function stageScore(
  totals: readonly number[],
  maxPoints: number,
  rulebook: Pick<Rulebook, 'trimmedMeanMinReviewers' | 'divergenceThreshold'>,
): StageScore | null {
  if (totals.length === 0) return null;
  const sorted = [...totals].sort((a, b) => a - b);
  const trimmed = sorted.length >= rulebook.trimmedMeanMinReviewers;
  const counted = trimmed ? sorted.slice(1, -1) : sorted;
  const score = counted.reduce((sum, total) => sum + total, 0) / counted.length;
  const spread = sorted[sorted.length - 1]! - sorted[0]!;
  return {
    score,
    percent: (score * 100) / maxPoints,
    reviewerCount: totals.length,
    trimmed,
    spread,
    // Exactly at the threshold is not divergent ("above 15%"); the epsilon absorbs products such as
    // 0.29 * 100 = 28.999999999999996.
    divergent: spread > rulebook.divergenceThreshold * maxPoints + COMPARISON_EPSILON,
  };
}

/**
 * Weighted sum of stage percentages (0..100). A stage the application never reached counts 0, so
 * applications eliminated before on-site review or defence still get a (lower) composite.
 */
export const compositePercent = (
  stagePercents: Readonly<Partial<Record<ReviewStage, number>>>,
  weights: Readonly<StageWeights>,
): number => REVIEW_STAGES.reduce((sum, stage) => sum + weights[stage] * (stagePercents[stage] ?? 0), 0);

/** Stage weights must be non-negative numbers summing to 1 (within 1e-9); throws VALIDATION_FAILED. */
export function validateWeights(weights: Readonly<StageWeights>): void {
  const findings: Finding[] = [];
  for (const stage of REVIEW_STAGES) {
    const weight = weights[stage];
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) {
      findings.push({
        path: `weights.${stage}`,
        code: 'VALIDATION_FAILED',
        message: `${REVIEW_STAGE_LABELS[stage]}阶段的权重应为不小于 0 的数，当前为 ${String(weight)}`,
      });
    }
  }
  if (findings.length === 0) {
    const sum = REVIEW_STAGES.reduce((total, stage) => total + weights[stage], 0);
    if (Math.abs(sum - 1) > 1e-9) {
      findings.push({
        path: 'weights',
        code: 'VALIDATION_FAILED',
        message: `材料评审、现场评审、陈述答辩三个阶段的权重之和应为 1，当前为 ${sum}`,
      });
    }
  }
  if (findings.length > 0) throw new DomainError('VALIDATION_FAILED', '评审阶段权重设置不正确', findings);
}

/** Rounds points or a percentage to `DISPLAY_DECIMALS` for display; never use it before comparing. */
export const roundForDisplay = (value: number): number => {
  const factor = 10 ** DISPLAY_DECIMALS;
  return Math.round(value * factor) / factor;
};

/**
 * Art. 17, 18 (2): an applicant's self-evaluation is scored on the round's rubric, the form the
 * reviewers use: only its items, each within 0..its maximum; items may be left out while drafting.
 * Every problem at once, at `selfEvaluation.items.{itemId}`, worded for the applicant.
 */
export function selfEvaluationFindings(rubric: Rubric, items: Readonly<Record<string, number>>): Finding[] {
  return validateScoreItems(rubric, items, { requireAll: false }).map((finding) => ({
    ...finding,
    path: `selfEvaluation.${finding.path}`,
    code: 'VALIDATION_FAILED',
    message: finding.message.replace(/^评分项/, '自评项'),
  }));
}

/** Throws the self-evaluation's findings as one VALIDATION_FAILED (400): the form is malformed, not ineligible. */
export function assertSelfEvaluation(rubric: Rubric, items: Readonly<Record<string, number>>): void {
  const findings = selfEvaluationFindings(rubric, items);
  if (findings.length === 0) return;
  throw new DomainError(
    'VALIDATION_FAILED',
    `自评有 ${findings.length} 处不符合评分细则（${rubric.version}）：${findings.map((f) => f.message).join('；')}`,
    findings,
  );
}
