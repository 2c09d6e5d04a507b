/**
 * How documents state times and names: Beijing time (UTC+8, no daylight saving since 1991, so a
 * fixed offset is exact), Chinese dates as official documents write them, and the labels of the
 * Measures' vocabulary.
 */
import { findJurisdiction } from '../domain/divisions.ts';
import type { Category, Industry, Tier } from '../domain/model.ts';

const BEIJING_OFFSET_MS = 8 * 3_600_000;

const beijing = (instant: string | Date): Date => new Date(new Date(instant).getTime() + BEIJING_OFFSET_MS);
const pad = (n: number) => String(n).padStart(2, '0');

/** `2026-09-28 09:00` (Beijing time). */
export function beijingDateTime(instant: string | Date): string {
  const d = beijing(instant);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/**
 * `2026年9月28日9时00分` (Beijing time), as notices state exact times; midnight is written as the
 * end of the day before (`2026年3月19日24时00分`), as a window closes "at 24:00 of the 5th working day".
 */
export function chineseDateTime(instant: string | Date): string {
  const d = beijing(instant);
  if (d.getUTCHours() === 0 && d.getUTCMinutes() === 0 && d.getUTCSeconds() === 0) {
    return `${chineseDateOf(new Date(d.getTime() - 1))}24时00分`;
  }
  return `${chineseDateOf(d)}${d.getUTCHours()}时${pad(d.getUTCMinutes())}分`;
}

/** `2026年9月28日` of an instant (Beijing date) or of a `YYYY-MM-DD` calendar date. */
export function chineseDate(value: string | Date): string {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split('-').map(Number);
    return `${y}年${m}月${d}日`;
  }
  return chineseDateOf(beijing(value));
}

const chineseDateOf = (d: Date) => `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;

/** The Beijing wall-clock time as a Date whose UTC fields carry it: what a spreadsheet cell shows. */
export const beijingWallClock = (instant: string | Date): Date => beijing(instant);

/** The Beijing calendar year of an instant (Art. 22: the award year). */
export const beijingYear = (instant: string | Date): number => beijing(instant).getUTCFullYear();

/** 1 → 一, 12 → 十二, 21 → 二十一 (ordinals of rounds, articles). */
export function chineseNumber(n: number): string {
  const digits = '零一二三四五六七八九';
  if (n < 10) return digits[n]!;
  if (n < 20) return `十${n % 10 ? digits[n % 10] : ''}`;
  if (n < 100) return `${digits[Math.floor(n / 10)]}十${n % 10 ? digits[n % 10] : ''}`;
  return String(n);
}

export const CATEGORY_LABELS: Record<Category, string> = { organization: '组织', individual: '个人' };
export const TIER_LABELS: Record<Tier, string> = {
  award: '太原市政府质量奖',
  nomination: '太原市政府质量奖提名奖',
};
export const INDUSTRY_LABELS: Record<Industry, string> = {
  manufacturing: '制造业',
  services: '服务业',
  construction: '建筑业',
};
export const OBJECTION_STATUS_LABELS: Record<string, string> = {
  pending: '待处理',
  upheld: '异议成立',
  dismissed: '异议不成立',
};
export const REVOCATION_REASON_LABELS: Record<string, string> = {
  fraud: '弄虚作假、采取不正当手段骗取市政府质量奖荣誉',
  'major-accident': '发生重大质量、安全、环保、卫生等事故',
  'mark-misuse': '违规使用市政府质量奖标识，拒绝履行相关责任义务',
  'serious-violation': '有其他严重违反法律、法规的行为',
};
/** Art. 25 for fraud; Art. 27 for the three grounds that apply to organizations during validity. */
export const revocationArticle = (reason: string): 25 | 27 => (reason === 'fraud' ? 25 : 27);

/** `140105` → `小店区`; unknown ids as they are. */
export const jurisdictionName = (id: string): string => findJurisdiction(id)?.name ?? id;

/** The issuers (Art. 13, 18 (9), 25, 27): the office publishes the lists; the city government decides. */
export const CITY_GOVERNMENT = '太原市人民政府';
export const AWARD_OFFICE = '太原市标准化和质量强市领导小组办公室';
