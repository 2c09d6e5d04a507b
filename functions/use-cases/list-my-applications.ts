/** API.md: an applicant's own applications, across rounds, to track their status. */
import type { Deps } from '../ports/deps.ts';
import type { Actor } from '../ports/records.ts';
import { type ApplicationView, requireRole, viewOf } from './applications/context.ts';

/** Every application the caller created, newest first. */
export async function listMyApplications(deps: Deps, actor: Actor): Promise<{ items: ApplicationView[] }> {
  requireRole(actor, 'applicant');
  const applications = await deps.store.listApplicationsByOwner(actor.sub);
  const mine = applications
    .filter((a) => a.ownerSub === actor.sub)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.applicationId.localeCompare(a.applicationId));
  return { items: await Promise.all(mine.map((application) => viewOf(deps, actor, application))) };
}
