/**
 * Plays one realistic award round through the HTTP API only (API.md), moving the platform clock
 * instead of waiting: about 30 applicants (a few ineligible for different reasons, one joint
 * application), recommenders, an accepted-list window with one upheld objection, reviewers with a
 * conflict of interest blocked, three scored stages, the ranking under quotas, the Leading Group's
 * decision, the winners window, approval and announcement. Returns what it saw, for a summary.
 */
import { createHash } from 'node:crypto';
import { creditCodeCheckCharacter, idNumberCheckDigit } from '../functions/domain/identifiers.ts';
import type {
  Application,
  PublicityWindow,
  RankingRow,
  Round,
  Rubric,
} from '../functions/handlers/api/schemas/index.ts';
import { ApiClient, ApiError, type Session, uploadWithPresignedPost } from './lib/api-client.ts';

type Json = Record<string, unknown>;

export interface DemoResult {
  round: Round;
  refusedAtSubmission: { displayName: string; codes: string[]; messages: string[] }[];
  accepted: PublicityWindow;
  struck: { displayName: string; findings: string }[];
  conflictBlocked: { reviewer: string; applicant: string; message: string };
  ranking: RankingRow[];
  winners: PublicityWindow;
  awards: { applicationId: string; displayName: string; tier: string; category: string }[];
  bans: { displayName: string; from: number; through: number }[];
}

const DAY = 24 * 60 * 60 * 1000;

/** A valid Unified Social Credit Code in a given division (GB 32100-2015). */
export function creditCode(division: string, serial: number): string {
  const body = `91${division}MA${String(serial).padStart(6, '0')}X`.slice(0, 17);
  return body + creditCodeCheckCharacter(body);
}

/** A valid resident ID number (GB 11643-1999) for a birth date and serial. */
export function idNumber(division: string, birth: string, serial: number): string {
  const body = `${division}${birth.replaceAll('-', '')}${String(serial).padStart(3, '0')}`;
  return body + idNumberCheckDigit(body);
}

