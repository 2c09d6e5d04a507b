/**
 * The bulk effects of entering a stage, written so that a retried or duplicated task changes
 * nothing the second time: each record's change is planned from the record as read (a record
 * already changed plans nothing), units stay within the transaction limit, and a unit that meets a
 * newer version is re-read and re-planned rather than applied blindly.
 */
import { isDomainError } from '../../domain/errors.ts';
import type { ApplicationStatus, RoundStage } from '../../domain/model.ts';
import {
  type ApplicationActor,
  assertApplicationTransition,
  assertRoundTransition,
  type RoundTrigger,
} from '../../domain/stages.ts';
import type { Deps } from '../../ports/deps.ts';
import { type ApplicationRecord, type RoundRecord, SYSTEM_ACTOR } from '../../ports/records.ts';
import type { UnitOfWork } from '../../ports/store.ts';
import { auditEvent } from '../audit.ts';
import { historyEntry, listRoundApplications, loadRound, mapInBatches } from '../rounds/support.ts';

/**
 * DynamoDB's TransactWriteItems limit as the Store counts it: one item per change, one per audit
 * entry and one audit head per audited entity (functions/ports/store.ts `commit`).
 */
export const COMMIT_ITEM_LIMIT = 100;

/** Items `unit` takes in one transaction. */
export const unitSize = (unit: UnitOfWork): number =>
  unit.changes.length + unit.audit.length + new Set(unit.audit.map((e) => e.entityId)).size;

export const isVersionConflict = (error: unknown): boolean =>
  isDomainError(error) && error.code === 'VERSION_CONFLICT';

/** How many times a unit that met a newer version is re-read, re-planned and tried again. */
const CONFLICT_ATTEMPTS = 4;

export interface BatchPlan<T> {
  /** The change of one record, or null when it needs none (already done, or not concerned). */
  plan: (record: T) => UnitOfWork | null | Promise<UnitOfWork | null>;
  /** Reads the record again after a version conflict (null: it is gone). */
  reload: (record: T) => Promise<T | null>;
}

/**
 * Commits the planned changes of `records` in units of at most COMMIT_ITEM_LIMIT items; returns how
 * many records were changed. Plans are made a few records at a time, concurrently.
 */
export async function commitInBatches<T>(
  deps: Pick<Deps, 'store'>,
  records: readonly T[],
  { plan, reload }: BatchPlan<T>,
): Promise<number> {
  const planned = await mapInBatches(records, async (record) => ({ record, unit: await plan(record) }));
  let changed = 0;
  let batch: { record: T; unit: UnitOfWork }[] = [];
  let size = 0;
  for (const item of planned) {
    if (item.unit === null) continue;
    const itemSize = unitSize(item.unit);
    if (batch.length > 0 && size + itemSize > COMMIT_ITEM_LIMIT) {
      changed += await commitBatch(deps, batch, plan, reload);
      batch = [];
      size = 0;
    }
    batch.push({ record: item.record, unit: item.unit });
    size += itemSize;
  }
  if (batch.length > 0) changed += await commitBatch(deps, batch, plan, reload);
  return changed;
}

async function commitBatch<T>(
  deps: Pick<Deps, 'store'>,
  initial: { record: T; unit: UnitOfWork }[],
  plan: BatchPlan<T>['plan'],
  reload: BatchPlan<T>['reload'],
): Promise<number> {
  let batch = initial;
  for (let attempt = 1; ; attempt += 1) {
    try {
      await deps.store.commit({
        changes: batch.flatMap((b) => b.unit.changes),
        audit: batch.flatMap((b) => b.unit.audit),
      });
      return batch.length;
    } catch (error) {
      if (!isVersionConflict(error) || attempt >= CONFLICT_ATTEMPTS) throw error;
      // Someone else (a duplicate task, an API call) changed part of the batch: plan it again.
      const fresh: { record: T; unit: UnitOfWork }[] = [];
      for (const item of batch) {
        const record = await reload(item.record);
        const unit = record === null ? null : await plan(record);
        if (record !== null && unit !== null) fresh.push({ record, unit });
      }
      if (fresh.length === 0) return 0;
      batch = fresh;
    }
  }
}

