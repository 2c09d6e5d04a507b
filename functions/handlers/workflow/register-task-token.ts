/** Every callback wait of the round flow: stores its task token (`lambda:invoke.waitForTaskToken`). */

import * as z from 'zod';
import { registerTaskToken } from '../../use-cases/workflow/register-task-token.ts';
import { taskLambda } from '../lambda.ts';
import { liveDeps, liveWorkflow } from '../live-deps.ts';
import { liveStore } from '../live-dynamodb.ts';
import { taskHandler } from './task.ts';

const RegisterTaskTokenPayload = z.object({
  roundId: z.string().min(1),
  waitFor: z.string().min(1),
  token: z.string().min(1),
  dueAt: z.iso.datetime({ offset: true }).optional(),
});

export const buildHandler = taskHandler('RegisterTaskToken', RegisterTaskTokenPayload, registerTaskToken);

/** The adapters this function builds on AWS: its uses in infra/aws/function-catalog.ts. */
export const live = liveDeps(liveStore, liveWorkflow);

/** The Lambda function (deps built on the first invocation). */
export const handler = taskLambda(buildHandler, live);
