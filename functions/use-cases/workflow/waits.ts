/**
 * Every wait of the round flow, declared once: its name (what the flow's callback task registers
 * and whoever ends the wait looks up), who resumes it, how long the flow waits before escalating,
 * how staff read it in an escalation note, and how the store tells it is already satisfied.
 * The flow's description (statemachines/round-flow.ts), and so the generated ASL, takes names and
 * timeouts from here; so do the use cases and the sweep that end a wait. DynamoDB is the source of
 * truth, so a wait whose event has already happened (staff advanced the stage before the flow
 * reached its wait, a restarted flow, a race with the closer) is recognised here and resumed at once
 * instead of hanging. Names are stored with the tokens of running rounds: renaming one strands them.
 */
import { DomainError } from '../../domain/errors.ts';
import { ROUND_STAGES, type RoundStage } from '../../domain/model.ts';
import type { WindowKind } from '../../domain/publicity.ts';
import { ROUND_STAGE_LABELS, stageIndex } from '../../domain/stages.ts';
import type { Deps } from '../../ports/deps.ts';
import type { RoundRecord } from '../../ports/records.ts';
import type { StoredEntity } from '../../ports/store.ts';

export type Wait =
  | { kind: 'callClose' }
  | { kind: 'stage'; stage: RoundStage }
  | { kind: 'windowClose'; windowId: string }
  | { kind: 'windowObjections'; windowId: string }
  | { kind: 'retryDelay' };

export type WaitKind = Wait['kind'];

/**
 * Who ends a wait: the `scheduler` (the sweep: the call at `callClosesAt`, a window at its
 * deadline), `staff` (the API call that moves the round out of the stage), the `leader` (the
 * Leading Group's decision), the `objection-resolution` of the last pending objection, or the
 * wait's own `timeout`.
 */
export type WaitResumer = 'scheduler' | 'staff' | 'leader' | 'objection-resolution' | 'timeout';

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

type StoreDeps = Pick<Deps, 'store'>;

/** One kind of wait. */
export interface WaitSpec<W extends Wait = Wait> {
  /** The name; `{}` stands for the parameter (the ASL fills it in with `States.Format`). */
  template: string;
  /** For a kind with a parameter: the wait's parameter, and the wait a parameter read back names. */
  param?: { of: (wait: W) => string; wait: (param: string) => W | undefined };
  resumedBy: (wait: W) => WaitResumer;
  /** How long the flow waits before it records an escalation (and waits again). */
  timeoutSeconds: number;
  /** What the flow waits for, in Chinese (escalation notes); `param` as found in the name. */
  describe: (param: string) => string;
  /** The wait's state in the store; NOT_FOUND when its round or window is gone. */
  stateOf: (deps: StoreDeps, roundId: string, wait: W, now: Date) => Promise<WaitState>;
}

const DAY_SECONDS = 86_400;

/**
 * Stage waits that end otherwise than by the round moving past the stage, or that resume the flow
 * with more than the stage. Any other stage with a wait is ended by the staff action moving it on.
 */
const STAGE_WAIT_RULES: Partial<
  Record<
    RoundStage,
    {
      resumedBy?: WaitResumer;
      ended?: (deps: StoreDeps, roundId: string) => Promise<boolean>;
      output?: (round: RoundRecord) => Record<string, unknown>;
    }
  >
> = {
  // Art. 18 (8): the Leading Group's decision is a record; the flow itself moves the stage on afterwards.
  decision: {
    resumedBy: 'leader',
    ended: async (deps, roundId) => (await deps.store.getDecision(roundId)) !== null,
  },
  // Art. 18 (9): the announcement quotes the city government's approval document.
  approval: {
    output: (round) =>
      round.approval ? { documentNo: round.approval.documentNo, approvedOn: round.approval.approvedOn } : {},
  },
};

const isRoundStage = (value: string): value is RoundStage =>
  (ROUND_STAGES as readonly string[]).includes(value);

async function loadRoundOf(deps: StoreDeps, roundId: string): Promise<RoundRecord> {
  const round = await deps.store.getRound(roundId);
  if (!round) throw new DomainError('NOT_FOUND', `评选届次 ${roundId} 不存在`);
  return round;
}

