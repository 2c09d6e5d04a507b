import { describe, expect, it } from 'vitest';
import { announceWinners } from '../../../../functions/use-cases/workflow/announce.ts';
import { caught, putApplication, putIndividual, roundFixture, seedRound, statusesOf } from './fixtures.ts';

const approval = {
  documentNo: '并政函〔2026〕88号',
  approvedOn: '2026-10-20',
  by: 'staff-1',
  at: '2026-10-20T02:00:00.000Z',
};

describe('announceWinners', () => {
  it('awards every proposed winner and bars award-tier subjects from the next two rounds (Art. 6)', async () => {
    // Prepare
    const fx = roundFixture('2026-10-20T03:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'announced', ordinal: 4, approval });
    const organization = await putApplication(fx, 'r-1', 'a1', 'proposed', { tier: 'award' });
    const team = await putIndividual(fx, 'r-1', 'a2', 'proposed', 2, { tier: 'award' });
    const nominee = await putApplication(fx, 'r-1', 'a3', 'proposed', { tier: 'nomination' });
    await putApplication(fx, 'r-1', 'a4', 'struck', { tier: 'award' });

    // Act
    const result = await announceWinners(fx.deps, { roundId: 'r-1' });

    // Assess
    const awards = await fx.store.listAwards('r-1');
    const bans = await fx.store.listSanctionsForSubjects([
      ...organization.subjectKeys,
      ...team.subjectKeys,
      ...nominee.subjectKeys,
    ]);
    expect(result).toEqual({ awarded: 3 });
    expect(await statusesOf(fx, ['a1', 'a2', 'a3', 'a4'])).toEqual({
      a1: 'awarded',
      a2: 'awarded',
      a3: 'awarded',
      a4: 'struck',
    });
    expect(
      awards.map((a) => [a.applicationId, a.tier, a.ordinal, a.documentNo, a.awardedOn, a.status]),
    ).toEqual(
      expect.arrayContaining([
        ['a1', 'award', 4, '并政函〔2026〕88号', '2026-10-20', 'active'],
        ['a2', 'award', 4, '并政函〔2026〕88号', '2026-10-20', 'active'],
        ['a3', 'nomination', 4, '并政函〔2026〕88号', '2026-10-20', 'active'],
      ]),
    );
    expect(bans).toHaveLength(3);
    expect(bans.map((b) => [b.subjectType, b.kind, b.barredFromOrdinal, b.barredThroughOrdinal])).toEqual(
      expect.arrayContaining([
        ['organization', 'award-holder', 5, 6],
        ['individual', 'award-holder', 5, 6],
        ['individual', 'award-holder', 5, 6],
      ]),
    );
    expect(bans.every((b) => b.reason.includes('第六条') && !b.subjectMasked.includes('hash:'))).toBe(true);
    expect((await fx.store.listAudit('a1')).map((e) => e.action)).toEqual(['application.awarded']);
  });

  it('changes nothing the second time', async () => {
    // Prepare
    const fx = roundFixture('2026-10-20T03:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'announced', approval });
    await putApplication(fx, 'r-1', 'a1', 'proposed', { tier: 'award' });
    await announceWinners(fx.deps, { roundId: 'r-1' });

    // Act
    const again = await announceWinners(fx.deps, { roundId: 'r-1' });

    // Assess
    expect(again).toEqual({ awarded: 0 });
    expect(await fx.store.listAwards('r-1')).toHaveLength(1);
  });

  it('takes the approval the flow was resumed with when the round has none stored', async () => {
    // Prepare
    const fx = roundFixture('2026-10-20T03:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'announced' });
    await putApplication(fx, 'r-1', 'a1', 'proposed', { tier: 'nomination' });

    // Act
    await announceWinners(fx.deps, {
      roundId: 'r-1',
      approval: { documentNo: '文号1', approvedOn: '2026-10-21' },
    });

    // Assess
    expect((await fx.store.listAwards('r-1'))[0]).toMatchObject({
      documentNo: '文号1',
      awardedOn: '2026-10-21',
    });
  });

  it('refuses before the approval, or without its document', async () => {
    // Prepare
    const fx = roundFixture('2026-10-20T03:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'approval' });
    await seedRound(fx, { roundId: 'r-2', stage: 'announced' });

    // Act
    const early = await caught(announceWinners(fx.deps, { roundId: 'r-1' }));
    const undocumented = await caught(
      announceWinners(fx.deps, { roundId: 'r-2', approval: { documentNo: 'x' } }),
    );

    // Assess
    expect(early.code).toBe('STAGE_PRECONDITION_FAILED');
    expect(undocumented.code).toBe('STAGE_PRECONDITION_FAILED');
    expect(undocumented.message).toContain('文号');
  });

  it('refuses a proposed winner without a tier', async () => {
    // Prepare
    const fx = roundFixture('2026-10-20T03:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'announced', approval });
    await putApplication(fx, 'r-1', 'a1', 'proposed');

    // Act
    const error = await caught(announceWinners(fx.deps, { roundId: 'r-1' }));

    // Assess
    expect(error.code).toBe('VALIDATION_FAILED');
    expect((await fx.store.getApplication('a1'))?.status).toBe('proposed');
  });
});
