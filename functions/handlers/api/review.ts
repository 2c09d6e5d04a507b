/**
 * Review routes (API.md "Review"): the reviewer pool, panels per stage, conflicts of interest and
 * score sheets. Thin: parse (zod) → one use case → present.
 */

import type { Deps } from '../../ports/deps.ts';
import type { AssignmentRecord, ConflictRecord, ReviewerRecord, ScoreRecord } from '../../ports/records.ts';
import { routeBuilder } from '../../shared/route.ts';
import { assignReviewers } from '../../use-cases/assign-reviewers.ts';
import { declareConflict } from '../../use-cases/declare-conflict.ts';
import { dismissConflict } from '../../use-cases/dismiss-conflict.ts';
import { listMyAssignments } from '../../use-cases/list-my-assignments.ts';
import { listReviewers } from '../../use-cases/list-reviewers.ts';
import { putReviewer } from '../../use-cases/put-reviewer.ts';
import { recordScores } from '../../use-cases/record-scores.ts';
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
  MyAssignmentSchema,
  PutReviewerBody,
  RecordScoresBody,
  ReviewerParams,
  ReviewerSchema,
  RoundParams,
  ScoreParams,
  ScoreSchema,
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
    summary: '登记或修改评审专家 Create or replace a reviewer',
    tags,
    errors: ['INVALID_CREDIT_CODE', 'VERSION_CONFLICT'],
    responses: { 200: { description: '评审专家', schema: ReviewerSchema } },
  },
  async ({ params, body, actor, deps }) =>
    presentReviewer(await putReviewer(deps, actor, { reviewerId: params.reviewerId, ...body })),
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
);

export const dismissConflictRoute = defineApiRoute(
  {
    method: 'POST',
    path: '/v1/applications/{id}/conflicts/dismissals',
    roles: ['staff'],
    params: ApplicationParams,
    body: DismissConflictBody,
    summary: '撤销自动识别的回避（误判） Dismiss an automatic conflict',
    description: '只能撤销按任职单位自动识别的回避；本人申报的回避和取消评审资格不能撤销（409）。',
    tags,
    errors: ['NOT_FOUND', 'ILLEGAL_TRANSITION', 'STAGE_PRECONDITION_FAILED', 'VERSION_CONFLICT'],
    responses: { 200: { description: '撤销记录', schema: ConflictSchema } },
  },
  async ({ params, body, actor, deps }) =>
    presentConflict(await dismissConflict(deps, actor, { applicationId: params.id, ...body })),
);

export const recordScoresRoute = defineApiRoute(
  {
    method: 'PUT',
    path: '/v1/applications/{id}/scores/{stage}',
    roles: ['reviewer'],
    params: ScoreParams,
    body: RecordScoresBody,
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

export const reviewRoutes = [
  listReviewersRoute,
  putReviewerRoute,
  assignReviewersRoute,
  declareConflictRoute,
  dismissConflictRoute,
  recordScoresRoute,
  listMyAssignmentsRoute,
];

/** The adapters this function builds on AWS: its uses in infra/aws/function-catalog.ts. */
export const live = liveDeps(liveStore, liveIdempotency, livePii);

/** The Lambda function of this route group (one per file on AWS). */
export const handler = routeGroupHandler(reviewRoutes, live);
