import {
  CreateStateMachineCommand,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlatformClock } from '../../../infra/local/platform-clock.ts';
import { LocalSfnEngine } from '../../../infra/local/sfn-engine.ts';
import { localSfnClientConfig, type SfnServer, startSfnServer } from '../../../infra/local/sfn-server.ts';

const clock = new PlatformClock({ initial: new Date('2026-03-02T00:00:00.000Z'), ticking: false });
const engine = new LocalSfnEngine({ clock, taskHandlers: { echo: async (input) => input } });
let server: SfnServer;
let sfn: SFNClient;

const definition = {
  StartAt: 'First',
  States: {
    First: { Type: 'Pass', Next: 'Echo' },
    Echo: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:000000000000:function:echo', Next: 'Last' },
    Last: { Type: 'Pass', End: true },
  },
};

beforeAll(async () => {
  server = await startSfnServer(engine);
  sfn = new SFNClient(localSfnClientConfig(server.endpoint));
});

afterAll(async () => {
  sfn.destroy();
  await engine.stop();
  await server.stop();
});

const post = (target: string, body: string) =>
  fetch(server.endpoint, {
    method: 'POST',
    headers: { 'x-amz-target': target, 'content-type': 'application/x-amz-json-1.0' },
    body,
  });

describe('startSfnServer', () => {
  it('creates and describes a state machine through @aws-sdk/client-sfn', async () => {
    // Act
    const created = await sfn.send(
      new CreateStateMachineCommand({
        name: 'echo',
        definition: JSON.stringify(definition),
        roleArn: 'arn:aws:iam::000000000000:role/x',
      }),
    );
    const described = await sfn.send(
      new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn }),
    );

    // Assess
    expect(created.stateMachineArn).toBe('arn:aws:states:us-east-1:000000000000:stateMachine:echo');
    expect(created.creationDate).toEqual(clock.now());
    expect(JSON.parse(described.definition!)).toEqual(definition);
  });

  it('refuses an invalid definition with InvalidDefinition', async () => {
    // Act
    const create = sfn.send(
      new CreateStateMachineCommand({ name: 'bad', definition: '{"StartAt":"X","States":{}}', roleArn: 'r' }),
    );

    // Assess
    await expect(create).rejects.toMatchObject({ name: 'InvalidDefinition' });
  });

  it('pages the execution history, in either order', async () => {
    // Prepare
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:echo',
        input: '{"hello":"太原"}',
      }),
    );
    await engine.awaitIdle();

    // Act
    const pages: string[][] = [];
    let nextToken: string | undefined;
    do {
      const page = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 3, nextToken }));
      pages.push(page.events!.map((event) => String(event.type)));
      nextToken = page.nextToken;
    } while (nextToken);
    const reversed = await sfn.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true }));

    // Assess
    const all = pages.flat();
    expect(pages[0]).toHaveLength(3);
    expect(all[0]).toBe('ExecutionStarted');
    expect(all).toContain('LambdaFunctionScheduled');
    expect(all).toContain('LambdaFunctionSucceeded');
    expect(all.at(-1)).toBe('ExecutionSucceeded');
    expect(reversed.events!.map((event) => String(event.type))).toEqual([...all].reverse());
    expect(reversed.events![0]!.executionSucceededEventDetails?.output).toBe('{"hello":"太原"}');
  });

  it('answers protocol errors as the JSON 1.0 protocol does', async () => {
    // Act
    const unknown = await post('AWSStepFunctions.TagResource', '{}');
    const malformed = await post('AWSStepFunctions.StartExecution', '{not json');

    // Assess
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('content-type')).toBe('application/x-amz-json-1.0');
    expect(await unknown.json()).toMatchObject({ __type: 'UnknownOperationException' });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ __type: 'SerializationException' });
  });
});
