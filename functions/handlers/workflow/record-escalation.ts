/** RecordEscalation: a timed-out wait or a failed task is recorded on the round, never lost. */

import * as z from 'zod';
import { recordEscalation } from '../../use-cases/workflow/record-escalation.ts';
import { taskLambda } from '../lambda.ts';
import { liveDeps } from '../live-deps.ts';
import { liveStore } from '../live-dynamodb.ts';
import { taskHandler } from './task.ts';

const RecordEscalationPayload = z.object({
  roundId: z.string().min(1),
  escalationId: z.string().min(1).optional(),
  waitingFor: z.string().min(1),
  resumeState: z.string().optional(),
  error: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).loose().nullish(),
});

export const buildHandler = taskHandler('RecordEscalation', RecordEscalationPayload, recordEscalation);

/** The adapters this function builds on AWS: its uses in infra/aws/function-catalog.ts. */
export const live = liveDeps(liveStore);

/** The Lambda function (deps built on the first invocation). */
export const handler = taskLambda(buildHandler, live);
