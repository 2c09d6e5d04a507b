import { describe, expect, it } from 'vitest';
import {
  advanceReasons,
  missingScoreReasons,
} from '../../../../functions/use-cases/rounds/advance-preconditions.ts';
import { countingStore } from '../../../support/counting-store.ts';
import { roundFixture, seedApplication, seedReview, seedRound } from '../../../support/rounds-fakes.ts';

describe('missingScoreReasons', () => {
  it('reads the round’s assignments and sheets once, whatever the number of applications', async () => {
    // Prepare: 30 applications, each with two scored reviewers
    const fx = roundFixture('2026-08-01T00:00:00Z');
    const ids = Array.from({ length: 30 }, (_, i) => `a${String(i).padStart(2, '0')}`);
    for (const id of ids) {
      await seedApplication(fx, 'r-1', id, 'in-review');
      await seedReview(fx, 'r-1', id, 'material', 'rv1', true);
      await seedReview(fx, 'r-1', id, 'material', 'rv2', true);
    }
    const applications = await Promise.all(ids.map(async (id) => (await fx.store.getApplication(id))!));
    const counting = countingStore(fx.store);

    // Act
    const reasons = await missingScoreReasons(
      { ...fx.deps, store: counting.store },
      'r-1',
      applications,
      'material',
    );

    // Assess
    expect(reasons).toEqual([]);
    expect(counting.calls.sort()).toEqual(['listAssignmentsForRound', 'listScoresForRound']);
  });

  it('names each application’s missing reviewers, ignoring withdrawn ones, other stages and rounds', async () => {
    // Prepare
    const fx = roundFixture('2026-08-01T00:00:00Z');
    await seedApplication(fx, 'r-1', 'a1', 'in-review', '甲公司');
    await seedApplication(fx, 'r-1', 'a2', 'in-review', '乙公司');
    await seedApplication(fx, 'r-1', 'a3', 'in-review', '丙公司');
    await seedReview(fx, 'r-1', 'a1', 'onsite', 'rv3', true);
    await seedReview(fx, 'r-1', 'a1', 'onsite', 'rv1', false);
    await seedReview(fx, 'r-1', 'a1', 'onsite', 'rv2', false);
    await seedReview(fx, 'r-1', 'a1', 'onsite', 'rv4', false, 'withdrawn');
    await seedReview(fx, 'r-1', 'a2', 'onsite', 'rv1', true);
    await seedReview(fx, 'r-1', 'a2', 'material', 'rv2', false);
    await seedReview(fx, 'r-1', 'a3', 'material', 'rv1', true);
    await seedReview(fx, 'r-2', 'a3', 'onsite', 'rv1', false);
    const applications = await Promise.all(
      ['a1', 'a2', 'a3'].map(async (id) => (await fx.store.getApplication(id))!),
    );

    // Act
    const reasons = await missingScoreReasons(fx.deps, 'r-1', applications, 'onsite');

    // Assess
    expect(reasons).toEqual([
      {
        path: 'applications.a1',
        code: 'STAGE_PRECONDITION_FAILED',
        message: '“甲公司”缺少 2 位现场评审专家的评分（rv1、rv2）',
      },
      {
        path: 'applications.a3',
        code: 'STAGE_PRECONDITION_FAILED',
        message: '“丙公司”尚未分配现场评审专家',
      },
    ]);
  });
});

describe('advanceReasons', () => {
  it('checks only the applications selected for the on-site review when leaving the defence', async () => {
    // Prepare
    const fx = roundFixture('2026-08-01T00:00:00Z');
    const round = await seedRound(fx, { roundId: 'r-1', stage: 'defense', selectedForOnsite: ['a2'] });
    await seedApplication(fx, 'r-1', 'a1', 'in-review', '甲公司');
    await seedApplication(fx, 'r-1', 'a2', 'in-review', '乙公司');
    await seedReview(fx, 'r-1', 'a2', 'defense', 'rv1', false);
    const inReview = await Promise.all(['a1', 'a2'].map(async (id) => (await fx.store.getApplication(id))!));

    // Act
    const reasons = await advanceReasons(fx.deps, round, inReview);

    // Assess
    expect(reasons.map((r) => r.path)).toEqual(['applications.a2']);
    expect(reasons[0]?.message).toContain('缺少 1 位');
  });
});
