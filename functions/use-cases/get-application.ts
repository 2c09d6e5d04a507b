/** API.md: an application as its owner, the office, the Leading Group, supervisors, its recommender or its assigned reviewers see it. */
import type { Deps } from '../ports/deps.ts';
import type { Actor } from '../ports/records.ts';
import { type ApplicationView, loadReadableApplication, viewOf } from './applications/context.ts';

/** The application and its evidence; NOT_FOUND for anyone who may not see it. */
export async function getApplication(
  deps: Deps,
  actor: Actor,
  input: { applicationId: string },
): Promise<ApplicationView> {
  const application = await loadReadableApplication(deps, actor, input.applicationId);
  const view = await viewOf(deps, actor, application);
  if (!view.owner) return view;
  return { ...view, schedule: await deps.store.listScheduleForApplication(application.applicationId) };
}
