/**
 * zod schemas of the application routes (API.md "Applications"). They check the shape only:
 * malformed input (wrong types, missing fields) is a 400. Whether a credit code or ID number is
 * valid, the applicant is in Taiyuan, has 3 years, is barred or has declared everything is for the
 * domain to judge (evaluateEligibility): those findings are kept in the draft's `vetting` and
 * block submission with a 422.
 */
import * as z from 'zod';
import { APPLICATION_STATUSES, CATEGORIES, INDUSTRIES, TIERS } from '../../../domain/model.ts';

const id = z.string().trim().min(1).max(128);
const text = (max: number) => z.string().trim().min(1).max(max);
const calendarDate = z.iso.date().describe('日期 YYYY-MM-DD（北京时间） (a calendar date)');
/** Mainland mobile or landline, possibly with area code, extension or +86. */
const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 ()-]{4,24}$/, '电话号码格式不正确')
  .describe('联系电话，仅本人可见全文，他人看到脱敏号码 (phone; masked for everyone but the owner)');

export const RoundParams = z.object({ roundId: id.describe('评选届次编号 (round id)') });
export const ApplicationParams = z.object({ id: id.describe('申报编号 (application id)') });
export const EvidenceParams = z.object({
  id: id.describe('申报编号 (application id)'),
  evidenceId: id.describe('证实材料编号 (evidence id)'),
});

const SelfEvaluation = z
  .object({
    items: z
      .record(z.string().trim().min(1).max(32), z.number().min(0).max(100_000))
      .describe('自评分 {评分项编号: 分值} (self-assessed points per rubric item)'),
    summary: z.string().trim().max(20_000).describe('自评报告摘要 (summary of the self-evaluation report)'),
  })
  .describe('自评价（第十八条第（二）项） (self-evaluation, Art. 18 (2))');

const OrganizationDeclarations = z.object({
  noMajorAccident3Years: z.boolean().describe('近3年无重大质量、安全、环境、卫生事故'),
  noBadCreditRecord: z.boolean().describe('近3年无不良信用记录'),
  compliesWithLaw: z.boolean().describe('符合法律法规及政策要求，无其他违法行为'),
});

const IndividualDeclarations = z.object({
  employerNoMajorAccident3Years: z.boolean().describe('所在组织近3年无重大质量、安全、环境、卫生事故'),
  compliesWithLaw: z.boolean().describe('无其他违反法律、法规和道德的行为'),
});

export const OrganizationApplicationBody = z
  .object({
    category: z.literal('organization'),
    organization: z.object({
      name: text(200).describe('组织名称 (name)'),
      creditCode: text(32).describe(
        '统一社会信用代码（18位，GB 32100-2015），须为太原市注册（第3至8位为1401开头的行政区划码）',
      ),
      registeredOn: calendarDate.describe('注册登记日期，至申报截止日须满3年 (registered on)'),
      industry: z.enum(INDUSTRIES).describe('manufacturing 制造业 / services 服务业 / construction 建筑业'),
      sme: z.boolean().optional().describe('是否中小企业（第十条） (small or medium enterprise)'),
      address: z.string().trim().max(500).optional().describe('地址 (address)'),
      contact: z.object({
        name: text(100).describe('联系人 (contact person)'),
        phone,
        email: z.email('电子邮件地址格式不正确').max(254).optional().describe('电子邮箱 (email)'),
      }),
    }),
    jurisdiction: text(64).describe(
      '推荐单位：县（市、区）、开发区或市有关主管部门的编号 (recommending jurisdiction)',
    ),
    declarations: OrganizationDeclarations.describe(
      '承诺声明（第九条）；为 false 时记入审核意见并阻止提交 (declarations, Art. 9)',
    ),
    selfEvaluation: SelfEvaluation,
  })
  .meta({ id: 'OrganizationApplicationBody', description: '组织申报 (an organization’s application)' });

