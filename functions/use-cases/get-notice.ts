/** Art. 18 (3), (8): one publicity notice; a window not yet published does not exist for anyone. */
import type { Deps } from '../ports/deps.ts';
import type { WindowRecord } from '../ports/records.ts';
import { loadPublishedWindow } from './review/context.ts';

/** The published window, or NOT_FOUND. */
export async function getNotice(deps: Deps, input: { windowId: string }): Promise<WindowRecord> {
  return loadPublishedWindow(deps, input.windowId, deps.clock.now());
}
