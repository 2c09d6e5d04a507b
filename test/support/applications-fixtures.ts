/**
 * Fixtures of the application use cases: valid organization and individual bodies (credit codes and
 * ID numbers built with the domain's check-character helpers), a round in its call, actors, and
 * small fakes for the ports (evidence store, workflow, clock, ids) around the in-memory store.
 */
import { MemoryStore } from '../../functions/adapters/memory/memory-store.ts';
import { creditCodeCheckCharacter, idNumberCheckDigit } from '../../functions/domain/identifiers.ts';
import type { ApplicationBody, IndividualMember } from '../../functions/domain/model.ts';
import { DEFAULT_RUBRIC_VERSION } from '../../functions/domain/rubrics.ts';
import { RULEBOOK_2022 } from '../../functions/domain/rulebook.ts';
import type { Deps } from '../../functions/ports/deps.ts';
import type { Actor, AssignmentRecord, RoundRecord, SanctionRecord } from '../../functions/ports/records.ts';
import type { Store } from '../../functions/ports/store.ts';
import { completeEvidenceUpload } from '../../functions/use-cases/complete-evidence-upload.ts';
import { createApplication } from '../../functions/use-cases/create-application.ts';
import { requestEvidenceUpload } from '../../functions/use-cases/request-evidence-upload.ts';
import { submitApplication } from '../../functions/use-cases/submit-application.ts';
import { FakeEvidenceStore, fakeDeps, SettableClock, sha256Hex, TEST_PII, unusedWorkflow } from './fakes.ts';

// The statemachine suite takes these two from here.
export { FakeEvidenceStore, TEST_PII };

// ---------------------------------------------------------------------------------------------
// Identifiers
// ---------------------------------------------------------------------------------------------

/** A valid Unified Social Credit Code registered in `division` (default 小店区, Taiyuan). */
export function creditCode(division = '140105', organizationCode = 'MA0K12345'): string {
  const first17 = `91${division}${organizationCode}`;
  return first17 + creditCodeCheckCharacter(first17);
}

/** A valid resident ID number (GB 11643) born on `birth` (YYYYMMDD) with sequence `sequence`. */
export function idNumber(sequence = '123', birth = '19800101', division = '140105'): string {
  const first17 = `${division}${birth}${sequence}`;
  return first17 + idNumberCheckDigit(first17);
}

/** `code` with a wrong check character (position 18). */
export function withWrongCheckCharacter(code: string): string {
  const last = code.slice(-1);
  return code.slice(0, -1) + (last === '1' ? '2' : '1');
}

// ---------------------------------------------------------------------------------------------
// Bodies
// ---------------------------------------------------------------------------------------------

export type OrganizationBody = Extract<ApplicationBody, { category: 'organization' }>;
export type IndividualBody = Extract<ApplicationBody, { category: 'individual' }>;

/** A body that passes every basic condition for a call closing in 2026. */
export function organizationBody(
  overrides: Partial<Omit<OrganizationBody, 'category' | 'organization'>> & {
    organization?: Partial<OrganizationBody['organization']>;
  } = {},
): OrganizationBody {
  const { organization, ...rest } = overrides;
  return {
    category: 'organization',
    jurisdiction: '140105',
    declarations: { noMajorAccident3Years: true, noBadCreditRecord: true, compliesWithLaw: true },
    selfEvaluation: { items: { '4.1.1': 40, '4.2.1': 30 }, summary: '公司建立了卓越绩效管理模式。' },
    ...rest,
    organization: {
      name: '太原精工机械有限公司',
      creditCode: creditCode(),
      registeredOn: '2015-05-01',
      industry: 'manufacturing',
      sme: true,
      address: '太原市小店区长治路 1 号',
      contact: { name: '王经理', phone: '13812345678', email: 'quality@example.cn' },
      ...organization,
    },
  };
}

/** A member who has worked in quality since 2010 at a Taiyuan employer. */
export function member(overrides: Partial<IndividualMember> = {}): IndividualMember {
  return {
    name: '李质量',
    idNumber: idNumber(),
    employer: '太原精工机械有限公司',
    employerCreditCode: creditCode(),
    qualityWorkSince: '2010-01-01',
    ...overrides,
  };
}

/** An individual (joint) application passing every basic condition. */
export function individualBody(overrides: Partial<Omit<IndividualBody, 'category'>> = {}): IndividualBody {
  return {
    category: 'individual',
    members: [member()],
    jurisdiction: '140105',
    declarations: { employerNoMajorAccident3Years: true, compliesWithLaw: true },
    selfEvaluation: { items: { I1: 12 }, summary: '长期从事质量管理工作。' },
    ...overrides,
  };
}

// ---------------------------------------------------------------------------------------------
// Ports
// ---------------------------------------------------------------------------------------------

export const CONSENT_VERSION = '2026-01';

/** The instant tests start at: the call is open. */
export const NOW = '2026-04-01T02:00:00.000Z';

export interface TestDeps extends Deps {
  store: MemoryStore;
  evidence: FakeEvidenceStore;
  clock: SettableClock;
}

/** Deps on the in-memory store with a settable clock at `now`; the round flow must not be used. */
export function testDeps(now: string = NOW, store: MemoryStore = new MemoryStore()): TestDeps {
  const clock = new SettableClock(new Date(now));
  const evidence = new FakeEvidenceStore(clock);
  const deps = fakeDeps({
    store,
    clock,
    evidence,
    workflow: unusedWorkflow,
    pii: TEST_PII,
    consentVersion: CONSENT_VERSION,
    seedCalendarYears: [],
  });
  return { ...deps, store, clock, evidence };
}

