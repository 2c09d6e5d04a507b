/**
 * Working days per the State Council's yearly holiday notice (国务院办公厅关于部分节假日安排的通知),
 * and Beijing-time date helpers. Art. 18 (3), (8): publicity lasts at least N working days.
 * The calendar is data: only years with loaded data can be asked about; there is no Monday–Friday
 * fallback (DESIGN.md §2 "Working days").
 */
import { createHash } from 'node:crypto';
import { DomainError, type Finding } from './errors.ts';

/** One year of the holiday notice, as stored in the administrator-editable calendar table. */
export interface CalendarYear {
  year: number;
  /** Days off (YYYY-MM-DD): the holiday blocks, including weekend days inside them. */
  holidays: string[];
  /** Make-up working days (调休上班) that fall on a Saturday or Sunday. */
  workdays: string[];
  /** Where the data came from: the notice, and the package or person that entered it. */
  source: string;
  /** Optional revision label of the stored record. */
  version?: string;
}

/** A loaded year, indexed for lookups, with a fingerprint of its contents. */
export interface LoadedCalendarYear {
  readonly year: number;
  readonly holidays: ReadonlySet<string>;
  readonly workdays: ReadonlySet<string>;
  readonly source: string;
  /** `${year}@${short hash of the contents}`: changes whenever the year's data changes. */
  readonly fingerprint: string;
}

/** The working calendar: the loaded years, nothing else. */
export interface WorkingCalendar {
  readonly years: ReadonlyMap<number, LoadedCalendarYear>;
}

/** End of a publicity window. */
export interface WindowClose {
  /** 24:00 Beijing time at the end of `lastDay`, as an instant. */
  closesAt: Date;
  /** The Nth working day after publication (Beijing date). */
  lastDay: string;
  /** Fingerprints of the calendar years the count went through, joined by `+`. */
  calendarVersion: string;
}

