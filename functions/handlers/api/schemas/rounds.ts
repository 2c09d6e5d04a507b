/**
 * zod schemas of the round routes (API.md "Rounds"): the single source of the request types and of
 * the OpenAPI document. The domain re-checks its own rules (quotas, weights, rulebook validity).
 */
import * as z from 'zod';
import { CATEGORIES, REVIEW_STAGES, ROUND_STAGES, TIERS } from '../../../domain/model.ts';
import { WindowSchema } from './publicity.ts';

const instant = z.iso
  .datetime({ offset: true })
  .describe('ISO 8601 时刻，例如 2026-09-28T09:00:00+08:00 (an instant with its offset)');
const calendarDate = z.iso.date().describe('北京时间日期 YYYY-MM-DD (a Beijing calendar date)');
const id = z.string().trim().min(1).max(128);
const note = z.string().trim().max(2000).describe('备注 (note)');

export const RoundParams = z.object({ roundId: id.describe('评选届次编号 (round id)') });

export const CreateRoundBody = z.object({
  title: z.string().trim().min(1).max(200).describe('评选名称，例如“第二届太原市政府质量奖” (title)'),
  ordinal: z.int().min(1).max(999).optional().describe('届次；缺省为上一届 + 1 (ordinal; default last + 1)'),
  callOpensAt: instant.describe('申报开始时间 (the call opens)'),
  callClosesAt: instant.describe('申报截止时间 (the call closes)'),
  quotas: z
    .object({
      award: z.int().min(0).max(1000).describe('质量奖名额，最多 5 (第八条)'),
      nomination: z.int().min(0).max(1000).describe('提名奖名额，最多 10 (第八条)'),
    })
    .optional()
    .describe('每届名额；缺省为办法规定的 5 和 10 (quotas, default 5 / 10)'),
  weights: z
    .object({
      material: z.number().min(0).max(1),
      onsite: z.number().min(0).max(1),
      defense: z.number().min(0).max(1),
    })
    .optional()
    .describe('材料、现场、答辩权重，和为 1；缺省 0.3 / 0.5 / 0.2 (stage weights)'),
  minimumPercent: z
    .object({
      award: z.number().min(0).max(100).optional(),
      nomination: z.number().min(0).max(100).optional(),
    })
    .optional()
    .describe('各等次的最低综合得分率 0–100 (optional floors)'),
});

export const CallExtensionBody = z.object({
  callClosesAt: instant.describe('新的申报截止时间，只能延后 (the new close, later only)'),
  note: note.optional(),
});

export const AdvanceBody = z.object({
  to: z.enum(ROUND_STAGES).describe('目标阶段 (the next stage)'),
  note: note.optional(),
  selected: z
    .array(id)
    .max(5000)
    .optional()
    .describe('转入现场评审时：入围的申报编号 (to onsite-review: the applications selected)'),
});

export const DecisionBody = z.object({
  award: z.array(id).max(1000).describe('拟授予质量奖的申报 (applications proposed for the award)'),
  nomination: z.array(id).max(1000).describe('拟授予提名奖的申报 (applications proposed for the nomination)'),
  note: note
    .optional()
    .describe('审定意见；与建议名单不一致时须说明理由 (reason when departing from the proposal)'),
});

export const ApprovalBody = z.object({
  documentNo: z.string().trim().min(1).max(200).describe('市政府批准文件文号 (approval document number)'),
  approvedOn: calendarDate.describe('批准日期 (approval date)'),
});

const StageHistorySchema = z.object({
  stage: z.enum(ROUND_STAGES),
  at: z.string(),
  by: z.string(),
  note: z.string().optional(),
});

const stageNumbers = <T extends z.ZodType>(value: T) =>
  z.object({ material: value.optional(), onsite: value.optional(), defense: value.optional() });

/** `PUT /v1/rounds/{roundId}/review-settings` (API.md "Review panels"): the whole object is replaced. */
export const ReviewSettingsBody = z.object({
  loadLimits: stageNumbers(z.int().min(1).max(10_000))
    .optional()
    .describe('每位评审专家每阶段最多评审的申报数 (applications per reviewer per stage)'),
  deadlines: z
    .object({
      recommendation: instant.optional(),
      qualification: instant.optional(),
      material: instant.optional(),
      onsite: instant.optional(),
      defense: instant.optional(),
    })
    .optional()
    .describe('推荐、资格审查与各评审阶段的工作期限（仅用于提醒，不阻止推进） (deadlines, reminders only)'),
  reminderWorkingDays: z
    .int()
    .min(0)
    .max(30)
    .optional()
    .describe('期限前几个工作日提醒，缺省 2 (working days before a deadline, default 2)'),
});

