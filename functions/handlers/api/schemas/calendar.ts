/** zod schemas of the working-calendar routes (API.md `GET/PUT /v1/calendar/{year}`). */
import * as z from 'zod';

const date = z.iso.date().describe('YYYY-MM-DD');

export const CalendarParams = z.object({
  year: z.coerce.number().int().min(1000).max(9999).describe('公历年份 (year)'),
});

export const PutCalendarBody = z.object({
  holidays: z.array(date).max(366).describe('放假日（含假期内的周末） (days off)'),
  workdays: z.array(date).max(366).describe('调休上班的周六、周日 (make-up working days)'),
  source: z.string().trim().min(1).max(500).describe('数据来源：国务院办公厅节假日安排通知 (source)'),
});

export const CalendarYearSchema = z.object({
  year: z.int(),
  holidays: z.array(z.string()),
  workdays: z.array(z.string()),
  source: z.string(),
  version: z.int().optional(),
  origin: z.enum(['table', 'seed']).describe('table：工作人员维护；seed：chinese-days 初始数据'),
  updatedAt: z.string().optional(),
  updatedBy: z.string().optional(),
});
