/**
 * Document, export and statistics routes (API.md v2 "Documents, exports and statistics"): one
 * function of their own, so only it carries exceljs, pdfkit, yazl and the fonts. Thin: parse (zod)
 * → one use case → the download `{url, expiresAt, contentType, fileName}`.
 */
import type { Deps } from '../../ports/deps.ts';
import { routeBuilder } from '../../shared/route.ts';
import { createExport, earlierExport, getExport } from '../../use-cases/documents/exports.ts';
import {
  applicationForm,
  certificateDocument,
  commendationDocument,
  noticeDocument,
  revocationDocument,
} from '../../use-cases/documents/get-documents.ts';
import { getRoundStatistics } from '../../use-cases/documents/statistics.ts';
import { routeGroupHandler } from '../lambda.ts';
import { liveDeps, liveDocuments } from '../live-deps.ts';
import { liveIdempotency, liveStore } from '../live-dynamodb.ts';
import {
  ApplicationParams,
  AwardParams,
  CreateExportBody,
  DownloadSchema,
  ExportParams,
  ExportSchema,
  RoundParams,
  StatisticsSchema,
  WindowParams,
} from './schemas/documents.ts';

const defineApiRoute = routeBuilder<Deps>();
const tags = ['文件、导出与统计 Documents, exports and statistics'];
const download = { 200: { description: '短时有效的下载地址', schema: DownloadSchema } };

export const createExportRoute = defineApiRoute(
  {
    method: 'POST',
    path: '/v1/rounds/{roundId}/exports',
    roles: ['staff', 'supervisor', 'leader'],
    params: RoundParams,
    body: CreateExportBody,
    idempotent: true,
    successStatus: 201,
    summary: '导出 Export a round (Excel) or its archive (ZIP)',
    description:
      '领导小组仅可导出排名。Excel 导出即时生成（status ready）；本届评选档案在后台生成（status pending，完成后 GET /v1/exports/{exportId} 为 ready）。相同内容只生成一次。',
    tags,
    errors: ['NOT_FOUND', 'FORBIDDEN'],
    responses: { 201: { description: '导出任务', schema: ExportSchema } },
  },
  async ({ params, body, actor, deps }) =>
    createExport(deps, actor, { roundId: params.roundId, kind: body.kind }),
  async ({ actor, deps }) => earlierExport(deps, actor),
);

export const getExportRoute = defineApiRoute(
  {
    method: 'GET',
    path: '/v1/exports/{exportId}',
    roles: 'signed-in',
    params: ExportParams,
    summary: '导出任务 An export (its creator only)',
    description: '就绪后返回新的短时下载地址；档案根目录的 index.json 为文件清单。',
    tags,
    errors: ['NOT_FOUND'],
    responses: { 200: { description: '导出任务', schema: ExportSchema } },
  },
  async ({ params, actor, deps }) => getExport(deps, actor, params.exportId),
);

export const applicationFormRoute = defineApiRoute(
  {
    method: 'GET',
    path: '/v1/applications/{id}/documents/form',
    roles: ['applicant', 'staff', 'supervisor', 'recommender'],
    params: ApplicationParams,
    summary: '申报表 The application form as submitted (PDF)',
    description: '供打印盖章存档；草稿没有申报表（404）。',
    tags,
    errors: ['NOT_FOUND'],
    responses: download,
  },
  async ({ params, actor, deps }) => applicationForm(deps, actor, params.id),
);

export const noticeDocumentRoute = defineApiRoute(
  {
    method: 'GET',
    path: '/v1/public/notices/{windowId}/document',
    roles: 'public',
    params: WindowParams,
    summary: '公示文件 A publicity notice (PDF)',
    description: '名单、公示起止的北京时间和提出异议的方式。',
    tags,
    errors: ['NOT_FOUND'],
    responses: download,
  },
  async ({ params, actor, deps }) => noticeDocument(deps, actor, params.windowId),
);

export const commendationRoute = defineApiRoute(
  {
    method: 'GET',
    path: '/v1/rounds/{roundId}/documents/commendation',
    roles: 'public',
    params: RoundParams,
    summary: '表彰决定 The commendation decision (PDF)',
    description: '通报表彰后公开（第十八条第九项）：文号、日期、按奖项列出的获奖组织和个人。',
    tags,
    errors: ['NOT_FOUND'],
    responses: download,
  },
  async ({ params, actor, deps }) => commendationDocument(deps, actor, params.roundId),
);

export const certificateRoute = defineApiRoute(
  {
    method: 'GET',
    path: '/v1/awards/{awardId}/documents/certificate',
    roles: ['staff', 'applicant'],
    params: AwardParams,
    summary: '荣誉证书 The certificate (PDF)',
    description: '注明获奖时间（第二十二条）和证书编号；评选办和获奖申报人可下载。',
    tags,
    errors: ['NOT_FOUND'],
    responses: download,
  },
  async ({ params, actor, deps }) => certificateDocument(deps, actor, params.awardId),
);

export const revocationRoute = defineApiRoute(
  {
    method: 'GET',
    path: '/v1/awards/{awardId}/documents/revocation',
    roles: 'public',
    params: AwardParams,
    summary: '撤销公告 The revocation notice (PDF)',
    description: '奖项撤销后公开（第二十五条、第二十七条）。',
    tags,
    errors: ['NOT_FOUND'],
    responses: download,
  },
  async ({ params, actor, deps }) => revocationDocument(deps, actor, params.awardId),
);

export const statisticsRoute = defineApiRoute(
  {
    method: 'GET',
    path: '/v1/rounds/{roundId}/statistics',
    roles: ['staff', 'leader', 'supervisor'],
    params: RoundParams,
    summary: '申报统计 Statistics of a round',
    description: '不含草稿；行业与中小企业占比（第十条）仅统计组织申报，share 为 0..1 的比例。',
    tags,
    errors: ['NOT_FOUND'],
    responses: { 200: { description: '统计', schema: StatisticsSchema } },
  },
  async ({ params, actor, deps }) => getRoundStatistics(deps, actor, params.roundId),
);

export const documentsRoutes = [
  createExportRoute,
  getExportRoute,
  applicationFormRoute,
  noticeDocumentRoute,
  commendationRoute,
  certificateRoute,
  revocationRoute,
  statisticsRoute,
];

/** The adapters this function builds on AWS: its uses in infra/aws/function-catalog.ts. */
export const live = liveDeps(liveStore, liveDocuments, liveIdempotency);

/** The Lambda function of this route group (one per file on AWS). */
export const handler = routeGroupHandler(documentsRoutes, live);
