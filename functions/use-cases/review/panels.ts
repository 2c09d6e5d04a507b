/**
 * The stored side of review panels (DESIGN.md "Review load"): load limits, who may be drawn for
 * which panel, and writing a random draw (functions/domain/review-panels.ts) so that it is
 * all-or-nothing in effect although a whole stage does not fit one transaction.
 *
 * Why not one transaction: DynamoDB's TransactWriteItems holds 100 items, a draw of 1,000
 * applications × 5 reviewers is 5,000 assignments. So: (1) the draw is computed and validated in
 * memory in full (INSUFFICIENT_REVIEWERS before anything is written); (2) the plan is committed
 * as one `DrawRecord` (status `writing`) with the `assignment.drawn` audit entry holding the seed
 * and the pool snapshot; (3) the assignments follow in batches of whole panels, each put only
 * where no record exists yet (assignment keys are stage + application + reviewer, deterministic);
 * (4) the record is marked `complete`. A draw found `writing` (a crash, a timeout) is completed
 * from its stored plan before anything else is drawn for that stage, and a retry with the same
 * seed answers that plan: what was audited is exactly what ends up written.
 */
import { beijingDate } from '../../domain/calendar.ts';
import { findConflicts } from '../../domain/conflicts.ts';
import { DomainError, type Finding } from '../../domain/errors.ts';
import type { ReviewStage } from '../../domain/model.ts';
import { type DrawOutcome, drawPanels, type PanelToFill } from '../../domain/review-panels.ts';
import { REVIEW_STAGE_LABELS } from '../../domain/scoring.ts';
import type { Deps } from '../../ports/deps.ts';
import type {
  Actor,
  ApplicationRecord,
  AssignmentRecord,
  AuditEvent,
  DrawRecord,
  ReviewerRecord,
  RoundRecord,
} from '../../ports/records.ts';
import type { Change } from '../../ports/store.ts';
import { rulebookOf } from '../applications/context.ts';
import { auditEvent } from '../audit.ts';
import { assignmentNotice } from '../notifications/notify.ts';
import { mapInBatches } from '../rounds/support.ts';
import { commitInBatches } from '../workflow/bulk.ts';
import { conflictApplicantOf, loadConflicts } from './conflicts.ts';
import { isDisqualified } from './context.ts';

/** The stage's load limit of the round (applications per reviewer), if staff set one. */
export const loadLimitOf = (round: RoundRecord, stage: ReviewStage): number | undefined =>
  round.reviewSettings?.loadLimits[stage];

/** Active assignments per reviewer in one stage of the round. */
export function stageLoads(
  assignments: readonly AssignmentRecord[],
  stage: ReviewStage,
): Map<string, number> {
  const loads = new Map<string, number>();
  for (const a of assignments) {
    if (a.stage === stage && a.status === 'active')
      loads.set(a.reviewerId, (loads.get(a.reviewerId) ?? 0) + 1);
  }
  return loads;
}

/**
 * LOAD_LIMIT_EXCEEDED naming every reviewer whom one more application of `stage` would put past the
 * round's limit (`reviewers[i]` at path `reviewerIds[i]`); reviewers already on the panel are not passed.
 */
export async function assertWithinLoadLimit(
  deps: Deps,
  round: RoundRecord,
  stage: ReviewStage,
  reviewers: readonly { index: number; reviewerId: string; name: string }[],
): Promise<void> {
  const limit = loadLimitOf(round, stage);
  if (limit === undefined || reviewers.length === 0) return;
  const findings: Finding[] = [];
  const named: string[] = [];
  for (const reviewer of reviewers) {
    const assignments = await deps.store.listAssignmentsForReviewer(reviewer.reviewerId, round.roundId);
    const load = stageLoads(assignments, stage).get(reviewer.reviewerId) ?? 0;
    if (load + 1 <= limit) continue;
    const message = `评审专家${reviewer.name}在${REVIEW_STAGE_LABELS[stage]}阶段已承担 ${load} 项评审，已达上限 ${limit} 项`;
    named.push(reviewer.name);
    findings.push({ path: `reviewerIds[${reviewer.index}]`, code: 'LOAD_LIMIT_EXCEEDED', message });
  }
  if (findings.length > 0) {
    throw new DomainError(
      'LOAD_LIMIT_EXCEEDED',
      `评审专家${named.join('、')}的${REVIEW_STAGE_LABELS[stage]}工作量已达本届上限（${limit} 项），不能再分配`,
      findings,
    );
  }
}

