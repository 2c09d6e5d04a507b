/**
 * Fakes for the round use-case tests: the in-memory store, a settable clock, sequential ids and a
 * workflow that records what it was asked (and can pretend a token is already used).
 */
import { MemoryStore } from '../../functions/adapters/memory/memory-store.ts';
import type { ReviewStage, RoundStage } from '../../functions/domain/model.ts';
import type { Deps } from '../../functions/ports/deps.ts';
import type {
  Actor,
  ApplicationRecord,
  AssignmentRecord,
  RankingRecord,
  RoundRecord,
  ScoreRecord,
  TaskTokenRecord,
} from '../../functions/ports/records.ts';
import type { Store } from '../../functions/ports/store.ts';
import { fakeDeps, RecordingWorkflow, SequentialIds, SettableClock } from './fakes.ts';

export { RecordingWorkflow, SequentialIds, SettableClock };

/** Anything with a store to seed: the unit fixture, or the integration test's DynamoStore. */
export interface Seedable {
  store: Store;
}

export interface RoundFixture {
  deps: Deps;
  store: MemoryStore;
  clock: SettableClock;
  workflow: RecordingWorkflow;
}

/** Deps on the memory store, the clock at `now`, the chinese-days seed for 2024–2026. */
export function roundFixture(now = '2026-03-01T02:00:00Z'): RoundFixture {
  const store = new MemoryStore();
  const clock = new SettableClock(new Date(now));
  const workflow = new RecordingWorkflow();
  return { deps: fakeDeps({ store, clock, workflow }), store, clock, workflow };
}

export const STAFF: Actor = { sub: 'staff-1', roles: ['staff'], name: '评选办' };
export const LEADER: Actor = { sub: 'leader-1', roles: ['leader'], name: '领导小组' };
export const SUPERVISOR: Actor = { sub: 'supervisor-1', roles: ['supervisor'] };
export const APPLICANT: Actor = { sub: 'applicant-1', roles: ['applicant'] };

/** Stores a round directly at `stage` (for tests of later stages). */
export async function seedRound(
  fx: Seedable,
  patch: Partial<RoundRecord> & { roundId: string; stage: RoundStage },
): Promise<RoundRecord> {
  const round: RoundRecord = {
    version: 0,
    ordinal: 1,
    title: '第一届太原市政府质量奖',
    callOpensAt: '2026-03-01T00:00:00.000Z',
    callClosesAt: '2026-05-31T16:00:00.000Z',
    quotas: { award: 5, nomination: 10 },
    weights: { material: 0.3, onsite: 0.5, defense: 0.2 },
    minimumPercent: {},
    rulebookVersion: 'TY-QA-2022',
    rubricVersion: '2022.1',
    windowIds: [],
    stageHistory: [{ stage: 'call-open', at: '2026-03-01T00:00:00.000Z', by: 'staff-1' }],
    createdAt: '2026-03-01T00:00:00.000Z',
    createdBy: 'staff-1',
    ...patch,
  };
  await fx.store.commit({ changes: [{ op: 'put', entity: { type: 'round', record: round } }], audit: [] });
  return { ...round, version: 1 };
}

/** Stores an application of `roundId` with `status`. */
export async function seedApplication(
  fx: Seedable,
  roundId: string,
  applicationId: string,
  status: ApplicationRecord['status'],
  displayName = `企业${applicationId}`,
): Promise<void> {
  const application: ApplicationRecord = {
    version: 0,
    applicationId,
    roundId,
    ownerSub: `owner-${applicationId}`,
    category: 'organization',
    displayName,
    status,
    jurisdiction: 'xiaodian',
    declarations: { noMajorAccident3Years: true, noBadCreditRecord: true, compliesWithLaw: true },
    selfEvaluation: { items: {}, summary: '' },
    conflictCodes: [],
    subjectKeys: [],
    vetting: null,
    createdAt: '2026-03-02T00:00:00.000Z',
    updatedAt: '2026-03-02T00:00:00.000Z',
  };
  await fx.store.commit({
    changes: [{ op: 'put', entity: { type: 'application', record: application } }],
    audit: [],
  });
}

/** Stores an active assignment and, when `scored`, the reviewer's score sheet. */
export async function seedReview(
  fx: Seedable,
  roundId: string,
  applicationId: string,
  stage: ReviewStage,
  reviewerId: string,
  scored: boolean,
  status: AssignmentRecord['status'] = 'active',
): Promise<void> {
  const assignment: AssignmentRecord = {
    version: 0,
    roundId,
    applicationId,
    stage,
    reviewerId,
    status,
    assignedAt: '2026-07-01T00:00:00.000Z',
    assignedBy: 'staff-1',
  };
  const score: ScoreRecord = {
    version: 0,
    roundId,
    applicationId,
    stage,
    reviewerId,
    items: { '4.1.1': 40 },
    total: 40,
    rubricVersion: '2022.1',
    updatedAt: '2026-07-02T00:00:00.000Z',
  };
  await fx.store.commit({
    changes: [
      { op: 'put', entity: { type: 'assignment', record: assignment } },
      ...(scored ? [{ op: 'put' as const, entity: { type: 'score' as const, record: score } }] : []),
    ],
    audit: [],
  });
}

/** Stores a task token the flow would have registered. */
export async function seedToken(
  fx: Seedable,
  roundId: string,
  waitFor: string,
  dueAt?: string,
): Promise<TaskTokenRecord> {
  const token: TaskTokenRecord = {
    version: 0,
    roundId,
    waitFor,
    token: `token-${waitFor}`,
    ...(dueAt ? { dueAt } : {}),
    createdAt: '2026-03-01T00:00:00.000Z',
  };
  await fx.store.commit({
    changes: [{ op: 'put', entity: { type: 'task-token', record: token } }],
    audit: [],
  });
  return { ...token, version: 1 };
}

/** Stores a ranking of `ids` in order; the first five are proposed `award`, the next ten `nomination`. */
export async function seedRanking(fx: Seedable, roundId: string, ids: readonly string[]): Promise<void> {
  const ranking: RankingRecord = {
    version: 0,
    roundId,
    computedAt: '2026-09-01T00:00:00.000Z',
    rows: ids.map((applicationId, index) => ({
      applicationId,
      category: 'organization',
      displayName: `企业${applicationId}`,
      stageScores: { material: 800 - index, onsite: 780 - index },
      stagePercents: { material: 80 - index / 10, onsite: 78 - index / 10 },
      compositePercent: 70 - index,
      rank: index + 1,
      proposedTier: index < 5 ? 'award' : index < 15 ? 'nomination' : null,
      flags: index === 0 ? ['divergent-scores'] : [],
    })),
  };
  await fx.store.commit({
    changes: [{ op: 'put', entity: { type: 'ranking', record: ranking } }],
    audit: [],
  });
}
