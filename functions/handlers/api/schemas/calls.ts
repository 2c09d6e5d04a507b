/**
 * zod schemas of the call routes (API.md v2 "Calls and the applicant's draft"): the call notice the
 * office writes on a round and the public list of open and upcoming calls.
 */
import * as z from 'zod';
import { EvidenceUploadBody } from './applications.ts';

const id = z.string().trim().min(1).max(128);
const plainText = (max: number) => z.string().trim().min(1).max(max);

export const CallNoticeParams = z.object({ roundId: id.describe('评选届次编号 (round id)') });
export const CallAttachmentParams = CallNoticeParams.extend({
  attachmentId: id.describe('附件编号 (attachment id)'),
});

export const CallNoticeBody = z.object({
  requirements: plainText(20000).describe('申报要求：纯文本，段落之间空一行 (requirements, plain text)'),
  contact: plainText(2000).describe('联系方式：纯文本，段落之间空一行 (contact, plain text)'),
  attachments: z
    .array(EvidenceUploadBody)
    .max(20)
    .optional()
    .describe('附件（空白申报表、自评表模板等），与证实材料一样上传并核对 SHA-256 (attachments)'),
});

export const CallNoticeUploadsSchema = z.object({
  uploads: z
    .array(
      z.object({
        attachmentId: z.string(),
        fileName: z.string(),
        url: z.string(),
        fields: z.record(z.string(), z.string()),
        expiresAt: z.string(),
      }),
    )
    .describe(
      '尚待上传的附件：以 multipart/form-data POST 到 url，先放 fields，最后放 file (presigned POSTs)',
    ),
  attachments: z
    .array(
      z.object({
        attachmentId: z.string(),
        fileName: z.string(),
        status: z.enum(['pending', 'verified', 'rejected']),
      }),
    )
    .describe('全部附件及其核验状态；未改动的已核验附件无须重新上传 (every attachment and its status)'),
});

export const CallAttachmentVerifiedSchema = z.object({
  attachmentId: z.string(),
  status: z.literal('verified'),
});

export const PublicCallSchema = z
  .object({
    roundId: z.string(),
    ordinal: z.int(),
    title: z.string(),
    callOpensAt: z.string(),
    callClosesAt: z.string(),
    requirements: z.string(),
    contact: z.string(),
    attachments: z.array(
      z.object({
        fileName: z.string(),
        contentType: z.string(),
        size: z.int(),
        url: z.string().describe('短时有效的下载地址 (a short-lived URL)'),
        expiresAt: z.string(),
      }),
    ),
  })
  .meta({ id: 'PublicCall', description: '申报通知 (a call)' });

export const CallNoticeSchema = z.object({
  requirements: z.string(),
  contact: z.string(),
  attachments: z.array(
    z.object({
      attachmentId: z.string(),
      fileName: z.string(),
      contentType: z.string(),
      size: z.int(),
      sha256: z.string(),
      status: z.enum(['pending', 'verified', 'rejected']),
      rejection: z.string().optional(),
    }),
  ),
  updatedAt: z.string(),
});
