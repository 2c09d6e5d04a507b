/**
 * Comprehensive evaluation and the Leading Group's decision (Art. 8, 18 (7)–(8); DESIGN.md §2
 * "Scoring"). Organizations and individuals are ranked together, because Art. 8 counts them
 * together against one quota per tier.
 */
import { DomainError, type Finding } from './errors.ts';
import {
  type Category,
  type MinimumPercent,
  type Quotas,
  REVIEW_STAGES,
  type ReviewStage,
  TIERS,
  type Tier,
} from './model.ts';
import { DEFAULT_RUBRIC_VERSION, resultsMaxPointsOf, rubricFor } from './rubrics.ts';
import { COMPARISON_EPSILON, roundForDisplay } from './scoring.ts';

export interface RankingCandidate {
  applicationId: string;
  category: Category;
  displayName: string;
  /** Stage percentages (0..100, full precision); a stage not reached is absent. */
  stagePercents: Partial<Record<ReviewStage, number>>;
  /** Stage scores in points (full precision); a stage not reached is absent. */
  stageScores: Partial<Record<ReviewStage, number>>;
  /** Weighted composite (`compositePercent` of scoring.ts), full precision. */
  compositePercent: number;
  /** First tie-break: the on-site stage percentage, 0 when the stage was not reached. */
  onsitePercent: number;
  /**
   * Second tie-break: points on the rubric's results items (`resultsItemsOf`): the 4.7 items for
   * organizations, `I3` 质量管理实践与成效 for individuals. Compared as a percentage of those items'
   * maximum, so the 400-point and 30-point scales are comparable.
   */
  resultsItemsPoints: number;
  /** Third tie-break: earlier submission first. */
  submittedAt: Date;
  flags: readonly string[];
}

export interface RankingRow {
  applicationId: string;
  category: Category;
  displayName: string;
  /** Points rounded for display; null for a stage not reached. */
  stageScores: Record<ReviewStage, number | null>;
  /** Rounded for display; the order is carried by `rank`. */
  compositePercent: number;
  /** 1..n, no shared ranks. */
  rank: number;
  proposedTier: Tier | null;
  flags: string[];
}

export interface RankingOptions {
  /** Art. 8: at most 5 award and 10 nomination per round (the round's quotas). */
  quotas: Quotas;
  /** Optional floor per tier: a candidate below it is not proposed for that tier (vacancies, Art. 8). */
  minimumPercent?: MinimumPercent;
  /** The round's rubric version, for the results items' maximum. */
  rubricVersion?: string;
}

export interface Decision {
  award: readonly string[];
  nomination: readonly string[];
}

export interface DecisionContext {
  quotas: Quotas;
  /** Application ids ranked in this round. */
  eligibleIds: ReadonlySet<string>;
  proposal: readonly Pick<RankingRow, 'applicationId' | 'proposedTier'>[];
  /** The Leading Group's note; required when the decision departs from the proposal. */
  reason?: string;
}

const TIER_LABELS: Record<Tier, string> = { award: '市政府质量奖', nomination: '市政府质量奖提名奖' };

/** Descending comparison of two full-precision numbers; differences within the epsilon are ties. */
const descending = (a: number, b: number): number => (Math.abs(a - b) <= COMPARISON_EPSILON ? 0 : b - a);

/**
 * Ranks candidates on the composite percentage and proposes tiers. Ties: higher on-site
 * percentage, then higher results-items percentage, then earlier submission; when even
 * `submittedAt` is equal the order falls back to `applicationId` (code-point order) so that the
 * ranking is deterministic. The proposal gives `award` to the first `quotas.award` candidates at or
 * above `minimumPercent.award`, then `nomination` to the next `quotas.nomination` at or above
 * `minimumPercent.nomination`; fewer or none is allowed (Art. 8).
 */
