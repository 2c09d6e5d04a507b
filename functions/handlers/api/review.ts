/**
 * Review routes (API.md "Review"): the reviewer pool, panels per stage, conflicts of interest and
 * score sheets. Thin: parse (zod) → one use case → present.
 */

import type { Deps } from '../../ports/deps.ts';
import type {
  AssignmentRecord,
  ConflictRecord,
  ReviewerRecord,
  ScheduleSlotRecord,
  ScoreRecord,
} from '../../ports/records.ts';
import { routeBuilder } from '../../shared/route.ts';
import { assignReviewers } from '../../use-cases/assign-reviewers.ts';
import { declareConflict } from '../../use-cases/declare-conflict.ts';
import { dismissConflict } from '../../use-cases/dismiss-conflict.ts';
import { type DrawReviewersResult, drawReviewers, earlierDraw } from '../../use-cases/draw-reviewers.ts';
import {
  earlierConflictDeclaration,
  earlierDismissal,
  earlierReviewer,
  earlierScore,
} from '../../use-cases/earlier-request.ts';
import { listApplicationScores } from '../../use-cases/list-application-scores.ts';
import { listMyAssignments } from '../../use-cases/list-my-assignments.ts';
import { listReviewers } from '../../use-cases/list-reviewers.ts';
import { listRoundAssignments } from '../../use-cases/list-round-assignments.ts';
import { listRoundSchedule } from '../../use-cases/list-round-schedule.ts';
import { putReviewer } from '../../use-cases/put-reviewer.ts';
import { earlierScheduleSlot, putScheduleSlot } from '../../use-cases/put-schedule-slot.ts';
import { recordScores } from '../../use-cases/record-scores.ts';
import {
  earlierWithdrawal,
  type WithdrawnAssignment,
  withdrawAssignment,
} from '../../use-cases/withdraw-assignment.ts';
import { routeGroupHandler } from '../lambda.ts';
import { liveDeps, livePii } from '../live-deps.ts';
import { liveIdempotency, liveStore } from '../live-dynamodb.ts';
import {
  ApplicationParams,
  AssignmentSchema,
  AssignReviewersBody,
  ConflictSchema,
  DeclareConflictBody,
  DeclaredConflictSchema,
  DismissConflictBody,
  DrawBody,
  DrawSchema,
  MyAssignmentSchema,
  PutReviewerBody,
  RecordScoresBody,
  ReviewerParams,
  ReviewerSchema,
  RoundAssignmentPageSchema,
  RoundAssignmentsQuery,
  RoundParams,
  SchedulePageSchema,
  ScheduleParams,
  ScheduleSlotBody,
  ScheduleSlotSchema,
  ScoreParams,
  ScoreSchema,
  ScoreSheetPageSchema,
  WithdrawalBody,
  WithdrawalSchema,
} from './schemas/review.ts';

const defineApiRoute = routeBuilder<Deps>();
const tags = ['评审 Review'];

export const presentReviewer = (r: ReviewerRecord) => ({
  reviewerId: r.reviewerId,
  name: r.name,
  ...(r.organizationCode ? { organizationCode: r.organizationCode } : {}),
  formerEmployers: r.formerEmployers,
  fields: r.fields,
  ...(r.phoneMasked ? { phone: r.phoneMasked } : {}),
  ...(r.email ? { email: r.email } : {}),
  ...(r.disqualified ? { disqualified: r.disqualified } : {}),
  updatedAt: r.updatedAt,
  version: r.version,
});

export const presentAssignment = (a: AssignmentRecord) => ({
  roundId: a.roundId,
  applicationId: a.applicationId,
  stage: a.stage,
  reviewerId: a.reviewerId,
  status: a.status,
  assignedAt: a.assignedAt,
  assignedBy: a.assignedBy,
  ...(a.withdrawnAt ? { withdrawnAt: a.withdrawnAt } : {}),
  ...(a.withdrawReason ? { withdrawReason: a.withdrawReason } : {}),
  ...(a.withdrawnBy ? { withdrawnBy: a.withdrawnBy } : {}),
  ...(a.replacedBy ? { replacedBy: a.replacedBy } : {}),
  ...(a.drawId ? { drawId: a.drawId } : {}),
});

