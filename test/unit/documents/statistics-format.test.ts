/** Statistics over a round's applications, and how documents write Beijing times. */
import { describe, expect, it } from 'vitest';
import { chineseDate, chineseDateTime, chineseNumber } from '../../../functions/documents/format.ts';
import type { ApplicationRecord } from '../../../functions/ports/records.ts';
import { isDraftOnly } from '../../../functions/use-cases/documents/round-data.ts';
import { getRoundStatistics, statisticsOf } from '../../../functions/use-cases/documents/statistics.ts';
import { reviewFixture, STAFF, seedApplication, seedRound } from '../../support/review-fixtures.ts';

const organization = (
  id: string,
  jurisdiction: string,
  industry: 'manufacturing' | 'services',
  sme: boolean,
) =>
  ({
    applicationId: id,
    category: 'organization',
    status: 'submitted',
    jurisdiction,
    organization: { industry, sme },
  }) as unknown as ApplicationRecord;
const individual = (id: string) =>
  ({
    applicationId: id,
    category: 'individual',
    status: 'qualified',
    jurisdiction: '140105',
  }) as unknown as ApplicationRecord;

describe('statisticsOf', () => {
  it('counts by status, category and jurisdiction; industry and the SME share over organizations only', () => {
    // Prepare
    const applications = [
      organization('a', '140105', 'manufacturing', true),
      organization('b', '140106', 'services', false),
      organization('c', '140105', 'manufacturing', true),
      individual('d'),
    ];

    // Act
    const stats = statisticsOf(applications);

    // Assess
    expect(stats).toEqual({
      total: 4,
      byStatus: { submitted: 3, qualified: 1 },
      byCategory: { organization: 3, individual: 1 },
      byJurisdiction: { '140105': 3, '140106': 1 },
      byIndustry: { manufacturing: 2, services: 1 },
      sme: { count: 2, share: 2 / 3 },
    });
  });

  it('gives a share of 0, not NaN, when no organization applied', () => {
    expect(statisticsOf([individual('x')]).sme).toEqual({ count: 0, share: 0 });
  });

  it('leaves out drafts and drafts withdrawn before submission, not withdrawn submissions', () => {
    const draft = { status: 'draft' } as ApplicationRecord;
    const withdrawnDraft = { status: 'withdrawn' } as ApplicationRecord;
    const withdrawnSubmission = {
      status: 'withdrawn',
      submittedAt: '2026-03-03T01:00:00.000Z',
    } as ApplicationRecord;
    expect([draft, withdrawnDraft, withdrawnSubmission].map(isDraftOnly)).toEqual([true, true, false]);
  });
});

describe('Beijing times in documents', () => {
  it('writes an instant in Beijing time, and midnight as 24:00 of the day before', () => {
    expect(chineseDateTime('2026-03-12T01:01:00.000Z')).toBe('2026年3月12日9时01分');
    expect(chineseDateTime('2026-03-19T16:00:00.000Z')).toBe('2026年3月19日24时00分');
    expect(chineseDate('2026-12-31T17:00:00.000Z')).toBe('2027年1月1日');
    expect(chineseDate('2026-09-28')).toBe('2026年9月28日');
  });

  it('writes ordinals and article numbers in Chinese', () => {
    expect([1, 10, 12, 20, 25, 27].map(chineseNumber)).toEqual([
      '一',
      '十',
      '十二',
      '二十',
      '二十五',
      '二十七',
    ]);
  });
});

describe('getRoundStatistics', () => {
  it('counts drafts, and drafts withdrawn before submission, only as a number', async () => {
    // Prepare
    const fx = reviewFixture();
    await seedRound(fx, { roundId: 'r1', ordinal: 1 });
    await seedApplication(fx, { applicationId: 'a-1', roundId: 'r1', status: 'submitted' });
    await seedApplication(fx, { applicationId: 'a-2', roundId: 'r1', status: 'draft' });
    await seedApplication(fx, { applicationId: 'a-3', roundId: 'r1', status: 'withdrawn' });
    // Act
    const stats = await getRoundStatistics(fx.deps, STAFF, 'r1');
    // Assess
    expect(stats.total).toBe(1);
    expect(stats.drafts).toBe(2);
    expect(stats.byStatus).toEqual({ submitted: 1 });
  });
});
