/**
 * After-award routes (API.md v2 "After the award"): an award's certificate, issuance, recovery and
 * visits, the public revocations, higher awards (Art. 21) and the import of past winners. Thin:
 * parse (zod) → one use case → present.
 */

import { isActionOverdue, REWARD_ITEMS } from '../../domain/after-award.ts';
import { REVOCATION_REASON_LABELS } from '../../domain/sanctions.ts';
import type { Deps } from '../../ports/deps.ts';
import type { HigherAwardRecord, VisitRecord } from '../../ports/records.ts';
import { routeBuilder } from '../../shared/route.ts';
import { type AwardView, todayOf } from '../../use-cases/after-award/context.ts';
import { closeVisitAction, earlierClosure } from '../../use-cases/close-visit-action.ts';
import { earlierAwardChange, getAward } from '../../use-cases/get-award.ts';
import { earlierImport, type ImportedRound, importPastWinners } from '../../use-cases/import-past-winners.ts';
import { listAwardVisits } from '../../use-cases/list-award-visits.ts';
import { listDueVisits, listOverdueVisitActions } from '../../use-cases/list-due-visits.ts';
import { listHigherAwards } from '../../use-cases/list-higher-awards.ts';
import { listPublicRevocations } from '../../use-cases/list-public-revocations.ts';
import { earlierHigherAward, recordHigherAward } from '../../use-cases/record-higher-award.ts';
import { recordIssuance } from '../../use-cases/record-issuance.ts';
import { recordRecovery } from '../../use-cases/record-recovery.ts';
import { earlierVisit, recordVisit } from '../../use-cases/record-visit.ts';
import { routeGroupHandler } from '../lambda.ts';
import { liveDeps, livePii } from '../live-deps.ts';
import { liveIdempotency, liveStore } from '../live-dynamodb.ts';
import { presentAward } from './presenters.ts';
import {
  ActionClosureBody,
  AwardDetailSchema,
  AwardIdParams,
  DueVisitSchema,
  DueVisitsQuery,
  HigherAwardBody,
  HigherAwardSchema,
  ImportedRoundSchema,
  ImportWinnersBody,
  IssuanceBody,
  OverdueActionSchema,
  PublicRevocationSchema,
  RecoveryBody,
  VisitActionParams,
  VisitBody,
  VisitSchema,
} from './schemas/after-award.ts';

const defineApiRoute = routeBuilder<Deps>();
const tags = ['获奖后管理 After the award'];

const TIER_TITLES = { award: '太原市政府质量奖', nomination: '太原市政府质量奖提名奖' } as const;

/** An award with what the office keeps after the announcement; the holder sees the same. */
export function presentAwardDetail(view: AwardView) {
  const a = view.award;
  const issuance = a.issuance ?? {};
  const recovery = a.recovery;
  return {
    ...presentAward(a),
    ...(a.certificateNo ? { certificateNo: a.certificateNo } : {}),
    validThroughOrdinal: view.validThroughOrdinal,
    withinValidity: view.withinValidity,
    ...(a.imported ? { imported: true } : {}),
    issuance: Object.fromEntries(
      REWARD_ITEMS.flatMap((item) => {
        const entry = issuance[item];
        if (!entry) return [];
        const { by: _by, ...shown } = entry;
        return [[item, shown]];
      }),
    ),
    ...(recovery
      ? {
          recovery: Object.fromEntries(
            REWARD_ITEMS.flatMap((item) => {
              const entry = recovery[item];
              if (!entry) return [];
              const { by: _by, ...shown } = entry;
              return [[item, shown]];
            }),
          ),
        }
      : {}),
    ...(view.nextVisitDue ? { nextVisitDue: view.nextVisitDue } : {}),
    ...(a.lastVisitOn ? { lastVisitOn: a.lastVisitOn } : {}),
    ...(a.lastVisitRating ? { lastVisitRating: a.lastVisitRating } : {}),
    // Art. 22: "必须注明获奖时间" — the wording a winner cites.
    citation: `${a.awardedOn.slice(0, 4)}年荣获第${a.ordinal}届${TIER_TITLES[a.tier]}`,
  };
}

