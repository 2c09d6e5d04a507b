import { describe, expect, it } from 'vitest';
import { selectForOnsite } from '../../../../functions/use-cases/workflow/select-for-onsite.ts';
import { caught, putApplication, roundFixture, seedRound, statusesOf } from './fixtures.ts';

describe('selectForOnsite', () => {
  it('moves the applications in review that staff did not select to not-selected', async () => {
    // Prepare
    const fx = roundFixture('2026-07-01T00:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'onsite-review', selectedForOnsite: ['a1', 'a3'] });
    for (const id of ['a1', 'a2', 'a3', 'a4']) await putApplication(fx, 'r-1', id, 'in-review');

    // Act
    const result = await selectForOnsite(fx.deps, { roundId: 'r-1' });
    const again = await selectForOnsite(fx.deps, { roundId: 'r-1' });

    // Assess
    expect(result).toEqual({ notSelected: 2 });
    expect(again).toEqual({ notSelected: 0 });
    expect(await statusesOf(fx, ['a1', 'a2', 'a3', 'a4'])).toEqual({
      a1: 'in-review',
      a2: 'not-selected',
      a3: 'in-review',
      a4: 'not-selected',
    });
    expect((await fx.store.listAudit('a2')).map((e) => e.action)).toEqual(['application.eliminated']);
  });

  it('does nothing once the round is past on-site review', async () => {
    // Prepare
    const fx = roundFixture('2026-07-01T00:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'defense', selectedForOnsite: [] });
    await putApplication(fx, 'r-1', 'a1', 'in-review');

    // Act
    const result = await selectForOnsite(fx.deps, { roundId: 'r-1' });

    // Assess
    expect(result).toEqual({ notSelected: 0 });
    expect((await fx.store.getApplication('a1'))?.status).toBe('in-review');
  });

  it('refuses without the on-site list', async () => {
    // Prepare
    const fx = roundFixture('2026-07-01T00:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'onsite-review' });

    // Act
    const error = await caught(selectForOnsite(fx.deps, { roundId: 'r-1' }));

    // Assess
    expect(error.code).toBe('STAGE_PRECONDITION_FAILED');
  });
});
