/** The round flow as the core sees it (Step Functions on AWS, the local engine locally). */
export interface RoundWorkflow {
  /** Starts (or, after a restart / definition change, resumes) the round's flow at its stored stage. */
  startRound(input: { roundId: string; resumeAt: string; executionName: string }): Promise<void>;
  /** Resumes a callback task; a token that is already used or expired is ignored (returns false). */
  resume(token: string, output: unknown): Promise<boolean>;
  /** Fails a callback task with a named error that the ASL catches. */
  fail(token: string, error: string, cause: string): Promise<boolean>;
}