export const presentVisit = (visit: VisitRecord, today: string) => ({
  visitId: visit.visitId,
  awardId: visit.awardId,
  roundId: visit.roundId,
  visitedOn: visit.visitedOn,
  visitors: visit.visitors,
  findings: visit.findings,
  rating: visit.rating,
  actions: visit.actions.map((a) => ({
    item: a.item,
    dueOn: a.dueOn,
    ...(a.closedOn ? { closedOn: a.closedOn } : {}),
    ...(a.note ? { note: a.note } : {}),
    overdue: isActionOverdue(a, today),
  })),
  createdAt: visit.createdAt,
});

export const presentHigherAward = (h: HigherAwardRecord) => ({
  higherAwardId: h.higherAwardId,
  subjectType: h.subjectType,
  subject: h.subjectMasked,
  displayName: h.displayName,
  award: h.award,
  tier: h.tier,
  year: h.year,
  documentNo: h.documentNo,
  rewardYuan: h.rewardYuan,
  createdAt: h.createdAt,
});

const presentImport = ({ round, awards }: ImportedRound) => ({
  roundId: round.roundId,
  ordinal: round.ordinal,
  awards: awards.map((a) => ({ awardId: a.awardId, displayName: a.displayName, tier: a.tier })),
});

export const getAwardRoute = defineApiRoute(
  {
    method: 'GET',
    path: '/v1/awards/{awardId}',
    // Anyone signed in may ask; who is not staff, a supervisor or the award's applicant gets 404.
    roles: 'signed-in',
    params: AwardIdParams,
    summary: '奖项详情 An award with its certificate, issuance, recovery and next visit',
    description: '工作人员、纪检监督人员，以及该奖项的申报人可查看；其他人 404。',
    tags,
    responses: { 200: { description: '奖项', schema: AwardDetailSchema } },
  },
  async ({ params, actor, deps }) => presentAwardDetail(await getAward(deps, actor, params)),
);

export const recordIssuanceRoute = defineApiRoute(
  {
    method: 'POST',
    path: '/v1/awards/{awardId}/issuance',
    roles: ['staff'],
    params: AwardIdParams,
    body: IssuanceBody,
    idempotent: true,
    summary: '登记奖杯、证书、奖励金发放 Record an issuance (Art. 19)',
    tags,
    errors: ['NOT_FOUND', 'ILLEGAL_TRANSITION', 'VERSION_CONFLICT'],
    responses: { 200: { description: '奖项', schema: AwardDetailSchema } },
  },
  async ({ params, body, actor, deps }) =>
    presentAwardDetail(await recordIssuance(deps, actor, { awardId: params.awardId, ...body })),
  async ({ params, actor, deps }) => {
    const view = await earlierAwardChange(deps, actor, params.awardId);
    return view && presentAwardDetail(view);
  },
);

export const recordRecoveryRoute = defineApiRoute(
  {
    method: 'POST',
    path: '/v1/awards/{awardId}/recovery',
    roles: ['staff'],
    params: AwardIdParams,
    body: RecoveryBody,
    idempotent: true,
    summary: '登记收回 Record a recovery (Art. 25)',
    description: '仅限已撤销的奖项（否则 409 NOT_REVOKED）；从未发放的物品 422 NOTHING_TO_RECOVER。',
    tags,
    errors: ['NOT_FOUND', 'NOT_REVOKED', 'NOTHING_TO_RECOVER', 'ILLEGAL_TRANSITION', 'VERSION_CONFLICT'],
    responses: { 200: { description: '奖项', schema: AwardDetailSchema } },
  },
  async ({ params, body, actor, deps }) =>
    presentAwardDetail(await recordRecovery(deps, actor, { awardId: params.awardId, ...body })),
  async ({ params, actor, deps }) => {
    const view = await earlierAwardChange(deps, actor, params.awardId);
    return view && presentAwardDetail(view);
  },
);