export const MemberBody = z.object({
  name: text(100).describe('姓名 (name)'),
  idNumber: text(32).describe(
    '居民身份证号码（18位，GB 11643），加密存储，仅本人可见全文 (resident ID number)',
  ),
  employer: text(200).describe('工作单位 (employer)'),
  employerCreditCode: text(32).describe('工作单位统一社会信用代码 (employer’s credit code)'),
  qualityWorkSince: calendarDate.describe('从事或分管质量工作起始日期，至申报截止日须满3年'),
});

export const IndividualApplicationBody = z
  .object({
    category: z.literal('individual'),
    members: z
      .array(MemberBody)
      .min(1)
      .max(20)
      .describe('申报人，1至3人可共同申报（第十一条）；超过3人记入审核意见 (1 to 3 people, Art. 11)'),
    jurisdiction: text(64).describe('推荐单位编号 (recommending jurisdiction)'),
    declarations: IndividualDeclarations.describe('承诺声明（第十一条） (declarations, Art. 11)'),
    selfEvaluation: SelfEvaluation,
  })
  .meta({ id: 'IndividualApplicationBody', description: '个人申报 (an individual or joint application)' });

export const CreateApplicationBody = z
  .discriminatedUnion('category', [OrganizationApplicationBody, IndividualApplicationBody])
  .describe('按 category 区分组织申报与个人申报 (organization or individual, by category)');

export const ListApplicationsQuery = z.object({
  status: z.enum(APPLICATION_STATUSES).optional().describe('按申报状态筛选 (filter by status)'),
  nextToken: z.string().trim().min(1).max(4096).optional().describe('上一页返回的 nextToken (page token)'),
  limit: z.coerce.number().int().min(1).max(100).optional().describe('每页条数 1–100 (page size)'),
});

export const EvidenceUploadBody = z.object({
  fileName: text(255).describe('文件名 (file name)'),
  contentType: text(255).describe(
    '文件类型：PDF、JPEG/PNG 图片、Word/Excel/PowerPoint 文档或 ZIP 压缩包 (MIME type)',
  ),
  size: z.int().min(1).describe('文件大小（字节），不超过平台上限（默认 50 MiB），超过返回 413 (bytes)'),
  sha256: z
    .string()
    .trim()
    .regex(/^[0-9a-fA-F]{64}$/, 'SHA-256 摘要应为64位十六进制字符')
    .describe('文件的 SHA-256 摘要（十六进制），上传后由服务器核对 (hex SHA-256 of the file)'),
});

export const SubmitBody = z
  .object({
    consent: z
      .object({
        version: text(64).describe('所同意的个人信息处理告知同意书版本 (consent text version)'),
        accepted: z.boolean().optional().describe('是否同意；false 视为未同意 (accepted)'),
      })
      .optional(),
  })
  .optional()
  .describe(
    '可省略。提交即表示同意提交按钮旁展示的当前版本个人信息处理告知同意书（《个人信息保护法》第二十九条），' +
      '平台记录其版本和时间；若给出的版本不是当前版本或 accepted 为 false，返回 422 DECLARATION_MISSING',
  );

export const WithdrawBody = z
  .object({ reason: z.string().trim().max(2000).optional().describe('撤回理由 (reason)') })
  .optional();

export const RecommendationBody = z.object({
  decision: z.enum(['recommend', 'decline']).describe('recommend 同意推荐 / decline 不予推荐'),
  opinion: text(2000).describe('推荐意见（1至2000字） (the recommendation opinion)'),
});

export const QualificationBody = z
  .object({
    decision: z.enum(['qualified', 'disqualified']).describe('qualified 通过 / disqualified 不通过'),
    reason: z
      .string()
      .trim()
      .max(2000)
      .optional()
      .describe('不通过时必填的理由 (required when disqualified)'),
  })
  .superRefine((body, ctx) => {
    if (body.decision === 'disqualified' && !body.reason) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: '资格审查不通过时须填写理由' });
    }
  });

