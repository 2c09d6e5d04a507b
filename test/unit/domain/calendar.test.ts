import { describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  addWorkingDays,
  addYears,
  beijingDate,
  beijingMidnightAfter,
  buildWorkingCalendar,
  type CalendarYear,
  isCalendarDate,
  isWorkingDay,
  publicityWindowClose,
  validateCalendarYear,
} from '../../../functions/domain/calendar.ts';
import {
  CHINESE_DAYS_OFFICIAL_YEARS,
  CHINESE_DAYS_PACKAGE,
  CHINESE_DAYS_SEED_YEARS,
  type ChineseDaysData,
  chineseDaysSeed,
  seedYearsFromChineseDays,
  yearRange,
} from '../../../functions/domain/calendar-seed.ts';
import { DomainError } from '../../../functions/domain/errors.ts';

/** Runs `act` and returns the DomainError it throws (fails the test if it throws nothing else). */
function caught(act: () => unknown): DomainError {
  try {
    act();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

/** A stand-in for the 2027 notice, which had not been published when this was written. */
const YEAR_2027: CalendarYear = {
  year: 2027,
  holidays: ['2027-01-01', '2027-01-02', '2027-01-03'],
  workdays: [],
  source: 'test fixture',
};

const seeded = () => buildWorkingCalendar(chineseDaysSeed());

describe('Beijing date helpers', () => {
  it('gives the Beijing date of an instant, which is already the next day after 16:00 UTC', () => {
    // Prepare
    const lateUtcEvening = new Date('2026-09-27T17:00:00Z');
    const justBefore = new Date('2026-09-27T15:59:59.999Z');

    // Act
    const dates = [beijingDate(lateUtcEvening), beijingDate(justBefore)];

    // Assess
    expect(dates).toEqual(['2026-09-28', '2026-09-27']);
  });

  it('rejects an invalid instant', () => {
    // Act
    const error = caught(() => beijingDate(new Date('nonsense')));

    // Assess
    expect(error.code).toBe('VALIDATION_FAILED');
  });

  it('gives 24:00 Beijing time at the end of a date as the UTC instant 16:00 of that date', () => {
    // Act
    const midnight = beijingMidnightAfter('2026-12-31');

    // Assess
    expect(midnight.toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });

  it('recognises real dates only, including years below 100', () => {
    // Act
    const results = ['2028-02-29', '2026-02-29', '2026-13-01', '2026-1-01', '0050-03-01'].map(isCalendarDate);

    // Assess
    expect(results).toEqual([true, false, false, false, true]);
  });

  it('adds calendar days across month and year ends, and rejects malformed dates', () => {
    // Act
    const forward = addCalendarDays('2026-12-31', 1);
    const backward = addCalendarDays('2026-03-01', -1);
    const error = caught(() => addCalendarDays('2026-02-30', 1));

    // Assess
    expect([forward, backward]).toEqual(['2027-01-01', '2026-02-28']);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toContain('2026-02-30');
  });
});

describe('validateCalendarYear', () => {
  const valid: CalendarYear = {
    year: 2026,
    holidays: ['2026-01-01', '2026-10-01'],
    workdays: ['2026-10-10'],
    source: '通知',
  };

  it('accepts a well-formed year', () => {
    // Act
    const findings = validateCalendarYear(valid);

    // Assess
    expect(findings).toEqual([]);
  });

  it('rejects a year that is not a four-digit integer', () => {
    // Act
    const findings = [2026.5, 999, 10_000].map((year) => validateCalendarYear({ ...valid, year }));

    // Assess
    for (const f of findings) expect(f).toEqual([expect.objectContaining({ path: 'year' })]);
  });

  it('lists every bad date, date outside the year and weekday make-up day', () => {
    // Prepare
    const input: CalendarYear = {
      year: 2026,
      holidays: ['2026-01-01', '2026-02-30', '2025-12-31'],
      workdays: ['2026-10-09', 20261010 as unknown as string],
      source: '通知',
    };

    // Act
    const findings = validateCalendarYear(input);

    // Assess
    expect(findings.map((f) => [f.path, f.code])).toEqual([
      ['holidays[1]', 'VALIDATION_FAILED'],
      ['holidays[2]', 'VALIDATION_FAILED'],
      ['workdays[0]', 'VALIDATION_FAILED'],
      ['workdays[1]', 'VALIDATION_FAILED'],
    ]);
    expect(findings[1]?.message).toContain('不属于 2026 年');
    expect(findings[2]?.message).toContain('不是周六或周日');
  });

  it('rejects lists that are not arrays and an empty source', () => {
    // Prepare
    const input = { year: 2026, holidays: 'none', workdays: null, source: '  ' } as unknown as CalendarYear;

    // Act
    const findings = validateCalendarYear(input);

    // Assess
    expect(findings.map((f) => f.path)).toEqual(['holidays', 'workdays', 'source']);
  });

  it('rejects a date that is both a holiday and a make-up working day', () => {
    // Act
    const findings = validateCalendarYear({ ...valid, holidays: [...valid.holidays, '2026-10-10'] });

    // Assess
    expect(findings).toEqual([expect.objectContaining({ path: 'workdays[0]', code: 'VALIDATION_FAILED' })]);
  });

  it('rejects a year without New Year’s Day: an empty year would be a Monday–Friday guess', () => {
    // Act
    const findings = validateCalendarYear({ ...valid, holidays: [], workdays: [] });

    // Assess
    expect(findings).toEqual([
      expect.objectContaining({ path: 'holidays', message: expect.stringContaining('元旦') }),
    ]);
  });
});

describe('buildWorkingCalendar', () => {
  it('refuses invalid data with the findings, prefixed by the year’s position', () => {
    // Act
    const error = caught(() => buildWorkingCalendar([YEAR_2027, { ...YEAR_2027, year: 2028 }]));

    // Assess
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.findings.map((f) => f.path)).toContain('[1].holidays[0]');
  });

  it('refuses the same year twice', () => {
    // Act
    const error = caught(() => buildWorkingCalendar([YEAR_2027, YEAR_2027]));

    // Assess
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.findings).toEqual([expect.objectContaining({ path: '[1].year' })]);
  });

  it('fingerprints each year by its contents, whatever the order of the dates', () => {
    // Prepare
    const reordered = { ...YEAR_2027, holidays: [...YEAR_2027.holidays].reverse() };
    const edited = { ...YEAR_2027, holidays: [...YEAR_2027.holidays, '2027-02-08'] };

    // Act
    const [a, b, c, d] = [YEAR_2027, reordered, edited, { ...YEAR_2027, version: '2' }].map(
      (y) => buildWorkingCalendar([y]).years.get(2027)?.fingerprint,
    );

    // Assess
    expect(a).toMatch(/^2027@[0-9a-f]{12}$/);
    expect(b).toBe(a);
    expect(c).not.toBe(a);
    expect(d).not.toBe(a);
  });
});

describe('isWorkingDay and addWorkingDays on the seeded data', () => {
  it('follows the 2026 notice: holidays off, make-up Saturdays on, plain weekdays and weekends', () => {
    // Prepare
    const cal = seeded();

    // Act
    const days = {
      nationalDay: isWorkingDay(cal, '2026-10-01'),
      makeUpSaturday: isWorkingDay(cal, '2026-10-10'),
      makeUpSunday: isWorkingDay(cal, '2026-09-20'),
      plainThursday: isWorkingDay(cal, '2026-10-08'),
      plainSunday: isWorkingDay(cal, '2026-10-11'),
      springFestivalMonday: isWorkingDay(cal, '2026-02-23'),
    };

    // Assess
    expect(days).toEqual({
      nationalDay: false,
      makeUpSaturday: true,
      makeUpSunday: true,
      plainThursday: true,
      plainSunday: false,
      springFestivalMonday: false,
    });
  });

  it('refuses a date in a year without data instead of guessing Monday–Friday', () => {
    // Prepare
    const cal = seeded();

    // Act
    const error = caught(() => isWorkingDay(cal, '2027-03-03'));

    // Assess
    expect(error.code).toBe('CALENDAR_NOT_AVAILABLE');
    expect(error.message).toContain('2027');
  });

  it('rejects a malformed date', () => {
    // Act
    const error = caught(() => isWorkingDay(seeded(), '2026/10/01'));

    // Assess
    expect(error.code).toBe('VALIDATION_FAILED');
  });

  it('counts the nth working day strictly after the date', () => {
    // Prepare
    const cal = seeded();

    // Act
    const first = addWorkingDays(cal, '2026-10-09', 1);
    const fifth = addWorkingDays(cal, '2026-09-28', 5);

    // Assess
    expect(first).toBe('2026-10-10');
    expect(fifth).toBe('2026-10-10');
  });

  it('rejects a count that is not a positive integer', () => {
    // Act
    const errors = [0, -1, 1.5].map((n) => caught(() => addWorkingDays(seeded(), '2026-09-28', n)));

    // Assess
    for (const error of errors) expect(error.code).toBe('VALIDATION_FAILED');
  });
});

describe('publicityWindowClose (5 working days, Art. 18 (3), (8))', () => {
  it('published 2026-09-28 closes 2026-10-10 24:00 Beijing over the National Day holiday', () => {
    // Prepare
    const cal = seeded();

    // Act
    const morning = publicityWindowClose(cal, new Date('2026-09-28T09:00:00+08:00'), 5);
    const lateEvening = publicityWindowClose(cal, new Date('2026-09-28T23:59:59+08:00'), 5);

    // Assess
    expect(morning.lastDay).toBe('2026-10-10');
    expect(morning.closesAt.toISOString()).toBe('2026-10-10T16:00:00.000Z');
    expect(lateEvening).toEqual(morning);
    expect(morning.calendarVersion).toMatch(/^2026@[0-9a-f]{12}$/);
  });

  it('counts from the Beijing date: 2026-09-27T17:00Z is already 2026-09-28 in Beijing', () => {
    // Prepare
    const cal = seeded();

    // Act
    const close = publicityWindowClose(cal, new Date('2026-09-27T17:00:00Z'), 5);
    const dayBefore = publicityWindowClose(cal, new Date('2026-09-27T15:59:00Z'), 5);

    // Assess
    expect(close.closesAt.toISOString()).toBe('2026-10-10T16:00:00.000Z');
    // Published Sunday 09-27 Beijing: 09-28, 09-29, 09-30, 10-08, 10-09.
    expect(dayBefore.lastDay).toBe('2026-10-09');
  });

  it('over Spring Festival 2026 counts the make-up Saturday 02-14 and skips 02-15 to 02-23', () => {
    // Prepare
    const cal = seeded();

    // Act
    const close = publicityWindowClose(cal, new Date('2026-02-12T10:00:00+08:00'), 5);

    // Assess
    // 02-13 (Fri), 02-14 (make-up Sat), 02-24, 02-25, 02-26.
    expect(close.lastDay).toBe('2026-02-26');
    expect(close.closesAt.toISOString()).toBe('2026-02-26T16:00:00.000Z');
  });

  it('refuses a window that reaches into 2027 when no 2027 data is loaded', () => {
    // Prepare
    const cal = seeded();

    // Act
    const error = caught(() => publicityWindowClose(cal, new Date('2026-12-28T10:00:00+08:00'), 5));

    // Assess
    expect(error.code).toBe('CALENDAR_NOT_AVAILABLE');
    expect(error.message).toContain('2027 年');
  });

  it('computes the same window once a 2027 year is loaded, recording both years’ data', () => {
    // Prepare
    const cal = buildWorkingCalendar([...chineseDaysSeed(), YEAR_2027]);

    // Act
    const close = publicityWindowClose(cal, new Date('2026-12-28T10:00:00+08:00'), 5);

    // Assess
    // 12-29, 12-30, 12-31, then 2027-01-01..03 off, 01-04 (Mon), 01-05 (Tue).
    expect(close.lastDay).toBe('2027-01-05');
    expect(close.closesAt.toISOString()).toBe('2027-01-05T16:00:00.000Z');
    expect(close.calendarVersion).toMatch(/^2026@[0-9a-f]{12}\+2027@[0-9a-f]{12}$/);
  });

  it('needs only the years counted: published on 12-31 it uses the next year alone', () => {
    // Prepare
    const cal = buildWorkingCalendar([YEAR_2027]);

    // Act
    const close = publicityWindowClose(cal, new Date('2026-12-31T12:00:00+08:00'), 5);

    // Assess
    expect(close.lastDay).toBe('2027-01-08');
    expect(close.calendarVersion).toMatch(/^2027@/);
  });
});

describe('calendar seed from chinese-days', () => {
  it('seeds 2024–2026 by default with sources naming the notice and the package', () => {
    // Act
    const years = chineseDaysSeed();

    // Assess
    expect(CHINESE_DAYS_SEED_YEARS).toEqual([2024, 2025, 2026]);
    expect(years.map((y) => y.year)).toEqual([2024, 2025, 2026]);
    for (const y of years) {
      expect(validateCalendarYear(y)).toEqual([]);
      expect(y.source).toContain(CHINESE_DAYS_PACKAGE);
      expect(y.source).toContain(`${y.year}年部分节假日安排的通知`);
    }
  });

  it('matches the 2026 notice for the National Day and Spring Festival blocks', () => {
    // Act
    const [y2026] = chineseDaysSeed([2026]);

    // Assess
    expect(y2026?.holidays).toEqual(expect.arrayContaining(yearRange(1, 7).map((d) => `2026-10-0${d}`)));
    expect(y2026?.holidays).not.toContain('2026-10-08');
    expect(y2026?.holidays).toEqual(expect.arrayContaining(yearRange(15, 23).map((d) => `2026-02-${d}`)));
    expect(y2026?.workdays).toEqual([
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
  });

  it('refuses 2027, for which the package has no notice', () => {
    // Act
    const error = caught(() => chineseDaysSeed(yearRange(2026, 2027)));

    // Assess
    expect(error.code).toBe('CALENDAR_NOT_AVAILABLE');
    expect(error.message).toContain('2027');
  });

  it('refuses an official year missing from the data given, and converts older years with a generic source', () => {
    // Prepare
    const data: ChineseDaysData = {
      holidays: { '2010-01-01': "New Year's Day,元旦,1" },
      workdays: { '2010-01-02': "New Year's Day,元旦,1" },
    };

    // Act
    const [y2010] = seedYearsFromChineseDays(data, [2010]);
    const error = caught(() => seedYearsFromChineseDays(data, [2011]));

    // Assess
    expect(y2010).toEqual({
      year: 2010,
      holidays: ['2010-01-01'],
      workdays: ['2010-01-02'],
      source: `国务院办公厅关于2010年部分节假日安排的通知; ${CHINESE_DAYS_PACKAGE}`,
    });
    expect(error.code).toBe('CALENDAR_NOT_AVAILABLE');
  });

  it('lists the official years 2004–2026 and builds inclusive ranges', () => {
    // Act
    const empty = yearRange(2026, 2025);

    // Assess
    expect(CHINESE_DAYS_OFFICIAL_YEARS[0]).toBe(2004);
    expect(CHINESE_DAYS_OFFICIAL_YEARS.at(-1)).toBe(2026);
    expect(CHINESE_DAYS_OFFICIAL_YEARS).toHaveLength(23);
    expect(empty).toEqual([]);
  });
});

describe('addYears', () => {
  it('adds and subtracts calendar years, 29 February periods ending on 28 February (Civil Code Art. 202)', () => {
    // Act / Assess
    expect(addYears('2023-06-30', 3)).toBe('2026-06-30');
    expect(addYears('2024-02-29', 3)).toBe('2027-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
    expect(addYears('2028-02-29', -3)).toBe('2025-02-28');
    expect(addYears('2026-04-30', -1)).toBe('2025-04-30');
  });

  it('refuses a date that does not exist', () => {
    // Act
    const error = caught(() => addYears('2026-02-30', 1));

    // Assess
    expect(error.code).toBe('VALIDATION_FAILED');
  });
});
