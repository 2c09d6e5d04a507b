import { describe, expect, it } from 'vitest';
import { importSanction } from '../../../../functions/use-cases/import-sanction.ts';
import { listAudit } from '../../../../functions/use-cases/list-audit.ts';
import { listSanctions } from '../../../../functions/use-cases/list-sanctions.ts';
import {
  APPLICANT,
  caught,
  creditCode,
  idNumber,
  reviewer,
  reviewFixture,
  STAFF,
  SUPERVISOR,
  seedReviewer,
} from '../../../support/review-fixtures.ts';

const base = { barredFromOrdinal: 1, barredThroughOrdinal: 2, reason: '第一届质量奖获奖组织' } as const;

describe('importSanction', () => {
  it('imports an organization ban by credit code', async () => {
    // Prepare
    const fx = reviewFixture();
    // Act
    const sanction = await importSanction(fx.deps, STAFF, {
      ...base,
      subject: { type: 'organization', creditCode: creditCode(5).toLowerCase() },
      kind: 'award-holder',
    });
    // Assess
    expect(sanction).toMatchObject({
      kind: 'award-holder',
      subjectType: 'organization',
      subjectKey: creditCode(5),
      subjectMasked: creditCode(5),
      source: { imported: true },
      version: 1,
    });
    expect((await fx.store.listAudit(sanction.sanctionId)).map((e) => e.action)).toEqual([
      'sanction.created',
    ]);
  });

  it('imports an individual ban by the ID number’s lookup key; the number is never stored or audited', async () => {
    // Prepare
    const fx = reviewFixture();
    const id = idNumber(3);
    // Act
    const sanction = await importSanction(fx.deps, STAFF, {
      ...base,
      subject: { type: 'individual', idNumber: id },
      kind: 'revoked',
    });
    // Assess
    expect(sanction.subjectKey).toBe(fx.deps.pii.lookupKey(id));
    expect(sanction.subjectMasked).toBe(`140*************${id.slice(-2)}`);
    const stored = await fx.store.listSanctionsForSubjects([fx.deps.pii.lookupKey(id)]);
    expect(JSON.stringify(stored)).not.toContain(id);
    expect(JSON.stringify(await fx.store.listAudit(sanction.sanctionId))).not.toContain(id);
  });

  it('disqualifies a reviewer (Art. 29) and marks the profile once', async () => {
    // Prepare
    const fx = reviewFixture();
    await seedReviewer(fx, { reviewerId: 'rev-1' });
    const input = {
      subject: { type: 'reviewer' as const, reviewerId: 'rev-1' },
      kind: 'reviewer-disqualified' as const,
      barredFromOrdinal: 1,
      barredThroughOrdinal: 999,
      reason: '评审中徇私舞弊',
    };
    // Act
    const sanction = await importSanction(fx.deps, STAFF, input);
    await importSanction(fx.deps, STAFF, input);
    // Assess
    expect(sanction).toMatchObject({ subjectType: 'reviewer', subjectKey: 'rev-1' });
    const profile = await fx.store.getReviewer('rev-1');
    expect(profile?.disqualified?.reason).toBe('评审中徇私舞弊');
    expect(profile?.version).toBe(2);
    expect((await fx.store.listAudit('rev-1')).map((e) => e.action)).toEqual(['reviewer.disqualified']);
  });

  it('refuses bad identifiers with their own codes', async () => {
    // Prepare
    const fx = reviewFixture();
    // Act
    const badCode = await caught(() =>
      importSanction(fx.deps, STAFF, {
        ...base,
        subject: { type: 'organization', creditCode: 'x' },
        kind: 'award-holder',
      }),
    );
    const badId = await caught(() =>
      importSanction(fx.deps, STAFF, {
        ...base,
        subject: { type: 'individual', idNumber: '140105198001010010' },
        kind: 'revoked',
      }),
    );
    // Assess
    expect(badCode.code).toBe('INVALID_CREDIT_CODE');
    expect(badCode.findings[0]?.path).toBe('subject.creditCode');
    expect(badId.code).toBe('INVALID_ID_NUMBER');
    expect(badId.findings[0]?.path).toBe('subject.idNumber');
  });

  it('lists every rule problem: ordinals, order, reviewer kind, reason', async () => {
    // Prepare
    const fx = reviewFixture();
    await seedReviewer(fx, { reviewerId: 'rev-1' });
    // Act
    const error = await caught(() =>
      importSanction(fx.deps, STAFF, {
        subject: { type: 'reviewer', reviewerId: 'rev-1' },
        kind: 'award-holder',
        barredFromOrdinal: 3,
        barredThroughOrdinal: 0,
        reason: ' ',
      }),
    );
    const mixed = await caught(() =>
      importSanction(fx.deps, STAFF, {
        subject: { type: 'organization', creditCode: 'x' },
        kind: 'award-holder',
        barredFromOrdinal: 2.5,
        barredThroughOrdinal: 3,
        reason: '历史记录',
      }),
    );
    // Assess
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.findings.map((f) => f.path)).toEqual([
      'barredThroughOrdinal',
      'barredThroughOrdinal',
      'kind',
      'reason',
    ]);
    expect(mixed.code).toBe('VALIDATION_FAILED');
  });

  it('refuses an unknown reviewer and non-staff', async () => {
    // Prepare
    const fx = reviewFixture();
    const input = {
      subject: { type: 'reviewer' as const, reviewerId: 'ghost' },
      kind: 'reviewer-disqualified' as const,
      ...base,
    };
    // Act
    const ghost = await caught(() => importSanction(fx.deps, STAFF, input));
    const supervisor = await caught(() => importSanction(fx.deps, SUPERVISOR, input));
    // Assess
    expect(ghost.code).toBe('NOT_FOUND');
    expect(supervisor.code).toBe('FORBIDDEN');
  });
});