// ---------------------------------------------------------------------------------------------
// Responses (OpenAPI)
// ---------------------------------------------------------------------------------------------

const FindingSchema = z.object({
  path: z.string(),
  code: z.string(),
  message: z.string(),
  article: z.string().optional(),
});

export const EvidenceSummarySchema = z.object({
  evidenceId: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.int(),
  sha256: z.string(),
  status: z
    .enum(['pending', 'verified', 'rejected'])
    .describe('pending 待核验 / verified 已核验 / rejected 未通过'),
  rejection: z.string().optional(),
});

const OrganizationSchema = z.object({
  name: z.string(),
  creditCode: z.string(),
  registeredOn: z.string(),
  industry: z.enum(INDUSTRIES),
  sme: z.boolean(),
  address: z.string().optional(),
  contact: z.object({
    name: z.string(),
    phone: z.string().describe('仅申报人本人可见全文，他人看到脱敏号码 (masked for everyone but the owner)'),
    email: z.string().optional(),
  }),
});

const MemberSchema = z.object({
  name: z.string(),
  idNumber: z.string().describe('仅申报人本人可见全文，他人看到脱敏号码 (masked for everyone but the owner)'),
  employer: z.string(),
  employerCreditCode: z.string(),
  qualityWorkSince: z.string(),
});

export const ApplicationSchema = z
  .object({
    applicationId: z.string(),
    roundId: z.string(),
    category: z.enum(CATEGORIES),
    displayName: z.string(),
    status: z.enum(APPLICATION_STATUSES),
    jurisdiction: z.string(),
    organization: OrganizationSchema.optional().describe('组织信息（联系电话对非本人脱敏）'),
    members: z.array(MemberSchema).optional().describe('申报人（身份证号码对非本人脱敏）'),
    declarations: z.union([OrganizationDeclarations, IndividualDeclarations]),
    selfEvaluation: z.object({ items: z.record(z.string(), z.number()), summary: z.string() }),
    evidence: z.array(EvidenceSummarySchema),
    vetting: z
      .object({ passed: z.boolean(), findings: z.array(FindingSchema), at: z.string().optional() })
      .describe('基本条件审核结果：草稿中记录全部不符合项 (basic conditions, every failed rule)'),
    recommendation: z
      .object({
        decision: z.enum(['recommend', 'decline']),
        opinion: z.string(),
        by: z.string(),
        at: z.string(),
      })
      .optional(),
    qualification: z
      .object({
        decision: z.enum(['qualified', 'disqualified']),
        reason: z.string().optional(),
        by: z.string(),
        at: z.string(),
      })
      .optional(),
    tier: z.enum(TIERS).optional().describe('拟授予或已授予的等次 (the proposed or awarded tier)'),
    consent: z.object({ version: z.string(), at: z.string() }).optional(),
    schedule: z
      .array(
        z.object({
          stage: z.enum(['onsite', 'defense']),
          startsAt: z.string(),
          endsAt: z.string(),
          venue: z.string(),
        }),
      )
      .optional()
      .describe('现场评审与陈述答辩的时间和地点（仅申报人本人可见） (the owner’s slots)'),
    createdAt: z.string(),
    submittedAt: z.string().optional(),
    updatedAt: z.string(),
    version: z.int(),
  })
  .meta({ id: 'Application', description: '申报 (an application)' });

export const ApplicationPageSchema = z.object({
  items: z.array(ApplicationSchema),
  nextToken: z.string().optional(),
});

export const EvidenceUploadSchema = z.object({
  evidenceId: z.string(),
  upload: z
    .object({ url: z.string(), fields: z.record(z.string(), z.string()) })
    .describe('以 multipart/form-data POST 到 url：先放 fields，最后放 file (presigned POST)'),
  expiresAt: z.string(),
});

export const EvidenceVerifiedSchema = z.object({ evidenceId: z.string(), status: z.literal('verified') });

export const DownloadSchema = z.object({ url: z.string(), expiresAt: z.string() });
