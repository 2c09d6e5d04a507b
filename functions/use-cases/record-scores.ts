/**
 * Art. 17, 18 (4)–(6): an assigned reviewer scores an application item by item against the
 * round's rubric for its category, while that review stage is open. The reviewer may overwrite
 * their own sheet until the stage closes (optimistic version).
 */
import { DomainError } from '../domain/errors.ts';
import type { ReviewStage } from '../domain/model.ts';
import { rubricFor } from '../domain/rubrics.ts';
import { assertScoreItems, REVIEW_STAGE_LABELS, totalOf } from '../domain/scoring.ts';
import { APPLICATION_STATUS_LABELS } from '../domain/stages.ts';
import type { Deps } from '../ports/deps.ts';
import type { Actor, ScoreRecord } from '../ports/records.ts';
import { requireRole } from './applications/context.ts';
import { auditEvent } from './audit.ts';
import { activeAssignmentsOf, assertReviewStageOpen, loadApplication } from './review/context.ts';
import { loadRound } from './rounds/support.ts';

export interface RecordScoresInput {
  applicationId: string;
  stage: ReviewStage;
  items: Record<string, number>;
  comment?: string;
  /** The version of the sheet the reviewer edited (optional): a stale one is VERSION_CONFLICT. */
  version?: number;
}

/** Stores the actor's score sheet for one stage; returns it. */
export async function recordScores(deps: Deps, actor: Actor, input: RecordScoresInput): Promise<ScoreRecord> {
  requireRole(actor, 'reviewer');
  // Checked first and answered the same for an unknown application, so ids cannot be probed.
  const assignments = await deps.store.listAssignmentsForApplication(input.applicationId);
  if (activeAssignmentsOf(assignments, actor.sub, input.stage).length === 0) {
    throw new DomainError(
      'NOT_ASSIGNED',
      `您未被分配（或已不再被分配）${REVIEW_STAGE_LABELS[input.stage]}该申报，不能评分`,
    );
  }
  // Art. 29: a disqualified reviewer keeps no assignment in substance.
  const profile = await deps.store.getReviewer(actor.sub);
  if (profile?.disqualified) {
    throw new DomainError('NOT_ASSIGNED', '您已被取消评审资格（第二十九条），不能评分');
  }
  const application = await loadApplication(deps, input.applicationId);
  const round = await loadRound(deps, application.roundId);
  assertReviewStageOpen(round, input.stage);
  if (application.status !== 'in-review') {
    throw new DomainError(
      'STAGE_CLOSED',
      `申报“${application.displayName}”的状态为“${APPLICATION_STATUS_LABELS[application.status]}”，不在评审中，不能评分`,
    );
  }
  // Art. 17: the rubric version is fixed per round.
  const rubric = rubricFor(application.category, round.rubricVersion);
  assertScoreItems(rubric, input.items);

  const existing = (await deps.store.listScoresForApplication(application.applicationId, input.stage)).find(
    (s) => s.reviewerId === actor.sub,
  );
  const storedVersion = existing?.version ?? 0;
  if (input.version !== undefined && input.version !== storedVersion) {
    throw new DomainError('VERSION_CONFLICT', '评分表已被修改，请刷新后重试');
  }
  const now = deps.clock.now();
  const comment = input.comment?.trim();
  const score: ScoreRecord = {
    roundId: round.roundId,
    applicationId: application.applicationId,
    stage: input.stage,
    reviewerId: actor.sub,
    items: { ...input.items },
    total: totalOf(input.items),
    ...(comment ? { comment } : {}),
    rubricVersion: rubric.version,
    updatedAt: now.toISOString(),
    version: storedVersion,
  };
  await deps.store.commit({
    changes: [{ op: 'put', entity: { type: 'score', record: score } }],
    audit: [
      auditEvent({
        entityType: 'score',
        entityId: application.applicationId,
        verb: 'recorded',
        actor,
        at: now,
        roundId: application.roundId,
        ...(existing ? { before: existing } : {}),
        after: score,
      }),
    ],
  });
  return { ...score, version: score.version + 1 };
}