export const ReviewSettingsSchema = z
  .object({
    loadLimits: stageNumbers(z.int()),
    deadlines: z.object({
      recommendation: z.string().optional(),
      qualification: z.string().optional(),
      material: z.string().optional(),
      onsite: z.string().optional(),
      defense: z.string().optional(),
    }),
    reminderWorkingDays: z.int(),
  })
  .meta({ id: 'ReviewSettings', description: '评审设置：工作量上限与工作期限 (load limits and deadlines)' });

export const RoundSchema = z
  .object({
    roundId: z.string(),
    ordinal: z.int(),
    title: z.string(),
    stage: z.enum(ROUND_STAGES),
    callOpensAt: z.string(),
    callClosesAt: z.string(),
    quotas: z.object({ award: z.int(), nomination: z.int() }),
    weights: z.object({ material: z.number(), onsite: z.number(), defense: z.number() }),
    minimumPercent: z.object({ award: z.number().optional(), nomination: z.number().optional() }),
    rubricVersion: z.string(),
    rulebookVersion: z.string(),
    windows: z.array(WindowSchema),
    stageHistory: z.array(StageHistorySchema),
    selectedForOnsite: z.array(z.string()).optional(),
    approval: z
      .object({ documentNo: z.string(), approvedOn: z.string(), by: z.string(), at: z.string() })
      .optional(),
    rewards: z
      .object({ award: z.object({ bonusYuan: z.number() }), nomination: z.object({ bonusYuan: z.number() }) })
      .optional()
      .describe('各等次一次性奖励金（元）（第十九条） (the bonus per tier, Art. 19)'),
    imported: z
      .boolean()
      .optional()
      .describe('平台启用前的届次，随获奖名单导入；申报时间取批准日期 (a round held before the platform)'),
    escalations: z
      .array(
        z.object({
          at: z.string(),
          waitingFor: z.string(),
          note: z.string(),
          escalationId: z.string().optional().describe('同一次超时只记录一次 (one per timeout)'),
        }),
      )
      .describe('回调超时，届次等待工作人员处理 (timed-out callbacks waiting for staff)'),
    reviewSettings: ReviewSettingsSchema.optional(),
    createdAt: z.string(),
    version: z.int(),
  })
  .meta({ id: 'Round', description: '评选届次 (a round)' });

export const DecisionSchema = z.object({
  award: z.array(z.string()),
  nomination: z.array(z.string()),
  changedFromProposal: z.boolean(),
  note: z.string().optional(),
  by: z.string(),
  at: z.string(),
});

/** `POST /v1/rounds/{roundId}/decision`: the round and the decision recorded. */
export const RoundDecisionSchema = z.object({ round: RoundSchema, decision: DecisionSchema });

const StageReviewSchema = z.object({
  totals: z.array(z.object({ reviewerId: z.string(), reviewerName: z.string(), total: z.number() })),
  score: z.number().describe('阶段得分：5 人及以上去掉最高和最低分后的平均分 (the trimmed mean)'),
  trimmed: z.boolean(),
  spread: z.number(),
  divergent: z.boolean(),
});

export const RankingRowSchema = z.object({
  applicationId: z.string(),
  category: z.enum(CATEGORIES),
  displayName: z.string(),
  stageScores: z.object(
    Object.fromEntries(REVIEW_STAGES.map((s) => [s, z.number().nullable()])) as Record<
      (typeof REVIEW_STAGES)[number],
      z.ZodNullable<z.ZodNumber>
    >,
  ),
  compositePercent: z.number(),
  rank: z.int(),
  proposedTier: z.enum(TIERS).nullable(),
  flags: z.array(z.string()).describe('"divergent-scores"：某阶段评审总分极差超过满分的 15%'),
  divergentStages: z
    .array(z.enum(REVIEW_STAGES))
    .describe('评审总分极差超过满分 15% 的阶段 (the stages flagged divergent)'),
  stageReviews: z
    .object(
      Object.fromEntries(REVIEW_STAGES.map((s) => [s, StageReviewSchema.optional()])) as Record<
        (typeof REVIEW_STAGES)[number],
        z.ZodOptional<typeof StageReviewSchema>
      >,
    )
    .optional()
    .describe(
      '各阶段计入的评分：每位专家的总分、（去掉最高最低后的）平均分、是否分歧 (counted sheets per stage)',
    ),
});

export const RubricParams = z.object({ category: z.enum(CATEGORIES).describe('organization 或 individual') });
export const RubricQuery = z.object({
  version: z.string().trim().min(1).max(50).optional().describe('评分细则版本；缺省为当前版本'),
});

export const RubricSchema = z.object({
  version: z.string(),
  category: z.enum(CATEGORIES),
  title: z.string(),
  basis: z.string(),
  maxPoints: z.number(),
  items: z.array(
    z.object({ itemId: z.string(), title: z.string(), maxPoints: z.number(), group: z.string() }),
  ),
});
