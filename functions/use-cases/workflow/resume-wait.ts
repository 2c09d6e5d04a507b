/**
 * Ending a wait of the round flow, exactly once and never lost. Whoever ends a wait (an API call,
 * the scheduler's sweep, the window closer) does not delete the flow's stored token in its commit:
 * it *claims* it — rewrites it, conditional on the version read, with `resumingSince` and a `dueAt`
 * one grace period ahead — and only after the flow took the token does it delete the claim. Of two
 * enders only one claim succeeds; and an ender that dies between its commit and the resume (a
 * Lambda timing out, a killed process) leaves the claim due, so the sweep (resume-due-calls.ts)
 * resumes the flow a grace period later instead of leaving it waiting until its timeout. A flow
 * that took the token already rejects it the second time (`resume` answers false): harmless.
 */
import type { Deps } from '../../ports/deps.ts';
import type { TaskTokenRecord } from '../../ports/records.ts';
import type { Change } from '../../ports/store.ts';
import { isVersionConflict } from './bulk.ts';

/**
 * How long a claim is left to its claimer before the sweep resumes the flow itself: longer than
 * an API function runs (29 s at the gateway), and the sweep runs every minute.
 */
export const RESUME_GRACE_MS = 2 * 60_000;

/** A token claimed by someone else who is resuming the flow: not for another ender to take. */
export const isClaimed = (token: TaskTokenRecord): boolean => token.resumingSince !== undefined;

/**
 * The change that claims `token` at `now` (conditional on its version), and the claim as it will be
 * stored — hand that to `resumeClaimed` after the commit.
 */
export function claimWait(token: TaskTokenRecord, now: Date): { claim: TaskTokenRecord; change: Change } {
  const record: TaskTokenRecord = {
    ...token,
    resumingSince: now.toISOString(),
    dueAt: new Date(now.getTime() + RESUME_GRACE_MS).toISOString(),
  };
  return {
    claim: { ...record, version: token.version + 1 },
    change: { op: 'put', entity: { type: 'task-token', record } },
  };
}

/**
 * Resumes the flow with a claimed token, then deletes the claim (unless the flow registered a newer
 * token under the same wait meanwhile). When the flow cannot be reached the error is rethrown and
 * the claim stays, due at its `dueAt`: the sweep tries again then, nothing is lost.
 */
export async function resumeClaimed(
  deps: Pick<Deps, 'store' | 'workflow'>,
  claim: TaskTokenRecord,
  output: unknown,
): Promise<boolean> {
  const resumed = await deps.workflow.resume(claim.token, output);
  await deps.store
    .commit({ changes: [{ op: 'delete', entity: { type: 'task-token', record: claim } }], audit: [] })
    .catch((error: unknown) => {
      if (!isVersionConflict(error)) throw error;
    });
  return resumed;
}

/**
 * Claims a stored token on its own and resumes the flow with `output`. False when someone else
 * claimed it first or the flow no longer knows the token.
 */
export async function consumeAndResume(
  deps: Pick<Deps, 'store' | 'workflow'>,
  token: TaskTokenRecord,
  output: unknown,
  now: Date,
): Promise<boolean> {
  const { claim, change } = claimWait(token, now);
  try {
    await deps.store.commit({ changes: [change], audit: [] });
  } catch (error) {
    if (isVersionConflict(error)) return false;
    throw error;
  }
  return resumeClaimed(deps, claim, output);
}

/**
 * The task token the round flow registered for `waitFor`, claimed at `now` (`claimWait`: conditional on the version read, so only one ender takes it), with the change that
 * stores the claim in the caller's commit; after the commit, `resumeClaimed(deps, token, output)`.
 * Both are undefined while the flow is not waiting, or while someone else's claim is resuming it.
 */
export async function consumeTaskToken(
  deps: Deps,
  roundId: string,
  waitFor: string,
  now: Date,
): Promise<{ token?: TaskTokenRecord; changes: Change[] }> {
  const token = await deps.store.getTaskToken(roundId, waitFor);
  if (!token || isClaimed(token)) return { changes: [] };
  const { claim, change } = claimWait(token, now);
  return { token: claim, changes: [change] };
}
