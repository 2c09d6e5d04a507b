/**
 * What each PDF says (API.md v2 "Documents"): plain models, hashed for content addressing and
 * rendered by functions/documents/pdf.ts. Wording follows the Measures: the office publishes the
 * lists (Art. 13 (5), 18 (3), (8)); the city government commends (Art. 18 (9)), issues the
 * certificates (Art. 19) and revokes (Art. 25, 27). Times are Beijing time.
 */

import {
  AWARD_OFFICE,
  beijingYear,
  CATEGORY_LABELS,
  CITY_GOVERNMENT,
  chineseDate,
  chineseDateTime,
  chineseNumber,
  INDUSTRY_LABELS,
  jurisdictionName,
  REVOCATION_REASON_LABELS,
  revocationArticle,
  TIER_LABELS,
} from '../../documents/format.ts';
import type { Certificate, OfficialDocument } from '../../documents/pdf.ts';
import { rubricFor } from '../../domain/rubrics.ts';
import type { ApplicationRecord, AwardRecord, RoundRecord, WindowRecord } from '../../ports/records.ts';
import { certificateNoOf } from './sheets.ts';

const yesNo = (value: boolean) => (value ? '是' : '否');
const roundName = (round: Pick<RoundRecord, 'ordinal'>) =>
  `第${chineseNumber(round.ordinal)}届太原市政府质量奖`;
const categoryOfAward = (a: Pick<AwardRecord, 'tier' | 'category'>) =>
  `${TIER_LABELS[a.tier]}（${CATEGORY_LABELS[a.category]}）`;

/** 申报表: the application as submitted, for printing and stamping (Art. 18 (2)). */
export function applicationFormModel(round: RoundRecord, application: ApplicationRecord): OfficialDocument {
  const isOrganization = application.category === 'organization';
  const rows: string[][] = [
    ['申报编号', application.applicationId],
    ['评选届次', `${roundName(round)}（${round.title}）`],
    ['申报类别', CATEGORY_LABELS[application.category]],
    ['推荐单位（地区）', jurisdictionName(application.jurisdiction)],
  ];
  if (application.organization) {
    const o = application.organization;
    rows.push(
      ['组织名称', o.name],
      ['统一社会信用代码', o.creditCode],
      ['注册登记日期', chineseDate(o.registeredOn)],
      ['所属行业', INDUSTRY_LABELS[o.industry]],
      ['中小企业（第十条）', yesNo(o.sme)],
      ['地址', o.address ?? ''],
      ['联系人', o.contact.name],
      ['联系电话', o.contact.phoneMasked],
    );
  }
  for (const [index, member] of (application.members ?? []).entries()) {
    rows.push([
      `申报人${application.members!.length > 1 ? chineseNumber(index + 1) : ''}`,
      `${member.name}，身份证号 ${member.idMasked}，工作单位 ${member.employer}（${member.employerCreditCode}），自 ${chineseDate(member.qualityWorkSince)} 从事质量工作`,
    ]);
  }
  const declarations = application.declarations as unknown as Record<string, boolean>;
  const declarationText = isOrganization
    ? [
        ['noMajorAccident3Years', '近 3 年内无重大质量、安全、环境污染、公共卫生等事故（第九条第六项）'],
        ['noBadCreditRecord', '近 3 年内无不良信用记录（第九条第六项）'],
        ['compliesWithLaw', '无其他违反法律、法规的行为（第九条第七项）'],
      ]
    : [
        [
          'employerNoMajorAccident3Years',
          '所属组织近 3 年内无重大质量、安全、环境污染、公共卫生等事故（第十一条第六项）',
        ],
        ['compliesWithLaw', '无其他违反法律、法规和道德的行为（第十一条第七项）'],
      ];
  for (const [key, text] of declarationText)
    rows.push(['申报声明', `${declarations[key!] ? '☑' : '☐'} ${text}`]);
  const rubric = rubricFor(application.category, round.rubricVersion);
  const selfTotal = Object.values(application.selfEvaluation.items).reduce((s, n) => s + n, 0);
  rows.push(['自我评价得分', `${selfTotal} 分（满分 ${rubric.maxPoints} 分，评分细则 ${rubric.version}）`]);
  if (application.submittedAt) rows.push(['提交时间', chineseDateTime(application.submittedAt)]);
  return {
    masthead: '太原市政府质量奖',
    documentNo: `申报编号：${application.applicationId}`,
    title: `太原市政府质量奖（${CATEGORY_LABELS[application.category]}）申报表`,
    paragraphs: [],
    table: {
      columns: [
        { header: '项目', share: 0.28 },
        { header: '内容', share: 0.72 },
      ],
      rows,
    },
    closing: [
      `自我评价报告摘要：${application.selfEvaluation.summary}`,
      '本表内容及所附证实材料真实、准确、完整，如有弄虚作假，愿承担相应责任（第二十五条）。',
      `推荐单位意见：${application.recommendation ? `${application.recommendation.decision === 'recommend' ? '同意推荐' : '不予推荐'}。${application.recommendation.opinion}` : '（待推荐单位签署）'}`,
    ],
    signature: isOrganization ? '申报单位（盖章）' : '申报人（签字）',
    date: application.submittedAt ? chineseDate(application.submittedAt) : '',
    footnote: '个人身份证号码、联系电话按《中华人民共和国个人信息保护法》要求部分隐去；原件以系统记录为准。',
    subject: `申报表 ${application.displayName}`,
  };
}

