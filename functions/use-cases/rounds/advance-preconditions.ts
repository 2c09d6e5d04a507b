/**
 * What must be finished before staff move a round on (API.md: `advance` refuses with
 * STAGE_PRECONDITION_FAILED when the stage's work is unfinished). Each check returns every reason,
 * so staff see the whole list at once.
 */
import type { Finding } from '../../domain/errors.ts';
import type { ReviewStage, RoundStage } from '../../domain/model.ts';
import { REVIEW_STAGE_LABELS } from '../../domain/scoring.ts';
import type { Deps } from '../../ports/deps.ts';
import type { ApplicationRecord, RoundRecord } from '../../ports/records.ts';
import { listRoundApplications } from './support.ts';

const reason = (path: string, message: string): Finding => ({
  path,
  code: 'STAGE_PRECONDITION_FAILED',
  message,
});

const named = (application: ApplicationRecord): string => `“${application.displayName}”`;

/**
 * Art. 18 (3): every submitted application has its recommendation opinion and every recommended one
 * its qualification decision; and at least one is qualified, since an empty accepted list would
 * publicise nothing and leave nothing to review (our interpretation).
 */
export function qualificationReasons(applications: readonly ApplicationRecord[]): Finding[] {
  const reasons: Finding[] = [];
  // Ids are time-ordered: the list reads in the order the applications were created.
  const ordered = [...applications].sort((a, b) => (a.applicationId < b.applicationId ? -1 : 1));
  for (const application of ordered) {
    const path = `applications.${application.applicationId}`;
    if (application.status === 'submitted') {
      reasons.push(reason(path, `${named(application)}尚无推荐单位的推荐意见（第十八条第三项）`));
    } else if (application.status === 'recommended') {
      reasons.push(reason(path, `${named(application)}尚未完成资格审查（第十八条第三项）`));
    }
  }
  if (!applications.some((a) => a.status === 'qualified')) {
    reasons.push(reason('applications', '没有通过资格审查的申报，受理名单不能为空'));
  }
  return reasons;
}

/**
 * Art. 18 (4)–(6): each application has at least one active assignment for the stage and a score
 * sheet from every actively assigned reviewer (withdrawn assignments, e.g. after a declared
 * conflict, do not count). DESIGN.md §5: the round's assignments and sheets of the stage are read
 * with one paginated Query each, whatever the number of applications.
 */
export async function missingScoreReasons(
  deps: Deps,
  roundId: string,
  applications: readonly ApplicationRecord[],
  stage: ReviewStage,
): Promise<Finding[]> {
  const label = REVIEW_STAGE_LABELS[stage];
  const [assignments, scores] = await Promise.all([
    deps.store.listAssignmentsForRound(roundId, stage),
    deps.store.listScoresForRound(roundId, stage),
  ]);
  const assignedTo = groupBy(
    assignments.filter((a) => a.roundId === roundId && a.stage === stage && a.status === 'active'),
    (a) => a.applicationId,
  );
  const scored = new Set(
    scores.filter((s) => s.stage === stage).map((s) => `${s.applicationId}#${s.reviewerId}`),
  );
  return applications.flatMap((application) => {
    const path = `applications.${application.applicationId}`;
    const assigned = (assignedTo.get(application.applicationId) ?? []).map((a) => a.reviewerId);
    if (assigned.length === 0) return [reason(path, `${named(application)}尚未分配${label}专家`)];
    const missing = assigned.filter(
      (reviewerId) => !scored.has(`${application.applicationId}#${reviewerId}`),
    );
    if (missing.length === 0) return [];
    return [
      reason(
        path,
        `${named(application)}缺少 ${missing.length} 位${label}专家的评分（${missing.join('、')}）`,
      ),
    ];
  });
}

/** Items grouped by a key, each group in the items' order. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

/** The review stage whose scores must be complete before leaving `from`. */
const SCORED_STAGE: Partial<Record<RoundStage, ReviewStage>> = {
  'material-review': 'material',
  'onsite-review': 'onsite',
  defense: 'defense',
};

/**
 * Every reason the round cannot leave its stage now; `inReview` are the round's applications in
 * review (read once by the caller, who also checks `selected` against them).
 */
export async function advanceReasons(
  deps: Deps,
  round: RoundRecord,
  inReview: readonly ApplicationRecord[],
): Promise<Finding[]> {
  if (round.stage === 'qualification') {
    return qualificationReasons(await listRoundApplications(deps, round.roundId));
  }
  const stage = SCORED_STAGE[round.stage];
  if (!stage) return [];
  if (stage === 'material') {
    if (inReview.length === 0) return [reason('applications', '本届没有进入材料评审的申报')];
    return missingScoreReasons(deps, round.roundId, inReview, stage);
  }
  // On-site review and defence concern the applications selected by the material-review report.
  const selected = new Set(round.selectedForOnsite ?? inReview.map((a) => a.applicationId));
  return missingScoreReasons(
    deps,
    round.roundId,
    inReview.filter((a) => selected.has(a.applicationId)),
    stage,
  );
}
