/**
 * DESIGN.md §2 "Working days": a publicity window's end is computed from the working calendar, and
 * a deadline reaching into a year without loaded data is refused (CALENDAR_NOT_AVAILABLE). The flow
 * opens the window in a task right after a staff or leader action; checking here, before that
 * action commits, lets the API tell staff at once (422) instead of leaving the round in a
 * publicity stage with no window while the flow's task fails.
 */
import { publicityWindowClose } from '../../domain/calendar.ts';
import { DomainError } from '../../domain/errors.ts';
import type { WindowKind } from '../../domain/publicity.ts';
import type { Deps } from '../../ports/deps.ts';
import type { RoundRecord } from '../../ports/records.ts';
import { rulebookOf } from '../applications/context.ts';
import { loadWorkingCalendar } from '../load-working-calendar.ts';

const WINDOW_LABELS: Record<WindowKind, string> = { accepted: '受理名单', winners: '拟获奖名单' };

/**
 * Throws CALENDAR_NOT_AVAILABLE (with a finding at `path`) unless a window of `kind` published at
 * `publishedAt` has a computable end (Art. 18 (3), (8): N working days).
 */
export async function assertPublicityWindowComputable(
  deps: Deps,
  round: RoundRecord,
  kind: WindowKind,
  publishedAt: Date,
  path: string,
): Promise<void> {
  const calendar = await loadWorkingCalendar(deps);
  try {
    publicityWindowClose(calendar, publishedAt, rulebookOf(round).publicityWorkingDays);
  } catch (error) {
    if (!(error instanceof DomainError) || error.code !== 'CALENDAR_NOT_AVAILABLE') throw error;
    const message = `${WINDOW_LABELS[kind]}公示期无法计算：${error.message}`;
    throw new DomainError('CALENDAR_NOT_AVAILABLE', message, [
      { path, code: 'CALENDAR_NOT_AVAILABLE', message, article: '第十八条' },
    ]);
  }
}
