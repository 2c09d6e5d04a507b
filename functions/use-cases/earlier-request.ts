/**
 * Idempotency-Key retries of writes that change records (route.ts `recover`): did an earlier run
 * of this very request commit? Its commits stamped their audit events with the request's id
 * (http.ts `requestDeps`, request-ids.ts `REQUEST_ID_PREFIX`), so the entity's audit chain answers
 * — and a retry after a crash between the commit and the stored response answers the record as it
 * is now instead of running the write a second time (advancing two stages, a second score sheet,
 * a second extension entry).
 */

import type { ReviewStage } from '../domain/model.ts';
import type { Deps } from '../ports/deps.ts';
import { REQUEST_ID_PREFIX } from '../ports/ids.ts';
import type { Actor, DecisionRecord } from '../ports/records.ts';
import { type RoundView, reloadView } from './rounds/support.ts';

/** True when `entityId`'s audit chain holds an entry written by this request (`deps.ids` from its key). */
export async function committedByThisRequest(deps: Pick<Deps, 'ids' | 'store'>, entityId: string) {
  const requestId = deps.ids.next(REQUEST_ID_PREFIX);
  const entries = await deps.store.listAudit(entityId);
  return entries.some((entry) => entry.requestId === requestId);
}

/** A change to a round (advance, call extension, approval): the round as it is now. */
export async function earlierRoundChange(deps: Deps, roundId: string): Promise<RoundView | undefined> {
  return (await committedByThisRequest(deps, roundId)) ? reloadView(deps, roundId) : undefined;
}

/** The Leading Group's decision, as `recordDecision` answers it. */
export async function earlierDecision(
  deps: Deps,
  roundId: string,
): Promise<(RoundView & { decision: DecisionRecord }) | undefined> {
  if (!(await committedByThisRequest(deps, roundId))) return undefined;
  const decision = await deps.store.getDecision(roundId);
  return decision ? { ...(await reloadView(deps, roundId)), decision } : undefined;
}

/** The reviewer's profile as it is now (`PUT /v1/reviewers/{id}`). */
export async function earlierReviewer(deps: Deps, reviewerId: string) {
  return (await committedByThisRequest(deps, reviewerId))
    ? ((await deps.store.getReviewer(reviewerId)) ?? undefined)
    : undefined;
}

/** The caller's score sheet of the stage: a retry must not record it a second time. */
export async function earlierScore(deps: Deps, actor: Actor, applicationId: string, stage: ReviewStage) {
  if (!(await committedByThisRequest(deps, applicationId))) return undefined;
  const scores = await deps.store.listScoresForApplication(applicationId, stage);
  return scores.find((s) => s.reviewerId === actor.sub);
}

/** The caller's declared conflict and the assignments it withdrew, as `declareConflict` answers. */
export async function earlierConflictDeclaration(deps: Deps, actor: Actor, applicationId: string) {
  if (!(await committedByThisRequest(deps, applicationId))) return undefined;
  const conflict = (await deps.store.listConflictsForApplication(applicationId)).find(
    (c) => c.reviewerId === actor.sub && c.kind === 'declared',
  );
  if (!conflict) return undefined;
  const withdrawn = (await deps.store.listAssignmentsForApplication(applicationId)).filter(
    (a) => a.reviewerId === actor.sub && a.status === 'withdrawn' && a.withdrawnAt === conflict.at,
  );
  return { conflict, withdrawn };
}

/** The dismissal of an automatic conflict. */
export async function earlierDismissal(deps: Deps, applicationId: string, reviewerId: string) {
  if (!(await committedByThisRequest(deps, applicationId))) return undefined;
  return (await deps.store.listConflictsForApplication(applicationId)).find(
    (c) => c.reviewerId === reviewerId && c.kind === 'dismissed',
  );
}

/** The objection as resolved. */
export async function earlierResolution(deps: Deps, objectionId: string) {
  return (await committedByThisRequest(deps, objectionId))
    ? ((await deps.store.getObjection(objectionId)) ?? undefined)
    : undefined;
}

/** The window as extended: a retry must not extend it again. */
export async function earlierExtension(deps: Deps, windowId: string) {
  return (await committedByThisRequest(deps, windowId))
    ? ((await deps.store.getWindow(windowId)) ?? undefined)
    : undefined;
}
