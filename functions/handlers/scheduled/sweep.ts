/**
 * The periodic sweep (EventBridge Scheduler every minute on AWS; the scheduler loop on the platform
 * clock locally): resumes the call-close waits that are due, then closes the publicity windows whose
 * deadline has passed, then sends the deadline reminders that fell due, each exactly once even when
 * runs overlap or are delivered twice.
 */

import type { Deps } from '../../ports/deps.ts';
import { logger } from '../../shared/logger.ts';
import {
  type DeadlineRemindersResult,
  sendDeadlineReminders,
} from '../../use-cases/notifications/send-deadline-reminders.ts';
import { type CloseDueWindowsResult, closeDueWindows } from '../../use-cases/workflow/close-due-windows.ts';
import { type ResumeDueCallsResult, resumeDueCalls } from '../../use-cases/workflow/resume-due-calls.ts';
import { taskLambda } from '../lambda.ts';
import { liveCalendarSeed, liveDeps, liveWorkflow } from '../live-deps.ts';
import { liveStore } from '../live-dynamodb.ts';

export type SweepResult = ResumeDueCallsResult &
  CloseDueWindowsResult & { reminders: DeadlineRemindersResult };

/** The sweep's handler; the event (a scheduler payload) carries nothing it needs. */
export function buildHandler(deps: Deps): (event?: unknown) => Promise<SweepResult> {
  return async () => {
    const calls = await resumeDueCalls(deps, deps.clock.now());
    const windows = await closeDueWindows(deps, deps.clock.now());
    const reminders = await sendDeadlineReminders(deps, deps.clock.now());
    if (calls.failed.length > 0 || windows.failedWindows.length > 0)
      logger.error('sweep left work for its next run', { ...calls, ...windows, reminders: reminders.sent });
    else if (calls.resumed.length > 0 || windows.closed.length > 0 || reminders.sent.length > 0)
      logger.info('sweep', { ...calls, ...windows, reminders: reminders.sent });
    return { ...calls, ...windows, reminders };
  };
}

/** The adapters this function builds on AWS: its uses in infra/aws/function-catalog.ts. */
export const live = liveDeps(liveStore, liveWorkflow, liveCalendarSeed);

/** The Lambda function (deps built on the first invocation). */
export const handler = taskLambda(buildHandler, live);
