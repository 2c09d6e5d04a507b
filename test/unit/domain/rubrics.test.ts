import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../functions/domain/errors.ts';
import type { Category } from '../../../functions/domain/model.ts';
import {
  DEFAULT_RUBRIC_VERSION,
  INDIVIDUAL_RUBRIC_2022,
  ORGANIZATION_RUBRIC_2022,
  RUBRICS,
  type Rubric,
  resultsItemsOf,
  resultsMaxPointsOf,
  rubricFor,
  validateRubric,
} from '../../../functions/domain/rubrics.ts';

const groupTotals = (rubric: Rubric): Record<string, number> => {
  const totals: Record<string, number> = {};
  for (const item of rubric.items) totals[item.group] = (totals[item.group] ?? 0) + item.maxPoints;
  return totals;
};

describe('default rubrics', () => {
  it('are all valid', () => {
    // Act
    const findings = RUBRICS.map(validateRubric);

    // Assess
    expect(findings).toEqual([[], []]);
  });

  it('give the organization rubric the GB/T 19580-2012 category points of Appendix A', () => {
    // Act
    const totals = groupTotals(ORGANIZATION_RUBRIC_2022);

    // Assess
    expect(ORGANIZATION_RUBRIC_2022.maxPoints).toBe(1000);
    expect(totals).toEqual({
      '4.1 领导': 110,
      '4.2 战略': 90,
      '4.3 顾客与市场': 90,
      '4.4 资源': 130,
      '4.5 过程管理': 100,
      '4.6 测量、分析与改进': 80,
      '4.7 结果': 400,
    });
  });

  it('list the organization items with ids 4.1.1 … 4.7.6 and their points', () => {
    // Act
    const items = ORGANIZATION_RUBRIC_2022.items.map((item) => [item.itemId, item.maxPoints]);

    // Assess
    expect(items).toEqual([
      ['4.1.1', 50],
      ['4.1.2', 30],
      ['4.1.3', 30],
      ['4.2.1', 40],
      ['4.2.2', 50],
      ['4.3.1', 40],
      ['4.3.2', 50],
      ['4.4.1', 60],
      ['4.4.2', 15],
      ['4.4.3', 20],
      ['4.4.4', 15],
      ['4.4.5', 10],
      ['4.4.6', 10],
      ['4.5.1', 50],
      ['4.5.2', 50],
      ['4.6.1', 40],
      ['4.6.2', 40],
      ['4.7.1', 80],
      ['4.7.2', 80],
      ['4.7.3', 80],
      ['4.7.4', 60],
      ['4.7.5', 50],
      ['4.7.6', 50],
    ]);
  });

  it('mark exactly the 4.7 items as results items', () => {
    // Act
    const results = ORGANIZATION_RUBRIC_2022.items.filter((item) => item.kind === 'results');
    const process = ORGANIZATION_RUBRIC_2022.items.filter((item) => item.kind === 'process');

    // Assess
    expect(results.map((item) => item.itemId)).toEqual([
      '4.7.1',
      '4.7.2',
      '4.7.3',
      '4.7.4',
      '4.7.5',
      '4.7.6',
    ]);
    expect(process).toHaveLength(17);
  });

  it('give the individual rubric its five items worth 100 points', () => {
    // Act
    const items = INDIVIDUAL_RUBRIC_2022.items.map((item) => [
      item.itemId,
      item.title,
      item.maxPoints,
      item.kind,
    ]);

    // Assess
    expect(INDIVIDUAL_RUBRIC_2022.maxPoints).toBe(100);
    expect(items).toEqual([
      ['I1', '质量意识与责任感', 15, 'individual'],
      ['I2', '创新能力', 20, 'individual'],
      ['I3', '质量管理实践与成效', 30, 'individual'],
      ['I4', '理论研究与成果', 15, 'individual'],
      ['I5', '社会影响与同行认可', 20, 'individual'],
    ]);
  });

  it('cannot be changed at runtime', () => {
    // Act
    const mutate = () => {
      (ORGANIZATION_RUBRIC_2022.items[0] as { maxPoints: number }).maxPoints = 999;
    };

    // Assess
    expect(mutate).toThrow(TypeError);
    expect(ORGANIZATION_RUBRIC_2022.items[0]?.maxPoints).toBe(50);
  });
});

