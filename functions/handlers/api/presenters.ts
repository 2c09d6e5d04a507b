/**
 * Records → the shapes of API.md. Personal data is masked for everyone but the owner (DESIGN.md
 * §5); instants are returned in UTC (`Z`).
 */
import type { PiiProtector } from '../../ports/pii.ts';
import type {
  ApplicationRecord,
  AwardRecord,
  EvidenceRecord,
  ObjectionRecord,
  RoundRecord,
  SanctionRecord,
  ScheduleSlotRecord,
  WindowRecord,
} from '../../ports/records.ts';

export function presentWindow(window: WindowRecord) {
  return {
    windowId: window.windowId,
    roundId: window.roundId,
    kind: window.kind,
    opensAt: window.opensAt,
    closesAt: window.closesAt,
    minimumClosesAt: window.minimumClosesAt,
    calendarVersion: window.calendarVersion,
    status: window.status,
    entries: window.entries.filter((e) => !window.struck.includes(e.applicationId)),
    struck: window.entries.filter((e) => window.struck.includes(e.applicationId)),
    ...(window.closedAt ? { closedAt: window.closedAt } : {}),
  };
}

export function presentRound(round: RoundRecord, windows: readonly WindowRecord[]) {
  return {
    roundId: round.roundId,
    ordinal: round.ordinal,
    title: round.title,
    stage: round.stage,
    callOpensAt: round.callOpensAt,
    callClosesAt: round.callClosesAt,
    quotas: round.quotas,
    weights: round.weights,
    minimumPercent: round.minimumPercent,
    rubricVersion: round.rubricVersion,
    rulebookVersion: round.rulebookVersion,
    windows: windows.map(presentWindow),
    stageHistory: round.stageHistory,
    escalations: round.escalations ?? [],
    ...(round.reviewSettings ? { reviewSettings: round.reviewSettings } : {}),
    createdAt: round.createdAt,
    version: round.version,
  };
}

export async function presentApplication(
  application: ApplicationRecord,
  evidence: readonly EvidenceRecord[],
  view: { owner: boolean; pii: PiiProtector; schedule?: readonly ScheduleSlotRecord[] },
) {
  const { owner, pii } = view;
  const organization = application.organization && {
    name: application.organization.name,
    creditCode: application.organization.creditCode,
    registeredOn: application.organization.registeredOn,
    industry: application.organization.industry,
    sme: application.organization.sme,
    ...(application.organization.address ? { address: application.organization.address } : {}),
    contact: {
      name: application.organization.contact.name,
      phone: owner
        ? await pii.decrypt(application.organization.contact.phoneEncrypted)
        : application.organization.contact.phoneMasked,
      ...(application.organization.contact.email ? { email: application.organization.contact.email } : {}),
    },
  };
  const members =
    application.members &&
    (await Promise.all(
      application.members.map(async (m) => ({
        name: m.name,
        idNumber: owner ? await pii.decrypt(m.idNumberEncrypted) : m.idMasked,
        employer: m.employer,
        employerCreditCode: m.employerCreditCode,
        qualityWorkSince: m.qualityWorkSince,
      })),
    ));
  return {
    applicationId: application.applicationId,
    roundId: application.roundId,
    category: application.category,
    displayName: application.displayName,
    status: application.status,
    jurisdiction: application.jurisdiction,
    ...(organization ? { organization } : {}),
    ...(members ? { members } : {}),
    declarations: application.declarations,
    selfEvaluation: application.selfEvaluation,
    evidence: evidence.map((e) => ({
      evidenceId: e.evidenceId,
      fileName: e.fileName,
      contentType: e.contentType,
      size: e.size,
      sha256: e.sha256,
      status: e.status,
      ...(e.rejection ? { rejection: e.rejection } : {}),
    })),
    vetting: {
      passed: application.vetting?.passed ?? false,
      findings: application.vetting?.findings ?? [],
      ...(application.vetting?.at ? { at: application.vetting.at } : {}),
    },
    ...(application.recommendation ? { recommendation: application.recommendation } : {}),
    ...(application.qualification ? { qualification: application.qualification } : {}),
    ...(application.tier ? { tier: application.tier } : {}),
    ...(application.consent ? { consent: application.consent } : {}),
    ...(view.schedule
      ? {
          schedule: view.schedule.map((s) => ({
            stage: s.stage,
            startsAt: s.startsAt,
            endsAt: s.endsAt,
            venue: s.venue,
          })),
        }
      : {}),
    createdAt: application.createdAt,
    ...(application.submittedAt ? { submittedAt: application.submittedAt } : {}),
    updatedAt: application.updatedAt,
    version: application.version,
  };
}

/** Objections are read by staff and supervisors only; the objector's numbers stay masked. */
export function presentObjection(objection: ObjectionRecord) {
  return {
    objectionId: objection.objectionId,
    windowId: objection.windowId,
    roundId: objection.roundId,
    applicationId: objection.applicationId,
    objector: {
      name: objection.objector.name,
      phone: objection.objector.phoneMasked,
      ...(objection.objector.idMasked ? { idNumber: objection.objector.idMasked } : {}),
      ...(objection.objector.creditCode ? { creditCode: objection.objector.creditCode } : {}),
    },
    content: objection.content,
    status: objection.status,
    ...(objection.findings ? { findings: objection.findings } : {}),
    createdAt: objection.createdAt,
    ...(objection.resolvedAt ? { resolvedAt: objection.resolvedAt, resolvedBy: objection.resolvedBy } : {}),
  };
}

const UNMASKED_CREDIT_CODE = /^[0-9A-Z]{18}$/;

/**
 * API.md: a sanction's subject is shown masked. ID numbers are stored masked already; a credit code
 * is kept to its first 6 and last 2 characters (`911401**********XG`): staff look sanctions up by
 * the full code, they need not read it back.
 */
function maskedSubject(sanction: SanctionRecord): string {
  const shown = sanction.subjectMasked;
  if (sanction.subjectType !== 'organization' || !UNMASKED_CREDIT_CODE.test(shown)) return shown;
  return `${shown.slice(0, 6)}${'*'.repeat(shown.length - 8)}${shown.slice(-2)}`;
}

export function presentSanction(sanction: SanctionRecord) {
  return {
    sanctionId: sanction.sanctionId,
    kind: sanction.kind,
    subjectType: sanction.subjectType,
    subject: maskedSubject(sanction),
    barredFromOrdinal: sanction.barredFromOrdinal,
    barredThroughOrdinal: sanction.barredThroughOrdinal,
    reason: sanction.reason,
    createdAt: sanction.createdAt,
  };
}

/** Public view of an award; Art. 22: the award year is part of it. Findings stay internal. */
export const presentAward = (a: AwardRecord) => ({
  awardId: a.awardId,
  roundId: a.roundId,
  ordinal: a.ordinal,
  applicationId: a.applicationId,
  displayName: a.displayName,
  category: a.category,
  tier: a.tier,
  status: a.status,
  awardedOn: a.awardedOn,
  awardYear: Number(a.awardedOn.slice(0, 4)),
  documentNo: a.documentNo,
  ...(a.revocation ? { revocation: { reason: a.revocation.reason, at: a.revocation.at } } : {}),
});
