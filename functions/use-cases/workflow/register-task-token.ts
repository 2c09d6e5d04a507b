/**
 * The first step of every callback wait of the round flow: store the task token under
 * (round, waitFor) so that the API call, the scheduler or the closer that ends the wait can consume
 * it exactly once. A token stored earlier for the same wait (a retried task, a timed-out wait
 * entered again) is replaced. When the store shows the awaited event has already happened (staff
 * were faster than the flow, a restarted flow), the flow is resumed at once.
 */
import { DomainError } from '../../domain/errors.ts';
import type { Deps } from '../../ports/deps.ts';
import type { TaskTokenRecord } from '../../ports/records.ts';
import type { Change } from '../../ports/store.ts';
import { isVersionConflict } from './bulk.ts';
import { consumeAndResume } from './resume-wait.ts';
import { inspectWait, parseWait } from './waits.ts';

export interface RegisterTaskTokenInput {
  roundId: string;
  /** The wait's name (waits.ts `waitName`). */
  waitFor: string;
  /** `$$.Task.Token` of the waiting task. */
  token: string;
  /** When the scheduler should resume it; the call-close wait takes the round's `callClosesAt`. */
  dueAt?: string;
}

export interface RegisterTaskTokenResult {
  waitFor: string;
  /** The token is stored for whoever ends the wait. */
  stored: boolean;
  /** The flow was resumed already (the awaited event had happened). */
  resumed: boolean;
}

/** Registrations that meet a concurrent change of their guard look again this many times. */
const ATTEMPTS = 5;

/** Stores (or replaces) the wait's token, or resumes the flow at once when its event has happened. */
export async function registerTaskToken(
  deps: Deps,
  input: RegisterTaskTokenInput,
): Promise<RegisterTaskTokenResult> {
  const wait = parseWait(input.waitFor);
  for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
    const now = deps.clock.now();
    const state = await inspectWait(deps, input.roundId, wait, now);
    const existing = await deps.store.getTaskToken(input.roundId, input.waitFor);
    if (state.satisfied) return resumeAtOnce(deps, input, state.output, existing, now);

    const dueAt = state.dueAt ?? input.dueAt;
    const record: TaskTokenRecord = {
      version: existing?.version ?? 0,
      roundId: input.roundId,
      waitFor: input.waitFor,
      token: input.token,
      ...(dueAt ? { dueAt } : {}),
      createdAt: now.toISOString(),
    };
    const changes: Change[] = [{ op: 'put', entity: { type: 'task-token', record } }];
    // Written back unchanged: whoever ends the wait writes the same record, so exactly one of us
    // sees the other (the API finds the token, or we find the stage already moved).
    if (state.guard) changes.push({ op: 'put', entity: state.guard });
    try {
      await deps.store.commit({ changes, audit: [] });
    } catch (error) {
      if (isVersionConflict(error)) continue;
      throw error;
    }
    // A wait ended without writing the guard (the leader's decision record) may have ended meanwhile.
    const after = await inspectWait(deps, input.roundId, wait, deps.clock.now());
    const resumed =
      after.satisfied &&
      (await consumeAndResume(deps, { ...record, version: record.version + 1 }, after.output, now));
    return { waitFor: input.waitFor, stored: !resumed, resumed };
  }
  throw new DomainError('VERSION_CONFLICT', `流程等待项“${input.waitFor}”登记时数据反复变化，请稍后重试`);
}

async function resumeAtOnce(
  deps: Deps,
  input: RegisterTaskTokenInput,
  output: Record<string, unknown>,
  existing: TaskTokenRecord | null,
  now: Date,
): Promise<RegisterTaskTokenResult> {
  if (await deps.workflow.resume(input.token, output)) {
    // A token stored by an earlier attempt of this wait is dead now; drop it so nobody resumes it.
    if (existing) {
      await deps.store
        .commit({ changes: [{ op: 'delete', entity: { type: 'task-token', record: existing } }], audit: [] })
        .catch((error: unknown) => {
          if (!isVersionConflict(error)) throw error;
        });
    }
    return { waitFor: input.waitFor, stored: false, resumed: true };
  }
  // The engine did not take the token yet (some accept it only once this invocation returns):
  // store it due now, and the scheduler's sweep resumes it on its next run.
  const record: TaskTokenRecord = {
    version: existing?.version ?? 0,
    roundId: input.roundId,
    waitFor: input.waitFor,
    token: input.token,
    dueAt: now.toISOString(),
    createdAt: now.toISOString(),
  };
  await deps.store.commit({ changes: [{ op: 'put', entity: { type: 'task-token', record } }], audit: [] });
  return { waitFor: input.waitFor, stored: true, resumed: false };
}
