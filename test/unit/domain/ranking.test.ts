import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../functions/domain/errors.ts';
import {
  type RankingCandidate,
  type RankingRow,
  rankCandidates,
  validateDecision,
} from '../../../functions/domain/ranking.ts';
import { RULEBOOK_2022 } from '../../../functions/domain/rulebook.ts';
import { compositePercent } from '../../../functions/domain/scoring.ts';

const QUOTAS = RULEBOOK_2022.quotas;

/** A candidate with sensible defaults; the fields under test are overridden. */
const candidate = (applicationId: string, overrides: Partial<RankingCandidate> = {}): RankingCandidate => ({
  applicationId,
  category: 'organization',
  displayName: `申报单位${applicationId}`,
  stagePercents: { material: 80, onsite: 80, defense: 80 },
  stageScores: { material: 800, onsite: 800, defense: 800 },
  compositePercent: 80,
  onsitePercent: 80,
  resultsItemsPoints: 320,
  submittedAt: new Date('2026-06-01T02:00:00Z'),
  flags: [],
  ...overrides,
});

/** n candidates with strictly decreasing composites 90, 89, … */
const field = (n: number): RankingCandidate[] =>
  Array.from({ length: n }, (_, i) =>
    candidate(`A${String(i + 1).padStart(2, '0')}`, { compositePercent: 90 - i }),
  );

const ids = (rows: readonly RankingRow[]) => rows.map((row) => row.applicationId);
const tiers = (rows: readonly RankingRow[]) => rows.map((row) => row.proposedTier);

