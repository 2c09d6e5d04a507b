import { describe, expect, it } from 'vitest';
import { settlePublicityWindow } from '../../../../functions/use-cases/workflow/settle-window.ts';
import {
  caught,
  putApplication,
  putObjection,
  putWindow,
  roundFixture,
  seedRound,
  statusesOf,
} from './fixtures.ts';

const AFTER = '2026-06-09T00:00:00Z';

describe('settlePublicityWindow', () => {
  it('strikes the entry of an upheld objection, closes the window and starts material review', async () => {
    // Prepare
    const fx = roundFixture(AFTER);
    await seedRound(fx, { roundId: 'r-1', stage: 'accepted-publicity' });
    for (const id of ['a1', 'a2', 'a3']) await putApplication(fx, 'r-1', id, 'accepted');
    await putWindow(
      fx,
      'r-1',
      'accepted',
      [{ applicationId: 'a1' }, { applicationId: 'a2' }, { applicationId: 'a3' }],
      {
        status: 'awaiting-objections',
      },
    );
    await putObjection(fx, 'r-1', 'r-1-accepted', 'o1', 'a2', 'upheld');
    await putObjection(fx, 'r-1', 'r-1-accepted', 'o2', 'a3', 'dismissed');

    // Act
    const result = await settlePublicityWindow(fx.deps, { roundId: 'r-1', kind: 'accepted' });

    // Assess
    const round = await fx.store.getRound('r-1');
    expect(result).toMatchObject({
      windowId: 'r-1-accepted',
      kind: 'accepted',
      status: 'closed',
      settled: true,
      struck: 1,
    });
    expect(await fx.store.getWindow('r-1-accepted')).toMatchObject({
      status: 'closed',
      closedAt: '2026-06-09T00:00:00.000Z',
      struck: ['a2'],
    });
    expect(round?.stage).toBe('material-review');
    expect(await statusesOf(fx, ['a1', 'a2', 'a3'])).toEqual({
      a1: 'in-review',
      a2: 'struck',
      a3: 'in-review',
    });
    expect((await fx.store.listAudit('a2')).map((e) => e.action)).toEqual(['application.struck']);
    expect((await fx.store.listAudit('r-1-accepted')).map((e) => e.action)).toEqual(['window.settled']);
    expect((await fx.store.listAudit('a2'))[0]?.roundId).toBe('r-1');
  });

  it('reports pending objections instead of settling, and makes a closed window wait for them', async () => {
    // Prepare
    const fx = roundFixture(AFTER);
    await seedRound(fx, { roundId: 'r-1', stage: 'accepted-publicity' });
    await putApplication(fx, 'r-1', 'a1', 'accepted');
    await putWindow(fx, 'r-1', 'accepted', [{ applicationId: 'a1' }], { status: 'closed' });
    await putObjection(fx, 'r-1', 'r-1-accepted', 'o1', 'a1', 'pending');

    // Act
    const result = await settlePublicityWindow(fx.deps, { roundId: 'r-1', kind: 'accepted' });

    // Assess
    expect(result).toMatchObject({
      settled: false,
      status: 'awaiting-objections',
      pendingObjections: 1,
      struck: 0,
    });
    expect((await fx.store.getRound('r-1'))?.stage).toBe('accepted-publicity');
    expect((await fx.store.getApplication('a1'))?.status).toBe('accepted');
    // Every status change is audited, with the round it concerns.
    expect(await fx.store.listAudit('r-1-accepted')).toMatchObject([
      {
        action: 'window.awaiting-objections',
        roundId: 'r-1',
        before: { status: 'closed' },
        after: { status: 'awaiting-objections', pendingObjections: 1 },
      },
    ]);
  });

  it('reports pending objections of a window already awaiting them without writing', async () => {
    // Prepare
    const fx = roundFixture(AFTER);
    await seedRound(fx, { roundId: 'r-1', stage: 'accepted-publicity' });
    const window = await putWindow(fx, 'r-1', 'accepted', [{ applicationId: 'a1' }], {
      status: 'awaiting-objections',
    });
    await putObjection(fx, 'r-1', 'r-1-accepted', 'o1', 'a1', 'pending');

    // Act
    const result = await settlePublicityWindow(fx.deps, { roundId: 'r-1', kind: 'accepted' });

    // Assess
    expect(result.settled).toBe(false);
    expect(await fx.store.getWindow('r-1-accepted')).toEqual(window);
  });

  it('settles the proposed winners: struck, closed, and the round goes to approval', async () => {
    // Prepare
    const fx = roundFixture('2026-10-11T00:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'winner-publicity' });
    await putApplication(fx, 'r-1', 'a1', 'proposed', { tier: 'award' });
    await putApplication(fx, 'r-1', 'a2', 'proposed', { tier: 'nomination' });
    await putWindow(
      fx,
      'r-1',
      'winners',
      [
        { applicationId: 'a1', tier: 'award' },
        { applicationId: 'a2', tier: 'nomination' },
      ],
      { status: 'closed' },
    );
    await putObjection(fx, 'r-1', 'r-1-winners', 'o1', 'a1', 'upheld');

    // Act
    const result = await settlePublicityWindow(fx.deps, { roundId: 'r-1', kind: 'winners' });

    // Assess
    expect(result).toMatchObject({ kind: 'winners', settled: true, struck: 1 });
    expect((await fx.store.getRound('r-1'))?.stage).toBe('approval');
    expect(await statusesOf(fx, ['a1', 'a2'])).toEqual({ a1: 'struck', a2: 'proposed' });
  });

  it('finishes the move into material review when run again after the stage moved', async () => {
    // Prepare: a previous run closed the window and moved the stage, then stopped
    const fx = roundFixture(AFTER);
    await seedRound(fx, { roundId: 'r-1', stage: 'material-review' });
    await putApplication(fx, 'r-1', 'a1', 'accepted');
    await putApplication(fx, 'r-1', 'a2', 'in-review');
    await putWindow(fx, 'r-1', 'accepted', [{ applicationId: 'a1' }, { applicationId: 'a2' }], {
      status: 'closed',
      struck: [],
    });

    // Act
    const result = await settlePublicityWindow(fx.deps, { roundId: 'r-1', kind: 'accepted' });

    // Assess
    expect(result.settled).toBe(true);
    expect(await statusesOf(fx, ['a1', 'a2'])).toEqual({ a1: 'in-review', a2: 'in-review' });
    expect((await fx.store.getRound('r-1'))?.stageHistory.map((h) => h.stage)).toEqual(['call-open']);
  });

  it('refuses to settle a window that is still open, or before its publicity', async () => {
    // Prepare
    const fx = roundFixture(AFTER);
    await seedRound(fx, { roundId: 'r-1', stage: 'accepted-publicity' });
    await seedRound(fx, { roundId: 'r-2', stage: 'qualification' });
    await putWindow(fx, 'r-1', 'accepted', []);
    await putWindow(fx, 'r-2', 'accepted', []);

    // Act
    const open = await caught(settlePublicityWindow(fx.deps, { roundId: 'r-1', kind: 'accepted' }));
    const early = await caught(settlePublicityWindow(fx.deps, { roundId: 'r-2', kind: 'accepted' }));
    const missing = await caught(settlePublicityWindow(fx.deps, { roundId: 'r-1', kind: 'winners' }));

    // Assess
    expect(open.code).toBe('STAGE_PRECONDITION_FAILED');
    expect(open.message).toContain('公示期尚未结束');
    expect(early.code).toBe('STAGE_PRECONDITION_FAILED');
    expect(missing.code).toBe('NOT_FOUND');
  });
});
