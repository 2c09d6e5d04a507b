/**
 * The office records a sanction by hand: history from rounds held before the platform (Art. 6
 * award holders, Art. 25/27 revocations), or an Art. 29 disqualification. A disqualified reviewer
 * (subject `{type:'reviewer', reviewerId}`) is marked on their profile and can no longer be assigned;
 * all their assignments in rounds not yet at `decision` are withdrawn with the sanction's reason and
 * the panels left short are topped up by a draw (review/disqualification.ts). ID numbers are kept
 * only as their HMAC lookup key and a masked copy.
 */
import { DomainError, type ErrorCode, type Finding } from '../domain/errors.ts';
import { maskIdNumber, parseCreditCode, parseIdNumber } from '../domain/identifiers.ts';
import type { SanctionKind } from '../domain/model.ts';
import type { Deps } from '../ports/deps.ts';
import type { Actor, AuditEvent, ReviewerRecord, SanctionRecord } from '../ports/records.ts';
import type { Change, UnitOfWork } from '../ports/store.ts';
import { notFound } from './access.ts';
import { requireRole } from './applications/context.ts';
import { auditEvent } from './audit.ts';
import { sanctionAuditView } from './review/context.ts';
import { planDisqualificationWithdrawals, topUpAfterDisqualification } from './review/disqualification.ts';
import { COMMIT_ITEM_LIMIT, commitInBatches, unitSize } from './workflow/bulk.ts';

export type SanctionSubjectInput =
  | { type: 'organization'; creditCode: string }
  | { type: 'individual'; idNumber: string }
  | { type: 'reviewer'; reviewerId: string };

export interface ImportSanctionInput {
  subject: SanctionSubjectInput;
  kind: SanctionKind;
  barredFromOrdinal: number;
  barredThroughOrdinal: number;
  reason: string;
}

type Subject = Pick<SanctionRecord, 'subjectType' | 'subjectKey' | 'subjectMasked'>;

/** The subject's stored key and masked form, or the findings of a malformed identifier. */
export function resolveSubject(
  deps: Deps,
  subject: SanctionSubjectInput,
): { subject?: Subject; findings: Finding[] } {
  if (subject.type === 'organization') {
    const parsed = parseCreditCode(subject.creditCode, 'subject.creditCode');
    if (!parsed.ok) return { findings: parsed.findings };
    return {
      subject: { subjectType: 'organization', subjectKey: parsed.code, subjectMasked: parsed.code },
      findings: [],
    };
  }
  if (subject.type === 'individual') {
    const parsed = parseIdNumber(subject.idNumber, 'subject.idNumber');
    if (!parsed.ok) return { findings: parsed.findings };
    return {
      subject: {
        subjectType: 'individual',
        subjectKey: deps.pii.lookupKey(parsed.idNumber),
        subjectMasked: maskIdNumber(parsed.idNumber),
      },
      findings: [],
    };
  }
  const reviewerId = subject.reviewerId.trim();
  return {
    subject: { subjectType: 'reviewer', subjectKey: reviewerId, subjectMasked: reviewerId },
    findings: [],
  };
}

function ruleFindings(input: ImportSanctionInput): Finding[] {
  const findings: Finding[] = [];
  const fail = (path: string, message: string) => findings.push({ path, code: 'VALIDATION_FAILED', message });
  for (const field of ['barredFromOrdinal', 'barredThroughOrdinal'] as const) {
    if (!Number.isInteger(input[field]) || input[field] < 1) fail(field, '届次应为不小于 1 的整数');
  }
  if (input.barredFromOrdinal > input.barredThroughOrdinal) {
    fail(
      'barredThroughOrdinal',
      `截止届次（第${input.barredThroughOrdinal}届）不能早于起始届次（第${input.barredFromOrdinal}届）`,
    );
  }
  // Art. 29 concerns reviewing; a reviewer's sign-in subject can never be barred from applying.
  if (input.subject.type === 'reviewer' && input.kind !== 'reviewer-disqualified') {
    fail('kind', '评审专家只能被取消评审资格（第二十九条），不能记录为获奖或撤销奖项的禁报');
  }
  if (input.reason.trim() === '') fail('reason', '须填写处理依据或原因');
  return findings;
}

