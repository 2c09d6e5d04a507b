import { readFileSync } from 'node:fs';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  ListExecutionsCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../../functions/domain/errors.ts';
import { PlatformClock } from '../../../infra/local/platform-clock.ts';
import { LocalSfnEngine, SfnServiceError } from '../../../infra/local/sfn-engine.ts';
import { localSfnClientConfig, type SfnServer, startSfnServer } from '../../../infra/local/sfn-server.ts';

const DAY_MS = 86_400_000;
const CHECK_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:check';
const NOTIFY_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:notify:live';
const PLACEHOLDERS: Record<string, string> = { CheckFunctionArn: CHECK_ARN, NotifyFunctionArn: NOTIFY_ARN };

/** The caller substitutes ${Placeholders} before handing the definition over (as CDK does on AWS). */
const sampleDefinition = (): object =>
  JSON.parse(
    readFileSync(new URL('./fixtures/engine-sample.asl.json', import.meta.url), 'utf8').replace(
      /\$\{(\w+)\}/g,
      (_match, name: string) => PLACEHOLDERS[name] ?? `<unknown ${name}>`,
    ),
  ) as object;

interface Notification {
  taskToken: string;
  subject: string;
  execution: string;
}

let check: (input: unknown) => Promise<unknown> = async () => ({ verdict: 'ok' });
const notifications: Notification[] = [];

const clock = new PlatformClock({ initial: new Date('2026-03-02T01:00:00.000Z'), ticking: false });
const engine = new LocalSfnEngine({
  clock,
  taskHandlers: {
    check: (input) => check(input),
    notify: async (input) => {
      notifications.push(input as Notification);
      return { sent: true };
    },
  },
});
let server: SfnServer;
let sfn: SFNClient;
let machineArn: string;

beforeAll(async () => {
  server = await startSfnServer(engine);
  sfn = new SFNClient(localSfnClientConfig(server.endpoint));
  machineArn = engine.createStateMachine('engine-sample', sampleDefinition()).stateMachineArn;
});

afterAll(async () => {
  sfn.destroy();
  await engine.stop();
  await server.stop();
});

let counter = 0;
const uniqueName = (prefix: string) => `${prefix}-${++counter}`;

async function start(input: object, name = uniqueName('exec')): Promise<string> {
  const { executionArn } = await sfn.send(
    new StartExecutionCommand({ stateMachineArn: machineArn, name, input: JSON.stringify(input) }),
  );
  await engine.awaitIdle();
  return executionArn!;
}

async function describeIt(executionArn: string) {
  return sfn.send(new DescribeExecutionCommand({ executionArn }));
}

async function historyTypes(executionArn: string): Promise<string[]> {
  const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
  return (events ?? []).map((event: HistoryEvent) => String(event.type));
}

function lastNotificationFor(executionArn: string): Notification {
  const notification = notifications.filter((item) => item.execution === executionArn).at(-1);
  if (!notification) throw new Error(`no notification for ${executionArn}`);
  return notification;
}