export function rankCandidates(
  candidates: readonly RankingCandidate[],
  options: RankingOptions,
): RankingRow[] {
  const version = options.rubricVersion ?? DEFAULT_RUBRIC_VERSION;
  const resultsMax: Record<Category, number> = {
    organization: resultsMaxPointsOf(rubricFor('organization', version)),
    individual: resultsMaxPointsOf(rubricFor('individual', version)),
  };
  const resultsPercent = (c: RankingCandidate): number =>
    (c.resultsItemsPoints / resultsMax[c.category]) * 100;
  const ordered = [...candidates].sort(
    (a, b) =>
      descending(a.compositePercent, b.compositePercent) ||
      descending(a.onsitePercent, b.onsitePercent) ||
      descending(resultsPercent(a), resultsPercent(b)) ||
      a.submittedAt.getTime() - b.submittedAt.getTime() ||
      (a.applicationId < b.applicationId ? -1 : a.applicationId > b.applicationId ? 1 : 0),
  );

  const proposed: Record<Tier, number> = { award: 0, nomination: 0 };
  const reaches = (c: RankingCandidate, tier: Tier): boolean =>
    proposed[tier] < options.quotas[tier] &&
    c.compositePercent >= (options.minimumPercent?.[tier] ?? Number.NEGATIVE_INFINITY) - COMPARISON_EPSILON;

  return ordered.map((c, index) => {
    // Award first, then nomination: the ranking is by composite, so each tier takes a contiguous run.
    const tier = TIERS.find((t) => reaches(c, t)) ?? null;
    if (tier) proposed[tier] += 1;
    const stageScores = Object.fromEntries(
      REVIEW_STAGES.map((stage) => {
        const points = c.stageScores[stage];
        return [stage, points === undefined ? null : roundForDisplay(points)];
      }),
    ) as Record<ReviewStage, number | null>;
    return {
      applicationId: c.applicationId,
      category: c.category,
      displayName: c.displayName,
      stageScores,
      compositePercent: roundForDisplay(c.compositePercent),
      rank: index + 1,
      proposedTier: tier,
      flags: [...c.flags],
    };
  });
}

/**
 * Checks the Leading Group's decision (Art. 8, 18 (7)): within the quotas (QUOTA_EXCEEDED), only
 * this round's candidates, each at most once (VALIDATION_FAILED), and with a reason when it
 * differs from the proposal. Returns whether it differs.
 */
export function validateDecision(decision: Decision, context: DecisionContext): { changed: boolean } {
  const quotaFindings: Finding[] = [];
  for (const tier of TIERS) {
    const count = decision[tier].length;
    if (count > context.quotas[tier]) {
      quotaFindings.push({
        path: tier,
        code: 'QUOTA_EXCEEDED',
        message: `${TIER_LABELS[tier]}拟定 ${count} 个，超过本届名额 ${context.quotas[tier]} 个（第八条：获奖组织和个人合计计算，可少额或空缺）`,
        article: '第八条',
      });
    }
  }
  if (quotaFindings.length > 0) {
    throw new DomainError('QUOTA_EXCEEDED', quotaFindings.map((f) => f.message).join('；'), quotaFindings);
  }

  const findings: Finding[] = [];
  const seen = new Map<string, Tier>();
  for (const tier of TIERS) {
    decision[tier].forEach((applicationId, index) => {
      const path = `${tier}.${index}`;
      const earlier = seen.get(applicationId);
      if (earlier === tier) {
        findings.push(invalid(path, `申报 ${applicationId} 在${TIER_LABELS[tier]}名单中重复出现`));
      } else if (earlier) {
        findings.push(
          invalid(
            path,
            `申报 ${applicationId} 不能同时列入${TIER_LABELS[earlier]}和${TIER_LABELS[tier]}名单`,
          ),
        );
      } else if (!context.eligibleIds.has(applicationId)) {
        findings.push(invalid(path, `申报 ${applicationId} 不是本届综合评价的候选对象`));
      }
      seen.set(applicationId, earlier ?? tier);
    });
  }
  if (findings.length > 0) throw new DomainError('VALIDATION_FAILED', '拟获奖名单不符合要求', findings);

  const changed = TIERS.some((tier) => {
    const proposedIds = new Set(
      context.proposal.filter((r) => r.proposedTier === tier).map((r) => r.applicationId),
    );
    return proposedIds.size !== decision[tier].length || decision[tier].some((id) => !proposedIds.has(id));
  });
  if (changed && !context.reason?.trim()) {
    throw new DomainError('VALIDATION_FAILED', '拟获奖名单与综合评价建议不一致，须说明调整理由', [
      invalid('note', '领导小组在名额内调整建议名单时，须填写调整理由'),
    ]);
  }
  return { changed };
}

const invalid = (path: string, message: string): Finding => ({
  path,
  code: 'VALIDATION_FAILED',
  message,
  article: '第八条',
});
