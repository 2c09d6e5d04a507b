/**
 * Recomputes a round's ranking from its unzipped archive alone and compares it with the ranking the
 * platform stored (README "Documents and exports"). An inspector (Art. 15) needs Node and this file:
 * it imports nothing of the platform, and reads only `data/` of the archive:
 *
 *   unzip 第1届太原市政府质量奖评选档案.zip -d archive && npx tsx scripts/recompute-ranking.ts archive
 *
 * The rules come from `data/rules.json` (weights, trimmed-mean rule, rubric, tie-breaks, quotas):
 * a sheet counts when its reviewer's assignment is active and it is not marked `counted: false`;
 * a stage score is the mean of the counted totals, dropping the highest and the lowest from
 * `trimmedMeanMinReviewers` sheets on; the composite is the weighted sum of stage percentages.
 * Exit status 0 when every row (order, stage scores, composite, proposed tier) matches, 1 otherwise.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

type Stage = 'material' | 'onsite' | 'defense';
const STAGES: Stage[] = ['material', 'onsite', 'defense'];
const EPSILON = 1e-9;

interface Rubric {
  maxPoints: number;
  items: { itemId: string; maxPoints: number }[];
  resultsItemIds: string[];
}
interface Rules {
  weights: Record<Stage, number>;
  quotas: { award: number; nomination: number };
  minimumPercent: { award?: number; nomination?: number };
  stageScore: { trimmedMeanMinReviewers: number };
  resultsStages: Stage[];
  rubrics: Record<'organization' | 'individual', Rubric>;
}
interface Sheet {
  applicationId: string;
  stage: Stage;
  reviewerId: string;
  items: Record<string, number>;
  total: number;
  counted?: boolean;
}
interface StoredRow {
  applicationId: string;
  rank: number;
  compositePercent: number;
  stageScores: Partial<Record<Stage, number>>;
  proposedTier: 'award' | 'nomination' | null;
}

export interface RecomputedRow {
  applicationId: string;
  displayName: string;
  rank: number;
  stageScores: Partial<Record<Stage, number>>;
  compositePercent: number;
  proposedTier: 'award' | 'nomination' | null;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const readJson = <T>(dir: string, file: string): T => JSON.parse(readFileSync(join(dir, file), 'utf8')) as T;
const readLines = <T>(dir: string, file: string): T[] =>
  readFileSync(join(dir, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);

/** Statuses an application can have once it took part in the comprehensive evaluation (Art. 18 (7)). */
const RANKED_STATUSES = new Set(['candidate', 'proposed', 'not-awarded', 'awarded', 'revoked']);

