/**
 * The web portal in a real browser (headless Chromium) on the whole local platform: a round played
 * from the call to the announcement. People do the steps the issue names in the portal — an
 * applicant applies and uploads evidence, staff move the round on, a member of the public files an
 * objection, the winners page shows the result — and the repetitive rest (a second application,
 * further score sheets) goes through the HTTP API. Screenshots land in test-artifacts/portal/ and
 * the README set in docs/screenshots/.
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Platform } from '../../infra/local/platform.ts';
import { collectPageErrors, newContext, screenshot } from './support/browser.ts';
import {
  APPLICANT,
  idNumber,
  ORG_A,
  ORG_B,
  RECOMMENDER,
  REVIEWERS,
  SECOND_APPLICANT,
  STAFF,
} from './support/people.ts';
import { type Identity, type PlatformApi, samplePdf } from './support/platform-api.ts';
import { SESSION_TIMEOUT_MS, startPortalSession } from './support/portal-session.ts';

const [R1, R2, R3] = REVIEWERS as [Identity, Identity, Identity];

let platform: Platform;
let api: PlatformApi;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let pageErrors: string[];
let roundId: string;
let applicationA: string;
let applicationB: string;

/** Switches identity with the local-mode role switcher and waits for the header to show it. */
async function signInAs(optionLabel: string, shownName?: string): Promise<void> {
  await page.getByLabel('切换身份').selectOption({ label: optionLabel });
  if (shownName)
    await page
      .locator('.account')
      .getByText(new RegExp(`^${shownName}（`))
      .waitFor();
  else await page.locator('.account .account-name').waitFor({ state: 'detached' });
}

/** Moves the platform clock with the local-mode control. */
async function setClock(beijing: string): Promise<void> {
  await page.getByLabel('调到（北京时间）').fill(beijing);
  await page.getByRole('button', { name: '调整时钟' }).click();
  const [date, time] = beijing.split('T') as [string, string];
  const [y, m, d] = date.split('-').map(Number);
  // The hour is enough: the portal's clock display advances between syncs with the platform.
  await page
    .locator('.dev-clock')
    .getByText(`${y}年${m}月${d}日 ${time.slice(0, 3)}`)
    .waitFor();
}

const go = (path: string) => page.goto(`${platform.url}${path}`);
const itemOf = (name: string): Locator =>
  page.locator('li', { has: page.getByRole('link', { name, exact: true }) });

beforeAll(async () => {
  ({ platform, api, browser, context, page } = await startPortalSession());
  pageErrors = collectPageErrors(page);
}, SESSION_TIMEOUT_MS);

// The steps are one story: after a failed step the later ones fail at once instead of each timing out.
let failedStep: string | undefined;

beforeEach(() => {
  if (failedStep) throw new Error(`skipped after the failed step: ${failedStep}`);
});

afterEach(async (context) => {
  if (context.task.result?.state !== 'fail' || failedStep) return;
  failedStep = context.task.name;
  await screenshot(page, 'failed-step').catch(() => undefined);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await platform?.stop();
});

