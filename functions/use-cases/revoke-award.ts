/**
 * Art. 25, 27: the office revokes an award (the city government's decision, recorded by staff):
 * the award and its application become `revoked`, and the winner is barred for the next 3 rounds
 * whose call opens after the revocation (DESIGN.md §2 "Bans"), all in one commit. The subject of the
 * ban is the organization's credit code, or each member's ID-number HMAC for an individual award.
 */
import { assertRevocationWithinValidity, currentOrdinal, itemsToRecover } from '../domain/after-award.ts';
import { isCalendarDate } from '../domain/calendar.ts';
import { DomainError } from '../domain/errors.ts';
import { normalizeCreditCode } from '../domain/identifiers.ts';
import type { RevocationReason } from '../domain/model.ts';
import {
  assertRevocationReason,
  nextOrdinalAfterRevocation,
  REVOCATION_REASON_LABELS,
  revocationBan,
} from '../domain/sanctions.ts';
import { assertApplicationTransition } from '../domain/stages.ts';
import type { Deps } from '../ports/deps.ts';
import type { Actor, ApplicationRecord, AuditEvent, AwardRecord, SanctionRecord } from '../ports/records.ts';
import type { Change } from '../ports/store.ts';
import { notFound } from './access.ts';
import { invalid, rulebookOfRound, validityOf } from './after-award/context.ts';
import { requireRole, rulebookOf } from './applications/context.ts';
import { auditEvent } from './audit.ts';
import { committedByThisRequest } from './earlier-request.ts';
import { applicantNotice } from './notifications/notify.ts';
import { sanctionAuditView } from './review/context.ts';
import { loadRound } from './rounds/support.ts';

export interface RevokeAwardInput {
  awardId: string;
  reason: RevocationReason;
  findings: string;
  /**
   * When the Art. 27 incident happened (Beijing date); the validity is judged then. Absent: at the
   * revocation. Fraud (Art. 25) has no time limit.
   */
  occurredOn?: string | undefined;
}

export interface RevokedAward {
  award: AwardRecord;
  sanctions: SanctionRecord[];
}

/** The ban subjects of an awarded application: credit code, or each member (masked for display). */
function subjectsOf(
  application: ApplicationRecord,
): Pick<SanctionRecord, 'subjectType' | 'subjectKey' | 'subjectMasked'>[] {
  if (application.category === 'organization' && application.organization) {
    const code = normalizeCreditCode(application.organization.creditCode);
    return [{ subjectType: 'organization', subjectKey: code, subjectMasked: code }];
  }
  return (application.members ?? []).map((m) => ({
    subjectType: 'individual',
    subjectKey: m.idHash,
    subjectMasked: m.idMasked,
  }));
}

