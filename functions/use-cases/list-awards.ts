/**
 * The public record of the awards (Art. 18 (9) announcement; Art. 22: winners state the award
 * year; Art. 25, 27: revocations are announced too, so revoked awards stay listed as revoked).
 */
import type { Deps } from '../ports/deps.ts';
import type { AwardRecord } from '../ports/records.ts';

/** Every award, or one round's, by round ordinal then tier (award before nomination) then name. */
export async function listAwards(deps: Deps, input: { roundId?: string }): Promise<AwardRecord[]> {
  const awards = await deps.store.listAwards(input.roundId);
  const tierOrder = { award: 0, nomination: 1 } as const;
  return [...awards].sort(
    (a, b) =>
      a.ordinal - b.ordinal ||
      tierOrder[a.tier] - tierOrder[b.tier] ||
      a.displayName.localeCompare(b.displayName, 'zh-Hans-CN') ||
      a.awardId.localeCompare(b.awardId),
  );
}
