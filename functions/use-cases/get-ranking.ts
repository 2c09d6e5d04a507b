/**
 * Art. 18 (7): the comprehensive evaluation's ranking, computed by the flow's ranking task, read by
 * staff, the Leading Group and discipline inspection (Art. 12, 13, 15).
 */
import { DomainError } from '../domain/errors.ts';
import { REVIEW_STAGES, type ReviewStage } from '../domain/model.ts';
import type { RankingRow } from '../domain/ranking.ts';
import type { Deps } from '../ports/deps.ts';
import type { Actor, StageReviewSummary } from '../ports/records.ts';
import { assertRole, loadRound } from './rounds/support.ts';

/** A ranking row with what its stage scores came from (API.md allows added fields). */
export interface RankedRow extends RankingRow {
  divergentStages: ReviewStage[];
  stageReviews?: Partial<Record<ReviewStage, StageReviewSummary>>;
}

/** The stored ranking in rank order; STAGE_PRECONDITION_FAILED while it has not been computed. */
export async function getRanking(deps: Deps, actor: Actor, input: { roundId: string }): Promise<RankedRow[]> {
  assertRole(actor, 'staff', 'leader', 'supervisor');
  const round = await loadRound(deps, input.roundId);
  const ranking = await deps.store.getRanking(round.roundId);
  if (!ranking) throw new DomainError('STAGE_PRECONDITION_FAILED', '排名尚未生成（综合评价完成后自动计算）');
  return [...ranking.rows]
    .sort((a, b) => a.rank - b.rank)
    .map((row) => ({
      applicationId: row.applicationId,
      category: row.category,
      displayName: row.displayName,
      stageScores: Object.fromEntries(REVIEW_STAGES.map((s) => [s, row.stageScores[s] ?? null])) as Record<
        ReviewStage,
        number | null
      >,
      compositePercent: row.compositePercent,
      rank: row.rank,
      proposedTier: row.proposedTier ?? null,
      flags: [...row.flags],
      // The divergence flag names its stages, and the page shows what each stage score came from.
      divergentStages: REVIEW_STAGES.filter((s) => row.stageReviews?.[s]?.divergent),
      ...(row.stageReviews ? { stageReviews: row.stageReviews } : {}),
    }));
}
