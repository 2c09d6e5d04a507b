/**
 * The Excel exports of a round, one builder per kind: what each column shows, in Chinese. Personal
 * data appears only as stored masked (`138****5678`, `110*************2X`); nothing is decrypted.
 */

import type { Column, SheetSpec } from '../../documents/excel.ts';
import {
  beijingWallClock,
  CATEGORY_LABELS,
  INDUSTRY_LABELS,
  jurisdictionName,
  OBJECTION_STATUS_LABELS,
  REVOCATION_REASON_LABELS,
  TIER_LABELS,
} from '../../documents/format.ts';
import { REVIEW_STAGES, type ReviewStage } from '../../domain/model.ts';
import { REVIEW_STAGE_LABELS } from '../../domain/scoring.ts';
import { APPLICATION_STATUS_LABELS } from '../../domain/stages.ts';
import type { ExportKind } from '../../ports/documents.ts';
import type {
  ApplicationRecord,
  AuditEntry,
  AwardRecord,
  ObjectionRecord,
  ScoreRecord,
  StoredRankingRow,
} from '../../ports/records.ts';
import { countedSheets, type RoundData } from './round-data.ts';
import { statisticsOf } from './statistics.ts';

const when = (instant: string | undefined) => (instant ? beijingWallClock(instant) : null);

const applicationColumns: Column<ApplicationRecord>[] = [
  { header: '申报编号', width: 22, value: (a) => a.applicationId },
  { header: '类别', width: 8, value: (a) => CATEGORY_LABELS[a.category] },
  { header: '申报组织或个人', width: 36, value: (a) => a.displayName },
  { header: '推荐单位（地区）', width: 18, value: (a) => jurisdictionName(a.jurisdiction) },
  {
    header: '行业',
    width: 10,
    value: (a) => (a.organization ? INDUSTRY_LABELS[a.organization.industry] : ''),
  },
  { header: '中小企业', width: 10, value: (a) => (a.organization ? a.organization.sme : null) },
  { header: '统一社会信用代码', width: 22, value: (a) => a.organization?.creditCode ?? '' },
  { header: '联系人', width: 12, value: (a) => a.organization?.contact.name ?? '' },
  { header: '联系电话', width: 15, value: (a) => a.organization?.contact.phoneMasked ?? '' },
  {
    header: '申报人及身份证号',
    width: 40,
    value: (a) => (a.members ?? []).map((m) => `${m.name} ${m.idMasked}`).join('；'),
  },
  { header: '状态', width: 14, value: (a) => APPLICATION_STATUS_LABELS[a.status] },
  { header: '创建时间', width: 18, kind: 'datetime', value: (a) => when(a.createdAt) },
  { header: '提交时间', width: 18, kind: 'datetime', value: (a) => when(a.submittedAt) },
];

export function applicationsSheet(data: RoundData): SheetSpec<ApplicationRecord> {
  return { name: '申报名单', columns: applicationColumns, rows: data.applications };
}

interface SheetRow {
  sheet: ScoreRecord;
  displayName: string;
  reviewerName: string;
  counted: boolean;
}

/** One worksheet per stage: every sheet, counted or not (a withdrawn reviewer's sheet no longer counts). */
export function scoreSheets(data: RoundData): SheetSpec<SheetRow>[] {
  const names = new Map(data.applications.map((a) => [a.applicationId, a.displayName]));
  const counted = countedSheets(data.assignments);
  const columns: Column<SheetRow>[] = [
    { header: '申报编号', width: 22, value: (r) => r.sheet.applicationId },
    { header: '申报组织或个人', width: 36, value: (r) => r.displayName },
    { header: '评审专家', width: 12, value: (r) => r.reviewerName },
    { header: '专家编号', width: 16, value: (r) => r.sheet.reviewerId },
    { header: '总分', width: 10, kind: 'decimal', value: (r) => r.sheet.total },
    { header: '是否计分', width: 10, value: (r) => r.counted },
    { header: '评分细则版本', width: 14, value: (r) => r.sheet.rubricVersion },
    {
      header: '分项得分',
      width: 60,
      value: (r) =>
        Object.entries(r.sheet.items)
          .map(([item, points]) => `${item}:${points}`)
          .join(' '),
    },
    { header: '评语', width: 30, value: (r) => r.sheet.comment ?? '' },
    { header: '评分时间', width: 18, kind: 'datetime', value: (r) => when(r.sheet.updatedAt) },
  ];
  return REVIEW_STAGES.map((stage: ReviewStage) => ({
    name: REVIEW_STAGE_LABELS[stage],
    columns,
    rows: data.scores
      .filter((s) => s.stage === stage)
      .map((sheet) => ({
        sheet,
        displayName: names.get(sheet.applicationId) ?? sheet.applicationId,
        reviewerName: data.reviewerNames.get(sheet.reviewerId) ?? sheet.reviewerId,
        counted: counted(sheet),
      })),
  }));
}

