import { describe, expect, it } from 'vitest';
import type { RoundStage } from '../../../../functions/domain/model.ts';
import {
  CALL_CLOSE_WAIT,
  closeWaitFor,
  inspectWait,
  objectionsWaitFor,
  parseWait,
  RETRY_WAIT,
  stageWait,
  type Wait,
  waitName,
  waitResumedBy,
  windowIdOf,
} from '../../../../functions/use-cases/workflow/waits.ts';
import { caught, putObjection, putWindow, roundFixture, seedRound } from './fixtures.ts';

const NOW = new Date('2026-06-10T00:00:00.000Z');

describe('wait names', () => {
  const EVERY_KIND: Wait[] = [
    { kind: 'callClose' },
    { kind: 'retryDelay' },
    { kind: 'stage', stage: 'defense' },
    { kind: 'windowClose', windowId: 'r-1-accepted' },
    { kind: 'windowObjections', windowId: 'r-1-winners' },
  ];

  it('keeps the stored names: tokens of running rounds are stored under them', () => {
    // Act
    const names = EVERY_KIND.map(waitName);

    // Assess: the only place outside the waits module that spells the names out, on purpose
    expect(names).toEqual([
      'call-close',
      'retry',
      'stage:defense',
      'window:r-1-accepted:close',
      'window:r-1-winners:objections',
    ]);
    expect([CALL_CLOSE_WAIT, RETRY_WAIT]).toEqual(names.slice(0, 2));
    expect([stageWait('defense'), closeWaitFor('r-1-accepted'), objectionsWaitFor('r-1-winners')]).toEqual(
      names.slice(2),
    );
  });

  it.each(EVERY_KIND)('reads back the name of %o', (wait) => {
    // Act / Assess
    expect(parseWait(waitName(wait))).toEqual(wait);
  });

  it.each([stageWait('holiday' as RoundStage), closeWaitFor('x').replace(/close$/, 'open'), 'later'])(
    'refuses %s with VALIDATION_FAILED',
    async (waitFor) => {
      // Act
      const error = await caught(Promise.resolve().then(() => parseWait(waitFor)));

      // Assess
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.message).toContain(waitFor);
    },
  );

  it('says who resumes each wait', () => {
    // Act
    const resumers = [
      ...EVERY_KIND,
      { kind: 'stage', stage: 'decision' } as const,
      { kind: 'stage', stage: 'approval' } as const,
    ].map(waitResumedBy);

    // Assess
    expect(resumers).toEqual([
      'scheduler',
      'timeout',
      'staff',
      'scheduler',
      'objection-resolution',
      'leader',
      'staff',
    ]);
  });

  it('derives one window id per round and kind', () => {
    // Act / Assess
    expect(windowIdOf('r-1', 'winners')).toBe('r-1-winners');
  });
});

