/**
 * The scheduled closer (DESIGN.md §5: windows close within a minute of their deadline, exactly once,
 * under duplicate scheduler deliveries). A window whose `closesAt` has passed leaves `open` — for
 * `awaiting-objections` while an objection is pending, else `closed` (publicity.ts windowStatusAt) —
 * and the flow's close wait is claimed in the same commit (resume-wait.ts), conditional on the
 * versions read. A duplicate or overlapping run meets a newer version, reads the window again, finds
 * it no longer open and does nothing; only the run whose commit succeeded resumes the flow.
 */
import { windowStatusAt } from '../../domain/publicity.ts';
import type { Deps } from '../../ports/deps.ts';
import { SYSTEM_ACTOR, type WindowRecord } from '../../ports/records.ts';
import type { Change } from '../../ports/store.ts';
import { auditEvent } from '../audit.ts';
import { toPublicityWindow } from '../review/context.ts';
import { isVersionConflict } from './bulk.ts';
import { consumeTaskToken, resumeClaimed } from './resume-wait.ts';
import { closeWaitFor } from './waits.ts';

export interface CloseDueWindowsResult {
  /** Windows this run closed (each window appears in exactly one run's result). */
  closed: string[];
  /** Windows this run could not handle (left for the next run), with the reason. */
  failedWindows: { windowId: string; error: string }[];
}

/** Attempts per window when a concurrent writer (extension, objection, registration) interferes. */
const ATTEMPTS = 4;

/** Closes every window due at `now`; resumes the flow's close wait of each. */
export async function closeDueWindows(deps: Deps, now: Date): Promise<CloseDueWindowsResult> {
  const result: CloseDueWindowsResult = { closed: [], failedWindows: [] };
  for (const due of await deps.store.listWindowsDueForClosing(now.toISOString())) {
    try {
      if (await closeWindow(deps, due.windowId, now)) result.closed.push(due.windowId);
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      result.failedWindows.push({ windowId: due.windowId, error: message });
    }
  }
  return result;
}

async function closeWindow(deps: Deps, windowId: string, now: Date): Promise<boolean> {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
    const window = await deps.store.getWindow(windowId);
    // Gone, closed by another run, or extended meanwhile: nothing to do.
    if (window?.status !== 'open' || window.closesAt > now.toISOString()) return false;
    const objections = await deps.store.listObjectionsForWindow(windowId);
    const status = windowStatusAt(toPublicityWindow(window), objections, now);
    const pendingObjections = objections.filter((o) => o.status === 'pending').length;
    const wait = await consumeTaskToken(deps, window.roundId, closeWaitFor(windowId), now);
    const updated: WindowRecord = {
      ...window,
      status,
      ...(status === 'closed' ? { closedAt: now.toISOString() } : {}),
    };
    const changes: Change[] = [{ op: 'put', entity: { type: 'window', record: updated } }, ...wait.changes];
    try {
      await deps.store.commit({
        changes,
        audit: [
          auditEvent({
            entityType: 'window',
            entityId: windowId,
            verb: 'closed',
            actor: SYSTEM_ACTOR,
            at: now,
            roundId: window.roundId,
            before: { status: window.status, closesAt: window.closesAt },
            after: { status, pendingObjections },
          }),
        ],
      });
    } catch (error) {
      if (isVersionConflict(error)) continue;
      throw error;
    }
    // Without a stored token the flow is not waiting yet (or was restarted): it reads the status.
    if (wait.token) {
      await resumeClaimed(deps, wait.token, { windowId, kind: window.kind, status, pendingObjections });
    }
    return true;
  }
  return false;
}
