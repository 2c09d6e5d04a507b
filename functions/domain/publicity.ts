/**
 * Publicity windows and objections: Art. 18 (3) publicises the accepted list and Art. 18 (8) the
 * proposed winners, each for at least N working days; the public may object, by real name, about a
 * listed application while the window is open (DESIGN.md §2 "Objections").
 */
import { publicityWindowClose, type WorkingCalendar } from './calendar.ts';
import { DomainError, type Finding } from './errors.ts';
import { parseCreditCode, parseIdNumber } from './identifiers.ts';
import type { Category, ObjectionOutcome, ObjectionStatus, Tier, WindowKind, WindowStatus } from './model.ts';
import type { Rulebook } from './rulebook.ts';

export type { ObjectionOutcome, ObjectionStatus, WindowKind, WindowStatus };

export interface WindowEntry {
  applicationId: string;
  displayName: string;
  category: Category;
  /** Proposed tier, on the winners list only. */
  tier?: Tier;
}

export interface PublicityWindow {
  windowId: string;
  roundId: string;
  kind: WindowKind;
  opensAt: Date;
  closesAt: Date;
  /** The end computed when the window opened: an extension can move `closesAt` past it, never before. */
  minimumClosesAt: Date;
  /** Which calendar data produced `minimumClosesAt`. */
  calendarVersion: string;
  status: WindowStatus;
  entries: WindowEntry[];
}

/** The person filing an objection, by real name. */
export interface Objector {
  name: string;
  phone: string;
  idNumber?: string;
  creditCode?: string;
}

export interface ObjectionInput extends Objector {
  content: string;
}

export interface Objection {
  objectionId: string;
  windowId: string;
  applicationId: string;
  objector: Objector;
  content: string;
  filedAt: Date;
  status: ObjectionStatus;
  /** Staff's investigation findings, once resolved. */
  findings?: string;
  resolvedAt?: Date;
}

export const OBJECTION_CONTENT_MIN = 10;
export const OBJECTION_CONTENT_MAX = 5000;
const FINDINGS_MAX = 5000;
const NAME_MAX = 100;

/** Mainland mobile (optionally +86), or a landline with its 0-prefixed area code and optional extension. */
const MOBILE = /^(?:\+?86)?1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}-?[1-9]\d{6,7}(?:-\d{1,6})?$/;

const charCount = (text: string): number => Array.from(text).length;

/** Whether `phone` is a mainland mobile or landline number (spaces ignored). */
export function isMainlandPhone(phone: string): boolean {
  const compact = phone.replace(/\s+/g, '');
  return MOBILE.test(compact) || LANDLINE.test(compact);
}

/** Opens a window at `publishedAt`; its end is N working days later (Art. 18 (3), (8)). */
export function openWindow(input: {
  windowId: string;
  roundId: string;
  kind: WindowKind;
  entries: readonly WindowEntry[];
  publishedAt: Date;
  calendar: WorkingCalendar;
  rulebook: Pick<Rulebook, 'publicityWorkingDays'>;
}): PublicityWindow {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  input.entries.forEach((entry, index) => {
    if (seen.has(entry.applicationId)) {
      findings.push({
        path: `entries[${index}].applicationId`,
        code: 'VALIDATION_FAILED',
        message: `申报 ${entry.applicationId} 在公示名单中重复`,
      });
    }
    seen.add(entry.applicationId);
    if (input.kind === 'winners' && entry.tier === undefined) {
      findings.push({
        path: `entries[${index}].tier`,
        code: 'VALIDATION_FAILED',
        message: '拟获奖名单须注明奖项等次（第十八条第八项）',
        article: '18',
      });
    }
  });
  if (findings.length > 0) throw new DomainError('VALIDATION_FAILED', '公示名单无效', findings);
  const close = publicityWindowClose(input.calendar, input.publishedAt, input.rulebook.publicityWorkingDays);
  return {
    windowId: input.windowId,
    roundId: input.roundId,
    kind: input.kind,
    opensAt: input.publishedAt,
    closesAt: close.closesAt,
    minimumClosesAt: close.closesAt,
    calendarVersion: close.calendarVersion,
    status: 'open',
    entries: input.entries.map((entry) => ({ ...entry })),
  };
}

function assertOpen(window: PublicityWindow, now: Date): void {
  if (window.status !== 'open' || now.getTime() >= window.closesAt.getTime()) {
    throw new DomainError('WINDOW_CLOSED', '公示期已结束');
  }
  if (now.getTime() < window.opensAt.getTime()) {
    throw new DomainError('WINDOW_CLOSED', '公示尚未开始');
  }
}

/** Extends an open window to `newClosesAt` (later only; never below the computed minimum). */
export function extendWindow(window: PublicityWindow, newClosesAt: Date, now: Date): PublicityWindow {
  assertOpen(window, now);
  const target = newClosesAt.getTime();
  if (Number.isNaN(target) || target <= window.closesAt.getTime()) {
    throw new DomainError('VALIDATION_FAILED', '延长后的公示截止时间必须晚于当前截止时间', [
      { path: 'closesAt', code: 'VALIDATION_FAILED', message: '公示期只能延长，不能缩短' },
    ]);
  }
  if (target < window.minimumClosesAt.getTime()) {
    // Unreachable while closesAt ≥ minimumClosesAt; kept so a corrupted record cannot shorten the window.
    throw new DomainError('VALIDATION_FAILED', '公示期不得少于规定的工作日数（第十八条）');
  }
  return { ...window, closesAt: new Date(target) };
}

