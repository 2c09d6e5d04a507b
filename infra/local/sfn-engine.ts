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
import { type RunOptions, StateMachine } from 'aws-local-stepfunctions';
import type { PlatformClock } from './platform-clock.ts';
import {
  type CallbackInput,
  callbackTimeouts,
  type Json,
  type PreparedDefinition,
  prepareDefinition,
  statesTimeoutErrorClass,
  type TaskSpec,
  type WaitInput,
  waitEndsAt,
} from './sfn-definition.ts';

/**
 * The local Step Functions engine (DESIGN.md §4). aws-local-stepfunctions@3 runs the ASL: Choice,
 * Pass, Parallel, Map, Retry, Catch, paths and intrinsics are all its own. Its Task states are
 * served by local handlers (`taskResourceLocalHandlers`, keyed by state name). This wrapper adds
 * only what the library does not do (LOCAL-STACK.md):
 * - the Step Functions API around it: state machines and executions with names and ARNs, describe,
 *   list, stop and an execution history (the library only yields an in-process event log);
 * - callback tasks (`.waitForTaskToken`): the library has none; `$$.Task.Token` comes from the
 *   execution's context object and the task's handler waits for SendTaskSuccess/Failure;
 * - time on the platform clock: the library's timers are wall-clock setTimeouts that overflow
 *   above ≈ 24.8 days, so callback TimeoutSeconds/HeartbeatSeconds, Wait states and the execution's
 *   TimeoutSeconds are enforced here, and the library is handed a definition whose timeouts a Node
 *   timer can hold (sfn-definition.ts says what changes in it, and why);
 * - `awaitIdle()`: the engine knows when work is in flight, so the platform can answer a staff
 *   action once every execution is finished or blocked on a token or on the clock.
 * It keeps no durable state (the library has no persistence either): after a restart the callers
 * start new executions, and the ASL's router resumes each round at its stored stage.
 */

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

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{64}$/;
const NAME_FORBIDDEN = '<>{}[]?*"#%\\^|~`$&,;:/';
const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 1000;

interface MachineRecord extends PreparedDefinition {
  name: string;
  arn: string;
  /** The definition as given (DescribeStateMachine answers it). */
  definitionText: string;
  creationDate: Date;
  machine: StateMachine;
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
  /** The token `$$.Task.Token` handed out while the library evaluated a task's Parameters. */
  minted?: string;
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
type EventLog = ReturnType<StateMachine['run']> extends { eventLogs: AsyncGenerator<infer E> } ? E : never;
type LocalHandlers = NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>;

/** A task's failure as the library sees it: `name` is the error name Retry/Catch match. */
class TaskError extends Error {
  constructor(name: string, cause: string) {
    super(cause);
    this.name = name;
  }
}

/** Unwinds an execution that was stopped or timed out: the library neither retries nor catches it. */
class ExecutionStopped extends Error {
  readonly isRetryable = false;
  readonly isCatchable = false;

  constructor() {
    super('Execution stopped');
    this.name = 'States.Runtime';
  }
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
  private readonly machines = new Map<string, MachineRecord>();
  private readonly executions = new Map<string, ExecutionRecord>();
  private readonly running = new Set<ExecutionRecord>();
  private readonly tokens = new Map<string, PendingToken>();
  private readonly closedTokens = new Map<string, 'closed' | 'timedOut'>();
  private readonly waits = new Set<PendingWait>();
  private readonly idleWaiters: Array<() => void> = [];
  private readonly unsubscribe: () => void;
  /** Task handlers in flight and not blocked on a token. */
  private busy = 0;
  private sequence = 0;
  private stopped = false;

