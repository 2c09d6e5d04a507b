/** Art. 14: the office's pool of reviewers, for building panels in the portal. */
import type { Deps } from '../ports/deps.ts';
import type { Actor, ReviewerRecord } from '../ports/records.ts';
import { requireRole } from './applications/context.ts';

/** Every reviewer profile, sorted by name then id. */
export async function listReviewers(deps: Deps, actor: Actor): Promise<ReviewerRecord[]> {
  requireRole(actor, 'staff');
  const reviewers = await deps.store.listReviewers();
  return [...reviewers].sort(
    (a, b) => a.name.localeCompare(b.name, 'zh-Hans-CN') || a.reviewerId.localeCompare(b.reviewerId),
  );
}
