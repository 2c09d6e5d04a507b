/**
 * zod schemas of the after-award routes (API.md v2 "After the award"): rewards, certificates,
 * issuance and recovery (Art. 19–20, 25), revocations announced (Art. 25, 27), higher awards
 * (Art. 21), visits (Art. 26) and the import of past winners (Art. 5, 6). Identifiers are checked
 * by the domain.
 */
import * as z from 'zod';
import { HIGHER_AWARDS, REWARD_ITEMS, VISIT_RATINGS } from '../../../domain/after-award.ts';
import { CATEGORIES, REVOCATION_REASONS, TIERS } from '../../../domain/model.ts';
import { AwardSchema } from './awards.ts';

const id = z.string().trim().min(1).max(128);
const calendarDate = z.iso.date().describe('北京时间日期 YYYY-MM-DD (a Beijing calendar date)');
const yuan = z.number().min(0).max(100_000_000).describe('金额（元） (amount in yuan)');
const text = (max: number) => z.string().trim().min(1).max(max);

export const RoundRewardsParams = z.object({ roundId: id.describe('评选届次编号 (round id)') });
export const RewardsBody = z
  .object({
    award: z.object({ bonusYuan: yuan }).describe('市政府质量奖 (award tier)'),
    nomination: z.object({ bonusYuan: yuan }).describe('市政府质量奖提名奖 (nomination tier)'),
  })
  .meta({ id: 'Rewards', description: '各等次一次性奖励金（第十九条） (the bonus per tier, Art. 19)' });

export const AwardIdParams = z.object({ awardId: id.describe('奖项编号 (award id)') });

export const IssuanceBody = z.object({
  item: z.enum(REWARD_ITEMS).describe('trophy 奖杯（牌）/ certificate 证书 / bonus 奖励金'),
  on: calendarDate.describe('发放日期 (issued on)'),
  amountYuan: yuan.optional().describe('奖励金金额（元）；缺省为本届该等次的奖励金 (bonus amount)'),
  voucherNo: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .describe('付款凭证号（发放奖励金时必填） (voucher number)'),
});

export const RecoveryBody = z.object({
  item: z.enum(REWARD_ITEMS).describe('收回的物品 (the item recovered)'),
  on: calendarDate.describe('收回日期 (recovered on)'),
  amountYuan: yuan.optional().describe('收回的奖励金金额（元）；缺省为发放金额'),
  note: z.string().trim().max(2000).optional().describe('备注 (note)'),
});

const issued = z.object({ on: z.string() });
const recoveryEntry = z.object({
  due: z.literal(true),
  on: z.string().optional().describe('收回日期；未收回时缺省'),
  amountYuan: z.number().optional().describe('应收回的奖励金（元）'),
  recoveredAmountYuan: z.number().optional().describe('实际收回的奖励金（元）'),
  note: z.string().optional(),
});

export const AwardDetailSchema = AwardSchema.extend({
  certificateNo: z.string().optional().describe('证书编号（第十九条） (certificate number)'),
  validThroughOrdinal: z.int().describe('有效期至第几届（含）：获奖届次 + 2 (valid through this round)'),
  withinValidity: z.boolean().describe('按平台时钟是否仍在有效期内且未被撤销'),
  imported: z.boolean().optional().describe('平台启用前的届次导入 (imported from before the platform)'),
  issuance: z.object({
    trophy: issued.optional(),
    certificate: issued.optional(),
    bonus: issued.extend({ amountYuan: z.number(), voucherNo: z.string() }).optional(),
  }),
  recovery: z
    .object({
      trophy: recoveryEntry.optional(),
      certificate: recoveryEntry.optional(),
      bonus: recoveryEntry.optional(),
    })
    .optional()
    .describe('撤销时列出已发放、须收回的物品（第二十五条）'),
  nextVisitDue: calendarDate.optional().describe('下次巡访应于此日前进行（第二十六条）'),
  lastVisitOn: z.string().optional(),
  lastVisitRating: z.enum(VISIT_RATINGS).optional(),
  citation: z.string().describe('宣传时须注明的获奖时间（第二十二条），如“2026年度太原市政府质量奖”'),
}).meta({ id: 'AwardDetail', description: '奖项详情 (an award with its issuance, recovery and visits)' });

export const PublicRevocationSchema = z
  .object({
    awardId: z.string(),
    displayName: z.string(),
    ordinal: z.int(),
    tier: z.enum(TIERS),
    reason: z.enum(REVOCATION_REASONS),
    reasonLabel: z.string().describe('撤销事由（中文）'),
    revokedAt: z.string(),
    article: z.union([z.literal(25), z.literal(27)]).describe('所依据的条款：第二十五条或第二十七条'),
    awardYear: z.int(),
  })
  .meta({ id: 'PublicRevocation', description: '撤销公告 (a public revocation)' });

