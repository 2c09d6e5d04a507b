import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../functions/domain/errors.ts';
import { INDIVIDUAL_RUBRIC_2022, ORGANIZATION_RUBRIC_2022 } from '../../../functions/domain/rubrics.ts';
import { RULEBOOK_2022 } from '../../../functions/domain/rulebook.ts';
import {
  assertScoreItems,
  assertSelfEvaluation,
  compositePercent,
  pointsOf,
  roundForDisplay,
  selfEvaluationFindings,
  stageScore,
  totalOf,
  validateScoreItems,
  validateWeights,
} from '../../../functions/domain/scoring.ts';

/** A complete individual score sheet: 12 + 16 + 24 + 10 + 15 = 77. */
const individualSheet = (): Record<string, number> => ({ I1: 12, I2: 16, I3: 24, I4: 10, I5: 15 });

const fullOrganizationSheet = (): Record<string, number> =>
  Object.fromEntries(ORGANIZATION_RUBRIC_2022.items.map((item) => [item.itemId, item.maxPoints]));

describe('validateScoreItems', () => {
  it('accepts a complete sheet of whole points within range, including 0 and the maximum', () => {
    // Prepare
    const items = { ...individualSheet(), I1: 0, I3: 30 };

    // Act
    const findings = validateScoreItems(INDIVIDUAL_RUBRIC_2022, items);

    // Assess
    expect(findings).toEqual([]);
  });

  it('accepts full marks on every organization item (1000 points)', () => {
    // Prepare
    const items = fullOrganizationSheet();

    // Act
    const findings = validateScoreItems(ORGANIZATION_RUBRIC_2022, items);

    // Assess
    expect(findings).toEqual([]);
    expect(totalOf(items)).toBe(1000);
  });

  it('reports an out-of-range item, a fractional score, a missing item and an unknown item together', () => {
    // Prepare
    const { I2: _missing, ...rest } = individualSheet();
    const items = { ...rest, I1: 16, I3: 22.5, I5: -1, X9: 3 };

    // Act
    const findings = validateScoreItems(INDIVIDUAL_RUBRIC_2022, items);

    // Assess
    expect(findings).toEqual([
      {
        path: 'items.I1',
        code: 'SCORE_OUT_OF_RANGE',
        message: '评分项「I1 质量意识与责任感」的分值 16 超出范围，应为 0 至 15 之间的整数',
        article: '第十七条',
      },
      {
        path: 'items.I2',
        code: 'SCORE_OUT_OF_RANGE',
        message: '评分项「I2 创新能力」未评分，应为 0 至 20 之间的整数',
        article: '第十七条',
      },
      {
        path: 'items.I3',
        code: 'SCORE_OUT_OF_RANGE',
        message: '评分项「I3 质量管理实践与成效」的分值 22.5 不是整数，应为 0 至 30 之间的整数',
        article: '第十七条',
      },
      {
        path: 'items.I5',
        code: 'SCORE_OUT_OF_RANGE',
        message: '评分项「I5 社会影响与同行认可」的分值 -1 超出范围，应为 0 至 20 之间的整数',
        article: '第十七条',
      },
      {
        path: 'items.X9',
        code: 'VALIDATION_FAILED',
        message: '评分项 X9 不属于评分细则 2022.1（太原市政府质量奖（个人）评分细则）',
        article: '第十七条',
      },
    ]);
  });

  it('treats a non-number as not whole points', () => {
    // Prepare
    const items = { ...individualSheet(), I4: '10' as unknown as number };

    // Act
    const findings = validateScoreItems(INDIVIDUAL_RUBRIC_2022, items);

    // Assess
    expect(findings).toEqual([expect.objectContaining({ path: 'items.I4', code: 'SCORE_OUT_OF_RANGE' })]);
  });

  it('lets a self-evaluation leave items out in lenient mode but still checks the ones given', () => {
    // Prepare
    const items = { '4.1.1': 45, '4.7.1': 81 };

    // Act
    const findings = validateScoreItems(ORGANIZATION_RUBRIC_2022, items, { requireAll: false });

    // Assess
    expect(findings).toEqual([
      expect.objectContaining({
        path: 'items.4.7.1',
        code: 'SCORE_OUT_OF_RANGE',
        message: '评分项「4.7.1 产品和服务结果」的分值 81 超出范围，应为 0 至 80 之间的整数',
      }),
    ]);
  });
});

describe('assertScoreItems', () => {
  it('passes a valid sheet', () => {
    // Act
    const act = () => assertScoreItems(INDIVIDUAL_RUBRIC_2022, individualSheet());

    // Assess
    expect(act).not.toThrow();
  });

  it('throws SCORE_OUT_OF_RANGE with all findings when a score is wrong', () => {
    // Prepare
    const items = { ...individualSheet(), I1: 99, Z: 1 };

    // Act
    let error: unknown;
    try {
      assertScoreItems(INDIVIDUAL_RUBRIC_2022, items);
    } catch (caught) {
      error = caught;
    }

    // Assess
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'SCORE_OUT_OF_RANGE', message: '评分表有 2 处不符合评分细则要求' });
    expect((error as DomainError).findings.map((f) => f.path)).toEqual(['items.I1', 'items.Z']);
  });

  it('throws VALIDATION_FAILED when only unknown items are wrong', () => {
    // Prepare
    const items = { '4.1.1': 10, '5.1': 3 };

    // Act
    const act = () => assertScoreItems(ORGANIZATION_RUBRIC_2022, items, { requireAll: false });

    // Assess
    expect(act).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});

