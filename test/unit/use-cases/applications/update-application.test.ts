import { describe, expect, it } from 'vitest';
import { createApplication } from '../../../../functions/use-cases/create-application.ts';
import { requestEvidenceUpload } from '../../../../functions/use-cases/request-evidence-upload.ts';
import { changedPaths, updateApplication } from '../../../../functions/use-cases/update-application.ts';
import {
  applicant,
  evidenceFile,
  individualBody,
  member,
  organizationBody,
  roundRecord,
  saveRound,
  setRoundStage,
  testDeps,
} from '../../../support/applications-fixtures.ts';

async function prepared() {
  const deps = testDeps();
  await saveRound(deps.store, roundRecord());
  const created = await createApplication(deps, applicant(), {
    roundId: 'round-2',
    body: organizationBody(),
  });
  return { deps, applicationId: created.application.applicationId, version: created.application.version };
}

describe('changedPaths', () => {
  it('names the leaves that differ, arrays by index, never the values', () => {
    // Act
    const paths = changedPaths(
      { a: { b: 1, c: 'x' }, m: [{ id: '1' }], same: true },
      { a: { b: 2, c: 'x' }, m: [{ id: '1' }, { id: '2' }], same: true, added: 'y' },
    );

    // Assess
    expect(paths).toEqual(['a.b', 'added', 'm[1].id']);
  });
});

describe('updateApplication', () => {
  it('may change the category: the other category’s data is dropped', async () => {
    // Prepare
    const { deps, applicationId, version } = await prepared();

    // Act
    const view = await updateApplication(deps, applicant(), {
      applicationId,
      expectedVersion: version,
      body: individualBody({ members: [member()] }),
    });

    // Assess
    expect(view.application).toMatchObject({ category: 'individual', version: version + 1 });
    expect(view.application.organization).toBeUndefined();
    expect(view.application.members).toHaveLength(1);
    expect((await deps.store.getApplication(applicationId))?.organization).toBeUndefined();
  });

  it('counts an evidence upload as an edit: the version read before it is stale', async () => {
    // Prepare
    const { deps, applicationId, version } = await prepared();
    await requestEvidenceUpload(deps, applicant(), { applicationId, ...evidenceFile().declaration });

    // Act
    const stale = updateApplication(deps, applicant(), {
      applicationId,
      expectedVersion: version,
      body: organizationBody(),
    });

    // Assess
    await expect(stale).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
    expect((await deps.store.listEvidence(applicationId)).length).toBe(1);
  });

  it('answers STAGE_CLOSED after the call and NOT_FOUND to another applicant', async () => {
    // Prepare
    const { deps, applicationId, version } = await prepared();
    const byOther = updateApplication(deps, applicant('applicant-2'), {
      applicationId,
      expectedVersion: version,
      body: organizationBody(),
    });
    await expect(byOther).rejects.toMatchObject({ code: 'NOT_FOUND' });
    deps.clock.set('2026-06-30T16:00:00Z');

    // Act
    const late = updateApplication(deps, applicant(), {
      applicationId,
      expectedVersion: version,
      body: organizationBody(),
    });
    await setRoundStage(deps.store, 'round-2', 'qualification');
    const afterStage = updateApplication(deps, applicant(), {
      applicationId,
      expectedVersion: version,
      body: organizationBody(),
    });

    // Assess
    await expect(late).rejects.toMatchObject({ code: 'STAGE_CLOSED' });
    await expect(afterStage).rejects.toMatchObject({ code: 'STAGE_CLOSED' });
  });
});
