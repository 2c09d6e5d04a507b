/** Routes of API.md "Applications": thin handlers, parse → one use case → present. */

import { DomainError } from '../../domain/errors.ts';
import type { Deps } from '../../ports/deps.ts';
import type { PresignedUpload } from '../../ports/evidence-store.ts';
import type { Actor, EvidenceRecord } from '../../ports/records.ts';
import { routeBuilder } from '../../shared/route.ts';
import type { ApplicationView } from '../../use-cases/applications/context.ts';
import { completeEvidenceUpload } from '../../use-cases/complete-evidence-upload.ts';
import { createApplication, earlierApplication } from '../../use-cases/create-application.ts';
import { downloadEvidence } from '../../use-cases/download-evidence.ts';
import { committedByThisRequest } from '../../use-cases/earlier-request.ts';
import { getApplication } from '../../use-cases/get-application.ts';
import { listMyApplications } from '../../use-cases/list-my-applications.ts';
import { listRoundApplications } from '../../use-cases/list-round-applications.ts';
import { recordQualification } from '../../use-cases/record-qualification.ts';
import { recordRecommendation } from '../../use-cases/record-recommendation.ts';
import { earlierEvidenceUpload, requestEvidenceUpload } from '../../use-cases/request-evidence-upload.ts';
import { submitApplication } from '../../use-cases/submit-application.ts';
import { updateApplication } from '../../use-cases/update-application.ts';
import { withdrawApplication } from '../../use-cases/withdraw-application.ts';
import { routeGroupHandler } from '../lambda.ts';
import { liveDeps, liveEvidence, livePii } from '../live-deps.ts';
import { liveIdempotency, liveStore } from '../live-dynamodb.ts';
import { presentApplication } from './presenters.ts';
import {
  ApplicationPageSchema,
  ApplicationParams,
  ApplicationSchema,
  CreateApplicationBody,
  DownloadSchema,
  EvidenceParams,
  EvidenceUploadBody,
  EvidenceUploadSchema,
  EvidenceVerifiedSchema,
  ListApplicationsQuery,
  QualificationBody,
  RecommendationBody,
  RoundParams,
  SubmitBody,
  WithdrawBody,
} from './schemas/applications.ts';

const defineRoute = routeBuilder<Deps>();
const tags = ['applications'];

/** An application as API.md shows it: personal data in full for its owner only. */
const present = (deps: Deps, view: ApplicationView) =>
  presentApplication(view.application, view.evidence, {
    owner: view.owner,
    pii: deps.pii,
    ...(view.schedule ? { schedule: view.schedule } : {}),
  });

const presentAll = (deps: Deps, views: readonly ApplicationView[]) =>
  Promise.all(views.map((view) => present(deps, view)));

const presentUpload = (evidence: EvidenceRecord, upload: PresignedUpload) => ({
  evidenceId: evidence.evidenceId,
  upload: { url: upload.url, fields: upload.fields },
  expiresAt: upload.expiresAt,
});

/**
 * Idempotency-Key retry of a change to an application (route.ts `recover`): the application as it
 * is now when an earlier run of this request committed, else undefined (the write runs).
 */
const earlierChange = async (deps: Deps, actor: Actor, applicationId: string) =>
  (await committedByThisRequest(deps, applicationId))
    ? present(deps, await getApplication(deps, actor, { applicationId }))
    : undefined;
/** `If-Match: "3"` (or `3`, `W/"3"`) → 3: the version the caller edited; 400 when absent or not a version. */
function expectedVersionOf(header: string | undefined): number {
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header ?? '');
  if (match) return Number(match[1]);
  const message = '修改申报须在 If-Match 请求头中写明所修改的版本号（查看申报时返回的 version）';
  throw new DomainError('VALIDATION_FAILED', message, [
    { path: 'If-Match', code: 'VALIDATION_FAILED', message },
  ]);
}

const RULE_CODES = [
  'INVALID_CREDIT_CODE',
  'NOT_REGISTERED_IN_TAIYUAN',
  'OPERATING_LESS_THAN_3_YEARS',
  'QUALITY_WORK_LESS_THAN_3_YEARS',
  'INVALID_ID_NUMBER',
  'TOO_MANY_CO_APPLICANTS',
  'DECLARATION_MISSING',
  'BARRED',
] as const;

