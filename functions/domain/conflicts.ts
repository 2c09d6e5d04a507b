/**
 * Conflicts of interest (回避), DESIGN.md §2. Art. 28 requires reviewers to judge impartially; we
 * read it as: a reviewer never scores an applicant that is, or within the rulebook's look-back
 * (3 years) was, their employer, nor one they declare a conflict with; Art. 29 bars disqualified
 * reviewers altogether. Staff may dismiss an automatic employer match, with a recorded reason.
 */
import { addYears } from './calendar.ts';
import { DomainError, type Finding } from './errors.ts';
import type { ApplicationBody } from './model.ts';
import type { Rulebook } from './rulebook.ts';

export interface FormerEmployer {
  creditCode: string;
  /** Last day of employment, Beijing date `YYYY-MM-DD`. */
  until: string;
}

export interface Reviewer {
  /** The reviewer's sign-in subject (`sub`). */
  reviewerId: string;
  name: string;
  /** Credit code of the current employer. */
  organizationCode?: string;
  formerEmployers: readonly FormerEmployer[];
  /** Art. 29: disqualified from reviewing. */
  disqualified?: boolean;
}

/** The applicant side: the organization's credit code, or each member's employer credit code. */
export interface ConflictApplicant {
  applicationId: string;
  creditCodes: readonly string[];
}

/** A reviewer's own declaration of a conflict with one application. */
export interface ConflictDeclaration {
  reviewerId: string;
  applicationId: string;
  reason: string;
}

/**
 * Staff's dismissal of an automatic employer match. Without `kind`/`creditCode` it dismisses every
 * employer match of the pair; with them, only the matching one.
 */
export interface ConflictDismissal {
  reviewerId: string;
  applicationId: string;
  reason: string;
  kind?: EmployerConflictKind;
  creditCode?: string;
}

export type EmployerConflictKind = 'current-employer' | 'former-employer';
export type ConflictKind = EmployerConflictKind | 'declared' | 'disqualified';

export interface Conflict {
  reviewerId: string;
  reviewerName: string;
  applicationId: string;
  kind: ConflictKind;
  /** The reason, in Chinese, without the reviewer's name. */
  detail: string;
  /** Only automatic employer matches may be dismissed by staff. */
  dismissible: boolean;
  /** The matching credit code, for employer matches. */
  creditCode?: string;
}

