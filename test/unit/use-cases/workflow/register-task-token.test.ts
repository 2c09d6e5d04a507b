import { describe, expect, it } from 'vitest';
import type { RoundStage } from '../../../../functions/domain/model.ts';
import type { DecisionRecord } from '../../../../functions/ports/records.ts';
import { registerTaskToken } from '../../../../functions/use-cases/workflow/register-task-token.ts';
import {
  CALL_CLOSE_WAIT,
  closeWaitFor,
  RETRY_WAIT,
  stageWait,
} from '../../../../functions/use-cases/workflow/waits.ts';
import { caught, putWindow, racingStore, roundFixture, seedRound, seedToken } from './fixtures.ts';

const decision: DecisionRecord = {
  version: 0,
  roundId: 'r-1',
  award: [],
  nomination: [],
  changedFromProposal: false,
  by: 'leader-1',
  at: '2026-09-01T00:00:00.000Z',
};

describe('registerTaskToken', () => {
  it('stores the call-close token due at callClosesAt, writing the round back as the guard', async () => {
    // Prepare
    const fx = roundFixture('2026-03-01T02:00:00Z');
    const round = await seedRound(fx, { roundId: 'r-1', stage: 'call-open' });

    // Act
    const result = await registerTaskToken(fx.deps, {
      roundId: 'r-1',
      waitFor: CALL_CLOSE_WAIT,
      token: 't-1',
    });

    // Assess
    expect(result).toEqual({ waitFor: CALL_CLOSE_WAIT, stored: true, resumed: false });
    expect(await fx.store.getTaskToken('r-1', CALL_CLOSE_WAIT)).toMatchObject({
      token: 't-1',
      dueAt: round.callClosesAt,
      createdAt: '2026-03-01T02:00:00.000Z',
    });
    expect((await fx.store.getRound('r-1'))?.version).toBe(round.version + 1);
    expect(fx.workflow.resumed).toEqual([]);
  });

  it('replaces the token an earlier attempt of the same wait stored', async () => {
    // Prepare
    const fx = roundFixture('2026-06-10T00:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'defense' });
    await seedToken(fx, 'r-1', stageWait('defense'));

    // Act
    await registerTaskToken(fx.deps, { roundId: 'r-1', waitFor: stageWait('defense'), token: 't-new' });

    // Assess
    expect(await fx.store.getTaskToken('r-1', stageWait('defense'))).toMatchObject({
      token: 't-new',
      version: 2,
    });
  });

  it('keeps a due time the flow passes for a wait that has none of its own', async () => {
    // Prepare
    const fx = roundFixture('2026-06-10T00:00:00Z');

    // Act
    await registerTaskToken(fx.deps, {
      roundId: 'r-1',
      waitFor: RETRY_WAIT,
      token: 't-1',
      dueAt: '2026-06-10T01:00:00.000Z',
    });

    // Assess
    expect(await fx.store.getTaskToken('r-1', RETRY_WAIT)).toMatchObject({
      dueAt: '2026-06-10T01:00:00.000Z',
    });
  });

  it('resumes the flow at once when staff were faster, and drops the older token', async () => {
    // Prepare
    const fx = roundFixture('2026-06-10T00:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'accepted-publicity' });
    await seedToken(fx, 'r-1', stageWait('qualification'));

    // Act
    const result = await registerTaskToken(fx.deps, {
      roundId: 'r-1',
      waitFor: stageWait('qualification'),
      token: 't-1',
    });

    // Assess
    expect(result).toEqual({ waitFor: stageWait('qualification'), stored: false, resumed: true });
    expect(fx.workflow.resumed).toEqual([{ token: 't-1', output: { stage: 'accepted-publicity' } }]);
    expect(await fx.store.getTaskToken('r-1', stageWait('qualification'))).toBeNull();
  });

  it('leaves the token due now for the sweep when the engine does not take it yet', async () => {
    // Prepare
    const fx = roundFixture('2026-06-10T00:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'defense' });
    fx.workflow.resume = async () => false;

    // Act
    const result = await registerTaskToken(fx.deps, {
      roundId: 'r-1',
      waitFor: stageWait('onsite-review'),
      token: 't-1',
    });

    // Assess
    expect(result).toEqual({ waitFor: stageWait('onsite-review'), stored: true, resumed: false });
    expect(await fx.store.getTaskToken('r-1', stageWait('onsite-review'))).toMatchObject({
      token: 't-1',
      dueAt: '2026-06-10T00:00:00.000Z',
    });
  });

  it('looks again when staff advance the round while the token is being stored', async () => {
    // Prepare
    const fx = roundFixture('2026-06-10T00:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'defense' });
    const store = racingStore(
      fx.store,
      (unit) => unit.changes.some((c) => c.entity.type === 'task-token'),
      async () => {
        const round = (await fx.store.getRound('r-1'))!;
        await fx.store.commit({
          changes: [{ op: 'put', entity: { type: 'round', record: { ...round, stage: 'evaluation' } } }],
          audit: [],
        });
      },
    );

    // Act
    const result = await registerTaskToken(
      { ...fx.deps, store },
      { roundId: 'r-1', waitFor: stageWait('defense'), token: 't-1' },
    );

    // Assess
    expect(result.resumed).toBe(true);
    expect(fx.workflow.resumed.map((r) => r.token)).toEqual(['t-1']);
    expect(await fx.store.getTaskToken('r-1', stageWait('defense'))).toBeNull();
  });

  it('resumes after storing when the decision was recorded meanwhile (it does not touch the guard)', async () => {
    // Prepare
    const fx = roundFixture('2026-09-01T00:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'decision' });
    // The leader's decision lands right after the token was stored.
    const store = racingStore(
      fx.store,
      (unit) => unit.changes.some((c) => c.entity.type === 'task-token' && c.op === 'put'),
      () =>
        fx.store.commit({
          changes: [{ op: 'put', entity: { type: 'decision', record: decision } }],
          audit: [],
        }),
      { after: true },
    );

    // Act
    const result = await registerTaskToken(
      { ...fx.deps, store },
      { roundId: 'r-1', waitFor: stageWait('decision'), token: 't-1' },
    );

    // Assess
    expect(result).toEqual({ waitFor: stageWait('decision'), stored: false, resumed: true });
    expect(fx.workflow.resumed.map((r) => r.token)).toEqual(['t-1']);
    expect(await fx.store.getTaskToken('r-1', stageWait('decision'))).toBeNull();
  });

  it('guards a window wait with the window, and resumes the close wait of a window already closed', async () => {
    // Prepare
    const fx = roundFixture('2026-06-10T00:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'accepted-publicity' });
    const open = await putWindow(fx, 'r-1', 'accepted', []);
    await putWindow(fx, 'r-1', 'winners', [], { status: 'closed' });

    // Act
    const waiting = await registerTaskToken(fx.deps, {
      roundId: 'r-1',
      waitFor: closeWaitFor('r-1-accepted'),
      token: 't-1',
    });
    const done = await registerTaskToken(fx.deps, {
      roundId: 'r-1',
      waitFor: closeWaitFor('r-1-winners'),
      token: 't-2',
    });

    // Assess
    expect(waiting.stored).toBe(true);
    expect((await fx.store.getWindow('r-1-accepted'))?.version).toBe(open.version + 1);
    expect(done.resumed).toBe(true);
    expect(fx.workflow.resumed).toEqual([
      {
        token: 't-2',
        output: { windowId: 'r-1-winners', kind: 'winners', status: 'closed', pendingObjections: 0 },
      },
    ]);
  });

  it('gives up with VERSION_CONFLICT when the guard keeps changing', async () => {
    // Prepare
    const fx = roundFixture('2026-06-10T00:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'defense' });
    const store = racingStore(
      fx.store,
      (unit) => unit.changes.some((c) => c.entity.type === 'task-token'),
      async () => {
        const round = (await fx.store.getRound('r-1'))!;
        await fx.store.commit({
          changes: [{ op: 'put', entity: { type: 'round', record: round } }],
          audit: [],
        });
      },
      { times: 5 },
    );

    // Act
    const error = await caught(
      registerTaskToken(
        { ...fx.deps, store },
        { roundId: 'r-1', waitFor: stageWait('defense'), token: 't-1' },
      ),
    );

    // Assess
    expect(error.code).toBe('VERSION_CONFLICT');
    expect(await fx.store.getTaskToken('r-1', stageWait('defense'))).toBeNull();
  });

  it('refuses an unknown wait name', async () => {
    // Act
    const error = await caught(
      registerTaskToken(roundFixture().deps, {
        roundId: 'r-1',
        waitFor: stageWait('lunch' as RoundStage),
        token: 't-1',
      }),
    );

    // Assess
    expect(error.code).toBe('VALIDATION_FAILED');
  });
});
