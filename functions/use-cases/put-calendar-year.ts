/**
 * Staff enter or correct one year of the working calendar (DESIGN.md §2 "Working days": the State
 * Council's yearly holiday notice, with its make-up working days). Windows already open keep the
 * deadline and calendar version computed when they opened.
 */
import { validateCalendarYear } from '../domain/calendar.ts';
import { DomainError } from '../domain/errors.ts';
import type { Deps } from '../ports/deps.ts';
import type { Actor, CalendarYearRecord } from '../ports/records.ts';
import { auditEvent } from './audit.ts';
import { type CalendarYearView, tableYearView } from './get-calendar-year.ts';
import { assertRole } from './rounds/support.ts';

export interface PutCalendarYearInput {
  year: number;
  holidays: string[];
  workdays: string[];
  source: string;
}

const sortedUnique = (dates: readonly string[]): string[] => [...new Set(dates)].sort();

/** Validates the year (every problem at once) and stores it, replacing any earlier version. */
export async function putCalendarYear(
  deps: Deps,
  actor: Actor,
  input: PutCalendarYearInput,
): Promise<CalendarYearView> {
  assertRole(actor, 'staff');
  const findings = validateCalendarYear({
    year: input.year,
    holidays: input.holidays,
    workdays: input.workdays,
    source: input.source,
  });
  if (findings.length > 0)
    throw new DomainError('VALIDATION_FAILED', `${input.year} 年工作日历数据无效`, findings);

  const now = deps.clock.now();
  const existing = await deps.store.getCalendarYear(input.year);
  const record: CalendarYearRecord = {
    version: existing?.version ?? 0,
    year: input.year,
    holidays: sortedUnique(input.holidays),
    workdays: sortedUnique(input.workdays),
    source: input.source.trim(),
    updatedAt: now.toISOString(),
    updatedBy: actor.sub,
  };
  await deps.store.commit({
    changes: [{ op: 'put', entity: { type: 'calendar-year', record } }],
    audit: [
      auditEvent({
        entityType: 'calendar',
        entityId: `calendar-${input.year}`,
        verb: 'updated',
        actor,
        at: now,
        ...(existing ? { before: existing } : {}),
        after: record,
      }),
    ],
  });
  return tableYearView({ ...record, version: record.version + 1 });
}
