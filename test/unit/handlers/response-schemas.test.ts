/**
 * The response schemas document what the presenters return (they are the OpenAPI document and the
 * portal's types): every field a presenter sends is in its schema, with the schema's type. The
 * compiler checks the other direction (shared/route.ts `HandlerResult`). Records are filled with
 * every optional field, so a field added to a presenter but not to its schema fails here.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type * as z from 'zod';
import {
  presentAwardDetail,
  presentHigherAward,
  presentVisit,
} from '../../../functions/handlers/api/after-award.ts';
import { presentAuditEntry, presentAward } from '../../../functions/handlers/api/awards.ts';
import {
  presentApplication,
  presentObjection,
  presentSanction,
  presentWindow,
} from '../../../functions/handlers/api/presenters.ts';
import {
  presentAssignment,
  presentConflict,
  presentReviewer,
  presentScore,
} from '../../../functions/handlers/api/review.ts';
import { presentRoundView } from '../../../functions/handlers/api/rounds.ts';
import { rubricsRoutes } from '../../../functions/handlers/api/rubrics.ts';
import {
  AwardDetailSchema,
  HigherAwardSchema,
  VisitSchema,
} from '../../../functions/handlers/api/schemas/after-award.ts';
import { ApplicationSchema } from '../../../functions/handlers/api/schemas/applications.ts';
import {
  AuditEntrySchema,
  AwardSchema,
  SanctionSchema,
} from '../../../functions/handlers/api/schemas/awards.ts';
import { CalendarYearSchema } from '../../../functions/handlers/api/schemas/calendar.ts';
import { ObjectionSchema, WindowSchema } from '../../../functions/handlers/api/schemas/publicity.ts';
import {
  AssignmentSchema,
  ConflictSchema,
  ReviewerSchema,
  ScoreSchema,
} from '../../../functions/handlers/api/schemas/review.ts';
import {
  RankingRowSchema,
  RoundSchema,
  RubricSchema,
} from '../../../functions/handlers/api/schemas/rounds.ts';
import type { ObjectionRecord, RankingRecord, WindowRecord } from '../../../functions/ports/records.ts';
import { getApplication } from '../../../functions/use-cases/get-application.ts';
import { getCalendarYear } from '../../../functions/use-cases/get-calendar-year.ts';
import { getRanking } from '../../../functions/use-cases/get-ranking.ts';
import { putCalendarYear } from '../../../functions/use-cases/put-calendar-year.ts';
import { stageWait } from '../../../functions/use-cases/workflow/waits.ts';
import {
  applicant,
  assignmentRecord,
  draftWithEvidence,
  individualBody,
  roundRecord,
  sanctionRecord,
  saveRound,
  staff,
  type TestDeps,
  testDeps,
} from '../../support/applications-fixtures.ts';

/** The body as it goes over the wire, parsed by the schema: nothing dropped, nothing changed. */
function expectDocumented(schema: z.ZodType, body: unknown): void {
  const wire: unknown = JSON.parse(JSON.stringify(body));
  expect(schema.parse(wire)).toStrictEqual(wire);
}

const AT = '2026-04-01T02:00:00.000Z';

const windowRecord = (overrides: Partial<WindowRecord> = {}): WindowRecord => ({
  windowId: 'window-1',
  roundId: 'round-2',
  kind: 'winners',
  opensAt: AT,
  closesAt: '2026-04-09T16:00:00.000Z',
  minimumClosesAt: '2026-04-09T16:00:00.000Z',
  calendarVersion: '2026@abc123',
  status: 'closed',
  entries: [
    { applicationId: 'app_0001', displayName: '太原重工', category: 'organization', tier: 'award' },
    { applicationId: 'app_0002', displayName: '张三', category: 'individual', tier: 'nomination' },
  ],
  struck: ['app_0002'],
  closedAt: '2026-04-10T00:00:00.000Z',
  version: 3,
  ...overrides,
});

describe('the helper', () => {
  it('fails on a field the schema does not document, and on a field of the wrong type', () => {
    // Prepare
    const presented = presentSanction(sanctionRecord());

    // Act
    const undocumented = () => expectDocumented(SanctionSchema, { ...presented, internalNote: '内部' });
    const mistyped = () => expectDocumented(SanctionSchema, { ...presented, barredFromOrdinal: '2' });

    // Assess
    expect(undocumented).toThrow();
    expect(mistyped).toThrow();
  });
});

