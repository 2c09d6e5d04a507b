/**
 * Notices that follow a bulk change (a window's list, a round's results, a deadline's reminders)
 * to more people than one transaction holds. Each notice gets ids derived from its cause (`seed`),
 * so a task or sweep that runs again — after a crash, or delivered twice — finds what an earlier
 * run wrote and writes nothing twice; units stay within the transaction limit.
 */
import { createHash } from 'node:crypto';
import type { Deps } from '../../ports/deps.ts';
import type { IdGenerator } from '../../ports/ids.ts';
import type { ApplicationRecord, RoundRecord, WindowRecord } from '../../ports/records.ts';
import type { Change } from '../../ports/store.ts';
import { listRoundApplications, mapInBatches } from '../rounds/support.ts';
import { COMMIT_ITEM_LIMIT, isVersionConflict } from '../workflow/bulk.ts';
import {
  applicantRecipient,
  applicationFacts,
  type Notice,
  notify,
  type Recipient,
  roundFacts,
} from './notify.ts';

/** Ids that depend only on `seed`: the n-th `next(prefix)` is the same on every run. */
export function seededIds(seed: string): IdGenerator {
  const counts = new Map<string, number>();
  return {
    next(prefix) {
      const n = counts.get(prefix) ?? 0;
      counts.set(prefix, n + 1);
      const digest = createHash('sha256').update(`${seed}\n${prefix}\n${n}`, 'utf8').digest('hex');
      return `${prefix}_${digest.slice(0, 21)}`;
    },
  };
}

export interface SeededNotice {
  /** What makes this notice unique: `window.opened|{windowId}|{applicationId}`, … */
  seed: string;
  notice: Notice;
  recipients: Recipient[];
}

/** Whether an earlier run already wrote the notice (its first inbox item or delivery exists). */
async function written(deps: Pick<Deps, 'store'>, changes: Change[]): Promise<boolean> {
  const first = changes[0];
  if (first === undefined) return true;
  if (first.entity.type === 'notification')
    return (await deps.store.getNotification(first.entity.record.notificationId)) !== null;
  if (first.entity.type === 'delivery')
    return (await deps.store.getDelivery(first.entity.record.messageId)) !== null;
  return false;
}

/** Commits `changes`; false when they were written meanwhile (their version-0 puts conflict). */
async function commitUnlessWritten(deps: Pick<Deps, 'store'>, changes: Change[]): Promise<boolean> {
  try {
    await deps.store.commit({ changes, audit: [] });
    return true;
  } catch (error) {
    if (isVersionConflict(error)) return false;
    throw error;
  }
}

/**
 * Writes every notice not yet written, then `last` (a marker such as a reminder record) in the final
 * unit, so the marker exists only once every notice does. Returns how many notices were written.
 */
export async function commitSeededNotices(
  deps: Pick<Deps, 'store'>,
  notices: readonly SeededNotice[],
  last: Change[] = [],
): Promise<number> {
  const planned: Change[][] = [];
  for (const item of notices) {
    const changes = notify({ ids: seededIds(item.seed) }, item.notice, item.recipients);
    if (changes.length > 0 && !(await written(deps, changes))) planned.push(changes);
  }
  const limit = COMMIT_ITEM_LIMIT - last.length;
  let unit: Change[][] = [];
  let size = 0;
  let count = 0;
  const flush = async (final: boolean) => {
    const changes = [...unit.flat(), ...(final ? last : [])];
    if (changes.length === 0) return;
    try {
      await deps.store.commit({ changes, audit: [] });
      count += unit.length;
    } catch (error) {
      if (!isVersionConflict(error)) throw error;
      // Another run wrote some of them meanwhile: write the rest one by one.
      for (const one of unit) {
        if (!(await written(deps, one)) && (await commitUnlessWritten(deps, one))) count += 1;
      }
      if (final && last.length > 0) await commitUnlessWritten(deps, last);
    }
    unit = [];
    size = 0;
  };
  for (const changes of planned) {
    if (size + changes.length > limit) await flush(false);
    unit.push(changes);
    size += changes.length;
  }
  await flush(true);
  return count;
}

/** API.md: `window.opened` to every listed applicant, once per window and application. */
export async function notifyWindowOpened(deps: Pick<Deps, 'store'>, window: WindowRecord): Promise<number> {
  const round = await deps.store.getRound(window.roundId);
  if (!round) return 0;
  const applications = await mapInBatches(window.entries, (entry) =>
    deps.store.getApplication(entry.applicationId),
  );
  const notices = applications
    .filter((application): application is ApplicationRecord => application !== null)
    .map((application) => ({
      seed: `window.opened|${window.windowId}|${application.applicationId}`,
      notice: {
        kind: 'window.opened' as const,
        entityId: window.windowId,
        roundId: round.roundId,
        facts: {
          ...roundFacts(round),
          ...applicationFacts(application),
          windowKind: window.kind,
          closesAt: new Date(window.closesAt),
        },
        at: new Date(window.opensAt),
      },
      recipients: [applicantRecipient(application)],
    }));
  return commitSeededNotices(deps, notices);
}

/** API.md `application.result`, not awarded: to every application of the round that took part and did not win. */
export async function notifyNotAwarded(
  deps: Pick<Deps, 'store'>,
  round: RoundRecord,
  at: Date,
): Promise<number> {
  const notices: SeededNotice[] = [];
  for (const status of ['not-awarded', 'not-selected'] as const) {
    for (const application of await listRoundApplications(deps as Deps, round.roundId, status)) {
      notices.push({
        seed: `application.result|${application.applicationId}`,
        notice: {
          kind: 'application.result',
          entityId: application.applicationId,
          roundId: round.roundId,
          facts: { ...roundFacts(round), ...applicationFacts(application), result: { awarded: false } },
          at,
        },
        recipients: [applicantRecipient(application)],
      });
    }
  }
  return commitSeededNotices(deps, notices);
}
