import { describe, expect, it } from 'vitest';
import { listAwards } from '../../../../functions/use-cases/list-awards.ts';
import { revokeAward } from '../../../../functions/use-cases/revoke-award.ts';
import {
  caught,
  idNumber,
  ORG_CODE,
  reviewFixture,
  STAFF,
  SUPERVISOR,
  seedApplication,
  seedAward,
  seedIndividualApplication,
  seedRound,
} from '../../../support/review-fixtures.ts';

async function prepared(now = '2027-03-01T00:00:00Z') {
  const fx = reviewFixture(now);
  await seedRound(fx, {
    roundId: 'r1',
    ordinal: 1,
    stage: 'announced',
    callOpensAt: '2026-03-01T00:00:00.000Z',
  });
  await seedApplication(fx, { applicationId: 'app-1', roundId: 'r1', status: 'awarded', tier: 'award' });
  await seedIndividualApplication(fx, {
    applicationId: 'app-2',
    roundId: 'r1',
    status: 'awarded',
    tier: 'nomination',
  });
  await seedAward(fx, { awardId: 'aw-1', roundId: 'r1', applicationId: 'app-1' });
  await seedAward(fx, {
    awardId: 'aw-2',
    roundId: 'r1',
    applicationId: 'app-2',
    category: 'individual',
    tier: 'nomination',
    displayName: '李四、王五',
  });
  return fx;
}

describe('listAwards', () => {
  it('lists awards by round, tier then name', async () => {
    // Prepare
    const fx = await prepared();
    await seedRound(fx, { roundId: 'r0', ordinal: 0 });
    await seedAward(fx, {
      awardId: 'aw-0',
      roundId: 'r0',
      applicationId: 'old',
      ordinal: 0,
      tier: 'nomination',
    });
    await seedAward(fx, { awardId: 'aw-3', roundId: 'r1', applicationId: 'app-3', displayName: '甲公司' });
    // Act
    const all = await listAwards(fx.deps, {});
    const one = await listAwards(fx.deps, { roundId: 'r1' });
    // Assess
    expect(all.map((a) => a.awardId)).toEqual(['aw-0', 'aw-3', 'aw-1', 'aw-2']);
    expect(one.map((a) => a.awardId)).toEqual(['aw-3', 'aw-1', 'aw-2']);
  });
});

