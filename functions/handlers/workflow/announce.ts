/** Announce: awards for the proposed winners and the award-holder bans (Art. 18 (9), 6, 22). */

import * as z from 'zod';
import { announceWinners } from '../../use-cases/workflow/announce.ts';
import { taskLambda } from '../lambda.ts';
import { liveDeps, livePii } from '../live-deps.ts';
import { liveStore } from '../live-dynamodb.ts';
import { taskHandler } from './task.ts';

const AnnouncePayload = z.object({
  roundId: z.string().min(1),
  // What the approval resumed the flow with; the round's stored approval takes precedence.
  approval: z
    .object({ documentNo: z.string().optional(), approvedOn: z.string().optional() })
    .loose()
    .nullish(),
});

export const buildHandler = taskHandler('Announce', AnnouncePayload, announceWinners);

/** The adapters this function builds on AWS: its uses in infra/aws/function-catalog.ts. */
export const live = liveDeps(liveStore, livePii);

/** The Lambda function (deps built on the first invocation). */
export const handler = taskLambda(buildHandler, live);