/** The audit verb of each status the flow moves applications to (`application.{verb}`). */
const STATUS_VERBS: Partial<Record<ApplicationStatus, string>> = {
  accepted: 'accepted',
  struck: 'struck',
  'in-review': 'review-started',
  'not-selected': 'eliminated',
  candidate: 'shortlisted',
  proposed: 'proposed',
  'not-awarded': 'passed-over',
  awarded: 'awarded',
};

/**
 * One application's status change, checked against the transition table of Art. 18
 * (stages.ts); `patch` adds fields (e.g. the proposed tier). The audit names the automated actor.
 */
export function applicationStatusChange(
  application: ApplicationRecord,
  to: ApplicationStatus,
  context: { actor: ApplicationActor; stage: RoundStage; now: Date; patch?: Partial<ApplicationRecord> },
): UnitOfWork {
  assertApplicationTransition(application.status, to, context.actor, context.stage);
  const at = context.now.toISOString();
  const updated: ApplicationRecord = { ...application, ...context.patch, status: to, updatedAt: at };
  return {
    changes: [{ op: 'put', entity: { type: 'application', record: updated } }],
    audit: [
      auditEvent({
        entityType: 'application',
        entityId: application.applicationId,
        verb: STATUS_VERBS[to] ?? 'status-changed',
        actor: SYSTEM_ACTOR,
        at: context.now,
        roundId: application.roundId,
        before: { status: application.status },
        after: { status: to, ...(updated.tier && to === 'proposed' ? { tier: updated.tier } : {}) },
      }),
    ],
  };
}

export interface MoveApplications {
  from: ApplicationStatus;
  /** The new status of an application, or null to leave it (e.g. selected for on-site review). */
  to: (application: ApplicationRecord) => ApplicationStatus | null;
  actor: ApplicationActor;
  /** The round stage the change belongs to (the stage the round is in, or enters). */
  stage: RoundStage;
  now: Date;
  patch?: (application: ApplicationRecord, to: ApplicationStatus) => Partial<ApplicationRecord>;
}

/**
 * Moves every application of the round in status `from` (all pages) as `to` says, in batches;
 * returns how many moved. Re-running it moves only what is still in `from`.
 */
export async function moveApplications(deps: Deps, roundId: string, move: MoveApplications): Promise<number> {
  const applications = await listRoundApplications(deps, roundId, move.from);
  return commitInBatches(deps, applications, {
    plan: (application) => {
      if (application.status !== move.from) return null;
      const to = move.to(application);
      if (to === null) return null;
      return applicationStatusChange(application, to, {
        actor: move.actor,
        stage: move.stage,
        now: move.now,
        ...(move.patch ? { patch: move.patch(application, to) } : {}),
      });
    },
    reload: (application) => deps.store.getApplication(application.applicationId),
  });
}

/**
 * The round moved to `to` by the flow (`trigger` per the table of stages.ts), with its history entry
 * and the `round.advanced` audit event.
 */
export function roundStageChange(
  round: RoundRecord,
  to: RoundStage,
  trigger: RoundTrigger,
  now: Date,
  patch: Partial<RoundRecord> = {},
): UnitOfWork {
  assertRoundTransition(round.stage, to, trigger);
  const updated: RoundRecord = {
    ...round,
    ...patch,
    stage: to,
    stageHistory: [...round.stageHistory, historyEntry(to, now, SYSTEM_ACTOR)],
  };
  return {
    changes: [{ op: 'put', entity: { type: 'round', record: updated } }],
    audit: [
      auditEvent({
        entityType: 'round',
        entityId: round.roundId,
        verb: 'advanced',
        actor: SYSTEM_ACTOR,
        at: now,
        before: { stage: round.stage },
        after: { stage: to },
      }),
    ],
  };
}

/**
 * Commits a change of the round built from its freshest version (`build` returns null when there is
 * nothing left to do, e.g. a duplicate task already moved the stage); re-reads after a version
 * conflict. Returns whether a unit was committed.
 */
export async function commitRoundChange(
  deps: Deps,
  roundId: string,
  build: (round: RoundRecord) => UnitOfWork | null | Promise<UnitOfWork | null>,
): Promise<boolean> {
  for (let attempt = 1; ; attempt += 1) {
    const unit = await build(await loadRound(deps, roundId));
    if (unit === null) return false;
    try {
      await deps.store.commit(unit);
      return true;
    } catch (error) {
      if (!isVersionConflict(error) || attempt >= CONFLICT_ATTEMPTS) throw error;
    }
  }
}
