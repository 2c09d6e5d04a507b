/**
 * Seed of the working calendar from the `chinese-days` package, which transcribes the State
 * Council's yearly holiday notices. The seed only fills the administrator-editable calendar table;
 * later years are entered when their notice is published (DESIGN.md §2 "Working days").
 */
import chineseDaysData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import type { CalendarYear } from './calendar.ts';
import { DomainError } from './errors.ts';

/** The shape of `chinese-days/dist/chinese-days.json` (and of its `dist/years/YYYY.json` files). */
export interface ChineseDaysData {
  /** Days off: date → "English name,中文名,days". */
  holidays: Record<string, string>;
  /** Make-up working days on weekends: date → "English name,中文名,days". */
  workdays: Record<string, string>;
  /** Weekdays off obtained by swapping (调休); already among `holidays`, so not needed here. */
  inLieuDays?: Record<string, string>;
}

export const CHINESE_DAYS_PACKAGE = 'chinese-days@1.5.7';

/** Years with a published notice in chinese-days 1.5.7 (2004–2026). Beyond 2026 it guesses Mon–Fri. */
export const CHINESE_DAYS_OFFICIAL_YEARS: readonly number[] = Array.from({ length: 23 }, (_, i) => 2004 + i);

/** Years seeded by default: the platform has no use for older ones. */
export const CHINESE_DAYS_SEED_YEARS: readonly number[] = [2024, 2025, 2026];

/** The notices behind the seeded years, as cited on gov.cn. */
const NOTICES: Readonly<Record<number, string>> = {
  2024: '国务院办公厅关于2024年部分节假日安排的通知（国办发明电〔2023〕7号，2023年10月25日）',
  2025: '国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号，2024年11月12日）',
  2026: '国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日，gov.cn content_7047091）',
};

/** The inclusive list of years from `fromYear` to `throughYear`. */
export function yearRange(fromYear: number, throughYear: number): number[] {
  return Array.from({ length: Math.max(0, throughYear - fromYear + 1) }, (_, i) => fromYear + i);
}

function datesOfYear(dates: Record<string, string>, year: number): string[] {
  return Object.keys(dates)
    .filter((date) => date.startsWith(`${year}-`))
    .sort();
}

/**
 * Converts chinese-days data into calendar years. Refuses (CALENDAR_NOT_AVAILABLE) a year the
 * package has no official notice for, rather than producing an empty (Mon–Fri) year.
 */
export function seedYearsFromChineseDays(
  data: ChineseDaysData,
  years: readonly number[] = CHINESE_DAYS_SEED_YEARS,
): CalendarYear[] {
  return years.map((year) => {
    const holidays = datesOfYear(data.holidays, year);
    if (!CHINESE_DAYS_OFFICIAL_YEARS.includes(year) || holidays.length === 0) {
      throw new DomainError(
        'CALENDAR_NOT_AVAILABLE',
        `${CHINESE_DAYS_PACKAGE} 没有 ${year} 年的官方节假日安排，请在国务院办公厅通知发布后手工维护`,
      );
    }
    const notice = NOTICES[year] ?? `国务院办公厅关于${year}年部分节假日安排的通知`;
    return {
      year,
      holidays,
      workdays: datesOfYear(data.workdays, year),
      source: `${notice}; ${CHINESE_DAYS_PACKAGE}`,
    };
  });
}

/** The default seed (2024–2026, or `years`) from the installed package's bundled data. */
export function chineseDaysSeed(years: readonly number[] = CHINESE_DAYS_SEED_YEARS): CalendarYear[] {
  return seedYearsFromChineseDays(chineseDaysData, years);
}