export function rankingSheet(data: RoundData): SheetSpec<StoredRankingRow> {
  const stage = (s: ReviewStage): Column<StoredRankingRow> => ({
    header: `${REVIEW_STAGE_LABELS[s]}得分`,
    width: 14,
    kind: 'decimal',
    value: (r) => r.stageScores[s] ?? null,
  });
  return {
    name: '综合评价排名',
    columns: [
      { header: '排名', width: 8, kind: 'integer', value: (r) => r.rank },
      { header: '申报编号', width: 22, value: (r) => r.applicationId },
      { header: '申报组织或个人', width: 36, value: (r) => r.displayName },
      { header: '类别', width: 8, value: (r) => CATEGORY_LABELS[r.category] },
      ...REVIEW_STAGES.map(stage),
      { header: '综合得分（%）', width: 14, kind: 'decimal', value: (r) => r.compositePercent },
      { header: '建议等次', width: 24, value: (r) => (r.proposedTier ? TIER_LABELS[r.proposedTier] : '') },
      {
        header: '标记',
        width: 20,
        value: (r) => r.flags.map((f) => (f === 'divergent-scores' ? '评分分歧较大' : f)).join('、'),
      },
    ],
    rows: data.ranking?.rows ?? [],
  };
}

export function objectionsSheet(data: RoundData): SheetSpec<ObjectionRecord> {
  const names = new Map(data.applications.map((a) => [a.applicationId, a.displayName]));
  return {
    name: '异议处理',
    columns: [
      { header: '异议编号', width: 22, value: (o) => o.objectionId },
      { header: '公示编号', width: 22, value: (o) => o.windowId },
      { header: '被异议申报', width: 36, value: (o) => names.get(o.applicationId) ?? o.applicationId },
      { header: '异议人', width: 12, value: (o) => o.objector.name },
      { header: '联系电话', width: 15, value: (o) => o.objector.phoneMasked },
      {
        header: '身份证号或信用代码',
        width: 22,
        value: (o) => o.objector.idMasked ?? o.objector.creditCode ?? '',
      },
      { header: '异议内容', width: 40, value: (o) => o.content },
      { header: '处理结果', width: 12, value: (o) => OBJECTION_STATUS_LABELS[o.status] ?? o.status },
      { header: '调查结论', width: 40, value: (o) => o.findings ?? '' },
      { header: '提出时间', width: 18, kind: 'datetime', value: (o) => when(o.createdAt) },
      { header: '处理时间', width: 18, kind: 'datetime', value: (o) => when(o.resolvedAt) },
    ],
    rows: data.objections,
  };
}

