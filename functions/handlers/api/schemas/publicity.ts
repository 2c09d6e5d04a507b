/**
 * zod schemas of the publicity routes (API.md "Publicity and objections"). The real-name rules of
 * an objection (phone, ID number or credit code, length of the content) are the domain's: it
 * answers with Chinese field errors, so these schemas check types and generous size limits only.
 */
import * as z from 'zod';
import {
  CATEGORIES,
  OBJECTION_OUTCOMES,
  OBJECTION_STATUSES,
  TIERS,
  WINDOW_KINDS,
  WINDOW_STATUSES,
} from '../../../domain/model.ts';

const id = z.string().trim().min(1).max(128);

export const WindowParams = z.object({ windowId: id.describe('公示编号 (window id)') });

export const ObjectionParams = z.object({ objectionId: id.describe('异议编号 (objection id)') });

export const FileObjectionBody = z.object({
  applicationId: id.describe('所异议的公示对象（申报编号） (the listed application)'),
  name: z.string().max(200).describe('异议人真实姓名或单位名称 (real name)'),
  phone: z.string().max(40).describe('联系电话 (phone)'),
  idNumber: z.string().max(40).optional().describe('居民身份证号码（个人） (resident ID number)'),
  creditCode: z.string().max(40).optional().describe('统一社会信用代码（单位） (credit code)'),
  content: z.string().max(20000).describe('异议内容，10 至 5000 字 (the objection)'),
});

export const ResolveObjectionBody = z.object({
  outcome: z.enum(OBJECTION_OUTCOMES).describe('调查结论：upheld 成立 / dismissed 不成立'),
  findings: z.string().max(20000).describe('调查核实情况 (findings)'),
});

export const ExtendWindowBody = z.object({
  closesAt: z.iso
    .datetime({ offset: true })
    .describe('新的公示截止时间，只能延后 (the new end, later only), 例如 2026-10-15T00:00:00+08:00'),
});

const WindowEntrySchema = z.object({
  applicationId: z.string(),
  displayName: z.string(),
  category: z.enum(CATEGORIES),
  tier: z.enum(TIERS).optional(),
});

export const WindowSchema = z
  .object({
    windowId: z.string(),
    roundId: z.string(),
    kind: z.enum(WINDOW_KINDS),
    opensAt: z.string(),
    closesAt: z.string(),
    minimumClosesAt: z.string(),
    calendarVersion: z.string(),
    status: z.enum(WINDOW_STATUSES),
    entries: z.array(WindowEntrySchema),
    struck: z.array(WindowEntrySchema),
    closedAt: z.string().optional(),
  })
  .meta({ id: 'Window', description: '公示 (a publicity window); struck 为因异议成立而取消的对象' });

export const ObjectionFiledSchema = z.object({ objectionId: z.string() });

export const ObjectionSchema = z
  .object({
    objectionId: z.string(),
    windowId: z.string(),
    roundId: z.string(),
    applicationId: z.string(),
    objector: z.object({
      name: z.string(),
      phone: z.string().describe('已脱敏 (masked)'),
      idNumber: z.string().optional().describe('已脱敏 (masked)'),
      creditCode: z.string().optional(),
    }),
    content: z.string(),
    status: z.enum(OBJECTION_STATUSES),
    findings: z.string().optional(),
    createdAt: z.string(),
    resolvedAt: z.string().optional(),
    resolvedBy: z.string().optional(),
  })
  .meta({ id: 'Objection', description: '异议 (an objection), 电话和证件号码已脱敏' });
