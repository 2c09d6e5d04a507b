/**
 * Art. 28 (回避): a reviewer who finds a conflict of interest with an assigned application declares
 * it. All their active assignments on that application are withdrawn and the scores they already
 * gave it are withdrawn with them, so a conflicted judgement never counts; the declaration is
 * stored and can never be dismissed (DESIGN.md §2).
 */
import { DomainError } from '../domain/errors.ts';
import type { Deps } from '../ports/deps.ts';
import type { Actor, AssignmentRecord, AuditEvent, ConflictRecord } from '../ports/records.ts';
import type { Change } from '../ports/store.ts';
import { notFound } from './access.ts';
import { requireRole } from './applications/context.ts';
import { auditEvent } from './audit.ts';
import { activeAssignmentsOf } from './review/context.ts';

export interface DeclaredConflict {
  conflict: ConflictRecord;
  withdrawn: AssignmentRecord[];
}

/** Declares the actor's conflict with the application; NOT_FOUND unless they are assigned to it. */
export async function declareConflict(
  deps: Deps,
  actor: Actor,
  input: { applicationId: string; reason: string },
): Promise<DeclaredConflict> {
  requireRole(actor, 'reviewer');
  const assignments = await deps.store.listAssignmentsForApplication(input.applicationId);
  const active = activeAssignmentsOf(assignments, actor.sub);
  // Only an assigned reviewer can see the application at all (API.md: 404 otherwise).
  if (active.length === 0) throw notFound();
  const reason = input.reason.trim();
  if (reason === '') {
    const message = '申报回避须填写理由';
    throw new DomainError('VALIDATION_FAILED', message, [
      { path: 'reason', code: 'VALIDATION_FAILED', message },
    ]);
  }

  const now = deps.clock.now();
  const at = now.toISOString();
  const stored = await deps.store.listConflictsForApplication(input.applicationId);
  const existing = stored.find((c) => c.reviewerId === actor.sub && c.kind === 'declared');
  const conflict: ConflictRecord = {
    roundId: active[0]!.roundId,
    applicationId: input.applicationId,
    reviewerId: actor.sub,
    kind: 'declared',
    reason,
    at,
    by: actor.sub,
    version: existing?.version ?? 0,
  };
  const withdrawn = active.map(
    (a): AssignmentRecord => ({
      ...a,
      status: 'withdrawn',
      withdrawnAt: at,
      withdrawReason: `本人申报回避：${reason}`,
    }),
  );
  const stages = new Set(active.map((a) => a.stage));
  const scores = (await deps.store.listScoresForApplication(input.applicationId)).filter(
    (s) => s.reviewerId === actor.sub && stages.has(s.stage),
  );

  const event = (
    entityType: string,
    verb: string,
    extra: { before?: unknown; after?: unknown },
  ): AuditEvent =>
    auditEvent({
      entityType,
      entityId: input.applicationId,
      verb,
      actor,
      at: now,
      roundId: active[0]?.roundId,
      ...extra,
    });
  const changes: Change[] = [
    { op: 'put', entity: { type: 'conflict', record: conflict } },
    ...withdrawn.map((record): Change => ({ op: 'put', entity: { type: 'assignment', record } })),
    ...scores.map((record): Change => ({ op: 'delete', entity: { type: 'score', record } })),
  ];
  const audit: AuditEvent[] = [
    event('conflict', 'declared', { after: conflict }),
    ...active.map((a, i) => event('assignment', 'withdrawn', { before: a, after: withdrawn[i] })),
    ...scores.map((s) => event('score', 'withdrawn', { before: s })),
  ];
  await deps.store.commit({ changes, audit });
  return {
    conflict: { ...conflict, version: conflict.version + 1 },
    withdrawn: withdrawn.map((a) => ({ ...a, version: a.version + 1 })),
  };
}