// ---------------------------------------------------------------------------------------------
// Records
// ---------------------------------------------------------------------------------------------

/** A round of ordinal 2 whose call runs 2026-03-01 to 2026-07-01 00:00 Beijing time. */
export function roundRecord(overrides: Partial<RoundRecord> = {}): RoundRecord {
  return {
    roundId: 'round-2',
    ordinal: 2,
    title: '第二届太原市政府质量奖',
    stage: 'call-open',
    callOpensAt: '2026-03-01T00:00:00.000Z',
    callClosesAt: '2026-06-30T16:00:00.000Z',
    quotas: RULEBOOK_2022.quotas,
    weights: RULEBOOK_2022.defaultWeights,
    minimumPercent: {},
    rulebookVersion: RULEBOOK_2022.version,
    rubricVersion: DEFAULT_RUBRIC_VERSION,
    windowIds: [],
    stageHistory: [{ stage: 'call-open', at: '2026-02-01T00:00:00.000Z', by: 'staff-1' }],
    createdAt: '2026-02-01T00:00:00.000Z',
    createdBy: 'staff-1',
    version: 0,
    ...overrides,
  };
}

/** Stores a round (new, or over the stored version). */
export async function saveRound(store: Store, round: RoundRecord): Promise<RoundRecord> {
  await store.commit({ changes: [{ op: 'put', entity: { type: 'round', record: round } }], audit: [] });
  return (await store.getRound(round.roundId))!;
}

/** Moves a stored round to `stage` (as the round flow would). */
export async function setRoundStage(
  store: Store,
  roundId: string,
  stage: RoundRecord['stage'],
): Promise<void> {
  const round = (await store.getRound(roundId))!;
  await saveRound(store, { ...round, stage });
}

export function sanctionRecord(overrides: Partial<SanctionRecord> = {}): SanctionRecord {
  return {
    sanctionId: 'sanction-1',
    kind: 'award-holder',
    subjectType: 'organization',
    subjectKey: creditCode(),
    subjectMasked: creditCode(),
    barredFromOrdinal: 2,
    barredThroughOrdinal: 3,
    reason: '第1届市政府质量奖获得者',
    source: { imported: true },
    createdAt: '2026-01-01T00:00:00.000Z',
    createdBy: 'staff-1',
    version: 0,
    ...overrides,
  };
}

export async function saveSanction(store: Store, sanction: SanctionRecord): Promise<void> {
  await store.commit({ changes: [{ op: 'put', entity: { type: 'sanction', record: sanction } }], audit: [] });
}

export function assignmentRecord(overrides: Partial<AssignmentRecord> = {}): AssignmentRecord {
  return {
    roundId: 'round-2',
    applicationId: 'app_0001',
    stage: 'material',
    reviewerId: 'reviewer-1',
    status: 'active',
    assignedAt: '2026-08-01T00:00:00.000Z',
    assignedBy: 'staff-1',
    version: 0,
    ...overrides,
  };
}

export async function saveAssignment(store: Store, assignment: AssignmentRecord): Promise<void> {
  await store.commit({
    changes: [{ op: 'put', entity: { type: 'assignment', record: assignment } }],
    audit: [],
  });
}

// ---------------------------------------------------------------------------------------------
// Actors
// ---------------------------------------------------------------------------------------------

export const applicant = (sub = 'applicant-1'): Actor => ({ sub, roles: ['applicant'], name: '申报人' });
export const staff = (sub = 'staff-1'): Actor => ({ sub, roles: ['staff'], name: '评选办' });
export const leader = (): Actor => ({ sub: 'leader-1', roles: ['leader'] });
export const supervisor = (): Actor => ({ sub: 'supervisor-1', roles: ['supervisor'] });
export const recommender = (jurisdiction = '140105', sub = `recommender-${jurisdiction}`): Actor => ({
  sub,
  roles: ['recommender'],
  jurisdiction,
});
export const reviewer = (sub = 'reviewer-1'): Actor => ({ sub, roles: ['reviewer'] });

/** A small PDF-like file and its declaration. */
export function evidenceFile(content = '%PDF-1.7 质量奖证实材料') {
  const bytes = Buffer.from(content);
  return {
    content: bytes,
    declaration: {
      fileName: '质量管理体系证书.pdf',
      contentType: 'application/pdf',
      size: bytes.length,
      sha256: sha256Hex(bytes),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Scenarios
// ---------------------------------------------------------------------------------------------

/** A draft with one verified evidence file, created through the use cases. */
export async function draftWithEvidence(
  deps: TestDeps,
  owner: Actor = applicant(),
  body: ApplicationBody = organizationBody(),
  roundId = 'round-2',
) {
  const created = await createApplication(deps, owner, { roundId, body });
  const applicationId = created.application.applicationId;
  const file = evidenceFile();
  const { evidence } = await requestEvidenceUpload(deps, owner, { applicationId, ...file.declaration });
  deps.evidence.put(evidence.key, file.content, file.declaration.contentType);
  await completeEvidenceUpload(deps, owner, { applicationId, evidenceId: evidence.evidenceId });
  return { applicationId, evidenceId: evidence.evidenceId, key: evidence.key };
}

/** A submitted application (draft with evidence, then submitted). */
export async function submittedApplication(
  deps: TestDeps,
  owner: Actor = applicant(),
  body: ApplicationBody = organizationBody(),
) {
  const draft = await draftWithEvidence(deps, owner, body);
  await submitApplication(deps, owner, { applicationId: draft.applicationId });
  return draft;
}
