/**
 * Art. 5, 18 (3): the county/district government, development-zone committee or competent
 * department of the applicant's jurisdiction reviews a submitted application first and records its
 * recommendation opinion, once. Other jurisdictions cannot even see the application.
 */
import { DomainError } from '../domain/errors.ts';
import { assertApplicationTransition } from '../domain/stages.ts';
import type { Deps } from '../ports/deps.ts';
import type { Actor, ApplicationRecord } from '../ports/records.ts';
import { isPrivateDraft, isRecommenderOf, notFound } from './access.ts';
import { type ApplicationView, requireRole, viewOf } from './applications/context.ts';
import { auditSnapshot } from './applications/vetting.ts';
import { auditEvent } from './audit.ts';
import { applicantNotice } from './notifications/notify.ts';
import { loadRound } from './rounds/support.ts';

export const OPINION_MAX_LENGTH = 2000;

/** Records `recommend` (→ recommended) or `decline` (→ not-recommended) with the opinion. */
export async function recordRecommendation(
  deps: Deps,
  actor: Actor,
  input: { applicationId: string; decision: 'recommend' | 'decline'; opinion: string },
): Promise<ApplicationView> {
  requireRole(actor, 'recommender');
  const application = await deps.store.getApplication(input.applicationId);
  if (!application || isPrivateDraft(application) || !isRecommenderOf(actor, application)) throw notFound();
  const opinion = input.opinion.trim();
  if (opinion.length === 0 || opinion.length > OPINION_MAX_LENGTH) {
    const message = `推荐意见不能为空，且不超过${OPINION_MAX_LENGTH}字`;
    throw new DomainError('VALIDATION_FAILED', message, [
      { path: 'opinion', code: 'VALIDATION_FAILED', message },
    ]);
  }
  const round = await loadRound(deps, application.roundId);
  const to = input.decision === 'recommend' ? 'recommended' : 'not-recommended';
  assertApplicationTransition(application.status, to, 'recommender', round.stage);

  const now = deps.clock.now();
  const at = now.toISOString();
  const decided: ApplicationRecord = {
    ...application,
    status: to,
    recommendation: { decision: input.decision, opinion, by: actor.sub, at },
    updatedAt: at,
  };
  await deps.store.commit({
    changes: [
      { op: 'put', entity: { type: 'application', record: decided } },
      ...applicantNotice(deps, `application.${to}`, round, decided, now, { opinion }),
    ],
    audit: [
      auditEvent({
        entityType: 'application',
        entityId: application.applicationId,
        verb: input.decision === 'recommend' ? 'recommended' : 'declined',
        actor,
        at: now,
        before: auditSnapshot(application),
        after: auditSnapshot(decided),
      }),
    ],
  });
  return viewOf(deps, actor, { ...decided, version: application.version + 1 });
}
