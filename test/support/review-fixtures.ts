/**
 * Fakes and seeds for the review, publicity and award use-case tests: the in-memory store, a
 * settable clock, sequential ids, a recording workflow, a transparent PII protector, and records
 * stored directly (as earlier stages would have left them).
 */
import { MemoryStore } from '../../functions/adapters/memory/memory-store.ts';
import { creditCodeCheckCharacter, idNumberCheckDigit } from '../../functions/domain/identifiers.ts';
import type { Deps } from '../../functions/ports/deps.ts';
import type {
  Actor,
  ApplicationRecord,
  AssignmentRecord,
  AwardRecord,
  ObjectionRecord,
  ReviewerRecord,
  RoundRecord,
  ScoreRecord,
  TaskTokenRecord,
  WindowRecord,
} from '../../functions/ports/records.ts';
import type { Store, StoredEntity } from '../../functions/ports/store.ts';
import type { RoundWorkflow } from '../../functions/ports/workflow.ts';
import { fakeDeps, opaquePii, RecordingWorkflow, SettableClock } from './fakes.ts';
import { seedRound as seedRoundAt } from './rounds-fakes.ts';

export interface ReviewFixture {
  deps: Deps;
  store: MemoryStore;
  clock: SettableClock;
  workflow: RecordingWorkflow;
}

/** What the seeds need: a store to write to and the PII protector (the memory or the DynamoDB store). */
export interface Seedable {
  deps: Pick<Deps, 'pii'>;
  store: Store;
}

/** Deps on the memory store with the clock at `now`. PII "encryption" hides the text behind `enc:`. */
export function reviewFixture(now = '2026-07-01T02:00:00Z'): ReviewFixture {
  const store = new MemoryStore();
  const clock = new SettableClock(new Date(now));
  const workflow = new RecordingWorkflow();
  return { deps: reviewDeps(store, clock, workflow), store, clock, workflow };
}

/** Deps around `store` with fakes for the rest (also used by the HTTP tests on DynamoDB Local). */
export function reviewDeps(store: Store, clock: SettableClock, workflow: RoundWorkflow): Deps {
  return fakeDeps({ store, clock, workflow, pii: opaquePii });
}

export const STAFF: Actor = { sub: 'staff-1', roles: ['staff'], name: '评选办' };
export const SUPERVISOR: Actor = { sub: 'supervisor-1', roles: ['supervisor'] };
export const APPLICANT: Actor = { sub: 'owner-app-1', roles: ['applicant'] };
export const reviewer = (sub: string): Actor => ({ sub, roles: ['reviewer'] });

/** A valid Taiyuan credit code (division 140105) whose organization code ends in `serial`. */
export function creditCode(serial: number): string {
  const first17 = `91140105MA${String(serial).padStart(7, '0')}`;
  return first17 + creditCodeCheckCharacter(first17);
}

/** A valid resident ID number born on 1980-01-01 with sequence `serial`. */
export function idNumber(serial: number): string {
  const first17 = `14010519800101${String(serial).padStart(3, '0')}`;
  return first17 + idNumberCheckDigit(first17);
}

export const ORG_CODE = creditCode(1);

async function put(fx: Seedable, entity: StoredEntity): Promise<void> {
  await fx.store.commit({ changes: [{ op: 'put', entity }], audit: [] });
}

/** Stores a round, by default in material review with no stage history. */
export function seedRound(
  fx: Seedable,
  patch: Partial<RoundRecord> & { roundId: string },
): Promise<RoundRecord> {
  return seedRoundAt(fx, { stage: 'material-review', stageHistory: [], ...patch });
}

export async function seedApplication(
  fx: Seedable,
  patch: Partial<ApplicationRecord> & { applicationId: string; roundId: string },
): Promise<ApplicationRecord> {
  const application: ApplicationRecord = {
    version: 0,
    ownerSub: `owner-${patch.applicationId}`,
    category: 'organization',
    displayName: `太原某某制造有限公司${patch.applicationId}`,
    status: 'in-review',
    jurisdiction: 'xiaodian',
    organization: {
      name: `太原某某制造有限公司${patch.applicationId}`,
      creditCode: ORG_CODE,
      registeredOn: '2010-01-01',
      industry: 'manufacturing',
      sme: true,
      contact: { name: '张三', phoneEncrypted: 'enc:x', phoneMasked: '138****5678' },
    },
    declarations: { noMajorAccident3Years: true, noBadCreditRecord: true, compliesWithLaw: true },
    selfEvaluation: { items: {}, summary: '' },
    conflictCodes: [ORG_CODE],
    subjectKeys: [ORG_CODE],
    vetting: null,
    createdAt: '2026-03-02T00:00:00.000Z',
    updatedAt: '2026-03-02T00:00:00.000Z',
    ...patch,
  };
  await put(fx, { type: 'application', record: application });
  return { ...application, version: 1 };
}

