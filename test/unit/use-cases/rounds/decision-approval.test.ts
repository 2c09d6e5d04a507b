import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../../functions/domain/errors.ts';
import { getRanking } from '../../../../functions/use-cases/get-ranking.ts';
import { recordApproval } from '../../../../functions/use-cases/record-approval.ts';
import { recordDecision } from '../../../../functions/use-cases/record-decision.ts';
import { stageWait } from '../../../../functions/use-cases/workflow/waits.ts';
import {
  APPLICANT,
  LEADER,
  roundFixture,
  STAFF,
  SUPERVISOR,
  seedRanking,
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

const ids = Array.from({ length: 17 }, (_, i) => `a${String(i + 1).padStart(2, '0')}`);
const proposal = { award: ids.slice(0, 5), nomination: ids.slice(5, 15) };

describe('recordDecision', () => {
  it('stores the proposal as decided, consumes stage:decision and resumes the flow', async () => {
    // Prepare
    const fx = roundFixture('2026-10-20T00:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'decision' });
    await seedRanking(fx, 'r-1', ids);
    await seedToken(fx, 'r-1', stageWait('decision'));

    // Act
    const result = await recordDecision(fx.deps, LEADER, { roundId: 'r-1', ...proposal });

    // Assess
    expect(result.decision).toMatchObject({
      ...proposal,
      changedFromProposal: false,
      by: 'leader-1',
      version: 1,
    });
    expect(result.round.stage).toBe('decision');
    expect(await fx.store.getDecision('r-1')).toMatchObject({ award: proposal.award });
    expect(await fx.store.getTaskToken('r-1', stageWait('decision'))).toBeNull();
    expect(fx.workflow.resumed).toEqual([{ token: 'token-stage:decision', output: proposal }]);
    expect((await fx.store.listAudit('r-1')).map((e) => e.action)).toEqual(['round.decided']);
  });

  it('accepts a change within the quotas with a reason, and refuses a second decision', async () => {
    // Prepare
    const fx = roundFixture('2026-10-20T00:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'decision' });
    await seedRanking(fx, 'r-1', ids);

    // Act
    const { decision } = await recordDecision(fx.deps, LEADER, {
      roundId: 'r-1',
      award: ids.slice(0, 3),
      nomination: [],
      note: ' 从严掌握 ',
    });
    const again = await caught(recordDecision(fx.deps, LEADER, { roundId: 'r-1', ...proposal }));

    // Assess
    expect(decision).toMatchObject({ changedFromProposal: true, note: '从严掌握' });
    expect(again.code).toBe('STAGE_CLOSED');
    expect(fx.workflow.resumed).toEqual([]);
  });

  it('refuses six awards with QUOTA_EXCEEDED (Art. 8) and stores nothing', async () => {
    // Prepare
    const fx = roundFixture('2026-10-20T00:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'decision' });
    await seedRanking(fx, 'r-1', ids);

    // Act
    const error = await caught(
      recordDecision(fx.deps, LEADER, {
        roundId: 'r-1',
        award: ids.slice(0, 6),
        nomination: [],
        note: '理由',
      }),
    );

    // Assess
    expect(error.code).toBe('QUOTA_EXCEEDED');
    expect(error.findings[0]?.path).toBe('award');
    expect(await fx.store.getDecision('r-1')).toBeNull();
  });

  it('refuses with CALENDAR_NOT_AVAILABLE when the winners window would reach into a year without data', async () => {
    // Prepare: decided on Monday 2026-12-28, the 5th working day falls in January 2027 (no seed data).
    const fx = roundFixture('2026-12-28T02:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'decision' });
    await seedRanking(fx, 'r-1', ids);
    await seedToken(fx, 'r-1', stageWait('decision'));

    // Act
    const error = await caught(recordDecision(fx.deps, LEADER, { roundId: 'r-1', ...proposal }));

    // Assess
    expect(error.code).toBe('CALENDAR_NOT_AVAILABLE');
    expect(error.findings[0]?.message).toContain('拟获奖名单');
    expect(await fx.store.getDecision('r-1')).toBeNull();
    expect(await fx.store.getTaskToken('r-1', stageWait('decision'))).not.toBeNull();
    expect(fx.workflow.resumed).toEqual([]);
  });

  it('refuses outside the decision stage, before the ranking, and for non-leaders', async () => {
    // Prepare
    const fx = roundFixture();
    await seedRound(fx, { roundId: 'r-early', stage: 'evaluation' });
    await seedRound(fx, { roundId: 'r-unranked', stage: 'decision' });

    // Act
    const early = await caught(
      recordDecision(fx.deps, LEADER, { roundId: 'r-early', award: [], nomination: [] }),
    );
    const unranked = await caught(
      recordDecision(fx.deps, LEADER, { roundId: 'r-unranked', award: [], nomination: [] }),
    );
    const staff = await caught(
      recordDecision(fx.deps, STAFF, { roundId: 'r-early', award: [], nomination: [] }),
    );

    // Assess
    expect(early.code).toBe('STAGE_CLOSED');
    expect(unranked.code).toBe('STAGE_PRECONDITION_FAILED');
    expect(unranked.message).toContain('排名尚未生成');
    expect(staff.code).toBe('FORBIDDEN');
  });
});

describe('recordApproval', () => {
  it('records the document, moves the round to announced and resumes the flow', async () => {
    // Prepare
    const fx = roundFixture('2026-11-20T00:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'approval' });
    await seedToken(fx, 'r-1', stageWait('approval'));

    // Act
    const { round } = await recordApproval(fx.deps, STAFF, {
      roundId: 'r-1',
      documentNo: ' 并政函〔2026〕88号 ',
      approvedOn: '2026-11-18',
    });

    // Assess
    expect(round).toMatchObject({
      stage: 'announced',
      approval: {
        documentNo: '并政函〔2026〕88号',
        approvedOn: '2026-11-18',
        by: 'staff-1',
        at: '2026-11-20T00:00:00.000Z',
      },
    });
    expect(round.stageHistory.at(-1)).toMatchObject({
      stage: 'announced',
      note: '批准文号：并政函〔2026〕88号',
    });
    expect(fx.workflow.resumed).toEqual([
      {
        token: 'token-stage:approval',
        output: { documentNo: '并政函〔2026〕88号', approvedOn: '2026-11-18' },
      },
    ]);
    expect((await fx.store.listAudit('r-1'))[0]).toMatchObject({
      action: 'round.approved',
      before: { stage: 'approval' },
    });
  });

  it('lists every bad field and refuses outside the approval stage', async () => {
    // Prepare
    const fx = roundFixture();
    await seedRound(fx, { roundId: 'r-1', stage: 'approval' });
    await seedRound(fx, { roundId: 'r-2', stage: 'winner-publicity' });

    // Act
    const bad = await caught(
      recordApproval(fx.deps, STAFF, { roundId: 'r-1', documentNo: ' ', approvedOn: '2026-02-30' }),
    );
    const early = await caught(
      recordApproval(fx.deps, STAFF, { roundId: 'r-2', documentNo: 'x', approvedOn: '2026-11-18' }),
    );

    // Assess
    expect(bad.findings.map((f) => f.path)).toEqual(['documentNo', 'approvedOn']);
    expect(early.code).toBe('STAGE_CLOSED');
    expect((await fx.store.getRound('r-1'))?.stage).toBe('approval');
  });
});

describe('getRanking', () => {
  it('returns the stored rows in rank order with every stage present', async () => {
    // Prepare
    const fx = roundFixture();
    await seedRound(fx, { roundId: 'r-1', stage: 'decision' });
    await seedRanking(fx, 'r-1', ['a1', 'a2']);

    // Act
    const rows = await getRanking(fx.deps, SUPERVISOR, { roundId: 'r-1' });

    // Assess
    expect(rows).toEqual([
      {
        applicationId: 'a1',
        category: 'organization',
        displayName: '企业a1',
        stageScores: { material: 800, onsite: 780, defense: null },
        compositePercent: 70,
        rank: 1,
        proposedTier: 'award',
        flags: ['divergent-scores'],
        // A ranking stored before stage summaries were kept names no stage.
        divergentStages: [],
      },
      expect.objectContaining({ applicationId: 'a2', rank: 2 }),
    ]);
  });

  it('is 409 before the ranking exists, 404 for an unknown round, 403 for applicants', async () => {
    // Prepare
    const fx = roundFixture();
    await seedRound(fx, { roundId: 'r-1', stage: 'evaluation' });

    // Act
    const early = await caught(getRanking(fx.deps, STAFF, { roundId: 'r-1' }));
    const unknown = await caught(getRanking(fx.deps, LEADER, { roundId: 'nope' }));
    const applicant = await caught(getRanking(fx.deps, APPLICANT, { roundId: 'r-1' }));

    // Assess
    expect(early.code).toBe('STAGE_PRECONDITION_FAILED');
    expect(early.message).toContain('排名尚未生成');
    expect(unknown.code).toBe('NOT_FOUND');
    expect(applicant.code).toBe('FORBIDDEN');
  });
});
