import { describe, expect, it } from 'vitest';
import { assignReviewers } from '../../../../functions/use-cases/assign-reviewers.ts';
import { declareConflict } from '../../../../functions/use-cases/declare-conflict.ts';
import { dismissConflict } from '../../../../functions/use-cases/dismiss-conflict.ts';
import { getApplication } from '../../../../functions/use-cases/get-application.ts';
import { recordScores } from '../../../../functions/use-cases/record-scores.ts';
import {
  caught,
  ORG_CODE,
  reviewer,
  reviewFixture,
  STAFF,
  seedApplication,
  seedAssignment,
  seedReviewer,
  seedRound,
  seedScore,
} from '../../../support/review-fixtures.ts';

async function prepared() {
  const fx = reviewFixture();
  await seedRound(fx, { roundId: 'r1', stage: 'onsite-review', selectedForOnsite: ['app-1'] });
  await seedApplication(fx, { applicationId: 'app-1', roundId: 'r1' });
  await seedReviewer(fx, { reviewerId: 'rev-1', name: '王教授' });
  await seedReviewer(fx, { reviewerId: 'rev-2', name: '张总', organizationCode: ORG_CODE });
  return fx;
}

describe('declareConflict', () => {
  it('withdraws every active assignment of the reviewer on the application and their scores', async () => {
    // Prepare
    const fx = await prepared();
    await seedAssignment(fx, {
      roundId: 'r1',
      applicationId: 'app-1',
      reviewerId: 'rev-1',
      stage: 'material',
    });
    await seedAssignment(fx, { roundId: 'r1', applicationId: 'app-1', reviewerId: 'rev-1', stage: 'onsite' });
    await seedAssignment(fx, { roundId: 'r1', applicationId: 'app-1', reviewerId: 'rev-9', stage: 'onsite' });
    await seedScore(fx, { roundId: 'r1', applicationId: 'app-1', reviewerId: 'rev-1', stage: 'material' });
    await seedScore(fx, { roundId: 'r1', applicationId: 'app-1', reviewerId: 'rev-9', stage: 'material' });
    // Act
    const result = await declareConflict(fx.deps, reviewer('rev-1'), {
      applicationId: 'app-1',
      reason: ' 本人配偶在该企业任职 ',
    });
    // Assess
    expect(result.conflict).toMatchObject({ kind: 'declared', reason: '本人配偶在该企业任职', version: 1 });
    expect(result.withdrawn.map((a) => [a.stage, a.status])).toEqual([
      ['material', 'withdrawn'],
      ['onsite', 'withdrawn'],
    ]);
    const assignments = await fx.store.listAssignmentsForApplication('app-1');
    expect(assignments.filter((a) => a.status === 'active').map((a) => a.reviewerId)).toEqual(['rev-9']);
    const scores = await fx.store.listScoresForApplication('app-1');
    expect(scores.map((s) => s.reviewerId)).toEqual(['rev-9']);
    const actions = (await fx.store.listAudit('app-1')).map((e) => e.action);
    expect(actions).toEqual([
      'conflict.declared',
      'assignment.withdrawn',
      'assignment.withdrawn',
      'score.withdrawn',
    ]);
  });

  it('leaves the reviewer with 404 on the application and 403 NOT_ASSIGNED on scores', async () => {
    // Prepare
    const fx = await prepared();
    await seedAssignment(fx, { roundId: 'r1', applicationId: 'app-1', reviewerId: 'rev-1', stage: 'onsite' });
    const before = await getApplication(fx.deps, reviewer('rev-1'), { applicationId: 'app-1' });
    // Act
    await declareConflict(fx.deps, reviewer('rev-1'), { applicationId: 'app-1', reason: '曾为其提供咨询' });
    // Assess
    expect(before.application.applicationId).toBe('app-1');
    const read = await caught(() => getApplication(fx.deps, reviewer('rev-1'), { applicationId: 'app-1' }));
    expect(read.code).toBe('NOT_FOUND');
    const score = await caught(() =>
      recordScores(fx.deps, reviewer('rev-1'), { applicationId: 'app-1', stage: 'onsite', items: {} }),
    );
    expect(score.code).toBe('NOT_ASSIGNED');
  });

  it('blocks any later assignment of the reviewer to the application', async () => {
    // Prepare
    const fx = await prepared();
    await seedAssignment(fx, { roundId: 'r1', applicationId: 'app-1', reviewerId: 'rev-1', stage: 'onsite' });
    await declareConflict(fx.deps, reviewer('rev-1'), { applicationId: 'app-1', reason: '亲属关系' });
    // Act
    const error = await caught(() =>
      assignReviewers(fx.deps, STAFF, {
        roundId: 'r1',
        stage: 'onsite',
        applicationId: 'app-1',
        reviewerIds: ['rev-1'],
      }),
    );
    // Assess
    expect(error.code).toBe('CONFLICT_OF_INTEREST');
  });

  it('answers NOT_FOUND to a reviewer who is not assigned (or to an unknown application)', async () => {
    // Prepare
    const fx = await prepared();
    await seedAssignment(fx, {
      roundId: 'r1',
      applicationId: 'app-1',
      reviewerId: 'rev-1',
      stage: 'material',
      status: 'withdrawn',
    });
    // Act
    const withdrawn = await caught(() =>
      declareConflict(fx.deps, reviewer('rev-1'), { applicationId: 'app-1', reason: '理由' }),
    );
    const unknown = await caught(() =>
      declareConflict(fx.deps, reviewer('rev-1'), { applicationId: 'nope', reason: '理由' }),
    );
    const staff = await caught(() =>
      declareConflict(fx.deps, STAFF, { applicationId: 'app-1', reason: '理由' }),
    );
    // Assess
    expect(withdrawn.code).toBe('NOT_FOUND');
    expect(unknown.code).toBe('NOT_FOUND');
    expect(staff.code).toBe('FORBIDDEN');
  });

  it('needs a reason', async () => {
    // Prepare
    const fx = await prepared();
    await seedAssignment(fx, { roundId: 'r1', applicationId: 'app-1', reviewerId: 'rev-1', stage: 'onsite' });
    // Act
    const error = await caught(() =>
      declareConflict(fx.deps, reviewer('rev-1'), { applicationId: 'app-1', reason: ' ' }),
    );
    // Assess
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.findings[0]?.path).toBe('reason');
  });
});