/** An individual application of two members (ID numbers 1 and 2). */
export async function seedIndividualApplication(
  fx: Seedable,
  patch: Partial<ApplicationRecord> & { applicationId: string; roundId: string },
): Promise<ApplicationRecord> {
  const members = [1, 2].map((n) => ({
    name: n === 1 ? '李四' : '王五',
    idNumberEncrypted: `enc:${idNumber(n)}`,
    idHash: fx.deps.pii.lookupKey(idNumber(n)),
    idMasked: `140*************${idNumber(n).slice(-2)}`,
    employer: '太原某某制造有限公司',
    employerCreditCode: creditCode(7),
    qualityWorkSince: '2010-01-01',
  }));
  return seedApplication(fx, {
    category: 'individual',
    displayName: '李四、王五',
    // Stored as JSON: an undefined member is dropped, as an individual application has no organization.
    organization: undefined,
    members,
    declarations: { employerNoMajorAccident3Years: true, compliesWithLaw: true },
    conflictCodes: [creditCode(7)],
    subjectKeys: members.map((m) => m.idHash),
    ...patch,
  });
}

export async function seedReviewer(
  fx: Seedable,
  patch: Partial<ReviewerRecord> & { reviewerId: string },
): Promise<ReviewerRecord> {
  const record: ReviewerRecord = {
    version: 0,
    name: `专家${patch.reviewerId}`,
    formerEmployers: [],
    fields: [],
    updatedAt: '2026-06-01T00:00:00.000Z',
    ...patch,
  };
  await put(fx, { type: 'reviewer', record });
  return { ...record, version: 1 };
}

export async function seedAssignment(
  fx: Seedable,
  patch: Partial<AssignmentRecord> & { applicationId: string; reviewerId: string; roundId: string },
): Promise<AssignmentRecord> {
  const record: AssignmentRecord = {
    version: 0,
    stage: 'material',
    status: 'active',
    assignedAt: '2026-06-15T00:00:00.000Z',
    assignedBy: 'staff-1',
    ...patch,
  };
  await put(fx, { type: 'assignment', record });
  return { ...record, version: 1 };
}

export async function seedScore(
  fx: Seedable,
  patch: Partial<ScoreRecord> & { applicationId: string; reviewerId: string; roundId: string },
): Promise<ScoreRecord> {
  const record: ScoreRecord = {
    version: 0,
    stage: 'material',
    items: { '4.1.1': 40 },
    total: 40,
    rubricVersion: '2022.1',
    updatedAt: '2026-06-20T00:00:00.000Z',
    ...patch,
  };
  await put(fx, { type: 'score', record });
  return { ...record, version: 1 };
}

export async function seedWindow(
  fx: Seedable,
  patch: Partial<WindowRecord> & { windowId: string; roundId: string },
): Promise<WindowRecord> {
  const record: WindowRecord = {
    version: 0,
    kind: 'accepted',
    opensAt: '2026-06-01T01:00:00.000Z',
    closesAt: '2026-06-07T16:00:00.000Z',
    minimumClosesAt: '2026-06-07T16:00:00.000Z',
    calendarVersion: 'chinese-days@1.5.7',
    status: 'open',
    entries: [
      { applicationId: 'app-1', displayName: '太原某某制造有限公司app-1', category: 'organization' },
      { applicationId: 'app-2', displayName: '李四、王五', category: 'individual' },
    ],
    struck: [],
    ...patch,
  };
  await put(fx, { type: 'window', record });
  return { ...record, version: 1 };
}

export async function seedObjection(
  fx: Seedable,
  patch: Partial<ObjectionRecord> & { objectionId: string; windowId: string; roundId: string },
): Promise<ObjectionRecord> {
  const record: ObjectionRecord = {
    version: 0,
    applicationId: 'app-1',
    objector: {
      name: '赵六',
      phoneEncrypted: 'enc:p',
      phoneMasked: '139****0000',
      creditCode: creditCode(9),
    },
    content: '该企业申报材料中的销售数据与实际情况不符。',
    status: 'pending',
    createdAt: '2026-06-02T00:00:00.000Z',
    ...patch,
  };
  await put(fx, { type: 'objection', record });
  return { ...record, version: 1 };
}

export async function seedAward(
  fx: Seedable,
  patch: Partial<AwardRecord> & { awardId: string; roundId: string; applicationId: string },
): Promise<AwardRecord> {
  const record: AwardRecord = {
    version: 0,
    ordinal: 1,
    displayName: `太原某某制造有限公司${patch.applicationId}`,
    category: 'organization',
    tier: 'award',
    status: 'active',
    awardedOn: '2026-12-20',
    documentNo: '并政函〔2026〕100号',
    ...patch,
  };
  await put(fx, { type: 'award', record });
  return { ...record, version: 1 };
}

export async function seedToken(
  fx: Seedable,
  patch: Partial<TaskTokenRecord> & { roundId: string; waitFor: string },
): Promise<TaskTokenRecord> {
  const record: TaskTokenRecord = {
    version: 0,
    token: `token:${patch.waitFor}`,
    createdAt: '2026-06-01T00:00:00.000Z',
    ...patch,
  };
  await put(fx, { type: 'task-token', record });
  return { ...record, version: 1 };
}

/** Runs `fn` and returns the DomainError-like object it threw (fails the test if nothing was thrown). */
export async function caught(fn: () => Promise<unknown>): Promise<{
  code: string;
  message: string;
  findings: { path: string; code: string; message: string; article?: string }[];
}> {
  try {
    await fn();
  } catch (error) {
    return error as never;
  }
  throw new Error('expected an error');
}