describe('rubricFor', () => {
  it('returns the default version of a category', () => {
    // Act
    const organization = rubricFor('organization');
    const individual = rubricFor('individual', DEFAULT_RUBRIC_VERSION);

    // Assess
    expect(organization).toBe(ORGANIZATION_RUBRIC_2022);
    expect(individual).toBe(INDIVIDUAL_RUBRIC_2022);
    expect(DEFAULT_RUBRIC_VERSION).toBe('2022.1');
  });

  it('finds a revised version among the rubrics given (Art. 17)', () => {
    // Prepare
    const revised: Rubric = { ...INDIVIDUAL_RUBRIC_2022, version: '2025.1' };

    // Act
    const found = rubricFor('individual', '2025.1', [...RUBRICS, revised]);

    // Assess
    expect(found).toBe(revised);
  });

  it('refuses an unknown version with NOT_FOUND in Chinese', () => {
    // Act
    const act = () => rubricFor('organization', '1999.9');

    // Assess
    expect(act).toThrow(DomainError);
    expect(act).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND', message: '评分细则版本 1999.9（组织类）不存在' }),
    );
  });

  it('refuses an unknown category with NOT_FOUND', () => {
    // Act
    const act = () => rubricFor('team' as Category);

    // Assess
    expect(act).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND', message: '评分细则版本 2022.1（team类）不存在' }),
    );
  });
});

describe('resultsItemsOf', () => {
  it('counts the 4.7 items for organizations (400 points)', () => {
    // Act
    const max = resultsMaxPointsOf(ORGANIZATION_RUBRIC_2022);

    // Assess
    expect(max).toBe(400);
  });

  it('counts I3 质量管理实践与成效 for individuals (30 points)', () => {
    // Act
    const items = resultsItemsOf(INDIVIDUAL_RUBRIC_2022);

    // Assess
    expect(items.map((item) => item.itemId)).toEqual(['I3']);
    expect(resultsMaxPointsOf(INDIVIDUAL_RUBRIC_2022)).toBe(30);
  });

  it('refuses a rubric without results items', () => {
    // Prepare
    const rubric: Rubric = {
      ...ORGANIZATION_RUBRIC_2022,
      items: ORGANIZATION_RUBRIC_2022.items.filter((item) => item.kind === 'process'),
    };

    // Act
    const act = () => resultsItemsOf(rubric);

    // Assess
    expect(act).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});

describe('validateRubric', () => {
  it('reports duplicate ids, bad maxima, wrong kinds, a wrong total and missing results items together', () => {
    // Prepare
    const rubric: Rubric = {
      version: 'test',
      category: 'individual',
      title: '测试细则',
      basis: '测试',
      maxPoints: 100,
      items: [
        { itemId: 'A', title: '甲', maxPoints: 10, group: 'g', kind: 'individual' },
        { itemId: 'A', title: '乙', maxPoints: 2.5, group: 'g', kind: 'individual' },
        { itemId: 'B', title: '丙', maxPoints: 0, group: 'g', kind: 'process' },
      ],
    };

    // Act
    const findings = validateRubric(rubric);

    // Assess
    expect(findings.map((f) => f.path)).toEqual([
      'items.1.itemId',
      'items.1.maxPoints',
      'items.2.maxPoints',
      'items.2.kind',
      'maxPoints',
      'items',
    ]);
    expect(findings.every((f) => f.code === 'VALIDATION_FAILED')).toBe(true);
    expect(findings[4]?.message).toBe('各评分项分值之和为 12.5，与总分 100 不一致');
  });

  it('refuses individual items in an organization rubric', () => {
    // Prepare
    const rubric: Rubric = {
      ...ORGANIZATION_RUBRIC_2022,
      items: ORGANIZATION_RUBRIC_2022.items.map((item, index) =>
        index === 0 ? { ...item, kind: 'individual' } : item,
      ),
    };

    // Act
    const findings = validateRubric(rubric);

    // Assess
    expect(findings).toEqual([expect.objectContaining({ path: 'items.0.kind', code: 'VALIDATION_FAILED' })]);
  });
});
