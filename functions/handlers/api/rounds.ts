/** Routes of API.md "Rounds": thin handlers, parse → one use case → present. */

import type { Deps } from '../../ports/deps.ts';
import { routeBuilder } from '../../shared/route.ts';
import { advanceRound } from '../../use-cases/advance-round.ts';
import { createRound, earlierRound } from '../../use-cases/create-round.ts';
import { extendCall } from '../../use-cases/extend-call.ts';
import { getRanking } from '../../use-cases/get-ranking.ts';
import { getRound } from '../../use-cases/get-round.ts';
import { listRounds } from '../../use-cases/list-rounds.ts';
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
      summary: '延长申报期 Extend the call',
      description: '仅在申报阶段；新的截止时间只能延后，且须在评选办法有效期内。',
      tags,
      responses: { 200: { description: '届次 (the round)', schema: RoundSchema } },
      errors: ['STAGE_CLOSED', 'RULEBOOK_NOT_IN_FORCE'],
    },
    async ({ params, body, actor, deps }) =>
      presentRoundView(await extendCall(deps, actor, { roundId: params.roundId, ...body })),
  ),
  defineRoute(
    {
      method: 'POST',
      path: '/v1/rounds/{roundId}/advance',
      roles: ['staff'],
      params: RoundParams,
      body: AdvanceBody,
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
  ),
  defineRoute(
    {
      method: 'POST',
      path: '/v1/rounds/{roundId}/decision',
      roles: ['leader'],
      params: RoundParams,
      body: DecisionBody,
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
  ),
  defineRoute(
    {
      method: 'POST',
      path: '/v1/rounds/{roundId}/approval',
      roles: ['staff'],
      params: RoundParams,
      body: ApprovalBody,
      summary: '登记市政府批准文件 Record the city government approval',
      tags,
      responses: { 200: { description: '届次（已公告） (the round, announced)', schema: RoundSchema } },
      errors: ['STAGE_CLOSED'],
    },
    async ({ params, body, actor, deps }) =>
      presentRoundView(await recordApproval(deps, actor, { roundId: params.roundId, ...body })),
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
      path: '/v1/rounds/{roundId}/rewards',
      roles: ['staff'],
      params: RoundRewardsParams,
      body: RewardsBody,
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
  ),
];

/** The adapters this function builds on AWS: its uses in infra/aws/function-catalog.ts. */
export const live = liveDeps(liveStore, livePii, liveWorkflow, liveCalendarSeed, liveIdempotency);

/** The Lambda function of this route group (one per file on AWS). */
export const handler = routeGroupHandler(roundsRoutes, live);
