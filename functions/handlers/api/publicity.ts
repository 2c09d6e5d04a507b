/**
 * Publicity routes (API.md "Publicity and objections"): public notices, real-name objections,
 * their investigation, and extensions of a window. Thin: parse (zod) → one use case → present.
 */

import type { Deps } from '../../ports/deps.ts';
import { routeBuilder } from '../../shared/route.ts';
import { earlierExtension, earlierResolution } from '../../use-cases/earlier-request.ts';
import { extendWindow } from '../../use-cases/extend-window.ts';
import { earlierObjection, fileObjection } from '../../use-cases/file-objection.ts';
import { getNotice } from '../../use-cases/get-notice.ts';
import { listNotices } from '../../use-cases/list-notices.ts';
import { listRoundObjections } from '../../use-cases/list-round-objections.ts';
import { resolveObjection } from '../../use-cases/resolve-objection.ts';
import { routeGroupHandler } from '../lambda.ts';
import { liveDeps, livePii, liveWorkflow } from '../live-deps.ts';
import { liveIdempotency, liveStore } from '../live-dynamodb.ts';
import { presentObjection, presentWindow } from './presenters.ts';
import {
  ExtendWindowBody,
  FileObjectionBody,
  ObjectionFiledSchema,
  ObjectionParams,
  ObjectionSchema,
  ResolveObjectionBody,
  WindowParams,
  WindowSchema,
} from './schemas/publicity.ts';
import { RoundParams } from './schemas/review.ts';

const defineApiRoute = routeBuilder<Deps>();
const tags = ['公示与异议 Publicity'];

export const listNoticesRoute = defineApiRoute(
  {
    method: 'GET',
    path: '/v1/public/notices',
    roles: 'public',
    summary: '公示列表 List publicity notices',
    description: '已发布的受理名单公示和拟获奖名单公示，最新的在前（第十八条）。',
    tags,
    responses: { 200: { description: '公示', schema: WindowSchema.array() } },
  },
  async ({ deps }) => (await listNotices(deps)).map(presentWindow),
);

export const getNoticeRoute = defineApiRoute(
  {
    method: 'GET',
    path: '/v1/public/notices/{windowId}',
    roles: 'public',
    params: WindowParams,
    summary: '公示详情 Get a publicity notice',
    tags,
    errors: ['NOT_FOUND'],
    responses: { 200: { description: '公示', schema: WindowSchema } },
  },
  async ({ params, deps }) => presentWindow(await getNotice(deps, { windowId: params.windowId })),
);

export const fileObjectionRoute = defineApiRoute(
  {
    method: 'POST',
    path: '/v1/public/notices/{windowId}/objections',
    roles: 'public',
    params: WindowParams,
    body: FileObjectionBody,
    idempotent: true,
    successStatus: 201,
    summary: '实名提出异议 File an objection',
    description: '公示期内以真实姓名、联系电话及身份证号码或统一社会信用代码提出。',
    tags,
    errors: ['NOT_FOUND', 'WINDOW_CLOSED', 'INVALID_ID_NUMBER', 'INVALID_CREDIT_CODE'],
    responses: { 201: { description: '异议编号', schema: ObjectionFiledSchema } },
  },
  async ({ params, body, deps }) =>
    fileObjection(deps, {
      windowId: params.windowId,
      applicationId: body.applicationId,
      name: body.name,
      phone: body.phone,
      ...(body.idNumber === undefined ? {} : { idNumber: body.idNumber }),
      ...(body.creditCode === undefined ? {} : { creditCode: body.creditCode }),
      content: body.content,
    }),
  async ({ deps }) => earlierObjection(deps),
);

export const listRoundObjectionsRoute = defineApiRoute(
  {
    method: 'GET',
    path: '/v1/rounds/{roundId}/objections',
    roles: ['staff', 'supervisor'],
    params: RoundParams,
    summary: '本届异议列表 List a round’s objections',
    tags,
    errors: ['NOT_FOUND'],
    responses: { 200: { description: '异议', schema: ObjectionSchema.array() } },
  },
  async ({ params, actor, deps }) =>
    (await listRoundObjections(deps, actor, { roundId: params.roundId })).map(presentObjection),
);

export const resolveObjectionRoute = defineApiRoute(
  {
    method: 'POST',
    path: '/v1/objections/{objectionId}/resolution',
    roles: ['staff'],
    params: ObjectionParams,
    body: ResolveObjectionBody,
    idempotent: true,
    summary: '记录异议调查结论 Resolve an objection',
    tags,
    errors: ['NOT_FOUND', 'ILLEGAL_TRANSITION', 'VERSION_CONFLICT'],
    responses: { 200: { description: '异议', schema: ObjectionSchema } },
  },
  async ({ params, body, actor, deps }) =>
    presentObjection(await resolveObjection(deps, actor, { objectionId: params.objectionId, ...body })),
  async ({ params, deps }) => {
    const objection = await earlierResolution(deps, params.objectionId);
    return objection && presentObjection(objection);
  },
);

export const extendWindowRoute = defineApiRoute(
  {
    method: 'POST',
    path: '/v1/windows/{windowId}/extension',
    roles: ['staff'],
    params: WindowParams,
    body: ExtendWindowBody,
    idempotent: true,
    summary: '延长公示期 Extend a publicity window',
    tags,
    errors: ['NOT_FOUND', 'WINDOW_CLOSED', 'VERSION_CONFLICT'],
    responses: { 200: { description: '公示', schema: WindowSchema } },
  },
  async ({ params, body, actor, deps }) =>
    presentWindow(await extendWindow(deps, actor, { windowId: params.windowId, closesAt: body.closesAt })),
  async ({ params, deps }) => {
    const window = await earlierExtension(deps, params.windowId);
    return window && presentWindow(window);
  },
);

export const publicityRoutes = [
  listNoticesRoute,
  getNoticeRoute,
  fileObjectionRoute,
  listRoundObjectionsRoute,
  resolveObjectionRoute,
  extendWindowRoute,
];

/** The adapters this function builds on AWS: its uses in infra/aws/function-catalog.ts. */
export const live = liveDeps(liveStore, livePii, liveWorkflow, liveIdempotency);

/** The Lambda function of this route group (one per file on AWS). */
export const handler = routeGroupHandler(publicityRoutes, live);
