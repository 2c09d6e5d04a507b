/**
 * Staff and discipline inspection (Art. 13, 15) browse a round's panels: every assignment, withdrawn
 * ones included with their status and reason, optionally of one stage or one reviewer, with whether
 * the reviewer has stored a sheet.
 */
import type { ReviewStage } from '../domain/model.ts';
import type { Deps } from '../ports/deps.ts';
import type { Actor, AssignmentRecord } from '../ports/records.ts';
import { assertRole, loadRound } from './rounds/support.ts';

export interface RoundAssignment extends Omit<AssignmentRecord, 'version'> {
  reviewerName: string;
  scored: boolean;
}

/** One Query for the assignments (by round, or by reviewer), one for the sheets, one for the names. */
export async function listRoundAssignments(
  deps: Deps,
  actor: Actor,
  input: { roundId: string; stage?: ReviewStage; reviewerId?: string },
): Promise<RoundAssignment[]> {
  assertRole(actor, 'staff', 'supervisor');
  const round = await loadRound(deps, input.roundId);
  const [assignments, scores, reviewers] = await Promise.all([
    input.reviewerId === undefined
      ? deps.store.listAssignmentsForRound(round.roundId, input.stage)
      : deps.store.listAssignmentsForReviewer(input.reviewerId, round.roundId),
    deps.store.listScoresForRound(round.roundId, input.stage),
    deps.store.listReviewers(),
  ]);
  const names = new Map(reviewers.map((r) => [r.reviewerId, r.name]));
  const scored = new Set(scores.map((s) => `${s.stage}#${s.applicationId}#${s.reviewerId}`));
  return assignments
    .filter((a) => input.stage === undefined || a.stage === input.stage)
    .map(({ version: _version, ...a }) => ({
      ...a,
      reviewerName: names.get(a.reviewerId) ?? a.reviewerId,
      scored: scored.has(`${a.stage}#${a.applicationId}#${a.reviewerId}`),
    }));
}