const caught = (act: () => unknown): DomainError => {
  try {
    act();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
};

describe('rankCandidates', () => {
  it('ranks organizations and individuals together on the composite percentage', () => {
    // Prepare
    const candidates = [
      candidate('ORG-1', { compositePercent: 71.5 }),
      candidate('IND-1', {
        category: 'individual',
        displayName: '张三',
        compositePercent: 88.25,
        stageScores: { material: 88, onsite: 90.333333, defense: 85 },
        resultsItemsPoints: 27,
      }),
      candidate('ORG-2', { compositePercent: 80.125 }),
      candidate('IND-2', { category: 'individual', compositePercent: 64, resultsItemsPoints: 20 }),
    ];

    // Act
    const rows = rankCandidates(candidates, { quotas: QUOTAS });

    // Assess
    expect(ids(rows)).toEqual(['IND-1', 'ORG-2', 'ORG-1', 'IND-2']);
    expect(rows.map((row) => row.rank)).toEqual([1, 2, 3, 4]);
    expect(rows[0]).toEqual({
      applicationId: 'IND-1',
      category: 'individual',
      displayName: '张三',
      stageScores: { material: 88, onsite: 90.33, defense: 85 },
      compositePercent: 88.25,
      rank: 1,
      proposedTier: 'award',
      flags: [],
    });
    expect(rows[1]?.compositePercent).toBe(80.13);
  });

  it('shows a stage not reached as null and passes the flags through', () => {
    // Prepare
    const candidates = [
      candidate('ORG-1', {
        stageScores: { material: 612.5 },
        stagePercents: { material: 61.25 },
        compositePercent: 18.375,
        onsitePercent: 0,
        flags: ['divergent-scores'],
      }),
    ];

    // Act
    const rows = rankCandidates(candidates, { quotas: QUOTAS });

    // Assess
    expect(rows[0]?.stageScores).toEqual({ material: 612.5, onsite: null, defense: null });
    expect(rows[0]?.compositePercent).toBe(18.38);
    expect(rows[0]?.flags).toEqual(['divergent-scores']);
  });

  it('breaks a composite tie on the higher on-site percentage', () => {
    // Prepare
    const candidates = [
      candidate('A', { compositePercent: 85, onsitePercent: 84 }),
      candidate('B', { compositePercent: 85, onsitePercent: 86, resultsItemsPoints: 0 }),
    ];

    // Act
    const rows = rankCandidates(candidates, { quotas: QUOTAS });

    // Assess
    expect(ids(rows)).toEqual(['B', 'A']);
  });

  it('treats composites equal up to floating-point noise as tied', () => {
    // Prepare: both are 60.7 mathematically; in floating point b is 60.699999999999996.
    const a = compositePercent({ material: 60, onsite: 61, defense: 61 }, RULEBOOK_2022.defaultWeights);
    const b = compositePercent({ material: 61, onsite: 60, defense: 62 }, RULEBOOK_2022.defaultWeights);
    const candidates = [
      candidate('A', { compositePercent: a, onsitePercent: 80 }),
      candidate('B', { compositePercent: b, onsitePercent: 90 }),
    ];

    // Act
    const rows = rankCandidates(candidates, { quotas: QUOTAS });

    // Assess
    expect(a).not.toBe(b);
    expect(ids(rows)).toEqual(['B', 'A']);
  });

  it('then breaks the tie on results items as a percentage of their maximum, across categories', () => {
    // Prepare: the organization has 300/400 = 75 %; the individual 24/30 = 80 %.
    const candidates = [
      candidate('ORG', { compositePercent: 85, onsitePercent: 86, resultsItemsPoints: 300 }),
      candidate('IND', {
        category: 'individual',
        compositePercent: 85,
        onsitePercent: 86,
        resultsItemsPoints: 24,
      }),
    ];

    // Act
    const rows = rankCandidates(candidates, { quotas: QUOTAS });

    // Assess
    expect(ids(rows)).toEqual(['IND', 'ORG']);
  });

  it('then breaks the tie on the earlier submission', () => {
    // Prepare
    const candidates = [
      candidate('LATE', { submittedAt: new Date('2026-06-02T01:00:00Z') }),
      candidate('EARLY', { submittedAt: new Date('2026-06-01T01:00:00Z') }),
    ];

    // Act
    const rows = rankCandidates(candidates, { quotas: QUOTAS });

    // Assess
    expect(ids(rows)).toEqual(['EARLY', 'LATE']);
  });

  it('orders candidates equal in everything by application id, with distinct ranks', () => {
    // Prepare
    const candidates = [candidate('C'), candidate('A'), candidate('B'), candidate('A')];

    // Act
    const rows = rankCandidates(candidates, { quotas: QUOTAS });

    // Assess
    expect(ids(rows)).toEqual(['A', 'A', 'B', 'C']);
    expect(rows.map((row) => row.rank)).toEqual([1, 2, 3, 4]);
  });

  it('proposes 5 award and 10 nomination and no tier for the rest', () => {
    // Prepare
    const candidates = field(17).reverse();

    // Act
    const rows = rankCandidates(candidates, { quotas: QUOTAS });

    // Assess
    expect(ids(rows)[0]).toBe('A01');
    expect(tiers(rows)).toEqual([
      ...Array<string>(5).fill('award'),
      ...Array<string>(10).fill('nomination'),
      null,
      null,
    ]);
  });

  it('leaves vacancies when candidates fall below the minimum percentages (Art. 8)', () => {
    // Prepare: composites 90, 89, …, 75
    const candidates = field(16);

    // Act
    const rows = rankCandidates(candidates, {
      quotas: QUOTAS,
      minimumPercent: { award: 88.5, nomination: 80 },
    });

    // Assess: 90, 89 award; 88 … 80 nomination (9 of 10); 79 … none
    expect(tiers(rows)).toEqual([
      'award',
      'award',
      ...Array<string>(9).fill('nomination'),
      ...Array<null>(5).fill(null),
    ]);
  });

  it('proposes nobody when nobody reaches the minimums', () => {
    // Prepare
    const candidates = field(3);

    // Act
    const rows = rankCandidates(candidates, {
      quotas: QUOTAS,
      minimumPercent: { award: 95, nomination: 91 },
    });

    // Assess
    expect(tiers(rows)).toEqual([null, null, null]);
  });

  it('counts a composite at the minimum as reaching it', () => {
    // Prepare
    const composite = compositePercent(
      { material: 61, onsite: 60, defense: 62 },
      RULEBOOK_2022.defaultWeights,
    );
    const candidates = [candidate('A', { compositePercent: composite })];

    // Act
    const rows = rankCandidates(candidates, { quotas: QUOTAS, minimumPercent: { award: 60.7 } });

    // Assess
    expect(tiers(rows)).toEqual(['award']);
  });

  it('follows the round quotas', () => {
    // Prepare
    const candidates = field(4);

    // Act
    const rows = rankCandidates(candidates, { quotas: { award: 1, nomination: 2 } });

    // Assess
    expect(tiers(rows)).toEqual(['award', 'nomination', 'nomination', null]);
  });

  it('refuses an unknown rubric version', () => {
    // Act
    const act = () => rankCandidates([], { quotas: QUOTAS, rubricVersion: '1999.9' });

    // Assess
    expect(act).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('returns an empty ranking for no candidates', () => {
    // Act
    const rows = rankCandidates([], { quotas: QUOTAS, rubricVersion: '2022.1' });

    // Assess
    expect(rows).toEqual([]);
  });
});

describe('validateDecision', () => {
  const proposal = rankCandidates(field(17), { quotas: QUOTAS });
  const proposed = (tier: 'award' | 'nomination') =>
    proposal.filter((row) => row.proposedTier === tier).map((row) => row.applicationId);
  const context = { quotas: QUOTAS, eligibleIds: new Set(ids(proposal)), proposal };

  it('accepts the proposal unchanged without a reason', () => {
    // Act
    const result = validateDecision(
      { award: proposed('award'), nomination: proposed('nomination') },
      context,
    );

    // Assess
    expect(result).toEqual({ changed: false });
  });

  it('accepts the proposal in another order as unchanged', () => {
    // Act
    const result = validateDecision(
      { award: proposed('award').reverse(), nomination: proposed('nomination').reverse() },
      context,
    );

    // Assess
    expect(result).toEqual({ changed: false });
  });

  it('refuses 6 award winners with QUOTA_EXCEEDED citing Art. 8', () => {
    // Prepare
    const decision = { award: [...proposed('award'), 'A06'], nomination: proposed('nomination').slice(1) };

    // Act
    const error = caught(() => validateDecision(decision, { ...context, reason: '调整' }));

    // Assess
    expect(error.code).toBe('QUOTA_EXCEEDED');
    expect(error.message).toBe(
      '市政府质量奖拟定 6 个，超过本届名额 5 个（第八条：获奖组织和个人合计计算，可少额或空缺）',
    );
    expect(error.findings).toEqual([
      expect.objectContaining({ path: 'award', code: 'QUOTA_EXCEEDED', article: '第八条' }),
    ]);
  });

  it('refuses 11 nomination winners with QUOTA_EXCEEDED', () => {
    // Prepare
    const decision = { award: proposed('award').slice(0, 4), nomination: [...proposed('nomination'), 'A16'] };

    // Act
    const error = caught(() => validateDecision(decision, { ...context, reason: '调整' }));

    // Assess
    expect(error.code).toBe('QUOTA_EXCEEDED');
    expect(error.message).toContain('市政府质量奖提名奖拟定 11 个，超过本届名额 10 个');
  });

  it('refuses duplicates, an id in both tiers and an id outside the round, all together', () => {
    // Prepare
    const decision = { award: ['A01', 'A01', 'A02', 'ZZZ'], nomination: ['A02', 'A07'] };

    // Act
    const error = caught(() => validateDecision(decision, { ...context, reason: '调整' }));

    // Assess
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.findings.map((f) => [f.path, f.message])).toEqual([
      ['award.1', '申报 A01 在市政府质量奖名单中重复出现'],
      ['award.3', '申报 ZZZ 不是本届综合评价的候选对象'],
      ['nomination.0', '申报 A02 不能同时列入市政府质量奖和市政府质量奖提名奖名单'],
    ]);
  });

  it('refuses a changed decision without a reason', () => {
    // Prepare: A05 moved down from award to nomination.
    const decision = {
      award: proposed('award').slice(0, 4),
      nomination: ['A05', ...proposed('nomination').slice(0, 9)],
    };

    // Act
    const blank = caught(() => validateDecision(decision, { ...context, reason: '  ' }));
    const absent = caught(() => validateDecision(decision, context));

    // Assess
    for (const error of [blank, absent]) {
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.findings).toEqual([
        expect.objectContaining({ path: 'note', message: '领导小组在名额内调整建议名单时，须填写调整理由' }),
      ]);
    }
  });

  it('accepts a changed decision with a reason, including fewer winners (Art. 8)', () => {
    // Prepare
    const swapped = { award: ['A01', 'A02', 'A03', 'A04', 'A16'], nomination: proposed('nomination') };
    const fewer = { award: ['A01'], nomination: [] };

    // Act
    const swappedResult = validateDecision(swapped, { ...context, reason: '经领导小组审议调整' });
    const fewerResult = validateDecision(fewer, { ...context, reason: '其余申报未达到获奖水平' });

    // Assess
    expect(swappedResult).toEqual({ changed: true });
    expect(fewerResult).toEqual({ changed: true });
  });
});
