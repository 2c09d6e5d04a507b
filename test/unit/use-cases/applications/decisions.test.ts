import { beforeEach, describe, expect, it } from 'vitest';
import { createApplication } from '../../../../functions/use-cases/create-application.ts';
import { recordQualification } from '../../../../functions/use-cases/record-qualification.ts';
import { recordRecommendation } from '../../../../functions/use-cases/record-recommendation.ts';
import { withdrawApplication } from '../../../../functions/use-cases/withdraw-application.ts';
import {
  applicant,
  organizationBody,
  recommender,
  roundRecord,
  saveRound,
  setRoundStage,
  staff,
  submittedApplication,
  supervisor,
  type TestDeps,
  testDeps,
} from '../../../support/applications-fixtures.ts';

const actionsOf = async (deps: TestDeps, id: string) => (await deps.store.listAudit(id)).map((e) => e.action);

describe('withdrawApplication', () => {
  let deps: TestDeps;

  beforeEach(async () => {
    deps = testDeps();
    await saveRound(deps.store, roundRecord());
  });

  it('withdraws a draft and a submitted application, audited with the reason', async () => {
    // Prepare
    const draft = await createApplication(deps, applicant(), {
      roundId: 'round-2',
      body: organizationBody(),
    });
    const { applicationId } = await submittedApplication(deps);

    // Act
    const fromDraft = await withdrawApplication(deps, applicant(), {
      applicationId: draft.application.applicationId,
    });
    const fromSubmitted = await withdrawApplication(deps, applicant(), {
      applicationId,
      reason: ' 企业重组 ',
    });

    // Assess
    expect(fromDraft.application.status).toBe('withdrawn');
    expect(fromSubmitted).toMatchObject({ owner: true, application: { status: 'withdrawn' } });
    expect((await deps.store.getApplication(applicationId))?.status).toBe('withdrawn');
    const trail = await deps.store.listAudit(applicationId);
    expect(trail.at(-1)).toMatchObject({ action: 'application.withdrawn', after: { reason: '企业重组' } });
  });

  it('refuses once qualification is over (STAGE_CLOSED) and twice (ILLEGAL_TRANSITION)', async () => {
    // Prepare
    const first = await submittedApplication(deps);
    const second = await submittedApplication(deps);
    await withdrawApplication(deps, applicant(), { applicationId: first.applicationId });
    await setRoundStage(deps.store, 'round-2', 'accepted-publicity');

    // Act
    const twice = withdrawApplication(deps, applicant(), { applicationId: first.applicationId });
    const late = withdrawApplication(deps, applicant(), { applicationId: second.applicationId });

    // Assess
    await expect(twice).rejects.toMatchObject({ code: 'ILLEGAL_TRANSITION' });
    await expect(late).rejects.toMatchObject({ code: 'STAGE_CLOSED' });
  });

  it('answers NOT_FOUND to anyone but the owner', async () => {
    // Prepare
    const { applicationId } = await submittedApplication(deps);

    // Act
    const attempt = withdrawApplication(deps, applicant('intruder'), { applicationId });

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('recordRecommendation', () => {
  let deps: TestDeps;
  let applicationId: string;

  beforeEach(async () => {
    deps = testDeps();
    await saveRound(deps.store, roundRecord());
    ({ applicationId } = await submittedApplication(deps));
  });

  it('records a recommendation once, with the opinion, and audits application.recommended', async () => {
    // Act
    const view = await recordRecommendation(deps, recommender('140105'), {
      applicationId,
      decision: 'recommend',
      opinion: '  经初审，符合申报条件，同意推荐。 ',
    });
    const again = recordRecommendation(deps, recommender('140105'), {
      applicationId,
      decision: 'decline',
      opinion: '改变主意',
    });

    // Assess
    expect(view).toMatchObject({
      owner: false,
      application: {
        status: 'recommended',
        recommendation: {
          decision: 'recommend',
          opinion: '经初审，符合申报条件，同意推荐。',
          by: 'recommender-140105',
          at: '2026-04-01T02:00:00.000Z',
        },
      },
    });
    await expect(again).rejects.toMatchObject({ code: 'ILLEGAL_TRANSITION' });
    expect(await actionsOf(deps, applicationId)).toContain('application.recommended');
  });

  it('records a decline as not-recommended, audited application.declined', async () => {
    // Act
    const view = await recordRecommendation(deps, recommender('140105'), {
      applicationId,
      decision: 'decline',
      opinion: '近三年有行政处罚记录，不予推荐。',
    });

    // Assess
    expect(view.application.status).toBe('not-recommended');
    expect(await actionsOf(deps, applicationId)).toContain('application.declined');
  });

  it('answers NOT_FOUND to another jurisdiction and FORBIDDEN to other roles', async () => {
    // Act
    const other = recordRecommendation(deps, recommender('140106'), {
      applicationId,
      decision: 'recommend',
      opinion: '同意',
    });
    const byStaff = recordRecommendation(deps, staff(), {
      applicationId,
      decision: 'recommend',
      opinion: '同意',
    });
    const missing = recordRecommendation(deps, recommender(), {
      applicationId: 'app_x',
      decision: 'recommend',
      opinion: '同意',
    });

    // Assess
    await expect(other).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(byStaff).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(missing).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('requires an opinion of 1..2000 characters', async () => {
    // Act
    const empty = recordRecommendation(deps, recommender(), {
      applicationId,
      decision: 'recommend',
      opinion: '  ',
    });
    const long = recordRecommendation(deps, recommender(), {
      applicationId,
      decision: 'recommend',
      opinion: '长'.repeat(2001),
    });

    // Assess
    await expect(empty).rejects.toMatchObject({ code: 'VALIDATION_FAILED', findings: [{ path: 'opinion' }] });
    await expect(long).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('refuses a draft (NOT_FOUND: its owner’s alone, PIPL Art. 29) and a round past qualification (STAGE_CLOSED)', async () => {
    // Prepare
    const draft = await createApplication(deps, applicant(), {
      roundId: 'round-2',
      body: organizationBody(),
    });
    const onDraft = recordRecommendation(deps, recommender(), {
      applicationId: draft.application.applicationId,
      decision: 'recommend',
      opinion: '同意',
    });
    await expect(onDraft).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await setRoundStage(deps.store, 'round-2', 'accepted-publicity');

    // Act
    const late = recordRecommendation(deps, recommender(), {
      applicationId,
      decision: 'recommend',
      opinion: '同意',
    });

    // Assess
    await expect(late).rejects.toMatchObject({ code: 'STAGE_CLOSED' });
  });
});

describe('recordQualification', () => {
  let deps: TestDeps;
  let applicationId: string;

  beforeEach(async () => {
    deps = testDeps();
    await saveRound(deps.store, roundRecord());
    ({ applicationId } = await submittedApplication(deps));
    await recordRecommendation(deps, recommender(), {
      applicationId,
      decision: 'recommend',
      opinion: '同意推荐',
    });
    await setRoundStage(deps.store, 'round-2', 'qualification');
  });

  it('qualifies a recommended application and audits application.qualified', async () => {
    // Act
    const view = await recordQualification(deps, staff(), { applicationId, decision: 'qualified' });

    // Assess
    expect(view.application).toMatchObject({
      status: 'qualified',
      qualification: { decision: 'qualified', by: 'staff-1', at: '2026-04-01T02:00:00.000Z' },
    });
    expect(view.application.qualification).not.toHaveProperty('reason');
    expect(await actionsOf(deps, applicationId)).toContain('application.qualified');
  });

  it('disqualifies with a reason, audited application.disqualified', async () => {
    // Act
    const view = await recordQualification(deps, staff(), {
      applicationId,
      decision: 'disqualified',
      reason: ' 证实材料不完整 ',
    });

    // Assess
    expect(view.application).toMatchObject({
      status: 'disqualified',
      qualification: { decision: 'disqualified', reason: '证实材料不完整' },
    });
    expect(await actionsOf(deps, applicationId)).toContain('application.disqualified');
  });

  it('requires a reason to disqualify', async () => {
    // Act
    const attempt = recordQualification(deps, staff(), {
      applicationId,
      decision: 'disqualified',
      reason: ' ',
    });

    // Assess
    await expect(attempt).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      findings: [{ path: 'reason' }],
    });
  });

  it('refuses outside the qualification stage with STAGE_CLOSED', async () => {
    // Prepare
    await setRoundStage(deps.store, 'round-2', 'accepted-publicity');

    // Act
    const attempt = recordQualification(deps, staff(), { applicationId, decision: 'qualified' });

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'STAGE_CLOSED' });
  });

  it('qualifies only recommended applications (ILLEGAL_TRANSITION otherwise)', async () => {
    // Prepare
    await recordQualification(deps, staff(), { applicationId, decision: 'qualified' });

    // Act
    const again = recordQualification(deps, staff(), {
      applicationId,
      decision: 'disqualified',
      reason: '重复',
    });

    // Assess
    await expect(again).rejects.toMatchObject({ code: 'ILLEGAL_TRANSITION' });
  });

  it('refuses other roles (FORBIDDEN) and unknown applications (NOT_FOUND)', async () => {
    // Act
    const bySupervisor = recordQualification(deps, supervisor(), { applicationId, decision: 'qualified' });
    const missing = recordQualification(deps, staff(), { applicationId: 'app_x', decision: 'qualified' });

    // Assess
    await expect(bySupervisor).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(missing).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
