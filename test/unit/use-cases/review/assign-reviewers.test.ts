import { describe, expect, it } from 'vitest';
import { assignReviewers } from '../../../../functions/use-cases/assign-reviewers.ts';
import {
  caught,
  creditCode,
  ORG_CODE,
  type ReviewFixture,
  reviewFixture,
  STAFF,
  SUPERVISOR,
  seedApplication,
  seedAssignment,
  seedReviewer,
  seedRound,
} from '../../../support/review-fixtures.ts';

async function prepared(stage: 'material-review' | 'onsite-review' | 'defense' = 'material-review') {
  const fx = reviewFixture();
  await seedRound(fx, { roundId: 'r1', stage, selectedForOnsite: ['app-1'] });
  await seedApplication(fx, { applicationId: 'app-1', roundId: 'r1' });
  await seedReviewer(fx, { reviewerId: 'rev-1', name: '王教授', organizationCode: creditCode(3) });
  await seedReviewer(fx, { reviewerId: 'rev-2', name: '李研究员' });
  return fx;
}

const assign = (
  fx: ReviewFixture,
  reviewerIds: string[],
  stage: 'material' | 'onsite' | 'defense' = 'material',
) => assignReviewers(fx.deps, STAFF, { roundId: 'r1', stage, applicationId: 'app-1', reviewerIds });