describe('totalOf and pointsOf', () => {
  it('sums a sheet and a subset of its items, counting absent items as 0', () => {
    // Prepare
    const items = individualSheet();

    // Act
    const total = totalOf(items);
    const practice = pointsOf(items, ['I3']);
    const withAbsent = pointsOf({ '4.7.1': 60, '4.7.2': 70 }, ['4.7.1', '4.7.2', '4.7.3']);

    // Assess
    expect(total).toBe(77);
    expect(practice).toBe(24);
    expect(withAbsent).toBe(130);
  });

  it('gives 0 for an empty sheet', () => {
    // Act
    const total = totalOf({});

    // Assess
    expect(total).toBe(0);
  });
});

describe('stageScore', () => {
  it('returns null when nobody has scored', () => {
    // Act
    const score = stageScore([], 1000, RULEBOOK_2022);

    // Assess
    expect(score).toBeNull();
  });

  it('takes the plain mean of 4 reviewers', () => {
    // Prepare
    const totals = [700, 760, 800, 741];

    // Act
    const score = stageScore(totals, 1000, RULEBOOK_2022);

    // Assess
    expect(score).toEqual({
      score: 750.25,
      percent: 75.025,
      reviewerCount: 4,
      trimmed: false,
      spread: 100,
      divergent: false,
    });
  });

  it('drops one highest and one lowest of 5 reviewers', () => {
    // Prepare
    const totals = [90, 70, 75, 80, 60];

    // Act
    const score = stageScore(totals, 100, RULEBOOK_2022);

    // Assess
    expect(score).toMatchObject({ score: 75, percent: 75, reviewerCount: 5, trimmed: true, spread: 30 });
  });

  it('drops only one highest and one lowest of 7 reviewers, even when they repeat', () => {
    // Prepare
    const totals = [800, 800, 700, 760, 720, 700, 750];

    // Act
    const score = stageScore(totals, 1000, RULEBOOK_2022);

    // Assess: 700, [700, 720, 750, 760, 800], 800 → 3730 / 5
    expect(score).toMatchObject({ score: 746, percent: 74.6, reviewerCount: 7, trimmed: true, spread: 100 });
  });

  it('does not flag a spread of exactly 15% of the maximum', () => {
    // Prepare
    const individualTotals = [70, 85, 80];
    const organizationTotals = [700, 850, 800];

    // Act
    const individual = stageScore(individualTotals, 100, RULEBOOK_2022);
    const organization = stageScore(organizationTotals, 1000, RULEBOOK_2022);

    // Assess
    expect(individual).toMatchObject({ spread: 15, divergent: false });
    expect(organization).toMatchObject({ spread: 150, divergent: false });
  });

  it('flags a spread above 15% of the maximum', () => {
    // Prepare
    const individualTotals = [70, 86, 80];
    const organizationTotals = [700, 851, 800, 760, 790];

    // Act
    const individual = stageScore(individualTotals, 100, RULEBOOK_2022);
    const organization = stageScore(organizationTotals, 1000, RULEBOOK_2022);

    // Assess
    expect(individual).toMatchObject({ spread: 16, divergent: true });
    expect(organization).toMatchObject({ spread: 151, divergent: true });
  });

  it('does not flag a spread exactly at a threshold whose product rounds down in floating point', () => {
    // Prepare: 0.29 * 100 is 28.999999999999996
    const rulebook = { trimmedMeanMinReviewers: 5, divergenceThreshold: 0.29 };

    // Act
    const atThreshold = stageScore([50, 79], 100, rulebook);
    const above = stageScore([50, 80], 100, rulebook);

    // Assess
    expect(atThreshold).toMatchObject({ spread: 29, divergent: false });
    expect(above).toMatchObject({ spread: 30, divergent: true });
  });

  it('follows the rulebook thresholds', () => {
    // Prepare
    const rulebook = { trimmedMeanMinReviewers: 3, divergenceThreshold: 0.1 };

    // Act
    const score = stageScore([60, 72, 90], 100, rulebook);

    // Assess
    expect(score).toMatchObject({ score: 72, trimmed: true, spread: 30, divergent: true });
  });

  it('handles a single reviewer', () => {
    // Act
    const score = stageScore([77], 100, RULEBOOK_2022);

    // Assess
    expect(score).toEqual({
      score: 77,
      percent: 77,
      reviewerCount: 1,
      trimmed: false,
      spread: 0,
      divergent: false,
    });
  });
});

