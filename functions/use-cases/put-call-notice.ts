/**
 * Art. 18 (1): the office publishes the call (申报通知) — what applicants must submit, whom to ask,
 * and the blank forms. The forms are uploaded as evidence is (a presigned POST pinning key, type and
 * size, then the server's SHA-256 check), since the public downloads them: only verified bytes are
 * ever offered. A PUT replaces the whole notice; a form declared again unchanged (same name, type,
 * size and SHA-256) keeps its verified file, so fixing a sentence does not mean uploading again.
 */
import { callAttachmentKey } from '../adapters/s3/evidence-store.ts';
import { DomainError, isDomainError } from '../domain/errors.ts';
import { ROUND_STAGE_LABELS } from '../domain/stages.ts';
import type { Deps } from '../ports/deps.ts';
import type { PresignedUpload } from '../ports/evidence-store.ts';
import type { Actor, CallAttachmentRecord, CallNoticeRecord, RoundRecord } from '../ports/records.ts';
import { requireRole } from './applications/context.ts';
import { normalizeContentType } from './applications/evidence.ts';
import { auditEvent } from './audit.ts';
import { committedByThisRequest } from './earlier-request.ts';
import { assertDeclarationAccepted, type EvidenceDeclaration } from './request-evidence-upload.ts';
import { loadRound } from './rounds/support.ts';

export interface CallNoticeInput {
  requirements: string;
  contact: string;
  attachments?: EvidenceDeclaration[];
}

/** What the audit trail keeps of a notice: its texts' sizes and the forms' descriptions. */
export const callNoticeSnapshot = (notice: CallNoticeRecord) => ({
  requirementsLength: notice.requirements.length,
  contactLength: notice.contact.length,
  attachments: notice.attachments.map((a) => ({
    attachmentId: a.attachmentId,
    fileName: a.fileName,
    contentType: a.contentType,
    size: a.size,
    sha256: a.sha256,
    status: a.status,
  })),
});

/** The declaration's findings at `attachments[i].…`, so the office sees which form is wrong. */
function assertAttachmentAccepted(deps: Deps, declaration: EvidenceDeclaration, index: number): string {
  const contentType = normalizeContentType(declaration.contentType);
  try {
    assertDeclarationAccepted(deps, declaration, contentType);
  } catch (error) {
    if (!isDomainError(error)) throw error;
    throw new DomainError(
      error.code,
      `第${index + 1}个附件：${error.message}`,
      error.findings.map((f) => ({ ...f, path: `attachments[${index}].${f.path}` })),
    );
  }
  return contentType;
}

const sameFile = (a: CallAttachmentRecord, declaration: EvidenceDeclaration, contentType: string): boolean =>
  a.fileName === declaration.fileName.trim() &&
  a.contentType === contentType &&
  a.size === declaration.size &&
  a.sha256 === declaration.sha256.toLowerCase();

/** Writes the round's call notice; the upload forms of every form not yet verified. */
export async function putCallNotice(
  deps: Deps,
  actor: Actor,
  input: { roundId: string } & CallNoticeInput,
): Promise<{
  round: RoundRecord;
  uploads: { attachmentId: string; fileName: string; upload: PresignedUpload }[];
}> {
  requireRole(actor, 'staff');
  const round = await loadRound(deps, input.roundId);
  const now = deps.clock.now();
  // The notice is the call: once the call has closed there is nothing left to announce.
  if (round.stage !== 'call-open' || now.getTime() >= new Date(round.callClosesAt).getTime()) {
    throw new DomainError(
      'STAGE_CLOSED',
      `第${round.ordinal}届申报已截止（当前阶段：${ROUND_STAGE_LABELS[round.stage]}），不能再修改申报通知`,
    );
  }
  const declarations = input.attachments ?? [];
  const contentTypes = declarations.map((d, i) => assertAttachmentAccepted(deps, d, i));
  const names = declarations.map((d) => d.fileName.trim());
  const duplicate = names.findIndex((name, i) => names.indexOf(name) !== i);
  if (duplicate >= 0) {
    const message = `附件文件名“${names[duplicate]}”重复，每个附件的文件名应不同`;
    throw new DomainError('VALIDATION_FAILED', message, [
      { path: `attachments[${duplicate}].fileName`, code: 'VALIDATION_FAILED', message },
    ]);
  }

  const previous = round.callNotice?.attachments ?? [];
  const at = now.toISOString();
  const uploads: { attachmentId: string; fileName: string; upload: PresignedUpload }[] = [];
  const attachments: CallAttachmentRecord[] = [];
  for (const [i, declaration] of declarations.entries()) {
    const contentType = contentTypes[i]!;
    const kept = previous.find((a) => a.status === 'verified' && sameFile(a, declaration, contentType));
    if (kept) {
      attachments.push(kept);
      continue;
    }
    // A fresh key per declaration, as for evidence: a form never targets a verified file's key.
    const attachmentId = deps.ids.next('att');
    const key = callAttachmentKey(round.roundId, attachmentId);
    const upload = await deps.evidence.presignUpload({
      key,
      contentType,
      minBytes: declaration.size,
      maxBytes: declaration.size,
    });
    attachments.push({
      attachmentId,
      fileName: declaration.fileName.trim(),
      contentType,
      size: declaration.size,
      sha256: declaration.sha256.toLowerCase(),
      key,
      status: 'pending',
      createdAt: at,
    });
    uploads.push({ attachmentId, fileName: declaration.fileName.trim(), upload });
  }
  const callNotice: CallNoticeRecord = {
    requirements: input.requirements.trim(),
    contact: input.contact.trim(),
    attachments,
    updatedAt: at,
    updatedBy: actor.sub,
  };
  const updated: RoundRecord = { ...round, callNotice };
  await deps.store.commit({
    changes: [{ op: 'put', entity: { type: 'round', record: updated } }],
    audit: [
      auditEvent({
        entityType: 'call-notice',
        entityId: round.roundId,
        verb: 'published',
        actor,
        at: now,
        roundId: round.roundId,
        ...(round.callNotice ? { before: callNoticeSnapshot(round.callNotice) } : {}),
        after: callNoticeSnapshot(callNotice),
      }),
    ],
  });
  // Forms no longer listed are left to the bucket's lifecycle: a download handed out a moment ago
  // may still be in use.
  return { round: { ...updated, version: round.version + 1 }, uploads };
}

/**
 * Idempotency-Key retries: the notice as it is now when an earlier run of this request wrote it,
 * with a fresh upload form for each form still pending (as the evidence upload's retry signs one):
 * a second run would write a second audit entry and new attachment ids the first answer never named.
 */
export async function earlierCallNotice(
  deps: Deps,
  roundId: string,
): Promise<Awaited<ReturnType<typeof putCallNotice>> | undefined> {
  if (!(await committedByThisRequest(deps, roundId))) return undefined;
  const round = await loadRound(deps, roundId);
  const pending = (round.callNotice?.attachments ?? []).filter((a) => a.status === 'pending');
  const uploads = await Promise.all(
    pending.map(async (a) => ({
      attachmentId: a.attachmentId,
      fileName: a.fileName,
      upload: await deps.evidence.presignUpload({
        key: a.key,
        contentType: a.contentType,
        minBytes: a.size,
        maxBytes: a.size,
      }),
    })),
  );
  return { round, uploads };
}
