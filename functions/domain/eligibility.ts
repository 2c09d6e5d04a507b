/**
 * The basic conditions of an application (Art. 3, 5, 6, 9, 11, 25, 27), checked all at once: the
 * applicant sees every failed rule in one answer, never only the first. The reference date for the
 * 3-year conditions is the Beijing calendar date on which the call closes.
 */
import { addYears, beijingDate, isCalendarDate } from './calendar.ts';
import { findJurisdiction } from './divisions.ts';
import type { Finding } from './errors.ts';
import { isTaiyuanDivision, normalizeIdNumber, parseCreditCode, parseIdNumber } from './identifiers.ts';
import {
  type ApplicationBody,
  INDUSTRIES,
  type IndividualDeclarations,
  type OrganizationDeclarations,
  type Sanction,
} from './model.ts';
import type { Rulebook } from './rulebook.ts';
import { bansAffecting, describeBan, sanctionArticle } from './sanctions.ts';

export interface EligibilityContext {
  rulebook: Rulebook;
  /** End of the call; its Beijing date is the reference date of the 3-year conditions. */
  callClosesAt: Date;
  /** Ordinal of the round applied to (bans count in rounds, Art. 5, 6). */
  roundOrdinal: number;
  /** Sanctions already loaded for this application's subjects (others are ignored). */
  sanctions: readonly Sanction[];
  /** HMAC lookup key of a (normalized) ID number, bound to the deployment's key. */
  hashIdNumber: (idNumber: string) => string;
}

/** Whether at least `years` full years lie between `since` and `referenceDate` (both Beijing dates). */
export const hasFullYears = (since: string, referenceDate: string, years: number): boolean =>
  addYears(since, years) <= referenceDate;

/** The name shown in lists and notices: the organization, or the members joined with `、`. */
export const displayNameOf = (body: ApplicationBody): string =>
  body.category === 'organization'
    ? body.organization.name.trim()
    : body.members.map((m) => m.name.trim()).join('、');

/** Every failed basic condition of the application (empty when it is eligible). */
export function evaluateEligibility(body: ApplicationBody, ctx: EligibilityContext): Finding[] {
  const referenceDate = beijingDate(ctx.callClosesAt);
  const findings: Finding[] = [];
  if (!findJurisdiction(body.jurisdiction)) {
    // Art. 5, 18 (3): a county/district government, zone committee or department must recommend.
    findings.push({
      path: 'jurisdiction',
      code: 'VALIDATION_FAILED',
      message: '推荐单位不在太原市县（市、区）人民政府、开发区管委会或市有关主管部门名单中',
      article: '第五条',
    });
  }
  if (body.category === 'organization') {
    findings.push(...organizationFindings(body, ctx, referenceDate));
  } else {
    findings.push(...individualFindings(body, ctx, referenceDate));
  }
  return findings;
}

type OrganizationBody = Extract<ApplicationBody, { category: 'organization' }>;
type IndividualBody = Extract<ApplicationBody, { category: 'individual' }>;

const ORGANIZATION_DECLARATIONS: Record<
  keyof OrganizationDeclarations,
  { message: string; article: string }
> = {
  noMajorAccident3Years: {
    message: '未声明近3年内无重大质量、安全、环境污染、公共卫生等事故',
    article: '第九条第（六）项',
  },
  noBadCreditRecord: { message: '未声明近3年内无不良信用记录', article: '第九条第（六）项' },
  compliesWithLaw: {
    message: '未声明符合产业、环保、质量等方面的法律法规及政策要求且无其他违法行为',
    article: '第九条第（二）项、第（七）项',
  },
};

const INDIVIDUAL_DECLARATIONS: Record<keyof IndividualDeclarations, { message: string; article: string }> = {
  employerNoMajorAccident3Years: {
    message: '未声明个人所属组织近3年内无重大质量、安全、环境污染、公共卫生等事故',
    article: '第十一条第（六）项',
  },
  compliesWithLaw: { message: '未声明个人无其他违反法律、法规和道德的行为', article: '第十一条第（七）项' },
};

function declarationFindings<K extends string>(
  declarations: Record<K, boolean>,
  rules: Record<K, { message: string; article: string }>,
): Finding[] {
  return (Object.keys(rules) as K[])
    .filter((key) => declarations[key] !== true)
    .map((key) => ({
      path: `declarations.${key}`,
      code: 'DECLARATION_MISSING',
      message: rules[key].message,
      article: rules[key].article,
    }));
}