/** 公示: a publicity notice with its entries, exact times and how to object (Art. 18 (3), (8)). */
export function noticeModel(round: RoundRecord, window: WindowRecord): OfficialDocument {
  const winners = window.kind === 'winners';
  const listed = window.entries.filter((e) => !window.struck.includes(e.applicationId));
  const what = winners ? '拟获奖组织和个人名单' : '受理组织和个人名单';
  return {
    masthead: AWARD_OFFICE,
    documentNo: `并质强办〔${beijingYear(window.opensAt)}〕${round.ordinal * 10 + round.windowIds.indexOf(window.windowId) + 1}号`,
    title: `关于${roundName(round)}${what}的公示`,
    paragraphs: [
      winners
        ? `根据《太原市政府质量奖管理办法》第十八条第八项的规定，经市标准化和质量强市领导小组全体会议审议，确定${roundName(round)}拟获奖组织和个人名单，现予以公示。`
        : `根据《太原市政府质量奖管理办法》第十八条第三项的规定，经资格审查，下列组织和个人符合${roundName(round)}申报条件，现将受理名单予以公示。`,
      `公示期自${chineseDateTime(window.opensAt)}起，至${chineseDateTime(window.closesAt)}止（北京时间，不少于 5 个工作日，工作日依照国务院办公厅节假日安排，日历版本 ${window.calendarVersion}）。`,
    ],
    table: {
      columns: winners
        ? [
            { header: '序号', share: 0.08 },
            { header: '组织或个人', share: 0.48 },
            { header: '类别', share: 0.1 },
            { header: '拟授予奖项', share: 0.34 },
          ]
        : [
            { header: '序号', share: 0.12 },
            { header: '组织或个人', share: 0.68 },
            { header: '类别', share: 0.2 },
          ],
      rows: listed.map((entry, index) => [
        String(index + 1),
        entry.displayName,
        CATEGORY_LABELS[entry.category],
        ...(winners ? [entry.tier ? TIER_LABELS[entry.tier] : ''] : []),
      ]),
    },
    closing: [
      ...(window.struck.length > 0
        ? [
            `经调查核实，${window.entries
              .filter((e) => window.struck.includes(e.applicationId))
              .map((e) => e.displayName)
              .join('、')}的异议成立，已从名单中撤下（不递补）。`,
          ]
        : []),
      '公示期间，任何单位和个人对名单有异议的，可通过太原市政府质量奖评审平台“公示公告”栏目实名提出，写明异议对象和事实依据，并提供真实姓名、联系电话及身份证号码（单位提供统一社会信用代码）。匿名异议不予受理。',
      '市标准化和质量强市领导小组办公室对异议进行调查核实（第十三条第六项），并将处理结果告知异议人。',
    ],
    signature: AWARD_OFFICE,
    date: chineseDate(window.opensAt),
    subject: `${roundName(round)}${what}公示`,
  };
}

