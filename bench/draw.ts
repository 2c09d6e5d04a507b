/**
 * DESIGN.md §5: "a random draw of 1,000 applications × 5 from 200 reviewers under 1 s".
 *
 * Three measurements, each on the same generated round (1,000 applications in material review,
 * 200 reviewers, about 2 % of the pairs conflicted through a former employer, a load limit of 30):
 * - `domain`: `drawPanels` alone (the seeded PRNG, the least-loaded choice, the checks), the
 *   exclusions given: the target of DESIGN.md;
 * - `plan`: the use case's whole in-memory planning on the memory store (reading the pool, the
 *   sanctions, every application's conflicts, the exclusions through `findConflicts`, then the draw),
 *   which is what decides INSUFFICIENT_REVIEWERS before anything is written;
 * - `write`: the whole `POST …/assignments/draw` on the memory store (plan, draw record, 5,000
 *   assignments in batched units with their audit entries).
 * With BENCH_DRAW_DYNAMODB=1 it also times the HTTP route on DynamoDB Local (the write then
 * dominates: ~70 transactions of whole panels).
 * BENCH_DRAW_REPS (default 7) repetitions, each with another seed; medians and p90 reported.
 */
import { MemoryStore } from '../functions/adapters/memory/memory-store.ts';
import { drawPanels, type PanelToFill } from '../functions/domain/review-panels.ts';
import type { Actor, ApplicationRecord, ReviewerRecord, RoundRecord } from '../functions/ports/records.ts';
import type { Store } from '../functions/ports/store.ts';
import { drawReviewers } from '../functions/use-cases/draw-reviewers.ts';
import { planDraw } from '../functions/use-cases/review/panels.ts';
import { creditCode } from '../scripts/demo-round.ts';
import { fakeDeps, SettableClock } from '../test/support/fakes.ts';
import { median, p90, round, saveResults, table, timed } from './lib/report.ts';

const APPLICATIONS = 1000;
const PANEL = 5;
const POOL = 200;
const LOAD_LIMIT = 30;
const REPS = Number(process.env.BENCH_DRAW_REPS ?? 7);
const STAFF: Actor = { sub: 'bench-staff', roles: ['staff'] };
const NOW = '2026-05-11T02:00:00.000Z';

/** A deterministic scatter: the pair (application, reviewer) is conflicted for about 2 % of pairs. */
const conflicted = (a: number, r: number): boolean => (a * 7919 + r * 104_729) % 50 === 0;

const appCode = (a: number) => creditCode('140105', 500_000 + a);

function generate() {
  const reviewers: ReviewerRecord[] = Array.from({ length: POOL }, (_, r) => ({
    reviewerId: `bench-rev-${String(r).padStart(3, '0')}`,
    name: `评审专家${r + 1}`,
    organizationCode: creditCode('140105', 900_000 + r),
    formerEmployers: Array.from({ length: APPLICATIONS }, (_, a) => a)
      .filter((a) => conflicted(a, r))
      .map((a) => ({ creditCode: appCode(a), until: '2025-06-30' })),
    fields: ['质量管理'],
    updatedAt: NOW,
    version: 0,
  }));
  const applications: ApplicationRecord[] = Array.from({ length: APPLICATIONS }, (_, a) => ({
    applicationId: `bench-app-${String(a).padStart(4, '0')}`,
    roundId: 'bench-round',
    ownerSub: `bench-owner-${a}`,
    category: 'organization',
    displayName: `太原基准测试${a}有限公司`,
    status: 'in-review',
    jurisdiction: '140105',
    declarations: { noMajorAccident3Years: true, noBadCreditRecord: true, compliesWithLaw: true },
    selfEvaluation: { items: {}, summary: '' },
    conflictCodes: [appCode(a)],
    subjectKeys: [appCode(a)],
    vetting: null,
    createdAt: NOW,
    updatedAt: NOW,
    version: 0,
  }));
  const roundRecord: RoundRecord = {
    roundId: 'bench-round',
    ordinal: 1,
    title: '基准测试',
    stage: 'material-review',
    callOpensAt: '2026-03-02T01:00:00.000Z',
    callClosesAt: '2026-03-12T01:00:00.000Z',
    quotas: { award: 5, nomination: 10 },
    weights: { material: 0.3, onsite: 0.5, defense: 0.2 },
    minimumPercent: {},
    rulebookVersion: 'TY-QA-2022',
    rubricVersion: '2022.1',
    reviewSettings: { loadLimits: { material: LOAD_LIMIT }, deadlines: {}, reminderWorkingDays: 2 },
    windowIds: [],
    stageHistory: [],
    createdAt: NOW,
    createdBy: 'bench-staff',
    version: 0,
  };
  return { reviewers, applications, roundRecord };
}

