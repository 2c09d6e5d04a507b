/**
 * The vocabulary the round flow is described in (statemachines/round-flow.ts) and its compiler to
 * Amazon States Language. A description names its steps (waits, tasks, choices, ends), the stage
 * each (re)started execution begins at, ONE retry policy and ONE escalation policy; the compiler
 * applies both to every wait and task, so no Retry or Catch is written by hand. It emits JSONPath
 * only (no JSONata, no Assign): the local engine runs the same file as AWS. Waits take their
 * names and timeouts from functions/use-cases/workflow/waits.ts, the one table of the flow's waits.
 */
import type { RoundFlowPlaceholder } from '../functions/adapters/sfn/definitions.ts';
import type { ErrorCode } from '../functions/domain/errors.ts';
import type { RoundStage } from '../functions/domain/model.ts';
import {
  taskWaitingFor,
  WAITS,
  type Wait,
  waitName,
  waitTimeoutSeconds,
} from '../functions/use-cases/workflow/waits.ts';

export type JsonPath = `$${string}`;

/** A wait of the flow: a fixed one, or a window wait whose window id is read from the state input. */
export type FlowWait = Wait | { kind: 'windowClose' | 'windowObjections'; windowIdFrom: JsonPath };

/** A Lambda task's function placeholder (the registration of waits has its own). */
export type TaskFunction = Exclude<RoundFlowPlaceholder, 'Partition' | 'RegisterTaskTokenFunctionArn'>;

/** Stops until the wait's token is resumed (register-task-token stores it); escalates on timeout. */
export interface WaitStep<N extends string> {
  wait: FlowWait;
  comment: string;
  /** Where the resumed output goes; discarded when absent. */
  resultPath?: JsonPath;
  next: N;
}

/** Runs a Lambda task, input `{roundId}` plus `parameters`; escalates once the retries are spent. */
export interface TaskStep<N extends string> {
  task: TaskFunction;
  /** The task's Chinese name in escalation notes. */
  label: string;
  comment: string;
  parameters?: Readonly<Record<string, string>>;
  /** Where the task's result goes; discarded when absent. */
  resultPath?: JsonPath;
  next: N;
}

type Comparison = { Variable: JsonPath } & (
  | { StringEquals: string }
  | { BooleanEquals: boolean }
  | { NumericGreaterThan: number }
  | { IsPresent: boolean }
);

export type ChoiceRule<N extends string> = (Comparison | { And: Comparison[] }) & { Next: N };

export interface ChoiceStep<N extends string> {
  choose: ChoiceRule<N>[];
  otherwise: N;
  comment?: string;
}

export interface SucceedStep {
  succeed: string;
}

export interface FailStep {
  fail: { error: string; cause: string };
  comment?: string;
}

export type Step<N extends string> = WaitStep<N> | TaskStep<N> | ChoiceStep<N> | SucceedStep | FailStep;

/** An ASL retrier (the one retry policy is a list of these). */
export interface Retrier {
  ErrorEquals: readonly (ErrorCode | `Lambda.${string}` | `States.${string}`)[];
  IntervalSeconds?: number;
  BackoffRate?: number;
  MaxAttempts: number;
  MaxDelaySeconds?: number;
  JitterStrategy?: 'FULL' | 'NONE';
}

export interface FlowDescription<N extends string = string> {
  comment: string;
  /** Where an execution started (or restarted) at the round's stored stage goes first. */
  resumeAt: Readonly<Record<RoundStage, NoInfer<N>>>;
  steps: { readonly [K in N]: Step<NoInfer<N>> };
  /** Applied to every wait and task. */
  retry: readonly Retrier[];
  /**
   * Applied to every wait and task: a timeout or a failure after the retries is recorded on the
   * round by `recordWith`; a timed-out wait is entered again at once, a failed task after the
   * `retryAfterFailure` wait (whose timeout is the delay).
   */
  escalation: { recordWith: TaskFunction; retryAfterFailure: Wait };
}

/** Checks a description's step names at compile time (every `next` must name a step). */
export const defineFlow = <const N extends string>(flow: FlowDescription<N>): FlowDescription<N> => flow;

/** The states the compiler adds around the described steps. */
export const GENERATED_STATES = {
  router: 'Router',
  unknownStage: 'UnknownStage',
  recordEscalation: 'RecordEscalation',
  afterEscalation: 'AfterEscalation',
  retryAfterFailure: 'AwaitRetryAfterFailure',
  resumeRouter: 'ResumeRouter',
  failed: 'RoundFlowFailed',
} as const;

/** The state that records an escalation of `step` and sends the flow back to it. */
export const escalateStateOf = (step: string): string => `${step}Escalate`;