describe('inspectWait', () => {
  it('keeps the call-close wait until callClosesAt, due then, guarded by the round', async () => {
    // Prepare
    const fx = roundFixture();
    const round = await seedRound(fx, {
      roundId: 'r-1',
      stage: 'call-open',
      callClosesAt: '2026-06-30T16:00:00.000Z',
    });

    // Act
    const state = await inspectWait(fx.deps, 'r-1', { kind: 'callClose' }, NOW);

    // Assess
    expect(state).toEqual({
      satisfied: false,
      output: { callClosesAt: '2026-06-30T16:00:00.000Z' },
      guard: { type: 'round', record: round },
      dueAt: '2026-06-30T16:00:00.000Z',
    });
  });

  it('ends the call-close wait once the call is due or the stage has moved', async () => {
    // Prepare
    const fx = roundFixture();
    await seedRound(fx, { roundId: 'r-1', stage: 'call-open', callClosesAt: '2026-06-09T16:00:00.000Z' });
    await seedRound(fx, { roundId: 'r-2', stage: 'qualification', callClosesAt: '2026-06-30T16:00:00.000Z' });

    // Act
    const due = await inspectWait(fx.deps, 'r-1', { kind: 'callClose' }, NOW);
    const moved = await inspectWait(fx.deps, 'r-2', { kind: 'callClose' }, NOW);

    // Assess
    expect(due.satisfied).toBe(true);
    expect(moved.satisfied).toBe(true);
  });

  it('ends a stage wait once the round is past that stage', async () => {
    // Prepare
    const fx = roundFixture();
    await seedRound(fx, { roundId: 'r-1', stage: 'onsite-review' });

    // Act
    const past = await inspectWait(fx.deps, 'r-1', { kind: 'stage', stage: 'material-review' }, NOW);
    const current = await inspectWait(fx.deps, 'r-1', { kind: 'stage', stage: 'onsite-review' }, NOW);

    // Assess
    expect(past).toMatchObject({ satisfied: true, output: { stage: 'onsite-review' } });
    expect(current.satisfied).toBe(false);
    expect(current.guard?.type).toBe('round');
  });

  it('ends the decision wait when the decision is recorded, though the stage has not moved', async () => {
    // Prepare
    const fx = roundFixture();
    await seedRound(fx, { roundId: 'r-1', stage: 'decision' });
    const before = await inspectWait(fx.deps, 'r-1', { kind: 'stage', stage: 'decision' }, NOW);
    await fx.store.commit({
      changes: [
        {
          op: 'put',
          entity: {
            type: 'decision',
            record: {
              version: 0,
              roundId: 'r-1',
              award: [],
              nomination: [],
              changedFromProposal: false,
              by: 'leader-1',
              at: NOW.toISOString(),
            },
          },
        },
      ],
      audit: [],
    });

    // Act
    const after = await inspectWait(fx.deps, 'r-1', { kind: 'stage', stage: 'decision' }, NOW);

    // Assess
    expect(before.satisfied).toBe(false);
    expect(after.satisfied).toBe(true);
  });

  it('hands the approval document to the announcement', async () => {
    // Prepare
    const fx = roundFixture();
    const approval = {
      documentNo: '并政函〔2026〕1号',
      approvedOn: '2026-10-20',
      by: 'staff-1',
      at: NOW.toISOString(),
    };
    await seedRound(fx, { roundId: 'r-1', stage: 'announced', approval });

    // Act
    const state = await inspectWait(fx.deps, 'r-1', { kind: 'stage', stage: 'approval' }, NOW);

    // Assess
    expect(state).toMatchObject({
      satisfied: true,
      output: { stage: 'announced', documentNo: '并政函〔2026〕1号', approvedOn: '2026-10-20' },
    });
  });

  it('ends a window-close wait once the window left `open`, and an objections wait once none is pending', async () => {
    // Prepare
    const fx = roundFixture();
    await seedRound(fx, { roundId: 'r-1', stage: 'accepted-publicity' });
    await putWindow(fx, 'r-1', 'accepted', [{ applicationId: 'a1' }], { status: 'awaiting-objections' });
    await putObjection(fx, 'r-1', 'r-1-accepted', 'o1', 'a1', 'pending');
    await putObjection(fx, 'r-1', 'r-1-accepted', 'o2', 'a1', 'dismissed');

    // Act
    const close = await inspectWait(fx.deps, 'r-1', { kind: 'windowClose', windowId: 'r-1-accepted' }, NOW);
    const objections = await inspectWait(
      fx.deps,
      'r-1',
      { kind: 'windowObjections', windowId: 'r-1-accepted' },
      NOW,
    );

    // Assess
    expect(close).toMatchObject({
      satisfied: true,
      output: {
        windowId: 'r-1-accepted',
        kind: 'accepted',
        status: 'awaiting-objections',
        pendingObjections: 1,
      },
    });
    expect(close.guard?.type).toBe('window');
    expect(objections.satisfied).toBe(false);
  });

  it('never ends the retry wait by itself', async () => {
    // Act
    const state = await inspectWait(roundFixture().deps, 'r-1', { kind: 'retryDelay' }, NOW);

    // Assess
    expect(state).toEqual({ satisfied: false, output: {} });
  });

  it('answers NOT_FOUND for a missing round, or a window of another round', async () => {
    // Prepare
    const fx = roundFixture();
    await putWindow(fx, 'r-2', 'accepted', []);

    // Act
    const round = await caught(inspectWait(fx.deps, 'r-1', { kind: 'callClose' }, NOW));
    const window = await caught(
      inspectWait(fx.deps, 'r-1', { kind: 'windowClose', windowId: 'r-2-accepted' }, NOW),
    );

    // Assess
    expect(round.code).toBe('NOT_FOUND');
    expect(window.code).toBe('NOT_FOUND');
  });
});
