/**
 * Ends a publicity window once its time is up and every objection is resolved (DESIGN.md §2
 * "Objections"): upheld objections strike their applications from the list (accepted → struck, or
 * proposed → struck; nobody moves up, Art. 8 allows vacancies), the window is closed and the round
 * moves on by itself (accepted-publicity → material-review, winner-publicity → approval). For the
 * accepted list the remaining applications then go into material review (Art. 18 (4)).
 */
import { DomainError } from '../../domain/errors.ts';
import type { ApplicationStatus, RoundStage } from '../../domain/model.ts';
import { settleWindow, type WindowKind } from '../../domain/publicity.ts';
import { stageIndex } from '../../domain/stages.ts';
import type { Deps } from '../../ports/deps.ts';
import { type ApplicationRecord, SYSTEM_ACTOR, type WindowRecord } from '../../ports/records.ts';
import { auditEvent } from '../audit.ts';
import { toPublicityWindow } from '../review/context.ts';
import { loadRound } from '../rounds/support.ts';
import {
  applicationStatusChange,
  commitInBatches,
  commitRoundChange,
  moveApplications,
  roundStageChange,
} from './bulk.ts';
import { stagePrecondition, type WindowState, windowStateOf } from './open-window.ts';
import { windowIdOf } from './waits.ts';

export interface SettleWindowResult extends WindowState {
  /** false while objections are pending: the flow waits for their outcome and comes back. */
  settled: boolean;
  /** Applications struck from the list. */
  struck: number;
}

interface KindRules {
  /** The round stage during the window. */
  publicity: RoundStage;
  /** The stage the round moves to when the window is settled. */
  next: RoundStage;
  /** The status of a listed application, which an upheld objection strikes. */
  listed: ApplicationStatus;
}

const RULES: Record<WindowKind, KindRules> = {
  accepted: { publicity: 'accepted-publicity', next: 'material-review', listed: 'accepted' },
  winners: { publicity: 'winner-publicity', next: 'approval', listed: 'proposed' },
};

/** Settles the round's window of `kind`, or reports the objections still pending. */
export async function settlePublicityWindow(
  deps: Deps,
  input: { roundId: string; kind: WindowKind },
): Promise<SettleWindowResult> {
  const rules = RULES[input.kind];
  const windowId = windowIdOf(input.roundId, input.kind);
  const window = await requireWindow(deps, windowId);
  const round = await loadRound(deps, input.roundId);
  const now = deps.clock.now();

  if (stageIndex(round.stage) < stageIndex(rules.publicity)) {
    throw stagePrecondition(round, '公示尚未开始，不能结束公示');
  }
  if (round.stage === rules.publicity) {
    if (window.status === 'open') throw stagePrecondition(round, '公示期尚未结束');
    const objections = await deps.store.listObjectionsForWindow(windowId);
    const pendingObjections = objections.filter((o) => o.status === 'pending').length;
    if (pendingObjections > 0) {
      // The round waits for the investigations (DESIGN.md §2). A window the closer found without
      // pending objections but that received one in the same instant waits for it as well.
      if (window.status === 'closed') {
        // A status change like any other: audited, so the trail explains why the round waits.
        await deps.store.commit({
          changes: [
            { op: 'put', entity: { type: 'window', record: { ...window, status: 'awaiting-objections' } } },
          ],
          audit: [
            auditEvent({
              entityType: 'window',
              entityId: windowId,
              verb: 'awaiting-objections',
              actor: SYSTEM_ACTOR,
              at: now,
              roundId: input.roundId,
              before: { status: window.status },
              after: { status: 'awaiting-objections', pendingObjections },
            }),
          ],
        });
      }
      return {
        ...(await windowStateOf(deps, await requireWindow(deps, windowId))),
        settled: false,
        struck: 0,
      };
    }

    const { struck } = settleWindow(toPublicityWindow(window), objections);
    const listed = (await Promise.all(struck.map((id) => deps.store.getApplication(id)))).filter(
      (a): a is ApplicationRecord => a !== null,
    );
    await commitInBatches(deps, listed, {
      plan: (application) =>
        application.status === rules.listed
          ? applicationStatusChange(application, 'struck', { actor: 'system', stage: rules.publicity, now })
          : null,
      reload: (application) => deps.store.getApplication(application.applicationId),
    });

    await commitRoundChange(deps, round.roundId, async (fresh) => {
      if (fresh.stage !== rules.publicity) return null;
      const current = await requireWindow(deps, windowId);
      const closed: WindowRecord = {
        ...current,
        status: 'closed',
        closedAt: current.closedAt ?? now.toISOString(),
        struck,
      };
      const stage = roundStageChange(fresh, rules.next, 'system', now);
      return {
        changes: [{ op: 'put', entity: { type: 'window', record: closed } }, ...stage.changes],
        audit: [
          auditEvent({
            entityType: 'window',
            entityId: windowId,
            verb: 'settled',
            actor: SYSTEM_ACTOR,
            at: now,
            roundId: input.roundId,
            before: { status: current.status },
            after: { status: 'closed', struck },
          }),
          ...stage.audit,
        ],
      };
    });
  }

  if (input.kind === 'accepted' && (await loadRound(deps, input.roundId)).stage === 'material-review') {
    // Art. 18 (4): the accepted list, less what was struck, goes into material review.
    await moveApplications(deps, input.roundId, {
      from: 'accepted',
      to: () => 'in-review',
      actor: 'system',
      stage: 'material-review',
      now,
    });
  }
  const settled = await requireWindow(deps, windowId);
  return { ...(await windowStateOf(deps, settled)), settled: true, struck: settled.struck.length };
}

async function requireWindow(deps: Deps, windowId: string): Promise<WindowRecord> {
  const window = await deps.store.getWindow(windowId);
  if (!window) throw new DomainError('NOT_FOUND', `公示 ${windowId} 不存在`);
  return window;
}
