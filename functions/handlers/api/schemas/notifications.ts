/** zod schemas of API.md "Notifications": the inbox, marking read, staff's view of failed deliveries. */
import * as z from 'zod';
import { NOTIFICATION_KINDS } from '../../../domain/notification-kinds.ts';

const pageToken = z
  .string()
  .trim()
  .min(1)
  .max(4096)
  .optional()
  .describe('上一页返回的 nextToken (page token)');
const limit = z.coerce
  .number()
  .int()
  .min(1)
  .max(100)
  .optional()
  .describe('每页条数 1–100，默认 50 (page size)');

export const MyNotificationsQuery = z.object({
  unread: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => value === 'true')
    .describe('true：只列未读 (unread only)'),
  nextToken: pageToken,
  limit,
});

export const NotificationParams = z.object({
  notificationId: z.string().trim().min(1).max(128).describe('通知编号 (notification id)'),
});

export const NotificationSchema = z
  .object({
    notificationId: z.string(),
    at: z.string().describe('时间（UTC） (when it was written)'),
    kind: z.enum(NOTIFICATION_KINDS),
    title: z.string().describe('标题（中文）'),
    body: z.string().describe('正文（中文）'),
    entityId: z.string().describe('所涉申报、异议、公示、奖项或（截止提醒、流程告警）届次的编号'),
    read: z.boolean(),
  })
  .meta({ id: 'Notification', description: '站内通知 (an inbox notice)' });

export const NotificationPageSchema = z.object({
  items: z.array(NotificationSchema),
  nextToken: z.string().optional(),
});

export const FailedDeliveriesQuery = z.object({ nextToken: pageToken, limit });

export const DeliverySchema = z
  .object({
    messageId: z.string(),
    channel: z.enum(['sms', 'email']),
    to: z.string().describe('已脱敏 (masked)'),
    kind: z.enum(NOTIFICATION_KINDS),
    subject: z.string(),
    entityId: z.string(),
    at: z.string(),
    status: z.enum(['pending', 'sending', 'sent', 'failed']),
    attempts: z.int(),
    lastError: z.string().optional(),
    failedAt: z.string().optional(),
  })
  .meta({ id: 'Delivery', description: '短信或邮件投递 (an SMS or email delivery)' });

export const DeliveryPageSchema = z.object({
  items: z.array(DeliverySchema),
  nextToken: z.string().optional(),
});
