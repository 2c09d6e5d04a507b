import { beforeEach, describe, expect, it } from 'vitest';
import { createApplication } from '../../../../functions/use-cases/create-application.ts';
import { submissionRefused, submitApplication } from '../../../../functions/use-cases/submit-application.ts';
import {
  applicant,
  CONSENT_VERSION,
  creditCode,
  draftWithEvidence,
  idNumber,
  individualBody,
  member,
  organizationBody,
  roundRecord,
  sanctionRecord,
  saveRound,
  saveSanction,
  setRoundStage,
  type TestDeps,
  testDeps,
  withWrongCheckCharacter,
} from '../../../support/applications-fixtures.ts';

describe('submitApplication', () => {
  let deps: TestDeps;

  beforeEach(async () => {
    deps = testDeps();
    await saveRound(deps.store, roundRecord());
  });

  it('submits an eligible draft with verified evidence, recording consent and the time', async () => {
    // Prepare
    const { applicationId } = await draftWithEvidence(deps);
    deps.clock.set('2026-05-01T01:00:00Z');

    // Act
    const view = await submitApplication(deps, applicant(), { applicationId });

    // Assess
    expect(view.application).toMatchObject({
      status: 'submitted',
      submittedAt: '2026-05-01T01:00:00.000Z',
      consent: { version: CONSENT_VERSION, at: '2026-05-01T01:00:00.000Z' },
      vetting: { passed: true, findings: [], at: '2026-05-01T01:00:00.000Z' },
    });
    const stored = await deps.store.getApplication(applicationId);
    expect(stored).toMatchObject({ status: 'submitted', version: view.application.version });
    expect(view.evidence).toHaveLength(1);
    const trail = await deps.store.listAudit(applicationId);
    expect(trail.at(-1)).toMatchObject({
      action: 'application.submitted',
      before: expect.objectContaining({ status: 'draft' }),
      after: expect.objectContaining({ status: 'submitted' }),
    });
  });

  it('accepts the current consent version explicitly', async () => {
    // Prepare
    const { applicationId } = await draftWithEvidence(deps, applicant(), individualBody());

    // Act
    const view = await submitApplication(deps, applicant(), {
      applicationId,
      consent: { version: CONSENT_VERSION },
    });

    // Assess
    expect(view.application.consent?.version).toBe(CONSENT_VERSION);
  });

  it('refuses a consent that was not given with DECLARATION_MISSING', async () => {
    // Prepare
    const { applicationId } = await draftWithEvidence(deps, applicant(), individualBody());

    // Act
    const attempt = submitApplication(deps, applicant(), {
      applicationId,
      consent: { version: CONSENT_VERSION, accepted: false },
    });

    // Assess
    await expect(attempt).rejects.toMatchObject({
      code: 'DECLARATION_MISSING',
      findings: [expect.objectContaining({ path: 'consent.accepted' })],
    });
    expect((await deps.store.getApplication(applicationId))?.status).toBe('draft');
  });

  it('lists every failed rule at once and keeps the draft unchanged', async () => {
    // Prepare
    const body = organizationBody({
      organization: { creditCode: withWrongCheckCharacter(creditCode()), registeredOn: '2025-01-01' },
      declarations: { noMajorAccident3Years: true, noBadCreditRecord: false, compliesWithLaw: true },
    });
    const draft = await createApplication(deps, applicant(), { roundId: 'round-2', body });
    const applicationId = draft.application.applicationId;
    const before = await deps.store.getApplication(applicationId);

    // Act
    const error = await submitApplication(deps, applicant(), {
      applicationId,
      consent: { version: '2020-01' },
    }).catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ code: 'INVALID_CREDIT_CODE' });
    expect((error as { findings: { code: string }[] }).findings.map((f) => f.code)).toEqual([
      'INVALID_CREDIT_CODE',
      'OPERATING_LESS_THAN_3_YEARS',
      'DECLARATION_MISSING',
      'DECLARATION_MISSING',
      'EVIDENCE_NOT_VERIFIED',
    ]);
    expect((error as Error).message).toMatch(/共 5 项/);
    expect(await deps.store.getApplication(applicationId)).toEqual(before);
  });

  it('re-checks bans at submission: a ban added after the draft blocks it', async () => {
    // Prepare
    const id = idNumber('321');
    const { applicationId } = await draftWithEvidence(
      deps,
      applicant(),
      individualBody({ members: [member({ idNumber: id })] }),
    );
    await saveSanction(
      deps.store,
      sanctionRecord({
        kind: 'revoked',
        reason: 'fraud',
        subjectType: 'individual',
        subjectKey: deps.pii.lookupKey(id),
      }),
    );

    // Act
    const attempt = submitApplication(deps, applicant(), { applicationId });

    // Assess
    await expect(attempt).rejects.toMatchObject({
      code: 'BARRED',
      findings: [expect.objectContaining({ code: 'BARRED', article: '第二十五条' })],
    });
  });

  it('re-checks the 3 years against the current close of the call (extended after the draft)', async () => {
    // Prepare: 3 full years are reached on 2026-06-01, after the first close but before the extended one.
    const early = await saveRound(
      deps.store,
      roundRecord({ roundId: 'round-early', callClosesAt: '2026-05-15T16:00:00.000Z' }),
    );
    const body = organizationBody({ organization: { registeredOn: '2023-06-01' } });
    const { applicationId } = await draftWithEvidence(deps, applicant(), body, 'round-early');
    const draft = await deps.store.getApplication(applicationId);
    await saveRound(deps.store, { ...early, callClosesAt: '2026-06-30T16:00:00.000Z' });

    // Act
    const view = await submitApplication(deps, applicant(), { applicationId });

    // Assess
    expect(draft?.vetting?.findings.map((f) => f.code)).toEqual(['OPERATING_LESS_THAN_3_YEARS']);
    expect(view.application).toMatchObject({ status: 'submitted', vetting: { passed: true } });
  });

  it('refuses with 409 STAGE_CLOSED before the call opens, at its close and after the stage moved', async () => {
    // Prepare
    deps.clock.set('2026-02-20T00:00:00Z');
    const { applicationId } = await draftWithEvidence(deps);

    // Act
    const early = submitApplication(deps, applicant(), { applicationId });
    await expect(early).rejects.toMatchObject({ code: 'STAGE_CLOSED' });
    await expect(early).rejects.toThrow(/尚未开始/);
    deps.clock.set('2026-06-30T16:00:00.000Z');
    const atClose = submitApplication(deps, applicant(), { applicationId });
    await expect(atClose).rejects.toMatchObject({ code: 'STAGE_CLOSED' });
    await setRoundStage(deps.store, 'round-2', 'qualification');
    const moved = submitApplication(deps, applicant(), { applicationId });

    // Assess
    await expect(moved).rejects.toMatchObject({ code: 'STAGE_CLOSED' });
    expect((await deps.store.getApplication(applicationId))?.status).toBe('draft');
  });

  it('refuses a second submission with ILLEGAL_TRANSITION', async () => {
    // Prepare
    const { applicationId } = await draftWithEvidence(deps);
    await submitApplication(deps, applicant(), { applicationId });

    // Act
    const again = submitApplication(deps, applicant(), { applicationId });

    // Assess
    await expect(again).rejects.toMatchObject({ code: 'ILLEGAL_TRANSITION' });
  });

  it('answers NOT_FOUND to anyone but the owner', async () => {
    // Prepare
    const { applicationId } = await draftWithEvidence(deps);

    // Act
    const attempt = submitApplication(deps, applicant('intruder'), { applicationId });

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('submissionRefused', () => {
  it('puts field-shape findings after the rule findings so the code names a rule', () => {
    // Act
    const error = submissionRefused([
      { path: 'jurisdiction', code: 'VALIDATION_FAILED', message: '推荐单位不在名单中' },
      { path: 'evidence', code: 'EVIDENCE_NOT_VERIFIED', message: '至少需要1份' },
    ]);

    // Assess
    expect(error.code).toBe('EVIDENCE_NOT_VERIFIED');
    expect(error.findings.map((f) => f.path)).toEqual(['evidence', 'jurisdiction']);
  });
});
