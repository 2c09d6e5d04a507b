/**
 * Art. 25, 27: a revocation is announced to the public ("并向社会公告"), with the article it rests on.
 * Findings stay internal; the list is every revoked award, newest revocation first.
 */
import { revocationArticle } from '../domain/after-award.ts';
import type { RevocationReason } from '../domain/model.ts';
import type { Deps } from '../ports/deps.ts';
import type { AwardRecord } from '../ports/records.ts';

export interface PublicRevocation {
  award: AwardRecord;
  reason: RevocationReason;
  revokedAt: string;
  article: 25 | 27;
}

export async function listPublicRevocations(deps: Deps): Promise<PublicRevocation[]> {
  const awards = await deps.store.listAwards();
  return awards
    .flatMap((award): PublicRevocation[] =>
      award.status === 'revoked' && award.revocation
        ? [
            {
              award,
              reason: award.revocation.reason,
              revokedAt: award.revocation.at,
              article: revocationArticle(award.revocation.reason),
            },
          ]
        : [],
    )
    .sort((a, b) => b.revokedAt.localeCompare(a.revokedAt) || a.award.awardId.localeCompare(b.award.awardId));
}
