/**
 * The round flow on Step Functions (AWS) or the local engine behind its JSON endpoint: the same
 * client either way, its endpoint read from the environment (AWS_ENDPOINT_URL_SFN locally).
 */
import {
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  type SFNClientConfig,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { RoundWorkflow } from '../../ports/workflow.ts';

/** The environment variable holding the round flow's state machine ARN. */
export const ROUND_FLOW_ARN_ENV = 'ROUND_FLOW_STATE_MACHINE_ARN';

/** Errors meaning the token is used, expired or unknown: the wait it belonged to is over. */
const STALE_TOKEN_ERRORS = new Set(['InvalidToken', 'TaskTimedOut', 'TaskDoesNotExist']);

/** Step Functions limits: error name 256 characters, cause 32,768. */
const MAX_ERROR_CHARS = 256;
const MAX_CAUSE_CHARS = 32_768;

const isStaleToken = (error: unknown): boolean =>
  error instanceof Error && STALE_TOKEN_ERRORS.has(error.name);

export class SfnRoundWorkflow implements RoundWorkflow {
  constructor(
    private readonly client: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  /**
   * One Standard execution per round; the name (`{roundId}-{n}`) makes a repeated start harmless:
   * Step Functions answers a start with a running execution's name and input with that execution,
   * and refuses any other start under a used name (ExecutionAlreadyExists) — which means the
   * round's flow was started already, so it is success here too (a retry after a crash between the
   * round's commit and this start may not know whether the start happened).
   */
  async startRound(input: { roundId: string; resumeAt: string; executionName: string }): Promise<void> {
    try {
      await this.client.send(
        new StartExecutionCommand({
          stateMachineArn: this.stateMachineArn,
          name: input.executionName,
          input: JSON.stringify({ roundId: input.roundId, resumeAt: input.resumeAt }),
        }),
      );
    } catch (error) {
      if (!(error instanceof Error && error.name === 'ExecutionAlreadyExists')) throw error;
    }
  }

  async resume(token: string, output: unknown): Promise<boolean> {
    try {
      await this.client.send(
        new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(output ?? {}) }),
      );
      return true;
    } catch (error) {
      if (isStaleToken(error)) return false;
      throw error;
    }
  }

  async fail(token: string, error: string, cause: string): Promise<boolean> {
    try {
      await this.client.send(
        new SendTaskFailureCommand({
          taskToken: token,
          error: error.slice(0, MAX_ERROR_CHARS),
          cause: cause.slice(0, MAX_CAUSE_CHARS),
        }),
      );
      return true;
    } catch (failure) {
      if (isStaleToken(failure)) return false;
      throw failure;
    }
  }
}

/** The workflow of a Lambda: the state machine ARN from ROUND_FLOW_STATE_MACHINE_ARN. */
export function sfnRoundWorkflowFromEnv(
  env: Record<string, string | undefined> = process.env,
  config: SFNClientConfig = {},
): SfnRoundWorkflow {
  const arn = env[ROUND_FLOW_ARN_ENV];
  if (!arn) throw new Error(`Missing environment variable ${ROUND_FLOW_ARN_ENV}`);
  return new SfnRoundWorkflow(new SFNClient(config), arn);
}