const PDF = (title: string): Uint8Array =>
  new TextEncoder().encode(
    `%PDF-1.4\n% ${title}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
  );

const ORGANIZATIONS: { name: string; division: string; industry: string; years: number; sme?: boolean }[] = [
  { name: '太原重型机械装备有限公司', division: '140108', industry: 'manufacturing', years: 12 },
  {
    name: '山西晋阳精密轴承股份有限公司',
    division: '140110',
    industry: 'manufacturing',
    years: 9,
    sme: true,
  },
  { name: '太原汾河智能制造有限公司', division: '140105', industry: 'manufacturing', years: 6, sme: true },
  { name: '太原市迎泽建设工程集团有限公司', division: '140106', industry: 'construction', years: 20 },
  { name: '山西龙城物流服务有限公司', division: '140107', industry: 'services', years: 8 },
  { name: '太原不锈钢精深加工有限公司', division: '140108', industry: 'manufacturing', years: 15 },
  { name: '太原万柏林医疗器械有限公司', division: '140109', industry: 'manufacturing', years: 5, sme: true },
  { name: '清徐县老陈醋酿造有限公司', division: '140121', industry: 'manufacturing', years: 30 },
  {
    name: '阳曲县绿色农产品加工有限公司',
    division: '140122',
    industry: 'manufacturing',
    years: 7,
    sme: true,
  },
  { name: '古交市煤矸石综合利用有限公司', division: '140181', industry: 'manufacturing', years: 11 },
  { name: '太原并州软件技术服务有限公司', division: '140105', industry: 'services', years: 4, sme: true },
  { name: '娄烦县文旅服务有限公司', division: '140123', industry: 'services', years: 6, sme: true },
  { name: '太原市政公用工程建设有限公司', division: '140106', industry: 'construction', years: 25 },
  { name: '山西锦绣检验检测服务有限公司', division: '140107', industry: 'services', years: 10 },
  { name: '太原晋祠新材料科技有限公司', division: '140110', industry: 'manufacturing', years: 8, sme: true },
  { name: '太原市尖草坪区供热服务有限公司', division: '140108', industry: 'services', years: 14 },
  { name: '太原城际轨道装备有限公司', division: '140109', industry: 'manufacturing', years: 9 },
  { name: '山西并州建筑设计院有限公司', division: '140105', industry: 'construction', years: 18 },
  { name: '太原清洁能源装备有限公司', division: '140121', industry: 'manufacturing', years: 7 },
  { name: '太原市智慧停车运营有限公司', division: '140106', industry: 'services', years: 5, sme: true },
];

const PEOPLE: { name: string; division: string; birth: string; sinceYears: number; employer: number }[] = [
  { name: '王建国', division: '140105', birth: '1972-03-18', sinceYears: 25, employer: 0 },
  { name: '李秀英', division: '140106', birth: '1980-11-02', sinceYears: 15, employer: 3 },
  { name: '张志强', division: '140109', birth: '1985-06-21', sinceYears: 12, employer: 16 },
  { name: '刘红梅', division: '140110', birth: '1988-09-09', sinceYears: 10, employer: 16 },
  { name: '陈晓东', division: '140107', birth: '1990-01-15', sinceYears: 8, employer: 16 },
  { name: '赵敏', division: '140108', birth: '1995-04-30', sinceYears: 2, employer: 5 },
];

export async function playDemoRound(
  baseUrl: string,
  log: (line: string) => void = () => {},
): Promise<DemoResult> {
  const api = new ApiClient(baseUrl);
  const staff = await api.as({ sub: 'staff-li', roles: ['staff'], name: '评选办 李工' });
  const leader = await api.as({ sub: 'leader-group', roles: ['leader'], name: '领导小组' });
  const start = await api.now();
  const year = Number(start.toISOString().slice(0, 4));

  // Rounds held before the platform are imported as sanctions (API.md): round 1's award holder.
  const rounds = await staff.get<Round[]>('/v1/rounds');
  const ordinal = Math.max(1, ...rounds.map((r) => r.ordinal)) + 1;
  const barredOrg = { name: '太原钢铁深加工集团有限公司', code: creditCode('140108', 990001) };
  await staff.post('/v1/sanctions', {
    subject: { type: 'organization', creditCode: barredOrg.code },
    kind: 'award-holder',
    barredFromOrdinal: ordinal,
    barredThroughOrdinal: ordinal + 1,
    reason: `第${ordinal - 1}届市政府质量奖获奖组织（平台上线前评选，依第六条两届内不得重复申报）`,
  });

  const round = await staff.post<Round>('/v1/rounds', {
    title: `第${ordinal}届太原市政府质量奖`,
    ordinal,
    callOpensAt: start.toISOString(),
    callClosesAt: new Date(start.getTime() + 10 * DAY).toISOString(),
  });
  log(`创建评选届次：${round.roundId}（第${round.ordinal}届），申报截止 ${round.callClosesAt}`);
  const roundPath = `/v1/rounds/${round.roundId}`;

  // ---- Applications --------------------------------------------------------------------------
  const refusedAtSubmission: DemoResult['refusedAtSubmission'] = [];
  const submitted: { app: Application; owner: Session; quality: number }[] = [];
  const callCloses = new Date(round.callClosesAt);
  const yearsBefore = (years: number, extraDays = 0) =>
    new Date(callCloses.getTime() - years * 365.25 * DAY + extraDays * DAY).toISOString().slice(0, 10);

  const orgBodies: { body: Json; quality: number }[] = ORGANIZATIONS.map((o, i) => ({
    quality: 0.55 + ((i * 37) % 40) / 100,
    body: organizationBody(
      o.name,
      creditCode(o.division, 100 + i),
      o.division,
      o.industry,
      yearsBefore(o.years),
      o.sme,
    ),
  }));
  // Ineligible on purpose: outside Taiyuan, too young, a missing declaration, barred.
  orgBodies.push(
    {
      quality: 0.8,
      body: organizationBody(
        '北京朝阳质量科技有限公司',
        creditCode('110105', 201),
        '140105',
        'services',
        yearsBefore(8),
      ),
    },
    {
      quality: 0.7,
      body: organizationBody(
        '太原新创电子有限公司',
        creditCode('140105', 202),
        '140105',
        'manufacturing',
        yearsBefore(3, 1),
      ),
    },
    {
      quality: 0.7,
      body: {
        ...organizationBody(
          '太原某化工有限公司',
          creditCode('140122', 203),
          '140122',
          'manufacturing',
          yearsBefore(9),
        ),
        declarations: { noMajorAccident3Years: true, noBadCreditRecord: false, compliesWithLaw: true },
      },
    },
    {
      quality: 0.9,
      body: organizationBody(barredOrg.name, barredOrg.code, '140108', 'manufacturing', yearsBefore(20)),
    },
  );
  const peopleBodies: { body: Json; quality: number }[] = PEOPLE.slice(0, 2).map((p, i) => ({
    quality: 0.7 + i * 0.1,
    body: individualBody([p], yearsBefore),
  }));
  // A QC team of three (Art. 11), and one person with less than 3 years in quality work.
  peopleBodies.push({ quality: 0.85, body: individualBody(PEOPLE.slice(2, 5), yearsBefore) });
  peopleBodies.push({ quality: 0.6, body: individualBody([PEOPLE[5]!], yearsBefore) });

  let applicantNo = 0;
  for (const { body, quality } of [...orgBodies, ...peopleBodies]) {
    applicantNo += 1;
    const owner = await api.as({ sub: `applicant-${round.roundId}-${applicantNo}`, roles: ['applicant'] });
    const app = await owner.post<Application>(`${roundPath}/applications`, body, {
      'idempotency-key': `demo-${round.roundId}-${applicantNo}`,
    });
    await attachEvidence(owner, app, '自评报告.pdf');
    await attachEvidence(owner, app, '证实材料汇编.pdf');
    try {
      const done = await owner.post<Application>(`/v1/applications/${app.applicationId}/submit`);
      submitted.push({ app: done, owner, quality });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      refusedAtSubmission.push({
        displayName: app.displayName,
        codes: (error.body.errors ?? []).map((e) => e.code),
        messages: (error.body.errors ?? []).map((e) => e.message),
      });
    }
  }
  log(`提交申报 ${submitted.length} 份；${refusedAtSubmission.length} 份因不符合条件未能提交`);

  // ---- Recommendation (Art. 5, 18 (3)) -------------------------------------------------------
  const declined = submitted.at(-2)!;
  for (const { app } of submitted) {
    const recommender = await api.as({
      sub: `recommender-${app.jurisdiction}`,
      roles: ['recommender'],
      jurisdiction: app.jurisdiction,
    });
    const decline = app.applicationId === declined.app.applicationId;
    await recommender.post(`/v1/applications/${app.applicationId}/recommendation`, {
      decision: decline ? 'decline' : 'recommend',
      opinion: decline
        ? '经初审，申报材料与实际经营情况不符，不予推荐。'
        : '经初审，符合申报条件，同意推荐。',
    });
  }

  // ---- The call closes; qualification review ------------------------------------------------
  await api.moveClockTo(new Date(callCloses.getTime() + 60_000));
  const disqualified = submitted[3]!;
  for (const { app } of submitted) {
    if (app.applicationId === declined.app.applicationId) continue;
    const no = app.applicationId === disqualified.app.applicationId;
    await staff.post(`/v1/applications/${app.applicationId}/qualification`, {
      decision: no ? 'disqualified' : 'qualified',
      ...(no ? { reason: '证实材料中的质量管理体系认证证书已过有效期。' } : {}),
    });
  }
  await staff.post(`${roundPath}/advance`, { to: 'accepted-publicity', note: '资格审查完成，公示受理名单' });
  let current = await staff.get<Round>(roundPath);
  const accepted = current.windows.find((w) => w.kind === 'accepted')!;
  log(`受理名单公示：${accepted.entries.length} 家/人，公示期至 ${accepted.closesAt}`);

  // ---- A real-name objection, investigated and upheld ----------------------------------------
  const target = accepted.entries[1]!;
  const { objectionId } = await api.public.post<{ objectionId: string }>(
    `/v1/public/notices/${accepted.windowId}/objections`,
    {
      applicationId: target.applicationId,
      name: '周明',
      phone: '13912345678',
      idNumber: idNumber('140105', '1979-05-05', 31),
      content: '该单位近三年内发生过一起较大生产安全事故，已被应急管理部门通报，申报材料中未如实说明。',
    },
  );
  const findings = '经向市应急管理局核实，该单位2024年发生较大生产安全事故属实，不符合第九条第（六）项。';
  await staff.post(`/v1/objections/${objectionId}/resolution`, { outcome: 'upheld', findings });
  await api.moveClockTo(new Date(new Date(accepted.closesAt).getTime() + 60_000));
  current = await staff.get<Round>(roundPath);
  log(`受理名单公示期满，当前阶段：${current.stage}`);

  // ---- Reviewers, a blocked conflict of interest, material review ----------------------------
  const reviewers = [
    { id: 'rev-wang', name: '王教授', organizationCode: creditCode('140105', 800001) },
    { id: 'rev-zhao', name: '赵研究员', organizationCode: creditCode('140106', 800002) },
    { id: 'rev-sun', name: '孙高工', organizationCode: creditCode('140107', 800003) },
    { id: 'rev-zhou', name: '周主任', organizationCode: creditCode('140109', 800004) },
    { id: 'rev-wu', name: '吴总工', organizationCode: creditCode('140110', 800005) },
    { id: 'rev-zheng', name: '郑记者', organizationCode: creditCode('140181', 800006) },
  ];
  const inReview = (await staff.get<{ items: Application[] }>(`${roundPath}/applications?status=in-review`))
    .items;
  const conflicted = inReview[0]!;
  const conflictedBody = [...orgBodies, ...peopleBodies].find(
    (b) => (b.body.organization as Json | undefined)?.name === conflicted.displayName,
  );
  const conflictedCode =
    ((conflictedBody?.body.organization as Json | undefined)?.creditCode as string | undefined) ??
    creditCode('140108', 100);
  reviewers.push({ id: 'rev-qian', name: '钱高工', organizationCode: conflictedCode });
  for (const r of reviewers) {
    await staff.put(`/v1/reviewers/${r.id}`, {
      name: r.name,
      organizationCode: r.organizationCode,
      fields: ['质量管理'],
    });
  }
  const blocked = await staff.refused(() =>
    staff.post(`${roundPath}/assignments`, {
      stage: 'material',
      applicationId: conflicted.applicationId,
      reviewerIds: ['rev-qian'],
    }),
  );
  const conflictBlocked = {
    reviewer: '钱高工',
    applicant: conflicted.displayName,
    message: blocked.body.detail ?? '',
  };
  log(`回避：${conflictBlocked.message}`);

  const panel = reviewers.slice(0, 5).map((r) => r.id);
  const qualityOf = new Map(submitted.map((s) => [s.app.applicationId, s.quality]));
  const rubrics = {
    organization: await staff.get<Rubric>('/v1/rubrics/organization'),
    individual: await staff.get<Rubric>('/v1/rubrics/individual'),
  };
  const scoreStage = async (stage: 'material' | 'onsite' | 'defense', apps: Application[], ids: string[]) => {
    for (const app of apps) {
      await staff.post(`${roundPath}/assignments`, {
        stage,
        applicationId: app.applicationId,
        reviewerIds: ids,
      });
      for (const [k, reviewerId] of ids.entries()) {
        const reviewer = await api.as({ sub: reviewerId, roles: ['reviewer'] });
        const rubric = rubrics[app.category as 'organization' | 'individual'];
        const q = qualityOf.get(app.applicationId) ?? 0.6;
        const items = Object.fromEntries(
          rubric.items.map((item, n) => {
            const wobble = (((k * 7 + n * 3) % 9) - 4) / 100;
            return [
              item.itemId,
              Math.max(0, Math.min(item.maxPoints, Math.round(item.maxPoints * (q + wobble)))),
            ];
          }),
        );
        await reviewer.put(`/v1/applications/${app.applicationId}/scores/${stage}`, {
          items,
          comment: '依据评价标准逐项评分。',
        });
      }
    }
  };
  await scoreStage('material', inReview, panel);

  // ---- On-site review and defence for the best material scores -------------------------------
  const byQuality = [...inReview].sort(
    (a, b) => (qualityOf.get(b.applicationId) ?? 0) - (qualityOf.get(a.applicationId) ?? 0),
  );
  const selected = byQuality.slice(0, Math.min(16, byQuality.length));
  await staff.post(`${roundPath}/advance`, {
    to: 'onsite-review',
    selected: selected.map((a) => a.applicationId),
    note: '根据材料评审结果确定现场评审名单',
  });
  await scoreStage('onsite', selected, panel.slice(0, 3));
  await staff.post(`${roundPath}/advance`, { to: 'defense', note: '现场评审完成' });
  await scoreStage('defense', selected, panel);
  await staff.post(`${roundPath}/advance`, { to: 'evaluation', note: '陈述答辩完成，进入综合评价' });

  // ---- Ranking, the Leading Group's decision, the winners window -----------------------------
  const ranking = await leader.get<RankingRow[]>(`${roundPath}/ranking`);
  await leader.post(`${roundPath}/decision`, {
    award: ranking.filter((r) => r.proposedTier === 'award').map((r) => r.applicationId),
    nomination: ranking.filter((r) => r.proposedTier === 'nomination').map((r) => r.applicationId),
    note: '领导小组全体会议审议，同意评选办提出的拟获奖名单。',
  });
  current = await staff.get<Round>(roundPath);
  const winners = current.windows.find((w) => w.kind === 'winners')!;
  log(`拟获奖名单公示：至 ${winners.closesAt}`);
  await api.moveClockTo(new Date(new Date(winners.closesAt).getTime() + 60_000));

  // ---- Approval and announcement --------------------------------------------------------------
  const approvedOn = (await api.now()).toISOString().slice(0, 10);
  current = await staff.post<Round>(`${roundPath}/approval`, {
    documentNo: `并政函〔${year}〕${ordinal * 17}号`,
    approvedOn,
  });
  const awards = await api.public.get<
    { displayName: string; tier: string; category: string; applicationId: string }[]
  >(`/v1/awards?roundId=${round.roundId}`);
  const bans: DemoResult['bans'] = [];
  for (const award of awards.filter((a) => a.tier === 'award' && a.category === 'organization')) {
    const body = [...orgBodies].find((b) => (b.body.organization as Json).name === award.displayName);
    const code = (body?.body.organization as Json | undefined)?.creditCode as string | undefined;
    if (!code) continue;
    const sanctions = await staff.get<{ barredFromOrdinal: number; barredThroughOrdinal: number }[]>(
      `/v1/sanctions?subject=${code}`,
    );
    for (const s of sanctions) {
      bans.push({
        displayName: award.displayName,
        from: s.barredFromOrdinal,
        through: s.barredThroughOrdinal,
      });
    }
  }
  const struck = [{ displayName: target.displayName, findings }];
  return {
    round: current,
    refusedAtSubmission,
    accepted,
    struck,
    conflictBlocked,
    ranking,
    winners,
    awards,
    bans,
  };
}

function organizationBody(
  name: string,
  code: string,
  jurisdiction: string,
  industry: string,
  registeredOn: string,
  sme = false,
): Json {
  return {
    category: 'organization',
    organization: {
      name,
      creditCode: code,
      registeredOn,
      industry,
      sme,
      address: '山西省太原市',
      contact: { name: '质量部 负责人', phone: '13800138000', email: 'quality@example.cn' },
    },
    jurisdiction,
    declarations: { noMajorAccident3Years: true, noBadCreditRecord: true, compliesWithLaw: true },
    selfEvaluation: { items: {}, summary: `${name}推行卓越绩效管理模式，质量水平位居省内同行前列。` },
  };
}

function individualBody(people: typeof PEOPLE, yearsBefore: (years: number) => string): Json {
  return {
    category: 'individual',
    members: people.map((p, i) => ({
      name: p.name,
      idNumber: idNumber(p.division, p.birth, 11 + i * 2),
      employer: ORGANIZATIONS[p.employer]!.name,
      employerCreditCode: creditCode(ORGANIZATIONS[p.employer]!.division, 100 + p.employer),
      qualityWorkSince: yearsBefore(p.sinceYears),
    })),
    jurisdiction: people[0]!.division,
    declarations: { employerNoMajorAccident3Years: true, compliesWithLaw: true },
    selfEvaluation: { items: {}, summary: '长期从事质量管理与质量攻关工作，成果在全市推广。' },
  };
}

async function attachEvidence(owner: Session, app: Application, fileName: string): Promise<void> {
  const content = PDF(`${app.displayName} ${fileName}`);
  const sha256 = createHash('sha256').update(content).digest('hex');
  const requested = await owner.post<{
    evidenceId: string;
    upload: { url: string; fields: Record<string, string> };
  }>(`/v1/applications/${app.applicationId}/evidence`, {
    fileName,
    contentType: 'application/pdf',
    size: content.length,
    sha256,
  });
  await uploadWithPresignedPost(requested.upload, content, 'application/pdf', fileName);
  await owner.post(`/v1/applications/${app.applicationId}/evidence/${requested.evidenceId}/complete`);
}
