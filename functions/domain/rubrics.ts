/**
 * Scoring rubrics as versioned data (Art. 17: the evaluation standards DB14/T 1462–1464 may be
 * revised, so a round fixes its rubric version when it opens and keeps it). The defaults follow
 * DESIGN.md Appendix A until the DB14/T texts are supplied.
 */
import { DomainError, type Finding } from './errors.ts';
import type { Category } from './model.ts';

/** How an item is judged: process items (4.1–4.6), results items (4.7), or an individual's item. */
export type RubricItemKind = 'process' | 'results' | 'individual';

export interface RubricItem {
  /** Stable id a score sheet uses as its key, e.g. `4.1.1` or `I3`. */
  itemId: string;
  /** Chinese title shown to reviewers and applicants. */
  title: string;
  /** A reviewer gives 0..maxPoints, whole points. */
  maxPoints: number;
  /** The category the item belongs to, e.g. `4.1 领导`. */
  group: string;
  kind: RubricItemKind;
}

export interface Rubric {
  version: string;
  category: Category;
  title: string;
  /** Where the structure comes from (Art. 17). */
  basis: string;
  maxPoints: number;
  items: readonly RubricItem[];
}

/** The version a new round gets unless staff choose another. */
export const DEFAULT_RUBRIC_VERSION = '2022.1';

/**
 * Our choice for the individual rubric's "results items" used by the ranking tie-break (DESIGN.md
 * §2 "then results items"): 质量管理实践与成效 is the only individual item that judges results.
 */
export const INDIVIDUAL_RESULTS_ITEM_ID = 'I3';

const CATEGORY_LABELS: Record<Category, string> = { organization: '组织', individual: '个人' };

const organizationItem = (itemId: string, title: string, maxPoints: number, group: string): RubricItem => ({
  itemId,
  title,
  maxPoints,
  group,
  kind: itemId.startsWith('4.7.') ? 'results' : 'process',
});

const individualItem = (itemId: string, title: string, maxPoints: number): RubricItem => ({
  itemId,
  title,
  maxPoints,
  group: '个人类评价',
  kind: 'individual',
});

const freezeRubric = (rubric: Rubric): Rubric =>
  Object.freeze({ ...rubric, items: Object.freeze(rubric.items.map((item) => Object.freeze({ ...item }))) });

/**
 * Organization: GB/T 19580-2012 structure, 1000 points, Appendix A. The 4.7 titles carry the
 * standard's "结果" suffix so that, e.g., 4.7.4 资源结果 is not mistaken for the 4.4 资源 category.
 */
export const ORGANIZATION_RUBRIC_2022: Rubric = freezeRubric({
  version: DEFAULT_RUBRIC_VERSION,
  category: 'organization',
  title: '太原市政府质量奖（组织）评分细则',
  basis: 'GB/T 19580-2012《卓越绩效评价准则》结构（DB14/T 1464 文本提供后替换）',
  maxPoints: 1000,
  items: [
    organizationItem('4.1.1', '高层领导的作用', 50, '4.1 领导'),
    organizationItem('4.1.2', '组织治理', 30, '4.1 领导'),
    organizationItem('4.1.3', '社会责任', 30, '4.1 领导'),
    organizationItem('4.2.1', '战略制定', 40, '4.2 战略'),
    organizationItem('4.2.2', '战略部署', 50, '4.2 战略'),
    organizationItem('4.3.1', '顾客和市场的了解', 40, '4.3 顾客与市场'),
    organizationItem('4.3.2', '顾客关系与顾客满意', 50, '4.3 顾客与市场'),
    organizationItem('4.4.1', '人力资源', 60, '4.4 资源'),
    organizationItem('4.4.2', '财务资源', 15, '4.4 资源'),
    organizationItem('4.4.3', '信息和知识资源', 20, '4.4 资源'),
    organizationItem('4.4.4', '技术资源', 15, '4.4 资源'),
    organizationItem('4.4.5', '基础设施', 10, '4.4 资源'),
    organizationItem('4.4.6', '相关方关系', 10, '4.4 资源'),
    organizationItem('4.5.1', '过程的识别与设计', 50, '4.5 过程管理'),
    organizationItem('4.5.2', '过程的实施与改进', 50, '4.5 过程管理'),
    organizationItem('4.6.1', '测量、分析和评价', 40, '4.6 测量、分析与改进'),
    organizationItem('4.6.2', '改进与创新', 40, '4.6 测量、分析与改进'),
    organizationItem('4.7.1', '产品和服务结果', 80, '4.7 结果'),
    organizationItem('4.7.2', '顾客与市场结果', 80, '4.7 结果'),
    organizationItem('4.7.3', '财务结果', 80, '4.7 结果'),
    organizationItem('4.7.4', '资源结果', 60, '4.7 结果'),
    organizationItem('4.7.5', '过程有效性结果', 50, '4.7 结果'),
    organizationItem('4.7.6', '领导方面的结果', 50, '4.7 结果'),
  ],
});

