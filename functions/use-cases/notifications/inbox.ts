/**
 * The portal inbox (API.md `GET /v1/my/notifications`, `POST …/{notificationId}/read`): a caller
 * sees their own notices, the staff role's when they are staff and their jurisdiction's when they
 * are a recommender; read state is kept per person, so one staff member reading a role-addressed
 * notice leaves it unread for the others. Staff also see the deliveries that ran out of attempts.
 */
import { audiencesOf } from '../../domain/notifications.ts';
import type { Deps } from '../../ports/deps.ts';
import type { Actor, DeliveryRecord, NotificationRecord } from '../../ports/records.ts';
import type { Page } from '../../ports/store.ts';
import { notFound } from '../access.ts';
import { requireRole } from '../applications/context.ts';

export interface InboxItem extends NotificationRecord {
  read: boolean;
}

/** Store pages read at most for one `unread=true` answer (each up to `limit` items): O(1) requests. */
const MAX_PAGES_PER_ANSWER = 5;

export async function listMyNotifications(
  deps: Deps,
  actor: Actor,
  query: { unread?: boolean; limit?: number; nextToken?: string },
): Promise<Page<InboxItem>> {
  const audiences = audiencesOf(actor);
  const limit = query.limit ?? 50;
  const items: InboxItem[] = [];
  let nextToken = query.nextToken;
  for (let pages = 0; pages < MAX_PAGES_PER_ANSWER; pages++) {
    const page = await deps.store.listNotificationsForAudiences(audiences, {
      limit: limit - items.length,
      ...(nextToken === undefined ? {} : { nextToken }),
    });
    const reads = new Set(
      (
        await deps.store.listNotificationReads(
          actor.sub,
          page.items.map((n) => n.notificationId),
        )
      ).map((r) => r.notificationId),
    );
    for (const notification of page.items) {
      const read = reads.has(notification.notificationId);
      if (!query.unread || !read) items.push({ ...notification, read });
    }
    nextToken = page.nextToken;
    // Without the filter one page is the answer; with it, read further until the page is full.
    if (!query.unread || nextToken === undefined || items.length >= limit) break;
  }
  return { items, ...(nextToken === undefined ? {} : { nextToken }) };
}

/** Marks a notice read for the caller; 404 for a notice not addressed to them. Reading twice is fine. */
export async function markNotificationRead(deps: Deps, actor: Actor, notificationId: string): Promise<void> {
  const notification = await deps.store.getNotification(notificationId);
  if (!notification || !audiencesOf(actor).includes(notification.audience)) throw notFound('通知');
  const [existing] = await deps.store.listNotificationReads(actor.sub, [notificationId]);
  if (existing) return;
  try {
    await deps.store.commit({
      changes: [
        {
          op: 'put',
          entity: {
            type: 'notification-read',
            record: { notificationId, sub: actor.sub, at: deps.clock.now().toISOString(), version: 0 },
          },
        },
      ],
      audit: [],
    });
  } catch (error) {
    // Two tabs marking it at once: the other one wrote the same fact.
    if ((error as { code?: string }).code !== 'VERSION_CONFLICT') throw error;
  }
}

/** The SMS and emails that could not be delivered after every attempt (staff follow them up by hand). */
export async function listFailedDeliveries(
  deps: Deps,
  actor: Actor,
  query: { limit?: number; nextToken?: string },
): Promise<Page<DeliveryRecord>> {
  requireRole(actor, 'staff');
  return deps.store.listFailedDeliveries(query);
}
