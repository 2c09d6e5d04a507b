/**
 * Staff and discipline inspection (Art. 13, 15) read every score sheet of an application, those of
 * withdrawn reviewers included: a sheet counts only while its reviewer is still (actively) assigned
 * to that stage — the ranking uses the counted sheets only (workflow/compute-ranking.ts).
 */
import type { ReviewStage } from '../domain/model.ts';
import type { Deps } from '../ports/deps.ts';
import type { Actor } from '../ports/records.ts';
import { loadApplication } from './review/context.ts';
import { assertRole } from './rounds/support.ts';

export interface ScoreSheetView {
  stage: ReviewStage;
  reviewerId: string;
  reviewerName: string;
  items: Record<string, number>;
  total: number;
  comment?: string;
  submittedAt: string;
  rubricVersion: string;
  counted: boolean;
}

/** The application's sheets in stage order, then by reviewer; NOT_FOUND for an unknown application. */
export async function listApplicationScores(
  deps: Deps,
  actor: Actor,
  input: { applicationId: string },
): Promise<ScoreSheetView[]> {
  assertRole(actor, 'staff', 'supervisor');
  const application = await loadApplication(deps, input.applicationId);
  const [scores, assignments] = await Promise.all([
    deps.store.listScoresForApplication(application.applicationId),
    deps.store.listAssignmentsForApplication(application.applicationId),
  ]);
  const active = new Set(
    assignments
      .filter((a) => a.status === 'active' && a.roundId === application.roundId)
      .map((a) => `${a.stage}#${a.reviewerId}`),
  );
  const profiles = await Promise.all(
    [...new Set(scores.map((s) => s.reviewerId))].map((id) => deps.store.getReviewer(id)),
  );
  const names = new Map(profiles.flatMap((p) => (p ? [[p.reviewerId, p.name] as const] : [])));
  return scores.map((s) => ({
    stage: s.stage,
    reviewerId: s.reviewerId,
    reviewerName: names.get(s.reviewerId) ?? s.reviewerId,
    items: s.items,
    total: s.total,
    ...(s.comment === undefined ? {} : { comment: s.comment }),
    submittedAt: s.updatedAt,
    rubricVersion: s.rubricVersion,
    counted: s.roundId === application.roundId && active.has(`${s.stage}#${s.reviewerId}`),
  }));
}
