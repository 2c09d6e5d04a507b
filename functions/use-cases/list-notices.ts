/** Art. 18 (3), (8): the public reads every publicity notice once it is published, newest first. */
import type { Deps } from '../ports/deps.ts';
import type { WindowRecord } from '../ports/records.ts';
import { isPublished } from './review/context.ts';

/** Published windows (accepted lists and proposed winners), newest first. */
export async function listNotices(deps: Deps): Promise<WindowRecord[]> {
  const now = deps.clock.now();
  const windows = await deps.store.listWindows();
  return windows
    .filter((w) => isPublished(w, now))
    .sort((a, b) => Date.parse(b.opensAt) - Date.parse(a.opensAt) || b.windowId.localeCompare(a.windowId));
}
