/**
 * Times as people in Taiyuan read them: Beijing time (UTC+8, no daylight saving), written the
 * Chinese way. A deadline that falls on midnight is shown as 24:00 of the day before
 * (`2026年10月10日 24:00（北京时间）`), as publicity notices state it (DESIGN.md §2 "Working days").
 */

const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
export const BEIJING_SUFFIX = '（北京时间）';

const pad = (n: number): string => String(n).padStart(2, '0');

interface BeijingParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall-clock parts of an instant in Beijing. */
export function beijingParts(instant: string | number | Date): BeijingParts {
  const ms = (instant instanceof Date ? instant.getTime() : new Date(instant).getTime()) + BEIJING_OFFSET_MS;
  const d = new Date(ms);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

export interface FormatOptions {
  /** An end of a period: midnight reads as 24:00 of the previous day. */
  deadline?: boolean;
  /** Leave out `（北京时间）` (in tables whose header already says so). */
  bare?: boolean;
  seconds?: boolean;
}

/** `2026-09-28T01:00:00Z` → `2026年9月28日 09:00（北京时间）`; empty input gives `—`. */
export function formatBeijing(instant: string | undefined | null, options: FormatOptions = {}): string {
  if (!instant) return '—';
  const time = new Date(instant).getTime();
  if (Number.isNaN(time)) return instant;
  let parts = beijingParts(time);
  let hour = parts.hour;
  if (options.deadline && parts.hour === 0 && parts.minute === 0 && parts.second === 0) {
    parts = beijingParts(time - DAY_MS);
    hour = 24;
  }
  const clock = `${pad(hour)}:${pad(parts.minute)}${options.seconds ? `:${pad(parts.second)}` : ''}`;
  return `${parts.year}年${parts.month}月${parts.day}日 ${clock}${options.bare ? '' : BEIJING_SUFFIX}`;
}

/** A calendar date `YYYY-MM-DD` (already in Beijing time) or an instant → `2026年10月10日`. */
export function formatBeijingDate(value: string | undefined | null): string {
  if (!value) return '—';
  const plain = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (plain) return `${Number(plain[1])}年${Number(plain[2])}月${Number(plain[3])}日`;
  const time = new Date(value).getTime();
  if (Number.isNaN(time)) return value;
  const p = beijingParts(time);
  return `${p.year}年${p.month}月${p.day}日`;
}

/** The Beijing calendar date `YYYY-MM-DD` of an instant. */
export function beijingDateOf(instant: string | number | Date): string {
  const p = beijingParts(instant);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** An instant → the value of an `<input type="datetime-local">` in Beijing time (`2026-09-28T09:00`). */
export function toBeijingInput(instant: string | number | Date): string {
  const p = beijingParts(instant);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/**
 * The value of a `datetime-local` input read as Beijing time → ISO 8601 with `+08:00`
 * (`2026-09-28T09:00` → `2026-09-28T09:00:00+08:00`); undefined when it is not such a value.
 */
export function fromBeijingInput(value: string): string | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!match) return undefined;
  return `${match[1]}T${match[2]}:${match[3]}:${match[4] ?? '00'}+08:00`;
}

/** The end of a Beijing calendar date, i.e. 24:00 that day, as an instant `…T00:00:00+08:00` of the next day. */
export function endOfBeijingDay(date: string): string {
  const start = new Date(`${date}T00:00:00+08:00`).getTime() + DAY_MS;
  return `${beijingDateOf(start)}T00:00:00+08:00`;
}

/** `target - now` as `3天4小时5分`; `已截止` once past. */
export function formatCountdown(nowMs: number, target: string): string {
  const left = new Date(target).getTime() - nowMs;
  if (Number.isNaN(left)) return '—';
  if (left <= 0) return '已截止';
  const minutes = Math.floor(left / 60_000);
  const days = Math.floor(minutes / (24 * 60));
  const hours = Math.floor((minutes % (24 * 60)) / 60);
  const mins = minutes % 60;
  if (days > 0) return `${days}天${hours}小时${mins}分`;
  if (hours > 0) return `${hours}小时${mins}分`;
  if (mins > 0) return `${mins}分`;
  return '不足1分钟';
}

/** Bytes as people read them: `1.5 MB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
