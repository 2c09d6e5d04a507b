/**
 * Opens a new round (届): Art. 5 numbers the rounds, Art. 8 caps the quotas, Art. 17 fixes the rubric
 * version and Art. 31 the rulebook version for the whole round.
 */
import { beijingDate } from '../domain/calendar.ts';
import { DomainError, type Finding, isDomainError } from '../domain/errors.ts';
import { type MinimumPercent, type Quotas, type StageWeights, TIERS } from '../domain/model.ts';
import { DEFAULT_RUBRIC_VERSION } from '../domain/rubrics.ts';
import { rulebookForCall } from '../domain/rulebook.ts';
import { validateWeights } from '../domain/scoring.ts';
import type { Deps } from '../ports/deps.ts';
import type { Actor, RoundRecord } from '../ports/records.ts';
import { auditEvent } from './audit.ts';
import {
  assertRole,
  historyEntry,
  invalidInput,
  type RoundView,
  roundIdForOrdinal,
  viewOf as roundViewOf,
} from './rounds/support.ts';

export { roundIdForOrdinal };

export interface CreateRoundInput {
  title: string;
  ordinal?: number;
  /** ISO 8601 instants. */
  callOpensAt: string;
  callClosesAt: string;
  quotas?: Quotas;
  weights?: StageWeights;
  minimumPercent?: MinimumPercent;
}

const TIER_LABELS = { award: '市政府质量奖', nomination: '市政府质量奖提名奖' } as const;

/** Creates the round at stage `call-open` and starts its flow. */
export async function createRound(deps: Deps, actor: Actor, input: CreateRoundInput): Promise<RoundView> {
  assertRole(actor, 'staff');
  const now = deps.clock.now();
  const opensAt = new Date(input.callOpensAt);
  const closesAt = new Date(input.callClosesAt);
  assertInput(input, opensAt, closesAt);

  // Art. 31: the whole call must fall within one rulebook version's validity.
  const rulebook = rulebookForCall(beijingDate(opensAt), beijingDate(closesAt));
  const quotas = input.quotas ?? { ...rulebook.quotas };
  assertQuotas(quotas, rulebook.quotas);
  const weights = input.weights ?? { ...rulebook.defaultWeights };
  validateWeights(weights);

  const minimumPercent = input.minimumPercent ?? {};
  const creationId = deps.ids.next('round');
  let round: RoundRecord | undefined;
  for (let attempt = 1; round === undefined; attempt += 1) {
    // Art. 5: rounds are numbered; bans count in rounds, so an ordinal is never reused.
    const rounds = await deps.store.listRounds();
    const ordinal = input.ordinal ?? Math.max(0, ...rounds.map((r) => r.ordinal)) + 1;
    if (rounds.some((r) => r.ordinal === ordinal)) throw ordinalTaken(ordinal);
    const candidate: RoundRecord = {
      version: 0,
      roundId: roundIdForOrdinal(ordinal),
      ordinal,
      title: input.title.trim(),
      stage: 'call-open',
      callOpensAt: opensAt.toISOString(),
      callClosesAt: closesAt.toISOString(),
      quotas,
      weights,
      minimumPercent,
      rulebookVersion: rulebook.version,
      rubricVersion: DEFAULT_RUBRIC_VERSION,
      windowIds: [],
      stageHistory: [historyEntry('call-open', now, actor)],
      creationId,
      createdAt: now.toISOString(),
      createdBy: actor.sub,
    };
    try {
      await deps.store.commit({
        changes: [{ op: 'put', entity: { type: 'round', record: candidate } }],
        audit: [
          auditEvent({
            entityType: 'round',
            entityId: candidate.roundId,
            verb: 'created',
            actor,
            at: now,
            after: candidate,
          }),
        ],
      });
      round = candidate;
    } catch (error) {
      // Another round took this ordinal at the same moment (same id, so the store refused this
      // create): a default ordinal is computed again, an explicit one is taken.
      if (!isDomainError(error) || error.code !== 'VERSION_CONFLICT') throw error;
      if (input.ordinal !== undefined) throw ordinalTaken(ordinal);
      if (attempt >= MAX_ORDINAL_ATTEMPTS) throw error;
    }
  }
  // Submissions are only accepted from callOpensAt, so the flow may start (and wait) right away.
  await startRoundFlow(deps, round);
  return { round: { ...round, version: 1 }, windows: [] };
}

