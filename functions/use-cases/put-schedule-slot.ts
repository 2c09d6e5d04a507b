/**
 * Art. 18 (5)–(6): staff schedule an application's on-site review or defence session — when, where,
 * and the team leader. One reviewer cannot be in two places at once: a slot that overlaps another
 * slot of a reviewer on this panel (or its leader) is refused with 409 SCHEDULE_OVERLAP naming the
 * reviewer and the other application. Checked when a slot is set; staff assigning a reviewer later
 * see the schedule in the portal.
 */
import { DomainError } from '../domain/errors.ts';
import { assertSlotTimes, slotsOverlap } from '../domain/review-panels.ts';
import { REVIEW_STAGE_LABELS } from '../domain/scoring.ts';
import type { Deps } from '../ports/deps.ts';
import type { Actor, AssignmentRecord, ScheduleSlotRecord } from '../ports/records.ts';
import { beijingTime } from './applications/context.ts';
import { auditEvent } from './audit.ts';
import { committedByThisRequest } from './earlier-request.ts';
import { loadApplication } from './review/context.ts';
import { assertRole, loadRound } from './rounds/support.ts';

export interface PutScheduleSlotInput {
  roundId: string;
  applicationId: string;
  stage: 'onsite' | 'defense';
  startsAt: string;
  endsAt: string;
  venue: string;
  leaderId?: string;
}

/** Who sits in a slot: the panel's active reviewers of that stage, and the leader. */
export function peopleOf(slot: ScheduleSlotRecord, assignments: readonly AssignmentRecord[]): Set<string> {
  const people = new Set(
    assignments
      .filter(
        (a) => a.applicationId === slot.applicationId && a.stage === slot.stage && a.status === 'active',
      )
      .map((a) => a.reviewerId),
  );
  if (slot.leaderId !== undefined) people.add(slot.leaderId);
  return people;
}

/** Sets (replaces) the application's slot for the stage; returns it. */
export async function putScheduleSlot(
  deps: Deps,
  actor: Actor,
  input: PutScheduleSlotInput,
): Promise<ScheduleSlotRecord> {
  assertRole(actor, 'staff');
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  assertSlotTimes({ startsAt, endsAt });
  const round = await loadRound(deps, input.roundId);
  const application = await loadApplication(deps, input.applicationId);
  if (application.roundId !== round.roundId) throw new DomainError('NOT_FOUND', '申报不存在或不属于该届评选');
  if (input.leaderId !== undefined && !(await deps.store.getReviewer(input.leaderId))) {
    const message = `评审组长 ${input.leaderId} 不在评审专家库中`;
    throw new DomainError('NOT_FOUND', message, [{ path: 'leaderId', code: 'NOT_FOUND', message }]);
  }

  const [slots, assignments, reviewers] = await Promise.all([
    deps.store.listScheduleForRound(round.roundId),
    deps.store.listAssignmentsForRound(round.roundId),
    deps.store.listReviewers(),
  ]);
  const existing = slots.find(
    (s) => s.applicationId === application.applicationId && s.stage === input.stage,
  );
  const now = deps.clock.now();
  const slot: ScheduleSlotRecord = {
    roundId: round.roundId,
    applicationId: application.applicationId,
    displayName: application.displayName,
    stage: input.stage,
    startsAt: startsAt.toISOString(),
    endsAt: endsAt.toISOString(),
    venue: input.venue.trim(),
    ...(input.leaderId === undefined ? {} : { leaderId: input.leaderId }),
    updatedAt: now.toISOString(),
    updatedBy: actor.sub,
    version: existing?.version ?? 0,
  };
  const names = new Map(reviewers.map((r) => [r.reviewerId, r.name]));
  const people = peopleOf(slot, assignments);
  const clashes = slots
    .filter((other) => other !== existing && slotsOverlap(toTimes(other), { startsAt, endsAt }))
    .flatMap((other) =>
      [...peopleOf(other, assignments)].filter((id) => people.has(id)).map((id) => ({ id, other })),
    );
  if (clashes.length > 0) {
    const findings = clashes.map(({ id, other }) => ({
      path: 'startsAt',
      code: 'SCHEDULE_OVERLAP' as const,
      message:
        `评审专家${names.get(id) ?? id}在 ${beijingTime(other.startsAt)}至 ${beijingTime(other.endsAt)}` +
        `已安排“${other.displayName}”的${REVIEW_STAGE_LABELS[other.stage]}`,
    }));
    throw new DomainError(
      'SCHEDULE_OVERLAP',
      `日程冲突：${[...new Set(clashes.map((c) => names.get(c.id) ?? c.id))].join('、')}在该时段已有其他评审安排`,
      findings,
    );
  }
  await deps.store.commit({
    changes: [{ op: 'put', entity: { type: 'schedule-slot', record: slot } }],
    audit: [
      auditEvent({
        entityType: 'schedule',
        entityId: application.applicationId,
        verb: existing ? 'changed' : 'created',
        actor,
        at: now,
        roundId: round.roundId,
        ...(existing ? { before: existing } : {}),
        after: slot,
      }),
    ],
  });
  return { ...slot, version: slot.version + 1 };
}

const toTimes = (slot: ScheduleSlotRecord) => ({
  startsAt: new Date(slot.startsAt),
  endsAt: new Date(slot.endsAt),
});

/** Idempotency-Key retries: the slot an earlier run of this request set, as it is now (one audit entry). */
export async function earlierScheduleSlot(
  deps: Deps,
  input: Pick<PutScheduleSlotInput, 'applicationId' | 'stage'>,
): Promise<ScheduleSlotRecord | undefined> {
  if (!(await committedByThisRequest(deps, input.applicationId))) return undefined;
  const slots = await deps.store.listScheduleForApplication(input.applicationId);
  return slots.find((s) => s.stage === input.stage);
}
