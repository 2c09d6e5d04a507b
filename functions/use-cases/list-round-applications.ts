/**
 * API.md: the applications of a round for the office, the Leading Group and supervisors; a
 * recommender sees only those of its own jurisdiction (Art. 5, 18 (3)), never another's.
 */
import type { ApplicationStatus } from '../domain/model.ts';
import type { Deps } from '../ports/deps.ts';
import type { Actor, ApplicationRecord } from '../ports/records.ts';
import { hasRole, isPrivateDraft } from './access.ts';
import { type ApplicationView, listedViewOf, requireRole } from './applications/context.ts';
import { loadRound } from './rounds/support.ts';

/** One page of a round's applications visible to `actor`, optionally of one status. */
export async function listRoundApplications(
  deps: Deps,
  actor: Actor,
  input: { roundId: string; status?: ApplicationStatus; limit?: number; nextToken?: string },
): Promise<{ items: ApplicationView[]; nextToken?: string }> {
  requireRole(actor, 'staff', 'leader', 'supervisor', 'recommender');
  await loadRound(deps, input.roundId);
  const everything = hasRole(actor, 'staff', 'leader', 'supervisor');
  if (!everything && !actor.jurisdiction) return { items: [] };
  const filter = {
    ...(input.status ? { status: input.status } : {}),
    ...(everything ? {} : { jurisdiction: actor.jurisdiction }),
  };
  // PIPL Art. 29: drafts are their owners' alone until submitted; they never reach a list but the
  // owner's. They are left out after the query, so a page short of `limit` is topped up from the
  // next one: the caller still gets `limit` items per page, and the token resumes right after them.
  const visible: ApplicationRecord[] = [];
  let nextToken = input.nextToken;
  do {
    const wanted = input.limit === undefined ? undefined : input.limit - visible.length;
    const page = await deps.store.listApplicationsByRound(input.roundId, filter, {
      ...(wanted === undefined ? {} : { limit: wanted }),
      ...(nextToken === undefined ? {} : { nextToken }),
    });
    // The store filters by jurisdiction; checked again so a recommender can never see another's.
    visible.push(
      ...page.items.filter(
        (a) => !isPrivateDraft(a) && (everything || a.jurisdiction === actor.jurisdiction),
      ),
    );
    nextToken = page.nextToken;
  } while (nextToken !== undefined && input.limit !== undefined && visible.length < input.limit);
  // The evidence comes from each application's summary: the page is one Query, not one per item.
  const items = await Promise.all(visible.map((application) => listedViewOf(deps, actor, application)));
  return { items, ...(nextToken ? { nextToken } : {}) };
}
