/**
 * Ending a wait of the round flow: its stored token is consumed exactly once, then the flow resumed;
 * a resume that fails puts the token back due now, so the sweep's next run tries again.
 */
import { isDomainError } from '../../domain/errors.ts';
import type { Deps } from '../../ports/deps.ts';
import type { TaskTokenRecord } from '../../ports/records.ts';

/**
 * Consumes a stored token (a delete conditional on the version read, so of two consumers only one
 * succeeds) and resumes the flow with `output`. False when someone else consumed it first or the
 * flow no longer knows the token. When resuming fails (Step Functions unreachable), the token is
 * put back due at `now` and the error rethrown: the next sweep tries again, nothing is lost.
 */
export async function consumeAndResume(
  deps: Pick<Deps, 'store' | 'workflow'>,
  token: TaskTokenRecord,
  output: unknown,
  now: Date,
): Promise<boolean> {
  try {
    await deps.store.commit({
      changes: [{ op: 'delete', entity: { type: 'task-token', record: token } }],
      audit: [],
    });
  } catch (error) {
    if (isDomainError(error) && error.code === 'VERSION_CONFLICT') return false;
    throw error;
  }
  return resumeOrRestore(deps, token, output, now);
}

/**
 * Resumes the flow with a token already consumed; if that fails, stores the token again (due at
 * `now`, so the sweep retries it) and rethrows.
 */
export async function resumeOrRestore(
  deps: Pick<Deps, 'store' | 'workflow'>,
  token: TaskTokenRecord,
  output: unknown,
  now: Date,
): Promise<boolean> {
  try {
    return await deps.workflow.resume(token.token, output);
  } catch (error) {
    const restored: TaskTokenRecord = { ...token, version: 0, dueAt: now.toISOString() };
    await deps.store
      .commit({ changes: [{ op: 'put', entity: { type: 'task-token', record: restored } }], audit: [] })
      .catch(() => undefined);
    throw error;
  }
}