/** 表彰决定: the city government's commendation of the winners by tier (Art. 18 (9), 19). */
export function commendationModel(round: RoundRecord, awards: readonly AwardRecord[]): OfficialDocument {
  const approval = round.approval!;
  const ofTier = (tier: 'award' | 'nomination') => awards.filter((a) => a.tier === tier);
  const rows = (['award', 'nomination'] as const).flatMap((tier) =>
    ofTier(tier).map((a) => [TIER_LABELS[tier], a.displayName, CATEGORY_LABELS[a.category]]),
  );
  const count = (tier: 'award' | 'nomination') => ofTier(tier).length;
  return {
    masthead: CITY_GOVERNMENT,
    documentNo: approval.documentNo,
    title: `太原市人民政府关于表彰${roundName(round)}获奖组织和个人的决定`,
    addressee: '各县（市、区）人民政府，各开发区管委会，市人民政府各委、办、局，各有关单位：',
    paragraphs: [
      `为深入推进质量强市建设，引导和激励全市各行各业加强质量管理、追求卓越绩效，根据《太原市政府质量奖管理办法》，经组织申报、推荐、资格审查、材料评审、现场评审、陈述答辩、综合评价、领导小组审定和社会公示，市人民政府决定：授予${count('award')}个组织和个人“太原市政府质量奖”，授予${count('nomination')}个组织和个人“太原市政府质量奖提名奖”。名单如下：`,
    ],
    table: {
      columns: [
        { header: '奖项', share: 0.34 },
        { header: '获奖组织和个人', share: 0.5 },
        { header: '类别', share: 0.16 },
      ],
      rows,
    },
    closing: [
      '市人民政府对获奖组织和个人颁发奖杯（牌）、证书，发放一次性奖励金（第十九条）。获奖组织和个人宣传获奖荣誉时，须注明获奖时间（第二十二条）。',
      '希望获奖组织和个人珍惜荣誉，不断追求卓越，坚持创新，持续改进，积极发挥典型示范作用。全市各行各业要以获奖组织和个人为榜样，推动我市经济社会高质量发展。',
    ],
    signature: CITY_GOVERNMENT,
    date: chineseDate(approval.approvedOn),
    footnote: '抄送：市委各部门，市人大常委会办公室，市政协办公室，市法院，市检察院。',
    subject: `${roundName(round)}表彰决定`,
  };
}

/** 荣誉证书 with the award year (Art. 22) and the certificate number. */
export function certificateModel(round: RoundRecord, award: AwardRecord): Certificate {
  return {
    recipient: award.displayName,
    citation: `在${roundName(round)}评选中，荣获“${categoryOfAward(award)}”。`,
    awardYear: Number(award.awardedOn.slice(0, 4)),
    certificateNo: certificateNoOf(award),
    issuer: CITY_GOVERNMENT,
    date: chineseDate(award.awardedOn),
  };
}

/** 撤销公告 (Art. 25, 27): the award revoked, the ground, and the three-round ban. */
export function revocationModel(round: RoundRecord, award: AwardRecord, sequence: number): OfficialDocument {
  const revocation = award.revocation!;
  const article = revocationArticle(revocation.reason);
  return {
    masthead: CITY_GOVERNMENT,
    documentNo: `并政公告〔${beijingYear(revocation.at)}〕${sequence}号`,
    title: `太原市人民政府关于撤销${award.displayName}${TIER_LABELS[award.tier]}的公告`,
    paragraphs: [
      `${award.displayName}于${chineseDate(award.awardedOn)}获${roundName(round)}“${categoryOfAward(award)}”（${award.documentNo}）。经市标准化和质量强市领导小组办公室查证，该${award.category === 'organization' ? '组织' : '个人'}存在${REVOCATION_REASON_LABELS[revocation.reason]}的情形。`,
      `根据《太原市政府质量奖管理办法》第${chineseNumber(article)}条的规定，市人民政府决定撤销其${TIER_LABELS[award.tier]}奖项${article === 25 ? '，收回奖牌、证书和奖励金' : ''}。自本公告发布之日起，该${award.category === 'organization' ? '组织' : '个人'} 3 个评选周期内不得申报市政府质量奖。`,
      `调查结论：${revocation.findings}`,
      '特此公告。',
    ],
    signature: CITY_GOVERNMENT,
    date: chineseDate(revocation.at),
    subject: `撤销公告 ${award.displayName}`,
  };
}

/** A revocation notice's number: its place among the round's revocations, in the order they were made. */
export function revocationNumber(
  round: RoundRecord,
  awards: readonly AwardRecord[],
  awardId: string,
): number {
  const revoked = awards
    .filter((a) => a.revocation)
    .sort((a, b) =>
      a.revocation!.at < b.revocation!.at
        ? -1
        : a.revocation!.at > b.revocation!.at
          ? 1
          : a.awardId < b.awardId
            ? -1
            : 1,
    );
  return round.ordinal * 100 + revoked.findIndex((a) => a.awardId === awardId) + 1;
}
