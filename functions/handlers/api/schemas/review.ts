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
    withdrawnBy: z.string().optional(),
    replacedBy: z.string().optional(),
    drawId: z.string().optional(),
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

/** `POST /v1/rounds/{roundId}/assignments/draw` (API.md "Review panels"). */
export const DrawBody = z.object({
  stage: reviewStage,
  panelSize: z.int().min(1).max(30).describe('每个评审组的人数 (reviewers per panel after the draw)'),
  applicationIds: z
    .array(id)
    .max(5000)
    .optional()
    .describe('要抽取的申报；缺省为本阶段评审组未满的全部申报 (default: every panel not full)'),
  seed: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe('随机种子；缺省由系统生成并返回 (seed; generated and returned when absent)'),
});

export const DrawSchema = z
  .object({
    seed: z.string(),
    drawId: z
      .string()
      .optional()
      .describe('抽取记录编号；未抽取任何专家时没有 (absent when nothing was drawn)'),
    assignments: z.array(
      z.object({
        applicationId: z.string(),
        reviewerIds: z.array(z.string()).describe('抽取后的整个评审组 (the whole panel after the draw)'),
        drawn: z.array(z.string()).describe('本次抽中的专家 (drawn by this draw)'),
      }),
    ),
    loads: z
      .record(z.string(), z.int())
      .describe('抽取后每位可抽专家在本阶段的评审数 (each eligible reviewer’s load after the draw)'),
  })
  .meta({ id: 'Draw', description: '随机抽取评审专家的结果 (a draw)' });

export const RoundAssignmentsQuery = z.object({
  stage: reviewStage.optional(),
  reviewerId: id.optional().describe('评审专家 sub'),
});

export const RoundAssignmentSchema = z
  .object({
    applicationId: z.string(),
    stage: z.enum(REVIEW_STAGES),
    reviewerId: z.string(),
    reviewerName: z.string(),
    status: z.enum(['active', 'withdrawn']),
    assignedAt: z.string(),
    assignedBy: z.string(),
    scored: z.boolean(),
    withdrawnAt: z.string().optional(),
    withdrawReason: z.string().optional(),
    withdrawnBy: z.string().optional(),
    replacedBy: z.string().optional(),
    drawId: z.string().optional(),
  })
  .meta({ id: 'RoundAssignment', description: '届次中的评审分配 (an assignment of the round)' });

export const RoundAssignmentPageSchema = z.object({ items: z.array(RoundAssignmentSchema) });

export const WithdrawalBody = z.object({
  stage: reviewStage,
  applicationId: id.describe('申报编号 (application id)'),
  reviewerId: id.describe('被撤出的评审专家 sub (the reviewer withdrawn)'),
  reason: reason.describe('撤出理由 (why)'),
  replacementId: id.optional().describe('替换的评审专家 sub (the replacement, optional)'),
});

export const WithdrawalSchema = z.object({
  withdrawn: AssignmentSchema,
  replacement: AssignmentSchema.optional(),
});

export const ScoreSheetSchema = z
  .object({
    stage: z.enum(REVIEW_STAGES),
    reviewerId: z.string(),
    reviewerName: z.string(),
    items: z.record(z.string(), z.number()),
    total: z.number().describe('总分（各项之和） (points, the sum of items)'),
    comment: z.string().optional(),
    submittedAt: z.string(),
    rubricVersion: z.string(),
    counted: z
      .boolean()
      .describe('是否计入评分：被撤出专家的评分表不计入 (false once the reviewer was withdrawn)'),
  })
  .meta({ id: 'ScoreSheet', description: '评分表（工作人员与纪检监督可读） (a score sheet)' });

export const ScoreSheetPageSchema = z.object({ items: z.array(ScoreSheetSchema) });

export const ScheduleParams = z.object({
  roundId: id.describe('评选届次编号 (round id)'),
  applicationId: id.describe('申报编号 (application id)'),
});

const instant = z.iso
  .datetime({ offset: true })
  .describe('ISO 8601 时刻，例如 2026-09-28T09:00:00+08:00 (an instant with its offset)');

export const ScheduleSlotBody = z.object({
  stage: z.enum(['onsite', 'defense']).describe('onsite 现场评审 / defense 陈述答辩'),
  startsAt: instant.describe('开始时间 (starts)'),
  endsAt: instant.describe('结束时间 (ends)'),
  venue: z.string().trim().min(1).max(500).describe('地点 (venue)'),
  leaderId: id.optional().describe('评审组长 sub (team leader)'),
});

export const ScheduleSlotSchema = z
  .object({
    applicationId: z.string(),
    displayName: z.string(),
    stage: z.enum(['onsite', 'defense']),
    startsAt: z.string(),
    endsAt: z.string(),
    venue: z.string(),
    leaderId: z.string().optional(),
  })
  .meta({ id: 'ScheduleSlot', description: '现场评审或陈述答辩的日程 (a slot)' });

export const SchedulePageSchema = z.object({ items: z.array(ScheduleSlotSchema) });
