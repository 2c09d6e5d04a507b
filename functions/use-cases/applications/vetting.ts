/**
 * The application body between the API and the store: personal data encrypted per field with an
 * HMAC lookup index and masked copies (DESIGN.md §6), and the basic-condition check of the domain
 * (evaluateEligibility) run against the round's rulebook and the subjects' sanctions.
 */
import { applicantCreditCodes } from '../../domain/conflicts.ts';
import { evaluateEligibility } from '../../domain/eligibility.ts';
import type { Finding } from '../../domain/errors.ts';
import { maskIdNumber, maskPhone, normalizeCreditCode, normalizeIdNumber } from '../../domain/identifiers.ts';
import type { ApplicationBody, Sanction } from '../../domain/model.ts';
import { sanctionSubjectsOf } from '../../domain/sanctions.ts';
import type { Deps } from '../../ports/deps.ts';
import type {
  ApplicationRecord,
  RoundRecord,
  SanctionRecord,
  StoredMember,
  StoredOrganization,
  VettingResult,
} from '../../ports/records.ts';
import { rulebookOf } from './context.ts';

/** The stored, protected form of a body's applicant data plus its identifying keys. */
export interface ProtectedApplicant {
  organization?: StoredOrganization;
  members?: StoredMember[];
  /** Credit codes checked for reviewers' conflicts of interest. */
  conflictCodes: string[];
  /** Ban subjects: the credit code, or each member's ID-number HMAC. */
  subjectKeys: string[];
}

/** Encrypts ID and phone numbers, keeps masked copies and the lookup keys; nothing is stored in clear. */
export async function protectApplicant(deps: Deps, body: ApplicationBody): Promise<ProtectedApplicant> {
  const conflictCodes = applicantCreditCodes(body);
  const subjectKeys = sanctionSubjectsOf(body, (id) => deps.pii.lookupKey(id)).map((s) => s.key);
  if (body.category === 'organization') {
    const { organization: org } = body;
    const phone = org.contact.phone.trim();
    return {
      organization: {
        name: org.name.trim(),
        creditCode: normalizeCreditCode(org.creditCode),
        registeredOn: org.registeredOn,
        industry: org.industry,
        // Art. 10: the SME flag is recorded so the office can report on it.
        sme: org.sme ?? false,
        ...(org.address ? { address: org.address.trim() } : {}),
        contact: {
          name: org.contact.name.trim(),
          phoneEncrypted: await deps.pii.encrypt(phone),
          phoneMasked: maskPhone(phone),
          ...(org.contact.email ? { email: org.contact.email.trim() } : {}),
        },
      },
      conflictCodes,
      subjectKeys,
    };
  }
  const members = await Promise.all(
    body.members.map(async (m): Promise<StoredMember> => {
      const idNumber = normalizeIdNumber(m.idNumber);
      return {
        name: m.name.trim(),
        idNumberEncrypted: await deps.pii.encrypt(idNumber),
        idHash: deps.pii.lookupKey(idNumber),
        idMasked: maskIdNumber(idNumber),
        employer: m.employer.trim(),
        employerCreditCode: normalizeCreditCode(m.employerCreditCode),
        qualityWorkSince: m.qualityWorkSince,
      };
    }),
  );
  return { members, conflictCodes, subjectKeys };
}

/** The body as the applicant filed it, with the personal data decrypted (for re-vetting only). */
export async function bodyOf(deps: Deps, application: ApplicationRecord): Promise<ApplicationBody> {
  const common = { jurisdiction: application.jurisdiction, selfEvaluation: application.selfEvaluation };
  if (application.category === 'organization') {
    const org = application.organization!;
    return {
      category: 'organization',
      organization: {
        name: org.name,
        creditCode: org.creditCode,
        registeredOn: org.registeredOn,
        industry: org.industry,
        sme: org.sme,
        ...(org.address ? { address: org.address } : {}),
        contact: {
          name: org.contact.name,
          phone: await deps.pii.decrypt(org.contact.phoneEncrypted),
          ...(org.contact.email ? { email: org.contact.email } : {}),
        },
      },
      declarations: application.declarations as Extract<
        ApplicationBody,
        { category: 'organization' }
      >['declarations'],
      ...common,
    };
  }
  const members = await Promise.all(
    (application.members ?? []).map(async (m) => ({
      name: m.name,
      idNumber: await deps.pii.decrypt(m.idNumberEncrypted),
      employer: m.employer,
      employerCreditCode: m.employerCreditCode,
      qualityWorkSince: m.qualityWorkSince,
    })),
  );
  return {
    category: 'individual',
    members,
    declarations: application.declarations as Extract<
      ApplicationBody,
      { category: 'individual' }
    >['declarations'],
    ...common,
  };
}

/** A stored sanction in the domain's terms. */
export const toSanction = (record: SanctionRecord): Sanction => ({
  sanctionId: record.sanctionId,
  kind: record.kind,
  subject: { type: record.subjectType, key: record.subjectKey },
  barredFromOrdinal: record.barredFromOrdinal,
  barredThroughOrdinal: record.barredThroughOrdinal,
  reason: record.reason,
  createdAt: new Date(record.createdAt),
});

/**
 * Art. 3, 5, 6, 9, 11, 25, 27: every failed basic condition of `body` in `round`, with the bans on
 * its subjects as stored now. The reference date of the 3-year conditions is the call's close.
 */
export async function eligibilityFindings(
  deps: Deps,
  round: RoundRecord,
  body: ApplicationBody,
  subjectKeys: readonly string[],
): Promise<Finding[]> {
  const sanctions =
    subjectKeys.length === 0 ? [] : await deps.store.listSanctionsForSubjects([...subjectKeys]);
  return evaluateEligibility(body, {
    rulebook: rulebookOf(round),
    callClosesAt: new Date(round.callClosesAt),
    roundOrdinal: round.ordinal,
    sanctions: sanctions.map(toSanction),
    hashIdNumber: (id) => deps.pii.lookupKey(id),
  });
}

/** The stored vetting result of a list of findings. */
export const vettingOf = (findings: readonly Finding[], at: Date): VettingResult => ({
  passed: findings.length === 0,
  findings: findings.map((f) => ({
    path: f.path,
    code: f.code,
    message: f.message,
    ...(f.article ? { article: f.article } : {}),
  })),
  at: at.toISOString(),
});

/** A compact snapshot for the audit trail: no personal data, encrypted or not. */
export const auditSnapshot = (application: ApplicationRecord) => ({
  applicationId: application.applicationId,
  roundId: application.roundId,
  category: application.category,
  displayName: application.displayName,
  status: application.status,
  jurisdiction: application.jurisdiction,
  vettingPassed: application.vetting?.passed ?? false,
  vettingCodes: [...new Set(application.vetting?.findings.map((f) => f.code) ?? [])],
  ...(application.recommendation ? { recommendation: application.recommendation } : {}),
  ...(application.qualification ? { qualification: application.qualification } : {}),
  ...(application.consent ? { consent: application.consent } : {}),
  ...(application.submittedAt ? { submittedAt: application.submittedAt } : {}),
});
