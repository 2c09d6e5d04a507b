import {
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  type SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { lambdaArnValues } from '../../functions/adapters/sfn/definitions.ts';
import { SfnRoundWorkflow, sfnRoundWorkflowFromEnv } from '../../functions/adapters/sfn/round-workflow.ts';

const ARN = 'arn:aws-cn:states:cn-northwest-1:123456789012:stateMachine:round-flow';

/** A client that records commands and answers with `reply` (an error to throw, or a value). */
function client(reply: (command: unknown) => unknown = () => ({})) {
  const sent: unknown[] = [];
  const fake = {
    send: async (command: unknown) => {
      sent.push(command);
      const answer = reply(command);
      if (answer instanceof Error) throw answer;
      return answer;
    },
  } as unknown as SFNClient;
  return { fake, sent };
}

const named = (name: string): Error => Object.assign(new Error(name), { name });

describe('SfnRoundWorkflow', () => {
  it('starts one named execution per round with the stage to resume at', async () => {
    // Prepare
    const { fake, sent } = client();

    // Act
    await new SfnRoundWorkflow(fake, ARN).startRound({
      roundId: 'r-1',
      resumeAt: 'defense',
      executionName: 'r-1-2',
    });

    // Assess
    const command = sent[0] as StartExecutionCommand;
    expect(command).toBeInstanceOf(StartExecutionCommand);
    expect(command.input).toEqual({
      stateMachineArn: ARN,
      name: 'r-1-2',
      input: JSON.stringify({ roundId: 'r-1', resumeAt: 'defense' }),
    });
  });

  it('takes a start under a used name as started (a retry after a crash), and rethrows other errors', async () => {
    // Prepare
    const used = new SfnRoundWorkflow(client(() => named('ExecutionAlreadyExists')).fake, ARN);
    const throttled = new SfnRoundWorkflow(client(() => named('ThrottlingException')).fake, ARN);
    const input = { roundId: 'r-1', resumeAt: 'call-open', executionName: 'r-1-1' };

    // Act / Assess
    await expect(used.startRound(input)).resolves.toBeUndefined();
    await expect(throttled.startRound(input)).rejects.toThrow('ThrottlingException');
  });

  it('resumes a task with its output as JSON', async () => {
    // Prepare
    const { fake, sent } = client();

    // Act
    const resumed = await new SfnRoundWorkflow(fake, ARN).resume('tok', { to: 'defense' });
    await new SfnRoundWorkflow(fake, ARN).resume('tok', undefined);

    // Assess
    expect(resumed).toBe(true);
    expect(sent[0]).toBeInstanceOf(SendTaskSuccessCommand);
    expect((sent[0] as SendTaskSuccessCommand).input).toEqual({
      taskToken: 'tok',
      output: '{"to":"defense"}',
    });
    expect((sent[1] as SendTaskSuccessCommand).input.output).toBe('{}');
  });

  it.each(['InvalidToken', 'TaskTimedOut', 'TaskDoesNotExist'])(
    'answers false when the token is over (%s)',
    async (name) => {
      // Prepare
      const { fake } = client(() => named(name));
      const workflow = new SfnRoundWorkflow(fake, ARN);

      // Act / Assess
      expect(await workflow.resume('tok', {})).toBe(false);
      expect(await workflow.fail('tok', 'X', 'y')).toBe(false);
    },
  );

  it('rethrows other errors', async () => {
    // Prepare
    const { fake } = client(() => named('ThrottlingException'));
    const workflow = new SfnRoundWorkflow(fake, ARN);

    // Act / Assess
    await expect(workflow.resume('tok', {})).rejects.toThrow('ThrottlingException');
    await expect(workflow.fail('tok', 'X', 'y')).rejects.toThrow('ThrottlingException');
  });

  it('fails a task with a named error, within the service limits', async () => {
    // Prepare
    const { fake, sent } = client();

    // Act
    const failed = await new SfnRoundWorkflow(fake, ARN).fail('tok', 'E'.repeat(300), 'c'.repeat(40_000));

    // Assess
    const command = sent[0] as SendTaskFailureCommand;
    expect(failed).toBe(true);
    expect(command).toBeInstanceOf(SendTaskFailureCommand);
    expect(command.input.error).toHaveLength(256);
    expect(command.input.cause).toHaveLength(32_768);
  });

  it('reads the state machine ARN from the environment', () => {
    // Act / Assess
    expect(() => sfnRoundWorkflowFromEnv({})).toThrow('ROUND_FLOW_STATE_MACHINE_ARN');
    expect(
      sfnRoundWorkflowFromEnv({ ROUND_FLOW_STATE_MACHINE_ARN: ARN }, { region: 'cn-northwest-1' }),
    ).toBeInstanceOf(SfnRoundWorkflow);
  });
});

describe('lambdaArnValues', () => {
  it('builds every function ARN in the given partition', () => {
    // Act
    const values = lambdaArnValues({
      partition: 'aws-cn',
      region: 'cn-north-1',
      account: '1',
      functionPrefix: 'tqa-',
    });

    // Assess
    expect(values.Partition).toBe('aws-cn');
    expect(values.CloseCallFunctionArn).toBe('arn:aws-cn:lambda:cn-north-1:1:function:tqa-close-call');
    expect(lambdaArnValues({ region: 'us-east-1', account: '1' }).AnnounceFunctionArn).toBe(
      'arn:aws:lambda:us-east-1:1:function:announce',
    );
  });
});
