/**
 * The stored side of the conflict-of-interest rules (Art. 28, 29; DESIGN.md §2 "回避"): the
 * reviewers' declarations and staff dismissals of an application, the reviewers' profiles and
 * their Art. 29 sanctions, in the shapes functions/domain/conflicts.ts takes.
 */
import type {
  ConflictApplicant,
  ConflictDeclaration,
  ConflictDismissal,
  Reviewer,
} from '../../domain/conflicts.ts';
import { DomainError, type Finding } from '../../domain/errors.ts';
import type { Deps } from '../../ports/deps.ts';
import type { ApplicationRecord, ConflictRecord, ReviewerRecord, RoundRecord } from '../../ports/records.ts';
import { toDomainReviewer } from './context.ts';

export interface StoredConflicts {
  records: ConflictRecord[];
  declarations: ConflictDeclaration[];
  dismissals: ConflictDismissal[];
}

/** The application's declarations and dismissals. */
export async function loadConflicts(deps: Deps, applicationId: string): Promise<StoredConflicts> {
  const records = await deps.store.listConflictsForApplication(applicationId);
  const pick = ({ reviewerId, applicationId: id, reason }: ConflictRecord) => ({
    reviewerId,
    applicationId: id,
    reason,
  });
  return {
    records,
    declarations: records.filter((r) => r.kind === 'declared').map(pick),
    dismissals: records.filter((r) => r.kind === 'dismissed').map(pick),
  };
}

/** The applicant as the conflict rules see it: the credit codes stored when it applied. */
export const conflictApplicantOf = (application: ApplicationRecord): ConflictApplicant => ({
  applicationId: application.applicationId,
  creditCodes: application.conflictCodes,
});

/**
 * The profiles of `reviewerIds` (request order) with their Art. 29 status in the round; NOT_FOUND
 * listing every unknown id (`reviewerIds[i]`).
 */
export async function loadReviewers(
  deps: Deps,
  round: RoundRecord,
  reviewerIds: readonly string[],
  pathOf: (index: number) => string = (index) => `reviewerIds[${index}]`,
): Promise<{ records: ReviewerRecord[]; reviewers: Reviewer[] }> {
  const found = await Promise.all(reviewerIds.map((id) => deps.store.getReviewer(id)));
  const findings: Finding[] = [];
  found.forEach((record, i) => {
    if (!record) {
      findings.push({
        path: pathOf(i),
        code: 'NOT_FOUND',
        message: `评审专家 ${reviewerIds[i]} 不在评审专家库中，请先登记其信息`,
      });
    }
  });
  if (findings.length > 0) {
    throw new DomainError('NOT_FOUND', `有 ${findings.length} 名评审专家不在评审专家库中`, findings);
  }
  const records = found as ReviewerRecord[];
  const sanctions = await deps.store.listSanctionsForSubjects([...reviewerIds]);
  return { records, reviewers: records.map((r) => toDomainReviewer(r, sanctions, round.ordinal)) };
}
