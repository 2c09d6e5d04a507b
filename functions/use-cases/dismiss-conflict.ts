/**
 * DESIGN.md §2 "回避": staff may dismiss an automatic employer match as a false positive, with a
 * recorded reason; never a reviewer's own declaration, never a disqualification (Art. 29). An
 * extension of API.md: `POST /v1/applications/{id}/conflicts/dismissals`.
 */
import { beijingDate } from '../domain/calendar.ts';
import { dismissConflict as dismissDomainConflict, findConflicts } from '../domain/conflicts.ts';
import { DomainError, isDomainError } from '../domain/errors.ts';
import type { Deps } from '../ports/deps.ts';
import type { Actor, ConflictRecord } from '../ports/records.ts';
import { requireRole, rulebookOf } from './applications/context.ts';
import { auditEvent } from './audit.ts';
import { conflictApplicantOf, loadConflicts, loadReviewers } from './review/conflicts.ts';
import { loadApplication } from './review/context.ts';
import { loadRound } from './rounds/support.ts';

/** Records staff's dismissal of the automatic conflicts between a reviewer and an application. */
export async function dismissConflict(
  deps: Deps,
  actor: Actor,
  input: { applicationId: string; reviewerId: string; reason: string },
): Promise<ConflictRecord> {
  requireRole(actor, 'staff');
  const application = await loadApplication(deps, input.applicationId);
  const round = await loadRound(deps, application.roundId);
  const {
    reviewers: [reviewer],
  } = await loadReviewers(deps, round, [input.reviewerId], () => 'reviewerId');
  const stored = await loadConflicts(deps, application.applicationId);
  const now = deps.clock.now();
  // Every conflict before any dismissal: a declaration or disqualification blocks the request.
  const conflicts = findConflicts(
    reviewer!,
    conflictApplicantOf(application),
    stored.declarations,
    [],
    beijingDate(now),
    rulebookOf(round),
  );
  if (conflicts.length === 0) {
    const message = `评审专家${reviewer!.name}与申报“${application.displayName}”没有需要撤销的自动回避情形`;
    throw new DomainError('STAGE_PRECONDITION_FAILED', message, [
      { path: 'reviewerId', code: 'STAGE_PRECONDITION_FAILED', message },
    ]);
  }
  const reason = input.reason.trim();
  for (const conflict of conflicts) {
    try {
      dismissDomainConflict(conflict, reason);
    } catch (error) {
      // A declared conflict or a disqualification is a state that cannot be undone: 409, not 400.
      if (isDomainError(error) && error.findings.some((f) => f.path === 'conflict')) {
        throw new DomainError(
          'ILLEGAL_TRANSITION',
          error.message,
          error.findings.map((f) => ({ ...f, path: 'reviewerId', code: 'ILLEGAL_TRANSITION' as const })),
        );
      }
      throw error;
    }
  }

  const existing = stored.records.find(
    (r) => r.reviewerId === reviewer!.reviewerId && r.kind === 'dismissed',
  );
  const record: ConflictRecord = {
    roundId: application.roundId,
    applicationId: application.applicationId,
    reviewerId: reviewer!.reviewerId,
    kind: 'dismissed',
    reason,
    at: now.toISOString(),
    by: actor.sub,
    version: existing?.version ?? 0,
  };
  await deps.store.commit({
    changes: [{ op: 'put', entity: { type: 'conflict', record } }],
    audit: [
      auditEvent({
        entityType: 'conflict',
        entityId: application.applicationId,
        verb: 'dismissed',
        actor,
        at: now,
        roundId: application.roundId,
        before: {
          conflicts: conflicts.map((c) => ({ reviewerId: c.reviewerId, kind: c.kind, detail: c.detail })),
        },
        after: record,
      }),
    ],
  });
  return { ...record, version: record.version + 1 };
}
