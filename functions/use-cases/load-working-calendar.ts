/**
 * The working calendar (DESIGN.md §2 "Working days"): the administrator-edited table, with the
 * chinese-days seed for the years the table does not have. A year in neither is not loaded, so a
 * deadline reaching into it fails with CALENDAR_NOT_AVAILABLE (never a Monday–Friday guess).
 */
import { buildWorkingCalendar, type CalendarYear, type WorkingCalendar } from '../domain/calendar.ts';
import type { Deps } from '../ports/deps.ts';
import type { CalendarYearRecord } from '../ports/records.ts';

/** Where a year's data comes from: the editable table, or the package seed. */
export type CalendarOrigin = 'table' | 'seed';

export interface CalendarYearSource {
  year: CalendarYear;
  origin: CalendarOrigin;
  /** The stored record, for a table year. */
  record?: CalendarYearRecord;
}

/** A stored year as the domain's calendar year. */
export const calendarYearOf = (record: CalendarYearRecord): CalendarYear => ({
  year: record.year,
  holidays: [...record.holidays],
  workdays: [...record.workdays],
  source: record.source,
});

/** Every available year (table years override seed years), optionally only `years`, by year. */
export async function loadCalendarYears(
  deps: Deps,
  years?: readonly number[],
): Promise<CalendarYearSource[]> {
  const wanted = (year: number): boolean => years === undefined || years.includes(year);
  const byYear = new Map<number, CalendarYearSource>();
  for (const seed of deps.config.seedCalendarYears) {
    if (wanted(seed.year)) byYear.set(seed.year, { year: seed, origin: 'seed' });
  }
  for (const record of await deps.store.listCalendarYears()) {
    if (wanted(record.year))
      byYear.set(record.year, { year: calendarYearOf(record), origin: 'table', record });
  }
  return [...byYear.values()].sort((a, b) => a.year.year - b.year.year);
}

/** The working calendar from the table years overriding the seed years (all years, or only `years`). */
export async function loadWorkingCalendar(deps: Deps, years?: readonly number[]): Promise<WorkingCalendar> {
  const sources = await loadCalendarYears(deps, years);
  return buildWorkingCalendar(sources.map((s) => s.year));
}
