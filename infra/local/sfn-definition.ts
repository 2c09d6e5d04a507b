import './polyfills.ts';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';

/**
 * What the local engine (sfn-engine.ts) hands aws-local-stepfunctions instead of the definition it
 * was given, and why: the library's timers are wall-clock setTimeouts that overflow above ≈ 24.8
 * days, it knows no HeartbeatSeconds and no callback tasks, and its Retry pauses are sleeps the
 * engine cannot see (LOCAL-STACK.md, "Step Functions"). Everything else in the ASL stays as it is,
 * for the library to run.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** What the engine keeps of one Task state's original definition. */
export interface TaskSpec {
  stateName: string;
  resource: string;
  /** `lambda-arn`: Resource is a Lambda ARN; `service`: `arn:…:states:::service:action[.pattern]`; `other`: anything else. */
  integration: 'lambda-arn' | 'service' | 'other';
  service?: string;
  action?: string;
  callback: boolean;
  timeoutSeconds?: number;
}

/** A callback task's input: its Parameters wrapped, so the library resolves the *Path fields. */
export interface CallbackInput {
  payload: Json;
  timeoutSeconds?: Json;
  heartbeatSeconds?: Json;
}

/** A Wait state's input, once it is a Task whose Parameters carry the state input and its duration. */
export interface WaitInput {
  input: Json;
  seconds?: Json;
  timestamp?: Json;
}

export interface PreparedDefinition {
  /** What the library runs. */
  definition: StateMachineDefinition;
  /** Every Task state, each a local handler of the library (keyed by state name). */
  tasks: TaskSpec[];
  /** The Wait states, now Tasks served by the engine. */
  waits: string[];
  /** Each state's original type, for the history (a Wait still reads as one). */
  stateTypes: Map<string, string>;
  retryIntervalOverrides: Record<string, number>;
  /** The execution's TimeoutSeconds, for the engine to enforce on the platform clock. */
  executionTimeoutSeconds?: number;
}

/** Step Functions' default TimeoutSeconds of a Task (the library's own default is 60 s). */
const DEFAULT_TASK_TIMEOUT_SECONDS = 99_999_999;
/** What the library's setTimeout is given instead of a longer timeout: Node holds ≤ 2,147,483 s. */
const LIBRARY_TIMEOUT_SECONDS = 2_000_000;
const WAIT_RESOURCE = 'arn:aws:states:::local:wait';

type StateNode = Record<string, unknown> & { Type: string };
type MachineNode = { States: Record<string, StateNode>; TimeoutSeconds?: number };

/**
 * The definition the library runs. State names are its handler keys, so they must be unique. What
 * changes, and why:
 * - the execution's TimeoutSeconds is removed (the engine enforces it on the platform clock);
 * - a callback task gets a TimeoutSeconds the library's timer can hold, and its Parameters are
 *   wrapped as `{ payload, timeoutSeconds, heartbeatSeconds }` so the library resolves the *Path
 *   variants with its own JSONPath while the engine enforces them on the platform clock (the
 *   library knows no HeartbeatSeconds at all);
 * - a request-response task keeps a wall-clock TimeoutSeconds (its handler runs in real time), but
 *   absent means Step Functions' default, not the library's 60 s, capped to what a timer holds;
 * - a Wait state becomes a Task served by the engine on the platform clock, its Parameters
 *   carrying the input and the (resolved) Seconds/Timestamp;
 * - every Retry pause is 0 ms (`retryIntervalOverrides`). The library's pause is a wall-clock sleep
 *   the engine cannot see, so awaitIdle would answer in the middle of it; and locally the failures
 *   IntervalSeconds spaces out on AWS (throttling, Lambda service errors) do not occur, while those
 *   that can (a version conflict with a concurrent sweep) are resolved by an immediate re-read.
 *   Retries that must wait for people or the calendar are callback waits in the ASL, not Retry.
 * Throws on a definition the library refuses, or one with a state name used twice.
 */
export function prepareDefinition(original: object): PreparedDefinition {
  new StateMachine(original as StateMachineDefinition);
  const definition = structuredClone(original) as MachineNode;
  const tasks: TaskSpec[] = [];
  const waits: string[] = [];
  const stateTypes = new Map<string, string>();
  const retryIntervalOverrides: Record<string, number> = {};
  const visit = (machine: MachineNode) => {
    for (const [name, state] of Object.entries(machine.States)) {
      if (stateTypes.has(name)) throw new Error(`State name '${name}' is used more than once`);
      stateTypes.set(name, state.Type);
      if (state.Retry) retryIntervalOverrides[name] = 0;
      if (state.Type === 'Task') {
        const spec = taskSpecOf(name, state);
        tasks.push(spec);
        if (spec.callback) prepareCallbackTask(state);
        else if (state.TimeoutSecondsPath === undefined) {
          state.TimeoutSeconds = Math.min(
            spec.timeoutSeconds ?? LIBRARY_TIMEOUT_SECONDS,
            LIBRARY_TIMEOUT_SECONDS,
          );
        }
      } else if (state.Type === 'Wait') {
        waits.push(name);
        machine.States[name] = waitAsTask(state);
      } else if (state.Type === 'Parallel') {
        for (const branch of state.Branches as MachineNode[]) visit(branch);
      } else if (state.Type === 'Map') {
        visit((state.ItemProcessor ?? state.Iterator) as MachineNode);
      }
    }
  };
  const executionTimeoutSeconds = definition.TimeoutSeconds;
  delete definition.TimeoutSeconds;
  visit(definition);
  return {
    definition: definition as unknown as StateMachineDefinition,
    tasks,
    waits,
    stateTypes,
    retryIntervalOverrides,
    executionTimeoutSeconds,
  };
}

