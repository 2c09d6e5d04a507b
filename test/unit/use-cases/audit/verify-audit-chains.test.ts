import { describe, expect, it } from 'vitest';
import { verifyAuditChains } from '../../../../functions/use-cases/verify-audit-chains.ts';
import { reviewFixture } from '../../../support/review-fixtures.ts';

type Fixture = ReturnType<typeof reviewFixture>;

/** Chains of 2, 1 and 3 entries. */
async function seedChains(fx: Fixture) {
  const event = (entityId: string, n: number) => ({
    entityId,
    entityType: 'application',
    action: 'application.updated',
    actor: 'staff-1',
    role: 'staff',
    at: `2026-07-0${n}T00:00:00.000Z`,
    after: { n },
  });
  await fx.store.commit({
    changes: [],
    audit: [event('a', 1), event('a', 2), event('b', 1), event('c', 1), event('c', 2), event('c', 3)],
  });
}

describe('verifyAuditChains', () => {
  it('walks every chain through the HEAD list, page by page, and finds none broken', async () => {
    // Prepare
    const fx = reviewFixture();
    await seedChains(fx);
    // Act
    const report = await verifyAuditChains(fx.deps, { pageSize: 1 });
    // Assess
    expect(report).toEqual({ chains: 3, entries: 6, breaks: [] });
  });

  it('finds a tampered entry and names its chain and seq', async () => {
    // Prepare
    const fx = reviewFixture();
    await seedChains(fx);
    fx.store.tamperWithAuditEntry('c', 2, { actor: 'someone-else' });
    // Act
    const report = await verifyAuditChains(fx.deps, { pageSize: 2 });
    // Assess
    expect(report.breaks).toEqual([{ entityId: 'c', seq: 2, reason: 'hash' }]);
    expect(report.chains).toBe(3);
  });

  it('finds an entry whose stored hash was overwritten', async () => {
    // Prepare
    const fx = reviewFixture();
    await seedChains(fx);
    fx.store.tamperWithAuditEntry('a', 1, { hash: 'f'.repeat(64) });
    // Act
    const report = await verifyAuditChains(fx.deps);
    // Assess
    expect(report.breaks).toEqual([{ entityId: 'a', seq: 1, reason: 'hash' }]);
  });

  it('accepts a chain that grew after the HEAD list was read, and still finds a truncated one', async () => {
    // Prepare: the HEAD list's page is read, then chain "a" grows and chain "c" loses its end.
    const fx = reviewFixture();
    await seedChains(fx);
    const heads = await fx.store.listAuditChains();
    await fx.store.commit({
      changes: [],
      audit: [
        {
          entityId: 'a',
          entityType: 'application',
          action: 'application.updated',
          actor: 'staff-1',
          role: 'staff',
          at: '2026-07-09T00:00:00.000Z',
          after: { n: 9 },
        },
      ],
    });
    const entries = { a: await fx.store.listAudit('a'), c: (await fx.store.listAudit('c')).slice(0, 2) };
    const store = {
      listAuditChains: async () => heads,
      listAudit: async (entityId: string) =>
        entityId in entries ? entries[entityId as 'a' | 'c'] : fx.store.listAudit(entityId),
    } as unknown as typeof fx.store;
    // Act
    const report = await verifyAuditChains({ store });
    // Assess
    expect(entries.a).toHaveLength(3);
    expect(report.breaks).toEqual([{ entityId: 'c', seq: 2, reason: 'head' }]);
    expect(report.entries).toBe(3 + 1 + 2);
  });
});