const isWait = (step: Step<string>): step is WaitStep<string> => 'wait' in step;
const isTask = (step: Step<string>): step is TaskStep<string> => 'task' in step;

type AslState = Record<string, unknown>;
export interface AslDefinition {
  Comment: string;
  StartAt: string;
  States: Record<string, AslState>;
}

const placeholder = (name: RoundFlowPlaceholder): string => `\${${name}}`;

/** The wait's name as the ASL passes it: a literal, or `States.Format` over the window id. */
function waitForField(wait: FlowWait, field: string): Record<string, string> {
  if ('windowIdFrom' in wait) {
    return { [`${field}.$`]: `States.Format('${WAITS[wait.kind].template}', ${wait.windowIdFrom})` };
  }
  return { [field]: waitName(wait) };
}

const timeoutOf = (wait: FlowWait): number =>
  'windowIdFrom' in wait ? WAITS[wait.kind].timeoutSeconds : waitTimeoutSeconds(wait);

/** A callback task registering `wait`'s token with register-task-token. */
function callback(wait: FlowWait, comment: string, resultPath: JsonPath | null): AslState {
  return {
    Type: 'Task',
    Comment: comment,
    Resource: `arn:${placeholder('Partition')}:states:::lambda:invoke.waitForTaskToken`,
    Parameters: {
      FunctionName: placeholder('RegisterTaskTokenFunctionArn'),
      Payload: { 'roundId.$': '$.roundId', ...waitForField(wait, 'waitFor'), 'token.$': '$$.Task.Token' },
    },
    // Explicit on every callback: the local engine enforces it on the platform clock.
    TimeoutSeconds: timeoutOf(wait),
    ResultPath: resultPath,
  };
}

/** Compiles a description to an ASL definition (placeholders unresolved). */
export function toAsl(flow: FlowDescription): AslDefinition {
  const G = GENERATED_STATES;
  const retry = flow.retry.map((r) => ({ ...r, ErrorEquals: [...r.ErrorEquals] }));
  const escalateTo = (name: string) =>
    ['States.Timeout', 'States.ALL'].map((error) => ({
      ErrorEquals: [error],
      ResultPath: '$.error',
      Next: escalateStateOf(name),
    }));
  const states: Record<string, AslState> = {};
  const escalating: string[] = [];

  states[G.router] = {
    Type: 'Choice',
    Comment:
      'Starts (or resumes) the round at its stored stage: a restarted engine or a new definition version picks the round up where DynamoDB says it is.',
    Choices: Object.entries(flow.resumeAt).map(([stage, next]) => ({
      Variable: '$.resumeAt',
      StringEquals: stage,
      Next: next,
    })),
    Default: G.unknownStage,
  };

  for (const [name, step] of Object.entries(flow.steps) as [string, Step<string>][]) {
    if (isWait(step) || isTask(step)) {
      const state = isWait(step)
        ? callback(step.wait, step.comment, step.resultPath ?? null)
        : {
            Type: 'Task',
            Comment: step.comment,
            Resource: placeholder(step.task),
            Parameters: { 'roundId.$': '$.roundId', ...step.parameters },
            ResultPath: step.resultPath ?? null,
          };
      states[name] = { ...state, Retry: retry, Catch: escalateTo(name), Next: step.next };
      states[escalateStateOf(name)] = {
        Type: 'Pass',
        Comment: 'Timed out, or failed after its retries: record an escalation, then go back to it.',
        Parameters: {
          'escalationId.$': 'States.UUID()',
          resumeState: name,
          ...(isWait(step) ? waitForField(step.wait, 'waitingFor') : { waitingFor: taskWaitingFor(name) }),
        },
        ResultPath: '$.escalation',
        Next: G.recordEscalation,
      };
      escalating.push(name);
    } else if ('choose' in step) {
      states[name] = {
        Type: 'Choice',
        ...(step.comment ? { Comment: step.comment } : {}),
        Choices: step.choose,
        Default: step.otherwise,
      };
    } else if ('succeed' in step) {
      states[name] = { Type: 'Succeed', Comment: step.succeed };
    } else {
      states[name] = {
        Type: 'Fail',
        ...(step.comment ? { Comment: step.comment } : {}),
        Error: step.fail.error,
        Cause: step.fail.cause,
      };
    }
  }

  states[G.recordEscalation] = {
    Type: 'Task',
    Comment: 'Appends the escalation to the round (audited round.escalated); idempotent per escalationId.',
    Resource: placeholder(flow.escalation.recordWith),
    Parameters: {
      'roundId.$': '$.roundId',
      'escalationId.$': '$.escalation.escalationId',
      'waitingFor.$': '$.escalation.waitingFor',
      'resumeState.$': '$.escalation.resumeState',
      'error.$': '$.error',
    },
    ResultPath: null,
    Retry: retry,
    Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.escalationError', Next: G.retryAfterFailure }],
    Next: G.afterEscalation,
  };
  states[G.afterEscalation] = {
    Type: 'Choice',
    Comment: 'A timed-out wait is entered again at once; a failure is retried after a delay.',
    Choices: [{ Variable: '$.error.Error', StringEquals: 'States.Timeout', Next: G.resumeRouter }],
    Default: G.retryAfterFailure,
  };
  states[G.retryAfterFailure] = {
    ...callback(
      flow.escalation.retryAfterFailure,
      'Pauses before retrying a failed step; its timeout is the delay (an operator may resume it sooner).',
      null,
    ),
    Retry: retry,
    Catch: [
      { ErrorEquals: ['States.Timeout'], ResultPath: '$.retryWait', Next: G.resumeRouter },
      { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: G.failed },
    ],
    Next: G.resumeRouter,
  };
  states[G.resumeRouter] = {
    Type: 'Choice',
    Comment: 'Back to the wait or task that escalated.',
    Choices: escalating.map((name) => ({
      Variable: '$.escalation.resumeState',
      StringEquals: name,
      Next: name,
    })),
    Default: G.failed,
  };
  states[G.failed] = {
    Type: 'Fail',
    Comment:
      'Not even the escalation could be recorded (the store is unreachable): the execution fails visibly and is restarted at the stored stage.',
    Error: 'ROUND_FLOW_FAILED',
    Cause: 'the round flow could not record an escalation; restart it at the stored stage',
  };
  states[G.unknownStage] = {
    Type: 'Fail',
    Comment: 'resumeAt is not a round stage.',
    Error: 'UNKNOWN_STAGE',
    Cause: 'resumeAt is not a round stage',
  };

  assertLinked(states);
  return { Comment: flow.comment, StartAt: G.router, States: states };
}