export const presentScheduleSlot = (s: ScheduleSlotRecord) => ({
  applicationId: s.applicationId,
  displayName: s.displayName,
  stage: s.stage,
  startsAt: s.startsAt,
  endsAt: s.endsAt,
  venue: s.venue,
  ...(s.leaderId ? { leaderId: s.leaderId } : {}),
});

const presentDraw = (result: DrawReviewersResult) => ({
  seed: result.seed,
  ...(result.drawId ? { drawId: result.drawId } : {}),
  assignments: result.assignments,
  loads: result.loads,
});

const presentWithdrawal = (result: WithdrawnAssignment) => ({
  withdrawn: presentAssignment(result.withdrawn),
  ...(result.replacement ? { replacement: presentAssignment(result.replacement) } : {}),
});

export const presentConflict = (c: ConflictRecord) => ({
  roundId: c.roundId,
  applicationId: c.applicationId,
  reviewerId: c.reviewerId,
  kind: c.kind,
  reason: c.reason,
  at: c.at,
  by: c.by,
});

export const presentScore = (s: ScoreRecord) => ({
  roundId: s.roundId,
  applicationId: s.applicationId,
  stage: s.stage,
  reviewerId: s.reviewerId,
  items: s.items,
  total: s.total,
  ...(s.comment ? { comment: s.comment } : {}),
  rubricVersion: s.rubricVersion,
  updatedAt: s.updatedAt,
  version: s.version,
});

export const listReviewersRoute = defineApiRoute(
  {
    method: 'GET',
    path: '/v1/reviewers',
    roles: ['staff'],
    summary: '评审专家库 List reviewers',
    tags,
    responses: { 200: { description: '评审专家', schema: ReviewerSchema.array() } },
  },
  async ({ actor, deps }) => (await listReviewers(deps, actor)).map(presentReviewer),
);

export const putReviewerRoute = defineApiRoute(
  {
    method: 'PUT',
    path: '/v1/reviewers/{reviewerId}',
    roles: ['staff'],
    params: ReviewerParams,
    body: PutReviewerBody,
    idempotent: true,
    summary: '登记或修改评审专家 Create or replace a reviewer',
    tags,
    errors: ['INVALID_CREDIT_CODE', 'VERSION_CONFLICT'],
    responses: { 200: { description: '评审专家', schema: ReviewerSchema } },
  },
  async ({ params, body, actor, deps }) =>
    presentReviewer(await putReviewer(deps, actor, { reviewerId: params.reviewerId, ...body })),
  async ({ params, deps }) => {
    const reviewer = await earlierReviewer(deps, params.reviewerId);
    return reviewer && presentReviewer(reviewer);
  },
);

export const assignReviewersRoute = defineApiRoute(
  {
    method: 'POST',
    path: '/v1/rounds/{roundId}/assignments',
    roles: ['staff'],
    params: RoundParams,
    body: AssignReviewersBody,
    idempotent: true,
    successStatus: 201,
    summary: '分配评审专家 Assign reviewers to an application',
    description:
      '须回避的评审专家（第二十八条）或已被取消评审资格的（第二十九条）不能分配：409 CONFLICT_OF_INTEREST。',
    tags,
    errors: [
      'NOT_FOUND',
      'CONFLICT_OF_INTEREST',
      'STAGE_PRECONDITION_FAILED',
      'STAGE_CLOSED',
      'VERSION_CONFLICT',
      'LOAD_LIMIT_EXCEEDED',
    ],
    responses: { 201: { description: '评审分配', schema: AssignmentSchema.array() } },
  },
  async ({ params, body, actor, deps }) =>
    (await assignReviewers(deps, actor, { roundId: params.roundId, ...body })).map(presentAssignment),
);