describe('application responses', () => {
  let deps: TestDeps;

  beforeEach(async () => {
    deps = testDeps();
    await saveRound(deps.store, roundRecord());
  });

  it('documents an organization application with every decision, for its owner and for staff', async () => {
    // Prepare
    const { applicationId } = await draftWithEvidence(deps);
    const view = await getApplication(deps, applicant(), { applicationId });
    const application = {
      ...view.application,
      organization: { ...view.application.organization!, address: '太原市小店区' },
      recommendation: { decision: 'recommend' as const, opinion: '同意推荐', by: 'rec-1', at: AT },
      qualification: { decision: 'disqualified' as const, reason: '材料不全', by: 'staff-1', at: AT },
      tier: 'award' as const,
      consent: { version: '2026-01', at: AT },
      submittedAt: AT,
    };
    const evidence = view.evidence.map((e) => ({ ...e, rejection: '摘要不一致' }));

    // Act
    const forOwner = await presentApplication(application, evidence, { owner: true, pii: deps.pii });
    const forStaff = await presentApplication(application, evidence, { owner: false, pii: deps.pii });

    // Assess
    expectDocumented(ApplicationSchema, forOwner);
    expectDocumented(ApplicationSchema, forStaff);
  });

  it('documents an individual application', async () => {
    // Prepare
    const { applicationId } = await draftWithEvidence(deps, applicant(), individualBody());
    const view = await getApplication(deps, applicant(), { applicationId });

    // Act
    const presented = await presentApplication(view.application, view.evidence, {
      owner: false,
      pii: deps.pii,
    });

    // Assess
    expectDocumented(ApplicationSchema, presented);
  });
});

describe('round responses', () => {
  it('documents a round with its windows, on-site list, approval and escalations', () => {
    // Prepare
    const round = roundRecord({
      stage: 'announced',
      minimumPercent: { award: 80, nomination: 60 },
      windowIds: ['window-1'],
      stageHistory: [{ stage: 'announced', at: AT, by: 'staff-1', note: '已批准' }],
      selectedForOnsite: ['app_0001'],
      approval: { documentNo: '并政函〔2026〕1号', approvedOn: '2026-04-01', by: 'staff-1', at: AT },
      escalations: [
        { at: AT, waitingFor: stageWait('qualification'), note: '回调超时', escalationId: 'esc-1' },
      ],
    });

    // Act
    const presented = presentRoundView({ round, windows: [windowRecord()] });

    // Assess
    expectDocumented(RoundSchema, presented);
  });

  it('documents the ranking', async () => {
    // Prepare
    const deps = testDeps();
    await saveRound(deps.store, roundRecord({ stage: 'decision' }));
    const ranking: RankingRecord = {
      roundId: 'round-2',
      computedAt: AT,
      version: 0,
      rows: [
        {
          applicationId: 'app_0001',
          category: 'organization',
          displayName: '太原重工',
          stageScores: { material: 800, onsite: 820 },
          stagePercents: { material: 80, onsite: 82 },
          compositePercent: 81.4,
          rank: 1,
          proposedTier: 'award',
          flags: ['divergent-scores'],
        },
      ],
    };
    await deps.store.commit({
      changes: [{ op: 'put', entity: { type: 'ranking', record: ranking } }],
      audit: [],
    });

    // Act
    const rows = await getRanking(deps, staff(), { roundId: 'round-2' });

    // Assess
    expect(rows).toHaveLength(1);
    for (const row of rows) expectDocumented(RankingRowSchema, row);
  });

  it('documents the rubric of each category', async () => {
    // Prepare
    const [route] = rubricsRoutes;

    // Act
    const rubrics = await Promise.all(
      (['organization', 'individual'] as const).map((category) =>
        route!.handler({ params: { category }, query: {} } as Parameters<
          NonNullable<typeof route>['handler']
        >[0]),
      ),
    );

    // Assess
    for (const rubric of rubrics) expectDocumented(RubricSchema, rubric);
  });
});

describe('publicity responses', () => {
  it('documents a window with struck entries', () => {
    // Act
    const presented = presentWindow(windowRecord());

    // Assess
    expect(presented.struck).toHaveLength(1);
    expectDocumented(WindowSchema, presented);
  });

  it('documents a resolved objection, numbers masked', () => {
    // Prepare
    const objection: ObjectionRecord = {
      objectionId: 'obj-1',
      windowId: 'window-1',
      roundId: 'round-2',
      applicationId: 'app_0001',
      objector: {
        name: '李四',
        phoneEncrypted: 'cipher',
        phoneMasked: '138****0000',
        idNumberEncrypted: 'cipher',
        idMasked: '140105********1234',
        creditCode: '91140105MA0K12345X',
      },
      content: '该单位近三年发生过质量事故。',
      status: 'upheld',
      findings: '经核实属实',
      createdAt: AT,
      resolvedAt: AT,
      resolvedBy: 'staff-1',
      version: 1,
    };

    // Act
    const presented = presentObjection(objection);

    // Assess
    expectDocumented(ObjectionSchema, presented);
  });
});

describe('review responses', () => {
  it('documents reviewers, assignments, conflicts and score sheets', () => {
    // Prepare
    const reviewer = presentReviewer({
      reviewerId: 'reviewer-1',
      name: '王五',
      organizationCode: '91140105MA0K12345X',
      formerEmployers: [{ creditCode: '91140105MA0K12346X', until: '2025-01-01' }],
      fields: ['制造业'],
      disqualified: { at: AT, reason: '第二十九条' },
      updatedAt: AT,
      version: 2,
    });
    const assignment = presentAssignment(
      assignmentRecord({ status: 'withdrawn', withdrawnAt: AT, withdrawReason: '回避' }),
    );
    const conflict = presentConflict({
      roundId: 'round-2',
      applicationId: 'app_0001',
      reviewerId: 'reviewer-1',
      kind: 'declared',
      reason: '曾在该单位任职',
      at: AT,
      by: 'reviewer-1',
      version: 0,
    });
    const score = presentScore({
      roundId: 'round-2',
      applicationId: 'app_0001',
      stage: 'material',
      reviewerId: 'reviewer-1',
      items: { '4.1': 80 },
      total: 80,
      comment: '良好',
      rubricVersion: 'GB/T19580-2012',
      updatedAt: AT,
      version: 1,
    });

    // Assess
    expectDocumented(ReviewerSchema, reviewer);
    expectDocumented(AssignmentSchema, assignment);
    expectDocumented(ConflictSchema, conflict);
    expectDocumented(ScoreSchema, score);
  });
});