const DAY_MS = 86_400_000;
/** Beijing time is UTC+8 all year (no daylight saving since 1991). */
const BEIJING_OFFSET_MS = 8 * 3_600_000;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Milliseconds of 00:00 UTC on a YYYY-MM-DD date, or undefined when it is no real date. */
function utcMidnight(date: string): number | undefined {
  const match = DATE_PATTERN.exec(date);
  if (!match) return undefined;
  const instant = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  instant.setUTCFullYear(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return instant.toISOString().slice(0, 10) === date ? instant.getTime() : undefined;
}

function requireDate(date: string): number {
  const ms = utcMidnight(date);
  if (ms === undefined) {
    throw new DomainError('VALIDATION_FAILED', `日期“${date}”无效，应为 YYYY-MM-DD 格式的公历日期`);
  }
  return ms;
}

/** True when `date` is a real calendar date written as YYYY-MM-DD. */
export function isCalendarDate(date: string): boolean {
  return utcMidnight(date) !== undefined;
}

/** The date `days` calendar days after (or before, if negative) `date`. */
export function addCalendarDays(date: string, days: number): string {
  return new Date(requireDate(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The date `years` years after `date` (before, if negative). Civil Code Art. 202: without a
 * corresponding day in the final month (29 February), the period ends on that month's last day.
 */
export function addYears(date: string, years: number): string {
  requireDate(date);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = `${String(y + years).padStart(4, '0')}-${String(m).padStart(2, '0')}-`;
  return isCalendarDate(`${target}${String(d).padStart(2, '0')}`)
    ? `${target}${String(d).padStart(2, '0')}`
    : `${target}${String(d - 1).padStart(2, '0')}`;
}

/** The Beijing calendar date (YYYY-MM-DD) of an instant. */
export function beijingDate(instant: Date): string {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new DomainError('VALIDATION_FAILED', '时间无效');
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** 24:00 Beijing time at the end of `date`, i.e. 00:00 +08:00 of the next day, as an instant. */
export function beijingMidnightAfter(date: string): Date {
  return new Date(requireDate(date) + DAY_MS - BEIJING_OFFSET_MS);
}

function isWeekend(date: string): boolean {
  const day = new Date(requireDate(date)).getUTCDay();
  return day === 0 || day === 6;
}

function dateFindings(dates: unknown, field: 'holidays' | 'workdays', year: number): Finding[] {
  if (!Array.isArray(dates)) {
    return [{ path: field, code: 'VALIDATION_FAILED', message: '应为日期列表' }];
  }
  const findings: Finding[] = [];
  dates.forEach((date: unknown, index) => {
    const path = `${field}[${index}]`;
    if (typeof date !== 'string' || !isCalendarDate(date)) {
      findings.push({
        path,
        code: 'VALIDATION_FAILED',
        message: `“${String(date)}”不是有效日期（YYYY-MM-DD）`,
      });
    } else if (date.slice(0, 4) !== String(year)) {
      findings.push({ path, code: 'VALIDATION_FAILED', message: `日期 ${date} 不属于 ${year} 年` });
    } else if (field === 'workdays' && !isWeekend(date)) {
      // A make-up working day only changes anything on a weekend; a weekday here is a typo.
      findings.push({ path, code: 'VALIDATION_FAILED', message: `调休上班日 ${date} 不是周六或周日` });
    }
  });
  return findings;
}

/** Checks one year of calendar data; returns every problem found (empty when valid). */
export function validateCalendarYear(input: CalendarYear): Finding[] {
  const { year } = input;
  if (!Number.isInteger(year) || year < 1000 || year > 9999) {
    return [{ path: 'year', code: 'VALIDATION_FAILED', message: '年份应为四位整数' }];
  }
  const findings = [
    ...dateFindings(input.holidays, 'holidays', year),
    ...dateFindings(input.workdays, 'workdays', year),
  ];
  if (findings.length === 0) {
    const holidays = new Set(input.holidays);
    input.workdays.forEach((date, index) => {
      if (holidays.has(date)) {
        findings.push({
          path: `workdays[${index}]`,
          code: 'VALIDATION_FAILED',
          message: `${date} 不能既是放假日又是调休上班日`,
        });
      }
    });
    // 《全国年节及纪念日放假办法》第二条: New Year's Day is always a day off, so a year without it
    // is incomplete data — loading it would amount to the forbidden Monday–Friday guess.
    if (!holidays.has(`${year}-01-01`)) {
      findings.push({
        path: 'holidays',
        code: 'VALIDATION_FAILED',
        message: `放假日中缺少元旦（${year}-01-01），数据不完整`,
      });
    }
  }
  if (typeof input.source !== 'string' || input.source.trim() === '') {
    findings.push({ path: 'source', code: 'VALIDATION_FAILED', message: '须注明数据来源（节假日安排通知）' });
  }
  return findings;
}

function fingerprint(input: CalendarYear): string {
  const canonical = JSON.stringify([
    input.year,
    [...new Set(input.holidays)].sort(),
    [...new Set(input.workdays)].sort(),
    input.source,
    input.version ?? null,
  ]);
  return `${input.year}@${createHash('sha256').update(canonical).digest('hex').slice(0, 12)}`;
}

/** Builds the working calendar from stored years; throws VALIDATION_FAILED on bad or duplicate years. */
export function buildWorkingCalendar(years: readonly CalendarYear[]): WorkingCalendar {
  const loaded = new Map<number, LoadedCalendarYear>();
  years.forEach((input, index) => {
    const findings = validateCalendarYear(input).map((f) => ({ ...f, path: `[${index}].${f.path}` }));
    if (findings.length > 0) {
      throw new DomainError('VALIDATION_FAILED', `${input.year} 年工作日历数据无效`, findings);
    }
    if (loaded.has(input.year)) {
      throw new DomainError('VALIDATION_FAILED', `${input.year} 年工作日历重复`, [
        { path: `[${index}].year`, code: 'VALIDATION_FAILED', message: `${input.year} 年出现多次` },
      ]);
    }
    loaded.set(input.year, {
      year: input.year,
      holidays: new Set(input.holidays),
      workdays: new Set(input.workdays),
      source: input.source,
      fingerprint: fingerprint(input),
    });
  });
  return { years: loaded };
}

function loadedYear(cal: WorkingCalendar, year: number): LoadedCalendarYear {
  const found = cal.years.get(year);
  if (!found) {
    throw new DomainError(
      'CALENDAR_NOT_AVAILABLE',
      `尚未载入 ${year} 年的节假日安排（国务院办公厅通知），无法计算工作日；请先维护 ${year} 年工作日历`,
    );
  }
  return found;
}

/** A working day: a weekday that is no holiday, or a make-up working day. Needs the year's data. */
export function isWorkingDay(cal: WorkingCalendar, date: string): boolean {
  requireDate(date);
  const year = loadedYear(cal, Number(date.slice(0, 4)));
  if (year.workdays.has(date)) return true;
  return !year.holidays.has(date) && !isWeekend(date);
}

/** The nth (n ≥ 1) working day strictly after `date`. */
export function addWorkingDays(cal: WorkingCalendar, date: string, n: number): string {
  if (!Number.isInteger(n) || n < 1) {
    throw new DomainError('VALIDATION_FAILED', `工作日数应为正整数，收到 ${n}`);
  }
  let day = date;
  let counted = 0;
  while (counted < n) {
    day = addCalendarDays(day, 1);
    if (isWorkingDay(cal, day)) counted += 1;
  }
  return day;
}

/**
 * End of a publicity window of `workingDays` working days published at `publishedAt`.
 * Civil Code Art. 201: counting starts the calendar day after publication (Beijing date); the
 * window closes at 24:00 Beijing time at the end of the last working day.
 */
export function publicityWindowClose(
  cal: WorkingCalendar,
  publishedAt: Date,
  workingDays: number,
): WindowClose {
  const publishedOn = beijingDate(publishedAt);
  const lastDay = addWorkingDays(cal, publishedOn, workingDays);
  const firstYear = Number(addCalendarDays(publishedOn, 1).slice(0, 4));
  const lastYear = Number(lastDay.slice(0, 4));
  const fingerprints: string[] = [];
  // Every year from the first counted day to the last was consulted, hence is loaded.
  for (let year = firstYear; year <= lastYear; year += 1)
    fingerprints.push(loadedYear(cal, year).fingerprint);
  return { closesAt: beijingMidnightAfter(lastDay), lastDay, calendarVersion: fingerprints.join('+') };
}
