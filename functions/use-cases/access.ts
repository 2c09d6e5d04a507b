/**
 * Object-level authorization (DESIGN.md §5): who may see or act on what. A caller who may not see
 * a thing gets NOT_FOUND, never FORBIDDEN, so ids cannot be probed.
 */
import { DomainError } from '../domain/errors.ts';
import type { Role } from '../domain/model.ts';
import type { Actor, ApplicationRecord, AssignmentRecord } from '../ports/records.ts';

export type { Role };

export const hasRole = (actor: Actor, ...roles: Role[]): boolean =>
  roles.some((r) => actor.roles.includes(r));

export const isOwner = (actor: Actor, application: ApplicationRecord): boolean =>
  actor.sub === application.ownerSub && hasRole(actor, 'applicant');

export const isRecommenderOf = (actor: Actor, application: ApplicationRecord): boolean =>
  hasRole(actor, 'recommender') && !!actor.jurisdiction && actor.jurisdiction === application.jurisdiction;

export const isAssignedReviewer = (actor: Actor, assignments: readonly AssignmentRecord[]): boolean =>
  hasRole(actor, 'reviewer') && assignments.some((a) => a.reviewerId === actor.sub && a.status === 'active');

/**
 * PIPL Art. 29: the applicant consents to the processing of the personal data in an application
 * when submitting it, so a draft — and a draft withdrawn before it was ever submitted — is its
 * owner's alone: nobody else may read it, list it or act on it (API.md "Calls and the applicant's
 * draft").
 */
export const isPrivateDraft = (application: Pick<ApplicationRecord, 'status' | 'submittedAt'>): boolean =>
  application.status === 'draft' || (application.status === 'withdrawn' && !application.submittedAt);

/** Owner; once submitted also staff, leader, supervisor, its recommender, assigned reviewers (API.md). */
export function canReadApplication(
  actor: Actor,
  application: ApplicationRecord,
  assignments: readonly AssignmentRecord[],
): boolean {
  if (isOwner(actor, application)) return true;
  if (isPrivateDraft(application)) return false;
  return (
    hasRole(actor, 'staff', 'leader', 'supervisor') ||
    isRecommenderOf(actor, application) ||
    isAssignedReviewer(actor, assignments)
  );
}

export const notFound = (what = '申报'): DomainError =>
  new DomainError('NOT_FOUND', `${what}不存在或无权查看`);

/** Loads what decides visibility and throws NOT_FOUND when the caller may not see it. */
export function assertVisible<T>(
  value: T | null | undefined,
  visible: (value: T) => boolean,
  what?: string,
): T {
  if (value === null || value === undefined || !visible(value)) throw notFound(what);
  return value;
}