describe('LocalSfnEngine: Lambda tasks, Retry, Catch, Choice', () => {
  it('runs a Lambda task through the Choice router and retries a transient error', async () => {
    // Prepare
    let calls = 0;
    check = async () => {
      calls += 1;
      if (calls === 1) throw Object.assign(new Error('try again'), { name: 'TransientError' });
      return { verdict: 'ok' };
    };

    // Act
    const executionArn = await start({ mode: 'lambda' });

    // Assess
    const described = await describeIt(executionArn);
    expect(described.status).toBe('SUCCEEDED');
    expect(JSON.parse(described.output!)).toEqual({ mode: 'lambda', check: { verdict: 'ok' } });
    expect(described.startDate).toBeInstanceOf(Date);
    expect(described.startDate!.getTime()).toBe(clock.now().getTime());
    expect(calls).toBe(2);
    expect(await historyTypes(executionArn)).toEqual([
      'ExecutionStarted',
      'ChoiceStateEntered',
      'ChoiceStateExited',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskFailed',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'SucceedStateEntered',
      'SucceedStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('catches a DomainError by its code, with the Lambda-style JSON cause', async () => {
    // Prepare
    check = async () => {
      throw new DomainError('VALIDATION_FAILED', '统一社会信用代码格式不正确');
    };

    // Act
    const executionArn = await start({ mode: 'lambda' });

    // Assess
    const output = JSON.parse((await describeIt(executionArn)).output!);
    expect(output.outcome).toBe('rejected');
    expect(output.error.Error).toBe('VALIDATION_FAILED');
    expect(JSON.parse(output.error.Cause)).toMatchObject({
      errorType: 'VALIDATION_FAILED',
      errorMessage: '统一社会信用代码格式不正确',
    });
  });

  it('fails the execution when retries are exhausted', async () => {
    // Prepare
    let calls = 0;
    check = async () => {
      calls += 1;
      throw Object.assign(new Error('still down'), { name: 'TransientError' });
    };

    // Act
    const executionArn = await start({ mode: 'lambda' });

    // Assess
    const described = await describeIt(executionArn);
    expect(described.status).toBe('FAILED');
    expect(described.error).toBe('TransientError');
    expect(calls).toBe(3);
  });

  it('follows the Choice default to a Fail state', async () => {
    // Act
    const executionArn = await start({ mode: 'nonsense' });

    // Assess
    const described = await describeIt(executionArn);
    expect(described.status).toBe('FAILED');
    expect(described.error).toBe('UnknownMode');
    expect(described.cause).toBe('no route for this mode');
  });

  it('fails with Lambda.ResourceNotFoundException when no handler has the function name', async () => {
    // Prepare
    const lonely = new LocalSfnEngine({ clock, taskHandlers: {} });
    const arn = lonely.createStateMachine('lonely', sampleDefinition()).stateMachineArn;

    // Act
    const { executionArn } = lonely.startExecution({ stateMachineArn: arn, input: '{"mode":"lambda"}' });
    await lonely.awaitIdle();

    // Assess
    const described = lonely.describeExecution(executionArn!);
    await lonely.stop();
    expect(described.status).toBe('FAILED');
    expect(described.error).toBe('Lambda.ResourceNotFoundException');
  });
});

describe('LocalSfnEngine: callback tasks', () => {
  it('invokes the notifier with a fresh token and resumes on SendTaskSuccess', async () => {
    // Prepare
    const executionArn = await start({ mode: 'callback', subject: 'APP-1' });
    const { taskToken, subject } = lastNotificationFor(executionArn);
    expect(subject).toBe('APP-1');
    expect((await describeIt(executionArn)).status).toBe('RUNNING');

    // Act
    await sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify({ approved: true }) }));
    await engine.awaitIdle();

    // Assess
    const described = await describeIt(executionArn);
    expect(described.status).toBe('SUCCEEDED');
    expect(JSON.parse(described.output!).decision).toEqual({ approved: true });
    const types = await historyTypes(executionArn);
    expect(types.slice(3, 9)).toEqual([
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskSucceeded',
      'TaskStateExited',
    ]);
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken, output: '{}' }))).rejects.toMatchObject({
      name: 'TaskDoesNotExist',
    });
  });

  it('hands out a different token to each callback task', async () => {
    // Act
    const first = await start({ mode: 'callback', subject: 'A' });
    const second = await start({ mode: 'callback', subject: 'B' });

    // Assess
    const tokens = [lastNotificationFor(first).taskToken, lastNotificationFor(second).taskToken];
    expect(new Set(tokens).size).toBe(2);
    for (const taskToken of tokens) await sfn.send(new SendTaskSuccessCommand({ taskToken, output: '{}' }));
    await engine.awaitIdle();
    expect((await describeIt(first)).status).toBe('SUCCEEDED');
    expect((await describeIt(second)).status).toBe('SUCCEEDED');
  });

  it('routes a SendTaskFailure to the Catch that names its error', async () => {
    // Prepare
    const executionArn = await start({ mode: 'callback', subject: 'APP-2' });
    const { taskToken } = lastNotificationFor(executionArn);

    // Act
    await sfn.send(new SendTaskFailureCommand({ taskToken, error: 'DecisionRejected', cause: '材料不全' }));
    await engine.awaitIdle();

    // Assess
    const output = JSON.parse((await describeIt(executionArn)).output!);
    expect(output.outcome).toBe('rejected');
    expect(output.error).toEqual({ Error: 'DecisionRejected', Cause: '材料不全' });
  });

  it('times out a 90-day callback task on the platform clock, not before', async () => {
    // Prepare
    const startedAt = clock.now().getTime();
    const executionArn = await start({ mode: 'callback', subject: 'APP-3' });
    const { taskToken } = lastNotificationFor(executionArn);

    // Act
    await clock.advanceTo(new Date(startedAt + 90 * DAY_MS - 1000));
    const before = await describeIt(executionArn);
    await sfn.send(new SendTaskHeartbeatCommand({ taskToken }));
    await clock.advanceTo(new Date(startedAt + 90 * DAY_MS));

    // Assess
    expect(before.status).toBe('RUNNING');
    const after = await describeIt(executionArn);
    expect(after.status).toBe('SUCCEEDED');
    expect(JSON.parse(after.output!)).toMatchObject({
      outcome: 'expired',
      error: { Error: 'States.Timeout' },
    });
    expect(await historyTypes(executionArn)).toContain('TaskTimedOut');
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken, output: '{}' }))).rejects.toMatchObject({
      name: 'TaskTimedOut',
    });
  });

  it('stops a long clock jump at each due instant: a wait on day 10, then a 90-day timeout by day 200', async () => {
    // Prepare
    const startedAt = clock.now().getTime();
    const until = new Date(startedAt + 10 * DAY_MS).toISOString();
    const executionArn = await start({ mode: 'wait', until, thenCallback: true, subject: 'APP-4' });
    expect((await describeIt(executionArn)).status).toBe('RUNNING');

    // Act
    await clock.advanceTo(new Date(startedAt + 200 * DAY_MS));

    // Assess
    const described = await describeIt(executionArn);
    expect(JSON.parse(described.output!).outcome).toBe('expired');
    const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    const waitExited = events!.find((event) => event.type === 'WaitStateExited')!;
    const timedOut = events!.find((event) => event.type === 'TaskTimedOut')!;
    expect(waitExited.timestamp!.getTime()).toBe(startedAt + 10 * DAY_MS);
    expect(timedOut.timestamp!.getTime()).toBe(startedAt + 100 * DAY_MS);
  });

  it('answers InvalidToken for a malformed token and TaskDoesNotExist for an unknown one', async () => {
    // Act / Assess
    await expect(
      sfn.send(new SendTaskSuccessCommand({ taskToken: 'nope', output: '{}' })),
    ).rejects.toMatchObject({
      name: 'InvalidToken',
    });
    await expect(
      sfn.send(new SendTaskSuccessCommand({ taskToken: 'A'.repeat(64), output: '{}' })),
    ).rejects.toMatchObject({ name: 'TaskDoesNotExist' });
  });

  it('StopExecution aborts a waiting execution and closes its token', async () => {
    // Prepare
    const executionArn = await start({ mode: 'callback', subject: 'APP-5' });
    const { taskToken } = lastNotificationFor(executionArn);

    // Act
    await sfn.send(new StopExecutionCommand({ executionArn, error: 'Withdrawn', cause: '申报单位撤回' }));
    await engine.awaitIdle();

    // Assess
    const described = await describeIt(executionArn);
    expect(described.status).toBe('ABORTED');
    expect(described.error).toBe('Withdrawn');
    expect((await historyTypes(executionArn)).at(-1)).toBe('ExecutionAborted');
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken, output: '{}' }))).rejects.toMatchObject({
      name: 'TaskDoesNotExist',
    });
  });
});

