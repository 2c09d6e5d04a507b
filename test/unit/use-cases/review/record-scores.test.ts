import { describe, expect, it } from 'vitest';
import { INDIVIDUAL_RUBRIC_2022, ORGANIZATION_RUBRIC_2022 } from '../../../../functions/domain/rubrics.ts';
import { recordScores } from '../../../../functions/use-cases/record-scores.ts';
import {
  caught,
  reviewer,
  reviewFixture,
  STAFF,
  seedApplication,
  seedAssignment,
  seedIndividualApplication,
  seedReviewer,
  seedRound,
} from '../../../support/review-fixtures.ts';

/** Every item of the organization rubric at `ratio` of its maximum (whole points). */
const sheet = (ratio: number, rubric = ORGANIZATION_RUBRIC_2022): Record<string, number> =>
  Object.fromEntries(rubric.items.map((item) => [item.itemId, Math.floor(item.maxPoints * ratio)]));

async function prepared(
  stage: 'material-review' | 'onsite-review' | 'defense' | 'evaluation' = 'material-review',
) {
  const fx = reviewFixture();
  await seedRound(fx, { roundId: 'r1', stage });
  await seedApplication(fx, { applicationId: 'app-1', roundId: 'r1' });
  await seedReviewer(fx, { reviewerId: 'rev-1' });
  await seedAssignment(fx, { roundId: 'r1', applicationId: 'app-1', reviewerId: 'rev-1', stage: 'material' });
  return fx;
}

