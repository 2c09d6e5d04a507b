/**
 * Art. 18 (7), DESIGN.md §2 "Scoring": comprehensive evaluation. The applications still in review
 * become candidates; each stage score is the trimmed mean of the active reviewers' totals on the
 * round's rubric, the composite is the weighted sum of stage percentages with the round's weights,
 * and organizations and individuals are ranked together with the proposal of tiers (ranking.ts).
 * The ranking is stored and the round moves to the Leading Group's decision by itself.
 */
import type { ReviewStage } from '../../domain/model.ts';
import { REVIEW_STAGES } from '../../domain/model.ts';
import { type RankingCandidate, rankCandidates } from '../../domain/ranking.ts';
import { resultsItemsOf, rubricFor } from '../../domain/rubrics.ts';
import {
  compositePercent,
  DIVERGENT_SCORES_FLAG,
  pointsOf,
  roundForDisplay,
  stageScore,
} from '../../domain/scoring.ts';
import { stageIndex } from '../../domain/stages.ts';
import type { Deps } from '../../ports/deps.ts';
import {
  type ApplicationRecord,
  type AssignmentRecord,
  type RankingRecord,
  type RoundRecord,
  type ScoreRecord,
  type StageReviewSummary,
  type StoredRankingRow,
  SYSTEM_ACTOR,
} from '../../ports/records.ts';
import { rulebookOf } from '../applications/context.ts';
import { auditEvent } from '../audit.ts';
import { listRoundApplications, loadRound } from '../rounds/support.ts';
import { commitRoundChange, moveApplications, roundStageChange } from './bulk.ts';
import { stagePrecondition } from './open-window.ts';

/**
 * The stages whose score sheets carry the results-items tie-break, in order of preference: the
 * on-site review judges results first-hand (our interpretation of "then results items").
 */
const RESULTS_STAGES: readonly ReviewStage[] = ['onsite', 'material', 'defense'];

/** Ranks the round's candidates, stores the ranking and moves the round to `decision`. */
export async function computeRanking(deps: Deps, input: { roundId: string }): Promise<{ ranked: number }> {
  const round = await loadRound(deps, input.roundId);
  if (stageIndex(round.stage) > stageIndex('evaluation')) {
    return { ranked: (await deps.store.getRanking(round.roundId))?.rows.length ?? 0 };
  }
  if (round.stage !== 'evaluation') throw stagePrecondition(round, '不能进行综合评价');
  const now = deps.clock.now();

  // Art. 18 (7): those still in review (selected for on-site review and defence) are the candidates.
  await moveApplications(deps, round.roundId, {
    from: 'in-review',
    to: () => 'candidate',
    actor: 'system',
    stage: 'evaluation',
    now,
  });
  // DESIGN.md §5: one paginated Query for the candidates, one for the round's assignments and one
  // for its score sheets, however many candidates there are.
  const [applications, assignments, scores, reviewers] = await Promise.all([
    listRoundApplications(deps, round.roundId, 'candidate'),
    deps.store.listAssignmentsForRound(round.roundId),
    deps.store.listScoresForRound(round.roundId),
    deps.store.listReviewers(),
  ]);
  const reviewerNames = new Map(reviewers.map((r) => [r.reviewerId, r.name]));
  const assignmentsOf = groupByApplication(assignments);
  const scoresOf = groupByApplication(scores);
  const candidates = applications.map((application) =>
    candidateOf(
      round,
      application,
      assignmentsOf.get(application.applicationId) ?? [],
      scoresOf.get(application.applicationId) ?? [],
      reviewerNames,
    ),
  );
  const ranked = rankCandidates(candidates, {
    quotas: round.quotas,
    minimumPercent: round.minimumPercent,
    rubricVersion: round.rubricVersion,
  });
  const byId = new Map(candidates.map((c) => [c.applicationId, c]));
  const rows: StoredRankingRow[] = ranked.map((row) => {
    const candidate = byId.get(row.applicationId)!;
    return {
      applicationId: row.applicationId,
      category: row.category,
      displayName: row.displayName,
      stageScores: Object.fromEntries(
        REVIEW_STAGES.flatMap((stage) => {
          const points = row.stageScores[stage];
          return points === null ? [] : [[stage, points]];
        }),
      ),
      stagePercents: Object.fromEntries(
        Object.entries(candidate.stagePercents).map(([stage, percent]) => [stage, roundForDisplay(percent)]),
      ),
      compositePercent: row.compositePercent,
      rank: row.rank,
      proposedTier: row.proposedTier,
      flags: row.flags,
      stageReviews: candidate.stageReviews,
    };
  });

  await commitRoundChange(deps, round.roundId, async (fresh) => {
    if (fresh.stage !== 'evaluation') return null;
    const existing = await deps.store.getRanking(round.roundId);
    const ranking: RankingRecord = {
      version: existing?.version ?? 0,
      roundId: round.roundId,
      computedAt: now.toISOString(),
      rows,
    };
    const stage = roundStageChange(fresh, 'decision', 'system', now);
    return {
      changes: [{ op: 'put', entity: { type: 'ranking', record: ranking } }, ...stage.changes],
      audit: [
        auditEvent({
          entityType: 'round',
          entityId: round.roundId,
          verb: 'ranked',
          actor: SYSTEM_ACTOR,
          at: now,
          after: {
            candidates: rows.length,
            proposed: rows
              .filter((r) => r.proposedTier !== null)
              .map((r) => [r.applicationId, r.proposedTier]),
          },
        }),
        ...stage.audit,
      ],
    };
  });
  return { ranked: rows.length };
}

