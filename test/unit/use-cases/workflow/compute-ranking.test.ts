import { describe, expect, it } from 'vitest';
import type { ReviewStage } from '../../../../functions/domain/model.ts';
import type { AssignmentRecord, ScoreRecord } from '../../../../functions/ports/records.ts';
import { computeRanking } from '../../../../functions/use-cases/workflow/compute-ranking.ts';
import { countingStore } from '../../../support/counting-store.ts';
import {
  caught,
  putApplication,
  putIndividual,
  type RoundFixture,
  roundFixture,
  seedRound,
  statusesOf,
} from './fixtures.ts';

/** One reviewer's sheet: `items` as given; the assignment active unless `withdrawn`. */
async function sheet(
  fx: RoundFixture,
  applicationId: string,
  stage: ReviewStage,
  reviewerId: string,
  items: Record<string, number>,
  withdrawn = false,
): Promise<void> {
  const assignment: AssignmentRecord = {
    version: 0,
    roundId: 'r-1',
    applicationId,
    stage,
    reviewerId,
    status: withdrawn ? 'withdrawn' : 'active',
    assignedAt: '2026-07-01T00:00:00.000Z',
    assignedBy: 'staff-1',
  };
  const score: ScoreRecord = {
    version: 0,
    roundId: 'r-1',
    applicationId,
    stage,
    reviewerId,
    items,
    total: Object.values(items).reduce((a, b) => a + b, 0),
    rubricVersion: '2022.1',
    updatedAt: '2026-07-02T00:00:00.000Z',
  };
  await fx.store.commit({
    changes: [
      { op: 'put', entity: { type: 'assignment', record: assignment } },
      { op: 'put', entity: { type: 'score', record: score } },
    ],
    audit: [],
  });
}

