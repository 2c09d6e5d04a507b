/**
 * DESIGN.md "Review load": staff fill a stage's panels by a random draw from the reviewer pool —
 * never a conflicted (Art. 28) or disqualified (Art. 29) reviewer, nor one already withdrawn from
 * that panel; within the round's load limit; spreading load evenly; reproducible from the seed,
 * which is audited with the pool (`assignment.drawn`). How it is written: review/panels.ts.
 */
import { DomainError } from '../domain/errors.ts';
import type { ReviewStage } from '../domain/model.ts';
import type { Deps } from '../ports/deps.ts';
import type { Actor, ApplicationRecord, DrawRecord, RoundRecord } from '../ports/records.ts';
import { requireRole } from './applications/context.ts';
import { assertAssignableApplication } from './assign-reviewers.ts';
import { completeDraw, type PoolSnapshot, planDraw, writeDraw } from './review/panels.ts';
import { listRoundApplications, loadRound, mapInBatches } from './rounds/support.ts';

export interface DrawReviewersInput {
  roundId: string;
  stage: ReviewStage;
  panelSize: number;
  applicationIds?: string[];
  seed?: string;
}

export interface DrawReviewersResult {
  seed: string;
  drawId?: string;
  assignments: { applicationId: string; reviewerIds: string[]; drawn: string[] }[];
  /** Every eligible reviewer's load in the stage after the draw. */
  loads: Record<string, number>;
}

/** The applications of the stage that can take reviewers (in review; selected past material review). */
async function stageApplications(deps: Deps, round: RoundRecord, stage: ReviewStage) {
  const inReview = await listRoundApplications(deps, round.roundId, 'in-review');
  if (stage === 'material') return inReview;
  const selected = new Set(round.selectedForOnsite ?? []);
  return inReview.filter((a) => selected.has(a.applicationId));
}

/** The panels as they stand, for a draw that drew nothing or was completed from its record. */
async function panelsNow(
  deps: Deps,
  round: RoundRecord,
  stage: ReviewStage,
  applicationIds: readonly string[],
  drawn: ReadonlyMap<string, string[]>,
) {
  const assignments = await deps.store.listAssignmentsForRound(round.roundId, stage);
  return applicationIds.map((applicationId) => ({
    applicationId,
    reviewerIds: assignments
      .filter((a) => a.applicationId === applicationId && a.status === 'active')
      .map((a) => a.reviewerId),
    drawn: drawn.get(applicationId) ?? [],
  }));
}

function resultOf(draw: DrawRecord, panels: DrawReviewersResult['assignments']): DrawReviewersResult {
  return { seed: draw.seed, drawId: draw.drawId, assignments: panels, loads: draw.loads };
}

/** Draws the panels of one stage; returns the seed and every panel after the draw. */
export async function drawReviewers(
  deps: Deps,
  actor: Actor,
  input: DrawReviewersInput,
): Promise<DrawReviewersResult> {
  requireRole(actor, 'staff');
  const round = await loadRound(deps, input.roundId);
  // An earlier draw of this stage left unfinished is completed first: it is already audited.
  const pending = await deps.store.getDraw(round.roundId, input.stage);
  if (pending?.status === 'writing') {
    const completed = await completeDraw(deps, actor, pending);
    if (input.seed === undefined || input.seed === pending.seed) {
      const drawn = new Map(completed.panels.map((p) => [p.applicationId, p.drawn]));
      return resultOf(completed, await panelsNow(deps, round, input.stage, [...drawn.keys()], drawn));
    }
  }

  const seed = input.seed ?? deps.ids.next('seed');
  let applications: ApplicationRecord[];
  if (input.applicationIds === undefined) {
    const stageAssignments = await deps.store.listAssignmentsForRound(round.roundId, input.stage);
    const active = (id: string) =>
      stageAssignments.filter((a) => a.applicationId === id && a.status === 'active').length;
    applications = (await stageApplications(deps, round, input.stage)).filter(
      (a) => active(a.applicationId) < input.panelSize,
    );
  } else {
    const ids = [...new Set(input.applicationIds)];
    const found = await mapInBatches(ids, (id) => deps.store.getApplication(id));
    applications = found.map((application, i) => {
      if (!application || application.roundId !== round.roundId) {
        const message = `申报 ${ids[i]} 不存在或不属于第${round.ordinal}届评选`;
        throw new DomainError('NOT_FOUND', message, [
          { path: `applicationIds[${i}]`, code: 'NOT_FOUND', message },
        ]);
      }
      return application;
    });
  }
  for (const application of applications) assertAssignableApplication(round, application, input.stage);

  const planned = await planDraw(
    deps,
    round,
    input.stage,
    applications.map((application) => ({ application, target: input.panelSize })),
    seed,
  );
  const panels = planned.outcome.panels.map((p) => ({
    applicationId: p.applicationId,
    reviewerIds: p.reviewerIds,
    drawn: p.drawn,
  }));
  if (panels.every((p) => p.drawn.length === 0)) {
    // Every panel is full already: nothing to write, nothing to audit.
    return { seed, assignments: panels, loads: planned.outcome.loads };
  }
  const draw = await writeDraw(deps, actor, round, input.stage, planned, deps.ids.next('draw'));
  return resultOf(draw, panels);
}

/**
 * Idempotency-Key retries: the draw an earlier run of this request planned (found by the draw id it
 * drew, in the `assignment.drawn` entry of the round's trail), completed if it was interrupted
 * between its batches, and answered as that run answered it — every panel asked for, full ones
 * with nothing drawn — rather than drawn again into panels that may have lost a member since.
 */
export async function earlierDraw(
  deps: Deps,
  actor: Actor,
  input: Pick<DrawReviewersInput, 'roundId' | 'stage'>,
): Promise<DrawReviewersResult | undefined> {
  const drawId = deps.ids.next('draw');
  const planned = (await deps.store.listAudit(input.roundId)).find(
    (e) => e.action === 'assignment.drawn' && (e.after as { drawId?: string } | undefined)?.drawId === drawId,
  );
  if (!planned) return undefined;
  const snapshot = planned.after as PoolSnapshot & { seed: string };
  let drawn: Map<string, string[]>;
  const record = await deps.store.getDraw(input.roundId, input.stage);
  if (record?.drawId === drawId) {
    const done = record.status === 'writing' ? await completeDraw(deps, actor, record) : record;
    drawn = new Map(done.panels.map((p) => [p.applicationId, p.drawn]));
  } else {
    // A later draw of the stage replaced the record; it completed this one first (drawReviewers).
    drawn = new Map();
    for (const a of await deps.store.listAssignmentsForRound(input.roundId, input.stage)) {
      if (a.drawId === drawId)
        drawn.set(a.applicationId, [...(drawn.get(a.applicationId) ?? []), a.reviewerId]);
    }
  }
  const count = new Map<string, number>();
  for (const ids of drawn.values()) for (const id of ids) count.set(id, (count.get(id) ?? 0) + 1);
  return {
    seed: snapshot.seed,
    drawId,
    assignments: snapshot.panels.map((p) => {
      const own = drawn.get(p.applicationId) ?? [];
      return { applicationId: p.applicationId, reviewerIds: [...p.members, ...own], drawn: own };
    }),
    // As the draw computed them: every eligible reviewer's load before, plus what it drew.
    loads: Object.fromEntries(
      snapshot.pool.map((id) => [id, (snapshot.loadsBefore[id] ?? 0) + (count.get(id) ?? 0)]),
    ),
  };
}