export const applicationsRoutes = [
  defineRoute(
    {
      method: 'POST',
      path: '/v1/rounds/{roundId}/applications',
      roles: ['applicant'],
      params: RoundParams,
      body: CreateApplicationBody,
      idempotent: true,
      successStatus: 201,
      summary: '创建申报（草稿） Create an application (draft)',
      description:
        '申报期内（阶段 call-open 且早于 callClosesAt）创建草稿，否则 409 STAGE_CLOSED。格式错误返回 400；' +
        '基本条件（信用代码、身份证校验位、太原注册、满3年、禁止申报、承诺声明）不符合的，草稿照常保存，' +
        '全部不符合项记入 vetting.findings，并在提交时返回 422。身份证号码和电话加密保存。',
      tags,
      responses: { 201: { description: '申报草稿 (the draft)', schema: ApplicationSchema } },
      errors: ['STAGE_CLOSED', 'RULEBOOK_NOT_IN_FORCE'],
    },
    async ({ params, body, actor, deps }) =>
      present(deps, await createApplication(deps, actor, { roundId: params.roundId, body })),
    async ({ actor, deps }) => {
      const view = await earlierApplication(deps, actor);
      return view && present(deps, view);
    },
  ),
  defineRoute(
    {
      method: 'GET',
      path: '/v1/applications/{id}',
      // Visibility is per object: anyone else signed in gets 404, never 403 (ids cannot be probed).
      roles: 'signed-in',
      params: ApplicationParams,
      summary: '查看申报 Get an application',
      description:
        '申报人本人、评选办、领导小组、监督人员、本辖区推荐单位、已分配的评审专家可见；其他人 404。' +
        '提交前的草稿（含提交前撤回的）仅申报人本人可见（个人信息保护法第二十九条），对其他人一律 404。' +
        '身份证号码和电话仅对申报人本人显示全文。',
      tags,
      responses: { 200: { description: '申报 (the application)', schema: ApplicationSchema } },
    },
    async ({ params, actor, deps }) =>
      present(deps, await getApplication(deps, actor, { applicationId: params.id })),
  ),
  defineRoute(
    {
      method: 'PUT',
      path: '/v1/applications/{id}',
      roles: ['applicant'],
      params: ApplicationParams,
      body: CreateApplicationBody,
      idempotent: true,
      summary: '修改申报草稿 Edit a draft',
      description:
        '申报人本人在申报期内修改草稿：请求体与创建时相同（整体替换），重新审核全部基本条件，证实材料保留。' +
        'If-Match 请求头须为所修改的版本号（GET 返回的 version），已被修改时返回 409 VERSION_CONFLICT；' +
        '已提交或申报期已截止返回 409 STAGE_CLOSED；自评项须为本届评分细则的评分项且不超过该项满分（400）。',
      tags,
      responses: {
        200: { description: '修改后的草稿 (the draft, vetted again)', schema: ApplicationSchema },
      },
      errors: ['STAGE_CLOSED', 'VERSION_CONFLICT', 'RULEBOOK_NOT_IN_FORCE'],
    },
    async ({ params, body, headers, actor, deps }) =>
      present(
        deps,
        await updateApplication(deps, actor, {
          applicationId: params.id,
          expectedVersion: expectedVersionOf(headers['if-match']),
          body,
        }),
      ),
    // A second run would find the version it wrote and refuse the If-Match (VERSION_CONFLICT).
    async ({ params, actor, deps }) => earlierChange(deps, actor, params.id),
  ),
  defineRoute(
    {
      method: 'GET',
      path: '/v1/rounds/{roundId}/applications',
      roles: ['staff', 'leader', 'supervisor', 'recommender'],
      params: RoundParams,
      query: ListApplicationsQuery,
      summary: '本届申报列表 List a round’s applications',
      description:
        '推荐单位只能看到本辖区的申报。草稿（含提交前撤回的）不列入，仅出现在申报人本人的“我的申报”中。',
      tags,
      responses: { 200: { description: '一页申报 (one page)', schema: ApplicationPageSchema } },
    },
    async ({ params, query, actor, deps }) => {
      const page = await listRoundApplications(deps, actor, { roundId: params.roundId, ...query });
      return {
        items: await presentAll(deps, page.items),
        ...(page.nextToken ? { nextToken: page.nextToken } : {}),
      };
    },
  ),
  defineRoute(
    {
      method: 'GET',
      path: '/v1/my/applications',
      roles: ['applicant'],
      summary: '我的申报 My applications',
      tags,
      responses: {
        200: { description: '本人的全部申报，新建的在前 (newest first)', schema: ApplicationPageSchema },
      },
    },
    async ({ actor, deps }) => ({
      items: await presentAll(deps, (await listMyApplications(deps, actor)).items),
    }),
  ),
  defineRoute(
    {
      method: 'POST',
      path: '/v1/applications/{id}/evidence',
      roles: ['applicant'],
      params: ApplicationParams,
      body: EvidenceUploadBody,
      idempotent: true,
      successStatus: 201,
      summary: '申请上传证实材料 Request an evidence upload',
      description:
        '仅草稿且申报期内，否则 409 STAGE_CLOSED。返回预签名 POST：策略限定对象键、文件类型和大小（恰为声明的字节数）。' +
        '超过大小上限 413 PAYLOAD_TOO_LARGE；不支持的类型 400。上传后调用 complete 由服务器核对大小、类型和 SHA-256。',
      tags,
      responses: { 201: { description: '上传地址 (where to upload)', schema: EvidenceUploadSchema } },
      errors: ['STAGE_CLOSED', 'PAYLOAD_TOO_LARGE'],
    },
    async ({ params, body, actor, deps }) => {
      const { evidence, upload } = await requestEvidenceUpload(deps, actor, {
        applicationId: params.id,
        ...body,
      });
      return presentUpload(evidence, upload);
    },
    async ({ params, deps }) => {
      const earlier = await earlierEvidenceUpload(deps, params.id);
      return earlier && presentUpload(earlier.evidence, earlier.upload);
    },
  ),
  defineRoute(
    {
      method: 'POST',
      path: '/v1/applications/{id}/evidence/{evidenceId}/complete',
      roles: ['applicant'],
      params: EvidenceParams,
      idempotent: true,
      summary: '确认证实材料已上传 Complete an evidence upload',
      description:
        '服务器读取已上传的文件，核对大小、类型和 SHA-256：一致则 verified（重复调用仍返回 verified）；' +
        '不一致则删除文件并返回 422 EVIDENCE_MISMATCH（说明哪一项不符）；尚未上传返回 422 EVIDENCE_NOT_VERIFIED。',
      tags,
      responses: { 200: { description: '已核验 (verified)', schema: EvidenceVerifiedSchema } },
      errors: ['EVIDENCE_MISMATCH', 'EVIDENCE_NOT_VERIFIED', 'STAGE_CLOSED'],
    },
    async ({ params, actor, deps }) =>
      completeEvidenceUpload(deps, actor, { applicationId: params.id, evidenceId: params.evidenceId }),
  ),
  defineRoute(
    {
      method: 'GET',
      path: '/v1/applications/{id}/evidence/{evidenceId}/download',
      roles: 'signed-in',
      params: EvidenceParams,
      summary: '下载证实材料 Download evidence',
      description:
        '申报人本人、评选办、已分配的评审专家可下载（第二十八条：保密），其他人 404；每次下载记入审计（evidence.downloaded）。',
      tags,
      responses: { 200: { description: '短时有效的下载地址 (a short-lived URL)', schema: DownloadSchema } },
      errors: ['EVIDENCE_NOT_VERIFIED'],
    },
    async ({ params, actor, deps }) =>
      downloadEvidence(deps, actor, { applicationId: params.id, evidenceId: params.evidenceId }),
  ),
  defineRoute(
    {
      method: 'POST',
      path: '/v1/applications/{id}/submit',
      roles: ['applicant'],
      params: ApplicationParams,
      body: SubmitBody,
      idempotent: true,
      summary: '提交申报 Submit an application',
      description:
        '须在 callOpensAt ≤ 当前时间 < callClosesAt 之间，否则 409 STAGE_CLOSED。提交时重新审核全部基本条件' +
        '（含新增的禁止申报记录），并要求至少1份已核验的证实材料；不符合的返回 422，errors 列出全部不符合项，' +
        'code 为第一项的代码，草稿保持不变。提交即记录所同意的个人信息处理告知同意书版本。',
      tags,
      responses: { 200: { description: '已提交的申报 (submitted)', schema: ApplicationSchema } },
      errors: ['STAGE_CLOSED', 'ILLEGAL_TRANSITION', 'EVIDENCE_NOT_VERIFIED', ...RULE_CODES],
    },
    async ({ params, body, actor, deps }) =>
      present(
        deps,
        await submitApplication(deps, actor, {
          applicationId: params.id,
          ...(body?.consent ? { consent: body.consent } : {}),
        }),
      ),
    async ({ params, actor, deps }) => earlierChange(deps, actor, params.id),
  ),
  defineRoute(
    {
      method: 'POST',
      path: '/v1/applications/{id}/withdraw',
      roles: ['applicant'],
      params: ApplicationParams,
      body: WithdrawBody,
      idempotent: true,
      summary: '撤回申报 Withdraw an application',
      description: '资格审查结束前可撤回（自愿原则）。',
      tags,
      responses: { 200: { description: '已撤回的申报 (withdrawn)', schema: ApplicationSchema } },
      errors: ['STAGE_CLOSED', 'ILLEGAL_TRANSITION'],
    },
    async ({ params, body, actor, deps }) =>
      present(
        deps,
        await withdrawApplication(deps, actor, {
          applicationId: params.id,
          ...(body?.reason ? { reason: body.reason } : {}),
        }),
      ),
    async ({ params, actor, deps }) => earlierChange(deps, actor, params.id),
  ),
  defineRoute(
    {
      method: 'POST',
      path: '/v1/applications/{id}/recommendation',
      roles: ['recommender'],
      params: ApplicationParams,
      body: RecommendationBody,
      idempotent: true,
      summary: '推荐意见 Record the recommendation',
      description: '本辖区推荐单位对已提交的申报出具推荐意见，只能一次（第十八条第（三）项）；其他辖区 404。',
      tags,
      responses: { 200: { description: '申报 (the application)', schema: ApplicationSchema } },
      errors: ['STAGE_CLOSED', 'ILLEGAL_TRANSITION'],
    },
    async ({ params, body, actor, deps }) =>
      present(deps, await recordRecommendation(deps, actor, { applicationId: params.id, ...body })),
    async ({ params, actor, deps }) => earlierChange(deps, actor, params.id),
  ),
  defineRoute(
    {
      method: 'POST',
      path: '/v1/applications/{id}/qualification',
      roles: ['staff'],
      params: ApplicationParams,
      body: QualificationBody,
      idempotent: true,
      summary: '资格审查 Record the qualification review',
      description:
        '仅在 qualification 阶段（否则 409 STAGE_CLOSED），仅对已推荐的申报（否则 409 ILLEGAL_TRANSITION）；不通过须填写理由。',
      tags,
      responses: { 200: { description: '申报 (the application)', schema: ApplicationSchema } },
      errors: ['STAGE_CLOSED', 'ILLEGAL_TRANSITION'],
    },
    async ({ params, body, actor, deps }) =>
      present(
        deps,
        await recordQualification(deps, actor, {
          applicationId: params.id,
          decision: body.decision,
          ...(body.reason ? { reason: body.reason } : {}),
        }),
      ),
    async ({ params, actor, deps }) => earlierChange(deps, actor, params.id),
  ),
];

/** The adapters this function builds on AWS: its uses in infra/aws/function-catalog.ts. */
export const live = liveDeps(liveStore, liveEvidence, livePii, liveIdempotency);

/** The Lambda function of this route group (one per file on AWS). */
export const handler = routeGroupHandler(applicationsRoutes, live);
