/** Routes of API.md v2 "Calls and the applicant's draft" (the call side): thin handlers. */

import type { Deps } from '../../ports/deps.ts';
import type { CallNoticeRecord } from '../../ports/records.ts';
import { routeBuilder } from '../../shared/route.ts';
import { getCallNotice } from '../../use-cases/get-call-notice.ts';
import { listPublicCalls } from '../../use-cases/list-public-calls.ts';
import { earlierCallNotice, putCallNotice } from '../../use-cases/put-call-notice.ts';
import { completeCallAttachment } from '../../use-cases/verify-call-attachment.ts';
import { routeGroupHandler } from '../lambda.ts';
import { liveDeps, liveEvidence } from '../live-deps.ts';
import { liveIdempotency, liveStore } from '../live-dynamodb.ts';
import {
  CallAttachmentParams,
  CallAttachmentVerifiedSchema,
  CallNoticeBody,
  CallNoticeParams,
  CallNoticeSchema,
  CallNoticeUploadsSchema,
  PublicCallSchema,
} from './schemas/calls.ts';

const defineRoute = routeBuilder<Deps>();
const tags = ['申报通知 Calls'];

const attachmentStates = (notice: CallNoticeRecord) =>
  notice.attachments.map((a) => ({ attachmentId: a.attachmentId, fileName: a.fileName, status: a.status }));

/** The upload forms of the forms still to upload, and every form's state. */
const presentNoticeUploads = ({ round, uploads }: Awaited<ReturnType<typeof putCallNotice>>) => ({
  uploads: uploads.map(({ attachmentId, fileName, upload }) => ({
    attachmentId,
    fileName,
    url: upload.url,
    fields: upload.fields,
    expiresAt: upload.expiresAt,
  })),
  attachments: attachmentStates(round.callNotice!),
});

export const callsRoutes = [
  defineRoute(
    {
      method: 'PUT',
      path: '/v1/rounds/{roundId}/call-notice',
      roles: ['staff'],
      params: CallNoticeParams,
      body: CallNoticeBody,
      idempotent: true,
      summary: '发布申报通知 Write the call notice',
      description:
        '评选办在申报截止前发布或修改申报通知（整体替换）：申报要求、联系方式和附件。附件与证实材料一样以预签名 POST 上传，' +
        '由服务器核对大小、类型和 SHA-256，核验通过后才对外提供下载；与上次声明完全相同的已核验附件保留，无须重新上传。' +
        '申报已截止返回 409 STAGE_CLOSED。',
      tags,
      responses: {
        200: { description: '待上传附件的上传地址 (upload forms)', schema: CallNoticeUploadsSchema },
      },
      errors: ['STAGE_CLOSED', 'PAYLOAD_TOO_LARGE'],
    },
    async ({ params, body, actor, deps }) =>
      presentNoticeUploads(await putCallNotice(deps, actor, { roundId: params.roundId, ...body })),
    async ({ params, deps }) => {
      const earlier = await earlierCallNotice(deps, params.roundId);
      return earlier && presentNoticeUploads(earlier);
    },
  ),
  defineRoute(
    {
      method: 'GET',
      path: '/v1/rounds/{roundId}/call-notice',
      roles: ['staff', 'supervisor'],
      params: CallNoticeParams,
      summary: '查看申报通知 Read the call notice',
      tags,
      responses: { 200: { description: '申报通知 (the call notice)', schema: CallNoticeSchema } },
    },
    async ({ params, actor, deps }) => {
      const notice = await getCallNotice(deps, actor, params);
      return {
        requirements: notice.requirements,
        contact: notice.contact,
        attachments: notice.attachments.map((a) => ({
          attachmentId: a.attachmentId,
          fileName: a.fileName,
          contentType: a.contentType,
          size: a.size,
          sha256: a.sha256,
          status: a.status,
          ...(a.rejection ? { rejection: a.rejection } : {}),
        })),
        updatedAt: notice.updatedAt,
      };
    },
  ),
  defineRoute(
    {
      method: 'POST',
      path: '/v1/rounds/{roundId}/call-notice/attachments/{attachmentId}/complete',
      roles: ['staff'],
      params: CallAttachmentParams,
      summary: '确认附件已上传 Complete an attachment upload',
      description:
        '服务器读取已上传的附件，核对大小、类型和 SHA-256：一致则 verified；不一致则删除文件并返回 422 EVIDENCE_MISMATCH；' +
        '尚未上传返回 422 EVIDENCE_NOT_VERIFIED。存储桶的上传事件也会触发同样的核验。',
      tags,
      responses: { 200: { description: '已核验 (verified)', schema: CallAttachmentVerifiedSchema } },
      errors: ['EVIDENCE_MISMATCH', 'EVIDENCE_NOT_VERIFIED'],
    },
    async ({ params, actor, deps }) => completeCallAttachment(deps, actor, params),
  ),
  defineRoute(
    {
      method: 'GET',
      path: '/v1/public/calls',
      roles: 'public',
      summary: '申报通知 Open and upcoming calls',
      description:
        '无须登录：已发布申报通知、正在受理或尚未开始受理的届次，截止早的在前；附件为已核验文件的短时下载地址（第十八条第（一）项）。',
      tags,
      responses: { 200: { description: '申报通知 (calls)', schema: PublicCallSchema.array() } },
    },
    async ({ deps }) =>
      (await listPublicCalls(deps)).map(({ round, notice, attachments }) => ({
        roundId: round.roundId,
        ordinal: round.ordinal,
        title: round.title,
        callOpensAt: round.callOpensAt,
        callClosesAt: round.callClosesAt,
        requirements: notice.requirements,
        contact: notice.contact,
        attachments,
      })),
  ),
];

/** The adapters this function builds on AWS: its uses in infra/aws/function-catalog.ts. */
export const live = liveDeps(liveStore, liveEvidence, liveIdempotency);

/** The Lambda function of this route group (one per file on AWS). */
export const handler = routeGroupHandler(callsRoutes, live);