/** Every Next and Default names a state, and every state is reached from the start. */
function assertLinked(states: Record<string, AslState>): void {
  const targetsOf = (state: AslState): string[] =>
    [
      state.Next,
      state.Default,
      ...((state.Choices as { Next: string }[] | undefined) ?? []).map((c) => c.Next),
      ...((state.Catch as { Next: string }[] | undefined) ?? []).map((c) => c.Next),
    ].filter((target): target is string => typeof target === 'string');
  const reached = new Set<string>();
  const pending = [GENERATED_STATES.router as string];
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (reached.has(name)) continue;
    const state = states[name];
    if (!state) throw new Error(`round flow: a transition names "${name}", which is no state`);
    reached.add(name);
    pending.push(...targetsOf(state));
  }
  const unreached = Object.keys(states).filter((name) => !reached.has(name));
  if (unreached.length > 0) throw new Error(`round flow: no transition reaches ${unreached.join(', ')}`);
}

const LINE_WIDTH = 110;

/**
 * JSON as Biome formats it (the repository's formatter): objects expanded, an array of plain
 * values on one line when it fits in the line width. So the generated file passes `biome check`
 * unchanged and regenerating it produces no formatting noise.
 */
export function printJson(value: unknown): string {
  const print = (item: unknown, indent: string, column: number, tail: number): string => {
    if (Array.isArray(item)) {
      if (item.length === 0) return '[]';
      const flat = item.every((element) => element === null || typeof element !== 'object');
      const inline = `[${item.map((element) => JSON.stringify(element)).join(', ')}]`;
      if (flat && column + inline.length + tail <= LINE_WIDTH) return inline;
      const inner = `${indent}  `;
      const lines = item.map(
        (element, i) => `${inner}${print(element, inner, inner.length, i < item.length - 1 ? 1 : 0)}`,
      );
      return `[\n${lines.join(',\n')}\n${indent}]`;
    }
    if (item !== null && typeof item === 'object') {
      const entries = Object.entries(item).filter(([, v]) => v !== undefined);
      if (entries.length === 0) return '{}';
      const inner = `${indent}  `;
      const lines = entries.map(([key, v], i) => {
        const prefix = `${inner}${JSON.stringify(key)}: `;
        return `${prefix}${print(v, inner, prefix.length, i < entries.length - 1 ? 1 : 0)}`;
      });
      return `{\n${lines.join(',\n')}\n${indent}}`;
    }
    return JSON.stringify(item);
  };
  return `${print(value, '', 0, 0)}\n`;
}
