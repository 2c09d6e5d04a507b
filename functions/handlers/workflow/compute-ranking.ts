/** ComputeRanking: comprehensive evaluation, ranking and proposal; the round moves to decision (Art. 18 (7)). */

import * as z from 'zod';
import { computeRanking } from '../../use-cases/workflow/compute-ranking.ts';
import { taskLambda } from '../lambda.ts';
import { liveDeps } from '../live-deps.ts';
import { liveStore } from '../live-dynamodb.ts';
import { taskHandler } from './task.ts';

export const buildHandler = taskHandler(
  'ComputeRanking',
  z.object({ roundId: z.string().min(1) }),
  computeRanking,
);

/** The adapters this function builds on AWS: its uses in infra/aws/function-catalog.ts. */
export const live = liveDeps(liveStore);

/** The Lambda function (deps built on the first invocation). */
export const handler = taskLambda(buildHandler, live);
