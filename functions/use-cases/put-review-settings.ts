/**
 * DESIGN.md "Review load", "Deadlines are reminders, not gates": staff set a round's load limits
 * (applications per reviewer per stage) and business deadlines. A PUT replaces the whole object;
 * the settings live on the round record, where the reminder sweep reads them. Deadlines never
 * block a stage move (Art. 18 sets none); a limit lower than a load already reached stops only
 * further assignments.
 */
import { DomainError, type Finding } from '../domain/errors.ts';
import { DEADLINE_KINDS, type DeadlineKind, REVIEW_STAGES, type ReviewStage } from '../domain/model.ts';
import type { Deps } from '../ports/deps.ts';
import type { Actor, RoundRecord, StoredReviewSettings } from '../ports/records.ts';
import { auditEvent } from './audit.ts';
import { assertRole, loadRound, type RoundView, viewOf } from './rounds/support.ts';

/** API.md: `reminderWorkingDays` defaults to 2. */
export const DEFAULT_REMINDER_WORKING_DAYS = 2;

export interface PutReviewSettingsInput {
  roundId: string;
  loadLimits?: Partial<Record<ReviewStage, number>>;
  deadlines?: Partial<Record<DeadlineKind, string>>;
  reminderWorkingDays?: number;
}

/** Replaces the round's review settings; returns the round. */
export async function putReviewSettings(
  deps: Deps,
  actor: Actor,
  input: PutReviewSettingsInput,
): Promise<RoundView> {
  assertRole(actor, 'staff');
  const findings: Finding[] = [];
  for (const stage of REVIEW_STAGES) {
    const limit = input.loadLimits?.[stage];
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
      findings.push({
        path: `loadLimits.${stage}`,
        code: 'VALIDATION_FAILED',
        message: '工作量上限须为正整数',
      });
    }
  }
  if (findings.length > 0) throw new DomainError('VALIDATION_FAILED', '评审设置不符合要求', findings);

  const round = await loadRound(deps, input.roundId);
  const deadlines: Partial<Record<DeadlineKind, string>> = {};
  for (const kind of DEADLINE_KINDS) {
    const value = input.deadlines?.[kind];
    if (value !== undefined) deadlines[kind] = new Date(value).toISOString();
  }
  const loadLimits: Partial<Record<ReviewStage, number>> = {};
  for (const stage of REVIEW_STAGES) {
    const limit = input.loadLimits?.[stage];
    if (limit !== undefined) loadLimits[stage] = limit;
  }
  const reviewSettings: StoredReviewSettings = {
    loadLimits,
    deadlines,
    reminderWorkingDays: input.reminderWorkingDays ?? DEFAULT_REMINDER_WORKING_DAYS,
  };
  const now = deps.clock.now();
  const updated: RoundRecord = { ...round, reviewSettings };
  await deps.store.commit({
    changes: [{ op: 'put', entity: { type: 'round', record: updated } }],
    audit: [
      auditEvent({
        entityType: 'round',
        entityId: round.roundId,
        verb: 'review-settings-replaced',
        actor,
        at: now,
        ...(round.reviewSettings ? { before: { reviewSettings: round.reviewSettings } } : {}),
        after: { reviewSettings },
      }),
    ],
  });
  return viewOf(deps, { ...updated, version: updated.version + 1 });
}
