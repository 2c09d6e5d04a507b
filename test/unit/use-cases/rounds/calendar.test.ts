import { describe, expect, it } from 'vitest';
import { isWorkingDay } from '../../../../functions/domain/calendar.ts';
import { DomainError } from '../../../../functions/domain/errors.ts';
import { getCalendarYear } from '../../../../functions/use-cases/get-calendar-year.ts';
import { loadWorkingCalendar } from '../../../../functions/use-cases/load-working-calendar.ts';
import { putCalendarYear } from '../../../../functions/use-cases/put-calendar-year.ts';
import { APPLICANT, roundFixture, STAFF } from '../../../support/rounds-fakes.ts';

async function caught(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

const year2027 = {
  year: 2027,
  holidays: ['2027-01-01', '2027-01-02', '2027-01-03', '2027-01-01'],
  workdays: [],
  source: '国务院办公厅关于2027年部分节假日安排的通知（人工录入）',
};

describe('calendar years', () => {
  it('reads a seeded year from chinese-days', async () => {
    // Prepare
    const fx = roundFixture();

    // Act
    const year = await getCalendarYear(fx.deps, APPLICANT, { year: 2026 });

    // Assess
    expect(year).toMatchObject({ year: 2026, origin: 'seed' });
    expect(year.holidays).toContain('2026-10-01');
    expect(year.workdays).toContain('2026-10-10');
    expect(year.source).toContain('chinese-days');
  });

  it('has no 2027 until staff enter it, then serves the table year and audits the change', async () => {
    // Prepare
    const fx = roundFixture();
    const before = await caught(getCalendarYear(fx.deps, APPLICANT, { year: 2027 }));

    // Act
    const stored = await putCalendarYear(fx.deps, STAFF, year2027);
    const read = await getCalendarYear(fx.deps, APPLICANT, { year: 2027 });

    // Assess
    expect(before.code).toBe('NOT_FOUND');
    expect(before.message).toContain('2027');
    expect(stored).toMatchObject({
      origin: 'table',
      version: 1,
      holidays: ['2027-01-01', '2027-01-02', '2027-01-03'],
    });
    expect(read).toEqual(stored);
    expect((await fx.store.listAudit('calendar-2027')).map((e) => e.action)).toEqual(['calendar.updated']);
  });

  it('lets a table year override the seed and replaces it on a second put', async () => {
    // Prepare
    const fx = roundFixture();
    const seeded = await getCalendarYear(fx.deps, STAFF, { year: 2026 });
    await putCalendarYear(fx.deps, STAFF, { ...seeded, source: '更正' });

    // Act
    const second = await putCalendarYear(fx.deps, STAFF, { ...seeded, workdays: [], source: '再次更正' });

    // Assess
    expect(second).toMatchObject({ origin: 'table', version: 2, workdays: [], source: '再次更正' });
  });

  it('refuses bad data listing every problem, and non-staff', async () => {
    // Prepare
    const fx = roundFixture();

    // Act
    const bad = await caught(
      putCalendarYear(fx.deps, STAFF, {
        year: 2027,
        holidays: ['2027-02-30'],
        workdays: ['2027-01-04'],
        source: '',
      }),
    );
    const applicant = await caught(putCalendarYear(fx.deps, APPLICANT, year2027));

    // Assess
    expect(bad.code).toBe('VALIDATION_FAILED');
    expect(bad.findings.map((f) => f.path)).toEqual(['holidays[0]', 'workdays[0]', 'source']);
    expect(applicant.code).toBe('FORBIDDEN');
  });

  it('builds the working calendar from table years over seed years', async () => {
    // Prepare
    const fx = roundFixture();
    const seeded = await getCalendarYear(fx.deps, STAFF, { year: 2026 });
    // Pretend the State Council moved the 2026-10-10 make-up day: staff correct the table.
    await putCalendarYear(fx.deps, STAFF, {
      ...seeded,
      workdays: seeded.workdays.filter((d) => d !== '2026-10-10'),
    });
    await putCalendarYear(fx.deps, STAFF, year2027);

    // Act
    const all = await loadWorkingCalendar(fx.deps);
    const only = await loadWorkingCalendar(fx.deps, [2027]);

    // Assess
    expect([...all.years.keys()]).toEqual([2024, 2025, 2026, 2027]);
    expect(isWorkingDay(all, '2026-10-10')).toBe(false);
    expect(isWorkingDay(all, '2027-01-04')).toBe(true);
    expect([...only.years.keys()]).toEqual([2027]);
  });
});
