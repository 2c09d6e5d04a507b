/** CloseCall: vets the filed applications and moves the round to qualification (Art. 18 (1)-(3)). */

import * as z from 'zod';
import { closeCall } from '../../use-cases/workflow/close-call.ts';
import { taskLambda } from '../lambda.ts';
import { liveDeps, livePii } from '../live-deps.ts';
import { liveStore } from '../live-dynamodb.ts';
import { taskHandler } from './task.ts';

export const buildHandler = taskHandler('CloseCall', z.object({ roundId: z.string().min(1) }), closeCall);

/** The adapters this function builds on AWS: its uses in infra/aws/function-catalog.ts. */
export const live = liveDeps(liveStore, livePii);

/** The Lambda function (deps built on the first invocation). */
export const handler = taskLambda(buildHandler, live);
