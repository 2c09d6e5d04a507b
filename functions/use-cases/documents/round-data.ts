/**
 * What a round's exports are made of, read once: every request is a paginated Query (DESIGN.md §5,
 * no Scan), drafts left out (a draft is its applicant's alone until submitted, PIPL Art. 29).
 */

import type { Deps } from '../../ports/deps.ts';
import type { ApplicationRecord, AssignmentRecord, AuditEntry, ScoreRecord } from '../../ports/records.ts';
import { listRoundApplications, loadRound, mapInBatches } from '../rounds/support.ts';

/** A draft, or a draft withdrawn before it was ever submitted: nobody but its owner processes it. */
export const isDraftOnly = (application: ApplicationRecord): boolean =>
  application.status === 'draft' || (application.status === 'withdrawn' && !application.submittedAt);

export async function submittedApplications(deps: Deps, roundId: string): Promise<ApplicationRecord[]> {
  return (await listRoundApplications(deps, roundId)).filter((a) => !isDraftOnly(a));
}

/**
 * Whether a sheet counts: its reviewer's assignment to that application and stage is still active
 * (a withdrawn reviewer's sheet no longer counts, API.md v2) — the rule the ranking applies
 * (workflow/compute-ranking.ts) and `GET /v1/applications/{id}/scores` shows as `counted`.
 */
export function countedSheets(assignments: readonly AssignmentRecord[]): (sheet: ScoreRecord) => boolean {
  const active = new Set(
    assignments
      .filter((a) => a.status === 'active')
      .map((a) => `${a.applicationId}#${a.stage}#${a.reviewerId}`),
  );
  return (sheet) => active.has(`${sheet.applicationId}#${sheet.stage}#${sheet.reviewerId}`);
}

export type RoundData = Awaited<ReturnType<typeof loadRoundData>>;

/** Everything the exports and the archive of a round show. */
export async function loadRoundData(deps: Deps, roundId: string) {
  const round = await loadRound(deps, roundId);
  const [applications, assignments, scores, ranking, decision, objections, awards, reviewers] =
    await Promise.all([
      submittedApplications(deps, roundId),
      deps.store.listAssignmentsForRound(roundId),
      deps.store.listScoresForRound(roundId),
      deps.store.getRanking(roundId),
      deps.store.getDecision(roundId),
      deps.store.listObjectionsForRound(roundId),
      deps.store.listAwards(roundId),
      deps.store.listReviewers(),
    ]);
  const windows = (
    await Promise.all(round.windowIds.map((windowId) => deps.store.getWindow(windowId)))
  ).filter((w) => w !== null);
  return {
    round,
    applications,
    assignments,
    scores,
    ranking,
    decision,
    objections,
    awards,
    windows,
    reviewerNames: new Map(reviewers.map((r) => [r.reviewerId, r.name])),
  };
}

/**
 * The round's audit trail as whole chains: the entities the round's entries name (one index Query,
 * paged), then each entity's chain from genesis (one Query each), so every chain in an export
 * verifies on its own (README "Verifying an exported audit chain by hand").
 */
export async function roundAuditTrail(deps: Deps, roundId: string): Promise<AuditEntry[]> {
  const entityIds = new Set<string>([roundId]);
  let nextToken: string | undefined;
  do {
    const page = await deps.store.searchAudit({ roundId }, nextToken ? { nextToken } : {});
    for (const entry of page.items) entityIds.add(entry.entityId);
    nextToken = page.nextToken;
  } while (nextToken);
  const chains = await mapInBatches([...entityIds].sort(), (entityId) => deps.store.listAudit(entityId));
  return chains.flat();
}