describe('recordScores', () => {
  it('stores a full sheet with its total and audits score.recorded on the application', async () => {
    // Prepare
    const fx = await prepared();
    // Act
    const score = await recordScores(fx.deps, reviewer('rev-1'), {
      applicationId: 'app-1',
      stage: 'material',
      items: sheet(0.5),
      comment: ' 领导作用突出 ',
    });
    // Assess
    expect(score).toMatchObject({
      stage: 'material',
      reviewerId: 'rev-1',
      comment: '领导作用突出',
      version: 1,
    });
    expect(score.total).toBe(Object.values(sheet(0.5)).reduce((a, b) => a + b, 0));
    expect(score.rubricVersion).toBe('2022.1');
    const audit = await fx.store.listAudit('app-1');
    expect(audit.map((e) => [e.action, e.actor])).toEqual([['score.recorded', 'rev-1']]);
  });

  it('lets the reviewer overwrite their sheet while the stage is open, version-checked', async () => {
    // Prepare
    const fx = await prepared();
    await recordScores(fx.deps, reviewer('rev-1'), {
      applicationId: 'app-1',
      stage: 'material',
      items: sheet(0.5),
    });
    // Act
    const second = await recordScores(fx.deps, reviewer('rev-1'), {
      applicationId: 'app-1',
      stage: 'material',
      items: sheet(0.6),
      version: 1,
    });
    const stale = await caught(() =>
      recordScores(fx.deps, reviewer('rev-1'), {
        applicationId: 'app-1',
        stage: 'material',
        items: sheet(0.7),
        version: 1,
      }),
    );
    // Assess
    expect(second.version).toBe(2);
    expect(stale.code).toBe('VERSION_CONFLICT');
    expect((await fx.store.listScoresForApplication('app-1', 'material'))[0]?.version).toBe(2);
  });

  it('scores an individual application against the individual rubric', async () => {
    // Prepare
    const fx = await prepared();
    await seedIndividualApplication(fx, { applicationId: 'app-2', roundId: 'r1' });
    await seedAssignment(fx, {
      roundId: 'r1',
      applicationId: 'app-2',
      reviewerId: 'rev-1',
      stage: 'material',
    });
    // Act
    const score = await recordScores(fx.deps, reviewer('rev-1'), {
      applicationId: 'app-2',
      stage: 'material',
      items: sheet(1, INDIVIDUAL_RUBRIC_2022),
    });
    const wrongRubric = await caught(() =>
      recordScores(fx.deps, reviewer('rev-1'), {
        applicationId: 'app-2',
        stage: 'material',
        items: sheet(1),
      }),
    );
    // Assess
    expect(score.total).toBe(100);
    expect(wrongRubric.code).toBe('SCORE_OUT_OF_RANGE');
  });

  it('lists every out-of-range or missing item with SCORE_OUT_OF_RANGE', async () => {
    // Prepare
    const fx = await prepared();
    const items = sheet(0.5);
    items['4.1.1'] = 51;
    items['4.1.2'] = 2.5;
    delete items['4.7.1'];
    // Act
    const error = await caught(() =>
      recordScores(fx.deps, reviewer('rev-1'), { applicationId: 'app-1', stage: 'material', items }),
    );
    // Assess
    expect(error.code).toBe('SCORE_OUT_OF_RANGE');
    expect(error.findings.map((f) => f.path).sort()).toEqual(['items.4.1.1', 'items.4.1.2', 'items.4.7.1']);
    expect(await fx.store.listScoresForApplication('app-1')).toEqual([]);
  });

  it('answers 403 NOT_ASSIGNED to a reviewer without an active assignment for that stage', async () => {
    // Prepare
    const fx = await prepared();
    await seedAssignment(fx, {
      roundId: 'r1',
      applicationId: 'app-1',
      reviewerId: 'rev-2',
      stage: 'material',
      status: 'withdrawn',
    });
    // Act
    const otherStage = await caught(() =>
      recordScores(fx.deps, reviewer('rev-1'), {
        applicationId: 'app-1',
        stage: 'onsite',
        items: sheet(0.5),
      }),
    );
    const withdrawn = await caught(() =>
      recordScores(fx.deps, reviewer('rev-2'), {
        applicationId: 'app-1',
        stage: 'material',
        items: sheet(0.5),
      }),
    );
    const unknownApplication = await caught(() =>
      recordScores(fx.deps, reviewer('rev-1'), {
        applicationId: 'nope',
        stage: 'material',
        items: sheet(0.5),
      }),
    );
    const staff = await caught(() =>
      recordScores(fx.deps, STAFF, { applicationId: 'app-1', stage: 'material', items: sheet(0.5) }),
    );
    // Assess
    expect(otherStage.code).toBe('NOT_ASSIGNED');
    expect(withdrawn.code).toBe('NOT_ASSIGNED');
    expect(unknownApplication.code).toBe('NOT_ASSIGNED');
    expect(staff.code).toBe('FORBIDDEN');
  });

  it('answers NOT_ASSIGNED to a reviewer disqualified under Art. 29', async () => {
    // Prepare
    const fx = await prepared();
    await seedReviewer(fx, { reviewerId: 'rev-3', disqualified: { at: 'x', reason: '徇私' } });
    await seedAssignment(fx, {
      roundId: 'r1',
      applicationId: 'app-1',
      reviewerId: 'rev-3',
      stage: 'material',
    });
    // Act
    const error = await caught(() =>
      recordScores(fx.deps, reviewer('rev-3'), {
        applicationId: 'app-1',
        stage: 'material',
        items: sheet(0.5),
      }),
    );
    // Assess
    expect(error.code).toBe('NOT_ASSIGNED');
    expect(error.message).toContain('第二十九条');
  });

  it('refuses a stage that is not open with STAGE_CLOSED', async () => {
    // Prepare
    const fx = await prepared('onsite-review');
    // Act
    const error = await caught(() =>
      recordScores(fx.deps, reviewer('rev-1'), {
        applicationId: 'app-1',
        stage: 'material',
        items: sheet(0.5),
      }),
    );
    // Assess
    expect(error.code).toBe('STAGE_CLOSED');
    expect(error.message).toContain('材料评审');
  });

  it('refuses an application that is no longer in review with STAGE_CLOSED', async () => {
    // Prepare
    const fx = await prepared();
    await seedApplication(fx, {
      applicationId: 'app-3',
      roundId: 'r1',
      status: 'withdrawn',
      submittedAt: '2026-03-01T00:00:00.000Z',
    });
    await seedAssignment(fx, {
      roundId: 'r1',
      applicationId: 'app-3',
      reviewerId: 'rev-1',
      stage: 'material',
    });
    // Act
    const error = await caught(() =>
      recordScores(fx.deps, reviewer('rev-1'), {
        applicationId: 'app-3',
        stage: 'material',
        items: sheet(0.5),
      }),
    );
    // Assess
    expect(error.code).toBe('STAGE_CLOSED');
  });
});
