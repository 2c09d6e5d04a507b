/**
 * The server-side check of an uploaded evidence file (DESIGN.md §3): its size, content type and
 * SHA-256 must equal what the applicant declared. Run by the applicant's `complete` call and by the
 * bucket's ObjectCreated event, in any order and any number of times: the outcome is the same, and
 * every write is conditional on the version read (a lost race is re-read, never overwritten).
 */
import { DomainError, type Finding, isDomainError } from '../domain/errors.ts';
import { canEditDraft } from '../domain/stages.ts';
import type { Deps } from '../ports/deps.ts';
import type { Actor, ApplicationRecord, EvidenceRecord, RoundRecord } from '../ports/records.ts';
import { evidenceSummaryChanges } from './applications/context.ts';
import {
  evidenceAudit,
  evidenceMismatches,
  REJECTION_SEPARATOR,
  rejectionFindings,
} from './applications/evidence.ts';

export type EvidenceVerification =
  /** No such evidence (an unknown key). */
  | { outcome: 'unknown' }
  /** The object is not (yet) in the bucket. */
  | { outcome: 'missing'; evidence: EvidenceRecord }
  /** The application no longer accepts evidence (submitted, or the call closed): left pending. */
  | { outcome: 'closed'; evidence: EvidenceRecord }
  | { outcome: 'verified'; evidence: EvidenceRecord; changed: boolean }
  | { outcome: 'rejected'; evidence: EvidenceRecord; changed: boolean; findings: Finding[] };

export interface VerifyEvidenceInput {
  applicationId: string;
  evidenceId: string;
  /**
   * `complete`: the applicant's confirmation; a file already verified is not read again.
   * `object-created`: a new object arrived under the key, so even a verified file is re-checked
   * (a presigned POST stays usable until it expires, and an overwrite must not go unnoticed).
   */
  trigger: 'complete' | 'object-created';
}

const ATTEMPTS = 3;

const acceptsEvidence = (application: ApplicationRecord, round: RoundRecord, now: Date): boolean =>
  canEditDraft(application.status, round.stage) && now.getTime() < new Date(round.callClosesAt).getTime();

/** Verifies (or rejects) one evidence file; idempotent and safe under concurrent calls. */
export async function verifyUploadedEvidence(
  deps: Deps,
  actor: Actor,
  input: VerifyEvidenceInput,
): Promise<EvidenceVerification> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await verifyOnce(deps, actor, input);
    } catch (error) {
      // Another path changed the evidence or the application since we read it: read again.
      if (!isDomainError(error) || error.code !== 'VERSION_CONFLICT' || attempt >= ATTEMPTS) throw error;
    }
  }
}

async function verifyOnce(
  deps: Deps,
  actor: Actor,
  input: VerifyEvidenceInput,
): Promise<EvidenceVerification> {
  const evidence = await deps.store.getEvidence(input.applicationId, input.evidenceId);
  if (!evidence) return { outcome: 'unknown' };

  if (evidence.status === 'rejected') {
    // A rejected file is final (the applicant requests a new upload): an object that arrives under
    // its key later, through the still valid presigned POST, is never kept.
    if (input.trigger === 'object-created') await deps.evidence.remove(evidence.key);
    return { outcome: 'rejected', evidence, changed: false, findings: rejectionFindings(evidence.rejection) };
  }
  if (evidence.status === 'verified' && input.trigger === 'complete') {
    return { outcome: 'verified', evidence, changed: false };
  }

  const stored = await deps.evidence.inspect(evidence.key);
  if (!stored) {
    return evidence.status === 'verified'
      ? { outcome: 'verified', evidence, changed: false }
      : { outcome: 'missing', evidence };
  }
  const findings = evidenceMismatches(evidence, stored);
  const now = deps.clock.now();

  if (findings.length > 0) {
    // Reject, then delete the object: the record is the source of truth, a failed delete leaves
    // only an orphan that a later event removes.
    const rejected: EvidenceRecord = {
      ...evidence,
      status: 'rejected',
      rejection: findings.map((f) => f.message).join(REJECTION_SEPARATOR),
    };
    await deps.store.commit({
      changes: [
        { op: 'put', entity: { type: 'evidence', record: rejected } },
        ...(await evidenceSummaryChanges(deps, rejected)),
      ],
      audit: evidenceAudit('rejected', rejected, actor, now, evidence),
    });
    await deps.evidence.remove(evidence.key);
    return {
      outcome: 'rejected',
      evidence: { ...rejected, version: evidence.version + 1 },
      changed: true,
      findings,
    };
  }
  if (evidence.status === 'verified') return { outcome: 'verified', evidence, changed: false };

  const application = await deps.store.getApplication(evidence.applicationId);
  const round = application && (await deps.store.getRound(application.roundId));
  if (!application || !round || !acceptsEvidence(application, round, now)) {
    // Evidence is immutable once the application is submitted (DESIGN.md §3).
    return { outcome: 'closed', evidence };
  }
  const verified: EvidenceRecord = { ...evidence, status: 'verified', verifiedAt: now.toISOString() };
  await deps.store.commit({
    changes: [
      { op: 'put', entity: { type: 'evidence', record: verified } },
      // Written back unchanged but for `updatedAt`, so that its version guards the race with a
      // concurrent submission: a file is never verified onto an application already submitted.
      ...(await evidenceSummaryChanges(deps, verified, { ...application, updatedAt: now.toISOString() })),
    ],
    audit: evidenceAudit('verified', verified, actor, now, evidence),
  });
  return { outcome: 'verified', evidence: { ...verified, version: evidence.version + 1 }, changed: true };
}

/** The error an applicant gets for a file that did not pass verification. */
export function evidenceMismatchError(findings: readonly Finding[]): DomainError {
  return new DomainError(
    'EVIDENCE_MISMATCH',
    `上传的文件与申请上传时声明的不一致（${findings.map((f) => f.message).join('；')}），文件已删除，请重新申请上传`,
    findings,
  );
}