describe('computeRanking', () => {
  it('ranks organizations and individuals together on the weighted composite and proposes tiers', async () => {
    // Prepare: weights 0.3 / 0.5 / 0.2; organizations out of 1000, individuals out of 100
    const fx = roundFixture('2026-08-01T00:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'evaluation', quotas: { award: 1, nomination: 1 } });
    await putApplication(fx, 'r-1', 'a1', 'in-review');
    await putIndividual(fx, 'r-1', 'a2', 'in-review', 1);
    await putApplication(fx, 'r-1', 'a3', 'in-review');
    await putApplication(fx, 'r-1', 'a4', 'not-selected');
    for (const stage of ['material', 'onsite', 'defense'] as const) {
      await sheet(fx, 'a1', stage, 'r1', { '4.1.1': 50, '4.7.1': 650 }); // 70 %
      await sheet(fx, 'a2', stage, 'r1', { I1: 15, I2: 20, I3: 30, I4: 15 }); // 80 %
      await sheet(fx, 'a3', stage, 'r1', { '4.1.1': 50, '4.7.1': 550 }); // 60 %
    }

    // Act
    const result = await computeRanking(fx.deps, { roundId: 'r-1' });

    // Assess
    const ranking = await fx.store.getRanking('r-1');
    const round = await fx.store.getRound('r-1');
    expect(result).toEqual({ ranked: 3 });
    expect(ranking?.rows.map((r) => [r.applicationId, r.rank, r.compositePercent, r.proposedTier])).toEqual([
      ['a2', 1, 80, 'award'],
      ['a1', 2, 70, 'nomination'],
      ['a3', 3, 60, null],
    ]);
    expect(ranking?.rows[1]).toMatchObject({
      stageScores: { material: 700, onsite: 700, defense: 700 },
      stagePercents: { material: 70, onsite: 70, defense: 70 },
    });
    expect(round?.stage).toBe('decision');
    expect(await statusesOf(fx, ['a1', 'a2', 'a3', 'a4'])).toEqual({
      a1: 'candidate',
      a2: 'candidate',
      a3: 'candidate',
      a4: 'not-selected',
    });
    expect((await fx.store.listAudit('r-1')).map((e) => e.action)).toEqual([
      'round.ranked',
      'round.advanced',
    ]);
  });

  it('uses the trimmed mean of active reviewers, flags divergent totals and breaks ties on results', async () => {
    // Prepare
    const fx = roundFixture('2026-08-01T00:00:00Z');
    await seedRound(fx, {
      roundId: 'r-1',
      stage: 'evaluation',
      weights: { material: 1, onsite: 0, defense: 0 },
    });
    await putApplication(fx, 'r-1', 'a1', 'in-review');
    await putApplication(fx, 'r-1', 'a2', 'in-review');
    // a1: five reviewers, the extremes dropped → (600 + 600 + 600) / 3; spread 500 > 150 → divergent
    for (const [reviewer, points] of [
      ['r1', 300],
      ['r2', 600],
      ['r3', 600],
      ['r4', 600],
      ['r5', 800],
    ] as const) {
      await sheet(fx, 'a1', 'material', reviewer, { '4.1.1': 50, '4.7.1': points - 50 });
    }
    // A withdrawn reviewer's sheet does not count.
    await sheet(fx, 'a1', 'material', 'r6', { '4.1.1': 0, '4.7.1': 0 }, true);
    // a2: the same 600, but more of it on results items → ranked first on the tie-break
    await sheet(fx, 'a2', 'material', 'r1', { '4.1.1': 0, '4.7.1': 600 });

    // Act
    await computeRanking(fx.deps, { roundId: 'r-1' });

    // Assess
    const rows = (await fx.store.getRanking('r-1'))?.rows ?? [];
    expect(rows.map((r) => [r.applicationId, r.compositePercent, r.flags])).toEqual([
      ['a2', 60, []],
      ['a1', 60, ['divergent-scores']],
    ]);
    expect(rows[1]?.stageScores).toEqual({ material: 600 });
  });

  it('reads the round’s assignments and sheets with one query each, whatever the number of candidates', async () => {
    // Prepare: 12 candidates with a sheet each, and a sheet of another round that must not count
    const fx = roundFixture('2026-08-01T00:00:00Z');
    await seedRound(fx, {
      roundId: 'r-1',
      stage: 'evaluation',
      weights: { material: 1, onsite: 0, defense: 0 },
    });
    const ids = Array.from({ length: 12 }, (_, i) => `a${String(i).padStart(2, '0')}`);
    for (const [i, id] of ids.entries()) {
      await putApplication(fx, 'r-1', id, 'in-review');
      await sheet(fx, id, 'material', 'r1', { '4.1.1': 50, '4.7.1': 100 + 10 * i });
    }
    await fx.store.commit({
      changes: [
        {
          op: 'put',
          entity: {
            type: 'score',
            record: {
              version: 0,
              roundId: 'r-2',
              applicationId: 'a00',
              stage: 'material',
              reviewerId: 'r9',
              items: { '4.1.1': 1000 },
              total: 1000,
              rubricVersion: '2022.1',
              updatedAt: '2026-07-02T00:00:00.000Z',
            },
          },
        },
      ],
      audit: [],
    });
    const counting = countingStore(fx.store);

    // Act
    await computeRanking({ ...fx.deps, store: counting.store }, { roundId: 'r-1' });

    // Assess
    expect(counting.count('listAssignmentsForRound')).toBe(1);
    expect(counting.count('listScoresForRound')).toBe(1);
    expect(counting.count('listAssignmentsForApplication')).toBe(0);
    expect(counting.count('listScoresForApplication')).toBe(0);
    const rows = (await fx.store.getRanking('r-1'))?.rows ?? [];
    expect(rows).toHaveLength(12);
    expect(rows[0]).toMatchObject({ applicationId: 'a11', stageScores: { material: 260 } });
    expect(rows.at(-1)).toMatchObject({ applicationId: 'a00', stageScores: { material: 150 } });
  });

  it('changes nothing once the round has moved to the decision', async () => {
    // Prepare
    const fx = roundFixture('2026-08-01T00:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'evaluation' });
    await putApplication(fx, 'r-1', 'a1', 'in-review');
    await sheet(fx, 'a1', 'material', 'r1', { '4.1.1': 50 });
    await computeRanking(fx.deps, { roundId: 'r-1' });
    const ranking = await fx.store.getRanking('r-1');
    fx.clock.set('2026-08-02T00:00:00Z');

    // Act
    const again = await computeRanking(fx.deps, { roundId: 'r-1' });

    // Assess
    expect(again).toEqual({ ranked: 1 });
    expect(await fx.store.getRanking('r-1')).toEqual(ranking);
  });

  it('refuses before the evaluation stage', async () => {
    // Prepare
    const fx = roundFixture('2026-08-01T00:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'defense' });

    // Act
    const error = await caught(computeRanking(fx.deps, { roundId: 'r-1' }));

    // Assess
    expect(error.code).toBe('STAGE_PRECONDITION_FAILED');
  });
});