describe('assignReviewers', () => {
  it('creates active assignments and audits assignment.created on the application', async () => {
    // Prepare
    const fx = await prepared();
    // Act
    const result = await assign(fx, ['rev-1', 'rev-2']);
    // Assess
    expect(result.map((a) => [a.reviewerId, a.status, a.version])).toEqual([
      ['rev-1', 'active', 1],
      ['rev-2', 'active', 1],
    ]);
    const stored = await fx.store.listAssignmentsForApplication('app-1');
    expect(stored).toHaveLength(2);
    const audit = await fx.store.listAudit('app-1');
    expect(audit.map((e) => e.action)).toEqual(['assignment.created', 'assignment.created']);
  });

  it('treats re-assigning an active assignment as a no-op', async () => {
    // Prepare
    const fx = await prepared();
    await assign(fx, ['rev-1']);
    // Act
    const result = await assign(fx, ['rev-1', 'rev-2']);
    // Assess
    expect(result.map((a) => [a.reviewerId, a.version])).toEqual([
      ['rev-1', 1],
      ['rev-2', 1],
    ]);
    expect((await fx.store.listAudit('app-1')).length).toBe(2);
  });

  it('reactivates a withdrawn assignment with its version', async () => {
    // Prepare
    const fx = await prepared();
    await seedAssignment(fx, {
      roundId: 'r1',
      applicationId: 'app-1',
      reviewerId: 'rev-2',
      status: 'withdrawn',
    });
    // Act
    const [assignment] = await assign(fx, ['rev-2']);
    // Assess
    expect(assignment).toMatchObject({ status: 'active', version: 2 });
  });

  it('refuses a current employer with CONFLICT_OF_INTEREST naming the reviewer at reviewerIds[i]', async () => {
    // Prepare
    const fx = await prepared();
    await seedReviewer(fx, { reviewerId: 'rev-3', name: '张总', organizationCode: ORG_CODE });
    // Act
    const error = await caught(() => assign(fx, ['rev-1', 'rev-3']));
    // Assess
    expect(error.code).toBe('CONFLICT_OF_INTEREST');
    expect(error.message).toContain('张总');
    expect(error.findings.map((f) => f.path)).toEqual(['reviewerIds[1]']);
    expect(await fx.store.listAssignmentsForApplication('app-1')).toEqual([]);
  });

  it('refuses a former employer within 3 years, but not one left longer ago', async () => {
    // Prepare
    const fx = await prepared();
    await seedReviewer(fx, {
      reviewerId: 'recent',
      name: '近期离职',
      formerEmployers: [{ creditCode: ORG_CODE, until: '2023-07-01' }],
    });
    await seedReviewer(fx, {
      reviewerId: 'long-ago',
      name: '早已离职',
      formerEmployers: [{ creditCode: ORG_CODE, until: '2023-06-30' }],
    });
    // Act
    const error = await caught(() => assign(fx, ['recent']));
    const ok = await assign(fx, ['long-ago']);
    // Assess
    expect(error.code).toBe('CONFLICT_OF_INTEREST');
    expect(ok).toHaveLength(1);
  });

  it('honours a staff dismissal but never a declaration', async () => {
    // Prepare
    const fx = await prepared();
    await seedReviewer(fx, { reviewerId: 'rev-3', name: '张总', organizationCode: ORG_CODE });
    const conflict = (reviewerId: string, kind: 'declared' | 'dismissed') => ({
      op: 'put' as const,
      entity: {
        type: 'conflict' as const,
        record: {
          version: 0,
          roundId: 'r1',
          applicationId: 'app-1',
          reviewerId,
          kind,
          reason: '理由',
          at: 'x',
          by: 'y',
        },
      },
    });
    await fx.store.commit({
      changes: [conflict('rev-3', 'dismissed'), conflict('rev-2', 'declared')],
      audit: [],
    });
    // Act
    const ok = await assign(fx, ['rev-3']);
    const error = await caught(() => assign(fx, ['rev-2']));
    // Assess
    expect(ok[0]?.reviewerId).toBe('rev-3');
    expect(error.code).toBe('CONFLICT_OF_INTEREST');
    expect(error.findings[0]?.message).toContain('本人申报回避');
  });

  it('refuses a reviewer disqualified by profile or by a sanction covering the round (Art. 29)', async () => {
    // Prepare
    const fx = await prepared();
    await seedReviewer(fx, { reviewerId: 'bad', name: '甲', disqualified: { at: 'x', reason: '徇私' } });
    const sanction = (sanctionId: string, from: number, through: number) => ({
      op: 'put' as const,
      entity: {
        type: 'sanction' as const,
        record: {
          version: 0,
          sanctionId,
          kind: 'reviewer-disqualified' as const,
          subjectType: 'reviewer' as const,
          subjectKey: 'rev-2',
          subjectMasked: 'rev-2',
          barredFromOrdinal: from,
          barredThroughOrdinal: through,
          reason: '滥用职权',
          source: { imported: true },
          createdAt: '2026-01-01T00:00:00.000Z',
          createdBy: 'staff-1',
        },
      },
    });
    // Act
    const byProfile = await caught(() => assign(fx, ['bad']));
    await fx.store.commit({ changes: [sanction('s-old', 5, 6)], audit: [] });
    const notCovered = await assign(fx, ['rev-2']);
    await fx.store.commit({ changes: [sanction('s-now', 1, 3)], audit: [] });
    const covered = await caught(() => assign(fx, ['rev-2']));
    // Assess
    expect(byProfile.findings[0]).toMatchObject({ path: 'reviewerIds[0]', article: '第二十九条' });
    expect(notCovered).toHaveLength(1);
    expect(covered.code).toBe('CONFLICT_OF_INTEREST');
  });

  it('refuses unknown reviewers with NOT_FOUND listing each', async () => {
    // Prepare
    const fx = await prepared();
    // Act
    const error = await caught(() => assign(fx, ['rev-1', 'ghost', 'phantom']));
    // Assess
    expect(error.code).toBe('NOT_FOUND');
    expect(error.findings.map((f) => f.path)).toEqual(['reviewerIds[1]', 'reviewerIds[2]']);
  });

  it('assigns a panel of up to 30 reviewers in one write, and refuses a larger one', async () => {
    // Prepare
    const fx = await prepared();
    const ids = Array.from({ length: 31 }, (_, i) => `rev-p${i}`);
    for (const [i, reviewerId] of ids.entries()) await seedReviewer(fx, { reviewerId, name: `专家${i}` });
    // Act
    const tooMany = await caught(() => assign(fx, ids));
    const result = await assign(fx, ids.slice(0, 30));
    // Assess
    expect(tooMany.code).toBe('VALIDATION_FAILED');
    expect(tooMany.findings).toEqual([expect.objectContaining({ path: 'reviewerIds' })]);
    expect(result).toHaveLength(30);
  });

  it('refuses duplicates with VALIDATION_FAILED', async () => {
    // Prepare
    const fx = await prepared();
    // Act
    const error = await caught(() => assign(fx, ['rev-1', 'rev-1']));
    // Assess
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.findings[0]?.path).toBe('reviewerIds[1]');
  });

  it('needs an application of this round that is in review', async () => {
    // Prepare
    const fx = await prepared();
    await seedRound(fx, { roundId: 'r2' });
    await seedApplication(fx, { applicationId: 'app-9', roundId: 'r1', status: 'not-selected' });
    // Act
    const otherRound = await caught(() =>
      assignReviewers(fx.deps, STAFF, {
        roundId: 'r2',
        stage: 'material',
        applicationId: 'app-1',
        reviewerIds: ['rev-1'],
      }),
    );
    const notInReview = await caught(() =>
      assignReviewers(fx.deps, STAFF, {
        roundId: 'r1',
        stage: 'material',
        applicationId: 'app-9',
        reviewerIds: ['rev-1'],
      }),
    );
    const missing = await caught(() =>
      assignReviewers(fx.deps, STAFF, {
        roundId: 'r1',
        stage: 'material',
        applicationId: 'nope',
        reviewerIds: ['rev-1'],
      }),
    );
    const noRound = await caught(() =>
      assignReviewers(fx.deps, STAFF, {
        roundId: 'nope',
        stage: 'material',
        applicationId: 'app-1',
        reviewerIds: ['rev-1'],
      }),
    );
    // Assess
    expect(otherRound.code).toBe('STAGE_PRECONDITION_FAILED');
    expect(notInReview.code).toBe('STAGE_PRECONDITION_FAILED');
    expect(notInReview.message).toContain('未入围');
    expect(missing.code).toBe('NOT_FOUND');
    expect(noRound.code).toBe('NOT_FOUND');
  });

  it('assigns on-site reviewers only to applications selected for on-site review', async () => {
    // Prepare
    const fx = await prepared('onsite-review');
    await seedApplication(fx, { applicationId: 'app-2', roundId: 'r1' });
    // Act
    const selected = await assign(fx, ['rev-1'], 'onsite');
    const error = await caught(() =>
      assignReviewers(fx.deps, STAFF, {
        roundId: 'r1',
        stage: 'defense',
        applicationId: 'app-2',
        reviewerIds: ['rev-1'],
      }),
    );
    // Assess
    expect(selected[0]?.stage).toBe('onsite');
    expect(error.code).toBe('STAGE_PRECONDITION_FAILED');
    expect(error.message).toContain('未入选现场评审名单');
  });

  it('refuses a stage that is already over with STAGE_CLOSED', async () => {
    // Prepare
    const fx = await prepared('defense');
    // Act
    const error = await caught(() => assign(fx, ['rev-1'], 'onsite'));
    const defense = await assign(fx, ['rev-1'], 'defense');
    // Assess
    expect(error.code).toBe('STAGE_CLOSED');
    expect(defense).toHaveLength(1);
  });

  it('is for staff only', async () => {
    // Prepare
    const fx = await prepared();
    // Act
    const error = await caught(() =>
      assignReviewers(fx.deps, SUPERVISOR, {
        roundId: 'r1',
        stage: 'material',
        applicationId: 'app-1',
        reviewerIds: ['rev-1'],
      }),
    );
    // Assess
    expect(error.code).toBe('FORBIDDEN');
  });
});
