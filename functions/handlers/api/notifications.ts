/**
 * Notification routes (API.md "Notifications"): every signed-in person's inbox and its read marks,
 * and staff's list of deliveries that failed. Thin: parse (zod) → one use case → present.
 */
import type { Deps } from '../../ports/deps.ts';
import type { DeliveryRecord } from '../../ports/records.ts';
import { routeBuilder } from '../../shared/route.ts';
import {
  type InboxItem,
  listFailedDeliveries,
  listMyNotifications,
  markNotificationRead,
} from '../../use-cases/notifications/inbox.ts';
import { routeGroupHandler } from '../lambda.ts';
import { liveDeps } from '../live-deps.ts';
import { liveIdempotency, liveStore } from '../live-dynamodb.ts';
import {
  DeliveryPageSchema,
  FailedDeliveriesQuery,
  MyNotificationsQuery,
  NotificationPageSchema,
  NotificationParams,
} from './schemas/notifications.ts';

const defineRoute = routeBuilder<Deps>();
const tags = ['通知 Notifications'];

export const presentNotification = (n: InboxItem) => ({
  notificationId: n.notificationId,
  at: n.at,
  kind: n.kind,
  title: n.title,
  body: n.body,
  entityId: n.entityId,
  read: n.read,
});

/** Never the phone or the address: the masked recipient only. */
export const presentDelivery = (d: DeliveryRecord) => ({
  messageId: d.messageId,
  channel: d.channel,
  to: d.toMasked,
  kind: d.kind,
  subject: d.subject,
  entityId: d.entityId,
  at: d.at,
  status: d.status,
  attempts: d.attempts,
  ...(d.lastError ? { lastError: d.lastError } : {}),
  ...(d.failedAt ? { failedAt: d.failedAt } : {}),
});

export const notificationsRoutes = [
  defineRoute(
    {
      method: 'GET',
      path: '/v1/my/notifications',
      roles: 'signed-in',
      query: MyNotificationsQuery,
      summary: '我的通知 My notifications',
      description:
        '新的在前；工作人员还看到发给工作人员的通知（已读状态按人记录），推荐单位看到发给本辖区的通知。',
      tags,
      responses: { 200: { description: '一页通知 (one page)', schema: NotificationPageSchema } },
    },
    async ({ query, actor, deps }) => {
      const page = await listMyNotifications(deps, actor, query);
      return {
        items: page.items.map(presentNotification),
        ...(page.nextToken ? { nextToken: page.nextToken } : {}),
      };
    },
  ),
  defineRoute(
    {
      method: 'POST',
      path: '/v1/my/notifications/{notificationId}/read',
      roles: 'signed-in',
      params: NotificationParams,
      // No read-back: marking it read again writes nothing and answers the same.
      idempotent: true,
      summary: '标记为已读 Mark a notification read',
      tags,
      errors: ['NOT_FOUND'],
      successStatus: 200,
      responses: { 200: { description: '已标记 (marked read)' } },
    },
    async ({ params, actor, deps }) => {
      await markNotificationRead(deps, actor, params.notificationId);
      return { notificationId: params.notificationId, read: true };
    },
  ),
  defineRoute(
    {
      method: 'GET',
      path: '/v1/notifications/deliveries',
      roles: ['staff'],
      query: FailedDeliveriesQuery,
      summary: '投递失败的短信和邮件 Deliveries that failed',
      description: '重试用尽仍未送达的短信和邮件，新的在前，收件人已脱敏，供工作人员另行联系。',
      tags,
      responses: { 200: { description: '一页投递 (one page)', schema: DeliveryPageSchema } },
    },
    async ({ query, actor, deps }) => {
      const page = await listFailedDeliveries(deps, actor, query);
      return {
        items: page.items.map(presentDelivery),
        ...(page.nextToken ? { nextToken: page.nextToken } : {}),
      };
    },
  ),
];

/** The adapters this function builds on AWS: its uses in infra/aws/function-catalog.ts. */
export const live = liveDeps(liveStore, liveIdempotency);

/** The Lambda function of this route group (one per file on AWS). */
export const handler = routeGroupHandler(notificationsRoutes, live);