describe('dismissConflict', () => {
  it('records a dismissal of an employer match, after which the reviewer can be assigned', async () => {
    // Prepare
    const fx = await prepared();
    // Act
    const dismissal = await dismissConflict(fx.deps, STAFF, {
      applicationId: 'app-1',
      reviewerId: 'rev-2',
      reason: ' 同名不同企业，系信用代码录入错误 ',
    });
    const assigned = await assignReviewers(fx.deps, STAFF, {
      roundId: 'r1',
      stage: 'onsite',
      applicationId: 'app-1',
      reviewerIds: ['rev-2'],
    });
    // Assess
    expect(dismissal).toMatchObject({
      kind: 'dismissed',
      reason: '同名不同企业，系信用代码录入错误',
      version: 1,
    });
    expect(assigned[0]?.status).toBe('active');
    const audit = await fx.store.listAudit('app-1');
    expect(audit[0]?.action).toBe('conflict.dismissed');
  });

  it('replaces an earlier dismissal of the same pair', async () => {
    // Prepare
    const fx = await prepared();
    await dismissConflict(fx.deps, STAFF, { applicationId: 'app-1', reviewerId: 'rev-2', reason: '第一次' });
    // Act
    const second = await dismissConflict(fx.deps, STAFF, {
      applicationId: 'app-1',
      reviewerId: 'rev-2',
      reason: '第二次',
    });
    // Assess
    expect(second).toMatchObject({ reason: '第二次', version: 2 });
  });

  it('never dismisses a declared conflict (409 ILLEGAL_TRANSITION)', async () => {
    // Prepare
    const fx = await prepared();
    await seedAssignment(fx, { roundId: 'r1', applicationId: 'app-1', reviewerId: 'rev-2', stage: 'onsite' });
    await declareConflict(fx.deps, reviewer('rev-2'), {
      applicationId: 'app-1',
      reason: '本人曾任该企业顾问',
    });
    // Act
    const error = await caught(() =>
      dismissConflict(fx.deps, STAFF, { applicationId: 'app-1', reviewerId: 'rev-2', reason: '误判' }),
    );
    // Assess
    expect(error.code).toBe('ILLEGAL_TRANSITION');
    expect(error.message).toContain('不能撤销');
    expect(error.findings[0]?.path).toBe('reviewerId');
  });

  it('never dismisses a disqualification, and needs a reason for an employer match', async () => {
    // Prepare
    const fx = await prepared();
    await seedReviewer(fx, { reviewerId: 'bad', name: '甲', disqualified: { at: 'x', reason: '徇私' } });
    // Act
    const disqualified = await caught(() =>
      dismissConflict(fx.deps, STAFF, { applicationId: 'app-1', reviewerId: 'bad', reason: '误判' }),
    );
    const noReason = await caught(() =>
      dismissConflict(fx.deps, STAFF, { applicationId: 'app-1', reviewerId: 'rev-2', reason: ' ' }),
    );
    // Assess
    expect(disqualified.code).toBe('ILLEGAL_TRANSITION');
    expect(disqualified.message).toContain('第二十九条');
    expect(noReason.code).toBe('VALIDATION_FAILED');
  });

  it('refuses when there is nothing to dismiss, or the reviewer or application is unknown', async () => {
    // Prepare
    const fx = await prepared();
    // Act
    const nothing = await caught(() =>
      dismissConflict(fx.deps, STAFF, { applicationId: 'app-1', reviewerId: 'rev-1', reason: '误判' }),
    );
    const ghost = await caught(() =>
      dismissConflict(fx.deps, STAFF, { applicationId: 'app-1', reviewerId: 'ghost', reason: '误判' }),
    );
    const noApp = await caught(() =>
      dismissConflict(fx.deps, STAFF, { applicationId: 'nope', reviewerId: 'rev-2', reason: '误判' }),
    );
    const notStaff = await caught(() =>
      dismissConflict(fx.deps, reviewer('rev-1'), {
        applicationId: 'app-1',
        reviewerId: 'rev-2',
        reason: '误判',
      }),
    );
    // Assess
    expect(nothing.code).toBe('STAGE_PRECONDITION_FAILED');
    expect(ghost.code).toBe('NOT_FOUND');
    expect(ghost.findings[0]?.path).toBe('reviewerId');
    expect(noApp.code).toBe('NOT_FOUND');
    expect(notStaff.code).toBe('FORBIDDEN');
  });
});