/** The reviewer pool of a round: profiles and whether each is disqualified (Art. 29) in it. */
export async function loadPool(
  deps: Deps,
  round: RoundRecord,
): Promise<{ reviewers: ReviewerRecord[]; eligible: ReviewerRecord[]; disqualified: string[] }> {
  const reviewers = await deps.store.listReviewers();
  const sanctions = await deps.store.listSanctionsForSubjects(reviewers.map((r) => r.reviewerId));
  const disqualified = reviewers
    .filter((r) => isDisqualified(r, sanctions, round.ordinal))
    .map((r) => r.reviewerId);
  const barred = new Set(disqualified);
  return { reviewers, eligible: reviewers.filter((r) => !barred.has(r.reviewerId)), disqualified };
}

const normalizeCode = (code: string): string => code.trim().toUpperCase();

/** Reviewers by every credit code they are or were employed under: who to check for an applicant. */
export function employerIndex(pool: readonly ReviewerRecord[]): Map<string, ReviewerRecord[]> {
  const index = new Map<string, ReviewerRecord[]>();
  for (const reviewer of pool) {
    const codes = new Set(
      [reviewer.organizationCode, ...reviewer.formerEmployers.map((f) => f.creditCode)]
        .filter((code): code is string => code !== undefined)
        .map(normalizeCode),
    );
    for (const code of codes) index.set(code, [...(index.get(code) ?? []), reviewer]);
  }
  return index;
}

/**
 * The reviewers of the pool who may not sit on this application's panel: a conflict of interest
 * (findConflicts, with the staff dismissals), or withdrawn from this application and stage before.
 * Only reviewers tied to the applicant's credit codes (`employerIndex`) or with a declaration are
 * checked in full, so a 1,000 × 200 draw does not run the rules 200,000 times.
 */
export async function exclusionsFor(
  deps: Deps,
  round: RoundRecord,
  application: ApplicationRecord,
  stageAssignments: readonly AssignmentRecord[],
  pool: ReadonlyMap<string, ReviewerRecord>,
  index: ReadonlyMap<string, readonly ReviewerRecord[]>,
): Promise<Set<string>> {
  const excluded = new Set(stageAssignments.filter((a) => a.status === 'withdrawn').map((a) => a.reviewerId));
  const { declarations, dismissals } = await loadConflicts(deps, application.applicationId);
  const suspects = new Map<string, ReviewerRecord>();
  for (const code of application.conflictCodes) {
    for (const reviewer of index.get(normalizeCode(code)) ?? []) suspects.set(reviewer.reviewerId, reviewer);
  }
  for (const declaration of declarations) {
    const reviewer = pool.get(declaration.reviewerId);
    if (reviewer) suspects.set(reviewer.reviewerId, reviewer);
  }
  if (suspects.size === 0) return excluded;
  const today = beijingDate(deps.clock.now());
  const rulebook = rulebookOf(round);
  const applicant = conflictApplicantOf(application);
  for (const reviewer of suspects.values()) {
    const conflicts = findConflicts(
      { ...reviewer, disqualified: false },
      applicant,
      declarations,
      dismissals,
      today,
      rulebook,
    );
    if (conflicts.length > 0) excluded.add(reviewer.reviewerId);
  }
  return excluded;
}

/** What the draw was computed from: everything needed to re-run it (API.md: the pool audited). */
export interface PoolSnapshot {
  loadLimit: number | null;
  pool: string[];
  disqualified: string[];
  loadsBefore: Record<string, number>;
  panels: { applicationId: string; target: number; members: string[]; excluded: string[] }[];
}

export interface PlannedDraw {
  outcome: DrawOutcome;
  snapshot: PoolSnapshot;
}

/**
 * Computes a draw for `targets` (each application's panel size after the draw) in one stage of the
 * round, entirely in memory; INSUFFICIENT_REVIEWERS when any panel cannot be filled.
 */
export async function planDraw(
  deps: Deps,
  round: RoundRecord,
  stage: ReviewStage,
  targets: readonly { application: ApplicationRecord; target: number }[],
  seed: string,
): Promise<PlannedDraw> {
  const [{ eligible, disqualified }, assignments] = await Promise.all([
    loadPool(deps, round),
    deps.store.listAssignmentsForRound(round.roundId, stage),
  ]);
  const byApplication = new Map<string, AssignmentRecord[]>();
  for (const a of assignments) {
    const list = byApplication.get(a.applicationId) ?? [];
    list.push(a);
    byApplication.set(a.applicationId, list);
  }
  const pool = new Map(eligible.map((r) => [r.reviewerId, r]));
  const index = employerIndex(eligible);
  const panels: PanelToFill[] = await mapInBatches(targets, async ({ application, target }) => {
    const own = byApplication.get(application.applicationId) ?? [];
    return {
      applicationId: application.applicationId,
      target,
      members: own.filter((a) => a.status === 'active').map((a) => a.reviewerId),
      excluded: await exclusionsFor(deps, round, application, own, pool, index),
    };
  });
  const loads = stageLoads(assignments, stage);
  const loadLimit = loadLimitOf(round, stage);
  const outcome = drawPanels({
    seed,
    pool: eligible.map((r) => r.reviewerId),
    panels,
    loads,
    ...(loadLimit === undefined ? {} : { loadLimit }),
  });
  const snapshot: PoolSnapshot = {
    loadLimit: loadLimit ?? null,
    pool: eligible.map((r) => r.reviewerId).sort(),
    disqualified: [...disqualified].sort(),
    loadsBefore: Object.fromEntries([...loads].sort(([a], [b]) => (a < b ? -1 : 1))),
    panels: panels.map((p) => ({
      applicationId: p.applicationId,
      target: p.target,
      members: [...p.members],
      excluded: [...p.excluded].sort(),
    })),
  };
  return { outcome, snapshot };
}

