/**
 * One contract for every Store implementation: the DynamoDB store (against DynamoDB Local) and the
 * in-memory fake run the same tests, so the fake used by use-case tests cannot drift from the real
 * thing. Each test gets a fresh, empty store from the harness.
 */
import { describe, expect, it } from 'vitest';
import { auditChainIsIntact, findAuditChainBreak, GENESIS_HASH } from '../../functions/domain/audit-chain.ts';
import { DomainError } from '../../functions/domain/errors.ts';
import type {
  ApplicationRecord,
  AssignmentRecord,
  AuditEntry,
  AuditEvent,
  AwardRecord,
  CalendarYearRecord,
  ConflictRecord,
  DecisionRecord,
  EvidenceRecord,
  ObjectionRecord,
  RankingRecord,
  ReviewerRecord,
  RoundRecord,
  SanctionRecord,
  ScoreRecord,
  TaskTokenRecord,
  WindowRecord,
} from '../../functions/ports/records.ts';
import type { Change, Store, StoredEntity } from '../../functions/ports/store.ts';
import { verifyAuditChains } from '../../functions/use-cases/verify-audit-chains.ts';
import { claimWait } from '../../functions/use-cases/workflow/resume-wait.ts';
import { CALL_CLOSE_WAIT, closeWaitFor, stageWait } from '../../functions/use-cases/workflow/waits.ts';

/** How a harness may build its store; a store without pages of its own ignores it. */
export interface HarnessOptions {
  /** Items per request of the queries the store follows through every page (DynamoDB `Limit`). */
  queryPageLimit?: number;
}

export interface StoreHarness {
  store: Store;
  /** Overwrites fields of one stored audit entry behind the store's back (a tampering insider). */
  tamperWithAudit(entityId: string, seq: number, patch: Partial<AuditEntry>): Promise<void>;
}

// ---- fixtures -------------------------------------------------------------------------------

const AT = '2026-03-01T02:00:00.000Z';

export const aRound = (roundId: string, ordinal: number, over: Partial<RoundRecord> = {}): RoundRecord => ({
  version: 0,
  roundId,
  ordinal,
  title: `太原市第${ordinal}届政府质量奖`,
  stage: 'call-open',
  callOpensAt: AT,
  callClosesAt: '2026-05-01T16:00:00.000Z',
  quotas: { award: 5, nomination: 10 },
  weights: { material: 0.3, onsite: 0.5, defense: 0.2 },
  minimumPercent: {},
  rulebookVersion: '2022-10-15',
  rubricVersion: 'gbt19580-2012.1',
  windowIds: [],
  stageHistory: [{ stage: 'call-open', at: AT, by: 'staff-1' }],
  createdAt: AT,
  createdBy: 'staff-1',
  ...over,
});

export const anApplication = (
  applicationId: string,
  roundId: string,
  over: Partial<ApplicationRecord> = {},
): ApplicationRecord => ({
  version: 0,
  applicationId,
  roundId,
  ownerSub: 'owner-1',
  category: 'organization',
  displayName: '太原重型机械集团有限公司',
  status: 'submitted',
  jurisdiction: '140105',
  organization: {
    name: '太原重型机械集团有限公司',
    creditCode: '91140100110013186P',
    registeredOn: '1998-06-01',
    industry: 'manufacturing',
    sme: false,
    contact: { name: '张三', phoneEncrypted: 'enc:abc', phoneMasked: '138****0000' },
  },
  declarations: { noMajorAccident3Years: true, noBadCreditRecord: true, compliesWithLaw: true },
  selfEvaluation: { items: { '4.1.1': 40, '4.7.1': 70 }, summary: '自评摘要' },
  conflictCodes: ['91140100110013186P'],
  subjectKeys: ['91140100110013186P'],
  vetting: null,
  createdAt: AT,
  updatedAt: AT,
  ...over,
});

const anEvidence = (
  applicationId: string,
  evidenceId: string,
  over: Partial<EvidenceRecord> = {},
): EvidenceRecord => ({
  version: 0,
  evidenceId,
  applicationId,
  roundId: 'r1',
  fileName: '质量手册.pdf',
  contentType: 'application/pdf',
  size: 1024,
  sha256: 'a'.repeat(64),
  key: `rounds/r1/applications/${applicationId}/${evidenceId}`,
  status: 'pending',
  createdAt: AT,
  ...over,
});

const aReviewer = (reviewerId: string, over: Partial<ReviewerRecord> = {}): ReviewerRecord => ({
  version: 0,
  reviewerId,
  name: '李评审',
  formerEmployers: [{ creditCode: '91140100110013186P', until: '2020-01-01' }],
  fields: ['manufacturing'],
  updatedAt: AT,
  ...over,
});

const anAssignment = (
  roundId: string,
  applicationId: string,
  reviewerId: string,
  stage: AssignmentRecord['stage'] = 'material',
): AssignmentRecord => ({
  version: 0,
  roundId,
  applicationId,
  stage,
  reviewerId,
  status: 'active',
  assignedAt: AT,
  assignedBy: 'staff-1',
});

const aConflict = (
  applicationId: string,
  reviewerId: string,
  kind: ConflictRecord['kind'],
): ConflictRecord => ({
  version: 0,
  roundId: 'r1',
  applicationId,
  reviewerId,
  kind,
  reason: kind === 'declared' ? '曾任该企业顾问' : '同名不同单位',
  at: AT,
  by: kind === 'declared' ? reviewerId : 'staff-1',
});

const aScore = (
  applicationId: string,
  reviewerId: string,
  stage: ScoreRecord['stage'],
  roundId = 'r1',
): ScoreRecord => ({
  version: 0,
  roundId,
  applicationId,
  stage,
  reviewerId,
  items: { '4.1.1': 35 },
  total: 35,
  rubricVersion: 'gbt19580-2012.1',
  updatedAt: AT,
});

const aRanking = (roundId: string, rows: number): RankingRecord => ({
  version: 0,
  roundId,
  computedAt: AT,
  rows: Array.from({ length: rows }, (_, i) => ({
    applicationId: `app-${String(i).padStart(4, '0')}`,
    category: i % 3 === 0 ? 'individual' : 'organization',
    displayName: `山西省太原市第${i}号申报单位有限责任公司`,
    stageScores: { material: 700.5 + (i % 7), onsite: 650 + (i % 11), defense: 80.25 },
    stagePercents: { material: 0.7005, onsite: 0.65, defense: 0.8025 },
    compositePercent: 0.7123456789 - i / 100_000,
    rank: i + 1,
    proposedTier: i < 5 ? 'award' : i < 15 ? 'nomination' : null,
    flags: i % 10 === 0 ? ['spread-above-15-percent'] : [],
  })),
});

