/**
 * Art. 14: the office keeps the pool of reviewers. The profile records the current employer and
 * former employers by credit code, which the conflict-of-interest rules compare with applicants
 * (Art. 28, DESIGN.md §2 "回避"). A disqualification (Art. 29) survives any later edit.
 */
import { isCalendarDate } from '../domain/calendar.ts';
import { DomainError, type Finding } from '../domain/errors.ts';
import { maskPhone, parseCreditCode } from '../domain/identifiers.ts';
import type { Deps } from '../ports/deps.ts';
import type { Actor, ReviewerRecord } from '../ports/records.ts';
import { requireRole } from './applications/context.ts';
import { auditEvent } from './audit.ts';

export interface ReviewerInput {
  reviewerId: string;
  name: string;
  organizationCode?: string;
  formerEmployers?: { creditCode: string; until: string }[];
  fields?: string[];
  /** Where notifications reach the reviewer: SMS to the phone, else email (API.md "Notifications"). */
  phone?: string;
  email?: string;
}

/** Checks every credit code and date of a profile; returns all findings. */
function profileFindings(input: ReviewerInput): Finding[] {
  const findings: Finding[] = [];
  if (input.organizationCode !== undefined) {
    const parsed = parseCreditCode(input.organizationCode, 'organizationCode');
    if (!parsed.ok) findings.push(...parsed.findings);
  }
  (input.formerEmployers ?? []).forEach((former, i) => {
    const parsed = parseCreditCode(former.creditCode, `formerEmployers[${i}].creditCode`);
    if (!parsed.ok) findings.push(...parsed.findings);
    if (!isCalendarDate(former.until)) {
      findings.push({
        path: `formerEmployers[${i}].until`,
        code: 'VALIDATION_FAILED',
        message: `离职日期“${former.until}”无效，应为 YYYY-MM-DD 格式的日期`,
      });
    }
  });
  return findings;
}

/** Creates or replaces a reviewer's profile (`reviewerId` = the reviewer's sign-in subject). */
export async function putReviewer(deps: Deps, actor: Actor, input: ReviewerInput): Promise<ReviewerRecord> {
  requireRole(actor, 'staff');
  const findings = profileFindings(input);
  if (findings.length > 0) {
    const code = findings.every((f) => f.code === 'INVALID_CREDIT_CODE')
      ? 'INVALID_CREDIT_CODE'
      : 'VALIDATION_FAILED';
    throw new DomainError(code, `评审专家信息有 ${findings.length} 处不符合要求`, findings);
  }
  const existing = await deps.store.getReviewer(input.reviewerId);
  const now = deps.clock.now();
  const organizationCode = input.organizationCode?.trim().toUpperCase();
  const reviewer: ReviewerRecord = {
    reviewerId: input.reviewerId,
    name: input.name.trim(),
    ...(organizationCode ? { organizationCode } : {}),
    formerEmployers: (input.formerEmployers ?? []).map((f) => ({
      creditCode: f.creditCode.trim().toUpperCase(),
      until: f.until,
    })),
    fields: [...new Set((input.fields ?? []).map((f) => f.trim()).filter((f) => f !== ''))],
    // A phone is personal information: stored encrypted with a masked copy, like an applicant's.
    ...(input.phone
      ? { phoneEncrypted: await deps.pii.encrypt(input.phone.trim()), phoneMasked: maskPhone(input.phone) }
      : {}),
    ...(input.email ? { email: input.email.trim() } : {}),
    // Art. 29: disqualification is recorded by a sanction and is never undone by editing the profile.
    ...(existing?.disqualified ? { disqualified: existing.disqualified } : {}),
    updatedAt: now.toISOString(),
    version: existing?.version ?? 0,
  };
  await deps.store.commit({
    changes: [{ op: 'put', entity: { type: 'reviewer', record: reviewer } }],
    audit: [
      auditEvent({
        entityType: 'reviewer',
        entityId: reviewer.reviewerId,
        verb: existing ? 'updated' : 'created',
        actor,
        at: now,
        ...(existing ? { before: existing } : {}),
        after: reviewer,
      }),
    ],
  });
  return { ...reviewer, version: reviewer.version + 1 };
}
