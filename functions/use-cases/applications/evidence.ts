/** Evidence helpers shared by the upload, verification and download use cases. */
import type { Finding } from '../../domain/errors.ts';
import type { StoredObject } from '../../ports/evidence-store.ts';
import type { Actor, AuditEvent, EvidenceRecord } from '../../ports/records.ts';
import { auditEvent } from '../audit.ts';

/** `Image/PNG; charset=binary` → `image/png`: the form in which types are declared and compared. */
export const normalizeContentType = (contentType: string | undefined): string =>
  (contentType ?? '').split(';')[0]!.trim().toLowerCase();

/** What the audit trail keeps of an evidence file (Art. 28: no content, only its description). */
const snapshot = (evidence: EvidenceRecord) => ({
  evidenceId: evidence.evidenceId,
  applicationId: evidence.applicationId,
  fileName: evidence.fileName,
  contentType: evidence.contentType,
  size: evidence.size,
  sha256: evidence.sha256,
  status: evidence.status,
  ...(evidence.rejection ? { rejection: evidence.rejection } : {}),
});

/**
 * `evidence.{verb}` on the file's own trail and on its application's, so that the application's
 * trail shows who uploaded and who read its files (Art. 28: confidentiality).
 */
export function evidenceAudit(
  verb: 'requested' | 'verified' | 'rejected' | 'downloaded' | 'overwrite-refused',
  evidence: EvidenceRecord,
  actor: Actor,
  at: Date,
  before?: EvidenceRecord,
  details?: Record<string, unknown>,
): AuditEvent[] {
  const common = {
    entityType: 'evidence',
    verb,
    actor,
    at,
    roundId: evidence.roundId,
    ...(before ? { before: snapshot(before) } : {}),
    after: { ...snapshot(evidence), ...details },
  };
  return [
    auditEvent({ ...common, entityId: evidence.evidenceId }),
    auditEvent({ ...common, entityId: evidence.applicationId }),
  ];
}

/** How each mismatch message begins: a stored rejection is read back into per-field findings. */
const MISMATCH_PREFIXES = {
  size: '文件大小不符',
  contentType: '文件类型不符',
  sha256: 'SHA-256 摘要不符',
} as const;

/** Every way the stored object differs from the declaration, in Chinese; empty when it matches. */
export function evidenceMismatches(evidence: EvidenceRecord, stored: StoredObject): Finding[] {
  const findings: Finding[] = [];
  if (stored.size !== evidence.size) {
    findings.push({
      path: 'size',
      code: 'EVIDENCE_MISMATCH',
      message: `${MISMATCH_PREFIXES.size}：声明 ${evidence.size} 字节，实际上传 ${stored.size} 字节`,
    });
  }
  const storedType = normalizeContentType(stored.contentType);
  if (storedType !== evidence.contentType) {
    findings.push({
      path: 'contentType',
      code: 'EVIDENCE_MISMATCH',
      message: `${MISMATCH_PREFIXES.contentType}：声明 ${evidence.contentType}，实际上传 ${storedType || '（未标明类型）'}`,
    });
  }
  if (stored.sha256.toLowerCase() !== evidence.sha256) {
    findings.push({
      path: 'sha256',
      code: 'EVIDENCE_MISMATCH',
      message: `${MISMATCH_PREFIXES.sha256}：上传的文件内容与声明的不一致`,
    });
  }
  return findings;
}

/** The separator of the messages in a stored rejection (`EvidenceRecord.rejection`). */
export const REJECTION_SEPARATOR = '；';

/**
 * The findings of a file rejected earlier (by `complete` or by the bucket's event, whichever ran
 * first), read back from its stored rejection, so that the applicant gets the same answer either way.
 */
export function rejectionFindings(rejection: string | undefined): Finding[] {
  const messages = (rejection ?? '').split(REJECTION_SEPARATOR).filter((m) => m.trim() !== '');
  if (messages.length === 0)
    return [{ path: 'evidence', code: 'EVIDENCE_MISMATCH', message: '文件核验未通过' }];
  return messages.map((message) => {
    const field = (Object.keys(MISMATCH_PREFIXES) as (keyof typeof MISMATCH_PREFIXES)[]).find((key) =>
      message.startsWith(MISMATCH_PREFIXES[key]),
    );
    return { path: field ?? 'evidence', code: 'EVIDENCE_MISMATCH', message };
  });
}