/** A window wait's state: the window is its guard; `ended` decides from its status and pending objections. */
async function inspectWindow(
  deps: StoreDeps,
  roundId: string,
  windowId: string,
  ended: (status: string, pendingObjections: number) => boolean,
): Promise<WaitState> {
  const window = await deps.store.getWindow(windowId);
  if (!window || window.roundId !== roundId) throw new DomainError('NOT_FOUND', `公示 ${windowId} 不存在`);
  const objections = await deps.store.listObjectionsForWindow(window.windowId);
  const pendingObjections = objections.filter((o) => o.status === 'pending').length;
  return {
    satisfied: ended(window.status, pendingObjections),
    output: { windowId: window.windowId, kind: window.kind, status: window.status, pendingObjections },
    guard: { type: 'window', record: window },
  };
}

/** Every kind of wait of the round flow. */
export const WAITS: { readonly [K in WaitKind]: WaitSpec<Extract<Wait, { kind: K }>> } = {
  callClose: {
    template: 'call-close',
    resumedBy: () => 'scheduler',
    timeoutSeconds: 180 * DAY_SECONDS,
    describe: () => '申报截止',
    stateOf: async (deps, roundId, _wait, now) => {
      const round = await loadRoundOf(deps, roundId);
      // Art. 18 (1)-(2): the call ends at callClosesAt, which staff may have moved later.
      const satisfied = round.stage !== 'call-open' || round.callClosesAt <= now.toISOString();
      return {
        satisfied,
        output: { callClosesAt: round.callClosesAt },
        guard: { type: 'round', record: round },
        dueAt: round.callClosesAt,
      };
    },
  },
  stage: {
    template: 'stage:{}',
    param: {
      of: (wait) => wait.stage,
      wait: (param) => (isRoundStage(param) ? { kind: 'stage', stage: param } : undefined),
    },
    resumedBy: (wait) => STAGE_WAIT_RULES[wait.stage]?.resumedBy ?? 'staff',
    timeoutSeconds: 180 * DAY_SECONDS,
    describe: (param) => `“${isRoundStage(param) ? ROUND_STAGE_LABELS[param] : param}”阶段的工作`,
    stateOf: async (deps, roundId, wait) => {
      const round = await loadRoundOf(deps, roundId);
      const rules = STAGE_WAIT_RULES[wait.stage];
      const satisfied =
        stageIndex(round.stage) > stageIndex(wait.stage) || ((await rules?.ended?.(deps, roundId)) ?? false);
      return {
        satisfied,
        output: { stage: round.stage, ...rules?.output?.(round) },
        guard: { type: 'round', record: round },
      };
    },
  },
  windowClose: {
    template: 'window:{}:close',
    param: { of: (wait) => wait.windowId, wait: (windowId) => ({ kind: 'windowClose', windowId }) },
    // The sweep's closer, once the window's working-day deadline has passed (exactly once).
    resumedBy: () => 'scheduler',
    timeoutSeconds: 30 * DAY_SECONDS,
    describe: (windowId) => `公示 ${windowId} 期满`,
    stateOf: (deps, roundId, wait) =>
      inspectWindow(deps, roundId, wait.windowId, (status) => status !== 'open'),
  },
  windowObjections: {
    template: 'window:{}:objections',
    param: { of: (wait) => wait.windowId, wait: (windowId) => ({ kind: 'windowObjections', windowId }) },
    resumedBy: () => 'objection-resolution',
    timeoutSeconds: 30 * DAY_SECONDS,
    describe: (windowId) => `公示 ${windowId} 的异议处理结果`,
    stateOf: (deps, roundId, wait) =>
      inspectWindow(deps, roundId, wait.windowId, (_status, pendingObjections) => pendingObjections === 0),
  },
  // The pause after a failed task: nothing in the store ends it; its timeout is the retry delay
  // (an operator may resume it sooner).
  retryDelay: {
    template: 'retry',
    resumedBy: () => 'timeout',
    timeoutSeconds: 3600,
    describe: () => '失败任务的重试',
    stateOf: async () => ({ satisfied: false, output: {} }),
  },
};

