/**
 * Bans and revocations (Art. 6, 25, 27, 29) as the office and supervisors look them up: by a credit
 * code, by a resident ID number (found through its HMAC lookup key: the number itself is never
 * stored, DESIGN.md §6), by a reviewer, or all of them page by page.
 */
import { DomainError } from '../domain/errors.ts';
import { parseCreditCode, parseIdNumber } from '../domain/identifiers.ts';
import type { Deps } from '../ports/deps.ts';
import type { Actor, SanctionRecord } from '../ports/records.ts';
import type { Page } from '../ports/store.ts';
import { requireRole } from './applications/context.ts';

export interface ListSanctionsInput {
  /** A credit code or a resident ID number. */
  subject?: string;
  /** A reviewer's sign-in subject (Art. 29 disqualifications). */
  reviewerId?: string;
  limit?: number;
  nextToken?: string;
}

/** The lookup keys `subject` may stand for: its credit code, and/or the HMAC of its ID number. */
function subjectKeys(deps: Deps, subject: string): string[] {
  const keys: string[] = [];
  const idNumber = parseIdNumber(subject, 'subject');
  if (idNumber.ok) keys.push(deps.pii.lookupKey(idNumber.idNumber));
  const creditCode = parseCreditCode(subject, 'subject');
  if (creditCode.ok) keys.push(creditCode.code);
  if (keys.length === 0) {
    // The input is not echoed: it may be a (mistyped) ID number.
    const message = '查询对象应为有效的统一社会信用代码或居民身份证号码';
    throw new DomainError('VALIDATION_FAILED', message, [
      { path: 'subject', code: 'VALIDATION_FAILED', message },
    ]);
  }
  return keys;
}

const byCreation = (a: SanctionRecord, b: SanctionRecord): number =>
  Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.sanctionId.localeCompare(b.sanctionId);

/** The sanctions of one subject (all of them), or every sanction one page at a time. */
export async function listSanctions(
  deps: Deps,
  actor: Actor,
  input: ListSanctionsInput,
): Promise<Page<SanctionRecord>> {
  requireRole(actor, 'staff', 'supervisor');
  if (input.subject !== undefined && input.reviewerId !== undefined) {
    const message = '查询对象和评审专家只能指定其中一项';
    throw new DomainError('VALIDATION_FAILED', message, [
      { path: 'reviewerId', code: 'VALIDATION_FAILED', message },
    ]);
  }
  if (input.subject !== undefined) {
    const found = await deps.store.listSanctionsForSubjects(subjectKeys(deps, input.subject));
    return { items: found.filter((s) => s.subjectType !== 'reviewer').sort(byCreation) };
  }
  if (input.reviewerId !== undefined) {
    const found = await deps.store.listSanctionsForSubjects([input.reviewerId]);
    return { items: found.filter((s) => s.subjectType === 'reviewer').sort(byCreation) };
  }
  return deps.store.listSanctions({
    ...(input.limit === undefined ? {} : { limit: input.limit }),
    ...(input.nextToken === undefined ? {} : { nextToken: input.nextToken }),
  });
}
