/**
 * zod schemas of the award, sanction and audit routes (API.md "Awards, sanctions, audit").
 * Identifiers (credit codes, ID numbers) and the Art. 25/27 rules are checked by the domain.
 */
import * as z from 'zod';
import { CATEGORIES, REVOCATION_REASONS, SANCTION_KINDS, TIERS } from '../../../domain/model.ts';

const id = z.string().trim().min(1).max(128);
const ordinal = z.int().min(1).max(999);

export const AwardsQuery = z.object({
  roundId: id.optional().describe('评选届次编号；缺省为全部届次 (round id; all rounds when absent)'),
});

export const AwardParams = z.object({ awardId: id.describe('奖项编号 (award id)') });

export const RevocationBody = z.object({
  reason: z
    .enum(REVOCATION_REASONS)
    .describe(
      '撤销情形：fraud 弄虚作假（第二十五条）；major-accident 重大事故、mark-misuse 违规使用标识、serious-violation 严重违法（第二十七条，仅限组织）',
    ),
  findings: z.string().trim().min(1).max(5000).describe('查证情况 (findings)'),
  occurredOn: z.iso
    .date()
    .optional()
    .describe(
      '第二十七条情形的发生日期（北京时间），据此判断是否在有效期内；缺省为撤销之时 (when the incident happened)',
    ),
});

export const SanctionsQuery = z.object({
  subject: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .optional()
    .describe('统一社会信用代码或居民身份证号码 (credit code or ID number)'),
  reviewerId: id.optional().describe('评审专家 sub（查询取消评审资格记录） (a reviewer)'),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .optional()
    .describe('每页条数（不指定查询对象时） (page size)'),
  nextToken: z.string().max(2000).optional().describe('下一页标记，见响应头 x-next-token (page token)'),
});

export const ImportSanctionBody = z.object({
  subject: z
    .discriminatedUnion('type', [
      z.object({
        type: z.literal('organization'),
        creditCode: z.string().max(40).describe('统一社会信用代码'),
      }),
      z.object({
        type: z.literal('individual'),
        idNumber: z.string().max(40).describe('居民身份证号码（只保存其查询索引与脱敏值）'),
      }),
      z.object({
        type: z.literal('reviewer'),
        reviewerId: id.describe('评审专家 sub（第二十九条取消评审资格）'),
      }),
    ])
    .describe('处分对象 (subject)'),
  kind: z
    .enum(SANCTION_KINDS)
    .describe('award-holder 获奖禁报（第六条）/ revoked 撤销禁报 / reviewer-disqualified 取消评选资格'),
  barredFromOrdinal: ordinal.describe('起始届次 (first barred round)'),
  barredThroughOrdinal: ordinal.describe('截止届次（含） (last barred round, inclusive)'),
  reason: z.string().trim().min(1).max(2000).describe('依据或原因 (reason)'),
});

/** An ISO 8601 instant with its offset, normalized to the stored form (`toISOString`, UTC). */
const instant = z.iso
  .datetime({ offset: true, error: '时间格式应为 ISO 8601 时刻，例如 2026-09-28T09:00:00+08:00' })
  .transform((value) => new Date(value).toISOString());

export const AuditQuery = z
  .object({
    entityId: id.optional().describe('对象编号，例如申报编号；单独使用，返回该对象的完整审计链 (entity id)'),
    actor: id.optional().describe('操作人 sub (actor)'),
    roundId: id.optional().describe('评选届次编号 (round id)'),
    from: instant.optional().describe('起始时刻（含），ISO 8601 (from, inclusive)'),
    to: instant.optional().describe('截止时刻（含），ISO 8601 (to, inclusive)'),
    limit: z.coerce.number().int().min(1).max(100).optional().describe('每页条数，默认 100 (page size)'),
    nextToken: z.string().max(2000).optional().describe('下一页标记，见响应头 x-next-token (page token)'),
  })
  .superRefine((query, ctx) => {
    const searching = [query.actor, query.roundId, query.from, query.to].some((v) => v !== undefined);
    if (query.entityId === undefined && !searching)
      ctx.addIssue({
        code: 'custom',
        path: ['entityId'],
        message: '请指定对象编号，或按操作人、届次、时间范围查询',
      });
    if (
      query.entityId !== undefined &&
      (searching || query.nextToken !== undefined || query.limit !== undefined)
    )
      ctx.addIssue({
        code: 'custom',
        path: ['entityId'],
        message: '按对象编号查询时返回完整审计链，不能与操作人、届次、时间或分页条件同时使用',
      });
    if (query.from !== undefined && query.to !== undefined && query.from > query.to)
      ctx.addIssue({ code: 'custom', path: ['to'], message: '截止时刻不能早于起始时刻' });
  });

export const AwardSchema = z
  .object({
    awardId: z.string(),
    roundId: z.string(),
    ordinal: z.int(),
    applicationId: z.string(),
    displayName: z.string(),
    category: z.enum(CATEGORIES),
    tier: z.enum(TIERS),
    status: z.enum(['active', 'revoked']),
    awardedOn: z.string(),
    awardYear: z.int().describe('获奖年度（第二十二条） (award year, Art. 22)'),
    documentNo: z.string(),
    revocation: z.object({ reason: z.enum(REVOCATION_REASONS), at: z.string() }).optional(),
  })
  .meta({ id: 'Award', description: '奖项 (an award)' });

export const SanctionSchema = z
  .object({
    sanctionId: z.string(),
    kind: z.enum(SANCTION_KINDS),
    subjectType: z.enum(['organization', 'individual', 'reviewer']),
    subject: z.string().describe('已脱敏 (masked)'),
    barredFromOrdinal: z.int(),
    barredThroughOrdinal: z.int(),
    reason: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'Sanction', description: '禁报或取消资格记录 (a sanction)' });

export const RevokedAwardSchema = AwardSchema.extend({ sanctions: z.array(SanctionSchema) });

export const AuditEntrySchema = z
  .object({
    at: z.string(),
    actor: z.string(),
    role: z.string(),
    action: z.string(),
    entityId: z.string(),
    entityType: z.string(),
    roundId: z.string().optional().describe('所涉评选届次 (the round it concerns)'),
    before: z.unknown().optional(),
    after: z.unknown().optional(),
    requestId: z
      .string()
      .optional()
      .describe('带 Idempotency-Key 的请求编号（由调用者、接口和键派生） (the keyed request that made it)'),
    seq: z.int(),
    hash: z.string(),
    prevHash: z.string(),
    chainIntact: z
      .boolean()
      .describe(
        "按对象编号查询：本条及之前各条的哈希链校验通过；按条件检索：本条哈希可复算 (the chain verifies up to here; in a search, this entry's hash)",
      ),
  })
  .meta({ id: 'AuditEntry', description: '审计记录 (an audit entry)' });