export function winnersSheet(data: RoundData): SheetSpec<AwardRecord> {
  return {
    name: '获奖名单',
    columns: [
      { header: '奖项', width: 24, value: (a) => TIER_LABELS[a.tier] },
      { header: '获奖组织或个人', width: 36, value: (a) => a.displayName },
      { header: '类别', width: 8, value: (a) => CATEGORY_LABELS[a.category] },
      { header: '届次', width: 8, kind: 'integer', value: (a) => a.ordinal },
      { header: '批准文号', width: 22, value: (a) => a.documentNo },
      { header: '获奖日期', width: 14, kind: 'date', value: (a) => new Date(`${a.awardedOn}T00:00:00Z`) },
      { header: '证书编号', width: 20, value: (a) => certificateNoOf(a) },
      { header: '状态', width: 10, value: (a) => (a.status === 'revoked' ? '已撤销' : '有效') },
      {
        header: '撤销原因',
        width: 36,
        value: (a) => (a.revocation ? REVOCATION_REASON_LABELS[a.revocation.reason] : ''),
      },
      { header: '申报编号', width: 22, value: (a) => a.applicationId },
      { header: '奖项编号', width: 22, value: (a) => a.awardId },
    ],
    rows: data.awards,
  };
}

/** The number printed on the certificate: the award record's own once issued, else its id. */
/** The number the announcement gave the award; an award without one (none yet) shows its id. */
export const certificateNoOf = (award: AwardRecord): string => award.certificateNo ?? award.awardId;

interface StatisticRow {
  dimension: string;
  label: string;
  count: number;
  share: number | null;
}

export function statisticsSheet(data: RoundData): SheetSpec<StatisticRow> {
  const stats = statisticsOf(data.applications);
  const share = (n: number, of: number) => (of === 0 ? 0 : n / of);
  const organizations = stats.byCategory.organization;
  const rows: StatisticRow[] = [
    { dimension: '合计', label: '申报总数（不含草稿）', count: stats.total, share: null },
    ...Object.entries(stats.byCategory).map(([k, n]) => ({
      dimension: '类别',
      label: CATEGORY_LABELS[k as 'organization'],
      count: n,
      share: share(n, stats.total),
    })),
    ...Object.entries(stats.byStatus).map(([k, n]) => ({
      dimension: '状态',
      label: APPLICATION_STATUS_LABELS[k as 'submitted'],
      count: n ?? 0,
      share: share(n ?? 0, stats.total),
    })),
    ...Object.entries(stats.byJurisdiction).map(([k, n]) => ({
      dimension: '推荐单位（地区）',
      label: jurisdictionName(k),
      count: n,
      share: share(n, stats.total),
    })),
    ...Object.entries(stats.byIndustry).map(([k, n]) => ({
      dimension: '行业（组织）',
      label: INDUSTRY_LABELS[k as 'services'] ?? k,
      count: n,
      share: share(n, organizations),
    })),
    {
      dimension: '中小企业（第十条）',
      label: '中小企业申报数',
      count: stats.sme.count,
      share: stats.sme.share,
    },
  ];
  return {
    name: '申报统计',
    columns: [
      { header: '统计维度', width: 20, value: (r) => r.dimension },
      { header: '项目', width: 28, value: (r) => r.label },
      { header: '数量', width: 10, kind: 'integer', value: (r) => r.count },
      { header: '占比', width: 10, kind: 'percent', value: (r) => r.share },
    ],
    rows,
  };
}

export function auditSheet(entries: readonly AuditEntry[]): SheetSpec<AuditEntry> {
  return {
    name: '审计记录',
    columns: [
      { header: '时间', width: 18, kind: 'datetime', value: (e) => beijingWallClock(e.at) },
      { header: '对象类型', width: 12, value: (e) => e.entityType },
      { header: '对象编号', width: 24, value: (e) => e.entityId },
      { header: '序号', width: 8, kind: 'integer', value: (e) => e.seq },
      { header: '操作', width: 26, value: (e) => e.action },
      { header: '操作人', width: 16, value: (e) => e.actor },
      { header: '角色', width: 12, value: (e) => e.role },
      { header: '哈希', width: 66, value: (e) => e.hash },
      { header: '前一条哈希', width: 66, value: (e) => e.prevHash },
    ],
    rows: entries,
  };
}

/** Chinese file names of the exports. */
export const EXPORT_TITLES: Record<Exclude<ExportKind, 'archive'>, string> = {
  applications: '申报名单',
  scores: '评分表',
  ranking: '综合评价排名',
  objections: '异议处理情况',
  winners: '获奖名单',
  statistics: '申报统计',
  audit: '审计记录',
};
