import { describe, expect, it } from 'vitest';
import { chineseDaysSeed } from '../../../../functions/domain/calendar-seed.ts';
import type { DecisionRecord } from '../../../../functions/ports/records.ts';
import { openPublicityWindow } from '../../../../functions/use-cases/workflow/open-window.ts';
import { caught, putApplication, roundFixture, seedRound, statusesOf } from './fixtures.ts';

async function decide(fx: ReturnType<typeof roundFixture>, award: string[], nomination: string[]) {
  const decision: DecisionRecord = {
    version: 0,
    roundId: 'r-1',
    award,
    nomination,
    changedFromProposal: false,
    by: 'leader-1',
    at: '2026-09-27T00:00:00.000Z',
  };
  await fx.store.commit({
    changes: [{ op: 'put', entity: { type: 'decision', record: decision } }],
    audit: [],
  });
}

describe('openPublicityWindow (accepted list)', () => {
  it('accepts the qualified applications and publishes them for 5 working days', async () => {
    // Prepare: published Monday 2026-06-01 09:00 Beijing → 2, 3, 4, 5, 8 June
    const fx = roundFixture('2026-06-01T01:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'accepted-publicity' });
    await putApplication(fx, 'r-1', 'a1', 'qualified');
    await putApplication(fx, 'r-1', 'a2', 'qualified');
    await putApplication(fx, 'r-1', 'a3', 'disqualified');

    // Act
    const state = await openPublicityWindow(fx.deps, { roundId: 'r-1', kind: 'accepted' });

    // Assess
    const window = await fx.store.getWindow('r-1-accepted');
    expect(state).toEqual({
      windowId: 'r-1-accepted',
      kind: 'accepted',
      status: 'open',
      closesAt: '2026-06-08T16:00:00.000Z',
      pendingObjections: 0,
    });
    expect(window).toMatchObject({
      opensAt: '2026-06-01T01:00:00.000Z',
      minimumClosesAt: '2026-06-08T16:00:00.000Z',
      status: 'open',
      struck: [],
      entries: [
        { applicationId: 'a1', displayName: '企业a1', category: 'organization' },
        { applicationId: 'a2', displayName: '企业a2', category: 'organization' },
      ],
    });
    expect(window?.calendarVersion).toMatch(/^2026@[0-9a-f]{12}$/);
    expect((await fx.store.getRound('r-1'))?.windowIds).toEqual(['r-1-accepted']);
    expect(await statusesOf(fx, ['a1', 'a2', 'a3'])).toEqual({
      a1: 'accepted',
      a2: 'accepted',
      a3: 'disqualified',
    });
    expect((await fx.store.listAudit('r-1-accepted')).map((e) => e.action)).toEqual(['window.opened']);
  });

  it('uses the calendar table before the seed for the same year', async () => {
    // Prepare: the table makes 2 June a holiday, so the window ends a working day later
    const fx = roundFixture('2026-06-01T01:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'accepted-publicity' });
    await putApplication(fx, 'r-1', 'a1', 'qualified');
    const seed = chineseDaysSeed([2026])[0]!;
    await fx.store.commit({
      changes: [
        {
          op: 'put',
          entity: {
            type: 'calendar-year',
            record: {
              ...seed,
              version: 0,
              holidays: [...seed.holidays, '2026-06-02'],
              source: '测试',
              updatedAt: '2026-01-01T00:00:00.000Z',
              updatedBy: 'staff-1',
            },
          },
        },
      ],
      audit: [],
    });

    // Act
    const state = await openPublicityWindow(fx.deps, { roundId: 'r-1', kind: 'accepted' });

    // Assess
    expect(state.closesAt).toBe('2026-06-09T16:00:00.000Z');
  });

  it('returns the window unchanged the second time', async () => {
    // Prepare
    const fx = roundFixture('2026-06-01T01:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'accepted-publicity' });
    await putApplication(fx, 'r-1', 'a1', 'qualified');
    const first = await openPublicityWindow(fx.deps, { roundId: 'r-1', kind: 'accepted' });
    const window = await fx.store.getWindow('r-1-accepted');
    fx.clock.set('2026-06-02T01:00:00Z');

    // Act
    const second = await openPublicityWindow(fx.deps, { roundId: 'r-1', kind: 'accepted' });

    // Assess
    expect(second).toEqual(first);
    expect(await fx.store.getWindow('r-1-accepted')).toEqual(window);
    expect((await fx.store.getRound('r-1'))?.windowIds).toEqual(['r-1-accepted']);
  });

  it('refuses before staff moved the round to accepted-publicity', async () => {
    // Prepare
    const fx = roundFixture('2026-06-01T01:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'qualification' });

    // Act
    const error = await caught(openPublicityWindow(fx.deps, { roundId: 'r-1', kind: 'accepted' }));

    // Assess
    expect(error.code).toBe('STAGE_PRECONDITION_FAILED');
    expect(error.message).toContain('资格审查');
  });

  it('refuses with CALENDAR_NOT_AVAILABLE when the deadline reaches into a year without data', async () => {
    // Prepare: 2026-12-28 + 5 working days reaches 2027, which neither the table nor the seed has
    const fx = roundFixture('2026-12-28T01:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'accepted-publicity' });
    await putApplication(fx, 'r-1', 'a1', 'qualified');

    // Act
    const error = await caught(openPublicityWindow(fx.deps, { roundId: 'r-1', kind: 'accepted' }));

    // Assess
    expect(error.code).toBe('CALENDAR_NOT_AVAILABLE');
    expect(await fx.store.getWindow('r-1-accepted')).toBeNull();
  });
});

describe('openPublicityWindow (proposed winners)', () => {
  it('applies the decision and publishes the proposed winners, award first', async () => {
    // Prepare: published 2026-09-28 → closes 2026-10-10 24:00 (National Day; 10 Oct is a make-up day)
    const fx = roundFixture('2026-09-28T01:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'decision' });
    for (const id of ['a1', 'a2', 'a3', 'a4']) await putApplication(fx, 'r-1', id, 'candidate');
    await decide(fx, ['a3'], ['a2', 'a1']);

    // Act
    const state = await openPublicityWindow(fx.deps, { roundId: 'r-1', kind: 'winners' });

    // Assess
    const round = await fx.store.getRound('r-1');
    expect(state).toMatchObject({
      windowId: 'r-1-winners',
      closesAt: '2026-10-10T16:00:00.000Z',
      status: 'open',
    });
    expect((await fx.store.getWindow('r-1-winners'))?.entries.map((e) => [e.applicationId, e.tier])).toEqual([
      ['a3', 'award'],
      ['a2', 'nomination'],
      ['a1', 'nomination'],
    ]);
    expect(await statusesOf(fx, ['a1', 'a2', 'a3', 'a4'])).toEqual({
      a1: 'proposed',
      a2: 'proposed',
      a3: 'proposed',
      a4: 'not-awarded',
    });
    expect((await fx.store.getApplication('a3'))?.tier).toBe('award');
    expect(round?.stage).toBe('winner-publicity');
    expect(round?.windowIds).toEqual(['r-1-winners']);
  });

  it('refuses without the Leading Group decision', async () => {
    // Prepare
    const fx = roundFixture('2026-09-28T01:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'decision' });

    // Act
    const error = await caught(openPublicityWindow(fx.deps, { roundId: 'r-1', kind: 'winners' }));

    // Assess
    expect(error.code).toBe('STAGE_PRECONDITION_FAILED');
    expect(error.message).toContain('领导小组尚未审定');
  });

  it('refuses outside the decision stage', async () => {
    // Prepare
    const fx = roundFixture('2026-09-28T01:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'evaluation' });

    // Act
    const error = await caught(openPublicityWindow(fx.deps, { roundId: 'r-1', kind: 'winners' }));

    // Assess
    expect(error.code).toBe('STAGE_PRECONDITION_FAILED');
  });
});
