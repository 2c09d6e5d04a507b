import { beforeEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../../../functions/domain/errors.ts';
import { createApplication } from '../../../../functions/use-cases/create-application.ts';
import {
  applicant,
  creditCode,
  idNumber,
  individualBody,
  member,
  organizationBody,
  roundRecord,
  sanctionRecord,
  saveRound,
  saveSanction,
  staff,
  TEST_PII,
  type TestDeps,
  testDeps,
  withWrongCheckCharacter,
} from '../../../support/applications-fixtures.ts';

const codesOf = (findings: readonly { code: string }[]) => findings.map((f) => f.code);

describe('createApplication', () => {
  let deps: TestDeps;

  beforeEach(async () => {
    deps = testDeps();
    await saveRound(deps.store, roundRecord());
  });

  it('stores an organization draft whose vetting passes, phone encrypted and masked', async () => {
    // Prepare
    const body = organizationBody();

    // Act
    const view = await createApplication(deps, applicant(), { roundId: 'round-2', body });

    // Assess
    const stored = await deps.store.getApplication(view.application.applicationId);
    expect(stored).toMatchObject({
      roundId: 'round-2',
      ownerSub: 'applicant-1',
      status: 'draft',
      category: 'organization',
      displayName: '太原精工机械有限公司',
      jurisdiction: '140105',
      conflictCodes: [creditCode()],
      subjectKeys: [creditCode()],
      vetting: { passed: true, findings: [], at: '2026-04-01T02:00:00.000Z' },
      version: 1,
    });
    expect(stored?.organization?.contact.phoneMasked).toBe('138****5678');
    expect(JSON.stringify(stored)).not.toContain('13812345678');
    expect(await TEST_PII.decrypt(stored!.organization!.contact.phoneEncrypted)).toBe('13812345678');
    expect(view).toMatchObject({ owner: true, evidence: [], application: { version: 1 } });
  });

  it('stores ID numbers only encrypted, with their HMAC index and a masked copy', async () => {
    // Prepare
    const id = idNumber('456');
    const body = individualBody({ members: [member({ idNumber: id.toLowerCase() })] });

    // Act
    const view = await createApplication(deps, applicant(), { roundId: 'round-2', body });

    // Assess
    const stored = (await deps.store.getApplication(view.application.applicationId))!;
    const [m] = stored.members!;
    expect(JSON.stringify(stored)).not.toContain(id);
    expect(m!.idMasked).toBe(`140${'*'.repeat(13)}${id.slice(-2)}`);
    expect(m!.idHash).toBe(TEST_PII.lookupKey(id));
    expect(await TEST_PII.decrypt(m!.idNumberEncrypted)).toBe(id);
    expect(stored.subjectKeys).toEqual([TEST_PII.lookupKey(id)]);
    expect(stored.conflictCodes).toEqual([creditCode()]);
    expect(stored.vetting?.passed).toBe(true);
  });

  it('keeps rule failures in the draft: check character, Taiyuan, 3 years, declarations', async () => {
    // Prepare
    const body = organizationBody({
      organization: { creditCode: withWrongCheckCharacter(creditCode()), registeredOn: '2024-01-01' },
      declarations: { noMajorAccident3Years: false, noBadCreditRecord: true, compliesWithLaw: true },
    });

    // Act
    const view = await createApplication(deps, applicant(), { roundId: 'round-2', body });

    // Assess
    expect(view.application.status).toBe('draft');
    expect(view.application.vetting?.passed).toBe(false);
    expect(codesOf(view.application.vetting!.findings)).toEqual([
      'INVALID_CREDIT_CODE',
      'OPERATING_LESS_THAN_3_YEARS',
      'DECLARATION_MISSING',
    ]);
  });

  it('finds an organization registered outside Taiyuan', async () => {
    // Prepare
    const body = organizationBody({ organization: { creditCode: creditCode('110105') } });

    // Act
    const view = await createApplication(deps, applicant(), { roundId: 'round-2', body });

    // Assess
    expect(codesOf(view.application.vetting!.findings)).toEqual(['NOT_REGISTERED_IN_TAIYUAN']);
  });

  it('loads the bans of the subjects into the vetting (Art. 6)', async () => {
    // Prepare
    await saveSanction(deps.store, sanctionRecord());

    // Act
    const view = await createApplication(deps, applicant(), { roundId: 'round-2', body: organizationBody() });

    // Assess
    expect(view.application.vetting!.findings).toEqual([
      expect.objectContaining({ code: 'BARRED', path: 'organization.creditCode', article: '第六条' }),
    ]);
  });

  it('bars a joint application when one member is barred, found by the ID-number HMAC', async () => {
    // Prepare
    const barred = idNumber('789');
    await saveSanction(
      deps.store,
      sanctionRecord({
        subjectType: 'individual',
        subjectKey: TEST_PII.lookupKey(barred),
        subjectMasked: 'x',
      }),
    );
    const body = individualBody({ members: [member(), member({ name: '赵工', idNumber: barred })] });

    // Act
    const view = await createApplication(deps, applicant(), { roundId: 'round-2', body });

    // Assess
    expect(view.application.displayName).toBe('李质量、赵工');
    expect(view.application.vetting!.findings).toEqual([
      expect.objectContaining({ code: 'BARRED', path: 'members[1].idNumber' }),
    ]);
  });

  it('keeps too many co-applicants and invalid ID numbers as findings', async () => {
    // Prepare
    const body = individualBody({
      members: [
        member({ idNumber: idNumber('001') }),
        member({ idNumber: idNumber('002') }),
        member({ idNumber: idNumber('003'), qualityWorkSince: '2025-01-01' }),
        member({ idNumber: withWrongCheckCharacter(idNumber('004')) }),
      ],
    });

    // Act
    const view = await createApplication(deps, applicant(), { roundId: 'round-2', body });

    // Assess
    expect(codesOf(view.application.vetting!.findings)).toEqual([
      'TOO_MANY_CO_APPLICANTS',
      'QUALITY_WORK_LESS_THAN_3_YEARS',
      'INVALID_ID_NUMBER',
    ]);
  });

  it('audits application.created without personal data', async () => {
    // Act
    const view = await createApplication(deps, applicant(), { roundId: 'round-2', body: individualBody() });

    // Assess
    const trail = await deps.store.listAudit(view.application.applicationId);
    expect(trail).toHaveLength(1);
    expect(trail[0]).toMatchObject({
      action: 'application.created',
      actor: 'applicant-1',
      role: 'applicant',
    });
    expect(JSON.stringify(trail[0])).not.toContain(idNumber());
    expect(JSON.stringify(trail[0])).not.toContain('idNumberEncrypted');
  });

  it('accepts drafts before the call opens (only submission needs the open call)', async () => {
    // Prepare
    deps.clock.set('2026-02-15T00:00:00Z');

    // Act
    const view = await createApplication(deps, applicant(), { roundId: 'round-2', body: organizationBody() });

    // Assess
    expect(view.application.status).toBe('draft');
  });

  it('refuses with STAGE_CLOSED at and after callClosesAt', async () => {
    // Prepare
    deps.clock.set('2026-06-30T16:00:00.000Z');

    // Act
    const attempt = createApplication(deps, applicant(), { roundId: 'round-2', body: organizationBody() });

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'STAGE_CLOSED' });
    await expect(attempt).rejects.toThrow(/申报已于 2026-07-01 00:00（北京时间）截止/);
  });

  it('refuses with STAGE_CLOSED once the round left call-open', async () => {
    // Prepare
    await saveRound(deps.store, roundRecord({ roundId: 'round-q', stage: 'qualification' }));

    // Act
    const attempt = createApplication(deps, applicant(), { roundId: 'round-q', body: organizationBody() });

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'STAGE_CLOSED' });
  });

  it('answers NOT_FOUND for an unknown round and FORBIDDEN for a non-applicant', async () => {
    // Act
    const unknown = createApplication(deps, applicant(), { roundId: 'nope', body: organizationBody() });
    const byStaff = createApplication(deps, staff(), { roundId: 'round-2', body: organizationBody() });

    // Assess
    await expect(unknown).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(byStaff).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('refuses a round fixed to an unknown rulebook version', async () => {
    // Prepare
    await saveRound(deps.store, roundRecord({ roundId: 'round-x', rulebookVersion: 'TY-QA-1999' }));

    // Act
    const attempt = createApplication(deps, applicant(), { roundId: 'round-x', body: organizationBody() });

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(DomainError);
    await expect(attempt).rejects.toMatchObject({ code: 'RULEBOOK_NOT_IN_FORCE' });
    expect(await deps.store.listApplicationsByOwner('applicant-1')).toEqual([]);
  });
});
