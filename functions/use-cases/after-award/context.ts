/**
 * Shared loading of the after-award use cases (Art. 19–27): an award and who may see it, its
 * validity, and the round in progress by the platform clock.
 */
import {
  currentOrdinal,
  isWithinValidity,
  nextVisitDue,
  validThroughOrdinal,
} from '../../domain/after-award.ts';
import { beijingDate } from '../../domain/calendar.ts';
import { DomainError, type Finding } from '../../domain/errors.ts';
import { RULEBOOKS, type Rulebook } from '../../domain/rulebook.ts';
import type { Deps } from '../../ports/deps.ts';
import type { Actor, AwardRecord, RoundRecord } from '../../ports/records.ts';
import { hasRole, notFound } from '../access.ts';
import { rulebookOf } from '../applications/context.ts';

/** What the award routes present: the record, its validity and (while valid) its next visit. */
export interface AwardView {
  award: AwardRecord;
  validThroughOrdinal: number;
  withinValidity: boolean;
  nextVisitDue?: string;
}

/** The award or NOT_FOUND. */
export async function loadAward(deps: Deps, awardId: string): Promise<AwardRecord> {
  const award = await deps.store.getAward(awardId);
  if (!award) throw notFound('奖项');
  return award;
}

/**
 * The rulebook an award is judged by: its round's. A round imported from before the platform may
 * predate every version (Art. 31); the oldest version then stands in for the Measures it was held under.
 */
export function rulebookOfRound(round: RoundRecord | null): Rulebook {
  if (round && RULEBOOKS.some((r) => r.version === round.rulebookVersion)) return rulebookOf(round);
  return RULEBOOKS[0] as Rulebook;
}

/** Awards written before `validThroughOrdinal` was kept get it from their round's rulebook. */
export const validityOf = (award: AwardRecord, rulebook: Rulebook): number =>
  award.validThroughOrdinal ?? validThroughOrdinal(award.ordinal, rulebook);

/** The round in progress by the platform clock (the highest ordinal whose call has opened). */
export async function ordinalAt(deps: Deps, at: Date): Promise<number> {
  const rounds = await deps.store.listRounds();
  return currentOrdinal(
    rounds.map((r) => ({ ordinal: r.ordinal, callOpensAt: new Date(r.callOpensAt) })),
    at,
  );
}

/** The view of an award at `ordinalNow`: a revoked or expired award is visited no more. */
export function awardViewOf(award: AwardRecord, rulebook: Rulebook, ordinalNow: number): AwardView {
  const through = validityOf(award, rulebook);
  const withinValidity =
    award.status === 'active' && isWithinValidity({ validThroughOrdinal: through }, ordinalNow);
  return {
    award,
    validThroughOrdinal: through,
    withinValidity,
    ...(withinValidity ? { nextVisitDue: nextVisitDue(award, rulebook) } : {}),
  };
}

/** Staff and supervisors see every award; the award's applicant sees its own; anyone else gets 404. */
export async function loadVisibleAward(deps: Deps, actor: Actor, awardId: string): Promise<AwardRecord> {
  const award = await deps.store.getAward(awardId);
  if (!award) throw notFound('奖项');
  if (hasRole(actor, 'staff', 'supervisor')) return award;
  if (hasRole(actor, 'applicant') && award.applicationId) {
    const application = await deps.store.getApplication(award.applicationId);
    if (application && application.ownerSub === actor.sub) return award;
  }
  throw notFound('奖项');
}

/** Today's Beijing date by the platform clock. */
export const todayOf = (deps: Deps): string => beijingDate(deps.clock.now());

/** A 400 listing the fields that are wrong. */
export const invalid = (message: string, findings: { path: string; message: string }[]): DomainError =>
  new DomainError(
    'VALIDATION_FAILED',
    message,
    findings.map((f): Finding => ({ ...f, code: 'VALIDATION_FAILED' })),
  );
