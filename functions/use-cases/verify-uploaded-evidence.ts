/**
 * The server-side check of an uploaded evidence file (DESIGN.md §3): its size, content type and
 * SHA-256 must equal what the applicant declared. Run by the applicant's `complete` call and by the
 * bucket's ObjectCreated event, in any order and any number of times: the outcome is the same, and
 * every write is conditional on the version read (a lost race is re-read, never overwritten).
 */
import { DomainError, type Finding, isDomainError } from '../domain/errors.ts';
import { canEditDraft } from '../domain/stages.ts';
import type { Deps } from '../ports/deps.ts';
import type { StoredObject } from '../ports/evidence-store.ts';
import type { Actor, ApplicationRecord, EvidenceRecord, RoundRecord } from '../ports/records.ts';
import { evidenceSummaryChanges } from './applications/context.ts';
import {
  evidenceAudit,
  evidenceMismatches,
  normalizeContentType,
  REJECTION_SEPARATOR,
  rejectionFindings,
} from './applications/evidence.ts';
import { retryOnVersionConflict } from './retry.ts';

export type EvidenceVerification =
  /** No such evidence (an unknown key). */
  | { outcome: 'unknown' }
  /** The object is not (yet) in the bucket. */
  | { outcome: 'missing'; evidence: EvidenceRecord }
  /** The application no longer accepts evidence (submitted, or the call closed): left pending. */
  | { outcome: 'closed'; evidence: EvidenceRecord }
  /** `overwriteRefused`: a later upload under the key of the submitted file was audited and deleted. */
  | { outcome: 'verified'; evidence: EvidenceRecord; changed: boolean; overwriteRefused?: true }
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

const acceptsEvidence = (application: ApplicationRecord, round: RoundRecord, now: Date): boolean =>
  canEditDraft(application.status, round.stage) && now.getTime() < new Date(round.callClosesAt).getTime();

/** Verifies (or rejects) one evidence file; idempotent and safe under concurrent calls. */
export async function verifyUploadedEvidence(
  deps: Deps,
  actor: Actor,
  input: VerifyEvidenceInput,
): Promise<EvidenceVerification> {
  return retryOnVersionConflict(() => verifyOnce(deps, actor, input));
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

  if (evidence.status === 'verified') {
    if (findings.length === 0) return { outcome: 'verified', evidence, changed: false };
    return overwriteOfVerified(deps, actor, evidence, stored, findings, now);
  }
  if (findings.length > 0) return reject(deps, actor, evidence, findings, now);

  const application = await deps.store.getApplication(evidence.applicationId);
  const round = application && (await deps.store.getRound(application.roundId));
  if (!application || !round || !acceptsEvidence(application, round, now)) {
    // Evidence is immutable once the application is submitted (DESIGN.md §3).
    return { outcome: 'closed', evidence };
  }

  // What is verified and served is a copy under a key of its own (EvidenceStore.keep), hashed
  // again: the upload key stays writable through its presigned POST until that expires, so a file
  // read there could change between this check and any later download. The same on AWS and on the
  // local S3 (which has no versioning): no special case either side.
  const kept = await deps.evidence.keep(evidence.key, deps.ids.next('kept'));
  if (!kept) return { outcome: 'missing', evidence };
  const keptFindings = evidenceMismatches(evidence, kept.stored);
  if (keptFindings.length > 0) {
    // Replaced between the two reads: the copy holds the later bytes, and they are not the declared ones.
    await deps.evidence.remove(kept.key);
    return reject(deps, actor, evidence, keptFindings, now);
  }
  const verified: EvidenceRecord = {
    ...evidence,
    status: 'verified',
    verifiedAt: now.toISOString(),
    keptKey: kept.key,
  };
  try {
    await deps.store.commit({
      changes: [
        { op: 'put', entity: { type: 'evidence', record: verified } },
        // Written back unchanged but for `updatedAt`, so that its version guards the race with a
        // concurrent submission: a file is never verified onto an application already submitted.
        ...(await evidenceSummaryChanges(deps, verified, { ...application, updatedAt: now.toISOString() })),
      ],
      audit: evidenceAudit('verified', verified, actor, now, evidence),
    });
  } catch (error) {
    // A lost race wrote nothing, so its copy is nobody's: remove it. After any other failure the
    // commit may have landed, and the copy may be the verified file: it stays (an orphan at worst).
    if (isDomainError(error) && error.code === 'VERSION_CONFLICT') await deps.evidence.remove(kept.key);
    throw error;
  }
  return { outcome: 'verified', evidence: { ...verified, version: evidence.version + 1 }, changed: true };
}

/** Rejects a file that differs from its declaration, then deletes what was uploaded. */
async function reject(
  deps: Deps,
  actor: Actor,
  evidence: EvidenceRecord,
  findings: Finding[],
  now: Date,
): Promise<EvidenceVerification> {
  // Reject, then delete the object: the record is the source of truth, a failed delete leaves
  // only an orphan that a later event removes.
  const { keptKey: _kept, ...unkept } = evidence;
  const rejected: EvidenceRecord = {
    ...unkept,
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
  // Art. 28: no copy of a file that is no longer evidence is kept.
  if (evidence.keptKey) await deps.evidence.remove(evidence.keptKey);
  return {
    outcome: 'rejected',
    evidence: { ...rejected, version: evidence.version + 1 },
    changed: true,
    findings,
  };
}

/**
 * Different bytes arrived under the key of a verified file (its presigned POST is still valid).
 * While the draft may still change, the file is rejected and the applicant uploads it again. Once
 * the application is submitted (or the call closed), the evidence is immutable: the upload is
 * refused — audited with what was refused, then deleted — and the verified copy, which downloads
 * read, is never touched. (On AWS the bucket is versioned, so the refused bytes also stay
 * recoverable as a noncurrent version until the lifecycle rule expires them.)
 */
async function overwriteOfVerified(
  deps: Deps,
  actor: Actor,
  evidence: EvidenceRecord,
  stored: StoredObject,
  findings: Finding[],
  now: Date,
): Promise<EvidenceVerification> {
  const application = await deps.store.getApplication(evidence.applicationId);
  const round = application && (await deps.store.getRound(application.roundId));
  if (application && round && acceptsEvidence(application, round, now)) {
    return reject(deps, actor, evidence, findings, now);
  }
  await deps.store.commit({
    changes: [],
    audit: evidenceAudit('overwrite-refused', evidence, actor, now, undefined, {
      refused: {
        key: evidence.key,
        size: stored.size,
        contentType: normalizeContentType(stored.contentType),
        sha256: stored.sha256,
      },
      // A presigned POST is signed with the platform's own credentials and works for whoever holds
      // it, so S3 cannot say who used it: the audit names the applicant it was issued to.
      ...(application ? { formIssuedTo: application.ownerSub } : {}),
    }),
  });
  // Audited first: a failed delete leaves the refused bytes under the upload key, which nothing
  // reads (downloads read the kept copy), and the retried event deletes them. A file verified
  // before copies were kept has only the upload key: its download then finds nothing rather than
  // bytes that were never verified (on AWS the verified version stays recoverable).
  await deps.evidence.remove(evidence.key);
  return { outcome: 'verified', evidence, changed: false, overwriteRefused: true };
}

/** The error an applicant gets for a file that did not pass verification. */
export function evidenceMismatchError(findings: readonly Finding[]): DomainError {
  return new DomainError(
    'EVIDENCE_MISMATCH',
    `上传的文件与申请上传时声明的不一致（${findings.map((f) => f.message).join('；')}），文件已删除，请重新申请上传`,
    findings,
  );
}
