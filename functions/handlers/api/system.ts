/**
 * `GET /v1/health` and `GET /v1/openapi.json` (API.md: public in all modes). The OpenAPI document is
 * generated from every route's zod schemas at build time (openapi-document.ts, `npm run
 * generate:openapi`) and served from openapi.json, so this function bundles none of the other
 * route groups (bench/cold-start.ts).
 */
import * as z from 'zod';
import { defineRoute, type RouteSpec } from '../../shared/route.ts';
import { routeGroupHandler } from '../lambda.ts';
import { liveDeps } from '../live-deps.ts';
import openApiDocument from './openapi.json' with { type: 'json' };
import { ClockMoveBody, ClockSchema, DevOutboxSchema, DevTokenBody, DevTokenSchema } from './schemas/dev.ts';

const tags = ['system'];

const LOCAL_ONLY = '仅本地模式（npm start）提供，云上部署没有此接口 (local mode only)。';

/** API.md "Local mode only": the specs of the routes the local platform serves (infra/local/platform.ts). */
export const DEV_TOKEN_ROUTE = {
  method: 'POST',
  path: '/v1/dev/tokens',
  roles: 'public',
  body: DevTokenBody,
  summary: '签发本地测试令牌（仅本地模式） Issue a local token',
  description: LOCAL_ONLY,
  tags: ['local'],
  responses: { 200: { description: '令牌 (the token)', schema: DevTokenSchema } },
} as const satisfies RouteSpec;

export const DEV_CLOCK_ROUTE = {
  method: 'GET',
  path: '/v1/dev/clock',
  roles: 'public',
  summary: '平台时钟（仅本地模式） Platform clock',
  description: `${LOCAL_ONLY}首次启动时为真实时间或环境变量 CLOCK_START 指定的时刻，重启后保持。`,
  tags: ['local'],
  responses: { 200: { description: '平台时间 (the platform instant)', schema: ClockSchema } },
} as const satisfies RouteSpec;

export const DEV_CLOCK_MOVE_ROUTE = {
  method: 'POST',
  path: '/v1/dev/clock',
  roles: 'public',
  body: ClockMoveBody,
  summary: '向前拨动平台时钟（仅本地模式） Move the platform clock forward',
  description:
    `${LOCAL_ONLY}只能向前拨动（向后返回 400）；返回前，届时到期的定时步骤` +
    '（申报截止、公示期满、回调超时、定时任务）均已执行。',
  tags: ['local'],
  responses: { 200: { description: '平台时间 (the platform instant)', schema: ClockSchema } },
} as const satisfies RouteSpec;

export const DEV_OUTBOX_ROUTE = {
  method: 'GET',
  path: '/v1/dev/outbox',
  roles: 'public',
  summary: '本地短信与邮件（仅本地模式） What the local SMS sink and SMTP server received',
  description: `${LOCAL_ONLY}邮件适配器经真实 SMTP 发往内嵌 SMTP 服务器，短信发往本地短信替身；同一投递编号只列一次。`,
  tags: ['local'],
  responses: {
    200: { description: '收到的消息，按时间先后 (received messages, oldest first)', schema: DevOutboxSchema },
  },
} as const satisfies RouteSpec;

/** The two system routes. */
export const systemRoutes = [
  defineRoute(
    {
      method: 'GET',
      path: '/v1/health',
      roles: 'public',
      summary: '健康检查 Health check',
      tags,
      responses: { 200: { description: '服务正常 (up)', schema: z.object({ status: z.literal('ok') }) } },
    },
    async () => ({ status: 'ok' as const }),
  ),
  defineRoute(
    {
      method: 'GET',
      path: '/v1/openapi.json',
      roles: 'public',
      summary: 'OpenAPI 3.1 文档 The OpenAPI document',
      tags,
      responses: { 200: { description: 'OpenAPI 3.1' } },
    },
    async () => openApiDocument,
  ),
];

/** The adapters this function builds on AWS: none (its uses in infra/aws/function-catalog.ts are empty). */
export const live = liveDeps();

/** The Lambda function of the system routes. */
export const handler = routeGroupHandler(systemRoutes, live);