/** Commits the plan and its audit entry, then writes every panel and marks the draw complete. */
export async function writeDraw(
  deps: Deps,
  actor: Actor,
  round: RoundRecord,
  stage: ReviewStage,
  planned: PlannedDraw,
  drawId: string,
): Promise<DrawRecord> {
  const now = deps.clock.now();
  const existing = await deps.store.getDraw(round.roundId, stage);
  const draw: DrawRecord = {
    roundId: round.roundId,
    stage,
    drawId,
    seed: planned.outcome.seed,
    panels: planned.outcome.panels
      .filter((p) => p.drawn.length > 0)
      .map((p) => ({ applicationId: p.applicationId, drawn: p.drawn })),
    loads: planned.outcome.loads,
    status: 'writing',
    at: now.toISOString(),
    by: actor.sub,
    version: existing?.version ?? 0,
  };
  await deps.store.commit({
    changes: [{ op: 'put', entity: { type: 'draw', record: draw } }],
    audit: [
      auditEvent({
        entityType: 'assignment',
        entityId: round.roundId,
        verb: 'drawn',
        actor,
        at: now,
        roundId: round.roundId,
        after: {
          drawId,
          stage,
          seed: draw.seed,
          generator: 'pure-rand xoroshiro128plus, state = SHA-256(seed)[0..16) as 4 big-endian uint32',
          ...planned.snapshot,
          drawn: draw.panels.reduce((sum, p) => sum + p.drawn.length, 0),
        },
      }),
    ],
  });
  return completeDraw(deps, actor, { ...draw, version: draw.version + 1 });
}

/** Writes whatever of the draw's panels is not written yet, then marks it complete. */
export async function completeDraw(deps: Deps, actor: Actor, draw: DrawRecord): Promise<DrawRecord> {
  const now = deps.clock.now();
  // Each drawn seat tells its reviewer (`assignment.created`) in the same unit as the seat itself.
  const round = await deps.store.getRound(draw.roundId);
  const reviewers = new Map((await deps.store.listReviewers()).map((r) => [r.reviewerId, r]));
  await commitInBatches(deps, draw.panels, {
    reload: async (panel) => panel,
    plan: async (panel) => {
      // Strongly consistent per application: a retry sees what an interrupted run wrote.
      const current = await deps.store.listAssignmentsForApplication(panel.applicationId);
      const missing = panel.drawn.filter(
        (reviewerId) => !current.some((a) => a.stage === draw.stage && a.reviewerId === reviewerId),
      );
      if (missing.length === 0) return null;
      const application = round && (await deps.store.getApplication(panel.applicationId));
      const notices: Change[] = application
        ? missing.flatMap((reviewerId) =>
            assignmentNotice(
              deps,
              round,
              application,
              { stage: draw.stage, reviewerId },
              reviewers.get(reviewerId) ?? null,
              now,
            ),
          )
        : [];
      const seats: Change[] = missing.map((reviewerId) => ({
        op: 'put',
        entity: {
          type: 'assignment',
          record: {
            roundId: draw.roundId,
            applicationId: panel.applicationId,
            stage: draw.stage,
            reviewerId,
            status: 'active',
            assignedAt: draw.at,
            assignedBy: draw.by,
            drawId: draw.drawId,
            version: 0,
          },
        },
      }));
      const changes = [...seats, ...notices];
      // The application's trail shows who reviews it, and by which draw (supervisors read it by id).
      const audit: AuditEvent[] = [
        auditEvent({
          entityType: 'assignment',
          entityId: panel.applicationId,
          verb: 'drawn',
          actor,
          at: now,
          roundId: draw.roundId,
          after: { stage: draw.stage, drawId: draw.drawId, seed: draw.seed, reviewerIds: missing },
        }),
      ];
      return { changes, audit };
    },
  });
  const complete: DrawRecord = { ...draw, status: 'complete' };
  await deps.store.commit({
    changes: [{ op: 'put', entity: { type: 'draw', record: complete } }],
    audit: [],
  });
  return { ...complete, version: complete.version + 1 };
}