/** A callback task's TimeoutSeconds and HeartbeatSeconds, literal or resolved by the library from a path. */
export function callbackTimeouts(input: CallbackInput): {
  timeoutSeconds: number;
  heartbeatSeconds?: number;
} {
  return {
    timeoutSeconds: positiveSeconds(input.timeoutSeconds, 'TimeoutSeconds') ?? DEFAULT_TASK_TIMEOUT_SECONDS,
    heartbeatSeconds: positiveSeconds(input.heartbeatSeconds, 'HeartbeatSeconds'),
  };
}

/** The instant (ms) a Wait state entered at `now` ends; a Wait without a duration ends at once. */
export function waitEndsAt({ seconds, timestamp }: WaitInput, now: number): number {
  if (seconds !== undefined) {
    if (typeof seconds !== 'number' || seconds < 0) {
      throw new StatesRuntimeError(
        `Wait Seconds must be a non-negative number, got ${JSON.stringify(seconds)}`,
      );
    }
    return now + seconds * 1000;
  }
  if (timestamp === undefined) return now;
  const instant = typeof timestamp === 'string' ? Date.parse(timestamp) : Number.NaN;
  if (Number.isNaN(instant)) {
    throw new StatesRuntimeError(`Wait Timestamp must be ISO 8601, got ${JSON.stringify(timestamp)}`);
  }
  return instant;
}

/** A runtime error of the definition itself (a bad timeout or wait value): fails the execution. */
class StatesRuntimeError extends Error {
  readonly isRetryable = false;
  readonly isCatchable = false;

  constructor(message: string) {
    super(message);
    this.name = 'States.Runtime';
  }
}

/**
 * The library treats `States.TaskFailed` as matching every error except an instance of its own
 * (unexported) StatesTimeoutError; a timeout raised by the engine must be that class for Retry and
 * Catch to behave as on AWS. Obtained once from a 1 ms probe execution.
 */
let timeoutErrorClass: Promise<new () => Error> | undefined;
export function statesTimeoutErrorClass(): Promise<new () => Error> {
  timeoutErrorClass ??= (async () => {
    const probe = new StateMachine(
      {
        StartAt: 'Probe',
        States: { Probe: { Type: 'Task', Resource: WAIT_RESOURCE, TimeoutSeconds: 0.001, End: true } },
      },
      { validationOptions: { noValidate: true } },
    );
    const never = () => new Promise<never>(() => undefined);
    try {
      await probe.run(null, { overrides: { taskResourceLocalHandlers: { Probe: never } } }).result;
    } catch (error) {
      const cause = (error as Error).cause;
      if (cause instanceof Error && cause.name === 'States.Timeout') {
        return cause.constructor as new () => Error;
      }
    }
    throw new Error('aws-local-stepfunctions: the States.Timeout probe did not time out');
  })();
  return timeoutErrorClass;
}

function prepareCallbackTask(state: StateNode): void {
  state.Parameters = {
    ...('Parameters' in state ? { payload: state.Parameters } : { 'payload.$': '$' }),
    ...secondsField('timeoutSeconds', state.TimeoutSeconds, state.TimeoutSecondsPath),
    ...secondsField('heartbeatSeconds', state.HeartbeatSeconds, state.HeartbeatSecondsPath),
  };
  state.TimeoutSeconds = LIBRARY_TIMEOUT_SECONDS;
  delete state.TimeoutSecondsPath;
  delete state.HeartbeatSeconds;
  delete state.HeartbeatSecondsPath;
}

function waitAsTask(state: StateNode): StateNode {
  const task: StateNode = {
    Type: 'Task',
    Resource: WAIT_RESOURCE,
    Parameters: {
      'input.$': '$',
      ...secondsField('seconds', state.Seconds, state.SecondsPath),
      ...secondsField('timestamp', state.Timestamp, state.TimestampPath),
    },
    TimeoutSeconds: LIBRARY_TIMEOUT_SECONDS,
  };
  for (const key of ['Comment', 'InputPath', 'OutputPath', 'Next', 'End']) {
    if (key in state) task[key] = state[key];
  }
  return task;
}

/** A Parameters member carrying a literal value or, for a *Path field, the path for the library to resolve. */
function secondsField(key: string, value: unknown, path: unknown): Record<string, unknown> {
  if (path !== undefined) return { [`${key}.$`]: path };
  return value === undefined ? {} : { [key]: value };
}

function taskSpecOf(stateName: string, state: StateNode): TaskSpec {
  const resource = String(state.Resource);
  const service = /^arn:[^:]+:states:::([^:]+):(.+)$/.exec(resource);
  const [action, pattern] = service ? splitOnce(service[2]!, '.') : [undefined, undefined];
  return {
    stateName,
    resource,
    integration: service ? 'service' : /^arn:[^:]+:lambda:/.test(resource) ? 'lambda-arn' : 'other',
    service: service?.[1],
    action,
    callback: pattern === 'waitForTaskToken',
    timeoutSeconds: state.TimeoutSeconds as number | undefined,
  };
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const index = text.indexOf(separator);
  return index < 0 ? [text, undefined] : [text.slice(0, index), text.slice(index + 1)];
}

function positiveSeconds(value: Json | undefined, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new StatesRuntimeError(`${field} must be a positive integer, got ${JSON.stringify(value)}`);
  }
  return value;
}
