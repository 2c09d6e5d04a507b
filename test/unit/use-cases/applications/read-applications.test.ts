import { beforeEach, describe, expect, it } from 'vitest';
import { createApplication } from '../../../../functions/use-cases/create-application.ts';
import { getApplication } from '../../../../functions/use-cases/get-application.ts';
import { listMyApplications } from '../../../../functions/use-cases/list-my-applications.ts';
import { listRoundApplications } from '../../../../functions/use-cases/list-round-applications.ts';
import { submitApplication } from '../../../../functions/use-cases/submit-application.ts';
import { withdrawApplication } from '../../../../functions/use-cases/withdraw-application.ts';
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
    // Submitted: before that the application is its owner's alone (PIPL Art. 29, below).
    ({ applicationId } = await submittedApplication(deps));
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

  it.each([
    ['staff', staff()],
    ['leader', leader()],
    ['supervisor', supervisor()],
    ['its recommender', recommender('140105')],
    ['an assigned reviewer', reviewer()],
  ])('hides a draft from %s until it is submitted (PIPL Art. 29)', async (_name, actor) => {
    // Prepare
    const { applicationId: draftId } = await draftWithEvidence(deps);
    await saveAssignment(deps.store, assignmentRecord({ applicationId: draftId }));
    const hidden = await getApplication(deps, actor, { applicationId: draftId }).catch((e: unknown) => e);
    const byOwner = await getApplication(deps, applicant(), { applicationId: draftId });

    // Act
    await submitApplication(deps, applicant(), { applicationId: draftId });
    const shown = await getApplication(deps, actor, { applicationId: draftId });

    // Assess
    expect(hidden).toMatchObject({ code: 'NOT_FOUND' });
    expect(byOwner.owner).toBe(true);
    expect(shown.application.status).toBe('submitted');
  });

  it('keeps a draft withdrawn before submission private, and shows one withdrawn after it', async () => {
    // Prepare
    const { applicationId: draftId } = await draftWithEvidence(deps);
    await withdrawApplication(deps, applicant(), { applicationId: draftId });
    await withdrawApplication(deps, applicant(), { applicationId });

    // Act
    const withdrawnDraft = getApplication(deps, staff(), { applicationId: draftId });
    const withdrawnSubmitted = await getApplication(deps, staff(), { applicationId });

    // Assess
    await expect(withdrawnDraft).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(withdrawnSubmitted.application.status).toBe('withdrawn');
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
    await submittedApplication(deps, applicant('a4'), organizationBody({ jurisdiction: '140105' }));
    await withdrawApplication(deps, applicant('a4'), {
      applicationId: (await listMyApplications(deps, applicant('a4'))).items[0]!.application.applicationId,
    });
    // A draft: listed to no one but its owner (PIPL Art. 29).
    await createApplication(deps, applicant('a3'), {
      roundId: 'round-2',
      body: organizationBody({ jurisdiction: '140105' }),
    });
  });

  it('lists every application but drafts to staff, with a status filter', async () => {
    // Act
    const all = await listRoundApplications(deps, staff(), { roundId: 'round-2' });
    const submitted = await listRoundApplications(deps, staff(), { roundId: 'round-2', status: 'submitted' });
    const drafts = await listRoundApplications(deps, staff(), { roundId: 'round-2', status: 'draft' });

    // Assess
    expect(all.items).toHaveLength(3);
    expect(all.items.map((v) => v.application.ownerSub).sort()).toEqual(['a1', 'a2', 'a4']);
    expect(all.items.every((v) => v.owner === false)).toBe(true);
    expect(submitted.items.map((v) => v.application.ownerSub).sort()).toEqual(['a1', 'a2']);
    expect(drafts.items).toEqual([]);
  });

  it('lists only its own jurisdiction to a recommender', async () => {
    // Act
    const page = await listRoundApplications(deps, recommender('140106'), { roundId: 'round-2' });

    // Assess
    expect(page.items.map((v) => v.application.jurisdiction)).toEqual(['140106']);
  });

  it('leaves its jurisdiction’s draft out of a recommender’s list', async () => {
    // Act
    const page = await listRoundApplications(deps, recommender('140105'), { roundId: 'round-2' });

    // Assess
    expect(page.items.map((v) => v.application.ownerSub).sort()).toEqual(['a1', 'a4']);
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
