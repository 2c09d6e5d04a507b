/**
 * DESIGN.md §5: "the exports of a 1,000-application round under 10 s and 512 MB". Seeds a round of
 * 1,000 submitted applications (organizations and individuals) and its stored ranking into DynamoDB
 * Local, then, in a child process (bench/lib/exports-child.ts), reads them with the same paged
 * Queries as the API and renders the applications and ranking workbooks. Three runs; the table shows
 * the median and the worst.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createDocumentClient } from '../functions/adapters/dynamodb/client.ts';
import { DynamoStore } from '../functions/adapters/dynamodb/dynamo-store.ts';
import { createTables, tableNamesWithPrefix } from '../functions/adapters/dynamodb/tables.ts';
import type { ApplicationRecord, RankingRecord, RoundRecord } from '../functions/ports/records.ts';
import { startDynamoDbLocal } from '../infra/local/dynamodb.ts';
import { median, REPO_ROOT, round, saveResults, table } from './lib/report.ts';

const APPLICATIONS = 1000;
const RUNS = 3;
const ROUND_ID = 'round-bench';

function application(n: number): ApplicationRecord {
  const id = `app-${String(n).padStart(4, '0')}`;
  const organization = n % 4 !== 0;
  const at = new Date(Date.UTC(2026, 2, 2, 1, 0, 0) + n * 60_000).toISOString();
  return {
    version: 0,
    applicationId: id,
    roundId: ROUND_ID,
    ownerSub: `owner-${id}`,
    category: organization ? 'organization' : 'individual',
    displayName: organization ? `太原市第${n}精密制造有限公司` : `张${n}、李${n}`,
    status: n % 10 === 0 ? 'disqualified' : 'candidate',
    jurisdiction: ['140105', '140106', '140107', '140108', '140109', '140110'][n % 6] as string,
    ...(organization
      ? {
          organization: {
            name: `太原市第${n}精密制造有限公司`,
            creditCode: `91140105MA${String(n).padStart(7, '0')}X`,
            registeredOn: '2015-06-01',
            industry: (['manufacturing', 'services', 'construction'] as const)[n % 3]!,
            sme: n % 2 === 0,
            contact: { name: '王经理', phoneEncrypted: 'enc', phoneMasked: '139****7701' },
          },
        }
      : {
          members: [1, 2].map((m) => ({
            name: `成员${n}-${m}`,
            employer: '太原某某有限公司',
            employerCreditCode: '91140105MA0000001X',
            qualityWorkSince: '2015-01-01',
            idNumberEncrypted: 'enc',
            idHash: `hash-${n}-${m}`,
            idMasked: '140***********001X',
          })),
        }),
    declarations: { noMajorAccident3Years: true, noBadCreditRecord: true, compliesWithLaw: true },
    selfEvaluation: { items: {}, summary: '自评报告摘要'.repeat(10) },
    conflictCodes: [],
    subjectKeys: [],
    vetting: null,
    createdAt: at,
    submittedAt: at,
    updatedAt: at,
  };
}

export async function runExports(): Promise<void> {
  const dynamo = await startDynamoDbLocal({ inMemory: true });
  const client = createDocumentClient({ endpoint: dynamo.endpoint });
  try {
    const prefix = 'bench-exports';
    const names = tableNamesWithPrefix(prefix);
    await createTables(client, names);
    const store = new DynamoStore(client, names);
    const now = '2026-03-01T00:00:00.000Z';
    const roundRecord = {
      version: 0,
      roundId: ROUND_ID,
      ordinal: 9,
      title: '基准测试届',
      stage: 'decision',
      callOpensAt: now,
      callClosesAt: '2026-03-31T16:00:00.000Z',
      quotas: { award: 5, nomination: 10 },
      weights: { material: 0.3, onsite: 0.5, defense: 0.2 },
      minimumPercent: {},
      rulebookVersion: '2022',
      rubricVersion: '2022.1',
      windowIds: [],
      stageHistory: [],
      createdAt: now,
      createdBy: 'bench',
    } as unknown as RoundRecord;
    await store.commit({
      changes: [{ op: 'put', entity: { type: 'round', record: roundRecord } }],
      audit: [],
    });
    const all = Array.from({ length: APPLICATIONS }, (_, i) => application(i + 1));
    for (let i = 0; i < all.length; i += 50)
      await store.commit({
        changes: all
          .slice(i, i + 50)
          .map((record) => ({ op: 'put' as const, entity: { type: 'application' as const, record } })),
        audit: [],
      });
    const candidates = all.filter((a) => a.status === 'candidate');
    const ranking: RankingRecord = {
      version: 0,
      roundId: ROUND_ID,
      computedAt: now,
      rows: candidates.map((a, i) => ({
        applicationId: a.applicationId,
        category: a.category,
        displayName: a.displayName,
        stageScores: { material: 800 - i * 0.1, onsite: 790 - i * 0.1, defense: 780 - i * 0.1 },
        stagePercents: { material: 80, onsite: 79, defense: 78 },
        compositePercent: 79 - i * 0.01,
        rank: i + 1,
        proposedTier: i < 5 ? 'award' : i < 15 ? 'nomination' : null,
        flags: i % 17 === 0 ? ['divergent-scores'] : [],
      })),
    };
    await store.commit({ changes: [{ op: 'put', entity: { type: 'ranking', record: ranking } }], audit: [] });

    const runs: {
      applications: number;
      readMs: number;
      times: Record<string, number>;
      sizes: Record<string, number>;
      totalMs: number;
      peakRssMiB: number;
    }[] = [];
    for (let run = 0; run < RUNS; run++) {
      const child = spawnSync(
        join(REPO_ROOT, 'node_modules', '.bin', 'tsx'),
        [join(REPO_ROOT, 'bench/lib/exports-child.ts'), dynamo.endpoint, prefix, ROUND_ID],
        { encoding: 'utf8', env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'ERROR' } },
      );
      const line = child.stdout.trim().split('\n').at(-1) ?? '';
      if (child.status !== 0 || !line.startsWith('{'))
        throw new Error(`exports child failed: ${child.stderr}`);
      runs.push(JSON.parse(line));
    }
    const stat = (pick: (r: (typeof runs)[number]) => number) => ({
      median: round(median(runs.map(pick)), 0),
      max: round(Math.max(...runs.map(pick)), 0),
    });
    const results = {
      applications: APPLICATIONS,
      rankingRows: candidates.length,
      readMs: stat((r) => r.readMs),
      applicationsMs: stat((r) => r.times.applications ?? 0),
      rankingMs: stat((r) => r.times.ranking ?? 0),
      totalMs: stat((r) => r.totalMs),
      peakRssMiB: stat((r) => r.peakRssMiB),
      bytes: runs[0]?.sizes,
      runs,
    };
    console.log(
      table(
        ['step', 'median', 'worst'],
        [
          ['read the round (paged Queries)', `${results.readMs.median} ms`, `${results.readMs.max} ms`],
          [
            'applications.xlsx (1,000 rows)',
            `${results.applicationsMs.median} ms`,
            `${results.applicationsMs.max} ms`,
          ],
          [
            `ranking.xlsx (${candidates.length} rows)`,
            `${results.rankingMs.median} ms`,
            `${results.rankingMs.max} ms`,
          ],
          ['total', `${results.totalMs.median} ms`, `${results.totalMs.max} ms`],
          ['peak RSS of the process', `${results.peakRssMiB.median} MiB`, `${results.peakRssMiB.max} MiB`],
        ],
      ),
    );
    await saveResults('exports', results);
  } finally {
    client.destroy();
    await dynamo.stop();
  }
}
