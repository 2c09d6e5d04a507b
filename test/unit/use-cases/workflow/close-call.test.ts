import { describe, expect, it } from 'vitest';
import type { SanctionRecord } from '../../../../functions/ports/records.ts';
import { closeCall } from '../../../../functions/use-cases/workflow/close-call.ts';
import { caught, putApplication, putIndividual, roundFixture, seedRound } from './fixtures.ts';

const AFTER_CLOSE = '2026-06-01T00:00:00Z';

describe('closeCall', () => {
  it('vets every filed application and moves the round to qualification', async () => {
    // Prepare
    const fx = roundFixture(AFTER_CLOSE);
    await seedRound(fx, { roundId: 'r-1', stage: 'call-open' });
    await putApplication(fx, 'r-1', 'a1', 'submitted');
    await putApplication(fx, 'r-1', 'a2', 'recommended', {
      declarations: { noMajorAccident3Years: true, noBadCreditRecord: false, compliesWithLaw: true },
    });
    await putIndividual(fx, 'r-1', 'a3', 'recommended', 2);
    await putApplication(fx, 'r-1', 'a4', 'draft');

    // Act
    const result = await closeCall(fx.deps, { roundId: 'r-1' });

    // Assess
    const round = await fx.store.getRound('r-1');
    const [a1, a2, a3, a4] = await Promise.all(
      ['a1', 'a2', 'a3', 'a4'].map((id) => fx.store.getApplication(id)),
    );
    expect(result).toEqual({ closed: true, vetted: 3 });
    expect(round?.stage).toBe('qualification');
    expect(round?.stageHistory.at(-1)).toEqual({
      stage: 'qualification',
      at: '2026-06-01T00:00:00.000Z',
      by: 'system',
    });
    expect(a1?.vetting).toEqual({ passed: true, findings: [], at: '2026-06-01T00:00:00.000Z' });
    expect(a2?.vetting?.passed).toBe(false);
    expect(a2?.vetting?.findings.map((f) => f.code)).toEqual(['DECLARATION_MISSING']);
    expect(a3?.vetting?.passed).toBe(true);
    expect(a4?.vetting).toBeNull();
    expect((await fx.store.listAudit('a2')).map((e) => e.action)).toEqual(['application.vetted']);
    expect((await fx.store.listAudit('r-1')).map((e) => e.action)).toEqual(['round.advanced']);
  });

  it('fails the vetting of a barred applicant with the ban stored now (Art. 6)', async () => {
    // Prepare
    const fx = roundFixture(AFTER_CLOSE);
    await seedRound(fx, { roundId: 'r-1', stage: 'call-open', ordinal: 3 });
    const application = await putApplication(fx, 'r-1', 'a1', 'recommended');
    const ban: SanctionRecord = {
      version: 0,
      sanctionId: 's-1',
      kind: 'award-holder',
      subjectType: 'organization',
      subjectKey: application.subjectKeys[0]!,
      subjectMasked: application.subjectKeys[0]!,
      barredFromOrdinal: 2,
      barredThroughOrdinal: 3,
      reason: '获奖',
      source: { roundId: 'r-0' },
      createdAt: '2026-01-01T00:00:00.000Z',
      createdBy: 'system',
    };
    await fx.store.commit({ changes: [{ op: 'put', entity: { type: 'sanction', record: ban } }], audit: [] });

    // Act
    await closeCall(fx.deps, { roundId: 'r-1' });

    // Assess
    expect((await fx.store.getApplication('a1'))?.vetting?.findings.map((f) => f.code)).toEqual(['BARRED']);
  });

  it('does not close a call that staff extended after the wait was resumed', async () => {
    // Prepare
    const fx = roundFixture(AFTER_CLOSE);
    await seedRound(fx, { roundId: 'r-1', stage: 'call-open', callClosesAt: '2026-06-30T16:00:00.000Z' });
    await putApplication(fx, 'r-1', 'a1', 'submitted');

    // Act
    const result = await closeCall(fx.deps, { roundId: 'r-1' });

    // Assess
    expect(result).toEqual({ closed: false, vetted: 0 });
    expect((await fx.store.getRound('r-1'))?.stage).toBe('call-open');
    expect((await fx.store.getApplication('a1'))?.vetting).toBeNull();
  });

  it('changes nothing the second time', async () => {
    // Prepare
    const fx = roundFixture(AFTER_CLOSE);
    await seedRound(fx, { roundId: 'r-1', stage: 'call-open' });
    await putApplication(fx, 'r-1', 'a1', 'submitted');
    await closeCall(fx.deps, { roundId: 'r-1' });
    const round = await fx.store.getRound('r-1');
    const application = await fx.store.getApplication('a1');

    // Act
    const again = await closeCall(fx.deps, { roundId: 'r-1' });

    // Assess
    expect(again).toEqual({ closed: true, vetted: 0 });
    expect(await fx.store.getRound('r-1')).toEqual(round);
    expect(await fx.store.getApplication('a1')).toEqual(application);
  });

  it('finishes a run that stopped half-way, re-vetting only what was vetted before the close', async () => {
    // Prepare
    const fx = roundFixture(AFTER_CLOSE);
    await seedRound(fx, { roundId: 'r-1', stage: 'call-open' });
    await putApplication(fx, 'r-1', 'a1', 'submitted', {
      vetting: { passed: true, findings: [], at: '2026-05-31T17:00:00.000Z' },
    });
    await putApplication(fx, 'r-1', 'a2', 'submitted', {
      vetting: { passed: true, findings: [], at: '2026-03-02T00:00:00.000Z' },
    });

    // Act
    const result = await closeCall(fx.deps, { roundId: 'r-1' });

    // Assess
    expect(result.vetted).toBe(1);
    expect((await fx.store.getApplication('a1'))?.vetting?.at).toBe('2026-05-31T17:00:00.000Z');
    expect((await fx.store.getApplication('a2'))?.vetting?.at).toBe('2026-06-01T00:00:00.000Z');
  });

  it('answers NOT_FOUND for an unknown round', async () => {
    // Act
    const error = await caught(closeCall(roundFixture().deps, { roundId: 'nope' }));

    // Assess
    expect(error.code).toBe('NOT_FOUND');
  });
});
