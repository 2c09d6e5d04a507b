/**
 * DESIGN.md "Deadlines are reminders, not gates": from the scheduled sweep, each deadline of a
 * round's review settings sends `deadline.approaching` at 09:00 Beijing time on the working day
 * `reminderWorkingDays` working days before its date, and `deadline.passed` at the first sweep
 * after it — to whoever still owes that work and to staff, each exactly once: a reminder record
 * (written with the last of its notices) says it went out, and the notices' ids derive from it, so
 * a duplicated or overlapping sweep writes nothing twice.
 */
import type { WorkingCalendar } from '../../domain/calendar.ts';
import { isDomainError } from '../../domain/errors.ts';
import type { DeadlineKind } from '../../domain/model.ts';
import { jurisdictionAudience, reminderDueAt } from '../../domain/notifications.ts';
import type { Deps } from '../../ports/deps.ts';
import type { ReminderRecord, RoundRecord } from '../../ports/records.ts';
import { loadWorkingCalendar } from '../load-working-calendar.ts';
import { listRoundApplications } from '../rounds/support.ts';
import { commitSeededNotices } from './bulk-notices.ts';
import { type Recipient, reviewerRecipient, roundFacts, staffRecipient } from './notify.ts';

/** API.md: `reminderWorkingDays` defaults to 2. */
export const DEFAULT_REMINDER_WORKING_DAYS = 2;

export interface DeadlineRemindersResult {
  /** `{roundId}:{deadline}:{phase}` of each reminder sent by this run. */
  sent: string[];
  /** The earliest instant a reminder still falls due (the local clock stops there on a jump). */
  nextDueAt?: string;
}

type Phase = ReminderRecord['phase'];

/** Whoever still owes the work a deadline is about (staff are told of every deadline anyway). */
async function owersOf(deps: Deps, round: RoundRecord, deadline: DeadlineKind): Promise<Recipient[]> {
  if (deadline === 'qualification') return [];
  if (deadline === 'recommendation') {
    const waiting = await listRoundApplications(deps, round.roundId, 'submitted');
    return [...new Set(waiting.map((a) => a.jurisdiction))]
      .sort()
      .map((j) => ({ audience: jurisdictionAudience(j) }));
  }
  const [assignments, scores] = await Promise.all([
    deps.store.listAssignmentsForRound(round.roundId, deadline),
    deps.store.listScoresForRound(round.roundId, deadline),
  ]);
  const scored = new Set(scores.map((s) => `${s.applicationId}#${s.reviewerId}`));
  const owing = [
    ...new Set(
      assignments
        .filter((a) => a.status === 'active' && !scored.has(`${a.applicationId}#${a.reviewerId}`))
        .map((a) => a.reviewerId),
    ),
  ].sort();
  return Promise.all(owing.map(async (id) => reviewerRecipient(id, await deps.store.getReviewer(id))));
}

/** Sends every reminder due at `now`; a round whose calendar year is missing skips only its `approaching`. */
export async function sendDeadlineReminders(deps: Deps, now: Date): Promise<DeadlineRemindersResult> {
  const sent: string[] = [];
  let nextDueAt: number | undefined;
  const later = (instant: Date) => {
    if (instant > now && (nextDueAt === undefined || instant.getTime() < nextDueAt))
      nextDueAt = instant.getTime();
  };
  let calendar: WorkingCalendar | undefined;
  for (const round of await deps.store.listActiveRounds()) {
    const settings = round.reviewSettings;
    if (!settings) continue;
    const done = new Set(
      (await deps.store.listRemindersForRound(round.roundId)).map(
        (r) => `${r.deadline}#${r.phase}#${r.deadlineAt}`,
      ),
    );
    for (const [kind, value] of Object.entries(settings.deadlines ?? {}) as [DeadlineKind, Date | string][]) {
      // Stored records hold instants as ISO strings (`Stored<…>`); a Date passes through as well.
      const deadline = new Date(value);
      if (Number.isNaN(deadline.getTime())) continue;
      const deadlineAt = deadline.toISOString();
      const due: Phase[] = [];
      if (!done.has(`${kind}#passed#${deadlineAt}`)) {
        if (now >= deadline) due.push('passed');
        else later(deadline);
      }
      if (now < deadline && !done.has(`${kind}#approaching#${deadlineAt}`)) {
        try {
          calendar ??= await loadWorkingCalendar(deps);
          const remindAt = reminderDueAt(
            calendar,
            deadline,
            settings.reminderWorkingDays ?? DEFAULT_REMINDER_WORKING_DAYS,
          );
          if (now >= remindAt) due.push('approaching');
          else later(remindAt);
        } catch (error) {
          // CALENDAR_NOT_AVAILABLE: no working day can be counted; `passed` still goes out.
          if (!isDomainError(error)) throw error;
        }
      }
      for (const phase of due) {
        await sendReminder(deps, round, kind, deadline, phase, now);
        sent.push(`${round.roundId}:${kind}:${phase}`);
      }
    }
  }
  return { sent, ...(nextDueAt === undefined ? {} : { nextDueAt: new Date(nextDueAt).toISOString() }) };
}

async function sendReminder(
  deps: Deps,
  round: RoundRecord,
  deadline: DeadlineKind,
  at: Date,
  phase: Phase,
  now: Date,
): Promise<void> {
  const deadlineAt = at.toISOString();
  const recipients = [...(await owersOf(deps, round, deadline)), staffRecipient(deps)];
  const marker: ReminderRecord = {
    roundId: round.roundId,
    deadline,
    phase,
    deadlineAt,
    at: now.toISOString(),
    version: 0,
  };
  await commitSeededNotices(
    deps,
    recipients.map((recipient) => ({
      seed: `deadline|${round.roundId}|${deadline}|${phase}|${deadlineAt}|${recipient.audience ?? ''}`,
      notice: {
        kind: phase === 'approaching' ? 'deadline.approaching' : 'deadline.passed',
        entityId: round.roundId,
        roundId: round.roundId,
        facts: { ...roundFacts(round), deadline: { kind: deadline, at } },
        at: now,
      },
      recipients: [recipient],
    })),
    [{ op: 'put', entity: { type: 'reminder', record: marker } }],
  );
}