/** Individual: 100-point default built from Art. 11 (3)–(5); the other conditions are eligibility gates. */
export const INDIVIDUAL_RUBRIC_2022: Rubric = freezeRubric({
  version: DEFAULT_RUBRIC_VERSION,
  category: 'individual',
  title: '太原市政府质量奖（个人）评分细则',
  basis: '《太原市政府质量奖管理办法》第十一条（三）至（五）（DB14/T 1463 文本提供后替换）',
  maxPoints: 100,
  items: [
    individualItem('I1', '质量意识与责任感', 15),
    individualItem('I2', '创新能力', 20),
    individualItem(INDIVIDUAL_RESULTS_ITEM_ID, '质量管理实践与成效', 30),
    individualItem('I4', '理论研究与成果', 15),
    individualItem('I5', '社会影响与同行认可', 20),
  ],
});

export const RUBRICS: readonly Rubric[] = Object.freeze([ORGANIZATION_RUBRIC_2022, INDIVIDUAL_RUBRIC_2022]);

/** The rubric of `category` in `version` (default: the current one); NOT_FOUND when there is none. */
export function rubricFor(
  category: Category,
  version: string = DEFAULT_RUBRIC_VERSION,
  rubrics: readonly Rubric[] = RUBRICS,
): Rubric {
  const found = rubrics.find((r) => r.category === category && r.version === version);
  if (!found) {
    const label = CATEGORY_LABELS[category] ?? category;
    throw new DomainError('NOT_FOUND', `评分细则版本 ${version}（${label}类）不存在`);
  }
  return found;
}

/**
 * The items the ranking tie-break counts as "results": the 4.7 results items for organizations,
 * 质量管理实践与成效 (`I3`) for individuals.
 */
export function resultsItemsOf(rubric: Rubric): readonly RubricItem[] {
  const items =
    rubric.category === 'organization'
      ? rubric.items.filter((item) => item.kind === 'results')
      : rubric.items.filter((item) => item.itemId === INDIVIDUAL_RESULTS_ITEM_ID);
  if (items.length === 0) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `评分细则 ${rubric.version}（${rubric.title}）缺少结果类评分项`,
    );
  }
  return items;
}

/** The maximum of the results items (denominator of the results tie-break percentage). */
export const resultsMaxPointsOf = (rubric: Rubric): number =>
  resultsItemsOf(rubric).reduce((sum, item) => sum + item.maxPoints, 0);

/**
 * Checks a rubric before it is used: positive whole item maxima summing to `maxPoints`, unique
 * item ids, kinds matching the category, and at least one results item. Returns every finding.
 */
export function validateRubric(rubric: Rubric): Finding[] {
  const findings: Finding[] = [];
  const fail = (path: string, message: string) =>
    findings.push({ path, code: 'VALIDATION_FAILED', message, article: '第十七条' });
  const seen = new Set<string>();
  rubric.items.forEach((item, index) => {
    if (seen.has(item.itemId)) fail(`items.${index}.itemId`, `评分项编号 ${item.itemId} 重复`);
    seen.add(item.itemId);
    if (!Number.isInteger(item.maxPoints) || item.maxPoints <= 0) {
      fail(`items.${index}.maxPoints`, `评分项 ${item.itemId} 的分值应为正整数，当前为 ${item.maxPoints}`);
    }
    const kindFits =
      rubric.category === 'individual' ? item.kind === 'individual' : item.kind !== 'individual';
    if (!kindFits)
      fail(`items.${index}.kind`, `评分项 ${item.itemId} 的类型 ${item.kind} 与评分细则类别不符`);
  });
  const sum = rubric.items.reduce((total, item) => total + item.maxPoints, 0);
  if (sum !== rubric.maxPoints) {
    fail('maxPoints', `各评分项分值之和为 ${sum}，与总分 ${rubric.maxPoints} 不一致`);
  }
  try {
    resultsItemsOf(rubric);
  } catch (error) {
    fail('items', (error as DomainError).message);
  }
  return findings;
}
