/**
 * The scheduler's timed waits (DESIGN.md §3): at `callClosesAt` the call-close wait is resumed and
 * the flow closes the call (Art. 18 (1)-(2)). Staff may have extended the call: the round's
 * `callClosesAt` is the truth, so a token whose `dueAt` is stale is left alone. The same sweep
 * resumes tokens stored as due now (a registration whose event had already happened), and claims
 * whose grace has passed (resume-wait.ts: an ender that died between its commit and the resume, or
 * a resume that failed).
 */
import { isDomainError } from '../../domain/errors.ts';
import type { Deps } from '../../ports/deps.ts';
import type { TaskTokenRecord } from '../../ports/records.ts';
import { isVersionConflict } from './bulk.ts';
import { consumeAndResume } from './resume-wait.ts';
import { inspectWait, parseWait } from './waits.ts';

export interface ResumeDueCallsResult {
  /** `{roundId}/{waitFor}` of each wait resumed by this run. */
  resumed: string[];
  /** Waits that could not be resumed now (kept for the next run), with the reason. */
  failed: { wait: string; error: string }[];
}

/** Consumes and resumes every stored wait that is due at `now` and whose event has happened. */
export async function resumeDueCalls(deps: Deps, now: Date): Promise<ResumeDueCallsResult> {
  const result: ResumeDueCallsResult = { resumed: [], failed: [] };
  for (const token of await deps.store.listTaskTokensDue(now.toISOString())) {
    const wait = `${token.roundId}/${token.waitFor}`;
    try {
      if (await resumeIfDue(deps, token, now)) result.resumed.push(wait);
    } catch (error) {
      result.failed.push({
        wait,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
    }
  }
  return result;
}

async function resumeIfDue(deps: Deps, token: TaskTokenRecord, now: Date): Promise<boolean> {
  let state: Awaited<ReturnType<typeof inspectWait>>;
  try {
    state = await inspectWait(deps, token.roundId, parseWait(token.waitFor), now);
  } catch (error) {
    if (!isDomainError(error) || (error.code !== 'NOT_FOUND' && error.code !== 'VALIDATION_FAILED'))
      throw error;
    // The round or window is gone, or the name is not a wait: nothing will ever end it, drop it.
    await deps.store
      .commit({ changes: [{ op: 'delete', entity: { type: 'task-token', record: token } }], audit: [] })
      .catch((deleteError: unknown) => {
        if (!isVersionConflict(deleteError)) throw deleteError;
      });
    return false;
  }
  if (!state.satisfied) return false;
  // Two overlapping sweeps both see the token; the conditional delete lets one of them resume it.
  return consumeAndResume(deps, token, state.output, now);
}
