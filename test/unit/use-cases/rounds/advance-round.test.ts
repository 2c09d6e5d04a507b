import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../../functions/domain/errors.ts';
import { advanceRound } from '../../../../functions/use-cases/advance-round.ts';
import { putCalendarYear } from '../../../../functions/use-cases/put-calendar-year.ts';
import { stageWait } from '../../../../functions/use-cases/workflow/waits.ts';
import {
  LEADER,
  roundFixture,
  STAFF,
  seedApplication,
  seedReview,
  seedRound,
  seedToken,
} from '../../../support/rounds-fakes.ts';

async function caught(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('advanceRound from qualification', () => {
  it('lists every application still waiting for a recommendation or a qualification decision', async () => {
    // Prepare
    const fx = roundFixture('2026-06-10T00:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'qualification' });
    await seedApplication(fx, 'r-1', 'a1', 'submitted', '甲公司');
    await seedApplication(fx, 'r-1', 'a2', 'recommended', '乙公司');
    await seedApplication(fx, 'r-1', 'a3', 'qualified', '丙公司');
    await seedApplication(fx, 'r-1', 'a4', 'draft', '丁公司');
    await seedApplication(fx, 'r-1', 'a5', 'withdrawn', '戊公司');

    // Act
    const error = await caught(advanceRound(fx.deps, STAFF, { roundId: 'r-1', to: 'accepted-publicity' }));

    // Assess
    expect(error.code).toBe('STAGE_PRECONDITION_FAILED');
    expect(error.findings).toEqual([
      {
        path: 'applications.a1',
        code: 'STAGE_PRECONDITION_FAILED',
        message: expect.stringContaining('“甲公司”尚无推荐'),
      },
      {
        path: 'applications.a2',
        code: 'STAGE_PRECONDITION_FAILED',
        message: expect.stringContaining('“乙公司”尚未完成资格审查'),
      },
    ]);
    expect((await fx.store.getRound('r-1'))?.stage).toBe('qualification');
  });

  it('requires at least one qualified application', async () => {
    // Prepare
    const fx = roundFixture('2026-06-10T00:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'qualification' });
    await seedApplication(fx, 'r-1', 'a1', 'not-recommended');
    await seedApplication(fx, 'r-1', 'a2', 'disqualified');

    // Act
    const error = await caught(advanceRound(fx.deps, STAFF, { roundId: 'r-1', to: 'accepted-publicity' }));

    // Assess
    expect(error.findings.map((f) => f.path)).toEqual(['applications']);
    expect(error.message).toContain('受理名单不能为空');
  });

  it('moves on, consumes the stage token in the same commit and resumes the flow after it', async () => {
    // Prepare
    const fx = roundFixture('2026-06-10T00:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'qualification' });
    await seedApplication(fx, 'r-1', 'a1', 'qualified');
    await seedApplication(fx, 'r-1', 'a2', 'disqualified');
    await seedToken(fx, 'r-1', stageWait('qualification'));

    // Act
    const { round } = await advanceRound(fx.deps, STAFF, {
      roundId: 'r-1',
      to: 'accepted-publicity',
      note: '资格审查完毕',
    });

    // Assess
    expect(round.stage).toBe('accepted-publicity');
    expect(round.stageHistory.at(-1)).toEqual({
      stage: 'accepted-publicity',
      at: '2026-06-10T00:00:00.000Z',
      by: 'staff-1',
      note: '资格审查完毕',
    });
    expect(await fx.store.getTaskToken('r-1', stageWait('qualification'))).toBeNull();
    expect(fx.workflow.resumed).toEqual([
      { token: 'token-stage:qualification', output: { to: 'accepted-publicity' } },
    ]);
    const [event] = await fx.store.listAudit('r-1');
    expect(event).toMatchObject({
      action: 'round.advanced',
      before: { stage: 'qualification' },
      after: { stage: 'accepted-publicity', note: '资格审查完毕' },
    });
  });

  it('still moves the stage when the flow is not waiting yet (no token)', async () => {
    // Prepare
    const fx = roundFixture('2026-06-10T00:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'qualification' });
    await seedApplication(fx, 'r-1', 'a1', 'qualified');

    // Act
    const { round } = await advanceRound(fx.deps, STAFF, { roundId: 'r-1', to: 'accepted-publicity' });

    // Assess
    expect(round.stage).toBe('accepted-publicity');
    expect(fx.workflow.resumed).toEqual([]);
  });
});

describe('advanceRound to accepted-publicity at the end of a year', () => {
  it('refuses with CALENDAR_NOT_AVAILABLE when the window would reach into a year without data, changing nothing', async () => {
    // Prepare: published on Friday 2026-12-25, the 5th working day falls in January 2027 (no seed data).
    const fx = roundFixture('2026-12-25T02:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'qualification' });
    await seedApplication(fx, 'r-1', 'a1', 'qualified');
    await seedToken(fx, 'r-1', stageWait('qualification'));

    // Act
    const error = await caught(advanceRound(fx.deps, STAFF, { roundId: 'r-1', to: 'accepted-publicity' }));

    // Assess
    expect(error.code).toBe('CALENDAR_NOT_AVAILABLE');
    expect(error.message).toContain('2027');
    expect(error.findings).toEqual([
      expect.objectContaining({
        path: 'to',
        code: 'CALENDAR_NOT_AVAILABLE',
        message: expect.stringContaining('受理名单'),
      }),
    ]);
    expect((await fx.store.getRound('r-1'))?.stage).toBe('qualification');
    expect(await fx.store.getTaskToken('r-1', stageWait('qualification'))).not.toBeNull();
    expect(fx.workflow.resumed).toEqual([]);
    expect(await fx.store.listAudit('r-1')).toEqual([]);
  });

  it('moves on once staff have entered the next year', async () => {
    // Prepare
    const fx = roundFixture('2026-12-25T02:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'qualification' });
    await seedApplication(fx, 'r-1', 'a1', 'qualified');
    await putCalendarYear(fx.deps, STAFF, {
      year: 2027,
      holidays: ['2027-01-01'],
      workdays: [],
      source: '国务院办公厅关于2027年部分节假日安排的通知',
    });

    // Act
    const { round } = await advanceRound(fx.deps, STAFF, { roundId: 'r-1', to: 'accepted-publicity' });

    // Assess
    expect(round.stage).toBe('accepted-publicity');
  });
});

describe('advanceRound: moves that are not staff moves', () => {
  it('refuses a system move with STAGE_PRECONDITION_FAILED and a skip with ILLEGAL_TRANSITION', async () => {
    // Prepare
    const fx = roundFixture();
    await seedRound(fx, { roundId: 'r-1', stage: 'accepted-publicity' });
    await seedRound(fx, { roundId: 'r-2', stage: 'qualification' });

    // Act
    const system = await caught(advanceRound(fx.deps, STAFF, { roundId: 'r-1', to: 'material-review' }));
    const skip = await caught(advanceRound(fx.deps, STAFF, { roundId: 'r-2', to: 'material-review' }));
    const notStaff = await caught(
      advanceRound(fx.deps, LEADER, { roundId: 'r-2', to: 'accepted-publicity' }),
    );

    // Assess
    expect(system.code).toBe('STAGE_PRECONDITION_FAILED');
    expect(skip.code).toBe('ILLEGAL_TRANSITION');
    expect(notStaff.code).toBe('FORBIDDEN');
  });

  it('refuses `selected` on a move other than to on-site review', async () => {
    // Prepare
    const fx = roundFixture();
    await seedRound(fx, { roundId: 'r-1', stage: 'qualification' });

    // Act
    const error = await caught(
      advanceRound(fx.deps, STAFF, { roundId: 'r-1', to: 'accepted-publicity', selected: ['a1'] }),
    );

    // Assess
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.findings[0]?.path).toBe('selected');
  });
});

describe('advanceRound from material review', () => {
  async function materialRound() {
    const fx = roundFixture('2026-08-01T00:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'material-review' });
    await seedApplication(fx, 'r-1', 'a1', 'in-review', '甲公司');
    await seedApplication(fx, 'r-1', 'a2', 'in-review', '乙公司');
    await seedApplication(fx, 'r-1', 'a3', 'in-review', '丙公司');
    await seedApplication(fx, 'r-1', 'a4', 'struck', '丁公司');
    return fx;
  }

  it('requires a non-empty on-site list of applications in review, naming each bad id', async () => {
    // Prepare
    const fx = await materialRound();

    // Act
    const missing = await caught(advanceRound(fx.deps, STAFF, { roundId: 'r-1', to: 'onsite-review' }));
    const bad = await caught(
      advanceRound(fx.deps, STAFF, {
        roundId: 'r-1',
        to: 'onsite-review',
        selected: ['a1', 'a4', 'a1', 'zz'],
      }),
    );

    // Assess
    expect(missing.findings.map((f) => f.path)).toEqual(['selected']);
    expect(bad.code).toBe('VALIDATION_FAILED');
    expect(bad.findings.map((f) => f.path)).toEqual(['selected[1]', 'selected[2]', 'selected[3]']);
  });

  it('lists applications without assignments or with missing score sheets', async () => {
    // Prepare
    const fx = await materialRound();
    await seedReview(fx, 'r-1', 'a1', 'material', 'rv1', true);
    await seedReview(fx, 'r-1', 'a1', 'material', 'rv2', false);
    await seedReview(fx, 'r-1', 'a1', 'material', 'rv3', false, 'withdrawn');
    await seedReview(fx, 'r-1', 'a2', 'material', 'rv1', true);
    await seedReview(fx, 'r-1', 'a2', 'onsite', 'rv4', false);

    // Act
    const error = await caught(
      advanceRound(fx.deps, STAFF, { roundId: 'r-1', to: 'onsite-review', selected: ['a1', 'a2'] }),
    );

    // Assess
    expect(error.code).toBe('STAGE_PRECONDITION_FAILED');
    expect(error.findings).toEqual([
      expect.objectContaining({
        path: 'applications.a1',
        message: '“甲公司”缺少 1 位材料评审专家的评分（rv2）',
      }),
      expect.objectContaining({ path: 'applications.a3', message: '“丙公司”尚未分配材料评审专家' }),
    ]);
  });

  it('stores the on-site list and passes it to the flow', async () => {
    // Prepare
    const fx = await materialRound();
    for (const id of ['a1', 'a2', 'a3']) await seedReview(fx, 'r-1', id, 'material', 'rv1', true);
    await seedToken(fx, 'r-1', stageWait('material-review'));

    // Act
    const { round } = await advanceRound(fx.deps, STAFF, {
      roundId: 'r-1',
      to: 'onsite-review',
      selected: ['a2', 'a1'],
    });

    // Assess
    expect(round).toMatchObject({ stage: 'onsite-review', selectedForOnsite: ['a2', 'a1'] });
    expect(fx.workflow.resumed).toEqual([
      { token: 'token-stage:material-review', output: { to: 'onsite-review', selected: ['a2', 'a1'] } },
    ]);
    expect((await fx.store.listAudit('r-1'))[0]?.after).toEqual({
      stage: 'onsite-review',
      selected: ['a2', 'a1'],
    });
  });

  it('refuses a round with nothing in review', async () => {
    // Prepare
    const fx = roundFixture();
    await seedRound(fx, { roundId: 'r-1', stage: 'material-review' });

    // Act
    const error = await caught(
      advanceRound(fx.deps, STAFF, { roundId: 'r-1', to: 'onsite-review', selected: ['a1'] }),
    );

    // Assess
    expect(error.code).toBe('VALIDATION_FAILED');
  });
});

describe('advanceRound from on-site review and defence', () => {
  it('checks the on-site scores of the selected applications only', async () => {
    // Prepare
    const fx = roundFixture('2026-09-01T00:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'onsite-review', selectedForOnsite: ['a1', 'a2'] });
    await seedApplication(fx, 'r-1', 'a1', 'in-review', '甲公司');
    await seedApplication(fx, 'r-1', 'a2', 'in-review', '乙公司');
    await seedApplication(fx, 'r-1', 'a3', 'not-selected', '丙公司');
    await seedReview(fx, 'r-1', 'a1', 'onsite', 'rv1', true);
    await seedReview(fx, 'r-1', 'a2', 'onsite', 'rv1', false);

    // Act
    const error = await caught(advanceRound(fx.deps, STAFF, { roundId: 'r-1', to: 'defense' }));

    // Assess
    expect(error.findings.map((f) => f.path)).toEqual(['applications.a2']);
  });

  it('moves from defence to evaluation once every defence score is in', async () => {
    // Prepare
    const fx = roundFixture('2026-09-20T00:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'defense' });
    await seedApplication(fx, 'r-1', 'a1', 'in-review');
    await seedReview(fx, 'r-1', 'a1', 'defense', 'rv1', true);
    await seedReview(fx, 'r-1', 'a1', 'defense', 'rv2', true);

    // Act
    const { round } = await advanceRound(fx.deps, STAFF, { roundId: 'r-1', to: 'evaluation' });

    // Assess
    expect(round.stage).toBe('evaluation');
    expect(round.selectedForOnsite).toBeUndefined();
  });
});
