/** One year of the working calendar, from the editable table or the chinese-days seed. */

import { DomainError } from '../domain/errors.ts';
import type { Deps } from '../ports/deps.ts';
import type { Actor, CalendarYearRecord } from '../ports/records.ts';
import { committedByThisRequest } from './earlier-request.ts';
import type { CalendarOrigin } from './load-working-calendar.ts';

export interface CalendarYearView {
  year: number;
  holidays: string[];
  workdays: string[];
  source: string;
  /** Version of the stored record (table years only). */
  version?: number;
  origin: CalendarOrigin;
  updatedAt?: string;
  updatedBy?: string;
}

/** A stored year as the API shows it. */
export const tableYearView = (record: CalendarYearRecord): CalendarYearView => ({
  year: record.year,
  holidays: [...record.holidays],
  workdays: [...record.workdays],
  source: record.source,
  version: record.version,
  origin: 'table',
  updatedAt: record.updatedAt,
  updatedBy: record.updatedBy,
});

/** The table's year, else the seed's; NOT_FOUND when neither has it (staff must enter it first). */
export async function getCalendarYear(
  deps: Deps,
  _actor: Actor,
  input: { year: number },
): Promise<CalendarYearView> {
  const record = await deps.store.getCalendarYear(input.year);
  if (record) return tableYearView(record);
  const seed = deps.config.seedCalendarYears.find((y) => y.year === input.year);
  if (seed) {
    return {
      year: seed.year,
      holidays: [...seed.holidays],
      workdays: [...seed.workdays],
      source: seed.source,
      origin: 'seed',
    };
  }
  throw new DomainError(
    'NOT_FOUND',
    `尚未载入 ${input.year} 年的节假日安排；请在国务院办公厅发布 ${input.year} 年部分节假日安排的通知后，由工作人员录入该年工作日历`,
  );
}

/**
 * Idempotency-Key retry of `PUT /v1/calendar/{year}` (route.ts `recover`, earlier-request.ts): the
 * year as entered when an earlier run of this request committed it. Here rather than in
 * earlier-request.ts so that only the calendar function carries the calendar code.
 */
export async function earlierCalendarYear(deps: Deps, year: number) {
  if (!(await committedByThisRequest(deps, `calendar-${year}`))) return undefined;
  const record = await deps.store.getCalendarYear(year);
  return record ? tableYearView(record) : undefined;
}
