/**
 * The round flow's callback waits (statemachines/round-flow.asl.json): their names, and what each
 * one waits for as read from the store. DynamoDB is the source of truth, so a wait whose event has
 * already happened (staff advanced the stage before the flow reached its wait, a restarted flow,
 * a race with the closer) is recognised here and resumed at once instead of hanging.
 */
import { DomainError, isDomainError } from '../../domain/errors.ts';
import { ROUND_STAGES, type RoundStage } from '../../domain/model.ts';
import type { WindowKind } from '../../domain/publicity.ts';
import { stageIndex } from '../../domain/stages.ts';
import type { Deps } from '../../ports/deps.ts';
import type { TaskTokenRecord } from '../../ports/records.ts';
import type { StoredEntity } from '../../ports/store.ts';
import { closeWaitFor, objectionsWaitFor } from '../review/context.ts';
import { CALL_CLOSE_WAIT, stageWait } from '../rounds/support.ts';

export { CALL_CLOSE_WAIT, closeWaitFor, objectionsWaitFor, stageWait };

/** The wait after a failed task: its token is resumed by its timeout (or by an operator). */
export const RETRY_WAIT = 'retry';

/** A round has one window of each kind, so its id is derived: opening it twice cannot make two. */
export const windowIdOf = (roundId: string, kind: WindowKind): string => `${roundId}-${kind}`;

export type Wait =
  | { kind: 'call-close' }
  | { kind: 'stage'; stage: RoundStage }
  | { kind: 'window-close'; windowId: string }
  | { kind: 'window-objections'; windowId: string }
  | { kind: 'retry' };

const WINDOW_WAIT = /^window:(.+):(close|objections)$/;

/** Reads a `waitFor` name (`call-close`, `stage:{stage}`, `window:{id}:close|objections`, `retry`). */
export function parseWait(waitFor: string): Wait {
  if (waitFor === CALL_CLOSE_WAIT) return { kind: 'call-close' };
  if (waitFor === RETRY_WAIT) return { kind: 'retry' };
  if (waitFor.startsWith('stage:')) {
    const stage = waitFor.slice('stage:'.length);
    if ((ROUND_STAGES as readonly string[]).includes(stage))
      return { kind: 'stage', stage: stage as RoundStage };
  }
  const window = WINDOW_WAIT.exec(waitFor);
  if (window) {
    const windowId = window[1]!;
    return window[2] === 'close'
      ? { kind: 'window-close', windowId }
      : { kind: 'window-objections', windowId };
  }
  throw new DomainError('VALIDATION_FAILED', `未知的流程等待项“${waitFor}”`, [
    { path: 'waitFor', code: 'VALIDATION_FAILED', message: `未知的流程等待项“${waitFor}”` },
  ]);
}

/** What the store says about a wait right now. */
export interface WaitState {
  /** The awaited event has already happened: the flow may go on at once. */
  satisfied: boolean;
  /** What the flow is resumed with. */
  output: Record<string, unknown>;
  /**
   * The record whose version serializes the registration of the token with whoever ends the wait
   * (the round for stage waits and the call, the window for window waits): it is written back
   * unchanged with the token, so one of two concurrent writers fails and looks again.
   */
  guard?: StoredEntity;
  /** For the timed call-close wait: when the scheduler resumes it. */
  dueAt?: string;
}

/** Inspects the store for `wait` of `roundId` at `now`. NOT_FOUND when the round or window is gone. */
export async function inspectWait(
  deps: Pick<Deps, 'store'>,
  roundId: string,
  wait: Wait,
  now: Date,
): Promise<WaitState> {
  if (wait.kind === 'retry') return { satisfied: false, output: {} };
  if (wait.kind === 'window-close' || wait.kind === 'window-objections') {
    const window = await deps.store.getWindow(wait.windowId);
    if (!window || window.roundId !== roundId) {
      throw new DomainError('NOT_FOUND', `公示 ${wait.windowId} 不存在`);
    }
    const objections = await deps.store.listObjectionsForWindow(window.windowId);
    const pendingObjections = objections.filter((o) => o.status === 'pending').length;
    const satisfied = wait.kind === 'window-close' ? window.status !== 'open' : pendingObjections === 0;
    return {
      satisfied,
      output: { windowId: window.windowId, kind: window.kind, status: window.status, pendingObjections },
      guard: { type: 'window', record: window },
    };
  }
  const round = await deps.store.getRound(roundId);
  if (!round) throw new DomainError('NOT_FOUND', `评选届次 ${roundId} 不存在`);
  const guard: StoredEntity = { type: 'round', record: round };
  if (wait.kind === 'call-close') {
    // Art. 18 (1)-(2): the call ends at callClosesAt, which staff may have moved later.
    const satisfied = round.stage !== 'call-open' || round.callClosesAt <= now.toISOString();
    return { satisfied, output: { callClosesAt: round.callClosesAt }, guard, dueAt: round.callClosesAt };
  }
  let satisfied = stageIndex(round.stage) > stageIndex(wait.stage);
  if (!satisfied && wait.stage === 'decision') {
    // The Leading Group's decision is a record; the flow itself moves the stage on afterwards.
    satisfied = (await deps.store.getDecision(roundId)) !== null;
  }
  const output: Record<string, unknown> = { stage: round.stage };
  if (wait.stage === 'approval' && round.approval) {
    output.documentNo = round.approval.documentNo;
    output.approvedOn = round.approval.approvedOn;
  }
  return { satisfied, output, guard };
}

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
