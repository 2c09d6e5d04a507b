/**
 * Art. 4, 18 (1): the call is public — anyone may read which calls are open or coming, what they
 * require, whom to ask, and download the forms, without signing in.
 */
import type { Deps } from '../ports/deps.ts';
import type { CallNoticeRecord, RoundRecord } from '../ports/records.ts';

export interface PublicCall {
  round: RoundRecord;
  notice: CallNoticeRecord;
  /** Verified forms only, each as a short-lived download. */
  attachments: { fileName: string; contentType: string; size: number; url: string; expiresAt: string }[];
}

/** Rounds with a call notice whose call is open or opens later, the soonest to close first. */
export async function listPublicCalls(deps: Deps): Promise<PublicCall[]> {
  const now = deps.clock.now().getTime();
  const rounds = (await deps.store.listActiveRounds()).filter(
    (round): round is RoundRecord & { callNotice: CallNoticeRecord } =>
      round.callNotice !== undefined &&
      round.stage === 'call-open' &&
      now < new Date(round.callClosesAt).getTime(),
  );
  rounds.sort((a, b) => a.callClosesAt.localeCompare(b.callClosesAt) || a.ordinal - b.ordinal);
  return Promise.all(
    rounds.map(async (round) => ({
      round,
      notice: round.callNotice,
      attachments: await Promise.all(
        round.callNotice.attachments
          .filter((a) => a.status === 'verified')
          .map(async (a) => ({
            fileName: a.fileName,
            contentType: a.contentType,
            size: a.size,
            ...(await deps.evidence.presignDownload(a.keptKey ?? a.key, a.fileName)),
          })),
      ),
    })),
  );
}
