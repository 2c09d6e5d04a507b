import { describe, expect, it } from 'vitest';
import { extendWindow } from '../../../../functions/use-cases/extend-window.ts';
import { getNotice } from '../../../../functions/use-cases/get-notice.ts';
import { listNotices } from '../../../../functions/use-cases/list-notices.ts';
import { closeWaitFor } from '../../../../functions/use-cases/workflow/waits.ts';
import {
  caught,
  reviewFixture,
  STAFF,
  SUPERVISOR,
  seedToken,
  seedWindow,
} from '../../../support/review-fixtures.ts';

describe('listNotices / getNotice', () => {
  it('shows published windows newest first and hides the ones not yet open', async () => {
    // Prepare
    const fx = reviewFixture('2026-06-03T00:00:00Z');
    await seedWindow(fx, {
      windowId: 'w-old',
      roundId: 'r1',
      opensAt: '2026-05-01T00:00:00.000Z',
      status: 'closed',
    });
    await seedWindow(fx, { windowId: 'w-now', roundId: 'r1' });
    await seedWindow(fx, { windowId: 'w-future', roundId: 'r1', opensAt: '2026-06-10T00:00:00.000Z' });
    // Act
    const list = await listNotices(fx.deps);
    const one = await getNotice(fx.deps, { windowId: 'w-now' });
    const future = await caught(() => getNotice(fx.deps, { windowId: 'w-future' }));
    const missing = await caught(() => getNotice(fx.deps, { windowId: 'nope' }));
    // Assess
    expect(list.map((w) => w.windowId)).toEqual(['w-now', 'w-old']);
    expect(one.windowId).toBe('w-now');
    expect(future.code).toBe('NOT_FOUND');
    expect(missing.code).toBe('NOT_FOUND');
  });
});

describe('extendWindow', () => {
  it('moves the end later, moves a timed close wait with it, and audits window.extended', async () => {
    // Prepare
    const fx = reviewFixture('2026-06-03T00:00:00Z');
    await seedWindow(fx, { windowId: 'w1', roundId: 'r1' });
    await seedToken(fx, { roundId: 'r1', waitFor: closeWaitFor('w1'), dueAt: '2026-06-07T16:00:00.000Z' });
    // Act
    const window = await extendWindow(fx.deps, STAFF, {
      windowId: 'w1',
      closesAt: '2026-06-12T00:00:00+08:00',
    });
    // Assess
    expect(window).toMatchObject({
      closesAt: '2026-06-11T16:00:00.000Z',
      minimumClosesAt: '2026-06-07T16:00:00.000Z',
    });
    expect((await fx.store.getWindow('w1'))?.closesAt).toBe('2026-06-11T16:00:00.000Z');
    expect((await fx.store.getTaskToken('r1', closeWaitFor('w1')))?.dueAt).toBe('2026-06-11T16:00:00.000Z');
    expect(await fx.store.listWindowsDueForClosing('2026-06-08T00:00:00.000Z')).toEqual([]);
    const audit = await fx.store.listAudit('w1');
    expect(audit.map((e) => [e.action, e.before, e.after])).toEqual([
      ['window.extended', { closesAt: '2026-06-07T16:00:00.000Z' }, { closesAt: '2026-06-11T16:00:00.000Z' }],
    ]);
  });

  it('extends without a stored close wait too', async () => {
    // Prepare
    const fx = reviewFixture('2026-06-03T00:00:00Z');
    await seedWindow(fx, { windowId: 'w1', roundId: 'r1' });
    // Act
    const window = await extendWindow(fx.deps, STAFF, { windowId: 'w1', closesAt: '2026-06-12T00:00:00Z' });
    // Assess
    expect(window.version).toBe(2);
  });

  it('only later (VALIDATION_FAILED), only while open (WINDOW_CLOSED), only staff, only known windows', async () => {
    // Prepare
    const fx = reviewFixture('2026-06-03T00:00:00Z');
    await seedWindow(fx, { windowId: 'w1', roundId: 'r1' });
    await seedWindow(fx, { windowId: 'w2', roundId: 'r1', status: 'awaiting-objections' });
    // Act
    const earlier = await caught(() =>
      extendWindow(fx.deps, STAFF, { windowId: 'w1', closesAt: '2026-06-05T00:00:00Z' }),
    );
    const closed = await caught(() =>
      extendWindow(fx.deps, STAFF, { windowId: 'w2', closesAt: '2026-06-12T00:00:00Z' }),
    );
    const supervisor = await caught(() =>
      extendWindow(fx.deps, SUPERVISOR, { windowId: 'w1', closesAt: '2026-06-12T00:00:00Z' }),
    );
    const missing = await caught(() =>
      extendWindow(fx.deps, STAFF, { windowId: 'nope', closesAt: '2026-06-12T00:00:00Z' }),
    );
    // Assess
    expect(earlier.code).toBe('VALIDATION_FAILED');
    expect(closed.code).toBe('WINDOW_CLOSED');
    expect(supervisor.code).toBe('FORBIDDEN');
    expect(missing.code).toBe('NOT_FOUND');
  });
});