  constructor(options: LocalSfnEngineOptions) {
    this.clock = options.clock;
    this.taskHandlers = options.taskHandlers;
    this.region = options.region ?? 'us-east-1';
    this.accountId = options.accountId ?? '000000000000';
    this.partition = this.region.startsWith('cn-') ? 'aws-cn' : 'aws';
    this.unsubscribe = this.clock.onAdvance(() => this.onClockAdvance(), {
      nextDueAt: () => this.nextDueAt(),
    });
    // Started early; a failure surfaces where the class is needed (onClockAdvance).
    statesTimeoutErrorClass().catch(() => undefined);
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
    let prepared: PreparedDefinition;
    try {
      prepared = prepareDefinition(definition);
    } catch (error) {
      throw new SfnServiceError('InvalidDefinition', (error as Error).message);
    }
    const record: MachineRecord = {
      ...prepared,
      name,
      arn: this.arn('stateMachine', name),
      definitionText,
      creationDate: this.clock.now(),
      machine: new StateMachine(prepared.definition, { validationOptions: { noValidate: true } }),
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
      // The library fills in Execution.Input and Execution.StartTime (the latter from the wall clock).
      context: {
        Execution: { Id: execution.arn, Name: name, RoleArn: this.roleArn() },
        StateMachine: { Id: machine.arn, Name: machine.name },
        Task: {
          // The library evaluates a task's Parameters and calls its handler in one synchronous step,
          // so the token read here is the one that task's handler claims (LOCAL-STACK.md).
          get Token() {
            execution.minted ??= newToken();
            return execution.minted;
          },
        },
      },
      overrides: {
        taskResourceLocalHandlers: this.handlersFor(execution),
        retryIntervalOverrides: machine.retryIntervalOverrides,
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
   * (a Wait state): no task handler or state transition is in flight. Transitions inside the library
   * are microtasks and Retry pauses are 0 ms (see prepareDefinition), so a macrotask turn with no
   * handler in flight means nothing else will move until a token arrives or the clock moves.
   */
  async awaitIdle(): Promise<void> {
    for (;;) {
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

  /** The library's local handlers for one execution: every Task state, and the Waits turned into Tasks. */
  private handlersFor(execution: ExecutionRecord): LocalHandlers {
    const handlers: LocalHandlers = {};
    for (const spec of execution.machine.tasks) {
      handlers[spec.stateName] = (input) =>
        (spec.callback
          ? this.runCallbackTask(execution, spec, input as unknown as CallbackInput)
          : this.runTask(execution, spec, input as Json)) as never;
    }
    for (const stateName of execution.machine.waits) {
      handlers[stateName] = (input) => this.runWait(execution, input as unknown as WaitInput) as never;
    }
    return handlers;
  }

  /** One attempt of a request-response task (the library retries and catches; its timer times out). */
  private async runTask(execution: ExecutionRecord, spec: TaskSpec, input: Json): Promise<Json> {
    execution.minted = undefined;
    this.busy += 1;
    try {
      await this.afterStateEntered(execution);
      this.recordScheduled(execution, spec, input, spec.timeoutSeconds);
      this.record(execution, taskEventNames(spec).started, startedDetails(spec));
      try {
        const result = await this.invoke(spec, input);
        this.assertRunning(execution);
        this.recordSucceeded(execution, spec, JSON.stringify(result));
        return result;
      } catch (error) {
        this.recordFailure(execution, spec, error);
        throw error;
      }
    } finally {
      this.release();
    }
  }

  /**
   * One attempt of a `.waitForTaskToken` task: invoke the target (if any), then wait for its token
   * with TimeoutSeconds and HeartbeatSeconds on the platform clock. A retried attempt gets a fresh
   * token because the library evaluates the Parameters (and so `$$.Task.Token`) again.
   */
  private async runCallbackTask(
    execution: ExecutionRecord,
    spec: TaskSpec,
    input: CallbackInput,
  ): Promise<Json> {
    // Claim synchronously: the library read `$$.Task.Token` just before calling this handler.
    const token = execution.minted ?? newToken();
    execution.minted = undefined;
    const { timeoutSeconds, heartbeatSeconds } = callbackTimeouts(input);
    const now = this.clock.now().getTime();
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
    this.busy += 1;
    try {
      await this.afterStateEntered(execution);
      this.recordScheduled(execution, spec, input.payload, timeoutSeconds, heartbeatSeconds);
      this.record(execution, 'TaskStarted', startedDetails(spec));
      if (this.hasTarget(spec)) {
        const response = await this.invoke(spec, input.payload);
        this.assertRunning(execution);
        this.record(execution, 'TaskSubmitted', {
          taskSubmittedEventDetails: {
            ...resourceOf(spec),
            output: JSON.stringify(response),
            outputDetails: { truncated: false },
          },
        });
      }
      const output = await this.blockedOn(pending.outcome.promise);
      this.assertRunning(execution);
      this.recordSucceeded(execution, spec, JSON.stringify(output));
      return output;
    } catch (error) {
      if (this.tokens.get(token) === pending) this.closeToken(pending, 'closed');
      this.recordFailure(execution, spec, error);
      throw error;
    } finally {
      this.release();
    }
  }

  /** A Wait state (handed to the library as a Task): waits on the platform clock; output = input. */
  private async runWait(execution: ExecutionRecord, wait: WaitInput): Promise<Json> {
    const now = this.clock.now().getTime();
    const until = waitEndsAt(wait, now);
    if (until <= now) return wait.input;
    const pending: PendingWait = { execution, until, outcome: Promise.withResolvers<void>() };
    this.waits.add(pending);
    execution.waits.add(pending);
    this.clock.reschedule();
    await pending.outcome.promise;
    return wait.input;
  }

  /**
   * The library dispatches StateEntered and calls the handler in the same synchronous step; one
   * macrotask turn lets the history consumer record StateEntered before the task's own events.
   */
  private async afterStateEntered(execution: ExecutionRecord): Promise<void> {
    await nextTurn();
    this.assertRunning(execution);
  }

  /** Waits for a token without counting as work in flight. */
  private async blockedOn<T>(promise: Promise<T>): Promise<T> {
    this.release();
    try {
      return await promise;
    } finally {
      this.busy += 1;
    }
  }

  private release(): void {
    this.busy -= 1;
    if (this.busy === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
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
    this.closeExecution(execution);
    execution.abort?.();
  }

  /**
   * Settles a closed execution's leftovers: its tokens and waits (a stopped one, or Parallel
   * branches the library abandoned after a sibling failed) end with a non-catchable error.
   */
  private closeExecution(execution: ExecutionRecord): void {
    this.running.delete(execution);
    for (const token of [...execution.tokens]) {
      const pending = this.tokens.get(token);
      if (!pending) continue;
      this.closeToken(pending, 'closed');
      pending.outcome.reject(new ExecutionStopped());
    }
    for (const pending of [...execution.waits]) {
      this.waits.delete(pending);
      pending.outcome.reject(new ExecutionStopped());
    }
    execution.waits.clear();
    this.clock.reschedule();
  }

  /** The library's event log becomes the execution history; its last event closes the execution. */
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
      case 'StateEntered':
        this.record(execution, `${this.typeOf(execution, event)}StateEntered` as HistoryEventType, {
          stateEnteredEventDetails: {
            name: event.state.name,
            input: JSON.stringify(event.state.input),
            inputDetails: { truncated: false },
          },
        });
        return;
      case 'StateExited':
        this.record(execution, `${this.typeOf(execution, event)}StateExited` as HistoryEventType, {
          stateExitedEventDetails: {
            name: event.state.name,
            output: JSON.stringify(event.state.output ?? null),
            outputDetails: { truncated: false },
          },
        });
        return;
      case 'StateFailed': {
        // A request-response task's TimeoutSeconds is the library's own (wall-clock) timer. Its
        // handler is not cancelled (nor is a Lambda on AWS): a late result is still recorded.
        const spec = execution.machine.tasks.find((task) => task.stateName === event.state.name);
        if (spec && !spec.callback && event.Error === 'States.Timeout') {
          this.recordFailure(execution, spec, new TaskError(event.Error, String(event.Cause)));
        }
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
        this.closeExecution(execution);
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
        this.closeExecution(execution);
        return;
      }
      default:
        return;
    }
  }

  /** The state's type as written: a Wait the library runs as a Task still reads as a Wait. */
  private typeOf(execution: ExecutionRecord, event: Extract<EventLog, { state: unknown }>): string {
    return execution.machine.stateTypes.get(event.state.name) ?? event.state.type;
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