describe('the portal in a browser, one round from the call to the winners', () => {
  it('shows the public front page in Chinese, in local mode, with the platform clock', async () => {
    // Act
    await go('/');

    // Assess
    await page.getByRole('heading', { name: '太原市政府质量奖申报与评审平台' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await expect(page.locator('.dev-clock').textContent()).resolves.toContain(
      '2026年9月1日 09:00（北京时间）',
    );
    await screenshot(page, '01-home', { readme: true });
  });

  it('lets staff open a round with its call period in Beijing time', async () => {
    // Prepare
    await signInAs('评选办工作人员', STAFF.name);
    await go('/staff');

    // Act
    await page.getByLabel('评选名称').fill('第二届太原市政府质量奖');
    await page.getByLabel('届次').fill('2');
    await page.getByLabel('申报开始时间（北京时间）').fill('2026-09-01T09:00');
    await page.getByLabel('申报截止时间（北京时间）').fill('2026-09-15T00:00');
    await page.getByLabel('质量奖最低得分率').fill('80');
    await page.getByRole('button', { name: '创建评选' }).click();

    // Assess
    await page.getByRole('heading', { name: /第二届太原市政府质量奖/ }).waitFor();
    roundId = decodeURIComponent(new URL(page.url()).pathname.split('/')[3] as string);
    await expect(page.locator('.timeline').textContent()).resolves.toContain('2026年9月14日 24:00');
  });

  it('shows the server’s rule findings next to the fields of an application, then accepts the corrected one', async () => {
    // Prepare
    await signInAs('申报人（组织联系人）', APPLICANT.name);
    await go('/my');
    await page.getByRole('link', { name: '填写申报书' }).click();
    const wrongCheck = `${ORG_A.creditCode.slice(0, 17)}${ORG_A.creditCode.endsWith('1') ? '2' : '1'}`;

    // Act: a credit code with a wrong check character and a company younger than 3 years.
    await page.getByLabel('组织名称').fill(ORG_A.name);
    await page.getByLabel('统一社会信用代码').fill(wrongCheck);
    await page.getByLabel('注册登记日期').fill('2024-05-01');
    await page.getByLabel('联系人').fill('王经理');
    await page.getByLabel('联系电话').fill('13812345678');
    await page.getByLabel(/^推荐单位（/).selectOption({ label: '小店区' });
    await page.getByLabel('本组织近3年内无重大质量、安全、环境污染、公共卫生等事故').check();
    await page.getByLabel('本组织近3年内无不良信用记录').check();
    await page.getByLabel('本组织符合产业、环保、质量等方面的法律法规及政策要求，无其他违法行为').check();
    await page.getByLabel(/4\.1\.1 高层领导的作用/).fill('42');
    await page.getByLabel('自评报告摘要').fill('公司建立了卓越绩效管理模式，质量水平位居省内同行前列。');
    await page.getByRole('button', { name: '保存草稿并检查申报条件' }).click();

    // Assess: the findings sit under the two fields they are about.
    const codeField = page.locator('.field', { has: page.getByLabel('统一社会信用代码') });
    await codeField.locator('.field-errors').waitFor();
    const dateField = page.locator('.field', { has: page.getByLabel('注册登记日期') });
    await expect(dateField.locator('.field-errors').textContent()).resolves.toMatch(/3年/);
    await expect(page.getByLabel('统一社会信用代码').getAttribute('aria-invalid')).resolves.toBe('true');
    await screenshot(page, '02-application-findings', { readme: true });

    // Act: correct both and save again: the draft is edited in place on its page.
    await page.getByLabel('统一社会信用代码').fill(ORG_A.creditCode);
    await page.getByLabel('注册登记日期').fill('2015-05-01');
    await page.getByRole('button', { name: '保存修改并检查申报条件' }).click();

    // Assess
    await page.getByText('草稿已保存，符合申报基本条件').waitFor();
    applicationA = decodeURIComponent(new URL(page.url()).pathname.split('/')[2] as string);
    expect(applicationA).toBeTruthy();
  });

  it('uploads evidence from the browser with progress, then submits after the consent text', async () => {
    // Act
    await page.getByLabel('选择证明材料文件').setInputFiles({
      name: '自评报告.pdf',
      mimeType: 'application/pdf',
      buffer: samplePdf(1_500_000, 'self-evaluation'),
    });

    // Assess
    const row = page.locator('.upload-list li', { hasText: '自评报告.pdf' });
    await row.getByText('已核验').waitFor({ timeout: 30_000 });
    await expect(row.locator('progress').getAttribute('value')).resolves.toBe('100');
    await page.locator('table', { hasText: '自评报告.pdf' }).getByText('已核验').waitFor();
    await screenshot(page, '03-evidence-upload', { readme: true });

    // Act: the consent text stands before the submit button, which stays disabled until agreed.
    await expect(page.getByRole('button', { name: '提交申报' }).isDisabled()).resolves.toBe(true);
    await page.getByText('个人信息处理告知同意书').first().waitFor();
    await page.getByLabel(/我已阅读并同意/).check();
    await page.getByRole('button', { name: '提交申报' }).click();

    // Assess
    await page.getByText('申报已提交，等待推荐单位审核推荐').waitFor();
    const mine = await api.call<{ status: string }>(
      'GET',
      `/v1/applications/${applicationA}`,
      undefined,
      APPLICANT,
    );
    expect(mine.status).toBe('submitted');
  });

  it('lets the recommender of the jurisdiction recommend with an opinion', async () => {
    // Prepare: a second, competing application made through the API.
    const created = await api.call<{ applicationId: string }>(
      'POST',
      `/v1/rounds/${roundId}/applications`,
      {
        category: 'organization',
        organization: {
          name: ORG_B.name,
          creditCode: ORG_B.creditCode,
          registeredOn: '2012-03-01',
          industry: 'construction',
          sme: false,
          contact: { name: '刘经理', phone: '13900002222' },
        },
        jurisdiction: '140105',
        declarations: { noMajorAccident3Years: true, noBadCreditRecord: true, compliesWithLaw: true },
        selfEvaluation: { items: {}, summary: '建筑施工质量管理。' },
      },
      SECOND_APPLICANT,
    );
    applicationB = created.applicationId;
    await api.uploadEvidence(applicationB, SECOND_APPLICANT, '企业自评报告.pdf', samplePdf(20_000, 'b'));
    await api.call('POST', `/v1/applications/${applicationB}/submit`, {}, SECOND_APPLICANT);
    await api.call(
      'POST',
      `/v1/applications/${applicationB}/recommendation`,
      { decision: 'recommend', opinion: '同意推荐。' },
      RECOMMENDER,
    );
    await signInAs('推荐单位（小店区人民政府）', RECOMMENDER.name);
    await go('/recommend');

    // Act
    const form = page.getByRole('form', { name: `推荐意见：${ORG_A.name}` });
    await form.getByLabel('推荐意见').fill('经初审，该企业符合申报条件，同意推荐。');
    await form.getByRole('button', { name: '提交' }).click();

    // Assess
    await itemOf(ORG_A.name).getByText('已推荐').waitFor();
  });

  it('closes the call when the platform clock passes its end, and shows what blocks the next stage', async () => {
    // Prepare
    await signInAs('评选办工作人员', STAFF.name);

    // Act: the clock control moves the platform past the call's end.
    await setClock('2026-09-15T09:00');
    await api.waitForStage(roundId, 'qualification', STAFF);
    await go(`/staff/rounds/${roundId}/qualification`);
    const form = page.getByRole('form', { name: `资格审查：${ORG_A.name}` });
    await form.getByRole('button', { name: '记录资格审查结论' }).click();
    await page.getByRole('form', { name: `资格审查：${ORG_A.name}` }).waitFor({ state: 'detached' });
    await go(`/staff/rounds/${roundId}`);
    await page.getByRole('button', { name: '推进到“受理名单公示”' }).click();

    // Assess: the 409 STAGE_PRECONDITION_FAILED reasons are listed.
    const blocked = page.getByRole('alert').filter({ hasText: '尚不能进入“受理名单公示”阶段' });
    await blocked.waitFor();
    expect((await blocked.locator('li').count()) > 0).toBe(true);
    await screenshot(page, '04-round-dashboard-blocked', { readme: true });

    // Act: finish the review, then advance.
    await api.call(
      'POST',
      `/v1/applications/${applicationB}/qualification`,
      { decision: 'qualified' },
      STAFF,
    );
    await page.getByRole('button', { name: '推进到“受理名单公示”' }).click();

    // Assess
    await page.getByText('已进入“受理名单公示”阶段。').waitFor();
    await api.waitForStage(roundId, 'accepted-publicity', STAFF);
  });

  it('lets a member of the public file a real-name objection during the accepted-list notice', async () => {
    // Prepare
    await signInAs('未登录（公众）');
    await go('/notices');
    await screenshot(page, '05-notices');

    // Act
    await page.getByRole('link', { name: '受理名单公示' }).first().click();
    await page.getByRole('heading', { name: /受理名单公示/ }).waitFor();
    await page.getByLabel('异议对象').selectOption({ label: `${ORG_B.name}（组织）` });
    await page.getByLabel('真实姓名').fill('张三');
    await page.getByLabel('联系电话').fill('13900001111');
    await page.getByLabel('居民身份证号码').fill(idNumber('19800101', '123'));
    await page.getByLabel('异议内容').fill('该企业去年承建的项目发生质量投诉，请核实是否符合申报条件。');
    await page.getByRole('button', { name: '提交实名异议' }).click();

    // Assess
    await page.getByText('异议已受理').waitFor();
    const notice = await page.locator('dl.facts').textContent();
    expect(notice).toMatch(/公示截止\s*2026年9月\d+日 24:00（北京时间）/);
    await screenshot(page, '06-objection-filed', { readme: true });
  });

  it('lets staff resolve the objection; the round moves on when the notice has closed', async () => {
    // Prepare
    await signInAs('评选办工作人员', STAFF.name);
    await go(`/staff/rounds/${roundId}/publicity`);

    // Act
    const form = page.getByRole('form', { name: /处理异议/ });
    await form.getByLabel('调查核实情况').fill('经向住建部门核实，投诉已依法处理完毕，不影响申报条件。');
    await form.getByRole('button', { name: '记录处理结果' }).click();
    await page.getByText('异议不成立').first().waitFor();
    await screenshot(page, '07-publicity-objections');
    await setClock('2026-09-25T09:00');

    // Assess
    await api.waitForStage(roundId, 'material-review', STAFF);
  });

  it('shows a conflict of interest before and when assigning reviewers', async () => {
    // Prepare: the pool; reviewer 3 works for applicant A.
    await go('/staff/reviewers');
    await page.getByLabel('登录标识（sub）').fill(R1.sub);
    await page.getByLabel('姓名').fill('赵专家');
    await page.getByLabel('专业领域').fill('机械制造、质量管理');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText('已保存：赵专家').waitFor();
    await api.call('PUT', `/v1/reviewers/${R2.sub}`, { name: '钱专家' }, STAFF);
    await api.call(
      'PUT',
      `/v1/reviewers/${R3.sub}`,
      { name: '孙专家', organizationCode: ORG_A.creditCode },
      STAFF,
    );
    await go(`/staff/rounds/${roundId}/assignments`);
    const itemA = itemOf(ORG_A.name);

    // Assess: the likely conflict is shown before assigning.
    await itemA.getByText('申报方为该专家现任职单位，须回避').waitFor();

    // Act: assign anyway.
    await itemA.getByLabel(`孙专家（${R3.sub}）`).check();
    await itemA.getByLabel(`赵专家（${R1.sub}）`).check();
    await itemA.getByRole('button', { name: '分配所选专家' }).click();

    // Assess: the API's 409 CONFLICT_OF_INTEREST is shown clearly.
    await itemA.getByText('不能分配：存在利益冲突，须回避').waitFor();
    await screenshot(page, '08-assignment-conflict', { readme: true });

    // Act
    await itemA.getByLabel(`孙专家（${R3.sub}）`).uncheck();
    await itemA.getByLabel(`钱专家（${R2.sub}）`).check();
    await itemA.getByRole('button', { name: '分配所选专家' }).click();

    // Assess
    await page.getByRole('heading', { name: '本次已分配' }).waitFor();
    await api.call(
      'POST',
      `/v1/rounds/${roundId}/assignments`,
      { stage: 'material', applicationId: applicationB, reviewerIds: [R1.sub, R2.sub, R3.sub] },
      STAFF,
    );
  });

  it('lets a reviewer score with the rubric form, its item maxima and running total', async () => {
    // Prepare
    await signInAs('评审专家一', '赵专家');
    await go('/review');

    // Act
    await itemOfRow(ORG_A.name).click();
    const inputs = page.locator('.rubric-item input');
    await inputs.first().waitFor();
    const count = await inputs.count();
    for (let i = 0; i < count; i++) {
      const input = inputs.nth(i);
      const max = Number(await input.getAttribute('max'));
      await input.fill(String(Math.round(max * 0.9)));
    }
    await page.getByLabel('评审意见').fill('质量管理体系完善，经营业绩突出。');
    const total = await page.locator('.rubric-total strong').textContent();
    await page.getByRole('button', { name: '保存评分' }).click();

    // Assess
    await page.getByText(`评分已保存，总分 ${total} 分`).waitFor();
    await screenshot(page, '09-scoring', { readme: true });
  });

  it('lets staff take the round through the review stages to the Leading Group', async () => {
    // Prepare: the other material score sheets.
    await api.score(applicationA, 'material', R2, 'organization', 0.88);
    for (const reviewer of REVIEWERS)
      await api.score(applicationB, 'material', reviewer, 'organization', 0.7);
    await signInAs('评选办工作人员', STAFF.name);
    await go(`/staff/rounds/${roundId}`);

    // Act: material → on-site with both applications selected.
    await page.getByRole('button', { name: '推进到“现场评审”' }).click();
    await page.getByText('已进入“现场评审”阶段。').waitFor();
    for (const [stage, next] of [
      ['onsite', 'defense'],
      ['defense', 'evaluation'],
    ] as const) {
      await api.call(
        'POST',
        `/v1/rounds/${roundId}/assignments`,
        { stage, applicationId: applicationA, reviewerIds: [R1.sub, R2.sub] },
        STAFF,
      );
      await api.call(
        'POST',
        `/v1/rounds/${roundId}/assignments`,
        { stage, applicationId: applicationB, reviewerIds: [R1.sub, R2.sub, R3.sub] },
        STAFF,
      );
      for (const reviewer of [R1, R2]) await api.score(applicationA, stage, reviewer, 'organization', 0.9);
      for (const reviewer of REVIEWERS) await api.score(applicationB, stage, reviewer, 'organization', 0.7);
      await api.call('POST', `/v1/rounds/${roundId}/advance`, { to: next }, STAFF);
    }

    // Assess: the ranking is computed and the round waits for the Leading Group.
    await api.waitForStage(roundId, 'decision', STAFF);
  });

  it('lets the Leading Group confirm the proposed list under the quotas', async () => {
    // Prepare
    await signInAs('领导小组', '领导小组成员');
    await go('/leader');

    // Act
    await page.getByRole('link', { name: '审定拟获奖名单' }).click();
    await page.getByRole('heading', { name: '排名表' }).waitFor();
    await screenshot(page, '10-ranking-decision', { readme: true });
    await page.getByRole('button', { name: '确认建议名单' }).click();

    // Assess
    await page.getByText('审定意见已记录').waitFor();
    await api.waitForStage(roundId, 'winner-publicity', STAFF);
  });

  it('announces the winners after the winners notice and the approval; the winners page shows them', async () => {
    // Prepare: let the winners notice run out.
    const round = await api.call<{ windows: { kind: string; closesAt: string }[] }>(
      'GET',
      `/v1/rounds/${roundId}`,
      undefined,
      STAFF,
    );
    const winners = round.windows.find((w) => w.kind === 'winners');
    expect(winners).toBeDefined();
    const after = new Date(new Date(winners?.closesAt as string).getTime() + 60 * 60 * 1000).toISOString();
    await api.call('POST', '/v1/dev/clock', { now: after });
    await api.waitForStage(roundId, 'approval', STAFF);
    await signInAs('评选办工作人员', STAFF.name);
    await go(`/staff/rounds/${roundId}`);

    // Act
    await page.getByLabel('市政府批准文件文号').fill('并政函〔2026〕88号');
    const beijingDay = new Date(new Date(after).getTime() + 8 * 60 * 60 * 1000).toISOString().slice(0, 10);
    await page.getByLabel('批准日期').fill(beijingDay);
    await page.getByRole('button', { name: '登记批准并公告' }).click();
    await page.getByText('获奖名单已公告').waitFor();
    await signInAs('未登录（公众）');
    await go('/winners');

    // Assess
    const table = page.locator('section', { hasText: '第2届太原市政府质量奖' });
    await table.getByRole('cell', { name: ORG_A.name }).waitFor();
    const rowA = table.locator('tr', { hasText: ORG_A.name });
    await expect(rowA.textContent()).resolves.toContain('太原市政府质量奖');
    await screenshot(page, '11-winners', { readme: true });
  });

  it('gives the supervisor the audit trail of an application, with filters', async () => {
    // Prepare
    await signInAs('监督人员（纪检监察）', '监督员');

    // Act
    await go(`/audit?entityId=${encodeURIComponent(applicationA)}`);

    // Assess
    await page
      .getByRole('cell', { name: /application\.submitted/ })
      .first()
      .waitFor();
    await page.getByLabel('操作', { exact: true }).selectOption({ label: '提交（application.submitted）' });
    await expect(page.locator('tbody tr').count()).resolves.toBe(1);
    await screenshot(page, '12-audit', { readme: true });
  });

  it('shows staff the working-day calendar with the make-up working days', async () => {
    // Prepare
    await signInAs('评选办工作人员', STAFF.name);
    await go('/staff/calendar');

    // Act
    await page.getByLabel('年度').selectOption('2026');

    // Assess: National Day 2026 and the Saturday worked for it (DESIGN.md §2 example).
    const october = page.getByRole('row', { name: /^10月/ });
    await october.waitFor();
    await expect(october.textContent()).resolves.toMatch(/10月1日（周四）.*10月10日（周六）/);
    await screenshot(page, '14-calendar');
  });

  it('fits a phone screen and raised no script errors', async () => {
    // Prepare
    const phone = await newContext(browser, { width: 390, height: 844 });
    const small = await phone.newPage();

    // Act
    await small.goto(`${platform.url}/notices`);
    await small.getByRole('heading', { name: '公示公告' }).waitFor();
    const overflow = await small.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    await screenshot(small, '13-notices-phone', { readme: true });
    await phone.close();

    // Assess
    expect(overflow).toBeLessThanOrEqual(0);
    expect(pageErrors).toEqual([]);
  });
});

/** The link of an assignment row in the reviewer's table. */
function itemOfRow(name: string): Locator {
  return page.getByRole('row', { name: new RegExp(name) }).getByRole('link', { name });
}