export const declareConflictRoute = defineApiRoute(
  {
    method: 'POST',
    path: '/v1/applications/{id}/conflicts',
    roles: ['reviewer'],
    params: ApplicationParams,
    body: DeclareConflictBody,
    idempotent: true,
    summary: '申报回避 Declare a conflict of interest',
    description: '撤回本人对该申报的全部评审分配及已给出的评分；本人申报的回避不能撤销。',
    tags,
    errors: ['NOT_FOUND', 'VERSION_CONFLICT'],
    responses: { 200: { description: '回避记录与撤回的分配', schema: DeclaredConflictSchema } },
  },
  async ({ params, body, actor, deps }) => {
    const result = await declareConflict(deps, actor, { applicationId: params.id, reason: body.reason });
    return { conflict: presentConflict(result.conflict), withdrawn: result.withdrawn.map(presentAssignment) };
  },
  async ({ params, actor, deps }) => {
    const earlier = await earlierConflictDeclaration(deps, actor, params.id);
    return (
      earlier && {
        conflict: presentConflict(earlier.conflict),
        withdrawn: earlier.withdrawn.map(presentAssignment),
      }
    );
  },
);

export const dismissConflictRoute = defineApiRoute(
  {
    method: 'POST',
    path: '/v1/applications/{id}/conflicts/dismissals',
    roles: ['staff'],
    params: ApplicationParams,
    body: DismissConflictBody,
    idempotent: true,
    summary: '撤销自动识别的回避（误判） Dismiss an automatic conflict',
    description: '只能撤销按任职单位自动识别的回避；本人申报的回避和取消评审资格不能撤销（409）。',
    tags,
    errors: ['NOT_FOUND', 'ILLEGAL_TRANSITION', 'STAGE_PRECONDITION_FAILED', 'VERSION_CONFLICT'],
    responses: { 200: { description: '撤销记录', schema: ConflictSchema } },
  },
  async ({ params, body, actor, deps }) =>
    presentConflict(await dismissConflict(deps, actor, { applicationId: params.id, ...body })),
  async ({ params, body, deps }) => {
    const dismissal = await earlierDismissal(deps, params.id, body.reviewerId);
    return dismissal && presentConflict(dismissal);
  },
);

export const recordScoresRoute = defineApiRoute(
  {
    method: 'PUT',
    path: '/v1/applications/{id}/scores/{stage}',
    roles: ['reviewer'],
    params: ScoreParams,
    body: RecordScoresBody,
    idempotent: true,
    summary: '评分 Record a score sheet',
    tags,
    errors: ['NOT_ASSIGNED', 'STAGE_CLOSED', 'SCORE_OUT_OF_RANGE', 'VERSION_CONFLICT'],
    responses: { 200: { description: '评分表', schema: ScoreSchema } },
  },
  async ({ params, body, actor, deps }) =>
    presentScore(
      await recordScores(deps, actor, {
        applicationId: params.id,
        stage: params.stage,
        items: body.items,
        ...(body.comment === undefined ? {} : { comment: body.comment }),
        ...(body.version === undefined ? {} : { version: body.version }),
      }),
    ),
  async ({ params, actor, deps }) => {
    const score = await earlierScore(deps, actor, params.id, params.stage);
    return score && presentScore(score);
  },
);

export const listMyAssignmentsRoute = defineApiRoute(
  {
    method: 'GET',
    path: '/v1/my/assignments',
    roles: ['reviewer'],
    summary: '我的评审任务 List my assignments',
    tags,
    responses: { 200: { description: '评审任务', schema: MyAssignmentSchema.array() } },
  },
  async ({ actor, deps }) => listMyAssignments(deps, actor),
);

const panelTags = ['评审组与日程 Review panels and schedules'];