/** Throws unless an objection about `applicationId` may be filed at `now`. */
export function assertObjectionAllowed(window: PublicityWindow, applicationId: string, now: Date): void {
  assertOpen(window, now);
  if (!window.entries.some((entry) => entry.applicationId === applicationId)) {
    throw new DomainError('NOT_FOUND', '该公示名单中没有所指的申报对象');
  }
}

/** Checks an objection's real-name data and content; returns every problem found. */
export function validateObjector(input: ObjectionInput): Finding[] {
  const findings: Finding[] = [];
  const name = input.name.trim();
  if (name === '' || charCount(name) > NAME_MAX) {
    findings.push({
      path: 'name',
      code: 'VALIDATION_FAILED',
      message: `须填写真实姓名或单位名称（不超过${NAME_MAX}字）`,
    });
  }
  if (!isMainlandPhone(input.phone)) {
    findings.push({
      path: 'phone',
      code: 'VALIDATION_FAILED',
      message: '联系电话应为有效的手机号码或带区号的固定电话',
    });
  }
  const idNumber = input.idNumber?.trim() ?? '';
  const creditCode = input.creditCode?.trim() ?? '';
  if ((idNumber === '') === (creditCode === '')) {
    findings.push({
      path: 'idNumber',
      code: 'VALIDATION_FAILED',
      message: '实名异议须提供居民身份证号码或统一社会信用代码，且只能提供其中一项',
    });
  } else if (idNumber !== '') {
    const parsed = parseIdNumber(idNumber, 'idNumber');
    if (!parsed.ok) findings.push(...parsed.findings);
  } else {
    const parsed = parseCreditCode(creditCode, 'creditCode');
    if (!parsed.ok) findings.push(...parsed.findings);
  }
  const length = charCount(input.content.trim());
  if (length < OBJECTION_CONTENT_MIN || length > OBJECTION_CONTENT_MAX) {
    findings.push({
      path: 'content',
      code: 'VALIDATION_FAILED',
      message: `异议内容应为${OBJECTION_CONTENT_MIN}至${OBJECTION_CONTENT_MAX}字`,
    });
  }
  return findings;
}

/** Files an objection: the window must be open and list the application; the objector must be valid. */
export function fileObjection(input: {
  objectionId: string;
  window: PublicityWindow;
  applicationId: string;
  objection: ObjectionInput;
  now: Date;
}): Objection {
  assertObjectionAllowed(input.window, input.applicationId, input.now);
  const findings = validateObjector(input.objection);
  if (findings.length > 0) throw new DomainError('VALIDATION_FAILED', '异议信息不完整或有误', findings);
  const { name, phone, idNumber, creditCode, content } = input.objection;
  const id = idNumber?.trim() ?? '';
  const base = { name: name.trim(), phone: phone.replace(/\s+/g, '') };
  // Exactly one of the two is present (validated above); store it in its normalized form.
  const objector: Objector =
    id !== ''
      ? { ...base, idNumber: id.toUpperCase() }
      : { ...base, creditCode: (creditCode ?? '').trim().toUpperCase() };
  return {
    objectionId: input.objectionId,
    windowId: input.window.windowId,
    applicationId: input.applicationId,
    objector,
    content: content.trim(),
    filedAt: input.now,
    status: 'pending',
  };
}

/**
 * The status a window should have at `now`: open until `closesAt`; then, while any objection is
 * pending, awaiting objections (the round waits); closed once all are resolved. Closed is final.
 */
export function windowStatusAt(
  window: PublicityWindow,
  objections: readonly Pick<Objection, 'status'>[],
  now: Date,
): WindowStatus {
  if (window.status === 'closed') return 'closed';
  if (now.getTime() < window.closesAt.getTime()) return 'open';
  return objections.some((o) => o.status === 'pending') ? 'awaiting-objections' : 'closed';
}

/** Records staff's investigation outcome on a pending objection. */
export function resolveObjection(
  objection: Objection,
  outcome: ObjectionOutcome,
  findings: string,
  now: Date,
): Objection {
  if (objection.status !== 'pending') {
    throw new DomainError('ILLEGAL_TRANSITION', '该异议已处理完毕，不能再次处理');
  }
  if (outcome !== 'upheld' && outcome !== 'dismissed') {
    throw new DomainError('VALIDATION_FAILED', '处理结果只能是“成立”或“不成立”', [
      { path: 'outcome', code: 'VALIDATION_FAILED', message: '处理结果只能是 upheld 或 dismissed' },
    ]);
  }
  const text = findings.trim();
  if (text === '' || charCount(text) > FINDINGS_MAX) {
    throw new DomainError('VALIDATION_FAILED', '须填写调查核实情况', [
      {
        path: 'findings',
        code: 'VALIDATION_FAILED',
        message: `调查核实情况不能为空，且不超过${FINDINGS_MAX}字`,
      },
    ]);
  }
  return { ...objection, status: outcome, findings: text, resolvedAt: now };
}

/**
 * The outcome of a finished window: entries with an upheld objection are struck from the list;
 * nobody moves up to fill the place (Art. 8: vacancies are allowed).
 */
export function settleWindow(
  window: PublicityWindow,
  objections: readonly Pick<Objection, 'windowId' | 'applicationId' | 'status'>[],
): { struck: string[]; remaining: WindowEntry[] } {
  const own = objections.filter((o) => o.windowId === window.windowId);
  if (own.some((o) => o.status === 'pending')) {
    throw new DomainError('STAGE_PRECONDITION_FAILED', '公示期内的异议尚未全部处理完毕');
  }
  const upheld = new Set(own.filter((o) => o.status === 'upheld').map((o) => o.applicationId));
  return {
    struck: window.entries.filter((e) => upheld.has(e.applicationId)).map((e) => e.applicationId),
    remaining: window.entries.filter((e) => !upheld.has(e.applicationId)),
  };
}
