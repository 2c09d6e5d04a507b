import { describe, expect, it } from 'vitest';
import { listReviewers } from '../../../../functions/use-cases/list-reviewers.ts';
import { putReviewer } from '../../../../functions/use-cases/put-reviewer.ts';
import {
  caught,
  creditCode,
  reviewer,
  reviewFixture,
  STAFF,
  seedReviewer,
} from '../../../support/review-fixtures.ts';

describe('putReviewer', () => {
  it('creates a profile with normalized credit codes and audits reviewer.created', async () => {
    // Prepare
    const fx = reviewFixture();
    // Act
    const stored = await putReviewer(fx.deps, STAFF, {
      reviewerId: 'rev-1',
      name: ' 王教授 ',
      organizationCode: creditCode(3).toLowerCase(),
      formerEmployers: [{ creditCode: creditCode(4), until: '2024-05-31' }],
      fields: ['质量管理', ' ', '质量管理', '标准化'],
    });
    // Assess
    expect(stored).toMatchObject({
      reviewerId: 'rev-1',
      name: '王教授',
      organizationCode: creditCode(3),
      formerEmployers: [{ creditCode: creditCode(4), until: '2024-05-31' }],
      fields: ['质量管理', '标准化'],
      version: 1,
    });
    expect(await fx.store.getReviewer('rev-1')).toMatchObject({ name: '王教授', version: 1 });
    const audit = await fx.store.listAudit('rev-1');
    expect(audit.map((e) => e.action)).toEqual(['reviewer.created']);
  });

  it('replaces a profile, keeps an Art. 29 disqualification and audits reviewer.updated', async () => {
    // Prepare
    const fx = reviewFixture();
    await seedReviewer(fx, {
      reviewerId: 'rev-1',
      disqualified: { at: '2026-01-01T00:00:00.000Z', reason: '徇私舞弊' },
    });
    // Act
    const stored = await putReviewer(fx.deps, STAFF, { reviewerId: 'rev-1', name: '王教授' });
    // Assess
    expect(stored.disqualified?.reason).toBe('徇私舞弊');
    expect(stored.version).toBe(2);
    expect(stored.organizationCode).toBeUndefined();
    const audit = await fx.store.listAudit('rev-1');
    expect(audit.map((e) => e.action)).toEqual(['reviewer.updated']);
  });

  it('lists every bad credit code with INVALID_CREDIT_CODE', async () => {
    // Prepare
    const fx = reviewFixture();
    // Act
    const error = await caught(() =>
      putReviewer(fx.deps, STAFF, {
        reviewerId: 'rev-1',
        name: '王教授',
        organizationCode: '91140105MA00000010',
        formerEmployers: [{ creditCode: 'abc', until: '2024-05-31' }],
      }),
    );
    // Assess
    expect(error.code).toBe('INVALID_CREDIT_CODE');
    expect(error.findings.map((f) => f.path)).toEqual(['organizationCode', 'formerEmployers[0].creditCode']);
    expect(await fx.store.getReviewer('rev-1')).toBeNull();
  });

  it('refuses an invalid date with VALIDATION_FAILED', async () => {
    // Prepare
    const fx = reviewFixture();
    // Act
    const error = await caught(() =>
      putReviewer(fx.deps, STAFF, {
        reviewerId: 'rev-1',
        name: '王教授',
        formerEmployers: [{ creditCode: creditCode(4), until: '2024-02-30' }],
      }),
    );
    // Assess
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.findings[0]?.path).toBe('formerEmployers[0].until');
  });

  it('is for staff only', async () => {
    // Prepare
    const fx = reviewFixture();
    // Act
    const error = await caught(() =>
      putReviewer(fx.deps, reviewer('rev-1'), { reviewerId: 'rev-1', name: '我' }),
    );
    // Assess
    expect(error.code).toBe('FORBIDDEN');
  });
});

describe('listReviewers', () => {
  it('lists the pool sorted by name', async () => {
    // Prepare
    const fx = reviewFixture();
    await seedReviewer(fx, { reviewerId: 'b', name: '赵' });
    await seedReviewer(fx, { reviewerId: 'a', name: '李' });
    await seedReviewer(fx, { reviewerId: 'c', name: '李' });
    // Act
    const list = await listReviewers(fx.deps, STAFF);
    // Assess
    expect(list.map((r) => r.reviewerId)).toEqual(['a', 'c', 'b']);
  });
});
