/**
 * A reviewer's work list (Art. 18 (4)–(6)): the applications they are actively assigned to, with
 * what the portal needs to open them and whether the stage is open for scoring now. Only names
 * and categories are shown here; the application itself is read through its own route (Art. 28).
 */
import { type Category, REVIEW_STAGES, type ReviewStage } from '../domain/model.ts';
import type { Deps } from '../ports/deps.ts';
import type { Actor, ApplicationRecord, AssignmentRecord, RoundRecord } from '../ports/records.ts';
import { requireRole } from './applications/context.ts';
import { isReviewStageOpen } from './review/context.ts';

export interface MyAssignment {
  roundId: string;
  roundOrdinal?: number;
  applicationId: string;
  displayName: string;
  category: Category;
  stage: ReviewStage;
  assignedAt: string;
  /** True while the round is in this stage and the application is in review. */
  open: boolean;
  /** Whether the reviewer has stored a score sheet for this stage. */
  scored: boolean;
}

/** The actor's active assignments, newest round first, then by application name. */
export async function listMyAssignments(deps: Deps, actor: Actor): Promise<MyAssignment[]> {
  requireRole(actor, 'reviewer');
  const assignments = (await deps.store.listAssignmentsForReviewer(actor.sub)).filter(
    (a) => a.status === 'active',
  );
  const applicationIds = [...new Set(assignments.map((a) => a.applicationId))];
  const roundIds = [...new Set(assignments.map((a) => a.roundId))];
  const [applications, rounds, scoreLists] = await Promise.all([
    Promise.all(applicationIds.map((id) => deps.store.getApplication(id))),
    Promise.all(roundIds.map((id) => deps.store.getRound(id))),
    Promise.all(applicationIds.map((id) => deps.store.listScoresForApplication(id))),
  ]);
  const applicationById = new Map(
    applications.filter((a): a is ApplicationRecord => a !== null).map((a) => [a.applicationId, a]),
  );
  const roundById = new Map(rounds.filter((r): r is RoundRecord => r !== null).map((r) => [r.roundId, r]));
  const scored = new Set(
    scoreLists
      .flat()
      .filter((s) => s.reviewerId === actor.sub)
      .map((s) => `${s.applicationId}#${s.stage}`),
  );
  const items = assignments.flatMap((a: AssignmentRecord): MyAssignment[] => {
    const application = applicationById.get(a.applicationId);
    if (!application) return [];
    const round = roundById.get(a.roundId);
    return [
      {
        roundId: a.roundId,
        ...(round ? { roundOrdinal: round.ordinal } : {}),
        applicationId: a.applicationId,
        displayName: application.displayName,
        category: application.category,
        stage: a.stage,
        assignedAt: a.assignedAt,
        open: !!round && isReviewStageOpen(round, a.stage) && application.status === 'in-review',
        scored: scored.has(`${a.applicationId}#${a.stage}`),
      },
    ];
  });
  return items.sort(
    (a, b) =>
      (b.roundOrdinal ?? 0) - (a.roundOrdinal ?? 0) ||
      a.displayName.localeCompare(b.displayName, 'zh-Hans-CN') ||
      REVIEW_STAGES.indexOf(a.stage) - REVIEW_STAGES.indexOf(b.stage),
  );
}
