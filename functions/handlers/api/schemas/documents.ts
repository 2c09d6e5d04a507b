/** zod schemas of the document, export and statistics routes (API.md v2 "Documents, exports and statistics"). */
import * as z from 'zod';
import { APPLICATION_STATUSES } from '../../../domain/model.ts';
import { EXPORT_KINDS } from '../../../ports/export-kinds.ts';

const id = z.string().trim().min(1).max(128);

export const RoundParams = z.object({ roundId: id.describe('评选届次编号 (round id)') });
export const ExportParams = z.object({ exportId: id.describe('导出编号 (export id)') });
export const ApplicationParams = z.object({ id: id.describe('申报编号 (application id)') });
export const WindowParams = z.object({ windowId: id.describe('公示编号 (window id)') });
export const AwardParams = z.object({ awardId: id.describe('奖项编号 (award id)') });

export const CreateExportBody = z.object({
  kind: z
    .enum(EXPORT_KINDS)
    .describe(
      '导出内容：applications 申报名单、scores 评分表、ranking 排名、objections 异议、winners 获奖名单、statistics 统计、audit 审计记录（Excel）；archive 本届评选档案（ZIP）',
    ),
});

export const DownloadSchema = z.object({
  url: z.string().describe('短时有效的下载地址 (presigned GET)'),
  expiresAt: z.string().describe('下载地址失效时间 (UTC)'),
  contentType: z.string(),
  fileName: z.string(),
});

export const ExportSchema = z.object({
  exportId: z.string(),
  kind: z.enum(EXPORT_KINDS),
  status: z.enum(['pending', 'ready', 'failed']),
  url: z.string().optional(),
  expiresAt: z.string().optional(),
  fileName: z.string().optional(),
  contentType: z.string().optional(),
});

const counts = z.record(z.string(), z.int());

export const StatisticsSchema = z.object({
  total: z.int().describe('申报总数（不含草稿）'),
  drafts: z
    .int()
    .describe(
      '草稿数（含提交前撤回的）：只给数目，草稿在提交前只有申请人本人可见（个人信息保护法第二十九条）',
    ),
  byStatus: z.partialRecord(z.enum(APPLICATION_STATUSES), z.int()),
  byCategory: z.object({ organization: z.int(), individual: z.int() }),
  byJurisdiction: counts.describe('按推荐单位（地区）编码'),
  byIndustry: counts.describe('按行业，仅组织'),
  sme: z.object({
    count: z.int().describe('中小企业申报数（第十条）'),
    share: z.number().min(0).max(1).describe('中小企业占组织申报的比例 0..1'),
  }),
});
