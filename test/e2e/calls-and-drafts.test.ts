/**
 * The applicant's side in a real browser (headless Chromium) on the whole local platform: an
 * anonymous visitor finds the open call from the home page and downloads its form; an applicant
 * edits a draft in place, sees a rule finding disappear at its field, reloads with unsaved text and
 * finds it still there, then submits. The office's part (the round, its call notice and form) goes
 * through the HTTP API, as API.md describes it.
 */
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Platform } from '../../infra/local/platform.ts';
import { axeViolations, seriousViolations } from './support/axe.ts';
import { collectPageErrors, screenshot } from './support/browser.ts';
import { APPLICANT, creditCode, ORG_A, STAFF } from './support/people.ts';
import { type PlatformApi, samplePdf } from './support/platform-api.ts';
import { SESSION_TIMEOUT_MS, startPortalSession } from './support/portal-session.ts';

let platform: Platform;
let api: PlatformApi;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let pageErrors: string[];
let roundId: string;
let applicationId: string;

const FORM = samplePdf(4_000, 'blank-application-form');
const TITLE = '第二届太原市政府质量奖';

const go = (path: string) => page.goto(`${platform.url}${path}`);

async function signInAs(optionLabel: string, shownName: string): Promise<void> {
  await page.getByLabel('切换身份').selectOption({ label: optionLabel });
  await page
    .locator('.account')
    .getByText(new RegExp(`^${shownName}（`))
    .waitFor();
}

beforeAll(async () => {
  ({ platform, api, browser, context, page } = await startPortalSession());
  pageErrors = collectPageErrors(page);
  // The office opens the round and publishes its call with the blank form (API.md).
  const round = await api.call<{ roundId: string }>(
    'POST',
    '/v1/rounds',
    {
      title: TITLE,
      ordinal: 2,
      callOpensAt: '2026-09-01T09:00:00+08:00',
      callClosesAt: '2026-09-15T00:00:00+08:00',
    },
    STAFF,
  );
  roundId = round.roundId;
  const { createHash } = await import('node:crypto');
  const notice = await api.call<{
    uploads: { attachmentId: string; url: string; fields: Record<string, string> }[];
  }>(
    'PUT',
    `/v1/rounds/${roundId}/call-notice`,
    {
      requirements: '一、申报条件\n\n本市注册并正常运行3年以上的制造业、服务业、建筑业企业。',
      contact: '太原市市场监督管理局质量发展处\n\n电话：0351-1234567',
      attachments: [
        {
          fileName: '申报表.pdf',
          contentType: 'application/pdf',
          size: FORM.length,
          sha256: createHash('sha256').update(FORM).digest('hex'),
        },
      ],
    },
    STAFF,
  );
  const [upload] = notice.uploads;
  const form = new FormData();
  for (const [name, value] of Object.entries(upload!.fields)) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(FORM)], { type: 'application/pdf' }), '申报表.pdf');
  const stored = await fetch(upload!.url, { method: 'POST', body: form });
  expect(stored.ok).toBe(true);
  await api.call(
    'POST',
    `/v1/rounds/${roundId}/call-notice/attachments/${upload!.attachmentId}/complete`,
    undefined,
    STAFF,
  );
}, SESSION_TIMEOUT_MS);

// The steps are one story: after a failed step the later ones fail at once instead of each timing out.
let failedStep: string | undefined;

beforeEach(() => {
  if (failedStep) throw new Error(`skipped after the failed step: ${failedStep}`);
});

afterEach(async (ctx) => {
  if (ctx.task.result?.state !== 'fail' || failedStep) return;
  failedStep = ctx.task.name;
  await screenshot(page, 'calls-failed-step').catch(() => undefined);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await platform?.stop();
});

