/** SelectForOnsite: applications in review that staff did not select become not-selected (Art. 18 (4)-(5)). */

import * as z from 'zod';
import { selectForOnsite } from '../../use-cases/workflow/select-for-onsite.ts';
import { taskLambda } from '../lambda.ts';
import { liveDeps } from '../live-deps.ts';
import { liveStore } from '../live-dynamodb.ts';
import { taskHandler } from './task.ts';

export const buildHandler = taskHandler(
  'SelectForOnsite',
  z.object({ roundId: z.string().min(1) }),
  selectForOnsite,
);

/** The adapters this function builds on AWS: its uses in infra/aws/function-catalog.ts. */
export const live = liveDeps(liveStore);

/** The Lambda function (deps built on the first invocation). */
export const handler = taskLambda(buildHandler, live);
