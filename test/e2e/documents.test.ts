/**
 * Documents, exports, statistics and the archive (API.md v2 "Documents, exports and statistics") on
 * the whole local platform after the demo's round: every Excel export read back with exceljs, every
 * PDF's text through pdftotext and its fonts through pdffonts, the archive unzipped, its audit chains
 * verified and its ranking recomputed by scripts/recompute-ranking.ts. The PDFs are kept under
 * test-artifacts/documents/ (README: one page of each as PNG).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditHash, GENESIS_HASH } from '../../functions/domain/audit-chain.ts';
import { type Platform, startPlatform } from '../../infra/local/platform.ts';
import { type DemoResult, playDemoRound } from '../../scripts/demo-round.ts';
import { ApiClient, type Session } from '../../scripts/lib/api-client.ts';
import { compareWithStored, recomputeRanking } from '../../scripts/recompute-ranking.ts';
import { fetchBytes, pdfFonts, pdfText, readWorkbook, unzip } from '../support/documents.ts';
import { sha256Hex } from '../support/fakes.ts';

// biome-ignore lint/suspicious/noExplicitAny: JSON bodies checked by the assertions.
type Json = any;

let platform: Platform;
let result: DemoResult;
let api: ApiClient;
let staff: Session;
let supervisor: Session;
let leader: Session;
const ARTIFACTS = 'test-artifacts/documents';

beforeAll(async () => {
  platform = await startPlatform({ port: 0, inMemory: true, clockStart: '2026-03-02T09:00:00+08:00' });
  result = await playDemoRound(platform.url);
  api = new ApiClient(platform.url);
  staff = await api.as({ sub: 'staff-li', roles: ['staff'] });
  supervisor = await api.as({ sub: 'supervisor-docs', roles: ['supervisor'] });
  leader = await api.as({ sub: 'leader-group', roles: ['leader'] });
  mkdirSync(ARTIFACTS, { recursive: true });
}, 600_000);

afterAll(async () => {
  await platform?.stop();
});

const roundPath = () => `/v1/rounds/${result.round.roundId}`;

async function exportOf(session: Session, kind: string): Promise<{ view: Json; body: Buffer }> {
  const view = await session.post<Json>(`${roundPath()}/exports`, { kind });
  expect(view).toMatchObject({ kind, status: 'ready' });
  const { body } = await fetchBytes(view.url);
  return { view, body };
}

async function pdfOf(
  session: Session,
  path: string,
  artifact: string,
): Promise<{ text: string; body: Buffer; doc: Json }> {
  const doc = await session.get<Json>(path);
  expect(doc.contentType).toBe('application/pdf');
  expect(doc.fileName).toMatch(/\.pdf$/);
  // Short-lived: minutes after the platform's clock.
  const now = (await api.now()).getTime();
  expect(new Date(doc.expiresAt).getTime()).toBeGreaterThan(now);
  expect(new Date(doc.expiresAt).getTime()).toBeLessThanOrEqual(now + 15 * 60_000);
  const { body } = await fetchBytes(doc.url);
  writeFileSync(join(ARTIFACTS, artifact), body);
  const fonts = pdfFonts(body);
  expect(fonts.length).toBeGreaterThan(0);
  for (const font of fonts) {
    expect(font.name).toMatch(/NotoSerifSC/);
    expect(font.embedded).toBe(true);
  }
  // pdftotext breaks lines where the PDF does: compare without line breaks.
  return { text: pdfText(body).replace(/\s+/g, ''), body, doc };
}

describe('statistics', () => {
  it('counts the round without drafts; industry and SME over organizations only', async () => {
    // Act
    const stats = await staff.get<Json>(`${roundPath()}/statistics`);

    // Assess
    const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
    expect(stats.total).toBeGreaterThan(20);
    expect(stats.byStatus.draft).toBeUndefined();
    expect(sum(stats.byStatus)).toBe(stats.total);
    expect(sum(stats.byCategory)).toBe(stats.total);
    expect(sum(stats.byJurisdiction)).toBe(stats.total);
    expect(sum(stats.byIndustry)).toBe(stats.byCategory.organization);
    expect(stats.sme.share).toBeCloseTo(stats.sme.count / stats.byCategory.organization, 10);
    expect(stats.sme.share).toBeGreaterThanOrEqual(0);
    expect(stats.sme.share).toBeLessThanOrEqual(1);
  });

  it('is for staff, the Leading Group and supervisors only', async () => {
    const applicant = await api.as({ sub: 'someone', roles: ['applicant'] });
    const refused = await applicant.refused(() => applicant.get(`${roundPath()}/statistics`));
    expect(refused.status).toBe(403);
    expect((await leader.get<Json>(`${roundPath()}/statistics`)).total).toBeGreaterThan(0);
  });
});

describe('Excel exports', () => {
  it('applications: Chinese headers, frozen header, masked phones, dates in Beijing time', async () => {
    const { body, view } = await exportOf(staff, 'applications');
    expect(view.contentType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const sheet = (await readWorkbook(body)).get('申报名单')!;
    expect(sheet.frozen).toBe(true);
    expect(sheet.rows[0]).toEqual([
      '申报编号',
      '类别',
      '申报组织或个人',
      '推荐单位（地区）',
      '行业',
      '中小企业',
      '统一社会信用代码',
      '联系人',
      '联系电话',
      '申报人及身份证号',
      '状态',
      '创建时间',
      '提交时间',
    ]);
    const award = result.awards[0]!;
    const row = sheet.rows.find((r) => r[0] === award.applicationId)!;
    expect(row[2]).toBe(award.displayName);
    expect(row[10]).toBe('已获奖');
    for (const r of sheet.rows.slice(1)) {
      if (r[8]) expect(String(r[8])).toMatch(/^1\d{2}\*{4}\d{4}$/);
      if (r[9]) expect(String(r[9])).not.toMatch(/\d{17}[\dX]/);
    }
    // The demo submits in March 2026 between 09:00 and 18:00 Beijing time (a UTC clock would show 01:00–10:00).
    const submitted = row[12] as Date;
    expect(submitted.getUTCFullYear()).toBe(2026);
    expect(submitted.getUTCHours()).toBeGreaterThanOrEqual(9);
  });

  it('ranking: the stored order with stage scores and tiers; the Leading Group may export it', async () => {
    const { body } = await exportOf(leader, 'ranking');
    const rows = (await readWorkbook(body)).get('综合评价排名')!.rows;
    expect(rows[0]).toEqual([
      '排名',
      '申报编号',
      '申报组织或个人',
      '类别',
      '材料评审得分',
      '现场评审得分',
      '陈述答辩得分',
      '综合得分（%）',
      '建议等次',
      '标记',
    ]);
    const first = result.ranking[0]!;
    expect(rows[1]!.slice(0, 3)).toEqual([1, first.applicationId, first.displayName]);
    expect(rows[1]![7]).toBe(first.compositePercent);
    expect(rows[1]![8]).toBe('太原市政府质量奖');
    expect(rows).toHaveLength(result.ranking.length + 1);
  });

  it('scores: one sheet per stage, every sheet with its counted flag', async () => {
    const { body } = await exportOf(supervisor, 'scores');
    const book = await readWorkbook(body);
    expect([...book.keys()]).toEqual(['材料评审', '现场评审', '陈述答辩']);
    const material = book.get('材料评审')!.rows;
    expect(material[0]!.slice(0, 6)).toEqual([
      '申报编号',
      '申报组织或个人',
      '评审专家',
      '专家编号',
      '总分',
      '是否计分',
    ]);
    expect(material.length).toBeGreaterThan(10);
    expect(material.slice(1).every((r) => r[5] === '是' || r[5] === '否')).toBe(true);
  });

  it('objections, winners, statistics and audit read back with their headers and a known row', async () => {
    const objections = (await readWorkbook((await exportOf(staff, 'objections')).body)).get('异议处理')!.rows;
    expect(objections[0]![0]).toBe('异议编号');
    expect(objections.slice(1).some((r) => r[7] === '异议成立')).toBe(true);
    expect(objections.slice(1).every((r) => /\*{4}/.test(String(r[4])))).toBe(true);

    const winners = (await readWorkbook((await exportOf(staff, 'winners')).body)).get('获奖名单')!.rows;
    expect(winners[0]!.slice(0, 3)).toEqual(['奖项', '获奖组织或个人', '类别']);
    expect(winners).toHaveLength(result.awards.length + 1);
    expect(
      winners
        .slice(1)
        .map((r) => r[1])
        .sort(),
    ).toEqual(result.awards.map((a) => a.displayName).sort());

    const stats = (await readWorkbook((await exportOf(staff, 'statistics')).body)).get('申报统计')!.rows;
    expect(stats[0]).toEqual(['统计维度', '项目', '数量', '占比']);
    const total = (await staff.get<Json>(`${roundPath()}/statistics`)).total;
    expect(stats[1]!.slice(0, 3)).toEqual(['合计', '申报总数（不含草稿）', total]);

    const audit = (await readWorkbook((await exportOf(supervisor, 'audit')).body)).get('审计记录')!.rows;
    expect(audit[0]!.slice(0, 5)).toEqual(['时间', '对象类型', '对象编号', '序号', '操作']);
    expect(audit.slice(1).some((r) => r[2] === result.round.roundId && r[4] === 'round.advanced')).toBe(true);
    expect(audit.slice(1).every((r) => /^[0-9a-f]{64}$/.test(String(r[7])))).toBe(true);
  });

  it('the same content is generated once and audited once; each export is its creator’s alone', async () => {
    const a = await staff.post<Json>(`${roundPath()}/exports`, { kind: 'winners' });
    const b = await staff.post<Json>(`${roundPath()}/exports`, { kind: 'winners' });
    expect(a.exportId).not.toBe(b.exportId);
    expect(new URL(a.url).pathname).toBe(new URL(b.url).pathname);
    const generated = await auditOfRound('document.generated');
    expect(generated.filter((e: Json) => e.after.kind === 'export-winners')).toHaveLength(1);

    expect((await staff.get<Json>(`/v1/exports/${a.exportId}`)).status).toBe('ready');
    const other = await api.as({ sub: 'staff-other', roles: ['staff'] });
    expect((await other.refused(() => other.get(`/v1/exports/${a.exportId}`))).status).toBe(404);
    expect(
      (await leader.refused(() => leader.post(`${roundPath()}/exports`, { kind: 'applications' }))).status,
    ).toBe(403);
    const bad = await staff.refused(() => staff.post(`${roundPath()}/exports`, { kind: 'everything' }));
    expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });
});

async function auditOfRound(action: string): Promise<Json[]> {
  const entries: Json[] = [];
  let next: string | undefined;
  do {
    const response = await fetch(
      `${platform.url}/v1/audit?roundId=${result.round.roundId}${next ? `&nextToken=${encodeURIComponent(next)}` : ''}`,
      {
        headers: {
          authorization: `Bearer ${await platform.issuer.sign({ sub: 'sup', roles: ['supervisor'] })}`,
        },
      },
    );
    entries.push(...((await response.json()) as Json[]));
    next = response.headers.get('x-next-token') ?? undefined;
  } while (next);
  return entries.filter((e) => e.action === action);
}

async function ownerOf(applicationId: string): Promise<Session> {
  for (let n = 1; n <= 60; n++) {
    const session = await api.as({ sub: `applicant-${result.round.roundId}-${n}`, roles: ['applicant'] });
    const mine = await session.get<Json>('/v1/my/applications');
    if (mine.items.some((a: Json) => a.applicationId === applicationId)) return session;
  }
  throw new Error(`no owner found for ${applicationId}`);
}

describe('PDFs', () => {
  it('申报表: the application as submitted, for its owner and staff; 404 for anyone else', async () => {
    const award = result.awards.find((a) => a.category === 'organization')!;
    const owner = await ownerOf(award.applicationId);
    const { text } = await pdfOf(owner, `/v1/applications/${award.applicationId}/documents/form`, 'form.pdf');
    expect(text).toContain('太原市政府质量奖（组织）申报表');
    expect(text).toContain(award.displayName);
    expect(text).toContain(award.applicationId);
    expect(text).toMatch(/1\d{2}\*{4}\d{4}/);
    await pdfOf(staff, `/v1/applications/${award.applicationId}/documents/form`, 'form-staff.pdf');
    const stranger = await api.as({ sub: 'stranger', roles: ['applicant'] });
    expect(
      (await stranger.refused(() => stranger.get(`/v1/applications/${award.applicationId}/documents/form`)))
        .status,
    ).toBe(404);
  });

  it('公示: the entries, the exact opening and closing times in Beijing time, and how to object', async () => {
    const { text } = await pdfOf(
      api.public,
      `/v1/public/notices/${result.accepted.windowId}/document`,
      'notice-accepted.pdf',
    );
    expect(text).toContain('受理组织和个人名单的公示');
    expect(text).toContain('至2026年3月19日24时00分止');
    const struck = new Set(result.struck.map((s) => s.displayName));
    const listed = result.accepted.entries.filter((e) => !struck.has(e.displayName));
    for (const entry of listed)
      expect(text).toContain(
        `${entry.displayName.replace(/\s+/g, '')}${entry.category === 'organization' ? '组织' : '个人'}`,
      );
    // An upheld objection strikes the entry, and the notice says so (no move-up).
    expect(struck.size).toBeGreaterThan(0);
    for (const name of struck)
      expect(text).toContain(`经调查核实，${name.replace(/\s+/g, '')}的异议成立，已从名单中撤下`);
    expect(text).toContain('实名');
    const winners = await pdfOf(
      api.public,
      `/v1/public/notices/${result.winners.windowId}/document`,
      'notice-winners.pdf',
    );
    expect(winners.text).toContain('拟获奖组织和个人名单的公示');
    expect(winners.text).toContain(result.awards[0]!.displayName.replace(/\s+/g, ''));
    expect((await api.public.refused(() => api.public.get('/v1/public/notices/nope/document'))).status).toBe(
      404,
    );
  });

  it('表彰决定: document number, date and the winners by tier, public once announced', async () => {
    const { text } = await pdfOf(api.public, `${roundPath()}/documents/commendation`, 'commendation.pdf');
    const round = await staff.get<Json>(roundPath());
    expect(text).toContain('太原市人民政府关于表彰');
    expect(text).toContain('授予5个组织和个人“太原市政府质量奖”');
    for (const award of result.awards) expect(text).toContain(award.displayName.replace(/\s+/g, ''));
    expect(round.stage).toBe('announced');
  });

  it('荣誉证书: the award year (Art. 22) and the certificate number, for staff and the winner', async () => {
    const award = (await api.public.get<Json[]>(`/v1/awards?roundId=${result.round.roundId}`))[0]!;
    const owner = await ownerOf(award.applicationId);
    const { text } = await pdfOf(
      owner,
      `/v1/awards/${award.awardId}/documents/certificate`,
      'certificate.pdf',
    );
    expect(text).toContain('荣誉证书');
    expect(text).toContain(award.displayName.replace(/\s+/g, ''));
    expect(text).toContain(`获奖时间：${award.awardYear}年`);
    // The certificate number the announcement gave the award (API.md "After the award").
    const detail = await staff.get<Json>(`/v1/awards/${award.awardId}`);
    expect(detail.certificateNo).toMatch(/^并质奖〔\d{4}〕第\d{3}号$/);
    expect(text).toContain(`证书编号：${detail.certificateNo}`);
    const stranger = await api.as({ sub: 'stranger', roles: ['applicant'] });
    expect(
      (await stranger.refused(() => stranger.get(`/v1/awards/${award.awardId}/documents/certificate`)))
        .status,
    ).toBe(404);
  });

  it('撤销公告: 404 while the award stands, then public with the ground and Art. 25', async () => {
    const award = (await api.public.get<Json[]>(`/v1/awards?roundId=${result.round.roundId}`)).at(-1)!;
    const path = `/v1/awards/${award.awardId}/documents/revocation`;
    expect((await api.public.refused(() => api.public.get(path))).status).toBe(404);
    await staff.post(`/v1/awards/${award.awardId}/revocation`, {
      reason: 'fraud',
      findings: '经查证，申报材料中的检测报告系伪造。',
    });
    const { text } = await pdfOf(api.public, path, 'revocation.pdf');
    expect(text).toContain('撤销');
    expect(text).toContain(award.displayName.replace(/\s+/g, ''));
    expect(text).toContain('第二十五条');
    expect(text).toContain('经查证，申报材料中的检测报告系伪造。');
  });
});

describe('the round archive', () => {
  let dir: string;
  let index: Json;

  beforeAll(async () => {
    const created = await supervisor.post<Json>(`${roundPath()}/exports`, { kind: 'archive' });
    expect(created).toMatchObject({ kind: 'archive', status: 'pending' });
    // The worker runs outside the request; the export is ready once the local platform's queue is idle.
    let view = await supervisor.get<Json>(`/v1/exports/${created.exportId}`);
    for (let i = 0; i < 600 && view.status === 'pending'; i++) {
      await new Promise((r) => setTimeout(r, 200));
      view = await supervisor.get<Json>(`/v1/exports/${created.exportId}`);
    }
    expect(view.status).toBe('ready');
    expect(view.contentType).toBe('application/zip');
    const { body } = await fetchBytes(view.url);
    writeFileSync(join(ARTIFACTS, 'archive.zip'), body);
    dir = await unzip(body);
    index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8'));
  }, 300_000);

  it('unzips to the files index.json lists, each with its SHA-256', () => {
    const paths = index.files.map((f: Json) => f.path);
    for (const required of [
      'data/round.json',
      'data/rules.json',
      'data/applications.jsonl',
      'data/assignments.jsonl',
      'data/scores.jsonl',
      'data/ranking.json',
      'data/windows.jsonl',
      'data/draws.jsonl',
      'audit/trail.jsonl',
      'documents/表彰决定.pdf',
    ])
      expect(paths).toContain(required);
    expect(paths.filter((p: string) => p.startsWith('exports/') && p.endsWith('.xlsx'))).toHaveLength(7);
    expect(paths.filter((p: string) => p.startsWith('documents/公示-'))).toHaveLength(2);
    for (const file of index.files) {
      const path = join(dir, file.path);
      expect(existsSync(path), file.path).toBe(true);
      expect(sha256Hex(readFileSync(path)), file.path).toBe(file.sha256);
    }
  });

  it('holds what the ranking needs: weights, rubric, the trimmed-mean rule, calendar versions', () => {
    const rules = JSON.parse(readFileSync(join(dir, 'data/rules.json'), 'utf8'));
    expect(rules.weights).toEqual(result.round.weights);
    expect(rules.stageScore.trimmedMeanMinReviewers).toBe(5);
    expect(rules.rubrics.organization.maxPoints).toBe(1000);
    const windows = readFileSync(join(dir, 'data/windows.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(
      windows.every((w: Json) => typeof w.calendarVersion === 'string' && w.calendarVersion.length > 0),
    ).toBe(true);
  });

  it('its audit JSON lines verify against their hash chains', () => {
    const lines = readFileSync(join(dir, 'audit/trail.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThan(100);
    const previous = new Map<string, string>();
    for (const { hash, prevHash, ...body } of lines) {
      expect(prevHash).toBe(previous.get(body.entityId) ?? GENESIS_HASH);
      expect(auditHash(prevHash, body)).toBe(hash);
      previous.set(body.entityId, hash);
    }
    expect(previous.has(result.round.roundId)).toBe(true);
  });

  it('recomputes to the stored ranking (scripts/recompute-ranking.ts)', () => {
    const rows = recomputeRanking(dir);
    expect(rows.map((r) => r.applicationId)).toEqual(result.ranking.map((r) => r.applicationId));
    expect(compareWithStored(dir, rows)).toEqual([]);
  });

  it('a tampered sheet no longer recomputes to the stored ranking', () => {
    const path = join(dir, 'data/scores.jsonl');
    const lines = readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const last = result.ranking.at(-1)!.applicationId;
    for (const sheet of lines) if (sheet.applicationId === last) sheet.total = 1000 + sheet.total;
    writeFileSync(path, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    expect(compareWithStored(dir, recomputeRanking(dir)).length).toBeGreaterThan(0);
  });
});