export const listPublicRevocationsRoute = defineApiRoute(
  {
    method: 'GET',
    path: '/v1/public/revocations',
    roles: 'public',
    summary: '撤销公告 Public revocations (Art. 25, 27)',
    tags,
    responses: { 200: { description: '被撤销的奖项', schema: PublicRevocationSchema.array() } },
  },
  async ({ deps }) =>
    (await listPublicRevocations(deps)).map((r) => ({
      awardId: r.award.awardId,
      displayName: r.award.displayName,
      ordinal: r.award.ordinal,
      tier: r.award.tier,
      reason: r.reason,
      reasonLabel: REVOCATION_REASON_LABELS[r.reason],
      revokedAt: r.revokedAt,
      article: r.article,
      awardYear: Number(r.award.awardedOn.slice(0, 4)),
    })),
);

export const recordVisitRoute = defineApiRoute(
  {
    method: 'POST',
    path: '/v1/awards/{awardId}/visits',
    roles: ['staff'],
    params: AwardIdParams,
    body: VisitBody,
    idempotent: true,
    successStatus: 201,
    summary: '登记巡访 Record a visit (Art. 26)',
    tags,
    errors: ['NOT_FOUND', 'ILLEGAL_TRANSITION', 'VERSION_CONFLICT'],
    responses: { 201: { description: '巡访记录', schema: VisitSchema } },
  },
  async ({ params, body, actor, deps }) =>
    presentVisit(await recordVisit(deps, actor, { awardId: params.awardId, ...body }), todayOf(deps)),
  async ({ deps }) => {
    const visit = await earlierVisit(deps);
    return visit && presentVisit(visit, todayOf(deps));
  },
);

export const listVisitsRoute = defineApiRoute(
  {
    method: 'GET',
    path: '/v1/awards/{awardId}/visits',
    roles: ['staff', 'supervisor'],
    params: AwardIdParams,
    summary: '巡访记录 Visits of an award',
    tags,
    responses: { 200: { description: '巡访记录', schema: VisitSchema.array() } },
  },
  async ({ params, actor, deps }) => {
    const today = todayOf(deps);
    return (await listAwardVisits(deps, actor, params)).map((v) => presentVisit(v, today));
  },
);

export const closeActionRoute = defineApiRoute(
  {
    method: 'POST',
    path: '/v1/visits/{visitId}/actions/{index}/closure',
    roles: ['staff'],
    params: VisitActionParams,
    body: ActionClosureBody,
    idempotent: true,
    summary: '整改事项办结 Close a follow-up action',
    tags,
    errors: ['NOT_FOUND', 'ILLEGAL_TRANSITION', 'VERSION_CONFLICT'],
    responses: { 200: { description: '巡访记录', schema: VisitSchema } },
  },
  async ({ params, body, actor, deps }) =>
    presentVisit(await closeVisitAction(deps, actor, { ...params, ...body }), todayOf(deps)),
  async ({ params, deps }) => {
    const visit = await earlierClosure(deps, params.visitId);
    return visit && presentVisit(visit, todayOf(deps));
  },
);

export const dueVisitsRoute = defineApiRoute(
  {
    method: 'GET',
    path: '/v1/visits/due',
    roles: ['staff'],
    query: DueVisitsQuery,
    summary: '应巡访的奖项 Awards due for a visit',
    description: '有效期内、下次巡访日期（上次巡访或公告后 12 个月）不晚于 before（缺省今天）的奖项。',
    tags,
    responses: { 200: { description: '应巡访的奖项', schema: DueVisitSchema.array() } },
  },
  async ({ query, actor, deps }) =>
    (await listDueVisits(deps, actor, { before: query.before })).map((v) => ({
      awardId: v.award.awardId,
      displayName: v.award.displayName,
      nextVisitDue: v.nextVisitDue,
      ordinal: v.award.ordinal,
      tier: v.award.tier,
      ...(v.award.lastVisitOn ? { lastVisitOn: v.award.lastVisitOn } : {}),
      ...(v.award.lastVisitRating ? { lastVisitRating: v.award.lastVisitRating } : {}),
    })),
);

