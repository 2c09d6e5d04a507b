/**
 * DESIGN.md §2 "Working days": staff may extend an open publicity window, never shorten it below
 * the Art. 18 (3), (8) minimum. The closer finds windows by `closesAt`, so moving it moves the
 * deadline; a timed close wait of the flow, if one is stored, moves with it.
 */
import { extendWindow as extendDomainWindow } from '../domain/publicity.ts';
import type { Deps } from '../ports/deps.ts';
import type { Actor, TaskTokenRecord, WindowRecord } from '../ports/records.ts';
import type { Change } from '../ports/store.ts';
import { notFound } from './access.ts';
import { requireRole } from './applications/context.ts';
import { auditEvent } from './audit.ts';
import { toPublicityWindow } from './review/context.ts';
import { isClaimed } from './workflow/resume-wait.ts';
import { closeWaitFor } from './workflow/waits.ts';

/** Moves the window's end to `closesAt` (later only, only while open: else WINDOW_CLOSED). */
export async function extendWindow(
  deps: Deps,
  actor: Actor,
  input: { windowId: string; closesAt: string },
): Promise<WindowRecord> {
  requireRole(actor, 'staff');
  const window = await deps.store.getWindow(input.windowId);
  if (!window) throw notFound('公示');
  const now = deps.clock.now();
  const extended = extendDomainWindow(toPublicityWindow(window), new Date(input.closesAt), now);
  const updated: WindowRecord = { ...window, closesAt: extended.closesAt.toISOString() };

  const changes: Change[] = [{ op: 'put', entity: { type: 'window', record: updated } }];
  const wait = await deps.store.getTaskToken(window.roundId, closeWaitFor(window.windowId));
  // A claimed token is being resumed already (resume-wait.ts): it is not the wait's to move.
  if (wait?.dueAt !== undefined && !isClaimed(wait)) {
    const moved: TaskTokenRecord = { ...wait, dueAt: updated.closesAt };
    changes.push({ op: 'put', entity: { type: 'task-token', record: moved } });
  }
  await deps.store.commit({
    changes,
    audit: [
      auditEvent({
        entityType: 'window',
        entityId: window.windowId,
        verb: 'extended',
        actor,
        at: now,
        roundId: window.roundId,
        before: { closesAt: window.closesAt },
        after: { closesAt: updated.closesAt },
      }),
    ],
  });
  return { ...updated, version: updated.version + 1 };
}