const MAX_ORDINAL_ATTEMPTS = 5;

const ordinalTaken = (ordinal: number) =>
  invalidInput('届次编号已被使用', [
    { path: 'ordinal', message: `第 ${ordinal} 届评选已经存在，届次编号不能重复` },
  ]);

function assertInput(input: CreateRoundInput, opensAt: Date, closesAt: Date): void {
  const findings: { path: string; message: string }[] = [];
  if (!input.title?.trim()) findings.push({ path: 'title', message: '请填写评选名称' });
  if (input.ordinal !== undefined && (!Number.isInteger(input.ordinal) || input.ordinal < 1)) {
    findings.push({ path: 'ordinal', message: '届次编号应为正整数' });
  }
  if (Number.isNaN(opensAt.getTime())) findings.push({ path: 'callOpensAt', message: '申报开始时间无效' });
  if (Number.isNaN(closesAt.getTime())) findings.push({ path: 'callClosesAt', message: '申报截止时间无效' });
  else if (opensAt.getTime() >= closesAt.getTime()) {
    findings.push({ path: 'callClosesAt', message: '申报截止时间应晚于申报开始时间' });
  }
  for (const tier of TIERS) {
    const floor = input.minimumPercent?.[tier];
    if (floor !== undefined && !(Number.isFinite(floor) && floor >= 0 && floor <= 100)) {
      findings.push({
        path: `minimumPercent.${tier}`,
        message: `${TIER_LABELS[tier]}的最低综合得分率应在 0 至 100 之间`,
      });
    }
    const quota = input.quotas?.[tier];
    if (quota !== undefined && !(Number.isInteger(quota) && quota >= 0)) {
      findings.push({ path: `quotas.${tier}`, message: `${TIER_LABELS[tier]}名额应为不小于 0 的整数` });
    }
  }
  if (findings.length > 0) throw invalidInput('评选届次设置不正确', findings);
}

/** Art. 8: at most 5 award and 10 nomination winners per round; fewer (or none) is allowed. */
function assertQuotas(quotas: Quotas, limits: Quotas): void {
  const findings: Finding[] = TIERS.filter((tier) => quotas[tier] > limits[tier]).map((tier) => ({
    path: `quotas.${tier}`,
    code: 'QUOTA_EXCEEDED',
    message: `${TIER_LABELS[tier]}名额 ${quotas[tier]} 个，超过办法规定的每届最多 ${limits[tier]} 个（第八条）`,
    article: '第八条',
  }));
  if (findings.length > 0) {
    throw new DomainError('QUOTA_EXCEEDED', findings.map((f) => f.message).join('；'), findings);
  }
}

/**
 * Idempotency-Key retries (route.ts `recover`): what an earlier run of the same request created,
 * read back under the id that run drew from `deps.ids` (request-ids.ts derives them from the key),
 * so a retry after a crash between the commit and the stored response answers that record instead
 * of creating a second one. `undefined`: the earlier run committed nothing (or never ran).
 */
/** The round `createRound` made for this request (rounds are few: one List). */
export async function earlierRound(deps: Deps): Promise<RoundView | undefined> {
  const creationId = deps.ids.next('round');
  const round = (await deps.store.listRounds()).find((r) => r.creationId === creationId);
  if (!round) return undefined;
  // The earlier run may have died between its commit and the flow's start (a Lambda that timed
  // out): start it now under the same name; an execution that exists already is left as it is.
  await startRoundFlow(deps, round);
  return roundViewOf(deps, round);
}

/** The round's one execution, `{roundId}-1`, entering the flow at the round's stored stage. */
const startRoundFlow = (deps: Deps, round: RoundRecord) =>
  deps.workflow.startRound({
    roundId: round.roundId,
    resumeAt: round.stage,
    executionName: `${round.roundId}-1`,
  });
