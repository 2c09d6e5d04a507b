import { describe, expect, it } from 'vitest';
import { closeDueWindows } from '../../../../functions/use-cases/workflow/close-due-windows.ts';
import { resumeDueCalls } from '../../../../functions/use-cases/workflow/resume-due-calls.ts';
import { RESUME_GRACE_MS } from '../../../../functions/use-cases/workflow/resume-wait.ts';
import { CALL_CLOSE_WAIT, closeWaitFor, stageWait } from '../../../../functions/use-cases/workflow/waits.ts';
import { putObjection, putWindow, racingStore, roundFixture, seedRound, seedToken } from './fixtures.ts';

const CLOSES = '2026-05-31T16:00:00.000Z';

describe('resumeDueCalls', () => {
  it('resumes the call-close wait once callClosesAt has passed, consuming its token', async () => {
    // Prepare
    const fx = roundFixture('2026-06-01T00:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'call-open', callClosesAt: CLOSES });
    await seedToken(fx, 'r-1', CALL_CLOSE_WAIT, CLOSES);

    // Act
    const result = await resumeDueCalls(fx.deps, new Date('2026-06-01T00:00:00Z'));

    // Assess
    expect(result).toEqual({ resumed: ['r-1/call-close'], failed: [] });
    expect(fx.workflow.resumed).toEqual([{ token: 'token-call-close', output: { callClosesAt: CLOSES } }]);
    expect(await fx.store.getTaskToken('r-1', CALL_CLOSE_WAIT)).toBeNull();
  });

  it('leaves a wait whose call staff extended past its stale dueAt', async () => {
    // Prepare
    const fx = roundFixture('2026-06-01T00:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'call-open', callClosesAt: '2026-06-30T16:00:00.000Z' });
    await seedToken(fx, 'r-1', CALL_CLOSE_WAIT, CLOSES);

    // Act
    const result = await resumeDueCalls(fx.deps, new Date('2026-06-01T00:00:00Z'));

    // Assess
    expect(result.resumed).toEqual([]);
    expect(fx.workflow.resumed).toEqual([]);
    expect(await fx.store.getTaskToken('r-1', CALL_CLOSE_WAIT)).not.toBeNull();
  });

  it('ignores waits not yet due', async () => {
    // Prepare
    const fx = roundFixture('2026-05-01T00:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'call-open', callClosesAt: CLOSES });
    await seedToken(fx, 'r-1', CALL_CLOSE_WAIT, CLOSES);

    // Act
    const result = await resumeDueCalls(fx.deps, new Date('2026-05-01T00:00:00Z'));

    // Assess
    expect(result.resumed).toEqual([]);
  });

  it('resumes a token a registration left due now, with what the store says', async () => {
    // Prepare
    const fx = roundFixture('2026-06-10T00:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'evaluation' });
    await seedToken(fx, 'r-1', stageWait('defense'), '2026-06-09T00:00:00.000Z');

    // Act
    const result = await resumeDueCalls(fx.deps, new Date('2026-06-10T00:00:00Z'));

    // Assess
    expect(result.resumed).toEqual(['r-1/stage:defense']);
    expect(fx.workflow.resumed[0]?.output).toEqual({ stage: 'evaluation' });
  });

  it('resumes a wait once when two sweeps overlap', async () => {
    // Prepare
    const fx = roundFixture('2026-06-01T00:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'call-open', callClosesAt: CLOSES });
    await seedToken(fx, 'r-1', CALL_CLOSE_WAIT, CLOSES);
    const now = new Date('2026-06-01T00:00:00Z');
    // The other sweep claims the token between this one's read and its claim.
    const store = racingStore(
      fx.store,
      (unit) => unit.changes.some((c) => c.entity.type === 'task-token'),
      async () => {
        await resumeDueCalls(fx.deps, now);
      },
    );

    // Act
    const mine = await resumeDueCalls({ ...fx.deps, store }, now);

    // Assess
    expect(mine.resumed).toEqual([]);
    expect(fx.workflow.resumed).toHaveLength(1);
  });

  it('drops a token whose round is gone', async () => {
    // Prepare
    const fx = roundFixture('2026-06-01T00:00:00Z');
    await seedToken(fx, 'r-gone', CALL_CLOSE_WAIT, CLOSES);

    // Act
    const result = await resumeDueCalls(fx.deps, new Date('2026-06-01T00:00:00Z'));

    // Assess
    expect(result).toEqual({ resumed: [], failed: [] });
    expect(await fx.store.getTaskToken('r-gone', CALL_CLOSE_WAIT)).toBeNull();
    expect(fx.workflow.resumed).toEqual([]);
  });

  it('reports a wait it could not resume and keeps it for the next run', async () => {
    // Prepare
    const fx = roundFixture('2026-06-01T00:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'call-open', callClosesAt: CLOSES });
    await seedToken(fx, 'r-1', CALL_CLOSE_WAIT, CLOSES);
    fx.workflow.resume = async () => {
      throw new Error('connect ECONNREFUSED');
    };

    // Act
    const result = await resumeDueCalls(fx.deps, new Date('2026-06-01T00:00:00Z'));

    // Assess
    expect(result).toEqual({
      resumed: [],
      failed: [{ wait: 'r-1/call-close', error: 'Error: connect ECONNREFUSED' }],
    });
    // Claimed, and due once the grace has passed: the next sweep after that tries again.
    expect(await fx.store.getTaskToken('r-1', CALL_CLOSE_WAIT)).toMatchObject({
      resumingSince: '2026-06-01T00:00:00.000Z',
      dueAt: '2026-06-01T00:02:00.000Z',
    });
  });
});

describe('closeDueWindows', () => {
  const AFTER = new Date('2026-06-09T00:00:00Z');

  it('closes a due window without pending objections and resumes its close wait', async () => {
    // Prepare
    const fx = roundFixture('2026-06-09T00:00:00Z');
    await putWindow(fx, 'r-1', 'accepted', [{ applicationId: 'a1' }]);
    await seedToken(fx, 'r-1', closeWaitFor('r-1-accepted'));

    // Act
    const result = await closeDueWindows(fx.deps, AFTER);

    // Assess
    expect(result).toEqual({ closed: ['r-1-accepted'], failedWindows: [] });
    expect(await fx.store.getWindow('r-1-accepted')).toMatchObject({
      status: 'closed',
      closedAt: '2026-06-09T00:00:00.000Z',
    });
    expect(await fx.store.getTaskToken('r-1', closeWaitFor('r-1-accepted'))).toBeNull();
    expect(fx.workflow.resumed).toEqual([
      {
        token: 'token-window:r-1-accepted:close',
        output: { windowId: 'r-1-accepted', kind: 'accepted', status: 'closed', pendingObjections: 0 },
      },
    ]);
    expect((await fx.store.listAudit('r-1-accepted')).map((e) => e.action)).toEqual(['window.closed']);
  });

  it('makes a window with a pending objection wait for its outcome', async () => {
    // Prepare
    const fx = roundFixture('2026-06-09T00:00:00Z');
    await putWindow(fx, 'r-1', 'accepted', [{ applicationId: 'a1' }]);
    await putObjection(fx, 'r-1', 'r-1-accepted', 'o1', 'a1', 'pending');

    // Act
    const result = await closeDueWindows(fx.deps, AFTER);

    // Assess: closed for objections; nothing to resume, the flow is not waiting yet
    expect(result.closed).toEqual(['r-1-accepted']);
    expect((await fx.store.getWindow('r-1-accepted'))?.status).toBe('awaiting-objections');
    expect(fx.workflow.resumed).toEqual([]);
  });

  it('leaves windows not yet due, or extended meanwhile', async () => {
    // Prepare
    const fx = roundFixture('2026-06-09T00:00:00Z');
    await putWindow(fx, 'r-1', 'accepted', [], { closesAt: '2026-06-12T16:00:00.000Z' });
    await putWindow(fx, 'r-2', 'accepted', []);
    const store = racingStore(
      fx.store,
      (unit) => unit.changes.some((c) => c.entity.type === 'window'),
      async () => {
        const window = (await fx.store.getWindow('r-2-accepted'))!;
        await fx.store.commit({
          changes: [
            {
              op: 'put',
              entity: { type: 'window', record: { ...window, closesAt: '2026-06-20T16:00:00.000Z' } },
            },
          ],
          audit: [],
        });
      },
    );

    // Act
    const result = await closeDueWindows({ ...fx.deps, store }, AFTER);

    // Assess
    expect(result.closed).toEqual([]);
    expect((await fx.store.getWindow('r-1-accepted'))?.status).toBe('open');
    expect((await fx.store.getWindow('r-2-accepted'))?.status).toBe('open');
  });

  it('closes a window once when two runs race for it', async () => {
    // Prepare
    const fx = roundFixture('2026-06-09T00:00:00Z');
    await putWindow(fx, 'r-1', 'accepted', []);
    await seedToken(fx, 'r-1', closeWaitFor('r-1-accepted'));
    const store = racingStore(
      fx.store,
      (unit) => unit.changes.some((c) => c.entity.type === 'window'),
      async () => {
        await closeDueWindows(fx.deps, AFTER);
      },
    );

    // Act
    const mine = await closeDueWindows({ ...fx.deps, store }, AFTER);

    // Assess
    expect(mine.closed).toEqual([]);
    expect(fx.workflow.resumed).toHaveLength(1);
    expect(
      (await fx.store.listAudit('r-1-accepted')).filter((e) => e.action === 'window.closed'),
    ).toHaveLength(1);
  });

  it('reports a window whose flow could not be reached and leaves its wait due for the next sweep', async () => {
    // Prepare
    const fx = roundFixture('2026-06-09T00:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'accepted-publicity' });
    await putWindow(fx, 'r-1', 'accepted', []);
    await seedToken(fx, 'r-1', closeWaitFor('r-1-accepted'));
    const resume = fx.workflow.resume.bind(fx.workflow);
    fx.workflow.resume = async () => {
      throw new Error('connect ECONNREFUSED');
    };

    // Act
    const result = await closeDueWindows(fx.deps, AFTER);
    fx.workflow.resume = resume;
    const early = await resumeDueCalls(fx.deps, new Date(AFTER.getTime() + RESUME_GRACE_MS - 1));
    const retried = await resumeDueCalls(fx.deps, new Date(AFTER.getTime() + RESUME_GRACE_MS));

    // Assess
    expect(result.failedWindows).toEqual([
      { windowId: 'r-1-accepted', error: 'Error: connect ECONNREFUSED' },
    ]);
    expect((await fx.store.getWindow('r-1-accepted'))?.status).toBe('closed');
    expect(early.resumed).toEqual([]);
    expect(retried.resumed).toEqual(['r-1/window:r-1-accepted:close']);
    expect(await fx.store.getTaskToken('r-1', closeWaitFor('r-1-accepted'))).toBeNull();
    expect(fx.workflow.resumed[0]?.output).toMatchObject({ windowId: 'r-1-accepted', status: 'closed' });
  });
});
