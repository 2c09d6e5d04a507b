/**
 * Every page of the portal, as every role sees it, checked by axe-core against WCAG 2.0 and 2.1
 * levels A and AA: no serious or critical violation. A round is played through the HTTP API and the
 * pages are opened at the stage where they show real content (the qualification forms during
 * qualification, the objection form while the accepted list is on notice, the scoring form during
 * material review, the decision form before the Leading Group…), not their empty states.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Platform } from '../../infra/local/platform.ts';
import { axeViolations, seriousViolations } from './support/axe.ts';
import { screenshot } from './support/browser.ts';
import {
  APPLICANT,
  idNumber,
  LEADER,
  ORG_A,
  ORG_B,
  PERSON,
  RECOMMENDER,
  REVIEWERS,
  SECOND_APPLICANT,
  STAFF,
} from './support/people.ts';
import { type Identity, type PlatformApi, samplePdf } from './support/platform-api.ts';
import { SESSION_TIMEOUT_MS, startPortalSession } from './support/portal-session.ts';

const [R1, R2, R3] = REVIEWERS as [Identity, Identity, Identity];

/** The role switcher's options. */
const AS = {
  public: '未登录（公众）',
  applicant: '申报人（组织联系人）',
  person: '申报人（个人）',
  recommender: '推荐单位（小店区人民政府）',
  staff: '评选办工作人员',
  reviewer: '评审专家一',
  leader: '领导小组',
  supervisor: '监督人员（纪检监察）',
} as const;
type As = keyof typeof AS;

const TITLE = '第三届太原市政府质量奖';
const MEMBER = '李建华';

let platform: Platform;
let api: PlatformApi;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let roundId: string;
let applicationA: string;
let applicationB: string;
let applicationP: string;
let signedInAs: As = 'public';

/** Switches identity with the local-mode role switcher (the session survives navigation). */
async function signInAs(who: As): Promise<void> {
  if (who === signedInAs) return;
  await page.getByLabel('切换身份').selectOption({ label: AS[who] });
  if (who === 'public') await page.locator('.account .account-name').waitFor({ state: 'detached' });
  else await page.locator('.account .account-name').waitFor();
  signedInAs = who;
}

/** The platform clock's date in Beijing (YYYY-MM-DD): what a date field of the portal defaults to. */
async function platformToday(): Promise<string> {
  const { now } = await api.call<{ now: string }>('GET', '/v1/dev/clock');
  return new Date(Date.parse(now) + 8 * 3600_000).toISOString().slice(0, 10);
}

/** A state of a page reached by acting on it (a form sent, a panel opened), and its name. */
interface After {
  state: string;
  act: () => Promise<void>;
}
/** Who opens which path, the text that shows the page has its real content, and what to do there. */
type Entry = [As, string, string | RegExp, After?];

/**
 * Opens `path` as `who`, waits until the page shows `shows` (real content, not a loading or empty
 * state), acts on it when told, and returns its serious and critical axe violations, one line each.
 */
async function audit(entry: Entry): Promise<string[]> {
  const [who, path, shows, after] = entry;
  await page.goto(`${platform.url}${path}`);
  await signInAs(who);
  await page.locator('main').getByText(shows).filter({ visible: true }).first().waitFor();
  await page.waitForFunction(() => !document.querySelector('main')?.textContent?.includes('正在加载……'));
  if (after) await after.act();
  return seriousViolations(
    `${AS[who]} ${path}${after ? `（${after.state}）` : ''}`,
    await axeViolations(page),
  );
}

/** Audits each page in turn, so one test names every violation of its pages at once. */
async function auditAll(pages: Entry[]): Promise<string[]> {
  const found: string[] = [];
  for (const entry of pages) found.push(...(await audit(entry)));
  return found;
}

async function setClock(beijing: string): Promise<void> {
  await api.call('POST', '/v1/dev/clock', { now: new Date(`${beijing}+08:00`).toISOString() });
}

function organizationBody(org: { name: string; creditCode: string }, registeredOn: string) {
  return {
    category: 'organization',
    organization: {
      name: org.name,
      creditCode: org.creditCode,
      registeredOn,
      industry: 'manufacturing',
      sme: false,
      contact: { name: '王经理', phone: '13812345678' },
    },
    jurisdiction: '140105',
    declarations: { noMajorAccident3Years: true, noBadCreditRecord: true, compliesWithLaw: true },
    selfEvaluation: { items: {}, summary: `${org.name}推行卓越绩效管理模式。` },
  };
}