const specOf = <W extends Wait>(wait: W): WaitSpec<W> => WAITS[wait.kind] as unknown as WaitSpec<W>;

/** The name of `wait`, as registered with its token. */
export function waitName(wait: Wait): string {
  const spec = specOf(wait);
  return spec.param ? spec.template.replace('{}', spec.param.of(wait)) : spec.template;
}

/** How long the flow waits for `wait` before it escalates. */
export const waitTimeoutSeconds = (wait: Wait): number => specOf(wait).timeoutSeconds;

/** Who ends `wait`. */
export const waitResumedBy = (wait: Wait): WaitResumer => specOf(wait).resumedBy(wait);

/** The name of the call's closing (a timed wait, resumed by the scheduler at `dueAt`). */
export const CALL_CLOSE_WAIT = waitName({ kind: 'callClose' });

/** The wait after a failed task: its token is resumed by its timeout (or by an operator). */
export const RETRY_WAIT = waitName({ kind: 'retryDelay' });

/** The name of a staff or leader step of the flow. */
export const stageWait = (stage: RoundStage): string => waitName({ kind: 'stage', stage });

/** The name of the timed wait that ends when a window's deadline has passed. */
export const closeWaitFor = (windowId: string): string => waitName({ kind: 'windowClose', windowId });

/** The name of the wait for a window's pending objections to be resolved. */
export const objectionsWaitFor = (windowId: string): string =>
  waitName({ kind: 'windowObjections', windowId });

const TEMPLATE_PATTERNS = Object.entries(WAITS).map(([kind, spec]) => {
  const escaped = spec.template.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
  return { kind: kind as WaitKind, pattern: new RegExp(`^${escaped.replace('{}', '(.+)')}$`) };
});

/** The kind and raw parameter of a name, without checking the parameter. */
function matchName(name: string): { kind: WaitKind; param: string } | undefined {
  for (const { kind, pattern } of TEMPLATE_PATTERNS) {
    const match = pattern.exec(name);
    if (match) return { kind, param: match[1] ?? '' };
  }
  return undefined;
}

/** Reads a wait's name; VALIDATION_FAILED when it names no wait of the flow. */
export function parseWait(name: string): Wait {
  const matched = matchName(name);
  const spec = matched && (WAITS[matched.kind] as WaitSpec);
  const wait = spec && (spec.param ? spec.param.wait(matched.param) : ({ kind: matched.kind } as Wait));
  if (wait) return wait;
  throw new DomainError('VALIDATION_FAILED', `未知的流程等待项“${name}”`, [
    { path: 'waitFor', code: 'VALIDATION_FAILED', message: `未知的流程等待项“${name}”` },
  ]);
}

/** Inspects the store for `wait` of `roundId` at `now`. NOT_FOUND when the round or window is gone. */
export const inspectWait = (deps: StoreDeps, roundId: string, wait: Wait, now: Date): Promise<WaitState> =>
  specOf(wait).stateOf(deps, roundId, wait, now);

const TASK_PREFIX = 'task:';

/** What the escalation of a failed task of the flow names (not a wait: no token is registered). */
export const taskWaitingFor = (state: string): string => `${TASK_PREFIX}${state}`;

/**
 * What an escalation was waiting for (a wait's name, or `taskWaitingFor` a task), in Chinese;
 * `taskLabels` names the flow's tasks. An unknown name is shown as it is.
 */
export function describeWaitingFor(
  waitingFor: string,
  taskLabels: Readonly<Record<string, string>> = {},
): string {
  if (waitingFor.startsWith(TASK_PREFIX)) {
    const task = waitingFor.slice(TASK_PREFIX.length);
    return `流程任务“${taskLabels[task] ?? task}”`;
  }
  const matched = matchName(waitingFor);
  return matched ? WAITS[matched.kind].describe(matched.param) : waitingFor;
}

/** A round has one window of each kind, so its id is derived: opening it twice cannot make two. */
export const windowIdOf = (roundId: string, kind: WindowKind): string => `${roundId}-${kind}`;
