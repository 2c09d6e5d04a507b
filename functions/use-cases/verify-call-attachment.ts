/**
 * The server-side check of a form uploaded for the call notice: the same check as evidence
 * (verify-uploaded-evidence: size, content type and SHA-256 against the declaration, the verified
 * bytes kept under a key no upload form can name). Run by the office's `complete` call and by the
 * bucket's ObjectCreated event, in any order, any number of times; writes are conditional on the
 * round's version and a lost race is read again.
 */
import { DomainError, type Finding, isDomainError } from '../domain/errors.ts';
import type { Deps } from '../ports/deps.ts';
import type { Actor, CallAttachmentRecord, EvidenceRecord, RoundRecord } from '../ports/records.ts';
import { notFound } from './access.ts';
import { evidenceMismatches, REJECTION_SEPARATOR, rejectionFindings } from './applications/evidence.ts';
import { auditEvent } from './audit.ts';
import { retryOnVersionConflict } from './retry.ts';
import { evidenceMismatchError } from './verify-uploaded-evidence.ts';

export type CallAttachmentVerification =
  | { outcome: 'unknown' }
  | { outcome: 'missing' }
  | { outcome: 'verified'; attachment: CallAttachmentRecord }
  | { outcome: 'rejected'; findings: Finding[] };

/** The evidence-shaped view the shared mismatch check reads. */
const asEvidence = (roundId: string, a: CallAttachmentRecord): EvidenceRecord => ({
  ...a,
  evidenceId: a.attachmentId,
  applicationId: `call-notice/${roundId}`,
  roundId,
  version: 0,
});

const snapshot = (a: CallAttachmentRecord) => ({
  attachmentId: a.attachmentId,
  fileName: a.fileName,
  contentType: a.contentType,
  size: a.size,
  sha256: a.sha256,
  status: a.status,
  ...(a.rejection ? { rejection: a.rejection } : {}),
});

/** Verifies (or rejects) one form of the round's call notice; idempotent. */
export async function verifyCallAttachment(
  deps: Deps,
  actor: Actor,
  input: { roundId: string; attachmentId: string },
): Promise<CallAttachmentVerification> {
  return retryOnVersionConflict(() => verifyOnce(deps, actor, input));
}

async function verifyOnce(
  deps: Deps,
  actor: Actor,
  input: { roundId: string; attachmentId: string },
): Promise<CallAttachmentVerification> {
  const round = await deps.store.getRound(input.roundId);
  const attachment = round?.callNotice?.attachments.find((a) => a.attachmentId === input.attachmentId);
  if (!round || !attachment) return { outcome: 'unknown' };
  if (attachment.status === 'verified') return { outcome: 'verified', attachment };
  if (attachment.status === 'rejected') {
    // Final, as for evidence: the office declares the form again (a PUT) and uploads it anew.
    return { outcome: 'rejected', findings: rejectionFindings(attachment.rejection) };
  }
  const declared = asEvidence(round.roundId, attachment);
  const stored = await deps.evidence.inspect(attachment.key);
  if (!stored) return { outcome: 'missing' };
  const now = deps.clock.now();
  const findings = evidenceMismatches(declared, stored);
  if (findings.length > 0) return reject(deps, actor, round, attachment, findings, now);

  const kept = await deps.evidence.keep(attachment.key, deps.ids.next('kept'));
  if (!kept) return { outcome: 'missing' };
  const keptFindings = evidenceMismatches(declared, kept.stored);
  if (keptFindings.length > 0) {
    await deps.evidence.remove(kept.key);
    return reject(deps, actor, round, attachment, keptFindings, now);
  }
  const verified: CallAttachmentRecord = {
    ...attachment,
    status: 'verified',
    verifiedAt: now.toISOString(),
    keptKey: kept.key,
  };
  try {
    await write(deps, actor, round, attachment, verified, now);
  } catch (error) {
    if (isDomainError(error) && error.code === 'VERSION_CONFLICT') await deps.evidence.remove(kept.key);
    throw error;
  }
  return { outcome: 'verified', attachment: verified };
}

async function reject(
  deps: Deps,
  actor: Actor,
  round: RoundRecord,
  attachment: CallAttachmentRecord,
  findings: Finding[],
  now: Date,
): Promise<CallAttachmentVerification> {
  const { keptKey: _kept, ...unkept } = attachment;
  const rejected: CallAttachmentRecord = {
    ...unkept,
    status: 'rejected',
    rejection: findings.map((f) => f.message).join(REJECTION_SEPARATOR),
  };
  await write(deps, actor, round, attachment, rejected, now);
  await deps.evidence.remove(attachment.key);
  return { outcome: 'rejected', findings };
}

/** Puts the round with `after` in place of `before`, conditional on the round's version. */
async function write(
  deps: Deps,
  actor: Actor,
  round: RoundRecord,
  before: CallAttachmentRecord,
  after: CallAttachmentRecord,
  now: Date,
): Promise<void> {
  const notice = round.callNotice!;
  const attachments = notice.attachments.map((a) => (a.attachmentId === after.attachmentId ? after : a));
  await deps.store.commit({
    changes: [
      { op: 'put', entity: { type: 'round', record: { ...round, callNotice: { ...notice, attachments } } } },
    ],
    audit: [
      auditEvent({
        entityType: 'call-attachment',
        entityId: after.attachmentId,
        verb: after.status,
        actor,
        at: now,
        roundId: round.roundId,
        before: snapshot(before),
        after: snapshot(after),
      }),
    ],
  });
}

/** The office confirms an upload: `verified`, or EVIDENCE_MISMATCH / EVIDENCE_NOT_VERIFIED as for evidence. */
export async function completeCallAttachment(
  deps: Deps,
  actor: Actor,
  input: { roundId: string; attachmentId: string },
): Promise<{ attachmentId: string; status: 'verified' }> {
  const result = await verifyCallAttachment(deps, actor, input);
  switch (result.outcome) {
    case 'verified':
      return { attachmentId: input.attachmentId, status: 'verified' };
    case 'rejected':
      throw evidenceMismatchError(result.findings);
    case 'missing':
      throw new DomainError('EVIDENCE_NOT_VERIFIED', '附件尚未上传，请先通过上传地址上传文件后再确认', [
        { path: 'attachmentId', code: 'EVIDENCE_NOT_VERIFIED', message: '附件尚未上传' },
      ]);
    default:
      throw notFound('申报通知附件');
  }
}