export function recomputeRanking(dir: string): RecomputedRow[] {
  const rules = readJson<Rules>(dir, 'data/rules.json');
  const applications = readLines<{
    applicationId: string;
    displayName: string;
    category: 'organization' | 'individual';
    status: string;
    submittedAt?: string;
    createdAt: string;
  }>(dir, 'data/applications.jsonl');
  const assignments = readLines<{ applicationId: string; stage: Stage; reviewerId: string; status: string }>(
    dir,
    'data/assignments.jsonl',
  );
  const sheets = readLines<Sheet>(dir, 'data/scores.jsonl');
  const active = new Set(
    assignments
      .filter((a) => a.status === 'active')
      .map((a) => `${a.applicationId}#${a.stage}#${a.reviewerId}`),
  );
  const counts = (s: Sheet) =>
    s.counted !== false && active.has(`${s.applicationId}#${s.stage}#${s.reviewerId}`);

  const candidates = applications
    .filter((a) => RANKED_STATUSES.has(a.status))
    .map((a) => {
      const rubric = rules.rubrics[a.category];
      const counted = (stage: Stage) =>
        sheets.filter((s) => s.applicationId === a.applicationId && s.stage === stage && counts(s));
      const stageScores: Partial<Record<Stage, number>> = {};
      const percents: Partial<Record<Stage, number>> = {};
      for (const stage of STAGES) {
        const totals = counted(stage)
          .map((s) => s.total)
          .sort((x, y) => x - y);
        if (totals.length === 0) continue;
        const kept = totals.length >= rules.stageScore.trimmedMeanMinReviewers ? totals.slice(1, -1) : totals;
        const score = kept.reduce((sum, t) => sum + t, 0) / kept.length;
        stageScores[stage] = score;
        percents[stage] = (score * 100) / rubric.maxPoints;
      }
      const composite = STAGES.reduce((sum, stage) => sum + rules.weights[stage] * (percents[stage] ?? 0), 0);
      const resultsSheets = rules.resultsStages.map(counted).find((list) => list.length > 0) ?? [];
      const resultsMax = rubric.items
        .filter((i) => rubric.resultsItemIds.includes(i.itemId))
        .reduce((sum, i) => sum + i.maxPoints, 0);
      const resultsPoints =
        resultsSheets.length === 0
          ? 0
          : resultsSheets.reduce(
              (sum, s) => sum + rubric.resultsItemIds.reduce((p, id) => p + (s.items[id] ?? 0), 0),
              0,
            ) / resultsSheets.length;
      return {
        applicationId: a.applicationId,
        displayName: a.displayName,
        stageScores,
        composite,
        onsite: percents.onsite ?? 0,
        results: (resultsPoints / resultsMax) * 100,
        submittedAt: new Date(a.submittedAt ?? a.createdAt).getTime(),
      };
    });

  const desc = (x: number, y: number) => (Math.abs(x - y) <= EPSILON ? 0 : y - x);
  candidates.sort(
    (a, b) =>
      desc(a.composite, b.composite) ||
      desc(a.onsite, b.onsite) ||
      desc(a.results, b.results) ||
      a.submittedAt - b.submittedAt ||
      (a.applicationId < b.applicationId ? -1 : 1),
  );
  const given = { award: 0, nomination: 0 };
  return candidates.map((c, index) => {
    const tier =
      (['award', 'nomination'] as const).find(
        (t) =>
          given[t] < rules.quotas[t] &&
          c.composite >= (rules.minimumPercent[t] ?? Number.NEGATIVE_INFINITY) - EPSILON,
      ) ?? null;
    if (tier) given[tier] += 1;
    return {
      applicationId: c.applicationId,
      displayName: c.displayName,
      rank: index + 1,
      stageScores: Object.fromEntries(Object.entries(c.stageScores).map(([s, v]) => [s, round2(v)])),
      compositePercent: round2(c.composite),
      proposedTier: tier,
    };
  });
}

/** The differences between the recomputed ranking and `data/ranking.json`, in words. */
export function compareWithStored(dir: string, recomputed: readonly RecomputedRow[]): string[] {
  const stored = readJson<{ rows: StoredRow[] } | null>(dir, 'data/ranking.json');
  if (!stored) return ['归档中没有已保存的排名（data/ranking.json 为空）'];
  const problems: string[] = [];
  if (stored.rows.length !== recomputed.length)
    problems.push(`排名行数不同：保存 ${stored.rows.length}，重算 ${recomputed.length}`);
  stored.rows.forEach((row, i) => {
    const mine = recomputed[i];
    if (!mine) return;
    if (mine.applicationId !== row.applicationId)
      problems.push(`第 ${row.rank} 名不同：保存 ${row.applicationId}，重算 ${mine.applicationId}`);
    if (Math.abs(mine.compositePercent - row.compositePercent) > 0.005)
      problems.push(
        `${row.applicationId} 综合得分不同：保存 ${row.compositePercent}，重算 ${mine.compositePercent}`,
      );
    for (const stage of STAGES)
      if (Math.abs((mine.stageScores[stage] ?? -1) - (row.stageScores[stage] ?? -1)) > 0.005)
        problems.push(
          `${row.applicationId} ${stage} 阶段得分不同：保存 ${row.stageScores[stage]}，重算 ${mine.stageScores[stage]}`,
        );
    if (mine.proposedTier !== row.proposedTier)
      problems.push(`${row.applicationId} 建议等次不同：保存 ${row.proposedTier}，重算 ${mine.proposedTier}`);
  });
  return problems;
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('用法：npx tsx scripts/recompute-ranking.ts <解压后的档案目录>');
    process.exit(2);
  }
  const rows = recomputeRanking(dir);
  for (const row of rows)
    console.log(
      `${String(row.rank).padStart(3)}  ${row.compositePercent.toFixed(2).padStart(6)}  ${row.proposedTier ?? '-'}  ${row.displayName}`,
    );
  const problems = compareWithStored(dir, rows);
  if (problems.length === 0) {
    console.log(`重算结果与保存的排名一致（${rows.length} 名）。`);
  } else {
    for (const p of problems) console.error(p);
    process.exit(1);
  }
}
