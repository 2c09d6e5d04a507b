/**
 * zod schemas of API.md "Local mode only": the dev token issuer and the platform clock. The local
 * platform (infra/local/platform.ts) serves these routes; the document of `GET /v1/openapi.json`
 * describes them too (marked local-only), since they are part of the contract integrators test against.
 */
import * as z from 'zod';
import { ROLES } from '../../../domain/model.ts';
import { NOTIFICATION_KINDS } from '../../../domain/notification-kinds.ts';

export const DevTokenBody = z
  .object({
    sub: z.string().min(1).max(128).describe('登录标识 (subject)'),
    roles: z.array(z.enum(ROLES)).min(1).describe('角色 (roles)'),
    name: z.string().min(1).max(100).optional().describe('姓名 (name)'),
    organizationCode: z.string().min(1).max(18).optional().describe('所在组织统一社会信用代码'),
    jurisdiction: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .describe('推荐单位辖区编号 (recommender jurisdiction)'),
  })
  .strict();

export const DevTokenSchema = z.object({ token: z.string().describe('Bearer JWT') });

export const ClockMoveBody = z
  .object({
    now: z.iso
      .datetime({ offset: true })
      .describe('新的平台时间，只能向前拨动 (the new instant, forward only)'),
  })
  .strict();

export const ClockSchema = z.object({
  now: z.string().describe('平台当前时间（UTC） (the platform instant)'),
});

export const DevOutboxSchema = z.object({
  items: z.array(
    z
      .object({
        messageId: z.string().describe('投递编号，重试时不变 (stable message id)'),
        channel: z.enum(['sms', 'email']),
        to: z.string().describe('已脱敏：手机号保留后 4 位，邮箱只显示域名 (masked)'),
        subject: z.string().optional(),
        body: z.string(),
        kind: z.enum(NOTIFICATION_KINDS),
        at: z.string().describe('收到时间（UTC） (when the stand-in received it)'),
        status: z.enum(['sent']),
      })
      .meta({
        id: 'DevOutboxMessage',
        description: '本地短信/邮件替身收到的消息 (what the local stand-ins received)',
      }),
  ),
});
