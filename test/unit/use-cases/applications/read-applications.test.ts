import { beforeEach, describe, expect, it } from 'vitest';
import { createApplication } from '../../../../functions/use-cases/create-application.ts';
import { getApplication } from '../../../../functions/use-cases/get-application.ts';
import { listMyApplications } from '../../../../functions/use-cases/list-my-applications.ts';
import { listRoundApplications } from '../../../../functions/use-cases/list-round-applications.ts';
import {
  applicant,
  assignmentRecord,
  draftWithEvidence,
  leader,
  organizationBody,
  recommender,
  reviewer,
  roundRecord,
  saveAssignment,
  saveRound,
  staff,
  submittedApplication,
  supervisor,
  type TestDeps,
  testDeps,
} from '../../../support/applications-fixtures.ts';

describe('getApplication', () => {
  let deps: TestDeps;
  let applicationId: string;

  beforeEach(async () => {
    deps = testDeps();
    await saveRound(deps.store, roundRecord());
    ({ applicationId } = await draftWithEvidence(deps));
  });

  it('shows the owner its application with evidence, as owner', async () => {
    // Act
    const view = await getApplication(deps, applicant(), { applicationId });

    // Assess
    expect(view.owner).toBe(true);
    expect(view.application.applicationId).toBe(applicationId);
    expect(view.evidence).toEqual([expect.objectContaining({ status: 'verified' })]);
  });

  it.each([
    ['staff', staff()],
    ['leader', leader()],
    ['supervisor', supervisor()],
    ['its recommender', recommender('140105')],
  ])('shows %s the application, not as owner', async (_name, actor) => {
    // Act
    const view = await getApplication(deps, actor, { applicationId });

    // Assess
    expect(view.owner).toBe(false);
  });

  it('shows a reviewer only while an assignment to it is active', async () => {
    // Prepare
    const before = await getApplication(deps, reviewer(), { applicationId }).catch((e: unknown) => e);
    await saveAssignment(deps.store, assignmentRecord({ applicationId }));
    const assigned = await getApplication(deps, reviewer(), { applicationId });
    const stored = (await deps.store.listAssignmentsForApplication(applicationId))[0]!;
    await saveAssignment(deps.store, { ...stored, status: 'withdrawn' });

    // Act
    const after = getApplication(deps, reviewer(), { applicationId });

    // Assess
    expect(before).toMatchObject({ code: 'NOT_FOUND' });
    expect(assigned.owner).toBe(false);
    await expect(after).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it.each([
    ['another applicant', applicant('applicant-2')],
    ['another jurisdiction', recommender('140106')],
    ['a recommender without jurisdiction', { sub: 'r', roles: ['recommender'] }],
    ['an unassigned reviewer', reviewer('reviewer-9')],
  ])('answers NOT_FOUND to %s', async (_name, actor) => {
    // Act
    const attempt = getApplication(deps, actor, { applicationId });

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('answers NOT_FOUND for an unknown id', async () => {
    // Act
    const attempt = getApplication(deps, staff(), { applicationId: 'app_missing' });

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('listRoundApplications', () => {
  let deps: TestDeps;

  beforeEach(async () => {
    deps = testDeps();
    await saveRound(deps.store, roundRecord());
    await submittedApplication(deps, applicant('a1'), organizationBody({ jurisdiction: '140105' }));
    await submittedApplication(deps, applicant('a2'), organizationBody({ jurisdiction: '140106' }));
    await createApplication(deps, applicant('a3'), {
      roundId: 'round-2',
      body: organizationBody({ jurisdiction: '140105' }),
    });
  });

  it('lists every application to staff, with a status filter', async () => {
    // Act
    const all = await listRoundApplications(deps, staff(), { roundId: 'round-2' });
    const submitted = await listRoundApplications(deps, staff(), { roundId: 'round-2', status: 'submitted' });

    // Assess
    expect(all.items).toHaveLength(3);
    expect(all.items.every((v) => v.owner === false)).toBe(true);
    expect(submitted.items.map((v) => v.application.ownerSub).sort()).toEqual(['a1', 'a2']);
  });

  it('lists only its own jurisdiction to a recommender', async () => {
    // Act
    const page = await listRoundApplications(deps, recommender('140106'), { roundId: 'round-2' });

    // Assess
    expect(page.items.map((v) => v.application.jurisdiction)).toEqual(['140106']);
  });

  it('lists nothing to a recommender without a jurisdiction claim', async () => {
    // Act
    const page = await listRoundApplications(
      deps,
      { sub: 'r', roles: ['recommender'] },
      { roundId: 'round-2' },
    );

    // Assess
    expect(page).toEqual({ items: [] });
  });

  it('pages with limit and nextToken', async () => {
    // Act
    const first = await listRoundApplications(deps, supervisor(), { roundId: 'round-2', limit: 2 });
    const second = await listRoundApplications(deps, supervisor(), {
      roundId: 'round-2',
      limit: 2,
      nextToken: first.nextToken!,
    });

    // Assess
    expect(first.items).toHaveLength(2);
    expect(first.nextToken).toEqual(expect.any(String));
    expect(second.items).toHaveLength(1);
    expect(second.nextToken).toBeUndefined();
  });

  it('refuses applicants and reviewers (FORBIDDEN) and unknown rounds (NOT_FOUND)', async () => {
    // Act
    const byApplicant = listRoundApplications(deps, applicant('a1'), { roundId: 'round-2' });
    const byReviewer = listRoundApplications(deps, reviewer(), { roundId: 'round-2' });
    const unknown = listRoundApplications(deps, staff(), { roundId: 'nope' });

    // Assess
    await expect(byApplicant).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(byReviewer).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(unknown).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('listMyApplications', () => {
  it('lists the caller’s own applications only, newest first, as owner', async () => {
    // Prepare
    const deps = testDeps();
    await saveRound(deps.store, roundRecord());
    const first = await createApplication(deps, applicant(), {
      roundId: 'round-2',
      body: organizationBody(),
    });
    deps.clock.set('2026-04-02T00:00:00Z');
    const second = await createApplication(deps, applicant(), {
      roundId: 'round-2',
      body: organizationBody(),
    });
    await createApplication(deps, applicant('someone-else'), {
      roundId: 'round-2',
      body: organizationBody(),
    });

    // Act
    const mine = await listMyApplications(deps, applicant());

    // Assess
    expect(mine.items.map((v) => v.application.applicationId)).toEqual([
      second.application.applicationId,
      first.application.applicationId,
    ]);
    expect(mine.items.every((v) => v.owner)).toBe(true);
  });

  it('refuses callers without the applicant role', async () => {
    // Act
    const attempt = listMyApplications(testDeps(), staff());

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
