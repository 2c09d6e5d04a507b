/** WindowSettle: strikes upheld objections' entries, closes the window, moves the round on. */

import * as z from 'zod';
import { settlePublicityWindow } from '../../use-cases/workflow/settle-window.ts';
import { taskLambda } from '../lambda.ts';
import { liveDeps } from '../live-deps.ts';
import { liveStore } from '../live-dynamodb.ts';
import { taskHandler } from './task.ts';

const SettleWindowPayload = z.object({ roundId: z.string().min(1), kind: z.enum(['accepted', 'winners']) });

export const buildHandler = taskHandler('SettleWindow', SettleWindowPayload, settlePublicityWindow);

/** The adapters this function builds on AWS: its uses in infra/aws/function-catalog.ts. */
export const live = liveDeps(liveStore);

/** The Lambda function (deps built on the first invocation). */
export const handler = taskLambda(buildHandler, live);
