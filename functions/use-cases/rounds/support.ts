/**
 * Helpers shared by the round use cases: loading a round with its windows, reading every
 * application of a round page by page, role checks, and the stage-history entry of a move.
 */
import { DomainError } from '../../domain/errors.ts';
import type { ApplicationStatus, RoundStage } from '../../domain/model.ts';
import type { Deps } from '../../ports/deps.ts';
import type {
  Actor,
  ApplicationRecord,
  RoundRecord,
  StageHistoryEntry,
  WindowRecord,
} from '../../ports/records.ts';
import { hasRole, type Role } from '../access.ts';

/** A round as the API shows it: the record and its publicity windows. */
export interface RoundView {
  round: RoundRecord;
  windows: WindowRecord[];
}

/** Role check of a use case (the route checks it too): FORBIDDEN when the actor has none of `roles`. */
export function assertRole(actor: Actor, ...roles: Role[]): void {
  if (!hasRole(actor, ...roles)) throw new DomainError('FORBIDDEN', '当前角色无权执行此操作');
}

/** The round, or NOT_FOUND (rounds are visible to every signed-in user, so nothing is hidden). */
export async function loadRound(deps: Deps, roundId: string): Promise<RoundRecord> {
  const round = await deps.store.getRound(roundId);
  if (!round) throw new DomainError('NOT_FOUND', `评选届次 ${roundId} 不存在`);
  return round;
}

/** The round's publicity windows, in the order they were opened. */
export async function loadWindows(deps: Deps, round: RoundRecord): Promise<WindowRecord[]> {
  const windows = await Promise.all(round.windowIds.map((id) => deps.store.getWindow(id)));
  return windows.filter((w): w is WindowRecord => w !== null);
}

/** The round with its windows. */
export async function viewOf(deps: Deps, round: RoundRecord): Promise<RoundView> {
  return { round, windows: await loadWindows(deps, round) };
}

/** Reloads the round after the flow was resumed (locally it has run by then; on AWS it may not have). */
export async function reloadView(deps: Deps, roundId: string): Promise<RoundView> {
  return viewOf(deps, await loadRound(deps, roundId));
}

/**
 * Every application of the round, optionally with one status: pages of the store's maximum (1,000),
 * so the requests grow with DynamoDB's 1 MB pages, not with the number of applications.
 */
export async function listRoundApplications(
  deps: Deps,
  roundId: string,
  status?: ApplicationStatus,
): Promise<ApplicationRecord[]> {
  const all: ApplicationRecord[] = [];
  let nextToken: string | undefined;
  do {
    const page = await deps.store.listApplicationsByRound(roundId, status ? { status } : {}, {
      limit: 1000,
      ...(nextToken ? { nextToken } : {}),
    });
    all.push(...page.items);
    nextToken = page.nextToken;
  } while (nextToken);
  return all;
}

/** Runs `fn` over `items` a few at a time, so a large round does not open hundreds of requests at once. */
export async function mapInBatches<T, R>(
  items: readonly T[],
  fn: (item: T) => Promise<R>,
  batchSize = 25,
): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += batchSize) {
    results.push(...(await Promise.all(items.slice(start, start + batchSize).map(fn))));
  }
  return results;
}

/** The stage-history entry of a move made by `actor` at `at`. */
export function historyEntry(stage: RoundStage, at: Date, actor: Actor, note?: string): StageHistoryEntry {
  return { stage, at: at.toISOString(), by: actor.sub, ...(note?.trim() ? { note: note.trim() } : {}) };
}

/** Bad input with field-level findings: 400 VALIDATION_FAILED. */
export function invalidInput(message: string, findings: { path: string; message: string }[]): DomainError {
  return new DomainError(
    'VALIDATION_FAILED',
    message,
    findings.map((f) => ({ path: f.path, code: 'VALIDATION_FAILED', message: f.message })),
  );
}

/**
 * Art. 5: the ordinal is a round's natural key, so its id is derived from it. Two rounds created at
 * the same moment with the same ordinal write the same record, and the store refuses the second
 * create (VERSION_CONFLICT): an ordinal can never be held by two rounds.
 */
export const roundIdForOrdinal = (ordinal: number): string => `round-${ordinal}`;