describe('compositePercent', () => {
  it('weights the stage percentages', () => {
    // Prepare
    const percents = { material: 80, onsite: 90, defense: 70 };

    // Act
    const composite = compositePercent(percents, RULEBOOK_2022.defaultWeights);

    // Assess: 0.3 * 80 + 0.5 * 90 + 0.2 * 70
    expect(composite).toBeCloseTo(83, 12);
  });

  it('counts a stage not reached as 0', () => {
    // Prepare
    const percents = { material: 60 };

    // Act
    const composite = compositePercent(percents, RULEBOOK_2022.defaultWeights);

    // Assess
    expect(composite).toBeCloseTo(18, 12);
  });

  it('keeps full precision', () => {
    // Prepare
    const percents = { material: 75.025, onsite: 100 / 3, defense: 0 };

    // Act
    const composite = compositePercent(percents, { material: 0.3, onsite: 0.5, defense: 0.2 });

    // Assess
    expect(composite).toBeCloseTo(22.5075 + 50 / 3, 12);
    expect(roundForDisplay(composite)).toBe(39.17);
  });
});

describe('validateWeights', () => {
  it('accepts the default weights and weights whose float sum is within 1e-9 of 1', () => {
    // Act
    const defaults = () => validateWeights(RULEBOOK_2022.defaultWeights);
    const floaty = () => validateWeights({ material: 0.7, onsite: 0.2, defense: 0.1 });

    // Assess
    expect(defaults).not.toThrow();
    expect(floaty).not.toThrow();
  });

  it('refuses weights that do not sum to 1', () => {
    // Act
    let error: unknown;
    try {
      validateWeights({ material: 0.3, onsite: 0.5, defense: 0.3 });
    } catch (caught) {
      error = caught;
    }

    // Assess
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', message: '评审阶段权重设置不正确' });
    expect((error as DomainError).findings).toEqual([
      {
        path: 'weights',
        code: 'VALIDATION_FAILED',
        message: '材料评审、现场评审、陈述答辩三个阶段的权重之和应为 1，当前为 1.1',
      },
    ]);
  });

  it('refuses negative and non-numeric weights, naming each stage', () => {
    // Act
    let error: unknown;
    try {
      validateWeights({ material: -0.2, onsite: 1.2, defense: Number.NaN });
    } catch (caught) {
      error = caught;
    }

    // Assess
    expect((error as DomainError).findings.map((f) => [f.path, f.message])).toEqual([
      ['weights.material', '材料评审阶段的权重应为不小于 0 的数，当前为 -0.2'],
      ['weights.defense', '陈述答辩阶段的权重应为不小于 0 的数，当前为 NaN'],
    ]);
  });
});

describe('roundForDisplay', () => {
  it('rounds to two decimals', () => {
    // Act
    const rounded = [roundForDisplay(83.33333), roundForDisplay(72.126), roundForDisplay(100)];

    // Assess
    expect(rounded).toEqual([83.33, 72.13, 100]);
  });
});

describe('selfEvaluationFindings and assertSelfEvaluation (Art. 17, 18 (2))', () => {
  it('accepts a partial self-evaluation within each item’s maximum', () => {
    // Act
    const findings = selfEvaluationFindings(ORGANIZATION_RUBRIC_2022, { '4.1.1': 50, '4.7.1': 0 });

    // Assess
    expect(findings).toEqual([]);
  });

  it('names every item outside the rubric or above its maximum at its field, in Chinese', () => {
    // Act
    const findings = selfEvaluationFindings(INDIVIDUAL_RUBRIC_2022, { I1: 16, I2: 2.5, '4.1.1': 10 });

    // Assess
    expect(findings).toEqual([
      {
        path: 'selfEvaluation.items.I1',
        code: 'VALIDATION_FAILED',
        message: '自评项「I1 质量意识与责任感」的分值 16 超出范围，应为 0 至 15 之间的整数',
        article: '第十七条',
      },
      expect.objectContaining({
        path: 'selfEvaluation.items.I2',
        message: expect.stringContaining('不是整数'),
      }),
      expect.objectContaining({
        path: 'selfEvaluation.items.4.1.1',
        message: expect.stringMatching(/^自评项 4\.1\.1 不属于评分细则 2022\.1/),
      }),
    ]);
  });

  it('throws VALIDATION_FAILED with every finding', () => {
    // Act
    const error = (() => {
      try {
        assertSelfEvaluation(ORGANIZATION_RUBRIC_2022, { '4.1.1': 51, x: 1 });
      } catch (e) {
        return e as DomainError;
      }
      return undefined;
    })();

    // Assess
    expect(error).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('自评有 2 处'),
    });
    expect(error?.findings.map((f) => f.path)).toEqual([
      'selfEvaluation.items.4.1.1',
      'selfEvaluation.items.x',
    ]);
    expect(() => assertSelfEvaluation(ORGANIZATION_RUBRIC_2022, {})).not.toThrow();
  });
});