export const drawReviewersRoute = defineApiRoute(
  {
    method: 'POST',
    path: '/v1/rounds/{roundId}/assignments/draw',
    roles: ['staff'],
    params: RoundParams,
    body: DrawBody,
    idempotent: true,
    successStatus: 201,
    summary: '随机抽取评审专家 Draw reviewers for a stage’s panels',
    description:
      '从评审专家库随机抽取，补足每个评审组至 panelSize 人：不抽须回避的（第二十八条）、已取消资格的（第二十九条）' +
      '或已从该评审组撤出的专家；不超过工作量上限；尽量均衡。种子相同、专家库和已有分配相同，则结果相同；' +
      '种子与专家库快照记入审计（assignment.drawn）。任一评审组抽不满：422 INSUFFICIENT_REVIEWERS，不写入任何分配。',
    tags: panelTags,
    errors: [
      'NOT_FOUND',
      'INSUFFICIENT_REVIEWERS',
      'STAGE_PRECONDITION_FAILED',
      'STAGE_CLOSED',
      'VERSION_CONFLICT',
    ],
    responses: { 201: { description: '抽取结果 (the draw)', schema: DrawSchema } },
  },
  async ({ params, body, actor, deps }) => {
    const result = await drawReviewers(deps, actor, {
      roundId: params.roundId,
      stage: body.stage,
      panelSize: body.panelSize,
      ...(body.applicationIds === undefined ? {} : { applicationIds: body.applicationIds }),
      ...(body.seed === undefined ? {} : { seed: body.seed }),
    });
    return presentDraw(result);
  },
  async ({ params, body, actor, deps }) => {
    const earlier = await earlierDraw(deps, actor, { roundId: params.roundId, stage: body.stage });
    return earlier && presentDraw(earlier);
  },
);

export const listRoundAssignmentsRoute = defineApiRoute(
  {
    method: 'GET',
    path: '/v1/rounds/{roundId}/assignments',
    roles: ['staff', 'supervisor'],
    params: RoundParams,
    query: RoundAssignmentsQuery,
    summary: '评审分配一览 List a round’s assignments',
    tags: panelTags,
    errors: ['NOT_FOUND'],
    responses: { 200: { description: '评审分配（含已撤出的）', schema: RoundAssignmentPageSchema } },
  },
  async ({ params, query, actor, deps }) => {
    const items = await listRoundAssignments(deps, actor, {
      roundId: params.roundId,
      ...(query.stage === undefined ? {} : { stage: query.stage }),
      ...(query.reviewerId === undefined ? {} : { reviewerId: query.reviewerId }),
    });
    return {
      items: items.map((a) => ({
        applicationId: a.applicationId,
        stage: a.stage,
        reviewerId: a.reviewerId,
        reviewerName: a.reviewerName,
        status: a.status,
        assignedAt: a.assignedAt,
        assignedBy: a.assignedBy,
        scored: a.scored,
        ...(a.withdrawnAt ? { withdrawnAt: a.withdrawnAt } : {}),
        ...(a.withdrawReason ? { withdrawReason: a.withdrawReason } : {}),
        ...(a.withdrawnBy ? { withdrawnBy: a.withdrawnBy } : {}),
        ...(a.replacedBy ? { replacedBy: a.replacedBy } : {}),
        ...(a.drawId ? { drawId: a.drawId } : {}),
      })),
    };
  },
);

export const withdrawAssignmentRoute = defineApiRoute(
  {
    method: 'POST',
    path: '/v1/rounds/{roundId}/assignments/withdrawal',
    roles: ['staff'],
    params: RoundParams,
    body: WithdrawalBody,
    idempotent: true,
    summary: '撤出（替换）评审专家 Withdraw (and replace) a reviewer',
    description:
      '被撤出的专家即无权查看该申报（404），其评分表不再计入（counted:false）；可同时指定替换专家，按回避和工作量上限检查。',
    tags: panelTags,
    errors: [
      'NOT_FOUND',
      'CONFLICT_OF_INTEREST',
      'LOAD_LIMIT_EXCEEDED',
      'STAGE_PRECONDITION_FAILED',
      'STAGE_CLOSED',
      'VERSION_CONFLICT',
    ],
    responses: { 200: { description: '撤出与替换的分配', schema: WithdrawalSchema } },
  },
  async ({ params, body, actor, deps }) => {
    const result = await withdrawAssignment(deps, actor, {
      roundId: params.roundId,
      stage: body.stage,
      applicationId: body.applicationId,
      reviewerId: body.reviewerId,
      reason: body.reason,
      ...(body.replacementId === undefined ? {} : { replacementId: body.replacementId }),
    });
    return presentWithdrawal(result);
  },
  async ({ body, deps }) => {
    const earlier = await earlierWithdrawal(deps, body);
    return earlier && presentWithdrawal(earlier);
  },
);