/** Revokes an active award and writes its sanctions; ILLEGAL_TRANSITION when already revoked. */
export async function revokeAward(deps: Deps, actor: Actor, input: RevokeAwardInput): Promise<RevokedAward> {
  requireRole(actor, 'staff');
  const award = await deps.store.getAward(input.awardId);
  if (!award) throw notFound('奖项');
  if (award.status === 'revoked') {
    throw new DomainError('ILLEGAL_TRANSITION', `“${award.displayName}”的奖项已被撤销，不能重复撤销`);
  }
  assertRevocationReason(award.category, input.reason);
  const findings = input.findings.trim();
  if (findings === '') {
    const message = '撤销奖项须填写查证情况';
    throw new DomainError('VALIDATION_FAILED', message, [
      { path: 'findings', code: 'VALIDATION_FAILED', message },
    ]);
  }
  const round = await loadRound(deps, award.roundId);
  // An imported award (a round held before the platform) has no application, only its subjects.
  const application = award.imported ? null : await deps.store.getApplication(award.applicationId);
  if (!award.imported && !application) throw notFound();
  if (application) assertApplicationTransition(application.status, 'revoked', 'staff', round.stage);

  const now = deps.clock.now();
  const at = now.toISOString();
  const rounds = await deps.store.listRounds();
  const opened = rounds.map((r) => ({ ordinal: r.ordinal, callOpensAt: new Date(r.callOpensAt) }));
  // Art. 27 "在有效期内发生": judged at the incident's date when given, else now.
  if (input.occurredOn !== undefined && !isCalendarDate(input.occurredOn)) {
    throw invalid('发生日期无效', [
      { path: 'occurredOn', message: '发生日期应为 YYYY-MM-DD 格式的有效日期' },
    ]);
  }
  const incidentAt = input.occurredOn === undefined ? now : new Date(`${input.occurredOn}T23:59:59+08:00`);
  const awardRulebook = rulebookOfRound(round);
  assertRevocationWithinValidity(
    input.reason,
    { ordinal: award.ordinal, validThroughOrdinal: validityOf(award, awardRulebook) },
    currentOrdinal(opened, incidentAt),
  );
  // Art. 25, 27: "3 个评选周期内不得申报", counted from the first round whose call opens afterwards.
  const next = nextOrdinalAfterRevocation(opened, now);
  const ban = revocationBan(next, round.imported ? awardRulebook : rulebookOf(round));
  const subjects = application ? subjectsOf(application) : (award.subjects ?? []);
  const sanctions: SanctionRecord[] = subjects.map((subject) => ({
    sanctionId: deps.ids.next('sanction'),
    kind: 'revoked',
    ...subject,
    ...ban,
    reason: input.reason,
    source: { roundId: award.roundId, awardId: award.awardId },
    createdAt: at,
    createdBy: actor.sub,
    version: 0,
  }));
  // Art. 25: what was issued must come back; nothing else is listed.
  const issuance = award.issuance ?? {};
  const recovery: AwardRecord['recovery'] = Object.fromEntries(
    itemsToRecover(issuance).map((item) => [
      item,
      item === 'bonus' && issuance.bonus
        ? { due: true, amountYuan: issuance.bonus.amountYuan }
        : { due: true },
    ]),
  );
  const revoked: AwardRecord = {
    ...award,
    status: 'revoked',
    revocation: { reason: input.reason, findings, at, by: actor.sub },
    recovery,
    openActions: [],
  };
  const updatedApplication: ApplicationRecord | null = application && {
    ...application,
    status: 'revoked',
    updatedAt: at,
  };

  const changes: Change[] = [
    { op: 'put', entity: { type: 'award', record: revoked } },
    ...(updatedApplication
      ? [{ op: 'put', entity: { type: 'application', record: updatedApplication } } as Change]
      : []),
    ...sanctions.map((record): Change => ({ op: 'put', entity: { type: 'sanction', record } })),
    // An award imported from a round held before the platform has no application to notify.
    ...(application
      ? applicantNotice(
          deps,
          'award.revoked',
          round,
          application,
          now,
          { reason: REVOCATION_REASON_LABELS[input.reason] },
          award.awardId,
        )
      : []),
  ];
  const audit: AuditEvent[] = [
    auditEvent({
      entityType: 'award',
      entityId: award.awardId,
      verb: 'revoked',
      actor,
      at: now,
      roundId: award.roundId,
      before: { status: award.status },
      after: { status: revoked.status, revocation: revoked.revocation, recovery },
    }),
    ...(application && updatedApplication
      ? [
          auditEvent({
            entityType: 'application',
            entityId: application.applicationId,
            verb: 'revoked',
            actor,
            at: now,
            roundId: award.roundId,
            before: { status: application.status },
            after: { status: updatedApplication.status, awardId: award.awardId, reason: input.reason },
          }),
        ]
      : []),
    ...sanctions.map((s) =>
      auditEvent({
        entityType: 'sanction',
        entityId: s.sanctionId,
        verb: 'created',
        actor,
        at: now,
        after: sanctionAuditView(s),
      }),
    ),
  ];
  await deps.store.commit({ changes, audit });
  return {
    award: { ...revoked, version: revoked.version + 1 },
    sanctions: sanctions.map((s) => ({ ...s, version: 1 })),
  };
}

/**
 * Idempotency-Key retry (route.ts `recover`, earlier-request.ts): the revoked award and the
 * sanctions the revocation wrote, as `revokeAward` answers, when an earlier run of this request
 * committed it.
 */
export async function earlierRevocation(deps: Deps, awardId: string): Promise<RevokedAward | undefined> {
  if (!(await committedByThisRequest(deps, awardId))) return undefined;
  const award = await deps.store.getAward(awardId);
  const application = award && (await deps.store.getApplication(award.applicationId));
  if (!award || !application) return undefined;
  const subjects = subjectsOf(application).map((s) => s.subjectKey);
  const sanctions = (await deps.store.listSanctionsForSubjects(subjects)).filter(
    (s) => s.kind === 'revoked' && s.source?.awardId === awardId,
  );
  return { award, sanctions };
}