async function seeded(store: Store, data: ReturnType<typeof generate>) {
  const entities = [
    { type: 'round' as const, record: data.roundRecord },
    ...data.reviewers.map((record) => ({ type: 'reviewer' as const, record })),
    ...data.applications.map((record) => ({ type: 'application' as const, record })),
  ];
  for (let i = 0; i < entities.length; i += 90) {
    await store.commit({
      changes: entities.slice(i, i + 90).map((entity) => ({ op: 'put', entity })),
      audit: [],
    });
  }
}

interface Measured {
  what: string;
  medianMs: number;
  p90Ms: number;
  runs: number[];
}

const summary = (what: string, runs: number[]): Measured => ({
  what,
  medianMs: round(median(runs), 1),
  p90Ms: round(p90(runs), 1),
  runs: runs.map((ms) => round(ms, 1)),
});

export async function runDraw(): Promise<void> {
  const data = generate();
  const results: Measured[] = [];

  // domain: the exclusions as the use case would compute them, given.
  const panels: PanelToFill[] = data.applications.map((application, a) => ({
    applicationId: application.applicationId,
    target: PANEL,
    members: [],
    excluded: new Set(data.reviewers.filter((_, r) => conflicted(a, r)).map((r) => r.reviewerId)),
  }));
  const pool = data.reviewers.map((r) => r.reviewerId);
  const domainRuns: number[] = [];
  for (let rep = 0; rep < REPS; rep++) {
    const { ms, result } = await timed(async () =>
      drawPanels({ seed: `bench-${rep}`, pool, panels, loads: new Map(), loadLimit: LOAD_LIMIT }),
    );
    if (result.panels.some((p) => p.reviewerIds.length !== PANEL)) throw new Error('a panel is short');
    domainRuns.push(ms);
  }
  results.push(summary('domain: drawPanels (1,000 × 5 of 200)', domainRuns));

  const store = new MemoryStore();
  await seeded(store, data);
  const deps = fakeDeps({ store, clock: new SettableClock(new Date(NOW)) });
  const planRuns: number[] = [];
  for (let rep = 0; rep < REPS; rep++) {
    const round = (await store.getRound('bench-round'))!;
    const { ms } = await timed(() =>
      planDraw(
        deps,
        round,
        'material',
        data.applications.map((application) => ({ application, target: PANEL })),
        `bench-plan-${rep}`,
      ),
    );
    planRuns.push(ms);
  }
  results.push(summary('plan: pool, conflicts, exclusions, draw (memory store)', planRuns));

  const writeRuns: number[] = [];
  for (let rep = 0; rep < Math.min(REPS, 3); rep++) {
    const fresh = new MemoryStore();
    await seeded(fresh, data);
    const freshDeps = fakeDeps({ store: fresh, clock: new SettableClock(new Date(NOW)) });
    const { ms, result } = await timed(() =>
      drawReviewers(freshDeps, STAFF, {
        roundId: 'bench-round',
        stage: 'material',
        panelSize: PANEL,
        seed: `w${rep}`,
      }),
    );
    if (result.assignments.length !== APPLICATIONS) throw new Error('not every panel was drawn');
    writeRuns.push(ms);
  }
  results.push(
    summary('write: POST …/assignments/draw use case (memory store, 5,000 assignments)', writeRuns),
  );

  if (process.env.BENCH_DRAW_DYNAMODB === '1') results.push(await drawOnDynamoDb(data));

  console.log(
    table(
      ['measured', 'median ms', 'p90 ms', 'runs'],
      results.map((r) => [r.what, r.medianMs, r.p90Ms, r.runs.length]),
    ),
  );
  console.log(
    `results: ${await saveResults('draw', { applications: APPLICATIONS, panel: PANEL, pool: POOL, loadLimit: LOAD_LIMIT, results })}`,
  );
}

/** The HTTP route on the local platform's DynamoDB Local (one run: it writes 5,000 assignments). */
async function drawOnDynamoDb(data: ReturnType<typeof generate>): Promise<Measured> {
  const { startDynamoDbLocal } = await import('../infra/local/dynamodb.ts');
  const { createDocumentClient } = await import('../functions/adapters/dynamodb/client.ts');
  const { DynamoStore } = await import('../functions/adapters/dynamodb/dynamo-store.ts');
  const { createTables, tableNamesWithPrefix } = await import('../functions/adapters/dynamodb/tables.ts');
  const dynamo = await startDynamoDbLocal();
  const documents = createDocumentClient({ endpoint: dynamo.endpoint });
  try {
    const names = tableNamesWithPrefix('benchdraw');
    await createTables(documents, names);
    const store = new DynamoStore(documents, names);
    await seeded(store, data);
    const deps = fakeDeps({ store, clock: new SettableClock(new Date(NOW)) });
    const { ms } = await timed(() =>
      drawReviewers(deps, STAFF, {
        roundId: 'bench-round',
        stage: 'material',
        panelSize: PANEL,
        seed: 'ddb',
      }),
    );
    return summary('write: the use case on DynamoDB Local (5,000 assignments, batched)', [ms]);
  } finally {
    documents.destroy();
    await dynamo.stop();
  }
}
