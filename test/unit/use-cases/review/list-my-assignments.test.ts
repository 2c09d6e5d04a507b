import { describe, expect, it } from 'vitest';
import { listMyAssignments } from '../../../../functions/use-cases/list-my-assignments.ts';
import {
  caught,
  reviewer,
  reviewFixture,
  STAFF,
  seedApplication,
  seedAssignment,
  seedRound,
  seedScore,
} from '../../../support/review-fixtures.ts';

describe('listMyAssignments', () => {
  it('lists the active assignments with name, category, stage, whether open and whether scored', async () => {
    // Prepare
    const fx = reviewFixture();
    await seedRound(fx, { roundId: 'r1', stage: 'onsite-review', ordinal: 1 });
    await seedRound(fx, { roundId: 'r2', stage: 'material-review', ordinal: 2 });
    await seedApplication(fx, { applicationId: 'app-1', roundId: 'r1', displayName: '乙公司' });
    await seedApplication(fx, { applicationId: 'app-2', roundId: 'r1', displayName: '甲公司' });
    await seedApplication(fx, {
      applicationId: 'app-3',
      roundId: 'r2',
      displayName: '丙公司',
      status: 'withdrawn',
    });
    await seedAssignment(fx, { roundId: 'r1', applicationId: 'app-1', reviewerId: 'rev-1', stage: 'onsite' });
    await seedAssignment(fx, {
      roundId: 'r1',
      applicationId: 'app-1',
      reviewerId: 'rev-1',
      stage: 'material',
    });
    await seedAssignment(fx, {
      roundId: 'r1',
      applicationId: 'app-2',
      reviewerId: 'rev-1',
      status: 'withdrawn',
    });
    await seedAssignment(fx, { roundId: 'r2', applicationId: 'app-3', reviewerId: 'rev-1' });
    await seedAssignment(fx, { roundId: 'r1', applicationId: 'app-2', reviewerId: 'rev-2' });
    await seedAssignment(fx, { roundId: 'r1', applicationId: 'gone', reviewerId: 'rev-1' });
    await seedScore(fx, { roundId: 'r1', applicationId: 'app-1', reviewerId: 'rev-1', stage: 'material' });
    // Act
    const mine = await listMyAssignments(fx.deps, reviewer('rev-1'));
    // Assess
    expect(mine.map((a) => [a.applicationId, a.stage, a.roundOrdinal, a.open, a.scored])).toEqual([
      ['app-3', 'material', 2, false, false],
      ['app-1', 'material', 1, false, true],
      ['app-1', 'onsite', 1, true, false],
    ]);
    expect(mine[1]).toMatchObject({ displayName: '乙公司', category: 'organization' });
  });

  it('is for reviewers only', async () => {
    // Prepare
    const fx = reviewFixture();
    // Act
    const error = await caught(() => listMyAssignments(fx.deps, STAFF));
    // Assess
    expect(error.code).toBe('FORBIDDEN');
  });
});