/** The round's records grouped by application, each group in the store's order. */
function groupByApplication<T extends { applicationId: string }>(records: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const record of records) {
    const group = groups.get(record.applicationId);
    if (group) group.push(record);
    else groups.set(record.applicationId, [record]);
  }
  return groups;
}

/** One candidate's stage scores from the sheets of its active reviewers (withdrawn ones do not count). */
function candidateOf(
  round: RoundRecord,
  application: ApplicationRecord,
  assignments: readonly AssignmentRecord[],
  scores: readonly ScoreRecord[],
  reviewerNames: ReadonlyMap<string, string>,
): RankingCandidate & { stageReviews: Partial<Record<ReviewStage, StageReviewSummary>> } {
  const rulebook = rulebookOf(round);
  const rubric = rubricFor(application.category, round.rubricVersion);
  const active = new Set(
    assignments
      .filter((a) => a.roundId === round.roundId && a.status === 'active')
      .map((a) => `${a.stage}#${a.reviewerId}`),
  );
  const sheets = (stage: ReviewStage): ScoreRecord[] =>
    scores.filter(
      (s) => s.stage === stage && s.roundId === round.roundId && active.has(`${s.stage}#${s.reviewerId}`),
    );

  const stageScores: Partial<Record<ReviewStage, number>> = {};
  const stagePercents: Partial<Record<ReviewStage, number>> = {};
  const flags = new Set<string>();
  const stageReviews: Partial<Record<ReviewStage, StageReviewSummary>> = {};
  for (const stage of REVIEW_STAGES) {
    const counted = sheets(stage);
    const score = stageScore(
      counted.map((s) => s.total),
      rubric.maxPoints,
      rulebook,
    );
    if (!score) continue;
    // What the ranking page shows per stage: each counted reviewer's total, the (trimmed) mean, the flag.
    stageReviews[stage] = {
      totals: counted.map((s) => ({
        reviewerId: s.reviewerId,
        reviewerName: reviewerNames.get(s.reviewerId) ?? s.reviewerId,
        total: s.total,
      })),
      score: roundForDisplay(score.score),
      trimmed: score.trimmed,
      spread: score.spread,
      divergent: score.divergent,
    };
    stageScores[stage] = score.score;
    stagePercents[stage] = score.percent;
    if (score.divergent) flags.add(DIVERGENT_SCORES_FLAG);
  }

  const resultsItemIds = resultsItemsOf(rubric).map((item) => item.itemId);
  const resultsSheets = RESULTS_STAGES.map(sheets).find((list) => list.length > 0) ?? [];
  const resultsItemsPoints =
    resultsSheets.length === 0
      ? 0
      : resultsSheets.reduce((sum, s) => sum + pointsOf(s.items, resultsItemIds), 0) / resultsSheets.length;

  return {
    applicationId: application.applicationId,
    category: application.category,
    displayName: application.displayName,
    stagePercents,
    stageScores,
    compositePercent: compositePercent(stagePercents, round.weights),
    onsitePercent: stagePercents.onsite ?? 0,
    resultsItemsPoints,
    submittedAt: new Date(application.submittedAt ?? application.createdAt),
    flags: [...flags],
    stageReviews,
  };
}