export const listApplicationScoresRoute = defineApiRoute(
  {
    method: 'GET',
    path: '/v1/applications/{id}/scores',
    roles: ['staff', 'supervisor'],
    params: ApplicationParams,
    summary: '评分表 Every score sheet of an application',
    description: '包括已撤出专家的评分表（counted:false）；综合评价只计入 counted 为 true 的评分表。',
    tags: panelTags,
    errors: ['NOT_FOUND'],
    responses: { 200: { description: '评分表', schema: ScoreSheetPageSchema } },
  },
  async ({ params, actor, deps }) => ({
    items: await listApplicationScores(deps, actor, { applicationId: params.id }),
  }),
);

export const putScheduleSlotRoute = defineApiRoute(
  {
    method: 'PUT',
    path: '/v1/rounds/{roundId}/schedule/{applicationId}',
    roles: ['staff'],
    params: ScheduleParams,
    body: ScheduleSlotBody,
    idempotent: true,
    summary: '安排现场评审或陈述答辩 Schedule a slot',
    description: '同一评审专家（含评审组长）的日程不能重叠：409 SCHEDULE_OVERLAP，指明专家和冲突的安排。',
    tags: panelTags,
    errors: ['NOT_FOUND', 'SCHEDULE_OVERLAP', 'VERSION_CONFLICT'],
    responses: { 200: { description: '日程', schema: ScheduleSlotSchema } },
  },
  async ({ params, body, actor, deps }) =>
    presentScheduleSlot(
      await putScheduleSlot(deps, actor, {
        roundId: params.roundId,
        applicationId: params.applicationId,
        stage: body.stage,
        startsAt: body.startsAt,
        endsAt: body.endsAt,
        venue: body.venue,
        ...(body.leaderId === undefined ? {} : { leaderId: body.leaderId }),
      }),
    ),
  async ({ params, body, deps }) => {
    const slot = await earlierScheduleSlot(deps, { applicationId: params.applicationId, stage: body.stage });
    return slot && presentScheduleSlot(slot);
  },
);

export const listRoundScheduleRoute = defineApiRoute(
  {
    method: 'GET',
    path: '/v1/rounds/{roundId}/schedule',
    roles: ['staff', 'supervisor', 'reviewer'],
    params: RoundParams,
    summary: '评审日程 The round’s schedule',
    description: '评审专家只看到本人所在评审组（或担任组长）的日程。',
    tags: panelTags,
    errors: ['NOT_FOUND'],
    responses: { 200: { description: '日程', schema: SchedulePageSchema } },
  },
  async ({ params, actor, deps }) => ({
    items: (await listRoundSchedule(deps, actor, { roundId: params.roundId })).map(presentScheduleSlot),
  }),
);

export const reviewRoutes = [
  listReviewersRoute,
  putReviewerRoute,
  assignReviewersRoute,
  declareConflictRoute,
  dismissConflictRoute,
  recordScoresRoute,
  listMyAssignmentsRoute,
  drawReviewersRoute,
  listRoundAssignmentsRoute,
  withdrawAssignmentRoute,
  listApplicationScoresRoute,
  putScheduleSlotRoute,
  listRoundScheduleRoute,
];

/** The adapters this function builds on AWS: its uses in infra/aws/function-catalog.ts. */
export const live = liveDeps(liveStore, liveIdempotency, livePii);

/** The Lambda function of this route group (one per file on AWS). */
export const handler = routeGroupHandler(reviewRoutes, live);
