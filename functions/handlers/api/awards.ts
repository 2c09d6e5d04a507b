/**
 * Award, sanction and audit routes (API.md "Awards, sanctions, audit"). Thin: parse (zod) → one
 * use case → present.
 */

import type { Deps } from '../../ports/deps.ts';
import { respond, routeBuilder } from '../../shared/route.ts';
import { earlierSanction, importSanction } from '../../use-cases/import-sanction.ts';
import { type CheckedAuditEntry, listAudit, searchAudit } from '../../use-cases/list-audit.ts';
import { listAwards } from '../../use-cases/list-awards.ts';
import { listSanctions } from '../../use-cases/list-sanctions.ts';
import { earlierRevocation, revokeAward } from '../../use-cases/revoke-award.ts';
import { routeGroupHandler } from '../lambda.ts';
import { liveDeps, livePii } from '../live-deps.ts';
import { liveIdempotency, liveStore } from '../live-dynamodb.ts';
import { presentAward, presentSanction } from './presenters.ts';

export { presentAward };

import {
  AuditEntrySchema,
  AuditQuery,
  AwardParams,
  AwardSchema,
  AwardsQuery,
  ImportSanctionBody,
  RevocationBody,
  RevokedAwardSchema,
  SanctionSchema,
  SanctionsQuery,
} from './schemas/awards.ts';

const defineApiRoute = routeBuilder<Deps>();
const tags = ['奖项与处分 Awards and sanctions'];

/** Header carrying the token of the next page of `GET /v1/sanctions` (the body stays an array). */
export const NEXT_TOKEN_HEADER = 'x-next-token';

export const presentAuditEntry = (e: CheckedAuditEntry) => ({
  at: e.at,
  actor: e.actor,
  role: e.role,
  action: e.action,
  entityId: e.entityId,
  entityType: e.entityType,
  ...(e.roundId === undefined ? {} : { roundId: e.roundId }),
  ...(e.before === undefined ? {} : { before: e.before }),
  ...(e.after === undefined ? {} : { after: e.after }),
  // Part of the hashed body: an exported chain verifies only with it.
  ...(e.requestId === undefined ? {} : { requestId: e.requestId }),
  seq: e.seq,
  hash: e.hash,
  prevHash: e.prevHash,
  chainIntact: e.chainIntact,
});

export const listAwardsRoute = defineApiRoute(
  {
    method: 'GET',
    path: '/v1/awards',
    roles: 'public',
    query: AwardsQuery,
    summary: '获奖名录 List awards',
    description: '含获奖年度（第二十二条）；被撤销的奖项仍列出，状态为 revoked（第二十五条、第二十七条）。',
    tags,
    responses: { 200: { description: '奖项', schema: AwardSchema.array() } },
  },
  async ({ query, deps }) =>
    (await listAwards(deps, query.roundId === undefined ? {} : { roundId: query.roundId })).map(presentAward),
);

export const revokeAwardRoute = defineApiRoute(
  {
    method: 'POST',
    path: '/v1/awards/{awardId}/revocation',
    roles: ['staff'],
    params: AwardParams,
    body: RevocationBody,
    idempotent: true,
    summary: '撤销奖项 Revoke an award',
    description:
      '同时记录 3 届禁报（第二十五条、第二十七条）并列出须收回的已发放物品；第二十七条的情形仅适用于获奖组织，且须发生在奖项有效期内（弄虚作假不受此限）。',
    tags,
    errors: ['NOT_FOUND', 'ILLEGAL_TRANSITION', 'VERSION_CONFLICT', 'REVOCATION_REASON_NOT_APPLICABLE'],
    responses: { 200: { description: '被撤销的奖项及禁报记录', schema: RevokedAwardSchema } },
  },
  async ({ params, body, actor, deps }) => {
    const result = await revokeAward(deps, actor, { awardId: params.awardId, ...body });
    return { ...presentAward(result.award), sanctions: result.sanctions.map(presentSanction) };
  },
  async ({ params, deps }) => {
    const earlier = await earlierRevocation(deps, params.awardId);
    return earlier && { ...presentAward(earlier.award), sanctions: earlier.sanctions.map(presentSanction) };
  },
);

export const listSanctionsRoute = defineApiRoute(
  {
    method: 'GET',
    path: '/v1/sanctions',
    roles: ['staff', 'supervisor'],
    query: SanctionsQuery,
    summary: '禁报与取消资格记录 List sanctions',
    description:
      '按统一社会信用代码或身份证号码查询；不指定时分页列出全部，下一页标记在响应头 x-next-token。',
    tags,
    responses: { 200: { description: '处分记录', schema: SanctionSchema.array() } },
  },
  async ({ query, actor, deps }) => {
    const page = await listSanctions(deps, actor, query);
    const items = page.items.map(presentSanction);
    return page.nextToken === undefined
      ? items
      : respond(200, items, { [NEXT_TOKEN_HEADER]: page.nextToken });
  },
);

export const importSanctionRoute = defineApiRoute(
  {
    method: 'POST',
    path: '/v1/sanctions',
    roles: ['staff'],
    body: ImportSanctionBody,
    idempotent: true,
    successStatus: 201,
    summary: '登记处分记录 Record a sanction',
    description: '导入平台启用前各届的获奖禁报和撤销记录，或记录评审专家取消评审资格（第二十九条）。',
    tags,
    errors: ['INVALID_CREDIT_CODE', 'INVALID_ID_NUMBER', 'NOT_FOUND'],
    responses: { 201: { description: '处分记录', schema: SanctionSchema } },
  },
  async ({ body, actor, deps }) => presentSanction(await importSanction(deps, actor, body)),
  async ({ body, deps }) => {
    const sanction = await earlierSanction(deps, body);
    return sanction && presentSanction(sanction);
  },
);

export const listAuditRoute = defineApiRoute(
  {
    method: 'GET',
    path: '/v1/audit',
    roles: ['supervisor', 'staff'],
    query: AuditQuery,
    summary: '审计记录 Audit trail of an entity, or search by actor, round and time',
    description:
      '按对象编号返回其完整审计链（按序号）；或按操作人、届次、时间范围任意组合检索，最新在前，每页 100 条，下一页标记在响应头 x-next-token，以 ?nextToken= 传回。',
    tags,
    responses: { 200: { description: '审计记录', schema: AuditEntrySchema.array() } },
  },
  async ({ query, actor, deps }) => {
    const { entityId, ...search } = query;
    if (entityId !== undefined) return (await listAudit(deps, actor, { entityId })).map(presentAuditEntry);
    const page = await searchAudit(deps, actor, search);
    const items = page.items.map(presentAuditEntry);
    return page.nextToken === undefined
      ? items
      : respond(200, items, { [NEXT_TOKEN_HEADER]: page.nextToken });
  },
);

export const awardsRoutes = [
  listAwardsRoute,
  revokeAwardRoute,
  listSanctionsRoute,
  importSanctionRoute,
  listAuditRoute,
];

/** The adapters this function builds on AWS: its uses in infra/aws/function-catalog.ts. */
export const live = liveDeps(liveStore, livePii, liveIdempotency);

/** The Lambda function of this route group (one per file on AWS). */
export const handler = routeGroupHandler(awardsRoutes, live);
