/**
 * Art. 18 (9), 22, 6: once staff record the city government's approval (the round is `announced`),
 * each proposed winner is awarded: an AwardRecord with the approval's document number and date (the
 * award year winners must state, Art. 22), and for the `award` tier the Art. 6 ban on applying in
 * the next rounds for each subject (the credit code, or each member's ID-number HMAC). One unit per
 * winner, so a winner is either fully awarded or untouched; a second run finds nothing proposed.
 */
import { certificateNumber, validThroughOrdinal } from '../../domain/after-award.ts';
import { DomainError } from '../../domain/errors.ts';
import type { SanctionSubject, Tier } from '../../domain/model.ts';
import { describeBan, winnerBan } from '../../domain/sanctions.ts';
import type { Deps } from '../../ports/deps.ts';
import {
  type ApplicationRecord,
  type AwardRecord,
  type RoundRecord,
  type SanctionRecord,
  SYSTEM_ACTOR,
} from '../../ports/records.ts';
import type { UnitOfWork } from '../../ports/store.ts';
import { rulebookOf } from '../applications/context.ts';
import { toSanction } from '../applications/vetting.ts';
import { auditEvent } from '../audit.ts';
import { notifyNotAwarded } from '../notifications/bulk-notices.ts';
import { applicantNotice } from '../notifications/notify.ts';
import { sanctionAuditView } from '../review/context.ts';
import { listRoundApplications, loadRound } from '../rounds/support.ts';
import { applicationStatusChange, commitInBatches } from './bulk.ts';
import { stagePrecondition } from './open-window.ts';

export interface Approval {
  documentNo: string;
  /** YYYY-MM-DD, Beijing date. */
  approvedOn: string;
}

/** Awards every proposed application of the announced round; returns how many were awarded. */
export async function announceWinners(
  deps: Deps,
  input: { roundId: string; approval?: Partial<Approval> | null },
): Promise<{ awarded: number }> {
  const round = await loadRound(deps, input.roundId);
  if (round.stage !== 'announced') throw stagePrecondition(round, '市政府尚未批准，不能公告获奖名单');
  const approval = approvalOf(round, input.approval);
  if (!approval) throw stagePrecondition(round, '缺少市政府批准文件的文号和日期，不能公告获奖名单');

  const now = deps.clock.now();
  const proposed = await listRoundApplications(deps, round.roundId, 'proposed');
  const certificates = await certificateNumbers(deps, round, approval, proposed);
  const awarded = await commitInBatches(deps, proposed, {
    plan: (application) =>
      application.status === 'proposed'
        ? awardUnit(deps, round, application, approval, now, certificates.get(application.applicationId))
        : null,
    reload: (application) => deps.store.getApplication(application.applicationId),
  });
  await notifyNotAwarded(deps, round, now);
  return { awarded };
}

/**
 * Art. 19: certificate numbers, sequential per round: the round's winners in the Leading Group's
 * order, `award` tier first. Numbered over every winner (those already awarded by an earlier,
 * interrupted run included), so a retry gives each winner the number the first run would have.
 */
async function certificateNumbers(
  deps: Deps,
  round: RoundRecord,
  approval: Approval,
  proposed: readonly ApplicationRecord[],
): Promise<Map<string, string>> {
  const awarded = await listRoundApplications(deps, round.roundId, 'awarded');
  const winners = new Set([...proposed, ...awarded].map((a) => a.applicationId));
  const decision = await deps.store.getDecision(round.roundId);
  const decided = decision ? [...decision.award, ...decision.nomination] : [];
  // Winners the decision does not name (none in practice) follow in id order, so numbering stays total.
  const ordered = [
    ...decided.filter((id) => winners.has(id)),
    ...[...winners].filter((id) => !decided.includes(id)).sort(),
  ];
  const rulebook = rulebookOf(round);
  const year = Number(approval.approvedOn.slice(0, 4));
  return new Map(
    ordered.map((applicationId, index) => [
      applicationId,
      certificateNumber(rulebook, { year, ordinal: round.ordinal, seq: index + 1 }),
    ]),
  );
}

