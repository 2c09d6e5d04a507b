/**
 * Art. 18 (2): the applicant prepares the application over days and fixes it as the rules point out
 * problems. A draft is replaced whole by the create body, its vetting recomputed, its evidence kept;
 * the caller names the version it edited (optimistic locking, `If-Match`), so that two tabs or two
 * colleagues never silently overwrite each other.
 */
import { displayNameOf } from '../domain/eligibility.ts';
import { DomainError } from '../domain/errors.ts';
import type { ApplicationBody } from '../domain/model.ts';
import { rubricFor } from '../domain/rubrics.ts';
import { assertSelfEvaluation } from '../domain/scoring.ts';
import { assertDraftEditable } from '../domain/stages.ts';
import type { Deps } from '../ports/deps.ts';
import type { Actor, ApplicationRecord } from '../ports/records.ts';
import {
  type ApplicationView,
  assertDraftsAccepted,
  loadOwnApplication,
  requireRole,
  viewOf,
} from './applications/context.ts';
import {
  auditSnapshot,
  bodyOf,
  eligibilityFindings,
  protectApplicant,
  vettingOf,
} from './applications/vetting.ts';
import { auditEvent } from './audit.ts';
import { loadRound } from './rounds/support.ts';

/**
 * The leaf paths whose values differ between two bodies (`organization.contact.phone`,
 * `members[1].idNumber`): what the audit trail records of an edit, names only, never values, so that
 * no personal data reaches it (DESIGN.md §6).
 */
export function changedPaths(before: unknown, after: unknown, path = ''): string[] {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
  if (Array.isArray(before) || Array.isArray(after)) {
    const a = Array.isArray(before) ? before : [];
    const b = Array.isArray(after) ? after : [];
    return Array.from({ length: Math.max(a.length, b.length) }, (_, i) =>
      changedPaths(a[i], b[i], `${path}[${i}]`),
    ).flat();
  }
  if (isObject(before) || isObject(after)) {
    const a = isObject(before) ? before : {};
    const b = isObject(after) ? after : {};
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((key) => changedPaths(a[key], b[key], path ? `${path}.${key}` : key));
  }
  return before === after ? [] : [path];
}

/** Replaces the caller's draft with `body`; STAGE_CLOSED unless a draft in an open call, VERSION_CONFLICT when stale. */
export async function updateApplication(
  deps: Deps,
  actor: Actor,
  input: { applicationId: string; expectedVersion: number; body: ApplicationBody },
): Promise<ApplicationView> {
  requireRole(actor, 'applicant');
  const application = await loadOwnApplication(deps, actor, input.applicationId);
  const round = await loadRound(deps, application.roundId);
  assertDraftEditable(application.status, round.stage);
  if (application.version !== input.expectedVersion) {
    throw new DomainError(
      'VERSION_CONFLICT',
      `申报已被修改（当前版本 ${application.version}，提交的修改基于版本 ${input.expectedVersion}），请重新打开后再修改`,
    );
  }
  const now = deps.clock.now();
  assertDraftsAccepted(round, now);

  const { body } = input;
  assertSelfEvaluation(rubricFor(body.category, round.rubricVersion), body.selfEvaluation.items);
  const applicant = await protectApplicant(deps, body);
  const findings = await eligibilityFindings(deps, round, body, applicant.subjectKeys);
  const { organization: _organization, members: _members, ...kept } = application;
  const updated: ApplicationRecord = {
    ...kept,
    category: body.category,
    displayName: displayNameOf(body),
    jurisdiction: body.jurisdiction.trim(),
    ...applicant,
    declarations: body.declarations,
    selfEvaluation: { items: body.selfEvaluation.items, summary: body.selfEvaluation.summary },
    vetting: vettingOf(findings, now),
    updatedAt: now.toISOString(),
  };
  const changed = changedPaths(await bodyOf(deps, application), await bodyOf(deps, updated));

  // Conditional on the version read: an edit, an evidence upload or a submission committed since
  // then makes this one fail with VERSION_CONFLICT instead of being overwritten.
  await deps.store.commit({
    changes: [{ op: 'put', entity: { type: 'application', record: updated } }],
    audit: [
      auditEvent({
        entityType: 'application',
        entityId: application.applicationId,
        verb: 'updated',
        actor,
        at: now,
        roundId: application.roundId,
        before: auditSnapshot(application),
        after: { ...auditSnapshot(updated), changed },
      }),
    ],
  });
  return viewOf(deps, actor, { ...updated, version: application.version + 1 });
}
