/**
 * Art. 28: evidence is confidential. Only the owner, the office and reviewers with an active
 * assignment to the application may download it, through a short-lived presigned URL, and every
 * download is recorded in the audit trail before the URL is handed out.
 */
import { DomainError } from '../domain/errors.ts';
import type { Deps } from '../ports/deps.ts';
import type { Actor } from '../ports/records.ts';
import { hasRole, isAssignedReviewer, isOwner, isPrivateDraft, notFound } from './access.ts';
import { evidenceAudit } from './applications/evidence.ts';

/** A presigned download URL for one verified evidence file; NOT_FOUND for anyone else. */
export async function downloadEvidence(
  deps: Deps,
  actor: Actor,
  input: { applicationId: string; evidenceId: string },
): Promise<{ url: string; expiresAt: string }> {
  const application = await deps.store.getApplication(input.applicationId);
  if (!application) throw notFound();
  const assignments = await deps.store.listAssignmentsForApplication(input.applicationId);
  const allowed =
    isOwner(actor, application) ||
    (!isPrivateDraft(application) && (hasRole(actor, 'staff') || isAssignedReviewer(actor, assignments)));
  if (!allowed) throw notFound();
  const evidence = await deps.store.getEvidence(input.applicationId, input.evidenceId);
  if (!evidence) throw notFound('证实材料');
  if (evidence.status !== 'verified') {
    throw new DomainError('EVIDENCE_NOT_VERIFIED', '该证实材料尚未通过核验，不能下载');
  }
  const now = deps.clock.now();
  await deps.store.commit({ changes: [], audit: evidenceAudit('downloaded', evidence, actor, now) });
  // The kept copy is what was verified; the upload key may have received other bytes since.
  return deps.evidence.presignDownload(evidence.keptKey ?? evidence.key, evidence.fileName);
}