export const overdueActionsRoute = defineApiRoute(
  {
    method: 'GET',
    path: '/v1/visits/overdue-actions',
    roles: ['staff', 'supervisor'],
    summary: '逾期未办结的整改事项 Overdue follow-up actions',
    description: '按平台时钟已过整改期限仍未办结的巡访整改事项（工作台提示）。',
    tags,
    responses: { 200: { description: '逾期整改事项', schema: OverdueActionSchema.array() } },
  },
  async ({ actor, deps }) =>
    (await listOverdueVisitActions(deps, actor)).map((a) => ({
      awardId: a.award.awardId,
      displayName: a.award.displayName,
      visitId: a.visitId,
      index: a.index,
      item: a.item,
      dueOn: a.dueOn,
    })),
);

export const recordHigherAwardRoute = defineApiRoute(
  {
    method: 'POST',
    path: '/v1/higher-awards',
    roles: ['staff'],
    body: HigherAwardBody,
    idempotent: true,
    successStatus: 201,
    summary: '登记中国质量奖、山西省质量奖获奖 Record a higher award (Art. 21)',
    tags,
    errors: ['INVALID_CREDIT_CODE', 'INVALID_ID_NUMBER'],
    responses: { 201: { description: '获奖记录', schema: HigherAwardSchema } },
  },
  async ({ body, actor, deps }) => presentHigherAward(await recordHigherAward(deps, actor, body)),
  async ({ deps }) => {
    const earlier = await earlierHigherAward(deps);
    return earlier && presentHigherAward(earlier);
  },
);

export const listHigherAwardsRoute = defineApiRoute(
  {
    method: 'GET',
    path: '/v1/higher-awards',
    roles: ['staff', 'supervisor'],
    summary: '中国质量奖、山西省质量奖获奖记录 List higher awards',
    tags,
    responses: { 200: { description: '获奖记录', schema: HigherAwardSchema.array() } },
  },
  async ({ actor, deps }) => (await listHigherAwards(deps, actor)).map(presentHigherAward),
);

export const importWinnersRoute = defineApiRoute(
  {
    method: 'POST',
    path: '/v1/awards/imports',
    roles: ['staff'],
    body: ImportWinnersBody,
    idempotent: true,
    successStatus: 201,
    summary: '导入平台启用前的届次及获奖名单 Import a past round’s winners',
    description: '写入获奖名录，并按第六条为质量奖获奖者登记此后两届的禁报。',
    tags,
    errors: ['INVALID_CREDIT_CODE', 'INVALID_ID_NUMBER'],
    responses: { 201: { description: '导入的届次', schema: ImportedRoundSchema } },
  },
  async ({ body, actor, deps }) => presentImport(await importPastWinners(deps, actor, body)),
  async ({ body, deps }) => {
    const earlier = await earlierImport(deps, body);
    return earlier && presentImport(earlier);
  },
);

export const afterAwardRoutes = [
  getAwardRoute,
  recordIssuanceRoute,
  recordRecoveryRoute,
  listPublicRevocationsRoute,
  recordVisitRoute,
  listVisitsRoute,
  closeActionRoute,
  dueVisitsRoute,
  overdueActionsRoute,
  recordHigherAwardRoute,
  listHigherAwardsRoute,
  importWinnersRoute,
];

/** The adapters this function builds on AWS: its uses in infra/aws/function-catalog.ts. */
export const live = liveDeps(liveStore, livePii, liveIdempotency);

/** The Lambda function of this route group (one per file on AWS). */
export const handler = routeGroupHandler(afterAwardRoutes, live);