describe('award, sanction, audit and calendar responses', () => {
  it('documents a revoked award, a sanction and an audit entry', () => {
    // Prepare
    const award = presentAward({
      awardId: 'award-1',
      roundId: 'round-2',
      ordinal: 2,
      applicationId: 'app_0001',
      displayName: '太原重工',
      category: 'organization',
      tier: 'award',
      status: 'revoked',
      awardedOn: '2026-04-01',
      documentNo: '并政函〔2026〕1号',
      revocation: { reason: 'fraud', findings: '弄虚作假', at: AT, by: 'staff-1' },
      version: 1,
    });
    const entry = presentAuditEntry({
      entityId: 'app_0001',
      entityType: 'application',
      action: 'application.created',
      actor: 'applicant-1',
      role: 'applicant',
      at: AT,
      before: null,
      after: { status: 'draft' },
      seq: 1,
      prevHash: '0'.repeat(64),
      hash: 'f'.repeat(64),
      chainIntact: true,
    });

    // Assess
    expectDocumented(AwardSchema, award);
    expectDocumented(SanctionSchema, presentSanction(sanctionRecord()));
    expectDocumented(AuditEntrySchema, entry);
  });

  it('documents a calendar year entered by staff', async () => {
    // Prepare
    const deps = testDeps();
    await putCalendarYear(deps, staff(), {
      year: 2027,
      holidays: ['2027-01-01'],
      workdays: ['2027-02-07'],
      source: '国务院办公厅通知',
    });

    // Act
    const year = await getCalendarYear(deps, staff(), { year: 2027 });

    // Assess
    expectDocumented(CalendarYearSchema, year);
  });
});

describe('after-award responses', () => {
  it('documents an award with every after-award field, a visit and a higher award', () => {
    // Prepare
    const award = {
      awardId: 'award-1',
      roundId: 'round-2',
      ordinal: 2,
      applicationId: 'app_0001',
      displayName: '太原重工',
      category: 'organization' as const,
      tier: 'award' as const,
      status: 'revoked' as const,
      awardedOn: '2026-04-01',
      documentNo: '并政函〔2026〕1号',
      revocation: { reason: 'fraud' as const, findings: '弄虚作假', at: AT, by: 'staff-1' },
      certificateNo: '并质奖〔2026〕第001号',
      validThroughOrdinal: 4,
      issuance: {
        trophy: { on: '2026-04-10', by: 'staff-1' },
        certificate: { on: '2026-04-10', by: 'staff-1' },
        bonus: { on: '2026-04-20', amountYuan: 500000, voucherNo: '财付1号', by: 'staff-1' },
      },
      recovery: {
        trophy: { due: true as const, on: '2026-05-01', note: '已交回', by: 'staff-1' },
        bonus: {
          due: true as const,
          amountYuan: 500000,
          on: '2026-05-02',
          recoveredAmountYuan: 500000,
          by: 'staff-1',
        },
      },
      lastVisitOn: '2026-04-30',
      lastVisitRating: 'good' as const,
      imported: true,
      version: 3,
    };
    const visit = {
      visitId: 'visit-1',
      awardId: 'award-1',
      roundId: 'round-2',
      visitedOn: '2026-04-30',
      visitors: ['李工'],
      findings: '良好',
      rating: 'good' as const,
      actions: [
        { item: '整改', dueOn: '2026-06-30', closedOn: '2026-06-01', note: '已办', closedBy: 'staff-1' },
      ],
      createdAt: AT,
      createdBy: 'staff-1',
      version: 1,
    };

    // Act
    const detail = presentAwardDetail({
      award,
      validThroughOrdinal: 4,
      withinValidity: true,
      nextVisitDue: '2027-04-30',
    });
    const higher = presentHigherAward({
      higherAwardId: 'h-1',
      subjectType: 'individual',
      subjectKey: 'hmac',
      subjectMasked: '140***********12',
      displayName: '赵六',
      award: 'shanxi-quality-award',
      tier: 'nomination',
      year: 2026,
      documentNo: '晋政发1号',
      rewardYuan: 100000,
      createdAt: AT,
      createdBy: 'staff-1',
      version: 1,
    });

    // Assess
    expectDocumented(AwardDetailSchema, detail);
    expectDocumented(VisitSchema, presentVisit(visit, '2026-07-01'));
    expectDocumented(HigherAwardSchema, higher);
    expect(JSON.stringify(detail)).not.toContain('staff-1');
  });
});