function organizationFindings(
  body: OrganizationBody,
  ctx: EligibilityContext,
  referenceDate: string,
): Finding[] {
  const { organization } = body;
  const findings: Finding[] = [];
  const years = ctx.rulebook.minOperatingYears;

  const parsed = parseCreditCode(organization.creditCode, 'organization.creditCode');
  if (!parsed.ok) {
    findings.push(...parsed.findings.map((f) => ({ ...f, article: '第九条第（一）项' })));
  } else if (!isTaiyuanDivision(parsed.divisionCode, ctx.rulebook.divisionPrefix)) {
    // Art. 9 (1): registered in Taiyuan, read from positions 3–8 of the credit code.
    findings.push({
      path: 'organization.creditCode',
      code: 'NOT_REGISTERED_IN_TAIYUAN',
      message: `统一社会信用代码中的行政区划码为${parsed.divisionCode}，不属于太原市（${ctx.rulebook.divisionPrefix}开头），须在太原市区域内注册登记`,
      article: '第九条第（一）项',
    });
  }

  if (!isCalendarDate(organization.registeredOn)) {
    findings.push({
      path: 'organization.registeredOn',
      code: 'VALIDATION_FAILED',
      message: '注册登记日期应为有效日期（YYYY-MM-DD）',
      article: '第九条第（一）项',
    });
  } else if (!hasFullYears(organization.registeredOn, referenceDate, years)) {
    findings.push({
      path: 'organization.registeredOn',
      code: 'OPERATING_LESS_THAN_3_YEARS',
      message: `注册登记日期为${organization.registeredOn}，至申报截止日${referenceDate}正常运行不满${years}年（满${years}年之日为${addYears(organization.registeredOn, years)}）`,
      article: '第九条第（一）项',
    });
  }

  if (!(INDUSTRIES as readonly string[]).includes(organization.industry)) {
    findings.push({
      path: 'organization.industry',
      code: 'VALIDATION_FAILED',
      message: '所属行业应为制造业、服务业或建筑业',
      article: '第三条',
    });
  }

  findings.push(...declarationFindings(body.declarations, ORGANIZATION_DECLARATIONS));

  if (parsed.ok) {
    for (const ban of bansAffecting(ctx.sanctions, [parsed.code], ctx.roundOrdinal)) {
      findings.push({
        path: 'organization.creditCode',
        code: 'BARRED',
        message: `该组织${describeBan(ban)}，本届为第${ctx.roundOrdinal}届`,
        article: sanctionArticle(ban),
      });
    }
  }
  return findings;
}

function individualFindings(body: IndividualBody, ctx: EligibilityContext, referenceDate: string): Finding[] {
  const findings: Finding[] = [];
  const { members } = body;
  const max = ctx.rulebook.maxJointApplicants;
  const years = ctx.rulebook.minQualityWorkYears;

  // Art. 11: quality research and QC-team applications may have up to 3 joint applicants.
  if (members.length === 0) {
    findings.push({
      path: 'members',
      code: 'VALIDATION_FAILED',
      message: '至少应填写1名申报人',
      article: '第十一条',
    });
  } else if (members.length > max) {
    findings.push({
      path: 'members',
      code: 'TOO_MANY_CO_APPLICANTS',
      message: `个人奖可以${max}人以内共同申报，本申报填写了${members.length}人`,
      article: '第十一条',
    });
  }

  const seen = new Map<string, number>();
  members.forEach((member, i) => {
    const at = `members[${i}]`;
    const who = `第${i + 1}位申报人`;

    const id = parseIdNumber(member.idNumber, `${at}.idNumber`);
    if (!id.ok) {
      findings.push(
        ...id.findings.map((f) => ({ ...f, message: `${who}${f.message}`, article: '第十一条' })),
      );
    } else if (id.birthDate > referenceDate) {
      findings.push({
        path: `${at}.idNumber`,
        code: 'INVALID_ID_NUMBER',
        message: `${who}居民身份证号码中的出生日期晚于申报截止日`,
        article: '第十一条',
      });
    }

    // Never echo the number: the duplicate is named by the member's position.
    const normalized = normalizeIdNumber(member.idNumber);
    const first = seen.get(normalized);
    if (first !== undefined) {
      findings.push({
        path: `${at}.idNumber`,
        code: 'VALIDATION_FAILED',
        message: `${who}的居民身份证号码与第${first + 1}位申报人重复`,
        article: '第十一条',
      });
    } else if (normalized !== '') {
      seen.set(normalized, i);
    }

    if (!isCalendarDate(member.qualityWorkSince)) {
      findings.push({
        path: `${at}.qualityWorkSince`,
        code: 'VALIDATION_FAILED',
        message: `${who}从事质量工作起始日期应为有效日期（YYYY-MM-DD）`,
        article: '第十一条第（一）项',
      });
    } else if (!hasFullYears(member.qualityWorkSince, referenceDate, years)) {
      findings.push({
        path: `${at}.qualityWorkSince`,
        code: 'QUALITY_WORK_LESS_THAN_3_YEARS',
        message: `${who}自${member.qualityWorkSince}从事或分管质量工作，至申报截止日${referenceDate}不满${years}年`,
        article: '第十一条第（一）项',
      });
    }

    const employer = parseCreditCode(member.employerCreditCode, `${at}.employerCreditCode`);
    if (!employer.ok) {
      findings.push(
        ...employer.findings.map((f) => ({
          ...f,
          message: `${who}所属组织的${f.message}`,
          article: '第十一条第（六）项',
        })),
      );
    } else if (!isTaiyuanDivision(employer.divisionCode, ctx.rulebook.divisionPrefix)) {
      // Art. 3: an individual is a person doing quality work in this city, so the employer's
      // credit code must carry a Taiyuan division, as an organization's does (Art. 9 (1)).
      findings.push({
        path: `${at}.employerCreditCode`,
        code: 'NOT_REGISTERED_IN_TAIYUAN',
        message: `${who}所属组织的统一社会信用代码中的行政区划码为${employer.divisionCode}，不属于太原市（${ctx.rulebook.divisionPrefix}开头）：个人奖申报人须为本市从事质量工作的人员`,
        article: '第三条、第十一条',
      });
    }

    if (id.ok) {
      // DESIGN.md §2: one barred member bars the whole joint application.
      for (const ban of bansAffecting(ctx.sanctions, [ctx.hashIdNumber(id.idNumber)], ctx.roundOrdinal)) {
        findings.push({
          path: `${at}.idNumber`,
          code: 'BARRED',
          message: `${who}${describeBan(ban)}，本届为第${ctx.roundOrdinal}届；共同申报人中任一人受限，本申报不予受理`,
          article: sanctionArticle(ban),
        });
      }
    }
  });

  findings.push(...declarationFindings(body.declarations, INDIVIDUAL_DECLARATIONS));
  return findings;
}