const aDecision = (roundId: string): DecisionRecord => ({
  version: 0,
  roundId,
  award: ['a1'],
  nomination: ['a2', 'a3'],
  changedFromProposal: false,
  by: 'leader-1',
  at: AT,
});

const aWindow = (windowId: string, over: Partial<WindowRecord> = {}): WindowRecord => ({
  version: 0,
  windowId,
  roundId: 'r1',
  kind: 'accepted',
  opensAt: '2026-09-28T02:00:00.000Z',
  closesAt: '2026-10-10T16:00:00.000Z',
  minimumClosesAt: '2026-10-10T16:00:00.000Z',
  calendarVersion: '2026:state-council',
  status: 'open',
  entries: [{ applicationId: 'a1', displayName: '某公司', category: 'organization' }],
  struck: [],
  ...over,
});

const anObjection = (
  objectionId: string,
  windowId: string,
  roundId: string,
  createdAt: string,
): ObjectionRecord => ({
  version: 0,
  objectionId,
  windowId,
  roundId,
  applicationId: 'a1',
  objector: {
    name: '王五',
    phoneEncrypted: 'enc:x',
    phoneMasked: '139****1111',
    creditCode: '91140100110013186P',
  },
  content: '申报材料中的产值数据与实际不符',
  status: 'pending',
  createdAt,
});

const anAward = (awardId: string, roundId: string, ordinal: number): AwardRecord => ({
  version: 0,
  awardId,
  roundId,
  ordinal,
  applicationId: `app-${awardId}`,
  displayName: '某公司',
  category: 'organization',
  tier: 'award',
  status: 'active',
  awardedOn: '2026-12-20',
  documentNo: '并政发〔2026〕1号',
});

const aSanction = (sanctionId: string, subjectKey: string, createdAt = AT): SanctionRecord => ({
  version: 0,
  sanctionId,
  kind: 'award-holder',
  subjectType: 'organization',
  subjectKey,
  subjectMasked: `${subjectKey.slice(0, 4)}****`,
  barredFromOrdinal: 2,
  barredThroughOrdinal: 3,
  reason: '第1届质量奖获奖单位，Art. 6',
  source: { roundId: 'r1' },
  createdAt,
  createdBy: 'system',
});

const aCalendarYear = (year: number): CalendarYearRecord => ({
  version: 0,
  year,
  holidays: [`${year}-10-01`],
  workdays: [`${year}-10-10`],
  source: 'chinese-days@1.5.7',
  updatedAt: AT,
  updatedBy: 'staff-1',
});

const aTaskToken = (roundId: string, waitFor: string, dueAt?: string): TaskTokenRecord => ({
  version: 0,
  roundId,
  waitFor,
  token: `token-${roundId}-${waitFor}`,
  ...(dueAt === undefined ? {} : { dueAt }),
  createdAt: AT,
});

const anEvent = (entityId: string, action: string, over: Partial<AuditEvent> = {}): AuditEvent => ({
  entityId,
  entityType: 'round',
  action,
  actor: 'staff-1',
  role: 'staff',
  at: AT,
  ...over,
});

const put = (entity: StoredEntity): Change => ({ op: 'put', entity });
const remove = (entity: StoredEntity): Change => ({ op: 'delete', entity });
const stored = <T extends { version: number }>(record: T, version = 1): T => ({ ...record, version });

async function expectVersionConflict(promise: Promise<unknown>): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe('VERSION_CONFLICT');
}

// ---- the contract ---------------------------------------------------------------------------