describe('LocalSfnEngine: execution names, listing, awaitIdle', () => {
  it('returns the running execution for a duplicate name and input, refuses a different input', async () => {
    // Prepare
    const name = uniqueName('round-2026');
    const input = { mode: 'callback', subject: 'DUP' };
    const first = await start(input, name);

    // Act
    const again = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: machineArn, name, input: JSON.stringify(input) }),
    );
    const different = sfn.send(
      new StartExecutionCommand({
        stateMachineArn: machineArn,
        name,
        input: JSON.stringify({ mode: 'lambda' }),
      }),
    );

    // Assess
    expect(again.executionArn).toBe(first);
    await expect(different).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
    await engine.awaitIdle();
    expect(notifications.filter((item) => item.execution === first)).toHaveLength(1);
  });

  it('refuses a used name once that execution has closed', async () => {
    // Prepare
    check = async () => ({ verdict: 'ok' });
    const name = uniqueName('closed');
    await start({ mode: 'lambda' }, name);

    // Act
    const reuse = sfn.send(
      new StartExecutionCommand({
        stateMachineArn: machineArn,
        name,
        input: JSON.stringify({ mode: 'lambda' }),
      }),
    );

    // Assess
    await expect(reuse).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
  });

  it('refuses an execution name AWS would refuse', async () => {
    // Act
    const start = sfn.send(
      new StartExecutionCommand({ stateMachineArn: machineArn, name: 'round 2026/01', input: '{}' }),
    );

    // Assess
    await expect(start).rejects.toMatchObject({ name: 'InvalidName' });
  });

  it('answers StateMachineDoesNotExist and ExecutionDoesNotExist', async () => {
    // Act / Assess
    await expect(
      sfn.send(
        new StartExecutionCommand({
          stateMachineArn: machineArn.replace('engine-sample', 'missing'),
          input: '{}',
        }),
      ),
    ).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
    await expect(
      describeIt(`${machineArn.replace(':stateMachine:', ':execution:')}:missing`),
    ).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });
  });

  it('lists executions newest first, filtered by status', async () => {
    // Prepare
    const running = await start({ mode: 'callback', subject: 'LIST' });

    // Act
    const { executions } = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: machineArn, statusFilter: 'RUNNING' }),
    );

    // Assess
    expect(executions!.length).toBeGreaterThan(0);
    expect(executions!.every((item) => item.status === 'RUNNING')).toBe(true);
    expect(executions![0]!.executionArn).toBe(running);
  });

  it('awaitIdle waits for handlers in flight and returns while an execution waits for its token', async () => {
    // Prepare
    let release!: () => void;
    let finished = false;
    check = () =>
      new Promise((resolve) => {
        release = () => {
          finished = true;
          resolve({ verdict: 'slow' });
        };
      });
    const { executionArn } = engine.startExecution({
      stateMachineArn: machineArn,
      input: '{"mode":"lambda"}',
    });
    let idle = false;

    // Act
    const waiting = engine.awaitIdle().then(() => {
      idle = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const idleWhileHandlerRuns = idle;
    release();
    await waiting;

    // Assess
    expect(idleWhileHandlerRuns).toBe(false);
    expect(finished).toBe(true);
    expect(engine.describeExecution(executionArn!).status).toBe('SUCCEEDED');
  });

  it('refuses to move the platform clock backward', async () => {
    // Act
    const backward = clock.advanceTo(new Date(clock.now().getTime() - 1));

    // Assess
    await expect(backward).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('refuses an invalid definition with InvalidDefinition', () => {
    // Act
    const create = () => engine.createStateMachine('broken', { StartAt: 'Nowhere', States: {} });

    // Assess
    expect(create).toThrow(SfnServiceError);
    expect(create).toThrow(/Nowhere|States/);
  });
});

describe('LocalSfnEngine: Map, Parallel, heartbeats, Wait and execution timeouts', () => {
  const lambda = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;
  const callbackTask = (extra: object) => ({
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
    Parameters: {
      FunctionName: 'notify',
      Payload: { 'taskToken.$': '$$.Task.Token', 'execution.$': '$$.Execution.Id' },
    },
    ...extra,
  });
  let extrasArn: string;

  beforeAll(() => {
    extrasArn = engine.createStateMachine('engine-extras', {
      StartAt: 'Route',
      States: {
        Route: {
          Type: 'Choice',
          Choices: [
            { Variable: '$.mode', StringEquals: 'fan-out', Next: 'FanOut' },
            { Variable: '$.mode', StringEquals: 'catch-order', Next: 'ShortCallback' },
            { Variable: '$.mode', StringEquals: 'heartbeat', Next: 'HeartbeatCallback' },
            { Variable: '$.mode', StringEquals: 'long-wait', Next: 'LongWait' },
          ],
          Default: 'Done',
        },
        FanOut: {
          Type: 'Parallel',
          Branches: [
            {
              StartAt: 'EachItem',
              States: {
                EachItem: {
                  Type: 'Map',
                  ItemsPath: '$.items',
                  ItemProcessor: {
                    StartAt: 'Double',
                    States: { Double: { Type: 'Task', Resource: lambda('double'), End: true } },
                  },
                  End: true,
                },
              },
            },
            { StartAt: 'Constant', States: { Constant: { Type: 'Pass', Result: 'side', End: true } } },
          ],
          End: true,
        },
        ShortCallback: callbackTask({
          TimeoutSeconds: 60,
          Catch: [
            { ErrorEquals: ['States.TaskFailed'], ResultPath: '$.error', Next: 'Failed' },
            { ErrorEquals: ['States.Timeout'], ResultPath: '$.error', Next: 'Expired' },
          ],
          Next: 'Done',
        }),
        HeartbeatCallback: callbackTask({
          TimeoutSeconds: 86_400,
          HeartbeatSeconds: 3600,
          Catch: [{ ErrorEquals: ['States.TaskFailed'], ResultPath: '$.error', Next: 'Failed' }],
          Next: 'Done',
        }),
        LongWait: { Type: 'Wait', Seconds: 30 * 86_400, Next: 'Done' },
        Failed: { Type: 'Pass', Result: 'failed', ResultPath: '$.outcome', End: true },
        Expired: { Type: 'Pass', Result: 'expired', ResultPath: '$.outcome', End: true },
        Done: { Type: 'Succeed' },
      },
    }).stateMachineArn;
  });

  const startExtra = async (input: object) => {
    const { executionArn } = engine.startExecution({
      stateMachineArn: extrasArn,
      input: JSON.stringify(input),
    });
    await engine.awaitIdle();
    return executionArn!;
  };

  it('runs Lambda tasks inside Map iterations within a Parallel branch', async () => {
    // Prepare
    const local = new LocalSfnEngine({
      clock,
      taskHandlers: { double: async (input) => (input as number) * 2 },
    });
    const arn = local.createStateMachine(
      'fan-out',
      JSON.parse(engine.describeStateMachine(extrasArn).definition!),
    ).stateMachineArn;

    // Act
    const { executionArn } = local.startExecution({
      stateMachineArn: arn,
      input: '{"mode":"fan-out","items":[1,2,3]}',
    });
    await local.awaitIdle();

    // Assess
    const described = local.describeExecution(executionArn!);
    const types = local.getExecutionHistory(executionArn!).events!.map((event) => event.type);
    await local.stop();
    expect(described.status).toBe('SUCCEEDED');
    expect(JSON.parse(described.output!)).toEqual([[2, 4, 6], 'side']);
    expect(types.filter((type) => type === 'LambdaFunctionSucceeded')).toHaveLength(3);
    expect(types).toContain('MapIterationStarted');
  });

  it('does not let a States.TaskFailed catcher take a timeout (as on AWS)', async () => {
    // Prepare
    const executionArn = await startExtra({ mode: 'catch-order' });

    // Act
    await clock.advanceTo(new Date(clock.now().getTime() + 60_000));

    // Assess
    const output = JSON.parse(engine.describeExecution(executionArn).output!);
    expect(output.outcome).toBe('expired');
  });

  it('fails a callback task whose heartbeats stop, measured on the platform clock', async () => {
    // Prepare
    const startedAt = clock.now().getTime();
    const executionArn = await startExtra({ mode: 'heartbeat' });
    const { taskToken } = lastNotificationFor(executionArn);

    // Act
    await clock.advanceTo(new Date(startedAt + 3_000_000));
    engine.sendTaskHeartbeat(taskToken);
    await clock.advanceTo(new Date(startedAt + 6_000_000));
    const afterHeartbeat = engine.describeExecution(executionArn).status;
    await clock.advanceTo(new Date(startedAt + 6_600_001));

    // Assess
    expect(afterHeartbeat).toBe('RUNNING');
    const output = JSON.parse(engine.describeExecution(executionArn).output!);
    expect(output).toMatchObject({ outcome: 'failed', error: { Error: 'States.HeartbeatTimeout' } });
  });

  it('ends a 30-day Wait state when the platform clock passes it', async () => {
    // Prepare
    const startedAt = clock.now().getTime();
    const executionArn = await startExtra({ mode: 'long-wait' });

    // Act
    await clock.advanceTo(new Date(startedAt + 30 * DAY_MS - 1));
    const before = engine.describeExecution(executionArn).status;
    await clock.advanceTo(new Date(startedAt + 30 * DAY_MS));

    // Assess
    expect(before).toBe('RUNNING');
    expect(engine.describeExecution(executionArn).status).toBe('SUCCEEDED');
  });

  it('times out an execution by its TimeoutSeconds on the platform clock', async () => {
    // Prepare
    const definition = JSON.parse(engine.describeStateMachine(extrasArn).definition!);
    const arn = engine.createStateMachine('engine-timeout', {
      ...definition,
      TimeoutSeconds: 3600,
    }).stateMachineArn;
    const { executionArn } = engine.startExecution({ stateMachineArn: arn, input: '{"mode":"long-wait"}' });
    await engine.awaitIdle();

    // Act
    await clock.advanceTo(new Date(clock.now().getTime() + 3_600_000));

    // Assess
    const described = engine.describeExecution(executionArn!);
    expect(described.status).toBe('TIMED_OUT');
    expect(described.error).toBe('States.Timeout');
  });

  it('accepts a token sent back by the notifier before it returns', async () => {
    // Prepare
    const eager = new LocalSfnEngine({
      clock,
      taskHandlers: {
        notify: async (input) => {
          eager.sendTaskSuccess((input as Notification).taskToken, '{"early":true}');
          return { sent: true };
        },
      },
    });
    const arn = eager.createStateMachine(
      'eager',
      JSON.parse(engine.describeStateMachine(extrasArn).definition!),
    ).stateMachineArn;

    // Act
    const { executionArn } = eager.startExecution({ stateMachineArn: arn, input: '{"mode":"catch-order"}' });
    await eager.awaitIdle();

    // Assess
    const described = eager.describeExecution(executionArn!);
    await eager.stop();
    expect(described.status).toBe('SUCCEEDED');
  });
});

describe('LocalSfnEngine on a ticking platform clock', () => {
  it('times out a callback task by itself when real time passes its TimeoutSeconds', async () => {
    // Prepare
    const ticking = new PlatformClock({ initial: new Date('2026-03-02T00:00:00.000Z') });
    const local = new LocalSfnEngine({ clock: ticking, taskHandlers: {} });
    const arn = local.createStateMachine('ticking', {
      StartAt: 'Wait for it',
      States: {
        'Wait for it': {
          Type: 'Task',
          Resource: 'arn:aws:states:::events:putEvents.waitForTaskToken',
          Parameters: { Entries: [{ Detail: { 'token.$': '$$.Task.Token' } }] },
          TimeoutSeconds: 1,
          End: true,
        },
      },
    }).stateMachineArn;

    // Act
    const { executionArn } = local.startExecution({ stateMachineArn: arn });
    await local.awaitIdle();
    const before = local.describeExecution(executionArn!).status;
    await new Promise((resolve) => setTimeout(resolve, 1300));
    await local.awaitIdle();

    // Assess
    const after = local.describeExecution(executionArn!);
    await local.stop();
    ticking.stop();
    expect(before).toBe('RUNNING');
    expect(after.status).toBe('FAILED');
    expect(after.error).toBe('States.Timeout');
  });
});

describe('LocalSfnEngine: what it adds to the library for callback tasks and Wait states', () => {
  const awaitNotify = (extra: object) => ({
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
    Parameters: {
      FunctionName: 'notify',
      Payload: { 'taskToken.$': '$$.Task.Token', 'execution.$': '$$.Execution.Id' },
    },
    ResultPath: '$.decision',
    ...extra,
  });

  it('reads TimeoutSecondsPath and HeartbeatSecondsPath from the input, beyond what a Node timer holds', async () => {
    // Prepare
    const arn = engine.createStateMachine('engine-paths', {
      StartAt: 'Await',
      States: {
        Await: awaitNotify({
          TimeoutSecondsPath: '$.timeout',
          HeartbeatSecondsPath: '$.heartbeat',
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Expired' }],
          Next: 'Done',
        }),
        Expired: { Type: 'Pass', Result: 'expired', ResultPath: '$.outcome', End: true },
        Done: { Type: 'Succeed' },
      },
    }).stateMachineArn;
    const startedAt = clock.now().getTime();
    const input = JSON.stringify({ timeout: 120 * 86_400, heartbeat: 50 * 86_400 });
    const beating = engine.startExecution({ stateMachineArn: arn, input }).executionArn!;
    const silent = engine.startExecution({ stateMachineArn: arn, input }).executionArn!;
    await engine.awaitIdle();

    // Act
    await clock.advanceTo(new Date(startedAt + 40 * DAY_MS));
    engine.sendTaskHeartbeat(lastNotificationFor(beating).taskToken);
    await clock.advanceTo(new Date(startedAt + 89 * DAY_MS));
    engine.sendTaskHeartbeat(lastNotificationFor(beating).taskToken);
    const silentAfter50Days = JSON.parse(engine.describeExecution(silent).output ?? '{}');
    await clock.advanceTo(new Date(startedAt + 120 * DAY_MS - 1));
    const beatingBefore = engine.describeExecution(beating).status;
    await clock.advanceTo(new Date(startedAt + 120 * DAY_MS));

    // Assess
    expect(silentAfter50Days).toMatchObject({ error: { Error: 'States.HeartbeatTimeout' } });
    expect(beatingBefore).toBe('RUNNING');
    expect(JSON.parse(engine.describeExecution(beating).output!)).toMatchObject({
      outcome: 'expired',
      error: { Error: 'States.Timeout' },
    });
    const scheduled = engine
      .getExecutionHistory(beating)
      .events!.find((event) => event.type === 'TaskScheduled')!.taskScheduledEventDetails!;
    expect(scheduled.timeoutInSeconds).toBe(120 * 86_400);
    expect(scheduled.heartbeatInSeconds).toBe(50 * 86_400);
    expect(JSON.parse(scheduled.parameters!)).toMatchObject({ FunctionName: 'notify' });
  });

  it('ends a Wait state with SecondsPath on the platform clock and passes its input on', async () => {
    // Prepare
    const arn = engine.createStateMachine('engine-wait-path', {
      StartAt: 'Pause',
      States: { Pause: { Type: 'Wait', SecondsPath: '$.seconds', Next: 'Done' }, Done: { Type: 'Succeed' } },
    }).stateMachineArn;
    const startedAt = clock.now().getTime();
    const executionArn = engine.startExecution({ stateMachineArn: arn, input: '{"seconds":3456000}' })
      .executionArn!;
    await engine.awaitIdle();

    // Act
    await clock.advanceTo(new Date(startedAt + 40 * DAY_MS - 1));
    const before = engine.describeExecution(executionArn).status;
    await clock.advanceTo(new Date(startedAt + 40 * DAY_MS));

    // Assess
    expect(before).toBe('RUNNING');
    const described = engine.describeExecution(executionArn);
    expect(described.status).toBe('SUCCEEDED');
    expect(JSON.parse(described.output!)).toEqual({ seconds: 3_456_000 });
    expect(described.stopDate!.getTime()).toBe(startedAt + 40 * DAY_MS);
  });

  it('hands a retried callback task a fresh token and closes the old one', async () => {
    // Prepare
    const sent: Notification[] = [];
    const flaky = new LocalSfnEngine({
      clock,
      taskHandlers: {
        notify: async (input) => {
          sent.push(input as Notification);
          if (sent.length === 1) throw Object.assign(new Error('busy'), { name: 'TransientError' });
          return { sent: true };
        },
      },
    });
    const arn = flaky.createStateMachine('flaky', {
      StartAt: 'Await',
      States: {
        Await: awaitNotify({
          TimeoutSeconds: 3600,
          Retry: [{ ErrorEquals: ['TransientError'], IntervalSeconds: 60, MaxAttempts: 1 }],
          Next: 'Done',
        }),
        Done: { Type: 'Succeed' },
      },
    }).stateMachineArn;

    // Act
    const { executionArn } = flaky.startExecution({ stateMachineArn: arn });
    await flaky.awaitIdle();
    const [first, second] = sent.map((item) => item.taskToken);
    const stale = () => flaky.sendTaskSuccess(first!, '{}');
    flaky.sendTaskSuccess(second!, '{"approved":true}');
    await flaky.awaitIdle();

    // Assess
    const described = flaky.describeExecution(executionArn!);
    const types = flaky.getExecutionHistory(executionArn!).events!.map((event) => event.type);
    await flaky.stop();
    expect(sent).toHaveLength(2);
    expect(first).not.toBe(second);
    expect(stale).toThrow(expect.objectContaining({ type: 'TaskDoesNotExist' }));
    expect(described.status).toBe('SUCCEEDED');
    expect(types.filter((type) => type === 'TaskScheduled')).toHaveLength(2);
    expect(types).toContain('TaskFailed');
  });
});
