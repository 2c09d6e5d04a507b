/**
 * Art. 18 (2): an applicant files an application (organization or individual) while the call
 * accepts drafts. The draft is stored with its personal data protected and with the basic-condition
 * check already run, so the applicant sees every failed rule before trying to submit.
 */
import { displayNameOf } from '../domain/eligibility.ts';
import type { ApplicationBody } from '../domain/model.ts';
import { rubricFor } from '../domain/rubrics.ts';
import { assertSelfEvaluation } from '../domain/scoring.ts';
import type { Deps } from '../ports/deps.ts';
import type { Actor, ApplicationRecord } from '../ports/records.ts';
import {
  type ApplicationView,
  viewOf as applicationViewOf,
  assertDraftsAccepted,
  requireRole,
} from './applications/context.ts';
import { auditSnapshot, eligibilityFindings, protectApplicant, vettingOf } from './applications/vetting.ts';
import { auditEvent } from './audit.ts';
import { loadRound } from './rounds/support.ts';

/** Creates a draft application in round `roundId`; rule failures are kept in its `vetting`. */
export async function createApplication(
  deps: Deps,
  actor: Actor,
  input: { roundId: string; body: ApplicationBody },
): Promise<ApplicationView> {
  requireRole(actor, 'applicant');
  const round = await loadRound(deps, input.roundId);
  const now = deps.clock.now();
  assertDraftsAccepted(round, now);

  const { body } = input;
  assertSelfEvaluation(rubricFor(body.category, round.rubricVersion), body.selfEvaluation.items);
  const applicant = await protectApplicant(deps, body);
  const findings = await eligibilityFindings(deps, round, body, applicant.subjectKeys);
  const at = now.toISOString();
  const application: ApplicationRecord = {
    applicationId: deps.ids.next('app'),
    roundId: round.roundId,
    ownerSub: actor.sub,
    category: body.category,
    displayName: displayNameOf(body),
    status: 'draft',
    jurisdiction: body.jurisdiction.trim(),
    ...applicant,
    declarations: body.declarations,
    selfEvaluation: { items: body.selfEvaluation.items, summary: body.selfEvaluation.summary },
    vetting: vettingOf(findings, now),
    createdAt: at,
    updatedAt: at,
    version: 0,
  };

  await deps.store.commit({
    changes: [{ op: 'put', entity: { type: 'application', record: application } }],
    audit: [
      auditEvent({
        entityType: 'application',
        entityId: application.applicationId,
        verb: 'created',
        actor,
        at: now,
        after: auditSnapshot(application),
      }),
    ],
  });
  return { application: { ...application, version: 1 }, evidence: [], owner: true };
}

/**
 * Idempotency-Key retries (route.ts `recover`): what an earlier run of the same request created,
 * read back under the id that run drew from `deps.ids` (request-ids.ts derives them from the key),
 * so a retry after a crash between the commit and the stored response answers that record instead
 * of creating a second one. `undefined`: the earlier run committed nothing (or never ran).
 */
export async function earlierApplication(deps: Deps, actor: Actor): Promise<ApplicationView | undefined> {
  const application = await deps.store.getApplication(deps.ids.next('app'));
  if (!application || application.ownerSub !== actor.sub) return undefined;
  return applicationViewOf(deps, actor, application);
}