export function describeStoreContract(
  name: string,
  newHarness: (options?: HarnessOptions) => Promise<StoreHarness>,
): void {
  const newStore = async () => (await newHarness()).store;

  describe(`${name}: records`, () => {
    it('round-trips every entity type exactly, with the version incremented', async () => {
      // Prepare
      const store = await newStore();
      const round = aRound('r1', 1, {
        escalations: [{ at: AT, waitingFor: stageWait('qualification'), note: '超时' }],
      });
      const application = anApplication('a1', 'r1', {
        members: [
          {
            name: '赵六',
            idNumberEncrypted: 'enc:id',
            idHash: 'h1',
            idMasked: '140***********12',
            employer: '某公司',
            employerCreditCode: '91140100110013186P',
            qualityWorkSince: '2015-01-01',
          },
        ],
        vetting: {
          passed: false,
          findings: [{ path: 'organization.creditCode', code: 'X', message: '不符合' }],
          at: AT,
        },
      });
      const entities: StoredEntity[] = [
        { type: 'round', record: round },
        { type: 'application', record: application },
        { type: 'evidence', record: anEvidence('a1', 'e1') },
        { type: 'reviewer', record: aReviewer('rv1', { organizationCode: '91140100MA0000000X' }) },
        { type: 'assignment', record: anAssignment('r1', 'a1', 'rv1') },
        { type: 'conflict', record: aConflict('a1', 'rv1', 'declared') },
        { type: 'score', record: aScore('a1', 'rv1', 'material') },
        { type: 'ranking', record: aRanking('r1', 3) },
        { type: 'decision', record: aDecision('r1') },
        { type: 'window', record: aWindow('w1') },
        { type: 'objection', record: anObjection('o1', 'w1', 'r1', AT) },
        { type: 'award', record: anAward('aw1', 'r1', 1) },
        { type: 'sanction', record: aSanction('s1', '91140100110013186P') },
        { type: 'calendar-year', record: aCalendarYear(2026) },
        { type: 'task-token', record: aTaskToken('r1', CALL_CLOSE_WAIT, '2026-05-01T16:00:00.000Z') },
      ];

      // Act
      await store.commit({ changes: entities.map(put), audit: [] });

      // Assess
      expect(await store.getRound('r1')).toStrictEqual(stored(round));
      expect(await store.getApplication('a1')).toStrictEqual(stored(application));
      expect(await store.getEvidence('a1', 'e1')).toStrictEqual(stored(anEvidence('a1', 'e1')));
      expect(await store.getReviewer('rv1')).toStrictEqual(
        stored(aReviewer('rv1', { organizationCode: '91140100MA0000000X' })),
      );
      expect(await store.listAssignmentsForApplication('a1')).toStrictEqual([
        stored(anAssignment('r1', 'a1', 'rv1')),
      ]);
      expect(await store.listConflictsForApplication('a1')).toStrictEqual([
        stored(aConflict('a1', 'rv1', 'declared')),
      ]);
      expect(await store.listScoresForApplication('a1')).toStrictEqual([
        stored(aScore('a1', 'rv1', 'material')),
      ]);
      expect(await store.getRanking('r1')).toStrictEqual(stored(aRanking('r1', 3)));
      expect(await store.getDecision('r1')).toStrictEqual(stored(aDecision('r1')));
      expect(await store.getWindow('w1')).toStrictEqual(stored(aWindow('w1')));
      expect(await store.getObjection('o1')).toStrictEqual(stored(anObjection('o1', 'w1', 'r1', AT)));
      expect(await store.getAward('aw1')).toStrictEqual(stored(anAward('aw1', 'r1', 1)));
      expect(await store.listSanctionsForSubjects(['91140100110013186P'])).toStrictEqual([
        stored(aSanction('s1', '91140100110013186P')),
      ]);
      expect(await store.getCalendarYear(2026)).toStrictEqual(stored(aCalendarYear(2026)));
      expect(await store.getTaskToken('r1', CALL_CLOSE_WAIT)).toStrictEqual(
        stored(aTaskToken('r1', CALL_CLOSE_WAIT, '2026-05-01T16:00:00.000Z')),
      );
    });

    it('answers null for records that do not exist', async () => {
      // Prepare
      const store = await newStore();

      // Act
      const answers = await Promise.all([
        store.getRound('nope'),
        store.getApplication('nope'),
        store.getEvidence('nope', 'nope'),
        store.getReviewer('nope'),
        store.getRanking('nope'),
        store.getDecision('nope'),
        store.getWindow('nope'),
        store.getObjection('nope'),
        store.getAward('nope'),
        store.getCalendarYear(1999),
        store.getTaskToken('nope', 'nope'),
      ]);

      // Assess
      expect(answers.every((answer) => answer === null)).toBe(true);
      expect(await store.listAudit('nope')).toEqual([]);
    });

    it('drops undefined members and does not mutate the records it commits', async () => {
      // Prepare
      const store = await newStore();
      const score: ScoreRecord = { ...aScore('a1', 'rv1', 'onsite'), comment: undefined };

      // Act
      await store.commit({ changes: [put({ type: 'score', record: score })], audit: [] });

      // Assess
      expect(score.version).toBe(0);
      const [read] = await store.listScoresForApplication('a1');
      expect(read).toStrictEqual(stored(aScore('a1', 'rv1', 'onsite')));
      expect(read && 'comment' in read).toBe(false);
    });

    it('round-trips a 1,000-row ranking (close to the 400 KB item limit uncompressed)', async () => {
      // Prepare
      const store = await newStore();
      const ranking = aRanking('r1', 1000);

      // Act
      await store.commit({ changes: [put({ type: 'ranking', record: ranking })], audit: [] });

      // Assess
      expect(await store.getRanking('r1')).toStrictEqual(stored(ranking));
    });

    it('writes version + 1 on each update', async () => {
      // Prepare
      const store = await newStore();
      await store.commit({ changes: [put({ type: 'round', record: aRound('r1', 1) })], audit: [] });
      const first = (await store.getRound('r1'))!;

      // Act
      await store.commit({
        changes: [put({ type: 'round', record: { ...first, stage: 'qualification' } })],
        audit: [],
      });

      // Assess
      expect(await store.getRound('r1')).toStrictEqual({
        ...aRound('r1', 1),
        stage: 'qualification',
        version: 2,
      });
    });

    it('does nothing for an empty unit', async () => {
      // Prepare
      const store = await newStore();

      // Act
      await store.commit({ changes: [], audit: [] });

      // Assess
      expect(await store.listRounds()).toEqual([]);
    });
  });

  describe(`${name}: optimistic locking and atomicity`, () => {
    it('refuses a stale update with VERSION_CONFLICT', async () => {
      // Prepare
      const store = await newStore();
      await store.commit({
        changes: [put({ type: 'application', record: anApplication('a1', 'r1') })],
        audit: [],
      });
      const read = (await store.getApplication('a1'))!;
      await store.commit({
        changes: [put({ type: 'application', record: { ...read, status: 'recommended' } })],
        audit: [],
      });

      // Act
      const stale = store.commit({
        changes: [put({ type: 'application', record: { ...read, status: 'not-recommended' } })],
        audit: [],
      });

      // Assess
      await expectVersionConflict(stale);
      expect((await store.getApplication('a1'))?.status).toBe('recommended');
    });

    it('refuses to create the same record twice', async () => {
      // Prepare
      const store = await newStore();
      await store.commit({ changes: [put({ type: 'round', record: aRound('r1', 1) })], audit: [] });

      // Act
      const again = store.commit({
        changes: [put({ type: 'round', record: aRound('r1', 1, { title: '另一届' }) })],
        audit: [],
      });

      // Assess
      await expectVersionConflict(again);
      expect((await store.getRound('r1'))?.title).toBe('太原市第1届政府质量奖');
    });

    it('refuses an update of a record that was never created', async () => {
      // Prepare
      const store = await newStore();

      // Act
      const update = store.commit({
        changes: [put({ type: 'window', record: aWindow('w1', { version: 3 }) })],
        audit: [],
      });

      // Assess
      await expectVersionConflict(update);
      expect(await store.getWindow('w1')).toBeNull();
    });

    it('writes nothing, audit included, when one condition of the unit fails', async () => {
      // Prepare
      const store = await newStore();
      await store.commit({ changes: [put({ type: 'round', record: aRound('r1', 1) })], audit: [] });

      // Act
      const unit = store.commit({
        changes: [
          put({ type: 'application', record: anApplication('a1', 'r1') }),
          put({ type: 'evidence', record: anEvidence('a1', 'e1') }),
          put({ type: 'round', record: aRound('r1', 1, { version: 7 }) }),
        ],
        audit: [anEvent('a1', 'application.created'), anEvent('r1', 'round.advanced')],
      });

      // Assess
      await expectVersionConflict(unit);
      expect(await store.getApplication('a1')).toBeNull();
      expect(await store.getEvidence('a1', 'e1')).toBeNull();
      expect(await store.getRound('r1')).toStrictEqual(stored(aRound('r1', 1)));
      expect(await store.listAudit('a1')).toEqual([]);
      expect(await store.listAudit('r1')).toEqual([]);
    });

    it('consumes a task token exactly once', async () => {
      // Prepare
      const store = await newStore();
      const token = aTaskToken('r1', stageWait('qualification'));
      await store.commit({ changes: [put({ type: 'task-token', record: token })], audit: [] });
      const read = (await store.getTaskToken('r1', stageWait('qualification')))!;

      // Act
      await store.commit({ changes: [remove({ type: 'task-token', record: read })], audit: [] });
      const second = store.commit({ changes: [remove({ type: 'task-token', record: read })], audit: [] });

      // Assess
      await expectVersionConflict(second);
      expect(await store.getTaskToken('r1', stageWait('qualification'))).toBeNull();
    });

    it('claims a task token once and lists the claim as due when its grace ends', async () => {
      // Prepare
      const store = await newStore();
      const token = aTaskToken('r1', stageWait('qualification'));
      await store.commit({ changes: [put({ type: 'task-token', record: token })], audit: [] });
      const read = (await store.getTaskToken('r1', stageWait('qualification')))!;
      const now = new Date('2026-06-10T00:00:00.000Z');

      // Act
      const mine = claimWait(read, now);
      await store.commit({ changes: [mine.change], audit: [] });
      const theirs = store.commit({ changes: [claimWait(read, now).change], audit: [] });

      // Assess
      await expectVersionConflict(theirs);
      expect(await store.getTaskToken('r1', stageWait('qualification'))).toStrictEqual(mine.claim);
      expect(await store.listTaskTokensDue('2026-06-10T00:01:59.999Z')).toEqual([]);
      expect(await store.listTaskTokensDue(mine.claim.dueAt as string)).toStrictEqual([mine.claim]);
    });

    it('refuses a delete with a stale version and keeps the record', async () => {
      // Prepare
      const store = await newStore();
      await store.commit({
        changes: [put({ type: 'task-token', record: aTaskToken('r1', CALL_CLOSE_WAIT) })],
        audit: [],
      });
      const read = (await store.getTaskToken('r1', CALL_CLOSE_WAIT))!;
      await store.commit({
        changes: [put({ type: 'task-token', record: { ...read, token: 'renewed' } })],
        audit: [],
      });

      // Act
      const stale = store.commit({ changes: [remove({ type: 'task-token', record: read })], audit: [] });

      // Assess
      await expectVersionConflict(stale);
      expect((await store.getTaskToken('r1', CALL_CLOSE_WAIT))?.token).toBe('renewed');
    });

    it('treats an oversized or ambiguous unit as a programming error and writes nothing', async () => {
      // Prepare
      const store = await newStore();
      const many = Array.from({ length: 99 }, (_, i) =>
        put({ type: 'evidence', record: anEvidence('a1', `e${String(i).padStart(3, '0')}`) }),
      );
      const twice = [
        put({ type: 'round', record: aRound('r1', 1) }),
        put({ type: 'round', record: aRound('r1', 1) }),
      ];

      // Act
      const oversized = store.commit({ changes: many, audit: [anEvent('a1', 'evidence.added')] });
      const ambiguous = store.commit({ changes: twice, audit: [] });
      const neverStored = store.commit({
        changes: [remove({ type: 'round', record: aRound('r2', 2) })],
        audit: [],
      });

      // Assess
      await expect(oversized).rejects.toThrow(/limit is 100/);
      await expect(oversized).rejects.not.toBeInstanceOf(DomainError);
      await expect(ambiguous).rejects.toThrow(/twice/);
      await expect(neverStored).rejects.toThrow(/never stored/);
      expect(await store.listEvidence('a1')).toEqual([]);
      expect(await store.getRound('r1')).toBeNull();
    });

    it('accepts a unit of exactly 100 items', async () => {
      // Prepare
      const store = await newStore();
      const changes = Array.from({ length: 98 }, (_, i) =>
        put({ type: 'evidence', record: anEvidence('a1', `e${String(i).padStart(3, '0')}`) }),
      );

      // Act
      await store.commit({ changes, audit: [anEvent('a1', 'evidence.added')] });

      // Assess
      expect(await store.listEvidence('a1')).toHaveLength(98);
      expect(await store.listAudit('a1')).toHaveLength(1);
    });
  });

  describe(`${name}: audit trail`, () => {
    it('chains each entity’s entries from genesis across several commits', async () => {
      // Prepare
      const store = await newStore();
      const before = { stage: 'call-open', nested: { z: 1, a: [1, '二', null] } };

      // Act
      await store.commit({
        changes: [put({ type: 'round', record: aRound('r1', 1) })],
        audit: [anEvent('r1', 'round.created', { after: { stage: 'call-open' } })],
      });
      await store.commit({
        changes: [put({ type: 'application', record: anApplication('a1', 'r1') })],
        audit: [
          anEvent('a1', 'application.created', {
            entityType: 'application',
            role: 'applicant',
            actor: 'owner-1',
          }),
        ],
      });
      await store.commit({
        changes: [],
        audit: [
          anEvent('r1', 'round.advanced', { before, after: { stage: 'qualification' } }),
          anEvent('a1', 'application.submitted', { entityType: 'application' }),
          anEvent('r1', 'round.extended', { at: '2026-03-02T00:00:00.000Z' }),
        ],
      });

      // Assess
      const roundTrail = await store.listAudit('r1');
      const applicationTrail = await store.listAudit('a1');
      expect(roundTrail.map((e) => [e.seq, e.action])).toEqual([
        [1, 'round.created'],
        [2, 'round.advanced'],
        [3, 'round.extended'],
      ]);
      expect(applicationTrail.map((e) => e.seq)).toEqual([1, 2]);
      expect(roundTrail[0]?.prevHash).toBe(GENESIS_HASH);
      expect(roundTrail[1]?.prevHash).toBe(roundTrail[0]?.hash);
      expect(roundTrail[1]?.before).toEqual(before);
      expect(roundTrail[0]).toStrictEqual({
        ...anEvent('r1', 'round.created', { after: { stage: 'call-open' } }),
        seq: 1,
        prevHash: GENESIS_HASH,
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      expect(auditChainIsIntact(roundTrail)).toBe(true);
      expect(auditChainIsIntact([...roundTrail, ...applicationTrail])).toBe(true);
    });

    it('shows tampering with a stored entry', async () => {
      // Prepare
      const harness = await newHarness();
      await harness.store.commit({
        changes: [],
        audit: [
          anEvent('r1', 'round.created'),
          anEvent('r1', 'round.advanced', { after: { stage: 'qualification' } }),
          anEvent('r1', 'round.advanced', { after: { stage: 'accepted-publicity' } }),
        ],
      });

      // Act
      await harness.tamperWithAudit('r1', 2, { actor: 'someone-else' });

      // Assess
      const trail = await harness.store.listAudit('r1');
      expect(trail).toHaveLength(3);
      expect(auditChainIsIntact(trail)).toBe(false);
      expect(findAuditChainBreak(trail)).toEqual({ entityId: 'r1', seq: 2, reason: 'hash' });
    });

    it('lists every chain head, paged, and the daily verifier finds the tampered chain', async () => {
      // Prepare
      const harness = await newHarness();
      await harness.store.commit({
        changes: [],
        audit: [
          anEvent('r1', 'round.created'),
          anEvent('r1', 'round.advanced', { after: { stage: 'qualification' } }),
          anEvent('r2', 'round.created'),
          anEvent('r3', 'round.created'),
        ],
      });
      const first = await harness.store.listAuditChains({ limit: 2 });
      const rest = await harness.store.listAuditChains({ limit: 2, nextToken: first.nextToken! });
      const clean = await verifyAuditChains({ store: harness.store }, { pageSize: 1 });

      // Act
      await harness.tamperWithAudit('r2', 1, { after: { forged: true } });
      const tampered = await verifyAuditChains({ store: harness.store }, { pageSize: 1 });

      // Assess
      expect([...first.items, ...rest.items].map((h) => [h.entityId, h.seq])).toEqual([
        ['r1', 2],
        ['r2', 1],
        ['r3', 1],
      ]);
      expect(clean).toEqual({ chains: 3, entries: 4, breaks: [] });
      expect(tampered.breaks).toEqual([{ entityId: 'r2', seq: 1, reason: 'hash' }]);
    });

    it('searches by actor, round and time range, newest first', async () => {
      // Prepare
      const store = await newStore();
      const at = (minute: number) => `2026-06-01T00:0${minute}:00.000Z`;
      await store.commit({
        changes: [],
        audit: [
          { ...anEvent('r1', 'round.created'), actor: 'staff-1', at: at(1), roundId: 'r1' },
          { ...anEvent('a1', 'application.created'), actor: 'owner-1', at: at(2), roundId: 'r1' },
          { ...anEvent('a1', 'application.submitted'), actor: 'owner-1', at: at(3), roundId: 'r1' },
          { ...anEvent('rev-1', 'reviewer.created'), actor: 'staff-1', at: at(4) },
        ],
      });

      // Act
      const byActor = await store.searchAudit({ actor: 'staff-1' });
      const byRound = await store.searchAudit({ roundId: 'r1', from: at(2) });
      const byTime = await store.searchAudit({ from: at(2), to: at(3) }, { limit: 1 });
      const next = await store.searchAudit(
        { from: at(2), to: at(3) },
        { limit: 1, nextToken: byTime.nextToken! },
      );

      // Assess
      expect(byActor.items.map((e) => e.action)).toEqual(['reviewer.created', 'round.created']);
      expect(byRound.items.map((e) => e.action)).toEqual(['application.submitted', 'application.created']);
      expect([...byTime.items, ...next.items].map((e) => e.action)).toEqual([
        'application.submitted',
        'application.created',
      ]);
      expect(byRound.items.every((e) => e.roundId === 'r1')).toBe(true);
    });

    it('keeps one chain per entity when commits append to it concurrently', async () => {
      // Prepare
      const store = await newStore();
      await store.commit({ changes: [], audit: [anEvent('r1', 'round.created')] });

      // Act
      await Promise.all(
        ['a1', 'a2', 'a3'].map((id) =>
          store.commit({
            changes: [put({ type: 'application', record: anApplication(id, 'r1') })],
            audit: [anEvent('r1', 'round.application-received', { after: { applicationId: id } })],
          }),
        ),
      );

      // Assess
      const trail = await store.listAudit('r1');
      expect(trail.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
      expect(auditChainIsIntact(trail)).toBe(true);
      expect(
        trail
          .slice(1)
          .map((e) => (e.after as { applicationId: string }).applicationId)
          .sort(),
      ).toEqual(['a1', 'a2', 'a3']);
    });
  });

  describe(`${name}: named queries`, () => {
    it('lists rounds by ordinal and only the running ones as active', async () => {
      // Prepare
      const store = await newStore();
      await store.commit({
        changes: [
          put({ type: 'round', record: aRound('r-b', 10, { stage: 'announced' }) }),
          put({ type: 'round', record: aRound('r-a', 2, { stage: 'defense' }) }),
          put({ type: 'round', record: aRound('r-c', 11) }),
        ],
        audit: [],
      });

      // Act
      const all = await store.listRounds();
      const active = await store.listActiveRounds();
      const rc = (await store.getRound('r-c'))!;
      await store.commit({
        changes: [put({ type: 'round', record: { ...rc, stage: 'announced' } })],
        audit: [],
      });
      const activeAfter = await store.listActiveRounds();

      // Assess
      expect(all.map((r) => r.roundId)).toEqual(['r-a', 'r-b', 'r-c']);
      expect(active.map((r) => r.roundId)).toEqual(['r-a', 'r-c']);
      expect(activeAfter.map((r) => r.roundId)).toEqual(['r-a']);
    });

    it('lists a round’s applications by status and jurisdiction, following status changes', async () => {
      // Prepare
      const store = await newStore();
      await store.commit({
        changes: [
          put({
            type: 'application',
            record: anApplication('a1', 'r1', { status: 'submitted', jurisdiction: '140105' }),
          }),
          put({
            type: 'application',
            record: anApplication('a2', 'r1', { status: 'recommended', jurisdiction: '140105' }),
          }),
          put({
            type: 'application',
            record: anApplication('a3', 'r1', { status: 'not-recommended', jurisdiction: '140106' }),
          }),
          put({
            type: 'application',
            record: anApplication('a4', 'r1', { status: 'submitted', jurisdiction: '140106' }),
          }),
          put({
            type: 'application',
            record: anApplication('a5', 'r2', { status: 'submitted', jurisdiction: '140105' }),
          }),
        ],
        audit: [],
      });
      const ids = (page: { items: ApplicationRecord[] }) => page.items.map((a) => a.applicationId);

      // Act
      const all = await store.listApplicationsByRound('r1', {});
      const submitted = await store.listApplicationsByRound('r1', { status: 'submitted' });
      const recommended = await store.listApplicationsByRound('r1', { status: 'recommended' });
      const district = await store.listApplicationsByRound('r1', { jurisdiction: '140106' });
      const both = await store.listApplicationsByRound('r1', { jurisdiction: '140105', status: 'submitted' });
      const a1 = (await store.getApplication('a1'))!;
      await store.commit({
        changes: [put({ type: 'application', record: { ...a1, status: 'recommended' } })],
        audit: [],
      });
      const submittedAfter = await store.listApplicationsByRound('r1', { status: 'submitted' });
      const recommendedAfter = await store.listApplicationsByRound('r1', { status: 'recommended' });

      // Assess: ordered by status, then id; 'recommended#' never matches 'not-recommended'.
      expect(ids(all)).toEqual(['a3', 'a2', 'a1', 'a4']);
      expect(ids(submitted)).toEqual(['a1', 'a4']);
      expect(ids(recommended)).toEqual(['a2']);
      expect(ids(district)).toEqual(['a3', 'a4']);
      expect(ids(both)).toEqual(['a1']);
      expect(ids(submittedAfter)).toEqual(['a4']);
      expect(ids(recommendedAfter)).toEqual(['a1', 'a2']);
      expect(recommendedAfter.items[0]).toStrictEqual({
        ...anApplication('a1', 'r1'),
        status: 'recommended',
        version: 2,
      });
    });

    it('pages through a round’s applications with nextToken', async () => {
      // Prepare
      const store = await newStore();
      const ids = ['a1', 'a2', 'a3', 'a4', 'a5'];
      await store.commit({
        changes: ids.map((id) => put({ type: 'application', record: anApplication(id, 'r1') })),
        audit: [],
      });

      // Act
      const first = await store.listApplicationsByRound('r1', { status: 'submitted' }, { limit: 2 });
      const seen = [...first.items];
      let token = first.nextToken;
      let pages = 1;
      while (token !== undefined) {
        const next = await store.listApplicationsByRound(
          'r1',
          { status: 'submitted' },
          { limit: 2, nextToken: token },
        );
        seen.push(...next.items);
        token = next.nextToken;
        pages += 1;
      }
      const everything = await store.listApplicationsByRound('r1', {}, { limit: 1000 });

      // Assess
      expect(first.items).toHaveLength(2);
      expect(first.nextToken).toEqual(expect.any(String));
      expect(seen.map((a) => a.applicationId)).toEqual(ids);
      expect(pages).toBe(3);
      expect(everything.items).toHaveLength(5);
      expect(everything.nextToken).toBeUndefined();
    });

    it('refuses a malformed nextToken or one from another query as VALIDATION_FAILED', async () => {
      // Prepare
      const store = await newStore();
      await store.commit({
        changes: ['a1', 'a2', 'a3'].map((id) =>
          put({ type: 'application', record: anApplication(id, 'r1') }),
        ),
        audit: [],
      });
      const { nextToken } = await store.listApplicationsByRound('r1', {}, { limit: 1 });

      // Act
      const attempts = [
        store.listApplicationsByRound('r1', {}, { nextToken: 'not-a-token!' }),
        store.listApplicationsByRound('r1', {}, { nextToken: Buffer.from('[1,2]').toString('base64url') }),
        store.listApplicationsByRound('r2', {}, { nextToken }),
        store.listSanctions({ nextToken }),
      ];

      // Assess
      for (const attempt of attempts) {
        await expect(attempt).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      }
    });

    it('lists an owner’s applications across rounds', async () => {
      // Prepare
      const store = await newStore();
      await store.commit({
        changes: [
          put({ type: 'application', record: anApplication('a2', 'r2', { ownerSub: 'sub-x' }) }),
          put({ type: 'application', record: anApplication('a1', 'r1', { ownerSub: 'sub-x' }) }),
          put({ type: 'application', record: anApplication('a3', 'r1', { ownerSub: 'sub-y' }) }),
        ],
        audit: [],
      });

      // Act
      const mine = await store.listApplicationsByOwner('sub-x');

      // Assess
      expect(mine.map((a) => a.applicationId)).toEqual(['a1', 'a2']);
      expect(await store.listApplicationsByOwner('sub-z')).toEqual([]);
    });

    it('lists and finds evidence, by application and by S3 key', async () => {
      // Prepare
      const store = await newStore();
      await store.commit({
        changes: [
          put({ type: 'application', record: anApplication('a1', 'r1') }),
          put({ type: 'evidence', record: anEvidence('a1', 'e2') }),
          put({ type: 'evidence', record: anEvidence('a1', 'e1') }),
          put({ type: 'evidence', record: anEvidence('a2', 'e3') }),
          put({ type: 'score', record: aScore('a1', 'rv1', 'material') }),
        ],
        audit: [],
      });

      // Act
      const listed = await store.listEvidence('a1');
      const found = await store.findEvidenceByKey('rounds/r1/applications/a1/e2');

      // Assess
      expect(listed.map((e) => e.evidenceId)).toEqual(['e1', 'e2']);
      expect(found).toStrictEqual(stored(anEvidence('a1', 'e2')));
      expect(await store.findEvidenceByKey('rounds/r9/applications/a1/e2')).toBeNull();
      expect(await store.findEvidenceByKey('rounds/r1/applications/a1/e9')).toBeNull();
      expect(await store.findEvidenceByKey('uploads/a1/e2')).toBeNull();
    });

    it('lists reviewers, their assignments, conflicts and scores', async () => {
      // Prepare
      const store = await newStore();
      await store.commit({
        changes: [
          put({ type: 'reviewer', record: aReviewer('rv2') }),
          put({ type: 'reviewer', record: aReviewer('rv1') }),
          put({ type: 'assignment', record: anAssignment('r1', 'a1', 'rv1', 'onsite') }),
          put({ type: 'assignment', record: anAssignment('r1', 'a1', 'rv1', 'material') }),
          put({ type: 'assignment', record: anAssignment('r1', 'a2', 'rv1', 'material') }),
          put({ type: 'assignment', record: anAssignment('r2', 'a9', 'rv1', 'material') }),
          put({ type: 'assignment', record: anAssignment('r1', 'a1', 'rv2', 'material') }),
          put({ type: 'conflict', record: aConflict('a1', 'rv2', 'declared') }),
          put({ type: 'conflict', record: aConflict('a1', 'rv1', 'dismissed') }),
          put({ type: 'conflict', record: aConflict('a2', 'rv1', 'declared') }),
          put({ type: 'score', record: aScore('a1', 'rv2', 'material') }),
          put({ type: 'score', record: aScore('a1', 'rv1', 'onsite') }),
          put({ type: 'score', record: aScore('a1', 'rv1', 'material') }),
        ],
        audit: [],
      });
      const keyOf = (a: AssignmentRecord) => `${a.roundId}/${a.applicationId}/${a.stage}/${a.reviewerId}`;

      // Act
      const reviewers = await store.listReviewers();
      const forApplication = await store.listAssignmentsForApplication('a1');
      const forReviewer = await store.listAssignmentsForReviewer('rv1');
      const forReviewerInRound = await store.listAssignmentsForReviewer('rv1', 'r1');
      const conflicts = await store.listConflictsForApplication('a1');
      const scores = await store.listScoresForApplication('a1');
      const materialScores = await store.listScoresForApplication('a1', 'material');

      // Assess
      expect(reviewers.map((r) => r.reviewerId)).toEqual(['rv1', 'rv2']);
      expect(forApplication.map(keyOf)).toEqual([
        'r1/a1/material/rv1',
        'r1/a1/material/rv2',
        'r1/a1/onsite/rv1',
      ]);
      expect(forReviewer.map(keyOf)).toEqual([
        'r1/a1/material/rv1',
        'r1/a1/onsite/rv1',
        'r1/a2/material/rv1',
        'r2/a9/material/rv1',
      ]);
      expect(forReviewerInRound.map(keyOf)).toEqual([
        'r1/a1/material/rv1',
        'r1/a1/onsite/rv1',
        'r1/a2/material/rv1',
      ]);
      expect(conflicts.map((c) => `${c.reviewerId}/${c.kind}`)).toEqual(['rv1/dismissed', 'rv2/declared']);
      expect(scores.map((s) => `${s.stage}/${s.reviewerId}`)).toEqual([
        'material/rv1',
        'material/rv2',
        'onsite/rv1',
      ]);
      expect(materialScores.map((s) => s.reviewerId)).toEqual(['rv1', 'rv2']);
      expect(await store.listAssignmentsForReviewer('rv3')).toEqual([]);
    });

    it('lists a round’s assignments and scores across pages, by stage, withdrawn ones included', async () => {
      // Prepare: 2 items per request, so that 5 assignments take 3 pages
      const { store } = await newHarness({ queryPageLimit: 2 });
      const withdrawn: AssignmentRecord = {
        ...anAssignment('r1', 'a1', 'rv2', 'material'),
        status: 'withdrawn',
        withdrawnAt: AT,
        withdrawReason: '申报回避',
      };
      await store.commit({
        changes: [
          put({ type: 'assignment', record: anAssignment('r1', 'a2', 'rv1', 'material') }),
          put({ type: 'assignment', record: anAssignment('r1', 'a1', 'rv3', 'onsite') }),
          put({ type: 'assignment', record: withdrawn }),
          put({ type: 'assignment', record: anAssignment('r1', 'a1', 'rv1', 'material') }),
          put({ type: 'assignment', record: anAssignment('r1', 'a2', 'rv2', 'defense') }),
          put({ type: 'assignment', record: anAssignment('r2', 'a9', 'rv1', 'material') }),
          put({ type: 'score', record: aScore('a2', 'rv1', 'material') }),
          put({ type: 'score', record: aScore('a1', 'rv3', 'onsite') }),
          put({ type: 'score', record: aScore('a1', 'rv1', 'material') }),
          put({ type: 'score', record: aScore('a9', 'rv1', 'material', 'r2') }),
        ],
        audit: [],
      });
      const keyOf = (a: AssignmentRecord) => `${a.stage}/${a.applicationId}/${a.reviewerId}/${a.status}`;
      const scoreKey = (s: ScoreRecord) => `${s.stage}/${s.applicationId}/${s.reviewerId}`;

      // Act
      const assignments = await store.listAssignmentsForRound('r1');
      const material = await store.listAssignmentsForRound('r1', 'material');
      const scores = await store.listScoresForRound('r1');
      const materialScores = await store.listScoresForRound('r1', 'material');

      // Assess
      expect(assignments.map(keyOf)).toEqual([
        'defense/a2/rv2/active',
        'material/a1/rv1/active',
        'material/a1/rv2/withdrawn',
        'material/a2/rv1/active',
        'onsite/a1/rv3/active',
      ]);
      expect(material).toStrictEqual([
        stored(anAssignment('r1', 'a1', 'rv1', 'material')),
        stored(withdrawn),
        stored(anAssignment('r1', 'a2', 'rv1', 'material')),
      ]);
      expect(scores.map(scoreKey)).toEqual(['material/a1/rv1', 'material/a2/rv1', 'onsite/a1/rv3']);
      expect(materialScores).toStrictEqual([
        stored(aScore('a1', 'rv1', 'material')),
        stored(aScore('a2', 'rv1', 'material')),
      ]);
      expect((await store.listScoresForRound('r2')).map(scoreKey)).toEqual(['material/a9/rv1']);
      expect(await store.listScoresForRound('r1', 'defense')).toEqual([]);
      expect(await store.listAssignmentsForRound('r3')).toEqual([]);
    });

    it('keeps a round’s review lists current when an assignment is withdrawn or a score changes', async () => {
      // Prepare
      const store = await newStore();
      await store.commit({
        changes: [
          put({ type: 'assignment', record: anAssignment('r1', 'a1', 'rv1', 'material') }),
          put({ type: 'score', record: aScore('a1', 'rv1', 'material') }),
        ],
        audit: [],
      });
      const [assignment] = await store.listAssignmentsForRound('r1');
      const [score] = await store.listScoresForRound('r1');

      // Act
      await store.commit({
        changes: [
          put({ type: 'assignment', record: { ...assignment!, status: 'withdrawn', withdrawnAt: AT } }),
          put({ type: 'score', record: { ...score!, total: 40, items: { '4.1.1': 40 } } }),
        ],
        audit: [],
      });

      // Assess
      expect(await store.listAssignmentsForRound('r1', 'material')).toMatchObject([
        { reviewerId: 'rv1', status: 'withdrawn', version: 2 },
      ]);
      expect(await store.listScoresForRound('r1', 'material')).toMatchObject([
        { reviewerId: 'rv1', total: 40, version: 2 },
      ]);
    });

    it('lists windows, and as due only open ones whose closesAt is at or before now', async () => {
      // Prepare
      const store = await newStore();
      await store.commit({
        changes: [
          put({
            type: 'window',
            record: aWindow('w-due', {
              opensAt: '2026-09-01T00:00:00.000Z',
              closesAt: '2026-09-10T16:00:00.000Z',
            }),
          }),
          put({
            type: 'window',
            record: aWindow('w-exact', {
              opensAt: '2026-09-02T00:00:00.000Z',
              closesAt: '2026-09-11T16:00:00.000Z',
            }),
          }),
          put({
            type: 'window',
            record: aWindow('w-later', {
              opensAt: '2026-09-03T00:00:00.000Z',
              closesAt: '2026-09-20T16:00:00.000Z',
            }),
          }),
          put({
            type: 'window',
            record: aWindow('w-closed', {
              opensAt: '2026-08-01T00:00:00.000Z',
              closesAt: '2026-08-10T16:00:00.000Z',
              status: 'closed',
              closedAt: '2026-08-10T16:00:30.000Z',
            }),
          }),
          put({
            type: 'window',
            record: aWindow('w-waiting', {
              opensAt: '2026-08-02T00:00:00.000Z',
              closesAt: '2026-08-11T16:00:00.000Z',
              status: 'awaiting-objections',
            }),
          }),
        ],
        audit: [],
      });
      const now = '2026-09-11T16:00:00.000Z';

      // Act
      const all = await store.listWindows();
      const due = await store.listWindowsDueForClosing(now);
      const wDue = (await store.getWindow('w-due'))!;
      await store.commit({
        changes: [put({ type: 'window', record: { ...wDue, status: 'closed', closedAt: now } })],
        audit: [],
      });
      const dueAfter = await store.listWindowsDueForClosing(now);

      // Assess
      expect(all.map((w) => w.windowId)).toEqual(['w-closed', 'w-waiting', 'w-due', 'w-exact', 'w-later']);
      expect(due.map((w) => w.windowId)).toEqual(['w-due', 'w-exact']);
      expect(dueAfter.map((w) => w.windowId)).toEqual(['w-exact']);
    });

    it('lists objections by window and by round', async () => {
      // Prepare
      const store = await newStore();
      await store.commit({
        changes: [
          put({ type: 'objection', record: anObjection('o2', 'w1', 'r1', '2026-10-02T00:00:00.000Z') }),
          put({ type: 'objection', record: anObjection('o1', 'w1', 'r1', '2026-10-03T00:00:00.000Z') }),
          put({ type: 'objection', record: anObjection('o3', 'w2', 'r1', '2026-10-01T00:00:00.000Z') }),
          put({ type: 'objection', record: anObjection('o4', 'w3', 'r2', '2026-10-01T00:00:00.000Z') }),
        ],
        audit: [],
      });

      // Act
      const byWindow = await store.listObjectionsForWindow('w1');
      const byRound = await store.listObjectionsForRound('r1');

      // Assess: in filing order
      expect(byWindow.map((o) => o.objectionId)).toEqual(['o2', 'o1']);
      expect(byRound.map((o) => o.objectionId)).toEqual(['o3', 'o2', 'o1']);
    });

    it('lists awards in round order, or of one round', async () => {
      // Prepare
      const store = await newStore();
      await store.commit({
        changes: [
          put({ type: 'award', record: anAward('aw3', 'r-ten', 10) }),
          put({ type: 'award', record: anAward('aw2', 'r-two', 2) }),
          put({ type: 'award', record: anAward('aw1', 'r-two', 2) }),
        ],
        audit: [],
      });

      // Act
      const all = await store.listAwards();
      const ofRound = await store.listAwards('r-two');

      // Assess
      expect(all.map((a) => a.awardId)).toEqual(['aw1', 'aw2', 'aw3']);
      expect(ofRound.map((a) => a.awardId)).toEqual(['aw1', 'aw2']);
    });

    it('lists an award’s visits by date, and the higher awards by year', async () => {
      // Prepare
      const store = await newStore();
      const visit = (visitId: string, awardId: string, visitedOn: string) => ({
        version: 0,
        visitId,
        awardId,
        roundId: 'r-two',
        visitedOn,
        visitors: ['李工'],
        findings: '良好',
        rating: 'good' as const,
        actions: [{ item: '整改', dueOn: '2027-06-30' }],
        createdAt: AT,
        createdBy: 'staff-1',
      });
      const higher = (higherAwardId: string, year: number) => ({
        version: 0,
        higherAwardId,
        subjectType: 'organization' as const,
        subjectKey: 'CODE',
        subjectMasked: 'CODE',
        displayName: '太原重工',
        award: 'china-quality-award' as const,
        tier: 'award' as const,
        year,
        documentNo: '国质奖1号',
        rewardYuan: 1000000,
        createdAt: AT,
        createdBy: 'staff-1',
      });
      await store.commit({
        changes: [
          put({ type: 'visit', record: visit('v2', 'aw1', '2027-05-01') }),
          put({ type: 'visit', record: visit('v1', 'aw1', '2026-05-01') }),
          put({ type: 'visit', record: visit('v3', 'aw2', '2026-01-01') }),
          put({ type: 'higher-award', record: higher('h2', 2026) }),
          put({ type: 'higher-award', record: higher('h1', 2024) }),
        ],
        audit: [],
      });

      // Act
      const visits = await store.listVisitsForAward('aw1');
      const one = await store.getVisit('v3');
      const higherAwards = await store.listHigherAwards();

      // Assess
      expect(visits.map((v) => v.visitId)).toEqual(['v1', 'v2']);
      expect(one).toEqual({ ...visit('v3', 'aw2', '2026-01-01'), version: 1 });
      expect(await store.getVisit('nope')).toBeNull();
      expect(higherAwards.map((h) => h.higherAwardId)).toEqual(['h1', 'h2']);
    });

    it('lists sanctions for several subjects and pages through all sanctions', async () => {
      // Prepare
      const store = await newStore();
      await store.commit({
        changes: [
          put({ type: 'sanction', record: aSanction('s1', 'code-a', '2026-01-01T00:00:00.000Z') }),
          put({ type: 'sanction', record: aSanction('s2', 'hash-b', '2026-01-02T00:00:00.000Z') }),
          put({ type: 'sanction', record: aSanction('s3', 'code-a', '2026-01-03T00:00:00.000Z') }),
          put({ type: 'sanction', record: aSanction('s4', 'code-c', '2026-01-04T00:00:00.000Z') }),
        ],
        audit: [],
      });

      // Act
      const forSubjects = await store.listSanctionsForSubjects(['hash-b', 'code-a', 'unknown', 'hash-b']);
      const none = await store.listSanctionsForSubjects([]);
      const first = await store.listSanctions({ limit: 3 });
      const second = await store.listSanctions({ limit: 3, nextToken: first.nextToken });

      // Assess
      expect(forSubjects.map((s) => s.sanctionId)).toEqual(['s2', 's1', 's3']);
      expect(none).toEqual([]);
      expect(first.items.map((s) => s.sanctionId)).toEqual(['s1', 's2', 's3']);
      expect(second.items.map((s) => s.sanctionId)).toEqual(['s4']);
      expect(second.nextToken).toBeUndefined();
    });

    it('lists calendar years in order', async () => {
      // Prepare
      const store = await newStore();
      await store.commit({
        changes: [
          put({ type: 'calendar-year', record: aCalendarYear(2027) }),
          put({ type: 'calendar-year', record: aCalendarYear(2026) }),
        ],
        audit: [],
      });

      // Act
      const years = await store.listCalendarYears();

      // Assess
      expect(years.map((y) => y.year)).toEqual([2026, 2027]);
    });

    it('lists the timed task tokens due at or before now', async () => {
      // Prepare
      const store = await newStore();
      await store.commit({
        changes: [
          put({ type: 'task-token', record: aTaskToken('r1', CALL_CLOSE_WAIT, '2026-05-01T16:00:00.000Z') }),
          put({
            type: 'task-token',
            record: aTaskToken('r2', closeWaitFor('w1'), '2026-04-30T16:00:00.000Z'),
          }),
          put({
            type: 'task-token',
            record: aTaskToken('r1', closeWaitFor('w2'), '2026-05-01T16:00:00.001Z'),
          }),
          put({ type: 'task-token', record: aTaskToken('r1', stageWait('qualification')) }),
        ],
        audit: [],
      });

      // Act
      const due = await store.listTaskTokensDue('2026-05-01T16:00:00.000Z');

      // Assess
      expect(due.map((t) => `${t.roundId}/${t.waitFor}`)).toEqual(['r2/window:w1:close', 'r1/call-close']);
    });
  });
}
