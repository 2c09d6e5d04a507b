import './polyfills.ts';
import { randomBytes, randomUUID } from 'node:crypto';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import type {
  DescribeExecutionOutput,
  DescribeStateMachineOutput,
  ExecutionListItem,
  ExecutionStatus,
  GetExecutionHistoryOutput,
  HistoryEvent,
  HistoryEventType,
  ListExecutionsOutput,
  StartExecutionOutput,
  StopExecutionOutput,
} from '@aws-sdk/client-sfn';
import { type RunOptions, StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import type { PlatformClock } from './platform-clock.ts';

/**
 * The local Step Functions engine (DESIGN.md §4): aws-local-stepfunctions@3 runs the ASL; this
 * wrapper adds what the library lacks (LOCAL-STACK.md): executions with names and ARNs, callback
 * tasks (`.waitForTaskToken`), an execution history, and time on the platform clock. Every Task
 * and Wait state is handed to the library as a local override, so:
 * - Lambda tasks call `taskHandlers` in process (by function name), with Retry done here per attempt;
 * - callback-task timeouts and heartbeats, Wait states and the execution timeout follow the
 *   platform clock (the library's wall-clock timers overflow above ≈ 24.8 days), and the library is
 *   given a capped TimeoutSeconds it can hold;
 * - the engine knows when work is in flight, so `awaitIdle()` can tell when every execution is
 *   finished or blocked on a token or on the clock.
 * It keeps no durable state: after a restart the callers start new executions (the ASL routes them).
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** An in-process stand-in for one Lambda function (or service task): JSON in, JSON out. */
export type TaskHandler = (input: unknown) => Promise<unknown>;

export interface LocalSfnEngineOptions {
  /** Callback timeouts, Wait states, execution timeouts and every timestamp follow this clock. */
  clock: PlatformClock;
  /**
   * Keyed by Lambda function name (an ARN's name part; qualifiers are ignored) or by the exact
   * FunctionName/Resource string; other service tasks by `service:action` (e.g. `sqs:sendMessage`).
   */
  taskHandlers: Record<string, TaskHandler>;
  /** For ARNs; `cn-*` regions use the aws-cn partition. Default us-east-1. */
  region?: string;
  /** For ARNs. Default 000000000000. */
  accountId?: string;
  /** TimeoutSeconds handed to the library for every Task (it must fit a Node timer). Default 2,000,000. */
  maxLibraryTimeoutSeconds?: number;
  /** When set, every Retry pause lasts this many milliseconds (tests: 0) instead of IntervalSeconds… */
  retryIntervalMs?: number;
}

export type SfnErrorType =
  | 'TaskDoesNotExist'
  | 'TaskTimedOut'
  | 'InvalidToken'
  | 'InvalidOutput'
  | 'ExecutionDoesNotExist'
  | 'ExecutionAlreadyExists'
  | 'InvalidExecutionInput'
  | 'InvalidName'
  | 'InvalidArn'
  | 'InvalidDefinition'
  | 'StateMachineDoesNotExist'
  | 'StateMachineAlreadyExists'
  | 'ValidationException';

/** A Step Functions API error; `type` is the `__type` the JSON protocol answers with. */
export class SfnServiceError extends Error {
  readonly type: SfnErrorType;

  constructor(type: SfnErrorType, message: string) {
    super(message);
    this.name = type;
    this.type = type;
  }
}

/** Step Functions' default Task timeout (TimeoutSeconds absent). */
const DEFAULT_TASK_TIMEOUT_SECONDS = 99_999_999;
const DEFAULT_LIBRARY_TIMEOUT_SECONDS = 2_000_000;
const MAX_TIMER_MS = 2_147_483_647;
const WAIT_RESOURCE = 'arn:aws:states:::local:wait';
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{64}$/;
const NAME_FORBIDDEN = '<>{}[]?*"#%\\^|~`$&,;:/';
const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 1000;

interface Retrier {
  ErrorEquals: string[];
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
  JitterStrategy?: 'NONE' | 'FULL';
}

/** What the engine keeps of one Task state's original definition. */
interface TaskSpec {
  stateName: string;
  resource: string;
  /** `lambda-arn`: Resource is a Lambda ARN; `service`: `arn:…:states:::service:action[.pattern]`; `other`: anything else. */
  integration: 'lambda-arn' | 'service' | 'other';
  service?: string;
  action?: string;
  callback: boolean;
  timeoutSeconds?: number;
  timeoutSecondsPath?: string;
  heartbeatSeconds?: number;
  heartbeatSecondsPath?: string;
  retriers: Retrier[];
}

interface WaitSpec {
  stateName: string;
  seconds?: number;
  timestamp?: string;
  secondsPath?: string;
  timestampPath?: string;
}

interface MachineRecord {
  name: string;
  arn: string;
  definitionText: string;
  creationDate: Date;
  machine: StateMachine;
  tasks: Map<string, TaskSpec>;
  waits: Map<string, WaitSpec>;
  stateTypes: Map<string, string>;
  executionTimeoutSeconds?: number;
  executions: Map<string, ExecutionRecord>;
}

interface ExecutionRecord {
  machine: MachineRecord;
  arn: string;
  name: string;
  input: string;
  status: ExecutionStatus;
  startDate: Date;
  sequence: number;
  stopDate?: Date;
  output?: string;
  error?: string;
  cause?: string;
  timeoutAt?: number;
  events: HistoryEvent[];
  /** Tokens handed out by `$$.Task.Token` and not yet claimed by their task. */
  minted: Set<string>;
  tokens: Set<string>;
  waits: Set<PendingWait>;
  abort?: () => void;
}

interface PendingToken {
  token: string;
  execution: ExecutionRecord;
  deadline: number;
  heartbeatSeconds?: number;
  heartbeatDeadline?: number;
  outcome: PromiseWithResolvers<Json>;
}

interface PendingWait {
  execution: ExecutionRecord;
  until: number;
  outcome: PromiseWithResolvers<void>;
}

type PromiseWithResolvers<T> = ReturnType<typeof Promise.withResolvers<T>>;

/** One unit of in-flight work; paused while it waits for a token or the clock. */
interface Work {
  pause(): void;
  resume(): void;
  end(): void;
}

type EventLog = ReturnType<StateMachine['run']> extends { eventLogs: AsyncGenerator<infer E> } ? E : never;
type LocalHandlers = NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>;

/** A task's failure as the library sees it: `name` is the error name Retry/Catch match. */
class TaskError extends Error {
  constructor(name: string, cause: string) {
    super(cause);
    this.name = name;
  }
}

/** Unwinds an execution that was stopped or timed out: never retried, never caught. */
class ExecutionStopped extends Error {
  readonly isRetryable = false;
  readonly isCatchable = false;

  constructor() {
    super('Execution stopped');
    this.name = 'States.Runtime';
  }
}

/** A runtime error of the definition itself (a bad path): fails the execution, not catchable. */
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
 * (unexported) StatesTimeoutError; a timeout raised here must be that class for Catch to behave as
 * on AWS. Obtained once from a 1 ms probe execution.
 */
let timeoutErrorClass: Promise<new () => Error> | undefined;
function statesTimeoutErrorClass(): Promise<new () => Error> {
  timeoutErrorClass ??= (async () => {
    const probe = new StateMachine(
      {
        StartAt: 'Probe',
        States: {
          Probe: {
            Type: 'Task',
            Resource: 'arn:aws:lambda:us-east-1:000000000000:function:probe',
            TimeoutSeconds: 0.001,
            End: true,
          },
        },
      },
      { validationOptions: { noValidate: true } },
    );
    const never = () => new Promise<never>(() => undefined);
    try {
      await probe.run(null, { overrides: { taskResourceLocalHandlers: { Probe: never } } }).result;
    } catch (error) {
      const cause = (error as Error).cause;
      if (cause instanceof Error && cause.name === 'States.Timeout')
        return cause.constructor as new () => Error;
    }
    return class extends Error {
      constructor() {
        super('States.Timeout');
        this.name = 'States.Timeout';
      }
    };
  })();
  return timeoutErrorClass;
}

/**
 * Runs state machines locally. Construct once per platform; `stop()` when done.
 */
export class LocalSfnEngine {
  private readonly clock: PlatformClock;
  private readonly taskHandlers: Record<string, TaskHandler>;
  private readonly region: string;
  private readonly accountId: string;
  private readonly partition: string;
  private readonly libraryTimeoutSeconds: number;
  private readonly retryIntervalMs?: number;
  private readonly machines = new Map<string, MachineRecord>();
  private readonly executions = new Map<string, ExecutionRecord>();
  private readonly running = new Set<ExecutionRecord>();
  private readonly tokens = new Map<string, PendingToken>();
  private readonly closedTokens = new Map<string, 'closed' | 'timedOut'>();
  private readonly waits = new Set<PendingWait>();
  private readonly idleWaiters: Array<() => void> = [];
  private readonly unsubscribe: () => void;
  private busy = 0;
  private sequence = 0;
  private stopped = false;

  constructor(options: LocalSfnEngineOptions) {
    this.clock = options.clock;
    this.taskHandlers = options.taskHandlers;
    this.region = options.region ?? 'us-east-1';
    this.accountId = options.accountId ?? '000000000000';
    this.partition = this.region.startsWith('cn-') ? 'aws-cn' : 'aws';
    this.libraryTimeoutSeconds = Math.min(
      options.maxLibraryTimeoutSeconds ?? DEFAULT_LIBRARY_TIMEOUT_SECONDS,
      Math.floor(MAX_TIMER_MS / 1000),
    );
    this.retryIntervalMs = options.retryIntervalMs;
    this.unsubscribe = this.clock.onAdvance(() => this.onClockAdvance(), {
      nextDueAt: () => this.nextDueAt(),
    });
    void statesTimeoutErrorClass();
  }

  /**
   * Validates the definition (placeholders already substituted) and keeps it under `name`; the same
   * name with the same definition returns the existing machine, a different one is refused.
   */
  createStateMachine(name: string, definition: object): { stateMachineArn: string; creationDate: Date } {
    this.assertNotStopped();
    assertName(name);
    const definitionText = JSON.stringify(definition);
    const existing = this.machines.get(name);
    if (existing) {
      if (existing.definitionText !== definitionText) {
        throw new SfnServiceError(
          'StateMachineAlreadyExists',
          `State Machine Already Exists: '${existing.arn}'`,
        );
      }
      return { stateMachineArn: existing.arn, creationDate: existing.creationDate };
    }
    try {
      new StateMachine(definition as StateMachineDefinition);
    } catch (error) {
      throw new SfnServiceError('InvalidDefinition', (error as Error).message);
    }
    const prepared = prepareDefinition(definition, this.libraryTimeoutSeconds);
    const record: MachineRecord = {
      name,
      arn: this.arn('stateMachine', name),
      definitionText,
      creationDate: this.clock.now(),
      machine: new StateMachine(prepared.definition, { validationOptions: { noValidate: true } }),
      tasks: prepared.tasks,
      waits: prepared.waits,
      stateTypes: prepared.stateTypes,
      executionTimeoutSeconds: prepared.executionTimeoutSeconds,
      executions: new Map(),
    };
    this.machines.set(name, record);
    return { stateMachineArn: record.arn, creationDate: record.creationDate };
  }

  /** The machine's definition and metadata, as DescribeStateMachine answers. */
  describeStateMachine(stateMachineArn: string): DescribeStateMachineOutput {
    const machine = this.machineByArn(stateMachineArn);
    return {
      stateMachineArn: machine.arn,
      name: machine.name,
      status: 'ACTIVE',
      definition: machine.definitionText,
      roleArn: this.roleArn(),
      type: 'STANDARD',
      creationDate: machine.creationDate,
    };
  }

  /**
   * Starts an execution. Names are unique per machine: the same name and input as a running
   * execution returns that execution (as AWS does); otherwise a used name is ExecutionAlreadyExists.
   */
  startExecution(request: { stateMachineArn: string; name?: string; input?: string }): StartExecutionOutput {
    this.assertNotStopped();
    const machine = this.machineByArn(request.stateMachineArn);
    const name = request.name ?? randomUUID();
    assertName(name);
    const inputText = request.input ?? '{}';
    const input = parseJson(inputText, 'InvalidExecutionInput');
    const existing = machine.executions.get(name);
    if (existing) {
      if (existing.status === 'RUNNING' && existing.input === inputText) {
        return { executionArn: existing.arn, startDate: existing.startDate };
      }
      throw new SfnServiceError('ExecutionAlreadyExists', `Execution Already Exists: '${existing.arn}'`);
    }
    const execution: ExecutionRecord = {
      machine,
      arn: this.arn('execution', `${machine.name}:${name}`),
      name,
      input: inputText,
      status: 'RUNNING',
      startDate: this.clock.now(),
      sequence: this.sequence++,
      events: [],
      minted: new Set(),
      tokens: new Set(),
      waits: new Set(),
    };
    machine.executions.set(name, execution);
    this.executions.set(execution.arn, execution);
    this.running.add(execution);
    this.record(execution, 'ExecutionStarted', {
      executionStartedEventDetails: {
        input: inputText,
        inputDetails: { truncated: false },
        roleArn: this.roleArn(),
      },
    });
    if (machine.executionTimeoutSeconds !== undefined) {
      execution.timeoutAt = execution.startDate.getTime() + machine.executionTimeoutSeconds * 1000;
      this.clock.reschedule();
    }
    const run = machine.machine.run(input, {
      noThrowOnAbort: true,
      context: {
        Execution: { Id: execution.arn, Name: name, RoleArn: this.roleArn() },
        StateMachine: { Id: machine.arn, Name: machine.name },
        Task: {
          // Callback tasks read `$$.Task.Token`: each read hands out a fresh token (LOCAL-STACK.md).
          get Token() {
            const token = newToken();
            execution.minted.add(token);
            return token;
          },
        },
      },
      overrides: {
        taskResourceLocalHandlers: this.overridesFor(execution),
        retryIntervalOverrides: this.retryOverridesFor(machine),
      },
    });
    execution.abort = run.abort;
    run.result.catch(() => undefined);
    void this.consume(execution, run.eventLogs);
    return { executionArn: execution.arn, startDate: execution.startDate };
  }

  /** The execution's status, input and (when closed) output or error. */
  describeExecution(executionArn: string): DescribeExecutionOutput {
    const execution = this.executionByArn(executionArn);
    return {
      executionArn: execution.arn,
      stateMachineArn: execution.machine.arn,
      name: execution.name,
      status: execution.status,
      startDate: execution.startDate,
      stopDate: execution.stopDate,
      input: execution.input,
      inputDetails: { included: true },
      ...(execution.output === undefined
        ? {}
        : { output: execution.output, outputDetails: { included: true } }),
      ...(execution.error === undefined ? {} : { error: execution.error }),
      ...(execution.cause === undefined ? {} : { cause: execution.cause }),
    };
  }

  /** The executions of a machine, newest first, optionally filtered by status; paginated. */
  listExecutions(
    stateMachineArn: string,
    options: { statusFilter?: ExecutionStatus; maxResults?: number; nextToken?: string } = {},
  ): ListExecutionsOutput {
    const machine = this.machineByArn(stateMachineArn);
    const items: ExecutionListItem[] = [...machine.executions.values()]
      .filter((execution) => options.statusFilter === undefined || execution.status === options.statusFilter)
      .sort((a, b) => b.startDate.getTime() - a.startDate.getTime() || b.sequence - a.sequence)
      .map((execution) => ({
        executionArn: execution.arn,
        stateMachineArn: machine.arn,
        name: execution.name,
        status: execution.status,
        startDate: execution.startDate,
        stopDate: execution.stopDate,
      }));
    const page = paginate(items, options.maxResults, options.nextToken);
    return { executions: page.items, nextToken: page.nextToken };
  }

  /**
   * The execution's events: ExecutionStarted, <Type>StateEntered/Exited, TaskScheduled/Started/
   * Submitted/Succeeded/Failed/TimedOut (LambdaFunction* for a Resource that is a Lambda ARN),
   * MapIteration*, and ExecutionSucceeded/Failed/Aborted/TimedOut.
   */
  getExecutionHistory(
    executionArn: string,
    options: { maxResults?: number; nextToken?: string; reverseOrder?: boolean } = {},
  ): GetExecutionHistoryOutput {
    const execution = this.executionByArn(executionArn);
    const events = options.reverseOrder ? [...execution.events].reverse() : [...execution.events];
    const page = paginate(events, options.maxResults, options.nextToken);
    return { events: page.items, nextToken: page.nextToken };
  }

  /** Stops a running execution (ABORTED); a closed one is left as it is. */
  stopExecution(executionArn: string, options: { error?: string; cause?: string } = {}): StopExecutionOutput {
    const execution = this.executionByArn(executionArn);
    this.terminate(execution, 'ABORTED', options.error, options.cause);
    return { stopDate: execution.stopDate ?? this.clock.now() };
  }

  /** Completes the callback task holding `taskToken` with `output` (a JSON text). */
  sendTaskSuccess(taskToken: string, output: string): Record<string, never> {
    const pending = this.pendingToken(taskToken);
    const value = parseJson(output, 'InvalidOutput');
    this.closeToken(pending, 'closed');
    pending.outcome.resolve(value);
    return {};
  }

  /** Fails the callback task holding `taskToken`; `error` is the name the ASL's Retry/Catch match. */
  sendTaskFailure(taskToken: string, error?: string, cause?: string): Record<string, never> {
    const pending = this.pendingToken(taskToken);
    this.closeToken(pending, 'closed');
    pending.outcome.reject(new TaskError(error ?? '', cause ?? ''));
    return {};
  }

  /** Restarts the heartbeat interval of the callback task holding `taskToken`. */
  sendTaskHeartbeat(taskToken: string): Record<string, never> {
    const pending = this.pendingToken(taskToken);
    if (pending.heartbeatSeconds !== undefined) {
      pending.heartbeatDeadline = this.clock.now().getTime() + pending.heartbeatSeconds * 1000;
      this.clock.reschedule();
    }
    return {};
  }

  /**
   * Resolves when every execution is finished or blocked on a callback token or on the clock
   * (a Wait state): no task handler, retry pause or state transition is in flight.
   */
  async awaitIdle(): Promise<void> {
    for (;;) {
      // A macrotask turn lets every microtask-driven state transition reach its next task.
      await nextTurn();
      if (this.busy > 0) {
        await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
        continue;
      }
      await nextTurn();
      if (this.busy === 0) return;
    }
  }

  /** Aborts every running execution, detaches from the clock and waits (≤ 5 s) for handlers in flight. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.unsubscribe();
    for (const execution of [...this.running]) {
      this.terminate(execution, 'ABORTED', 'States.Runtime', '本地工作流引擎已停止');
    }
    await Promise.race([this.awaitIdle(), sleep(5000, undefined, { ref: false })]);
  }

  private overridesFor(execution: ExecutionRecord): LocalHandlers {
    const handlers: LocalHandlers = {};
    for (const spec of execution.machine.tasks.values()) {
      handlers[spec.stateName] = (input) => this.runTask(execution, spec, input as Json) as never;
    }
    for (const spec of execution.machine.waits.values()) {
      handlers[spec.stateName] = (input) => this.runWait(execution, spec, input as Json) as never;
    }
    return handlers;
  }

  private retryOverridesFor(machine: MachineRecord): Record<string, number> | undefined {
    if (this.retryIntervalMs === undefined) return undefined;
    return Object.fromEntries([...machine.stateTypes.keys()].map((name) => [name, this.retryIntervalMs!]));
  }

  /** A Task state: attempts with Retry (removed from what the library sees), events, timeouts. */
  private async runTask(execution: ExecutionRecord, spec: TaskSpec, input: Json): Promise<Json> {
    const work = this.beginWork();
    try {
      // Claim synchronously: the library reads `$$.Task.Token` right before calling this override.
      let token = spec.callback ? claimToken(execution, input) : undefined;
      // Let the history consumer record <Type>StateEntered before this task's own events.
      await nextTurn();
      const attempts = spec.retriers.map(() => 0);
      let attemptInput = input;
      for (;;) {
        this.assertRunning(execution);
        try {
          return token === undefined
            ? await this.attemptCall(execution, spec, attemptInput)
            : await this.attemptCallback(execution, spec, attemptInput, token, work);
        } catch (error) {
          this.assertRunning(execution);
          const delay = retryDelayMs(spec.retriers, attempts, error, this.retryIntervalMs);
          if (delay === undefined) throw error;
          if (delay > 0) await sleep(delay);
          if (token !== undefined) {
            // A retried state evaluates its Parameters again: a new token replaces the old one.
            const fresh = newToken();
            attemptInput = replaceString(attemptInput, token, fresh);
            token = fresh;
          }
        }
      }
    } finally {
      work.end();
    }
  }

  /** A request-response task: the handler's result (wrapped as lambda:invoke answers) is the result. */
  private async attemptCall(execution: ExecutionRecord, spec: TaskSpec, input: Json): Promise<Json> {
    const events = taskEventNames(spec);
    this.recordScheduled(execution, spec, input, spec.timeoutSeconds);
    this.record(execution, events.started, startedDetails(spec));
    try {
      const result = await this.withWallTimeout(this.invoke(spec, input), spec.timeoutSeconds);
      this.assertRunning(execution);
      this.recordSucceeded(execution, spec, JSON.stringify(result));
      return result;
    } catch (error) {
      this.recordFailure(execution, spec, error);
      throw error;
    }
  }

  /** A `.waitForTaskToken` task: invoke the target (if any), then wait for the token on the platform clock. */
  private async attemptCallback(
    execution: ExecutionRecord,
    spec: TaskSpec,
    input: Json,
    token: string,
    work: Work,
  ): Promise<Json> {
    const now = this.clock.now().getTime();
    const timeoutSeconds =
      readSeconds(spec.timeoutSeconds, spec.timeoutSecondsPath, input) ?? DEFAULT_TASK_TIMEOUT_SECONDS;
    const heartbeatSeconds = readSeconds(spec.heartbeatSeconds, spec.heartbeatSecondsPath, input);
    const pending: PendingToken = {
      token,
      execution,
      deadline: now + timeoutSeconds * 1000,
      heartbeatSeconds,
      heartbeatDeadline: heartbeatSeconds === undefined ? undefined : now + heartbeatSeconds * 1000,
      outcome: Promise.withResolvers<Json>(),
    };
    // Registered before the target runs: it may send the token back before it returns.
    this.tokens.set(token, pending);
    execution.tokens.add(token);
    this.clock.reschedule();
    this.recordScheduled(execution, spec, input, timeoutSeconds, heartbeatSeconds);
    this.record(execution, 'TaskStarted', startedDetails(spec));
    try {
      if (this.hasTarget(spec)) {
        const response = await this.invoke(spec, input);
        this.assertRunning(execution);
        this.record(execution, 'TaskSubmitted', {
          taskSubmittedEventDetails: {
            ...resourceOf(spec),
            output: JSON.stringify(response),
            outputDetails: { truncated: false },
          },
        });
      }
      work.pause();
      const output = await pending.outcome.promise;
      work.resume();
      this.assertRunning(execution);
      this.recordSucceeded(execution, spec, JSON.stringify(output));
      return output;
    } catch (error) {
      work.resume();
      if (this.tokens.get(token) === pending) this.closeToken(pending, 'closed');
      this.recordFailure(execution, spec, error);
      throw error;
    }
  }

  /** A Wait state (handed to the library as a Task): waits on the platform clock; output = input. */
  private async runWait(execution: ExecutionRecord, spec: WaitSpec, input: Json): Promise<Json> {
    const work = this.beginWork();
    try {
      const until = waitUntil(spec, input, this.clock.now().getTime());
      if (until <= this.clock.now().getTime()) return input;
      const pending: PendingWait = { execution, until, outcome: Promise.withResolvers<void>() };
      this.waits.add(pending);
      execution.waits.add(pending);
      this.clock.reschedule();
      work.pause();
      await pending.outcome.promise;
      work.resume();
      return input;
    } finally {
      work.end();
    }
  }

  /** Calls the task's handler; lambda:invoke results come wrapped as the service integration answers. */
  private async invoke(spec: TaskSpec, input: Json): Promise<Json> {
    const target = this.targetOf(spec, input);
    if (!target.handler) {
      throw target.lambda
        ? new TaskError(
            'Lambda.ResourceNotFoundException',
            `Function not found: ${target.name} (no local task handler is registered under that name)`,
          )
        : new TaskError('States.TaskFailed', `No local task handler for resource ${spec.resource}`);
    }
    const handler = target.handler;
    let result: unknown;
    try {
      result = await Promise.resolve().then(() => handler(jsonClone(target.payload)));
    } catch (error) {
      throw lambdaFunctionError(error);
    }
    const payload = jsonClone((result ?? null) as Json);
    if (!target.wrap) return payload;
    return {
      ExecutedVersion: '$LATEST',
      Payload: payload,
      SdkHttpMetadata: { HttpStatusCode: 200 },
      SdkResponseMetadata: { RequestId: randomUUID() },
      StatusCode: 200,
    };
  }

  private hasTarget(spec: TaskSpec): boolean {
    return spec.integration === 'lambda-arn' || (spec.service === 'lambda' && spec.action === 'invoke')
      ? true
      : this.lookupHandler([spec.resource, `${spec.service}:${spec.action}`]) !== undefined;
  }

  private targetOf(
    spec: TaskSpec,
    input: Json,
  ): { handler?: TaskHandler; payload: Json; wrap: boolean; lambda: boolean; name: string } {
    if (spec.integration === 'lambda-arn') {
      const name = functionNameOf(spec.resource);
      return {
        handler: this.lookupHandler([spec.resource, name]),
        payload: input,
        wrap: false,
        lambda: true,
        name,
      };
    }
    if (spec.service === 'lambda' && spec.action === 'invoke') {
      const parameters = isObject(input) ? input : {};
      const reference = typeof parameters.FunctionName === 'string' ? parameters.FunctionName : '';
      const name = functionNameOf(reference);
      const payload = parameters.Payload === undefined ? {} : parameters.Payload;
      return { handler: this.lookupHandler([reference, name]), payload, wrap: true, lambda: true, name };
    }
    const handler = this.lookupHandler([spec.resource, `${spec.service}:${spec.action}`]);
    return { handler, payload: input, wrap: false, lambda: false, name: spec.resource };
  }

  private lookupHandler(keys: string[]): TaskHandler | undefined {
    for (const key of keys) {
      if (Object.hasOwn(this.taskHandlers, key)) return this.taskHandlers[key];
    }
    return undefined;
  }

  private async withWallTimeout<T>(work: Promise<T>, timeoutSeconds: number | undefined): Promise<T> {
    if (timeoutSeconds === undefined) return work;
    const TimeoutError = await statesTimeoutErrorClass();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TimeoutError()), Math.min(MAX_TIMER_MS, timeoutSeconds * 1000));
    });
    try {
      return await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The clock moved: fail due tokens, end due waits and executions, then let everything run on. */
  private async onClockAdvance(): Promise<void> {
    const TimeoutError = await statesTimeoutErrorClass();
    for (let round = 0; round < 1000; round += 1) {
      const expired = this.expireDue(TimeoutError);
      await this.awaitIdle();
      if (expired === 0) return;
    }
  }

  private expireDue(TimeoutError: new () => Error): number {
    const now = this.clock.now().getTime();
    let expired = 0;
    for (const execution of [...this.running]) {
      if (execution.timeoutAt !== undefined && execution.timeoutAt <= now) {
        this.terminate(execution, 'TIMED_OUT', 'States.Timeout', 'The execution timed out (TimeoutSeconds).');
        expired += 1;
      }
    }
    for (const pending of [...this.tokens.values()]) {
      if (pending.deadline <= now) {
        this.closeToken(pending, 'timedOut');
        pending.outcome.reject(new TimeoutError());
        expired += 1;
      } else if (pending.heartbeatDeadline !== undefined && pending.heartbeatDeadline <= now) {
        this.closeToken(pending, 'timedOut');
        pending.outcome.reject(
          new TaskError('States.HeartbeatTimeout', 'No heartbeat within HeartbeatSeconds.'),
        );
        expired += 1;
      }
    }
    for (const pending of [...this.waits]) {
      if (pending.until <= now) {
        this.waits.delete(pending);
        pending.execution.waits.delete(pending);
        pending.outcome.resolve();
        expired += 1;
      }
    }
    return expired;
  }

  private nextDueAt(): Date | undefined {
    let earliest = Number.POSITIVE_INFINITY;
    for (const execution of this.running) earliest = Math.min(earliest, execution.timeoutAt ?? earliest);
    for (const pending of this.tokens.values()) {
      earliest = Math.min(earliest, pending.deadline, pending.heartbeatDeadline ?? earliest);
    }
    for (const pending of this.waits) earliest = Math.min(earliest, pending.until);
    return Number.isFinite(earliest) ? new Date(earliest) : undefined;
  }

  /** Closes a running execution from outside (StopExecution, execution timeout, engine stop). */
  private terminate(
    execution: ExecutionRecord,
    status: 'ABORTED' | 'TIMED_OUT',
    error?: string,
    cause?: string,
  ) {
    if (execution.status !== 'RUNNING') return;
    execution.status = status;
    execution.stopDate = this.clock.now();
    execution.error = error;
    execution.cause = cause;
    this.record(
      execution,
      status === 'ABORTED' ? 'ExecutionAborted' : 'ExecutionTimedOut',
      status === 'ABORTED'
        ? { executionAbortedEventDetails: { error, cause } }
        : { executionTimedOutEventDetails: { error, cause } },
    );
    this.release(execution);
    execution.abort?.();
  }

  /** Closes a finished execution's leftovers (e.g. tokens of Parallel branches the library abandoned). */
  private release(execution: ExecutionRecord): void {
    this.running.delete(execution);
    for (const token of [...execution.tokens]) {
      const pending = this.tokens.get(token);
      if (!pending) continue;
      this.closeToken(pending, 'closed');
      pending.outcome.reject(new ExecutionStopped());
    }
    for (const pending of [...execution.waits]) {
      this.waits.delete(pending);
      execution.waits.delete(pending);
      pending.outcome.reject(new ExecutionStopped());
    }
    this.clock.reschedule();
  }

  private async consume(execution: ExecutionRecord, events: AsyncGenerator<EventLog>): Promise<void> {
    try {
      for await (const event of events) this.onLibraryEvent(execution, event);
    } catch (error) {
      console.error('local sfn engine: event log failed', error);
    }
  }

  private onLibraryEvent(execution: ExecutionRecord, event: EventLog): void {
    if (execution.status !== 'RUNNING') return;
    switch (event.type) {
      case 'StateEntered': {
        const type = execution.machine.stateTypes.get(event.state.name) ?? event.state.type;
        this.record(execution, `${type}StateEntered` as HistoryEventType, {
          stateEnteredEventDetails: {
            name: event.state.name,
            input: JSON.stringify(event.state.input),
            inputDetails: { truncated: false },
          },
        });
        return;
      }
      case 'StateExited': {
        const type = execution.machine.stateTypes.get(event.state.name) ?? event.state.type;
        this.record(execution, `${type}StateExited` as HistoryEventType, {
          stateExitedEventDetails: {
            name: event.state.name,
            output: JSON.stringify(event.state.output ?? null),
            outputDetails: { truncated: false },
          },
        });
        return;
      }
      case 'MapIterationStarted':
      case 'MapIterationSucceeded':
      case 'MapIterationFailed': {
        const key = `${event.type[0]!.toLowerCase()}${event.type.slice(1)}EventDetails`;
        this.record(execution, event.type, { [key]: { name: event.parentState.name, index: event.index } });
        return;
      }
      case 'ExecutionSucceeded': {
        execution.status = 'SUCCEEDED';
        execution.stopDate = this.clock.now();
        execution.output = JSON.stringify(event.output ?? null);
        this.record(execution, 'ExecutionSucceeded', {
          executionSucceededEventDetails: { output: execution.output, outputDetails: { truncated: false } },
        });
        this.release(execution);
        return;
      }
      case 'ExecutionFailed': {
        execution.status = 'FAILED';
        execution.stopDate = this.clock.now();
        execution.error = event.Error;
        execution.cause = typeof event.Cause === 'string' ? event.Cause : JSON.stringify(event.Cause ?? '');
        this.record(execution, 'ExecutionFailed', {
          executionFailedEventDetails: { error: execution.error, cause: execution.cause },
        });
        this.release(execution);
        return;
      }
      default:
        return;
    }
  }

  private recordScheduled(
    execution: ExecutionRecord,
    spec: TaskSpec,
    input: Json,
    timeoutSeconds?: number,
    heartbeatSeconds?: number,
  ): void {
    if (spec.integration === 'lambda-arn') {
      this.record(execution, 'LambdaFunctionScheduled', {
        lambdaFunctionScheduledEventDetails: {
          resource: spec.resource,
          input: JSON.stringify(input),
          inputDetails: { truncated: false },
          timeoutInSeconds: timeoutSeconds,
        },
      });
      return;
    }
    this.record(execution, 'TaskScheduled', {
      taskScheduledEventDetails: {
        ...resourceOf(spec),
        region: this.region,
        parameters: JSON.stringify(input),
        timeoutInSeconds: timeoutSeconds,
        heartbeatInSeconds: heartbeatSeconds,
      },
    });
  }

  private recordSucceeded(execution: ExecutionRecord, spec: TaskSpec, output: string): void {
    if (spec.integration === 'lambda-arn') {
      this.record(execution, 'LambdaFunctionSucceeded', {
        lambdaFunctionSucceededEventDetails: { output, outputDetails: { truncated: false } },
      });
      return;
    }
    this.record(execution, 'TaskSucceeded', {
      taskSucceededEventDetails: { ...resourceOf(spec), output, outputDetails: { truncated: false } },
    });
  }

  private recordFailure(execution: ExecutionRecord, spec: TaskSpec, error: unknown): void {
    if (execution.status !== 'RUNNING' || error instanceof ExecutionStopped) return;
    const name = error instanceof Error ? error.name : 'Error';
    const cause = error instanceof Error ? error.message : String(error);
    const timedOut = name === 'States.Timeout' || name === 'States.HeartbeatTimeout';
    const events = taskEventNames(spec);
    const type = timedOut ? events.timedOut : events.failed;
    if (spec.integration === 'lambda-arn') {
      const key = timedOut ? 'lambdaFunctionTimedOutEventDetails' : 'lambdaFunctionFailedEventDetails';
      this.record(execution, type, { [key]: { error: name, cause } });
      return;
    }
    const key = timedOut ? 'taskTimedOutEventDetails' : 'taskFailedEventDetails';
    this.record(execution, type, { [key]: { ...resourceOf(spec), error: name, cause } });
  }

  private record(execution: ExecutionRecord, type: HistoryEventType, details: Partial<HistoryEvent>): void {
    const id = execution.events.length + 1;
    execution.events.push({ timestamp: this.clock.now(), type, id, previousEventId: id - 1, ...details });
  }

  private pendingToken(taskToken: string): PendingToken {
    if (typeof taskToken !== 'string' || !TOKEN_PATTERN.test(taskToken)) {
      throw new SfnServiceError('InvalidToken', 'Invalid Token: the task token is malformed');
    }
    const pending = this.tokens.get(taskToken);
    if (pending) return pending;
    if (this.closedTokens.get(taskToken) === 'timedOut') {
      throw new SfnServiceError('TaskTimedOut', 'Task Timed Out: the task of this token has timed out');
    }
    throw new SfnServiceError('TaskDoesNotExist', 'Task Does Not Exist: no open task holds this token');
  }

  private closeToken(pending: PendingToken, how: 'closed' | 'timedOut'): void {
    this.tokens.delete(pending.token);
    this.closedTokens.set(pending.token, how);
    pending.execution.tokens.delete(pending.token);
  }

  private beginWork(): Work {
    let held = true;
    this.busy += 1;
    const release = () => {
      if (!held) return;
      held = false;
      this.busy -= 1;
      if (this.busy === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
    };
    return {
      pause: release,
      resume: () => {
        if (held) return;
        held = true;
        this.busy += 1;
      },
      end: release,
    };
  }

  private assertRunning(execution: ExecutionRecord): void {
    if (execution.status !== 'RUNNING') throw new ExecutionStopped();
  }

  private assertNotStopped(): void {
    if (this.stopped) throw new SfnServiceError('ValidationException', 'The local engine has been stopped');
  }

  private machineByArn(stateMachineArn: string): MachineRecord {
    const name = /:stateMachine:([^:]+)$/.exec(String(stateMachineArn))?.[1];
    if (name === undefined) throw new SfnServiceError('InvalidArn', `Invalid Arn: '${stateMachineArn}'`);
    const machine = this.machines.get(name);
    if (!machine) {
      throw new SfnServiceError(
        'StateMachineDoesNotExist',
        `State Machine Does Not Exist: '${stateMachineArn}'`,
      );
    }
    return machine;
  }

  private executionByArn(executionArn: string): ExecutionRecord {
    if (!/:execution:[^:]+:[^:]+$/.test(String(executionArn))) {
      throw new SfnServiceError('InvalidArn', `Invalid Arn: '${executionArn}'`);
    }
    const execution = this.executions.get(executionArn);
    if (!execution)
      throw new SfnServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    return execution;
  }

  private arn(kind: 'stateMachine' | 'execution', rest: string): string {
    return `arn:${this.partition}:states:${this.region}:${this.accountId}:${kind}:${rest}`;
  }

  private roleArn(): string {
    return `arn:${this.partition}:iam::${this.accountId}:role/local-step-functions`;
  }
}

interface PreparedDefinition {
  definition: StateMachineDefinition;
  tasks: Map<string, TaskSpec>;
  waits: Map<string, WaitSpec>;
  stateTypes: Map<string, string>;
  executionTimeoutSeconds?: number;
}

type StateNode = Record<string, unknown> & { Type: string };
type MachineNode = { States: Record<string, StateNode>; TimeoutSeconds?: number };

/**
 * The definition the library runs: Retry and timeouts of Tasks are kept here (the library gets a
 * capped TimeoutSeconds), Wait states become Tasks served by the engine, the execution timeout is
 * enforced on the platform clock. State names are the override keys, so they must be unique.
 */
function prepareDefinition(original: object, libraryTimeoutSeconds: number): PreparedDefinition {
  const definition = structuredClone(original) as MachineNode;
  const tasks = new Map<string, TaskSpec>();
  const waits = new Map<string, WaitSpec>();
  const stateTypes = new Map<string, string>();
  const visit = (machine: MachineNode) => {
    for (const [name, state] of Object.entries(machine.States)) {
      if (stateTypes.has(name)) {
        throw new SfnServiceError('InvalidDefinition', `State name '${name}' is used more than once`);
      }
      stateTypes.set(name, state.Type);
      if (state.Type === 'Task') {
        tasks.set(name, taskSpecOf(name, state));
        delete state.Retry;
        delete state.TimeoutSecondsPath;
        delete state.HeartbeatSeconds;
        delete state.HeartbeatSecondsPath;
        state.TimeoutSeconds = libraryTimeoutSeconds;
      } else if (state.Type === 'Wait') {
        waits.set(name, {
          stateName: name,
          seconds: state.Seconds as number | undefined,
          timestamp: state.Timestamp as string | undefined,
          secondsPath: state.SecondsPath as string | undefined,
          timestampPath: state.TimestampPath as string | undefined,
        });
        const task: StateNode = {
          Type: 'Task',
          Resource: WAIT_RESOURCE,
          TimeoutSeconds: libraryTimeoutSeconds,
        };
        for (const key of ['Comment', 'InputPath', 'OutputPath', 'Next', 'End']) {
          if (key in state) task[key] = state[key];
        }
        machine.States[name] = task;
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
    executionTimeoutSeconds,
  };
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
    timeoutSecondsPath: state.TimeoutSecondsPath as string | undefined,
    heartbeatSeconds: state.HeartbeatSeconds as number | undefined,
    heartbeatSecondsPath: state.HeartbeatSecondsPath as string | undefined,
    retriers: (state.Retry as Retrier[] | undefined) ?? [],
  };
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const index = text.indexOf(separator);
  return index < 0 ? [text, undefined] : [text.slice(0, index), text.slice(index + 1)];
}

function taskEventNames(spec: TaskSpec): {
  started: HistoryEventType;
  failed: HistoryEventType;
  timedOut: HistoryEventType;
} {
  return spec.integration === 'lambda-arn'
    ? { started: 'LambdaFunctionStarted', failed: 'LambdaFunctionFailed', timedOut: 'LambdaFunctionTimedOut' }
    : { started: 'TaskStarted', failed: 'TaskFailed', timedOut: 'TaskTimedOut' };
}

function resourceOf(spec: TaskSpec): { resourceType: string; resource: string } {
  return spec.integration === 'service'
    ? { resourceType: spec.service!, resource: spec.resource.replace(/^arn:[^:]+:states:::[^:]+:/, '') }
    : { resourceType: 'other', resource: spec.resource };
}

function startedDetails(spec: TaskSpec): Partial<HistoryEvent> {
  return spec.integration === 'lambda-arn' ? {} : { taskStartedEventDetails: resourceOf(spec) };
}

/**
 * The delay before the next attempt, or undefined when no retrier applies (AWS rules: the first
 * retrier whose ErrorEquals matches decides; States.TaskFailed matches all but States.Timeout).
 */
function retryDelayMs(
  retriers: Retrier[],
  attempts: number[],
  error: unknown,
  overrideMs: number | undefined,
): number | undefined {
  if ((error as { isRetryable?: boolean }).isRetryable === false) return undefined;
  const name = error instanceof Error ? error.name : 'Error';
  for (const [index, retrier] of retriers.entries()) {
    const matches = retrier.ErrorEquals.some(
      (pattern) =>
        pattern === name ||
        pattern === 'States.ALL' ||
        (pattern === 'States.TaskFailed' && name !== 'States.Timeout'),
    );
    if (!matches) continue;
    const done = attempts[index] ?? 0;
    if (done >= (retrier.MaxAttempts ?? 3)) return undefined;
    attempts[index] = done + 1;
    if (overrideMs !== undefined) return overrideMs;
    const interval = (retrier.IntervalSeconds ?? 1) * (retrier.BackoffRate ?? 2) ** done;
    const delay = Math.min(interval, retrier.MaxDelaySeconds ?? Number.POSITIVE_INFINITY) * 1000;
    return retrier.JitterStrategy === 'FULL' ? Math.random() * delay : delay;
  }
  return undefined;
}

/** The failure of a Lambda function as Step Functions reports it: errorType as the name, a JSON cause. */
function lambdaFunctionError(error: unknown): TaskError {
  const errorType = error instanceof Error ? error.name : 'Error';
  const errorMessage = error instanceof Error ? error.message : String(error);
  const trace = error instanceof Error && error.stack ? error.stack.split('\n').slice(1, 11) : [];
  return new TaskError(errorType, JSON.stringify({ errorType, errorMessage, trace }));
}

function newToken(): string {
  return randomBytes(48).toString('base64url');
}

/** The token this callback task's Parameters carry (minted by `$$.Task.Token`), or a fresh one. */
function claimToken(execution: ExecutionRecord, input: Json): string {
  const found = findString(input, (text) => execution.minted.has(text));
  execution.minted.clear();
  return found ?? newToken();
}

function findString(value: Json, predicate: (text: string) => boolean): string | undefined {
  if (typeof value === 'string') return predicate(value) ? value : undefined;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findString(item, predicate);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (isObject(value)) {
    for (const item of Object.values(value)) {
      const found = findString(item, predicate);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

function replaceString(value: Json, from: string, to: string): Json {
  if (value === from) return to;
  if (Array.isArray(value)) return value.map((item) => replaceString(item, from, to));
  if (isObject(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, replaceString(item, from, to)]),
    );
  }
  return value;
}

function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function jsonClone(value: Json): Json {
  return JSON.parse(JSON.stringify(value ?? null)) as Json;
}

function parseJson(text: string, errorType: SfnErrorType): Json {
  try {
    return JSON.parse(text) as Json;
  } catch {
    throw new SfnServiceError(errorType, `${errorType}: not valid JSON`);
  }
}

/** AWS naming rules: 1–80 characters, no whitespace, brackets, wildcards, punctuation below, controls. */
function assertName(name: string): void {
  const valid =
    typeof name === 'string' &&
    name.length >= 1 &&
    name.length <= 80 &&
    ![...name].some((char) => NAME_FORBIDDEN.includes(char) || /\s/.test(char) || isControl(char));
  if (!valid) throw new SfnServiceError('InvalidName', `Invalid Name: '${name}'`);
}

function isControl(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  return code <= 0x1f || (code >= 0x7f && code <= 0x9f);
}

/** Lambda function name from a name, `name:qualifier`, partial ARN or full ARN. */
function functionNameOf(reference: string): string {
  return /(?:^|:)function:([^:]+)/.exec(reference)?.[1] ?? reference.split(':')[0] ?? reference;
}

/** TimeoutSeconds/HeartbeatSeconds, or their *Path read from the task's effective input. */
function readSeconds(seconds: number | undefined, path: string | undefined, input: Json): number | undefined {
  if (seconds !== undefined) return seconds;
  if (path === undefined) return undefined;
  const value = readPath(path, input);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new StatesRuntimeError(`Path '${path}' must point to a positive integer`);
  }
  return value;
}

/** The instant (ms) a Wait state ends, on the platform clock. */
function waitUntil(spec: WaitSpec, input: Json, now: number): number {
  if (spec.seconds !== undefined) return now + spec.seconds * 1000;
  if (spec.timestamp !== undefined) {
    const instant = Date.parse(spec.timestamp);
    if (Number.isNaN(instant)) throw new StatesRuntimeError(`Timestamp '${spec.timestamp}' is not ISO 8601`);
    return instant;
  }
  if (spec.secondsPath !== undefined) {
    const seconds = readPath(spec.secondsPath, input);
    if (typeof seconds !== 'number' || seconds < 0) {
      throw new StatesRuntimeError(`Path '${spec.secondsPath}' must point to a non-negative number`);
    }
    return now + seconds * 1000;
  }
  if (spec.timestampPath !== undefined) {
    const timestamp = readPath(spec.timestampPath, input);
    const instant = typeof timestamp === 'string' ? Date.parse(timestamp) : Number.NaN;
    if (Number.isNaN(instant)) {
      throw new StatesRuntimeError(`Path '${spec.timestampPath}' must point to an ISO 8601 timestamp`);
    }
    return instant;
  }
  return now;
}

/** A reference path (`$`, `.name`, `['name']`, `[0]`) into a JSON value. */
function readPath(path: string, input: Json): Json | undefined {
  if (!path.startsWith('$') || path.startsWith('$$')) {
    throw new StatesRuntimeError(`Unsupported path '${path}' (the local engine reads only the state input)`);
  }
  const segments = /\.([^.[\]]+)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\]/gy;
  segments.lastIndex = 1;
  let current: Json | undefined = input;
  while (segments.lastIndex < path.length) {
    const match = segments.exec(path);
    if (!match) throw new StatesRuntimeError(`Unsupported path '${path}'`);
    const key = match[1] ?? match[3] ?? match[4];
    if (key !== undefined) current = isObject(current) ? current[key] : undefined;
    else current = Array.isArray(current) ? current[Number(match[2])] : undefined;
  }
  return current;
}

function paginate<T>(
  items: T[],
  maxResults?: number,
  nextToken?: string,
): { items: T[]; nextToken?: string } {
  const size = Math.min(maxResults && maxResults > 0 ? maxResults : DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const start =
    nextToken === undefined ? 0 : Number.parseInt(Buffer.from(nextToken, 'base64url').toString(), 10);
  if (!Number.isInteger(start) || start < 0)
    throw new SfnServiceError('InvalidToken', 'Invalid Token: nextToken');
  const end = start + size;
  return {
    items: items.slice(start, end),
    nextToken: end < items.length ? Buffer.from(String(end)).toString('base64url') : undefined,
  };
}
