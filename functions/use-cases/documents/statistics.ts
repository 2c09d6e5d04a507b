/**
 * Round statistics (API.md v2 "Documents, exports and statistics"): counts over the round's
 * applications other than drafts, from the same paginated Query as the list (DESIGN.md
 * "Statistics", no Scan). Industry and the SME share (Art. 10) concern organizations only.
 */
import { APPLICATION_STATUSES, type ApplicationStatus, type Category } from '../../domain/model.ts';
import type { Deps } from '../../ports/deps.ts';
import type { Actor, ApplicationRecord } from '../../ports/records.ts';
import { assertRole, listRoundApplications, loadRound } from '../rounds/support.ts';
import { isDraftOnly } from './round-data.ts';

export interface RoundStatistics {
  total: number;
  byStatus: Partial<Record<ApplicationStatus, number>>;
  byCategory: Record<Category, number>;
  byJurisdiction: Record<string, number>;
  byIndustry: Record<string, number>;
  sme: { count: number; share: number };
}

/** The statistics of a set of (non-draft) applications. */
export function statisticsOf(applications: readonly ApplicationRecord[]): RoundStatistics {
  const byStatus: Partial<Record<ApplicationStatus, number>> = {};
  const byCategory: Record<Category, number> = { organization: 0, individual: 0 };
  const byJurisdiction: Record<string, number> = {};
  const byIndustry: Record<string, number> = {};
  let organizations = 0;
  let sme = 0;
  for (const application of applications) {
    byStatus[application.status] = (byStatus[application.status] ?? 0) + 1;
    byCategory[application.category] += 1;
    byJurisdiction[application.jurisdiction] = (byJurisdiction[application.jurisdiction] ?? 0) + 1;
    if (application.category === 'organization' && application.organization) {
      organizations += 1;
      const industry = application.organization.industry;
      byIndustry[industry] = (byIndustry[industry] ?? 0) + 1;
      if (application.organization.sme) sme += 1;
    }
  }
  const ordered = Object.fromEntries(
    APPLICATION_STATUSES.filter((s) => byStatus[s] !== undefined).map((s) => [s, byStatus[s]]),
  ) as Partial<Record<ApplicationStatus, number>>;
  return {
    total: applications.length,
    byStatus: ordered,
    byCategory,
    byJurisdiction,
    byIndustry,
    sme: { count: sme, share: organizations === 0 ? 0 : sme / organizations },
  };
}

/**
 * GET /v1/rounds/{roundId}/statistics: staff, leader, supervisor. Drafts (and drafts withdrawn
 * before submission) are only counted, as `drafts`: their content is their applicant's alone.
 */
export async function getRoundStatistics(
  deps: Deps,
  actor: Actor,
  roundId: string,
): Promise<RoundStatistics & { drafts: number }> {
  assertRole(actor, 'staff', 'leader', 'supervisor');
  const round = await loadRound(deps, roundId);
  const all = await listRoundApplications(deps, round.roundId);
  const submitted = all.filter((application) => !isDraftOnly(application));
  return { ...statisticsOf(submitted), drafts: all.length - submitted.length };
}