describe('the call and the draft in a browser', () => {
  it('lets an anonymous visitor find the open call from the home page and download its form', async () => {
    // Prepare
    await go('/');

    // Act
    await page.locator('main').getByRole('link', { name: TITLE }).click();

    // Assess: the call period in Beijing time, the countdown, requirements, contact, the form
    await page.getByRole('heading', { name: '申报通知', level: 1 }).waitFor();
    const call = page.locator('section', { has: page.getByRole('heading', { name: TITLE }) });
    const text = (await call.textContent()) ?? '';
    expect(text).toContain('2026年9月1日 09:00（北京时间） 至 2026年9月14日 24:00（北京时间）');
    expect(text).toMatch(/申报截止剩余 13天\d+小时\d+分/);
    expect(text).toContain('本市注册并正常运行3年以上');
    expect(text).toContain('0351-1234567');
    await screenshot(page, 'calls-public');
    expect(seriousViolations('/calls', await axeViolations(page))).toEqual([]);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      call.getByRole('link', { name: '申报表.pdf' }).click(),
    ]);
    const path = await download.path();
    expect(Buffer.compare(await readFile(path), FORM)).toBe(0);
  });

  it('edits a draft in place: a finding disappears at its field once corrected', async () => {
    // Prepare: a draft whose credit code is registered outside Taiyuan (Beijing, 110105)
    const draft = await api.call<{ applicationId: string }>(
      'POST',
      `/v1/rounds/${roundId}/applications`,
      {
        category: 'organization',
        organization: {
          name: ORG_A.name,
          creditCode: creditCode('110105', 'MA0K12345'),
          registeredOn: '2015-05-01',
          industry: 'manufacturing',
          sme: true,
          contact: { name: '王经理', phone: '13812345678' },
        },
        jurisdiction: '140105',
        declarations: { noMajorAccident3Years: true, noBadCreditRecord: true, compliesWithLaw: true },
        selfEvaluation: { items: { '4.1.1': 40 }, summary: '公司建立了卓越绩效管理模式。' },
      },
      APPLICANT,
    );
    applicationId = draft.applicationId;
    await go('/');
    await signInAs('申报人（组织联系人）', APPLICANT.name!);
    await go(`/applications/${encodeURIComponent(applicationId)}`);
    const codeField = page.locator('.field', { has: page.getByLabel('统一社会信用代码') });
    await expect(codeField.locator('.field-errors').textContent()).resolves.toContain('110105');
    expect(seriousViolations('/applications (draft)', await axeViolations(page))).toEqual([]);

    // Act
    await page.getByLabel('统一社会信用代码').fill(ORG_A.creditCode);
    await page.getByRole('button', { name: '保存修改并检查申报条件' }).click();

    // Assess
    await page.getByText('草稿已保存，符合申报基本条件').waitFor();
    await codeField.locator('.field-errors').waitFor({ state: 'detached' });
    await expect(page.getByLabel('统一社会信用代码').getAttribute('aria-invalid')).resolves.not.toBe('true');
    const stored = await api.call<{ organization: { creditCode: string }; vetting: { passed: boolean } }>(
      'GET',
      `/v1/applications/${applicationId}`,
      undefined,
      APPLICANT,
    );
    expect(stored.organization.creditCode).toBe(ORG_A.creditCode);
    expect(stored.vetting.passed).toBe(true);
  });

  it('keeps unsaved text across a reload, warning before leaving', async () => {
    // Prepare
    await page.getByLabel('地址').fill('太原市小店区长治路 88 号');
    await page.getByText('已暂存在本浏览器中').waitFor();

    // Act: the browser asks before leaving; the visitor leaves anyway
    const dialogs: string[] = [];
    page.once('dialog', (dialog) => {
      dialogs.push(dialog.type());
      void dialog.accept();
    });
    await page.reload();

    // Assess
    await page.getByText('已恢复上次在本浏览器中未保存的修改').waitFor();
    await expect(page.getByLabel('地址').inputValue()).resolves.toBe('太原市小店区长治路 88 号');
    expect(dialogs).toEqual(['beforeunload']);
    await expect(page.getByRole('button', { name: '提交申报' }).isDisabled()).resolves.toBe(true);
  });

  it('saves the restored text and submits', async () => {
    // Prepare
    await page.getByRole('button', { name: '保存修改并检查申报条件' }).click();
    await page.getByText('草稿已保存，符合申报基本条件').waitFor();
    await page.getByLabel('选择证明材料文件').setInputFiles({
      name: '自评报告.pdf',
      mimeType: 'application/pdf',
      buffer: samplePdf(20_000, 'self-evaluation'),
    });
    await page.locator('table', { hasText: '自评报告.pdf' }).getByText('已核验').waitFor();

    // Act
    await page.getByLabel(/我已阅读并同意/).check();
    await page.getByRole('button', { name: '提交申报' }).click();

    // Assess
    await page.getByText('申报已提交，等待推荐单位审核推荐').waitFor();
    const submitted = await api.call<{ status: string; organization: { address?: string } }>(
      'GET',
      `/v1/applications/${applicationId}`,
      undefined,
      STAFF,
    );
    expect(submitted.status).toBe('submitted');
    expect(submitted.organization.address).toBe('太原市小店区长治路 88 号');
    const timeline = (await page.getByRole('list', { name: '本申报的评选进程' }).textContent()) ?? '';
    expect(timeline).toMatch(/提交申报2026年9月1日 09:00（北京时间）/);
    expect(timeline).toContain('推荐单位推荐（小店区）（下一步）');
    await screenshot(page, 'calls-draft-submitted');
    expect(seriousViolations('/applications (submitted)', await axeViolations(page))).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