/** One code for the whole error: the identifier's own code when only that is wrong. */
function errorCodeOf(findings: readonly Finding[]): ErrorCode {
  const codes = new Set(findings.map((f) => f.code));
  const [only] = codes;
  return codes.size === 1 && only !== undefined ? only : 'VALIDATION_FAILED';
}

/** Stores one sanction (and marks a disqualified reviewer); returns it. */
export async function importSanction(
  deps: Deps,
  actor: Actor,
  input: ImportSanctionInput,
): Promise<SanctionRecord> {
  requireRole(actor, 'staff');
  const resolved = resolveSubject(deps, input.subject);
  const findings = [...resolved.findings, ...ruleFindings(input)];
  if (findings.length > 0 || !resolved.subject) {
    throw new DomainError(errorCodeOf(findings), `处分记录有 ${findings.length} 处不符合要求`, findings);
  }
  let reviewer: ReviewerRecord | null = null;
  if (input.subject.type === 'reviewer') {
    reviewer = await deps.store.getReviewer(resolved.subject.subjectKey);
    if (!reviewer) throw notFound('评审专家');
  }

  const now = deps.clock.now();
  const at = now.toISOString();
  const sanction: SanctionRecord = {
    sanctionId: deps.ids.next('sanction'),
    kind: input.kind,
    ...resolved.subject,
    barredFromOrdinal: input.barredFromOrdinal,
    barredThroughOrdinal: input.barredThroughOrdinal,
    reason: input.reason.trim(),
    source: { imported: true },
    createdAt: at,
    createdBy: actor.sub,
    version: 0,
  };
  const changes: Change[] = [{ op: 'put', entity: { type: 'sanction', record: sanction } }];
  const audit: AuditEvent[] = [
    auditEvent({
      entityType: 'sanction',
      entityId: sanction.sanctionId,
      verb: 'created',
      actor,
      at: now,
      after: sanctionAuditView(sanction),
    }),
  ];
  if (reviewer && !reviewer.disqualified) {
    const disqualified: ReviewerRecord = {
      ...reviewer,
      disqualified: { at, reason: sanction.reason },
      updatedAt: at,
    };
    changes.push({ op: 'put', entity: { type: 'reviewer', record: disqualified } });
    audit.push(
      auditEvent({
        entityType: 'reviewer',
        entityId: reviewer.reviewerId,
        verb: 'disqualified',
        actor,
        at: now,
        after: { disqualified: disqualified.disqualified, sanctionId: sanction.sanctionId },
      }),
    );
  }
  if (!reviewer || input.kind !== 'reviewer-disqualified') {
    await deps.store.commit({ changes, audit });
    return { ...sanction, version: 1 };
  }
  // Art. 29: the reviewer leaves every panel of the rounds not yet at `decision`, in the sanction's
  // own transaction as far as DynamoDB's 100 items allow; the rest follows at once in batches.
  const plan = await planDisqualificationWithdrawals(deps, actor, reviewer.reviewerId, sanction.reason, now);
  const first: UnitOfWork = { changes, audit };
  const rest: UnitOfWork[] = [];
  for (const unit of plan.units) {
    const joined = { changes: [...first.changes, ...unit.changes], audit: [...first.audit, ...unit.audit] };
    if (rest.length === 0 && unitSize(joined) <= COMMIT_ITEM_LIMIT) {
      first.changes = joined.changes;
      first.audit = joined.audit;
    } else rest.push(unit);
  }
  await deps.store.commit(first);
  await commitInBatches(deps, rest, { plan: (unit) => unit, reload: async () => null });
  await topUpAfterDisqualification(deps, actor, sanction.sanctionId, plan);
  return { ...sanction, version: 1 };
}

/**
 * Idempotency-Key retries (route.ts `recover`): what an earlier run of the same request created,
 * read back under the id that run drew from `deps.ids` (request-ids.ts derives them from the key),
 * so a retry after a crash between the commit and the stored response answers that record instead
 * of creating a second one. `undefined`: the earlier run committed nothing (or never ran).
 */
export async function earlierSanction(
  deps: Deps,
  input: ImportSanctionInput,
): Promise<SanctionRecord | undefined> {
  const sanctionId = deps.ids.next('sanction');
  const { subject } = resolveSubject(deps, input.subject);
  if (!subject) return undefined;
  const sanctions = await deps.store.listSanctionsForSubjects([subject.subjectKey]);
  return sanctions.find((s) => s.sanctionId === sanctionId);
}