const subject = z
  .discriminatedUnion('type', [
    z.object({
      type: z.literal('organization'),
      creditCode: z.string().max(40).describe('统一社会信用代码'),
    }),
    z.object({
      type: z.literal('individual'),
      idNumber: z.string().max(40).describe('居民身份证号码（只保存其查询索引与脱敏值）'),
    }),
  ])
  .describe('获奖对象 (subject)');

export const HigherAwardBody = z.object({
  subject,
  displayName: text(200).describe('获奖组织或个人名称'),
  award: z.enum(HIGHER_AWARDS).describe('china-quality-award 中国质量奖 / shanxi-quality-award 山西省质量奖'),
  tier: z.enum(TIERS).describe('award 质量奖 / nomination 提名奖'),
  year: z.int().min(2000).max(2100).describe('获奖年度'),
  documentNo: text(200).describe('授奖文件文号'),
  rewardYuan: yuan.describe('市政府给予的同等奖励（元）（第二十一条）'),
});

export const HigherAwardSchema = z
  .object({
    higherAwardId: z.string(),
    subjectType: z.enum(['organization', 'individual']),
    subject: z.string().describe('已脱敏 (masked)'),
    displayName: z.string(),
    award: z.enum(HIGHER_AWARDS),
    tier: z.enum(TIERS),
    year: z.int(),
    documentNo: z.string(),
    rewardYuan: z.number(),
    createdAt: z.string(),
  })
  .meta({ id: 'HigherAward', description: '中国质量奖、山西省质量奖获奖记录（第二十一条）' });

export const VisitBody = z.object({
  visitedOn: calendarDate.describe('巡访日期'),
  visitors: z.array(text(100)).min(1).max(20).describe('巡访人员'),
  findings: text(5000).describe('巡访情况'),
  rating: z.enum(VISIT_RATINGS).describe('good 良好 / needs-improvement 需改进 / serious-concern 问题严重'),
  actions: z
    .array(z.object({ item: text(1000).describe('整改事项'), dueOn: calendarDate.describe('整改期限') }))
    .max(50)
    .optional(),
});

export const VisitSchema = z
  .object({
    visitId: z.string(),
    awardId: z.string(),
    roundId: z.string(),
    visitedOn: z.string(),
    visitors: z.array(z.string()),
    findings: z.string(),
    rating: z.enum(VISIT_RATINGS),
    actions: z.array(
      z.object({
        item: z.string(),
        dueOn: z.string(),
        closedOn: z.string().optional(),
        note: z.string().optional(),
        overdue: z.boolean().describe('按平台时钟已过整改期限且未办结'),
      }),
    ),
    createdAt: z.string(),
  })
  .meta({ id: 'Visit', description: '巡访记录（第二十六条） (a visit)' });

export const VisitActionParams = z.object({
  visitId: id.describe('巡访记录编号'),
  index: z.coerce.number().int().min(0).max(49).describe('整改事项序号（从 0 开始）'),
});

export const ActionClosureBody = z.object({
  closedOn: calendarDate.describe('办结日期'),
  note: text(2000).describe('办结情况'),
});

export const DueVisitsQuery = z.object({
  before: calendarDate.optional().describe('截止日期（含）；缺省为今天 (on or before; default today)'),
});

export const DueVisitSchema = z.object({
  awardId: z.string(),
  displayName: z.string(),
  nextVisitDue: z.string(),
  ordinal: z.int(),
  tier: z.enum(TIERS),
  lastVisitOn: z.string().optional(),
  lastVisitRating: z.enum(VISIT_RATINGS).optional(),
});

export const OverdueActionSchema = z.object({
  awardId: z.string(),
  displayName: z.string(),
  visitId: z.string(),
  index: z.int(),
  item: z.string(),
  dueOn: z.string(),
});

export const ImportWinnersBody = z.object({
  ordinal: z.int().min(1).max(999).describe('届次'),
  title: text(200).describe('评选名称'),
  approvedOn: calendarDate.describe('市政府批准日期'),
  documentNo: text(200).describe('表彰文件文号'),
  winners: z
    .array(
      z.object({
        category: z.enum(CATEGORIES),
        displayName: text(200),
        tier: z.enum(TIERS),
        creditCode: z.string().max(40).optional().describe('组织：统一社会信用代码'),
        members: z
          .array(z.object({ name: text(50), idNumber: z.string().max(40) }))
          .max(3)
          .optional()
          .describe('个人：获奖人姓名和居民身份证号码'),
        certificateNo: z.string().trim().max(100).optional().describe('原证书编号'),
      }),
    )
    .min(1)
    .max(15)
    .describe('获奖名单（每届最多 5 个质量奖、10 个提名奖）'),
});

export const ImportedRoundSchema = z.object({
  roundId: z.string(),
  ordinal: z.int(),
  awards: z.array(z.object({ awardId: z.string(), displayName: z.string(), tier: z.enum(TIERS) })),
});
