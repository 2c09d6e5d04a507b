import { describe, expect, it } from 'vitest';
import type { ApplicationRecord } from '../../../../functions/ports/records.ts';
import type { UnitOfWork } from '../../../../functions/ports/store.ts';
import {
  COMMIT_ITEM_LIMIT,
  commitInBatches,
  commitRoundChange,
  moveApplications,
  roundStageChange,
  unitSize,
} from '../../../../functions/use-cases/workflow/bulk.ts';
import { caught, failingCommits, putApplication, racingStore, roundFixture, seedRound } from './fixtures.ts';

describe('commitInBatches', () => {
  it('keeps every unit within the transaction limit', async () => {
    // Prepare: 120 applications, one change and one audit event each (3 items with the audit head)
    const fx = roundFixture('2026-06-09T00:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'material-review' });
    for (let i = 0; i < 120; i += 1) await putApplication(fx, 'r-1', `a${i}`, 'accepted');
    const sizes: number[] = [];
    const store = new Proxy(fx.store, {
      get(target, property, receiver) {
        if (property !== 'commit') return Reflect.get(target, property, receiver);
        return (unit: UnitOfWork) => {
          sizes.push(unitSize(unit));
          return target.commit(unit);
        };
      },
    });

    // Act
    const moved = await moveApplications({ ...fx.deps, store }, 'r-1', {
      from: 'accepted',
      to: () => 'in-review',
      actor: 'system',
      stage: 'material-review',
      now: fx.clock.now(),
    });

    // Assess
    expect(moved).toBe(120);
    expect(sizes.every((size) => size <= COMMIT_ITEM_LIMIT)).toBe(true);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(360);
    expect(sizes.length).toBe(4);
  });

  it('re-reads and re-plans a batch that met a newer version, skipping what is already done', async () => {
    // Prepare
    const fx = roundFixture('2026-06-09T00:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'material-review' });
    for (const id of ['a1', 'a2', 'a3']) await putApplication(fx, 'r-1', id, 'accepted');
    // A duplicate task moves a2 between this one's read and its commit.
    const store = racingStore(
      fx.store,
      () => true,
      async () => {
        const a2 = (await fx.store.getApplication('a2'))!;
        await fx.store.commit({
          changes: [{ op: 'put', entity: { type: 'application', record: { ...a2, status: 'in-review' } } }],
          audit: [],
        });
      },
    );

    // Act
    const moved = await moveApplications({ ...fx.deps, store }, 'r-1', {
      from: 'accepted',
      to: () => 'in-review',
      actor: 'system',
      stage: 'material-review',
      now: fx.clock.now(),
    });

    // Assess
    expect(moved).toBe(2);
    const statuses = await Promise.all(
      ['a1', 'a2', 'a3'].map(async (id) => (await fx.store.getApplication(id))?.status),
    );
    expect(statuses).toEqual(['in-review', 'in-review', 'in-review']);
    expect((await fx.store.listAudit('a2')).map((e) => e.action)).toEqual([]);
  });

  it('gives up after repeated conflicts', async () => {
    // Prepare
    const fx = roundFixture('2026-06-09T00:00:00Z');
    const application = await putApplication(fx, 'r-1', 'a1', 'accepted');
    const touch = async () => {
      const current = (await fx.store.getApplication('a1'))!;
      await fx.store.commit({
        changes: [{ op: 'put', entity: { type: 'application', record: current } }],
        audit: [],
      });
    };
    const store = racingStore(fx.store, () => true, touch, { times: 10 });
    const plan = (record: ApplicationRecord): UnitOfWork => ({
      changes: [{ op: 'put', entity: { type: 'application', record: { ...record, displayName: '改名' } } }],
      audit: [],
    });

    // Act
    const error = await caught(
      commitInBatches({ store }, [application], {
        plan,
        reload: (a) => fx.store.getApplication(a.applicationId),
      }),
    );

    // Assess
    expect(error.code).toBe('VERSION_CONFLICT');
  });

  it('drops a record that disappeared meanwhile', async () => {
    // Prepare
    const fx = roundFixture('2026-06-09T00:00:00Z');
    const application = await putApplication(fx, 'r-1', 'a1', 'accepted');
    const store = racingStore(
      fx.store,
      () => true,
      () =>
        fx.store.commit({
          changes: [{ op: 'delete', entity: { type: 'application', record: application } }],
          audit: [],
        }),
    );

    // Act
    const changed = await commitInBatches({ store }, [application], {
      plan: (record) => ({
        changes: [{ op: 'put', entity: { type: 'application', record: { ...record, displayName: '改名' } } }],
        audit: [],
      }),
      reload: (a) => fx.store.getApplication(a.applicationId),
    });

    // Assess
    expect(changed).toBe(0);
  });

  it('rethrows an error that is not a version conflict', async () => {
    // Prepare
    const fx = roundFixture('2026-06-09T00:00:00Z');
    const application = await putApplication(fx, 'r-1', 'a1', 'accepted');
    const broken = failingCommits(fx.store, new Error('throttled'));

    // Act
    const error = await commitInBatches({ store: broken }, [application], {
      plan: () => ({ changes: [], audit: [] }),
      reload: async () => null,
    }).catch((e: Error) => e);

    // Assess
    expect((error as Error).message).toBe('throttled');
  });
});

describe('roundStageChange and commitRoundChange', () => {
  it('refuses a move the table of Art. 18 does not have for the trigger', async () => {
    // Prepare
    const fx = roundFixture();
    const round = await seedRound(fx, { roundId: 'r-1', stage: 'defense' });

    // Act
    const error = await caught(
      Promise.resolve().then(() => roundStageChange(round, 'evaluation', 'system', new Date())),
    );

    // Assess
    expect(error.code).toBe('STAGE_PRECONDITION_FAILED');
  });

  it('builds from the freshest round after a conflict and reports whether it wrote', async () => {
    // Prepare
    const fx = roundFixture();
    await seedRound(fx, { roundId: 'r-1', stage: 'evaluation' });
    const store = racingStore(
      fx.store,
      () => true,
      async () => {
        const round = (await fx.store.getRound('r-1'))!;
        await fx.store.commit({
          changes: [{ op: 'put', entity: { type: 'round', record: round } }],
          audit: [],
        });
      },
    );
    const seen: number[] = [];

    // Act
    const wrote = await commitRoundChange({ ...fx.deps, store }, 'r-1', (round) => {
      seen.push(round.version);
      return round.stage === 'evaluation'
        ? roundStageChange(round, 'decision', 'system', fx.clock.now())
        : null;
    });
    const again = await commitRoundChange(fx.deps, 'r-1', (round) =>
      round.stage === 'evaluation' ? roundStageChange(round, 'decision', 'system', fx.clock.now()) : null,
    );

    // Assess
    expect(wrote).toBe(true);
    expect(again).toBe(false);
    expect(seen).toEqual([1, 2]);
    expect((await fx.store.getRound('r-1'))?.stage).toBe('decision');
  });
});