/** The approval recorded on the round (the truth), else the one the flow was resumed with. */
function approvalOf(round: RoundRecord, given: Partial<Approval> | null | undefined): Approval | undefined {
  if (round.approval) return { documentNo: round.approval.documentNo, approvedOn: round.approval.approvedOn };
  if (given?.documentNo && given.approvedOn)
    return { documentNo: given.documentNo, approvedOn: given.approvedOn };
  return undefined;
}

/** The ban subjects of a winner with their masked display form (never a plain ID number). */
function subjectsOf(application: ApplicationRecord): (SanctionSubject & { masked: string })[] {
  if (application.category === 'organization' && application.organization) {
    const code = application.organization.creditCode;
    return [{ type: 'organization', key: code, masked: code }];
  }
  // DESIGN.md §2 "Bans": each member of a joint application is barred.
  return (application.members ?? []).map((m) => ({ type: 'individual', key: m.idHash, masked: m.idMasked }));
}

function awardUnit(
  deps: Deps,
  round: RoundRecord,
  application: ApplicationRecord,
  approval: Approval,
  now: Date,
  certificateNo: string | undefined,
): UnitOfWork {
  const tier: Tier | undefined = application.tier;
  if (!tier) {
    throw new DomainError('VALIDATION_FAILED', `拟获奖申报“${application.displayName}”没有奖项等次`);
  }
  const at = now.toISOString();
  const status = applicationStatusChange(application, 'awarded', { actor: 'staff', stage: 'announced', now });
  const award: AwardRecord = {
    version: 0,
    awardId: deps.ids.next('award'),
    roundId: round.roundId,
    ordinal: round.ordinal,
    applicationId: application.applicationId,
    displayName: application.displayName,
    category: application.category,
    tier,
    status: 'active',
    awardedOn: approval.approvedOn,
    documentNo: approval.documentNo,
    ...(certificateNo === undefined ? {} : { certificateNo }),
    validThroughOrdinal: validThroughOrdinal(round.ordinal, rulebookOf(round)),
  };
  // Art. 6: an `award` winner may not apply in the next rounds; a `nomination` winner may.
  const ban = winnerBan(tier, round.ordinal, rulebookOf(round));
  const sanctions: SanctionRecord[] = ban
    ? subjectsOf(application).map((subject) => {
        const sanction: SanctionRecord = {
          version: 0,
          sanctionId: deps.ids.next('sanction'),
          kind: 'award-holder',
          subjectType: subject.type,
          subjectKey: subject.key,
          subjectMasked: subject.masked,
          ...ban,
          reason: '',
          source: { roundId: round.roundId, awardId: award.awardId },
          createdAt: at,
          createdBy: SYSTEM_ACTOR.sub,
        };
        return { ...sanction, reason: describeBan(toSanction(sanction)) };
      })
    : [];
  return {
    changes: [
      ...status.changes,
      { op: 'put', entity: { type: 'award', record: award } },
      ...applicantNotice(deps, 'application.result', round, application, now, {
        result: { awarded: true, tier },
      }),
      ...sanctions.map((record) => ({ op: 'put' as const, entity: { type: 'sanction' as const, record } })),
    ],
    audit: [
      ...status.audit,
      auditEvent({
        entityType: 'award',
        entityId: award.awardId,
        verb: 'created',
        actor: SYSTEM_ACTOR,
        at: now,
        after: award,
      }),
      ...sanctions.map((sanction) =>
        auditEvent({
          entityType: 'sanction',
          entityId: sanction.sanctionId,
          verb: 'created',
          actor: SYSTEM_ACTOR,
          at: now,
          after: sanctionAuditView(sanction),
        }),
      ),
    ],
  };
}
