/**
 * The applicant confirms an upload: the server reads the object back and checks it against the
 * declaration (verify-uploaded-evidence). Completing a file that is already verified answers
 * `verified` again.
 */
import { DomainError } from '../domain/errors.ts';
import type { Deps } from '../ports/deps.ts';
import type { Actor } from '../ports/records.ts';
import { notFound } from './access.ts';
import { loadOwnApplication, requireRole } from './applications/context.ts';
import { evidenceMismatchError, verifyUploadedEvidence } from './verify-uploaded-evidence.ts';

/** `verified`, or EVIDENCE_MISMATCH (file deleted, record rejected), EVIDENCE_NOT_VERIFIED (not uploaded yet). */
export async function completeEvidenceUpload(
  deps: Deps,
  actor: Actor,
  input: { applicationId: string; evidenceId: string },
): Promise<{ evidenceId: string; status: 'verified' }> {
  requireRole(actor, 'applicant');
  await loadOwnApplication(deps, actor, input.applicationId);
  const result = await verifyUploadedEvidence(deps, actor, { ...input, trigger: 'complete' });
  switch (result.outcome) {
    case 'verified':
      return { evidenceId: input.evidenceId, status: 'verified' };
    case 'rejected':
      throw evidenceMismatchError(result.findings);
    case 'missing':
      throw new DomainError('EVIDENCE_NOT_VERIFIED', '文件尚未上传，请先通过上传地址上传文件后再确认', [
        { path: 'evidenceId', code: 'EVIDENCE_NOT_VERIFIED', message: '文件尚未上传' },
      ]);
    case 'closed':
      throw new DomainError('STAGE_CLOSED', '申报已提交或申报期已截止，不能再补充证实材料');
    default:
      throw notFound('证实材料');
  }
}
