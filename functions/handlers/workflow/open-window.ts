/** OpenAcceptedWindow / OpenWinnersWindow: publishes a publicity window (Art. 18 (3), (8)). */

import * as z from 'zod';
import { openPublicityWindow } from '../../use-cases/workflow/open-window.ts';
import { taskLambda } from '../lambda.ts';
import { liveCalendarSeed, liveDeps } from '../live-deps.ts';
import { liveStore } from '../live-dynamodb.ts';
import { taskHandler } from './task.ts';

const OpenWindowPayload = z.object({ roundId: z.string().min(1), kind: z.enum(['accepted', 'winners']) });

export const buildHandler = taskHandler('OpenWindow', OpenWindowPayload, openPublicityWindow);

/** The adapters this function builds on AWS: its uses in infra/aws/function-catalog.ts. */
export const live = liveDeps(liveStore, liveCalendarSeed);

/** The Lambda function (deps built on the first invocation). */
export const handler = taskLambda(buildHandler, live);
