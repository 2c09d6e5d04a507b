import { describe, expect, it } from 'vitest';
import {
  beijingDateOf,
  endOfBeijingDay,
  formatBeijing,
  formatBeijingDate,
  formatBytes,
  formatCountdown,
  fromBeijingInput,
  toBeijingInput,
} from '../../../web/src/lib/time.ts';

describe('formatBeijing', () => {
  it('shows a UTC instant in Beijing time with the suffix', () => {
    // Prepare
    const instant = '2026-09-28T01:00:00Z';

    // Act
    const text = formatBeijing(instant);

    // Assess
    expect(text).toBe('2026年9月28日 09:00（北京时间）');
  });

  it('writes a deadline at midnight as 24:00 of the day before (DESIGN.md §2 example)', () => {
    // Prepare: 2026-10-10 24:00 Beijing = 2026-10-10T16:00Z.
    const closesAt = '2026-10-10T16:00:00Z';

    // Act
    const asDeadline = formatBeijing(closesAt, { deadline: true });
    const asInstant = formatBeijing(closesAt);

    // Assess
    expect(asDeadline).toBe('2026年10月10日 24:00（北京时间）');
    expect(asInstant).toBe('2026年10月11日 00:00（北京时间）');
  });

  it('keeps a deadline that is not at midnight on its own day, and crosses years correctly', () => {
    // Prepare
    const newYearsEve = '2026-12-31T16:00:00Z';

    // Act
    const midnight = formatBeijing(newYearsEve, { deadline: true, bare: true });
    const afternoon = formatBeijing('2026-12-31T09:30:15Z', { deadline: true, bare: true, seconds: true });

    // Assess
    expect(midnight).toBe('2026年12月31日 24:00');
    expect(afternoon).toBe('2026年12月31日 17:30:15');
  });

  it('reads offsets other than Z and shows a dash for nothing', () => {
    // Prepare
    const withOffset = '2026-09-28T09:00:00+08:00';

    // Act
    const text = formatBeijing(withOffset, { bare: true });

    // Assess
    expect(text).toBe('2026年9月28日 09:00');
    expect(formatBeijing(undefined)).toBe('—');
    expect(formatBeijing('not a time')).toBe('not a time');
  });
});

describe('dates and inputs', () => {
  it('formats calendar dates and instants as Beijing dates', () => {
    // Prepare
    const lateUtc = '2026-09-30T17:00:00Z';

    // Act
    const fromDate = formatBeijingDate('2026-10-01');
    const fromInstant = formatBeijingDate(lateUtc);

    // Assess
    expect(fromDate).toBe('2026年10月1日');
    expect(fromInstant).toBe('2026年10月1日');
    expect(beijingDateOf(lateUtc)).toBe('2026-10-01');
  });

  it('round-trips datetime-local values as Beijing time', () => {
    // Prepare
    const instant = '2026-09-28T01:00:00Z';

    // Act
    const value = toBeijingInput(instant);
    const back = fromBeijingInput(value);

    // Assess
    expect(value).toBe('2026-09-28T09:00');
    expect(back).toBe('2026-09-28T09:00:00+08:00');
    expect(new Date(back as string).toISOString()).toBe('2026-09-28T01:00:00.000Z');
    expect(fromBeijingInput('28/09/2026')).toBeUndefined();
  });

  it('gives the end of a Beijing day as the next midnight', () => {
    // Act
    const end = endOfBeijingDay('2026-10-10');

    // Assess
    expect(end).toBe('2026-10-11T00:00:00+08:00');
    expect(formatBeijing(end, { deadline: true })).toBe('2026年10月10日 24:00（北京时间）');
  });
});

describe('formatCountdown and formatBytes', () => {
  it('counts down in days, hours and minutes, then says it is over', () => {
    // Prepare
    const now = Date.parse('2026-10-01T00:00:00Z');

    // Act
    const long = formatCountdown(now, '2026-10-04T05:07:00Z');
    const short = formatCountdown(now, '2026-10-01T00:30:00Z');
    const seconds = formatCountdown(now, '2026-10-01T00:00:30Z');
    const over = formatCountdown(now, '2026-09-30T00:00:00Z');

    // Assess
    expect(long).toBe('3天5小时7分');
    expect(short).toBe('30分');
    expect(seconds).toBe('不足1分钟');
    expect(over).toBe('已截止');
  });

  it('shows sizes in B, KB and MB', () => {
    // Assess
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MB');
  });
});
