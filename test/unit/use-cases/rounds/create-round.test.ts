import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../../functions/domain/errors.ts';
import { createRound } from '../../../../functions/use-cases/create-round.ts';
import { getRound } from '../../../../functions/use-cases/get-round.ts';
import { listRounds } from '../../../../functions/use-cases/list-rounds.ts';
import { APPLICANT, roundFixture, STAFF, seedRound } from '../../../support/rounds-fakes.ts';

async function caught(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

const body = {
  title: '第一届太原市政府质量奖评选',
  callOpensAt: '2026-03-01T09:00:00+08:00',
  callClosesAt: '2026-05-31T17:00:00+08:00',
};

describe('createRound', () => {
  it('opens round 1 at call-open with the rulebook defaults and starts its flow', async () => {
    // Prepare
    const fx = roundFixture('2026-02-20T01:00:00Z');

    // Act
    const { round, windows } = await createRound(fx.deps, STAFF, body);

    // Assess
    expect(round).toMatchObject({
      ordinal: 1,
      stage: 'call-open',
      callOpensAt: '2026-03-01T01:00:00.000Z',
      callClosesAt: '2026-05-31T09:00:00.000Z',
      quotas: { award: 5, nomination: 10 },
      weights: { material: 0.3, onsite: 0.5, defense: 0.2 },
      rulebookVersion: 'TY-QA-2022',
      rubricVersion: '2022.1',
      version: 1,
      stageHistory: [{ stage: 'call-open', at: '2026-02-20T01:00:00.000Z', by: 'staff-1' }],
    });
    expect(windows).toEqual([]);
    expect(await fx.store.getRound(round.roundId)).toMatchObject({ ordinal: 1, version: 1 });
    expect(fx.workflow.started).toEqual([
      { roundId: round.roundId, resumeAt: 'call-open', executionName: `${round.roundId}-1` },
    ]);
    expect((await fx.store.listAudit(round.roundId)).map((e) => e.action)).toEqual(['round.created']);
  });

  it('numbers the next round after the highest ordinal and keeps explicit settings', async () => {
    // Prepare
    const fx = roundFixture();
    await seedRound(fx, { roundId: 'r-old', stage: 'announced', ordinal: 3 });

    // Act
    const { round } = await createRound(fx.deps, STAFF, {
      ...body,
      quotas: { award: 3, nomination: 0 },
      weights: { material: 0.2, onsite: 0.5, defense: 0.3 },
      minimumPercent: { award: 80 },
    });

    // Assess
    expect(round).toMatchObject({
      ordinal: 4,
      quotas: { award: 3, nomination: 0 },
      weights: { material: 0.2, onsite: 0.5, defense: 0.3 },
      minimumPercent: { award: 80 },
    });
  });

  it('refuses an ordinal already used, on the ordinal field', async () => {
    // Prepare
    const fx = roundFixture();
    await seedRound(fx, { roundId: 'r-1', stage: 'call-open', ordinal: 2 });

    // Act
    const error = await caught(createRound(fx.deps, STAFF, { ...body, ordinal: 2 }));

    // Assess
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.findings).toEqual([
      expect.objectContaining({ path: 'ordinal', message: expect.stringContaining('第 2 届') }),
    ]);
    expect(fx.workflow.started).toEqual([]);
  });

  it('gives one ordinal to one round when another took it at the same moment (default: the next one)', async () => {
    // Prepare: round 1 was created by a concurrent request after this one listed the rounds.
    const fx = roundFixture();
    const first = await createRound(fx.deps, STAFF, body);
    const listRoundsNow = fx.store.listRounds.bind(fx.store);
    let calls = 0;
    fx.store.listRounds = async () => (calls++ === 0 ? [] : listRoundsNow());

    // Act
    const { round } = await createRound(fx.deps, STAFF, { ...body, title: '同时创建的届次' });

    // Assess
    expect(first.round.roundId).toBe('round-1');
    expect(round).toMatchObject({ roundId: 'round-2', ordinal: 2, title: '同时创建的届次' });
    expect((await listRoundsNow()).map((r) => [r.ordinal, r.title])).toEqual([
      [1, body.title],
      [2, '同时创建的届次'],
    ]);
    expect(fx.workflow.started.map((s) => s.roundId)).toEqual(['round-1', 'round-2']);
  });

  it('refuses an explicit ordinal another request took at the same moment, starting nothing', async () => {
    // Prepare
    const fx = roundFixture();
    await createRound(fx.deps, STAFF, { ...body, ordinal: 3 });
    fx.store.listRounds = async () => [];

    // Act
    const error = await caught(createRound(fx.deps, STAFF, { ...body, title: '重复的第三届', ordinal: 3 }));

    // Assess
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.findings).toEqual([expect.objectContaining({ path: 'ordinal' })]);
    expect((await fx.store.getRound('round-3'))?.title).toBe(body.title);
    expect(fx.workflow.started).toHaveLength(1);
  });

  it('refuses quotas above the rulebook (Art. 8) with QUOTA_EXCEEDED', async () => {
    // Prepare
    const fx = roundFixture();

    // Act
    const error = await caught(
      createRound(fx.deps, STAFF, { ...body, quotas: { award: 6, nomination: 11 } }),
    );

    // Assess
    expect(error.code).toBe('QUOTA_EXCEEDED');
    expect(error.findings.map((f) => f.path)).toEqual(['quotas.award', 'quotas.nomination']);
    expect(await fx.store.listRounds()).toEqual([]);
  });

  it('lists every malformed field at once', async () => {
    // Prepare
    const fx = roundFixture();

    // Act
    const error = await caught(
      createRound(fx.deps, STAFF, {
        title: ' ',
        ordinal: 0,
        callOpensAt: '2026-05-31T17:00:00+08:00',
        callClosesAt: '2026-03-01T09:00:00+08:00',
        quotas: { award: -1, nomination: 1.5 },
        minimumPercent: { nomination: 101 },
      }),
    );

    // Assess
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.findings.map((f) => f.path)).toEqual([
      'title',
      'ordinal',
      'callClosesAt',
      'quotas.award',
      'minimumPercent.nomination',
      'quotas.nomination',
    ]);
  });

  it('refuses unreadable instants', async () => {
    // Prepare
    const fx = roundFixture();

    // Act
    const error = await caught(createRound(fx.deps, STAFF, { ...body, callOpensAt: 'x', callClosesAt: 'y' }));

    // Assess
    expect(error.findings.map((f) => f.path)).toEqual(['callOpensAt', 'callClosesAt']);
  });

  it('refuses weights that do not sum to 1', async () => {
    // Prepare
    const fx = roundFixture();

    // Act
    const error = await caught(
      createRound(fx.deps, STAFF, { ...body, weights: { material: 0.5, onsite: 0.5, defense: 0.5 } }),
    );

    // Assess
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.findings[0]?.path).toBe('weights');
  });

  it('refuses a call reaching past the rulebook validity (Art. 31)', async () => {
    // Prepare
    const fx = roundFixture();

    // Act
    const error = await caught(
      createRound(fx.deps, STAFF, { ...body, callClosesAt: '2027-10-15T10:00:00+08:00' }),
    );

    // Assess
    expect(error.code).toBe('RULEBOOK_NOT_IN_FORCE');
  });

  it('is for staff only', async () => {
    // Prepare
    const fx = roundFixture();

    // Act
    const error = await caught(createRound(fx.deps, APPLICANT, body));

    // Assess
    expect(error.code).toBe('FORBIDDEN');
  });
});

describe('listRounds and getRound', () => {
  it('lists rounds by ordinal with their windows', async () => {
    // Prepare
    const fx = roundFixture();
    await seedRound(fx, { roundId: 'r-b', stage: 'call-open', ordinal: 2, windowIds: ['w-missing'] });
    await seedRound(fx, { roundId: 'r-a', stage: 'announced', ordinal: 1 });

    // Act
    const views = await listRounds(fx.deps, APPLICANT);

    // Assess
    expect(views.map((v) => v.round.roundId)).toEqual(['r-a', 'r-b']);
    expect(views[1]?.windows).toEqual([]);
  });

  it('reads one round, or NOT_FOUND in Chinese', async () => {
    // Prepare
    const fx = roundFixture();
    await seedRound(fx, { roundId: 'r-1', stage: 'qualification' });

    // Act
    const view = await getRound(fx.deps, APPLICANT, { roundId: 'r-1' });
    const error = await caught(getRound(fx.deps, APPLICANT, { roundId: 'r-none' }));

    // Assess
    expect(view.round.stage).toBe('qualification');
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toContain('不存在');
  });
});
