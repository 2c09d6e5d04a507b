/** Routes of API.md "Rounds": thin handlers, parse → one use case → present. */

import type { Deps } from '../../ports/deps.ts';
import { routeBuilder } from '../../shared/route.ts';
import { advanceRound } from '../../use-cases/advance-round.ts';
import { createRound, earlierRound } from '../../use-cases/create-round.ts';
import { earlierDecision, earlierRoundChange } from '../../use-cases/earlier-request.ts';
import { extendCall } from '../../use-cases/extend-call.ts';
import { getRanking } from '../../use-cases/get-ranking.ts';
import { getRound } from '../../use-cases/get-round.ts';
import { listRounds } from '../../use-cases/list-rounds.ts';
import { putReviewSettings } from '../../use-cases/put-review-settings.ts';
import { recordApproval } from '../../use-cases/record-approval.ts';
import { recordDecision } from '../../use-cases/record-decision.ts';
import type { RoundView } from '../../use-cases/rounds/support.ts';
import { setRoundRewards } from '../../use-cases/set-round-rewards.ts';
import { routeGroupHandler } from '../lambda.ts';
import { liveCalendarSeed, liveDeps, livePii, liveWorkflow } from '../live-deps.ts';
import { liveIdempotency, liveStore } from '../live-dynamodb.ts';
import { presentRound } from './presenters.ts';
import { RewardsBody, RoundRewardsParams } from './schemas/after-award.ts';
import {
  AdvanceBody,
  ApprovalBody,
  CallExtensionBody,
  CreateRoundBody,
  DecisionBody,
  RankingRowSchema,
  ReviewSettingsBody,
  RoundDecisionSchema,
  RoundParams,
  RoundSchema,
} from './schemas/rounds.ts';

const defineRoute = routeBuilder<Deps>();
const tags = ['rounds'];

/** The Round of API.md, with the on-site list and the approval document once they exist. */
export function presentRoundView({ round, windows }: RoundView) {
  return {
    ...presentRound(round, windows),
    ...(round.selectedForOnsite ? { selectedForOnsite: round.selectedForOnsite } : {}),
    ...(round.approval ? { approval: round.approval } : {}),
    ...(round.rewards ? { rewards: round.rewards } : {}),
    ...(round.imported ? { imported: true } : {}),
  };
}