/** Everything besides the reviewer that `findConflicts` needs. */
export interface ConflictContext {
  applicant: ConflictApplicant;
  declarations: readonly ConflictDeclaration[];
  dismissals: readonly ConflictDismissal[];
  /** Beijing date `YYYY-MM-DD`. */
  today: string;
  rulebook: Rulebook;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

const daysInMonth = (year: number, month: number): number =>
  month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;

function parseDate(value: string, path: string): { year: number; month: number; day: number } {
  const match = ISO_DATE.exec(value);
  const [year, month, day] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
  if (!match || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    const message = `日期“${value}”无效，应为 YYYY-MM-DD 格式的有效日期`;
    throw new DomainError('VALIDATION_FAILED', message, [{ path, code: 'VALIDATION_FAILED', message }]);
  }
  return { year, month, day };
}

const normalizeCode = (code: string): string => code.trim().toUpperCase();

/** The credit codes a reviewer must not be tied to for this application body (Art. 3, 11). */
export function applicantCreditCodes(body: ApplicationBody): string[] {
  const codes =
    body.category === 'organization'
      ? [body.organization.creditCode]
      : body.members.map((m) => m.employerCreditCode);
  return [...new Set(codes.map(normalizeCode))];
}

const isDismissed = (conflict: Conflict, dismissals: readonly ConflictDismissal[]): boolean =>
  conflict.dismissible &&
  dismissals.some(
    (d) =>
      d.reviewerId === conflict.reviewerId &&
      d.applicationId === conflict.applicationId &&
      d.reason.trim() !== '' &&
      (d.kind === undefined || d.kind === conflict.kind) &&
      (d.creditCode === undefined || normalizeCode(d.creditCode) === conflict.creditCode),
  );

/**
 * Every reason `reviewer` may not review the application: disqualification (Art. 29), declarations,
 * current employer, former employer whose `until` is on or after `today` minus the look-back
 * (a job that ended exactly 3 years ago still counts). Employer matches dismissed by staff with a
 * non-empty reason are left out; dismissals with an empty reason are ignored.
 */
export function findConflicts(
  reviewer: Reviewer,
  applicant: ConflictApplicant,
  declarations: readonly ConflictDeclaration[],
  dismissals: readonly ConflictDismissal[],
  today: string,
  rulebook: Rulebook,
): Conflict[] {
  const base = {
    reviewerId: reviewer.reviewerId,
    reviewerName: reviewer.name,
    applicationId: applicant.applicationId,
  };
  const codes = new Set(applicant.creditCodes.map(normalizeCode));
  const lookbackYears = rulebook.conflictLookbackYears;
  parseDate(today, 'today');
  const cutoff = addYears(today, -lookbackYears);
  const conflicts: Conflict[] = [];

  if (reviewer.disqualified) {
    // Art. 29: a reviewer who abused their position is removed from reviewing altogether.
    conflicts.push({
      ...base,
      kind: 'disqualified',
      detail: '已被取消评审资格（第二十九条）',
      dismissible: false,
    });
  }
  for (const d of declarations) {
    if (d.reviewerId === reviewer.reviewerId && d.applicationId === applicant.applicationId) {
      conflicts.push({
        ...base,
        kind: 'declared',
        detail: `本人申报回避：${d.reason.trim()}`,
        dismissible: false,
      });
    }
  }
  const current =
    reviewer.organizationCode === undefined ? undefined : normalizeCode(reviewer.organizationCode);
  if (current !== undefined && codes.has(current)) {
    conflicts.push({
      ...base,
      kind: 'current-employer',
      detail: `现任职单位（统一社会信用代码 ${current}）为申报组织或申报人所在单位`,
      dismissible: true,
      creditCode: current,
    });
  }
  reviewer.formerEmployers.forEach((former, i) => {
    const code = normalizeCode(former.creditCode);
    parseDate(former.until, `formerEmployers[${i}].until`);
    if (codes.has(code) && former.until >= cutoff) {
      conflicts.push({
        ...base,
        kind: 'former-employer',
        detail:
          `${former.until} 前曾任职于申报组织或申报人所在单位（统一社会信用代码 ${code}），` +
          `在 ${lookbackYears} 年回避期内`,
        dismissible: true,
        creditCode: code,
      });
    }
  });
  return conflicts.filter((c) => !isDismissed(c, dismissals));
}

/**
 * Staff dismiss an automatic employer match as a false positive; returns the dismissal to store.
 * Declared conflicts and disqualification can never be dismissed; a reason is required.
 */
export function dismissConflict(conflict: Conflict, reason: string): ConflictDismissal {
  const kind = conflict.kind;
  if (kind === 'declared' || kind === 'disqualified') {
    const message =
      kind === 'declared'
        ? `评审员${conflict.reviewerName}本人申报的回避不能撤销`
        : `评审员${conflict.reviewerName}已被取消评审资格（第二十九条），不能撤销`;
    throw new DomainError('VALIDATION_FAILED', message, [
      { path: 'conflict', code: 'VALIDATION_FAILED', message },
    ]);
  }
  const trimmed = reason.trim();
  if (trimmed === '') {
    const message = '撤销自动回避须填写理由';
    throw new DomainError('VALIDATION_FAILED', message, [
      { path: 'reason', code: 'VALIDATION_FAILED', message },
    ]);
  }
  const dismissal: ConflictDismissal = {
    reviewerId: conflict.reviewerId,
    applicationId: conflict.applicationId,
    reason: trimmed,
    kind,
  };
  if (conflict.creditCode !== undefined) dismissal.creditCode = conflict.creditCode;
  return dismissal;
}

const articleOf = (kind: ConflictKind): string => (kind === 'disqualified' ? '第二十九条' : '第二十八条');

/**
 * Refuse to assign any of `reviewers` (in request order, `reviewerIds[i]`) who has a conflict with
 * the application: CONFLICT_OF_INTEREST naming each such reviewer and the reason.
 */
export function assertAssignable(
  reviewers: readonly Reviewer[],
  applicant: ConflictApplicant,
  declarations: readonly ConflictDeclaration[],
  dismissals: readonly ConflictDismissal[],
  today: string,
  rulebook: Rulebook,
): void {
  const findings: Finding[] = [];
  const named: string[] = [];
  reviewers.forEach((reviewer, i) => {
    const conflicts = findConflicts(reviewer, applicant, declarations, dismissals, today, rulebook);
    if (conflicts.length === 0) return;
    named.push(`评审员${reviewer.name}（${conflicts.map((c) => c.detail).join('；')}）`);
    for (const c of conflicts) {
      findings.push({
        path: `reviewerIds[${i}]`,
        code: 'CONFLICT_OF_INTEREST',
        message: `评审员${reviewer.name}须回避：${c.detail}`,
        article: articleOf(c.kind),
      });
    }
  });
  if (findings.length > 0) {
    throw new DomainError(
      'CONFLICT_OF_INTEREST',
      `以下评审员须回避，不能分配评审该申报：${named.join('；')}`,
      findings,
    );
  }
}