async function apply(owner: Identity, body: unknown, evidence: boolean): Promise<string> {
  const { applicationId } = await api.call<{ applicationId: string }>(
    'POST',
    `/v1/rounds/${roundId}/applications`,
    body,
    owner,
  );
  if (evidence)
    await api.uploadEvidence(applicationId, owner, '自评报告.pdf', samplePdf(20_000, applicationId));
  return applicationId;
}

beforeAll(async () => {
  ({ platform, api, browser, context, page } = await startPortalSession());
}, SESSION_TIMEOUT_MS);

// The stages are one story: after a failed one the later ones fail at once instead of timing out.
let failedStep: string | undefined;

beforeEach(() => {
  if (failedStep) throw new Error(`skipped after the failed step: ${failedStep}`);
});

afterEach(async (test) => {
  if (test.task.result?.state !== 'fail' || failedStep) return;
  // Violations found are not a broken story: only a failure to reach a page stops the rest.
  if (test.task.result.errors?.every((e) => e.name === 'AssertionError')) return;
  failedStep = test.task.name;
  await screenshot(page, 'accessibility-failed-step').catch(() => undefined);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await platform?.stop();
});

// Each page costs seconds (a page load, then axe walks the whole DOM, 2-5 s measured with the two
// cores loaded), so a stage of up to 12 pages gets four minutes rather than vitest's one.
describe('every page of every role meets WCAG 2.1 A and AA (axe-core: no serious or critical violation)', {
  timeout: 240_000,
}, () => {
  it('finds what it looks for: a page with a nameless button and low-contrast text fails', async () => {
    // Act
    await page.setContent(
      '<html lang="zh-CN"><head><title>自检</title></head><body><main><h1>自检</h1><button type="button"></button>' +
        '<p style="color:#bbb;background:#fff">对比度不足的文字</p></main></body></html>',
    );
    const found = seriousViolations('自检', await axeViolations(page));

    // Assess
    expect(found).toEqual([
      expect.stringMatching(/^自检: button-name \(critical, .*\) at button$/),
      expect.stringMatching(/^自检: color-contrast \(serious, .*\) at p$/),
    ]);
  });

  it('while the call is open: the applicants and the recommender', async () => {
    // Prepare: the round, three applications (one draft, one awaiting the recommender), a pool.
    const round = await api.call<{ roundId: string }>(
      'POST',
      '/v1/rounds',
      {
        title: TITLE,
        ordinal: 3,
        callOpensAt: '2026-09-01T01:00:00.000Z',
        callClosesAt: '2026-09-14T16:00:00.000Z',
      },
      STAFF,
    );
    roundId = round.roundId;
    applicationA = await apply(APPLICANT, organizationBody(ORG_A, '2015-05-01'), true);
    applicationB = await apply(SECOND_APPLICANT, organizationBody(ORG_B, '2012-03-01'), true);
    await api.call('POST', `/v1/applications/${applicationB}/submit`, {}, SECOND_APPLICANT);
    applicationP = await apply(
      PERSON,
      {
        category: 'individual',
        members: [
          {
            name: MEMBER,
            idNumber: idNumber('19750618', '031'),
            employer: ORG_A.name,
            employerCreditCode: ORG_A.creditCode,
            qualityWorkSince: '2025-01-01', // under 3 years (Art. 11): the draft shows a finding
          },
        ],
        jurisdiction: '140105',
        declarations: { employerNoMajorAccident3Years: true, compliesWithLaw: true },
        selfEvaluation: { items: {}, summary: '长期从事质量管理与质量攻关工作。' },
      },
      false,
    );
    await api.call('PUT', `/v1/reviewers/${R1.sub}`, { name: '赵专家', fields: ['机械制造'] }, STAFF);
    await api.call('PUT', `/v1/reviewers/${R2.sub}`, { name: '钱专家' }, STAFF);
    await api.call(
      'PUT',
      `/v1/reviewers/${R3.sub}`,
      { name: '孙专家', organizationCode: ORG_A.creditCode },
      STAFF,
    );

    // Act
    const drafts = await auditAll([
      ['applicant', '/my', ORG_A.name],
      ['applicant', `/apply/${roundId}`, TITLE],
      [
        'applicant',
        `/applications/${applicationA}`,
        ORG_A.name,
        {
          state: '上传证明材料后',
          act: async () => {
            await page.getByLabel('选择证明材料文件').setInputFiles({
              name: '证实材料.pdf',
              mimeType: 'application/pdf',
              buffer: samplePdf(200_000, 'evidence'),
            });
            await page.locator('.upload-list li', { hasText: '证实材料.pdf' }).getByText('已核验').waitFor();
          },
        },
      ],
      ['person', `/applications/${applicationP}`, MEMBER],
    ]);
    await api.call('POST', `/v1/applications/${applicationA}/submit`, {}, APPLICANT);
    const submitted = await auditAll([
      ['applicant', `/applications/${applicationA}`, ORG_A.name],
      ['recommender', '/recommend', ORG_A.name],
      ['recommender', `/applications/${applicationA}`, ORG_A.name],
    ]);

    // Assess
    expect([...drafts, ...submitted]).toEqual([]);
  });

  it('while the call is open: staff and the supervisor, the public call', async () => {
    // Prepare
    await api.call(
      'PUT',
      `/v1/rounds/${roundId}/call-notice`,
      { requirements: '申报组织须在太原市行政区域内依法登记注册。', contact: '评选办 0351-1234567' },
      STAFF,
    );

    // Act
    const found = await auditAll([
      ['public', '/calls', '申报组织须在太原市行政区域内依法登记注册。'],
      ['staff', '/staff', TITLE],
      ['staff', `/staff/rounds/${roundId}`, TITLE],
      ['staff', '/staff/reviewers', '赵专家'],
      ['staff', '/staff/calendar', '工作日历'],
      ['staff', `/applications/${applicationB}`, ORG_B.name],
      ['supervisor', '/staff', TITLE],
      ['supervisor', `/staff/rounds/${roundId}`, TITLE],
    ]);

    // Assess
    expect(found).toEqual([]);
  });

  it('during qualification: staff and the supervisor', async () => {
    // Prepare
    for (const id of [applicationA, applicationB])
      await api.call(
        'POST',
        `/v1/applications/${id}/recommendation`,
        { decision: 'recommend', opinion: '同意推荐。' },
        RECOMMENDER,
      );
    await setClock('2026-09-15T09:00');
    await api.waitForStage(roundId, 'qualification', STAFF);

    // Act
    const found = await auditAll([
      ['staff', `/staff/rounds/${roundId}/qualification`, ORG_A.name],
      [
        'staff',
        `/staff/rounds/${roundId}`,
        TITLE,
        {
          state: '推进受阻',
          act: async () => {
            await page.getByRole('button', { name: '推进到“受理名单公示”' }).click();
            await page.getByRole('alert').filter({ hasText: '尚不能进入' }).waitFor();
          },
        },
      ],
      ['supervisor', `/staff/rounds/${roundId}/qualification`, ORG_A.name],
    ]);

    // Assess
    expect(found).toEqual([]);
  });

  it('while the accepted list is on notice: the public, staff and the supervisor', async () => {
    // Prepare
    for (const id of [applicationA, applicationB])
      await api.call('POST', `/v1/applications/${id}/qualification`, { decision: 'qualified' }, STAFF);
    await api.call('POST', `/v1/rounds/${roundId}/advance`, { to: 'accepted-publicity' }, STAFF);
    const round = await api.call<{ windows: { windowId: string; kind: string }[] }>(
      'GET',
      `/v1/rounds/${roundId}`,
      undefined,
      STAFF,
    );
    const accepted = round.windows.find((w) => w.kind === 'accepted')?.windowId as string;
    const publicNotices = await auditAll([
      ['public', '/notices', '受理名单公示'],
      ['public', `/notices/${accepted}`, ORG_B.name],
    ]);
    await api.call('POST', `/v1/public/notices/${accepted}/objections`, {
      applicationId: applicationB,
      name: '张三',
      phone: '13900001111',
      idNumber: idNumber('19800101', '123'),
      content: '该企业去年承建的项目发生质量投诉，请核实。',
    });

    // Act
    const objections = await auditAll([
      ['staff', `/staff/rounds/${roundId}/publicity`, '该企业去年承建的项目发生质量投诉'],
      ['supervisor', `/staff/rounds/${roundId}/publicity`, '该企业去年承建的项目发生质量投诉'],
    ]);

    // Assess
    expect([...publicNotices, ...objections]).toEqual([]);
  });

  it('during material review: staff assigning, the reviewer scoring', async () => {
    // Prepare
    const [objection] = await api.call<{ objectionId: string }[]>(
      'GET',
      `/v1/rounds/${roundId}/objections`,
      undefined,
      STAFF,
    );
    await api.call(
      'POST',
      `/v1/objections/${objection?.objectionId}/resolution`,
      { outcome: 'dismissed', findings: '经核实，投诉已依法处理完毕。' },
      STAFF,
    );
    await setClock('2026-09-25T09:00');
    await api.waitForStage(roundId, 'material-review', STAFF);
    const assigning = await auditAll([['staff', `/staff/rounds/${roundId}/assignments`, ORG_A.name]]);
    await api.call(
      'POST',
      `/v1/rounds/${roundId}/assignments`,
      { stage: 'material', applicationId: applicationA, reviewerIds: [R1.sub, R2.sub] },
      STAFF,
    );
    await api.call(
      'POST',
      `/v1/rounds/${roundId}/assignments`,
      { stage: 'material', applicationId: applicationB, reviewerIds: [R1.sub, R2.sub] },
      STAFF,
    );

    // Act
    const scoring = await auditAll([
      ['staff', `/staff/rounds/${roundId}/assignments`, '赵专家'],
      ['reviewer', '/review', ORG_A.name],
      ['reviewer', `/review/${applicationA}/material`, ORG_A.name],
      ['reviewer', `/applications/${applicationA}`, ORG_A.name],
      ['reviewer', '/inbox', '评审任务通知'],
      ['staff', `/staff/rounds/${roundId}/panels`, '赵专家'],
      ['supervisor', `/staff/rounds/${roundId}/panels`, '赵专家'],
    ]);

    // Assess
    expect([...assigning, ...scoring]).toEqual([]);
  });

  it('before the Leading Group decides: the leader, staff and the supervisor', async () => {
    // Prepare: every stage scored, the ranking computed.
    for (const id of [applicationA, applicationB])
      for (const reviewer of [R1, R2])
        await api.score(id, 'material', reviewer, 'organization', id === applicationA ? 0.9 : 0.7);
    await api.call(
      'POST',
      `/v1/rounds/${roundId}/advance`,
      { to: 'onsite-review', selected: [applicationA, applicationB] },
      STAFF,
    );
    for (const [stage, next] of [
      ['onsite', 'defense'],
      ['defense', 'evaluation'],
    ] as const) {
      for (const id of [applicationA, applicationB]) {
        await api.call(
          'POST',
          `/v1/rounds/${roundId}/assignments`,
          { stage, applicationId: id, reviewerIds: [R1.sub, R2.sub] },
          STAFF,
        );
        for (const reviewer of [R1, R2])
          await api.score(id, stage, reviewer, 'organization', id === applicationA ? 0.9 : 0.7);
      }
      await api.call('POST', `/v1/rounds/${roundId}/advance`, { to: next }, STAFF);
    }
    await api.waitForStage(roundId, 'decision', STAFF);

    // Act
    const found = await auditAll([
      ['leader', '/leader', TITLE],
      ['leader', `/staff/rounds/${roundId}/ranking`, ORG_A.name],
      ['leader', `/applications/${applicationA}`, ORG_A.name],
      ['staff', `/staff/rounds/${roundId}/ranking`, ORG_A.name],
      ['staff', `/applications/${applicationA}`, ORG_A.name],
      ['supervisor', `/staff/rounds/${roundId}/ranking`, ORG_A.name],
      ['supervisor', `/applications/${applicationA}`, ORG_A.name],
    ]);

    // Assess
    expect(found).toEqual([]);
  });

  it('while the winners are on notice and at the approval: the public and staff', async () => {
    // Prepare
    const ranking = await api.call<{ applicationId: string; proposedTier: string | null }[]>(
      'GET',
      `/v1/rounds/${roundId}/ranking`,
      undefined,
      LEADER,
    );
    const tier = (t: string) => ranking.filter((r) => r.proposedTier === t).map((r) => r.applicationId);
    await api.call(
      'POST',
      `/v1/rounds/${roundId}/decision`,
      { award: tier('award'), nomination: tier('nomination') },
      LEADER,
    );
    await api.waitForStage(roundId, 'winner-publicity', STAFF);
    const round = await api.call<{ windows: { windowId: string; kind: string; closesAt: string }[] }>(
      'GET',
      `/v1/rounds/${roundId}`,
      undefined,
      STAFF,
    );
    const winners = round.windows.find((w) => w.kind === 'winners');
    const onNotice = await auditAll([['public', `/notices/${winners?.windowId}`, ORG_A.name]]);
    const after = new Date(new Date(winners?.closesAt as string).getTime() + 60 * 60 * 1000);
    await api.call('POST', '/v1/dev/clock', { now: after.toISOString() });
    await api.waitForStage(roundId, 'approval', STAFF);

    // Act
    const approval = await auditAll([['staff', `/staff/rounds/${roundId}`, '市政府批准文件文号']]);

    // Assess
    expect([...onNotice, ...approval]).toEqual([]);
  });

  it('once announced: the public pages, the records of staff and the supervisor, the applicant', async () => {
    // Prepare
    const approvedOn = await platformToday();
    await api.call(
      'POST',
      `/v1/rounds/${roundId}/approval`,
      { documentNo: '并政函〔2026〕88号', approvedOn },
      STAFF,
    );

    // Act
    const found = await auditAll([
      ['public', '/', '太原市政府质量奖申报与评审平台'],
      [
        'public',
        '/',
        '太原市政府质量奖申报与评审平台',
        {
          state: '展开“以其他身份登录”',
          act: () => page.getByText('以其他身份登录').click(),
        },
      ],
      ['public', '/notices', '拟获奖名单公示'],
      ['public', '/winners', ORG_A.name],
      ['public', '/contact', '异议'],
      ['public', '/my', '需要登录'],
      ['public', '/no-such-page', '页面不存在'],
      ['applicant', '/my', ORG_A.name],
      ['staff', `/staff/rounds/${roundId}`, TITLE],
      ['staff', '/staff/sanctions', ORG_A.name],
      ['staff', `/audit?entityId=${encodeURIComponent(applicationA)}`, 'application.submitted'],
      ['supervisor', '/staff/sanctions', ORG_A.name],
      ['supervisor', `/audit?entityId=${encodeURIComponent(applicationA)}`, 'application.submitted'],
    ]);

    // Assess
    expect(found).toEqual([]);
  });

  it('after the award: the award, the statistics, the inboxes, the outbox and a revocation', async () => {
    // Prepare
    const awards = await api.call<{ awardId: string; applicationId: string }[]>(
      'GET',
      `/v1/awards?roundId=${roundId}`,
    );
    const awardId = awards.find((a) => a.applicationId === applicationA)?.awardId as string;
    const today = await platformToday();
    await api.call('POST', `/v1/awards/${awardId}/issuance`, { item: 'trophy', on: today }, STAFF);

    // Act
    const awarded = await auditAll([
      ['staff', `/awards/${awardId}`, '奖杯（牌）、证书和奖励金（第十九条）'],
      ['applicant', `/awards/${awardId}`, ORG_A.name],
      ['staff', `/staff/rounds/${roundId}/statistics`, '申报总数（不含草稿）'],
      ['staff', '/inbox', '我的通知'],
      ['applicant', '/inbox', '评选结果'],
      ['public', '/dev/outbox', '宣传获奖时请注明获奖年度'],
    ]);
    await api.call(
      'POST',
      `/v1/awards/${awardId}/revocation`,
      { reason: 'fraud', findings: '经查，申报材料中的检测报告系伪造。' },
      STAFF,
    );
    const revoked = await auditAll([
      ['public', '/revocations', ORG_A.name],
      ['staff', `/awards/${awardId}`, '收回日期'],
    ]);

    // Assess
    expect([...awarded, ...revoked]).toEqual([]);
  });
});