export const roundsRoutes = [
  defineRoute(
    {
      method: 'POST',
      path: '/v1/rounds',
      roles: ['staff'],
      body: CreateRoundBody,
      idempotent: true,
      successStatus: 201,
      summary: '创建评选届次 Create a round',
      tags,
      responses: { 201: { description: '新建的届次 (the round, stage call-open)', schema: RoundSchema } },
      errors: ['QUOTA_EXCEEDED', 'RULEBOOK_NOT_IN_FORCE'],
    },
    async ({ body, actor, deps }) => presentRoundView(await createRound(deps, actor, body)),
    async ({ deps }) => {
      const round = await earlierRound(deps);
      return round && presentRoundView(round);
    },
  ),
  defineRoute(
    {
      method: 'GET',
      path: '/v1/rounds',
      roles: 'signed-in',
      summary: '评选届次列表 List rounds',
      tags,
      responses: { 200: { description: '按届次排序 (sorted by ordinal)', schema: RoundSchema.array() } },
    },
    async ({ actor, deps }) => (await listRounds(deps, actor)).map(presentRoundView),
  ),
  defineRoute(
    {
      method: 'GET',
      path: '/v1/rounds/{roundId}',
      roles: 'signed-in',
      params: RoundParams,
      summary: '查看评选届次 Get a round',
      tags,
      responses: { 200: { description: '届次 (the round)', schema: RoundSchema } },
    },
    async ({ params, actor, deps }) => presentRoundView(await getRound(deps, actor, params)),
  ),
  defineRoute(
    {
      method: 'POST',
      path: '/v1/rounds/{roundId}/call-extension',
      roles: ['staff'],
      params: RoundParams,
      body: CallExtensionBody,
      idempotent: true,
      summary: '延长申报期 Extend the call',
      description: '仅在申报阶段；新的截止时间只能延后，且须在评选办法有效期内。',
      tags,
      responses: { 200: { description: '届次 (the round)', schema: RoundSchema } },
      errors: ['STAGE_CLOSED', 'RULEBOOK_NOT_IN_FORCE'],
    },
    async ({ params, body, actor, deps }) =>
      presentRoundView(await extendCall(deps, actor, { roundId: params.roundId, ...body })),
    async ({ params, deps }) => {
      const view = await earlierRoundChange(deps, params.roundId);
      return view && presentRoundView(view);
    },
  ),
  defineRoute(
    {
      method: 'POST',
      path: '/v1/rounds/{roundId}/advance',
      roles: ['staff'],
      params: RoundParams,
      body: AdvanceBody,
      idempotent: true,
      summary: '推进评选阶段 Advance the round',
      description:
        '工作人员推进：资格审查→受理名单公示、材料评审→现场评审（须指定 selected）、现场评审→陈述答辩、陈述答辩→综合评价。' +
        '本阶段工作未完成时返回 409 STAGE_PRECONDITION_FAILED，errors 列出全部原因；' +
        '转入受理名单公示时，若公示期将跨入尚未载入节假日安排的年份，返回 422 CALENDAR_NOT_AVAILABLE，届次阶段不变。',
      tags,
      responses: { 200: { description: '届次 (the round)', schema: RoundSchema } },
      errors: ['STAGE_PRECONDITION_FAILED', 'ILLEGAL_TRANSITION', 'CALENDAR_NOT_AVAILABLE'],
    },
    async ({ params, body, actor, deps }) =>
      presentRoundView(await advanceRound(deps, actor, { roundId: params.roundId, ...body })),
    async ({ params, deps }) => {
      const view = await earlierRoundChange(deps, params.roundId);
      return view && presentRoundView(view);
    },
  ),
  defineRoute(
    {
      method: 'POST',
      path: '/v1/rounds/{roundId}/decision',
      roles: ['leader'],
      params: RoundParams,
      body: DecisionBody,
      idempotent: true,
      summary: '记录领导小组审定意见 Record the Leading Group decision',
      description:
        '第八条：质量奖最多 5 个、提名奖最多 10 个（组织和个人合计），超出返回 422 QUOTA_EXCEEDED。',
      tags,
      responses: {
        200: {
          description: '届次与审定意见 (the round and the decision)',
          schema: RoundDecisionSchema,
        },
      },
      errors: ['STAGE_CLOSED', 'STAGE_PRECONDITION_FAILED', 'QUOTA_EXCEEDED', 'CALENDAR_NOT_AVAILABLE'],
    },
    async ({ params, body, actor, deps }) => {
      const { decision, ...view } = await recordDecision(deps, actor, { roundId: params.roundId, ...body });
      const { version: _version, roundId: _roundId, ...shown } = decision;
      return { round: presentRoundView(view), decision: shown };
    },
    async ({ params, deps }) => {
      const earlier = await earlierDecision(deps, params.roundId);
      if (!earlier) return undefined;
      const { decision, ...view } = earlier;
      const { version: _version, roundId: _roundId, ...shown } = decision;
      return { round: presentRoundView(view), decision: shown };
    },
  ),
  defineRoute(
    {
      method: 'POST',
      path: '/v1/rounds/{roundId}/approval',
      roles: ['staff'],
      params: RoundParams,
      body: ApprovalBody,
      idempotent: true,
      summary: '登记市政府批准文件 Record the city government approval',
      tags,
      responses: { 200: { description: '届次（已公告） (the round, announced)', schema: RoundSchema } },
      errors: ['STAGE_CLOSED'],
    },
    async ({ params, body, actor, deps }) =>
      presentRoundView(await recordApproval(deps, actor, { roundId: params.roundId, ...body })),
    async ({ params, deps }) => {
      const view = await earlierRoundChange(deps, params.roundId);
      return view && presentRoundView(view);
    },
  ),
  defineRoute(
    {
      method: 'GET',
      path: '/v1/rounds/{roundId}/ranking',
      roles: ['staff', 'leader', 'supervisor'],
      params: RoundParams,
      summary: '综合评价排名 The ranking',
      tags,
      responses: { 200: { description: '按名次排序 (in rank order)', schema: RankingRowSchema.array() } },
      errors: ['STAGE_PRECONDITION_FAILED'],
    },
    async ({ params, actor, deps }) => getRanking(deps, actor, params),
  ),
  defineRoute(
    {
      method: 'PUT',
      path: '/v1/rounds/{roundId}/review-settings',
      roles: ['staff'],
      params: RoundParams,
      body: ReviewSettingsBody,
      idempotent: true,
      summary: '评审设置：工作量上限与工作期限 Set load limits and deadlines',
      description:
        '整体替换。工作量上限：每位评审专家每阶段最多评审的申报数，手动分配和随机抽取都不超过它；' +
        '工作期限只用于提醒（提前 reminderWorkingDays 个工作日，缺省 2），不阻止推进。',
      tags,
      responses: { 200: { description: '届次（含 reviewSettings） (the round)', schema: RoundSchema } },
      errors: ['NOT_FOUND', 'VERSION_CONFLICT'],
    },
    async ({ params, body, actor, deps }) =>
      presentRoundView(
        await putReviewSettings(deps, actor, {
          roundId: params.roundId,
          ...(body.loadLimits === undefined ? {} : { loadLimits: stripUndefined(body.loadLimits) }),
          ...(body.deadlines === undefined ? {} : { deadlines: stripUndefined(body.deadlines) }),
          ...(body.reminderWorkingDays === undefined
            ? {}
            : { reminderWorkingDays: body.reminderWorkingDays }),
        }),
      ),
    async ({ params, deps }) => {
      const view = await earlierRoundChange(deps, params.roundId);
      return view && presentRoundView(view);
    },
  ),
  defineRoute(
    {
      method: 'PUT',
      path: '/v1/rounds/{roundId}/rewards',
      roles: ['staff'],
      params: RoundRewardsParams,
      body: RewardsBody,
      idempotent: true,
      summary: '设定各等次奖励金 Set the bonus per tier (Art. 19)',
      description: '在市政府批准之前设定；公告后 409 STAGE_CLOSED。',
      tags,
      responses: {
        200: { description: '届次（含 rewards） (the round with its rewards)', schema: RoundSchema },
      },
      errors: ['NOT_FOUND', 'STAGE_CLOSED', 'VERSION_CONFLICT'],
    },
    async ({ params, body, actor, deps }) =>
      presentRoundView(await setRoundRewards(deps, actor, { roundId: params.roundId, rewards: body })),
    async ({ params, deps }) => {
      const view = await earlierRoundChange(deps, params.roundId);
      return view && presentRoundView(view);
    },
  ),
];

/** zod's optional members as `exactOptionalPropertyTypes` wants them: absent, not undefined. */
const stripUndefined = <T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };

/** The adapters this function builds on AWS: its uses in infra/aws/function-catalog.ts. */
export const live = liveDeps(liveStore, livePii, liveWorkflow, liveCalendarSeed, liveIdempotency);

/** The Lambda function of this route group (one per file on AWS). */
export const handler = routeGroupHandler(roundsRoutes, live);
