/**
 * zod schemas of the review routes (API.md "Review"): reviewers, panels, conflicts of interest and
 * score sheets. Credit codes, conflicts and score ranges are the domain's to judge (Chinese findings
 * with the article); these schemas check shapes only.
 */
import * as z from 'zod';
import { CATEGORIES, REVIEW_STAGES } from '../../../domain/model.ts';

const id = z.string().trim().min(1).max(128);
const reviewStage = z
  .enum(REVIEW_STAGES)
  .describe('评审阶段：material 材料评审 / onsite 现场评审 / defense 陈述答辩');
const reason = z.string().trim().min(1).max(2000);

export const ReviewerParams = z.object({
  reviewerId: id.describe('评审专家的登录标识 sub (the reviewer’s sign-in subject)'),
});

export const PutReviewerBody = z.object({
  name: z.string().trim().min(1).max(100).describe('姓名 (name)'),
  organizationCode: z
    .string()
    .trim()
    .max(32)
    .optional()
    .describe('现工作单位统一社会信用代码 (current employer)'),
  formerEmployers: z
    .array(
      z.object({
        creditCode: z.string().trim().max(32).describe('原工作单位统一社会信用代码'),
        until: z.iso.date().describe('离职日期 YYYY-MM-DD'),
      }),
    )
    .max(50)
    .optional()
    .describe('原工作单位（近 3 年内的须回避） (former employers)'),
  fields: z.array(z.string().trim().max(100)).max(50).optional().describe('专业领域 (fields of expertise)'),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9][0-9 ()-]{4,24}$/, '电话号码格式不正确')
    .optional()
    .describe(
      '手机号码，用于短信通知；加密保存，只显示脱敏号码 (phone for SMS notices; stored encrypted, shown masked)',
    ),
  email: z
    .email('电子邮件地址格式不正确')
    .max(254)
    .optional()
    .describe('电子邮箱，无手机号码时用于邮件通知 (email)'),
});

export const RoundParams = z.object({ roundId: id.describe('评选届次编号 (round id)') });

export const AssignReviewersBody = z.object({
  stage: reviewStage,
  applicationId: id.describe('申报编号 (application id)'),
  reviewerIds: z.array(id).min(1).max(30).describe('评审专家 sub 列表，1 至 30 位 (reviewers, 1 to 30)'),
});

export const ApplicationParams = z.object({ id: id.describe('申报编号 (application id)') });

export const DeclareConflictBody = z.object({
  reason: reason.describe('回避理由 (why the reviewer must step aside)'),
});

export const DismissConflictBody = z.object({
  reviewerId: id.describe('评审专家 sub'),
  reason: reason.describe('撤销自动回避的理由（误判） (why the automatic match is a false positive)'),
});

export const ScoreParams = z.object({
  id: id.describe('申报编号 (application id)'),
  stage: reviewStage,
});

export const RecordScoresBody = z.object({
  items: z
    .record(z.string().max(32), z.number())
    .describe('各评分项得分 {itemId: points}，0 至该项满分的整数 (points per rubric item)'),
  comment: z.string().max(5000).optional().describe('评审意见 (comment)'),
  version: z.int().min(0).optional().describe('所修改评分表的版本，用于并发控制 (optimistic version)'),
});

export const ReviewerSchema = z
  .object({
    reviewerId: z.string(),
    name: z.string(),
    organizationCode: z.string().optional(),
    formerEmployers: z.array(z.object({ creditCode: z.string(), until: z.string() })),
    fields: z.array(z.string()),
    phone: z.string().optional().describe('已脱敏 (masked)'),
    email: z.string().optional(),
    disqualified: z.object({ at: z.string(), reason: z.string() }).optional(),
    updatedAt: z.string(),
    version: z.int(),
  })
  .meta({ id: 'Reviewer', description: '评审专家 (a reviewer)' });

export const AssignmentSchema = z
  .object({
    roundId: z.string(),
    applicationId: z.string(),
    stage: z.enum(REVIEW_STAGES),
    reviewerId: z.string(),
    status: z.enum(['active', 'withdrawn']),
    assignedAt: z.string(),
    assignedBy: z.string(),
    withdrawnAt: z.string().optional(),
    withdrawReason: z.string().optional(),
  })
  .meta({ id: 'Assignment', description: '评审分配 (an assignment)' });

export const ConflictSchema = z
  .object({
    roundId: z.string(),
    applicationId: z.string(),
    reviewerId: z.string(),
    kind: z.enum(['declared', 'dismissed']),
    reason: z.string(),
    at: z.string(),
    by: z.string(),
  })
  .meta({ id: 'Conflict', description: '回避申报或撤销记录 (a declaration or a dismissal)' });

export const DeclaredConflictSchema = z.object({
  conflict: ConflictSchema,
  withdrawn: z.array(AssignmentSchema),
});

export const ScoreSchema = z
  .object({
    roundId: z.string(),
    applicationId: z.string(),
    stage: z.enum(REVIEW_STAGES),
    reviewerId: z.string(),
    items: z.record(z.string(), z.number()),
    total: z.number(),
    comment: z.string().optional(),
    rubricVersion: z.string(),
    updatedAt: z.string(),
    version: z.int(),
  })
  .meta({ id: 'Score', description: '评分表 (a score sheet)' });

export const MyAssignmentSchema = z
  .object({
    roundId: z.string(),
    roundOrdinal: z.int().optional(),
    applicationId: z.string(),
    displayName: z.string(),
    category: z.enum(CATEGORIES),
    stage: z.enum(REVIEW_STAGES),
    assignedAt: z.string(),
    open: z.boolean(),
    scored: z.boolean(),
  })
  .meta({ id: 'MyAssignment', description: '我的评审任务 (a reviewer’s assignment)' });