describe('revokeAward', () => {
  it('revokes an organization award for an Art. 27 reason and bars the credit code for 3 rounds', async () => {
    // Prepare
    const fx = await prepared();
    // Act
    const result = await revokeAward(fx.deps, STAFF, {
      awardId: 'aw-1',
      reason: 'major-accident',
      findings: ' 2027年1月发生重大安全事故 ',
    });
    // Assess
    expect(result.award).toMatchObject({
      status: 'revoked',
      revocation: { reason: 'major-accident', findings: '2027年1月发生重大安全事故', by: 'staff-1' },
      version: 2,
    });
    expect(result.sanctions).toHaveLength(1);
    expect(result.sanctions[0]).toMatchObject({
      kind: 'revoked',
      subjectType: 'organization',
      subjectKey: ORG_CODE,
      barredFromOrdinal: 2,
      barredThroughOrdinal: 4,
      reason: 'major-accident',
      source: { roundId: 'r1', awardId: 'aw-1' },
    });
    expect((await fx.store.getApplication('app-1'))?.status).toBe('revoked');
    expect(await fx.store.listSanctionsForSubjects([ORG_CODE])).toHaveLength(1);
    expect((await fx.store.listAudit('aw-1')).map((e) => e.action)).toEqual(['award.revoked']);
    expect((await fx.store.listAudit('app-1')).map((e) => e.action)).toEqual(['application.revoked']);
    const sanctionAudit = await fx.store.listAudit(result.sanctions[0]!.sanctionId);
    expect(sanctionAudit.map((e) => e.action)).toEqual(['sanction.created']);
  });

  it('starts the ban with the first round whose call opens after the revocation', async () => {
    // Prepare
    const fx = await prepared('2029-06-01T00:00:00Z');
    await seedRound(fx, { roundId: 'r2', ordinal: 2, callOpensAt: '2029-03-01T00:00:00.000Z' });
    // Act
    const result = await revokeAward(fx.deps, STAFF, {
      awardId: 'aw-1',
      reason: 'fraud',
      findings: '申报材料造假',
    });
    // Assess
    expect(result.sanctions[0]).toMatchObject({ barredFromOrdinal: 3, barredThroughOrdinal: 5 });
  });

  it('revokes an individual award for fraud (Art. 25), one sanction per member by ID-number hash', async () => {
    // Prepare
    const fx = await prepared();
    // Act
    const result = await revokeAward(fx.deps, STAFF, {
      awardId: 'aw-2',
      reason: 'fraud',
      findings: '论文系抄袭',
    });
    // Assess
    expect(result.sanctions.map((s) => [s.subjectType, s.subjectKey])).toEqual([
      ['individual', fx.deps.pii.lookupKey(idNumber(1))],
      ['individual', fx.deps.pii.lookupKey(idNumber(2))],
    ]);
    expect(result.sanctions[0]?.subjectMasked).toMatch(/^140\*+/);
    const audit = JSON.stringify(await fx.store.listAudit(result.sanctions[0]!.sanctionId));
    expect(audit).not.toContain(idNumber(1));
    expect(audit).not.toContain(fx.deps.pii.lookupKey(idNumber(1)));
  });

  it('refuses an Art. 27 reason for an individual award, citing 第二十七条', async () => {
    // Prepare
    const fx = await prepared();
    // Act
    const error = await caught(() =>
      revokeAward(fx.deps, STAFF, { awardId: 'aw-2', reason: 'serious-violation', findings: '违法' }),
    );
    // Assess
    expect(error.code).toBe('REVOCATION_REASON_NOT_APPLICABLE');
    expect(error.message).toContain('第二十七条');
    expect(error.findings[0]).toMatchObject({ path: 'reason', article: '第二十七条' });
    expect((await fx.store.getAward('aw-2'))?.status).toBe('active');
  });

  it('refuses a second revocation (409), an unknown award (404), missing findings, and non-staff', async () => {
    // Prepare
    const fx = await prepared();
    await revokeAward(fx.deps, STAFF, { awardId: 'aw-1', reason: 'fraud', findings: '造假' });
    // Act
    const again = await caught(() =>
      revokeAward(fx.deps, STAFF, { awardId: 'aw-1', reason: 'fraud', findings: '造假' }),
    );
    const missing = await caught(() =>
      revokeAward(fx.deps, STAFF, { awardId: 'nope', reason: 'fraud', findings: '造假' }),
    );
    const noFindings = await caught(() =>
      revokeAward(fx.deps, STAFF, { awardId: 'aw-2', reason: 'fraud', findings: ' ' }),
    );
    const supervisor = await caught(() =>
      revokeAward(fx.deps, SUPERVISOR, { awardId: 'aw-2', reason: 'fraud', findings: '造假' }),
    );
    // Assess
    expect(again.code).toBe('ILLEGAL_TRANSITION');
    expect(missing.code).toBe('NOT_FOUND');
    expect(noFindings.code).toBe('VALIDATION_FAILED');
    expect(supervisor.code).toBe('FORBIDDEN');
  });

  it('refuses when the application is not in the awarded status or is gone', async () => {
    // Prepare
    const fx = await prepared();
    await seedApplication(fx, { applicationId: 'app-5', roundId: 'r1', status: 'not-awarded' });
    await seedAward(fx, { awardId: 'aw-5', roundId: 'r1', applicationId: 'app-5' });
    await seedAward(fx, { awardId: 'aw-6', roundId: 'r1', applicationId: 'ghost' });
    // Act
    const wrongStatus = await caught(() =>
      revokeAward(fx.deps, STAFF, { awardId: 'aw-5', reason: 'fraud', findings: 'x' }),
    );
    const ghost = await caught(() =>
      revokeAward(fx.deps, STAFF, { awardId: 'aw-6', reason: 'fraud', findings: 'x' }),
    );
    // Assess
    expect(wrongStatus.code).toBe('ILLEGAL_TRANSITION');
    expect(ghost.code).toBe('NOT_FOUND');
  });
});