describe('listSanctions', () => {
  async function withHistory() {
    const fx = reviewFixture();
    await seedReviewer(fx, { reviewerId: 'rev-1' });
    await importSanction(fx.deps, STAFF, {
      ...base,
      subject: { type: 'organization', creditCode: creditCode(5) },
      kind: 'award-holder',
    });
    fx.clock.set('2026-07-02T00:00:00Z');
    await importSanction(fx.deps, STAFF, {
      ...base,
      subject: { type: 'individual', idNumber: idNumber(3) },
      kind: 'revoked',
    });
    await importSanction(fx.deps, STAFF, {
      ...base,
      subject: { type: 'reviewer', reviewerId: 'rev-1' },
      kind: 'reviewer-disqualified',
    });
    return fx;
  }

  it('finds by credit code or by ID number (through its lookup key)', async () => {
    // Prepare
    const fx = await withHistory();
    // Act
    const byCode = await listSanctions(fx.deps, STAFF, { subject: creditCode(5) });
    const byId = await listSanctions(fx.deps, SUPERVISOR, { subject: idNumber(3).toLowerCase() });
    const byReviewer = await listSanctions(fx.deps, STAFF, { reviewerId: 'rev-1' });
    // Assess
    expect(byCode.items.map((s) => s.subjectType)).toEqual(['organization']);
    expect(byId.items.map((s) => s.subjectType)).toEqual(['individual']);
    expect(byReviewer.items.map((s) => s.subjectType)).toEqual(['reviewer']);
  });

  it('lists all sanctions page by page without a subject', async () => {
    // Prepare
    const fx = await withHistory();
    // Act
    const first = await listSanctions(fx.deps, STAFF, { limit: 2 });
    const second = await listSanctions(fx.deps, STAFF, { limit: 2, nextToken: first.nextToken! });
    // Assess
    expect(first.items).toHaveLength(2);
    expect(first.nextToken).toBeDefined();
    expect(second.items).toHaveLength(1);
    expect(second.nextToken).toBeUndefined();
  });

  it('refuses a subject that is neither identifier (without echoing it), both filters, and other roles', async () => {
    // Prepare
    const fx = await withHistory();
    // Act
    const bad = await caught(() => listSanctions(fx.deps, STAFF, { subject: '14010519800101001X' }));
    const both = await caught(() =>
      listSanctions(fx.deps, STAFF, { subject: creditCode(5), reviewerId: 'rev-1' }),
    );
    const applicant = await caught(() => listSanctions(fx.deps, APPLICANT, {}));
    // Assess
    expect(bad.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(bad)).not.toContain('14010519800101001X');
    expect(both.code).toBe('VALIDATION_FAILED');
    expect(applicant.code).toBe('FORBIDDEN');
  });
});

describe('listAudit', () => {
  it('returns the entity’s chain with chainIntact, and flags entries from a tampered one on', async () => {
    // Prepare
    const fx = reviewFixture();
    await seedReviewer(fx, { reviewerId: 'rev-1' });
    const input = {
      subject: { type: 'reviewer' as const, reviewerId: 'rev-1' },
      kind: 'reviewer-disqualified' as const,
      ...base,
    };
    const { sanctionId } = await importSanction(fx.deps, STAFF, input);
    await fx.store.commit({
      changes: [],
      audit: [1, 2].map((n) => ({
        entityId: sanctionId,
        entityType: 'sanction',
        action: 'sanction.viewed',
        actor: 'staff-1',
        role: 'staff',
        at: `2026-07-0${n}T00:00:00.000Z`,
      })),
    });
    // Act
    const intact = await listAudit(fx.deps, SUPERVISOR, { entityId: sanctionId });
    fx.store.tamperWithAuditEntry(sanctionId, 2, { actor: 'someone-else' });
    const tampered = await listAudit(fx.deps, STAFF, { entityId: sanctionId });
    const denied = await caught(() => listAudit(fx.deps, reviewer('rev-1'), { entityId: sanctionId }));
    // Assess
    expect(intact.map((e) => [e.seq, e.chainIntact])).toEqual([
      [1, true],
      [2, true],
      [3, true],
    ]);
    expect(tampered.map((e) => [e.seq, e.chainIntact])).toEqual([
      [1, true],
      [2, false],
      [3, false],
    ]);
    expect(denied.code).toBe('FORBIDDEN');
  });
});
