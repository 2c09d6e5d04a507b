/**
 * DESIGN.md §5: "A round of 1,000 applications × 5 reviewers runs end to end on the local platform."
 *
 * Starts the platform in this process (in memory, the clock standing still, the periodic sweep off:
 * every timed step runs when the bench moves the clock), plays a round of `n` applications through
 * the HTTP API with 8 requests in flight (bench/lib/round-player.ts), and reports each phase's wall
 * time, its requests, and the peak RSS of this process (the platform: gateway, handlers, local Step
 * Functions) and of DynamoDB Local's JVM. The ranking computation is the `advance` to `evaluation`,
 * which waits for the flow's compute-ranking task, plus the `GET …/ranking` that reads it.
 *
 * BENCH_ROUND_SIZES (default "1000") lists the round sizes, e.g. "200,1000"; each runs on a fresh
 * platform. BENCH_CONCURRENCY (default 8) sets the requests in flight.
 */
import { startPlatform } from '../infra/local/platform.ts';
import { dynamoDbLocalPeakRssMiB } from './lib/processes.ts';
import { peakRssMiB, round, saveResults, table, timed } from './lib/report.ts';
import { REVIEWERS, RoundPlayer } from './lib/round-player.ts';

const SIZES = (process.env.BENCH_ROUND_SIZES ?? '1000').split(',').map(Number);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
/** Applications selected for the on-site review and the defence (3× the default quotas of 5 + 10). */
const SELECTED = 45;
/** A Monday 09:00 in Beijing, inside the years the calendar seed covers. */
export const CLOCK_START = '2026-03-02T01:00:00Z';

interface Phase {
  phase: string;
  ms: number;
  requests: number;
  perSecond: number;
  rssMiB: number;
}

interface Run {
  n: number;
  phases: Phase[];
  totalMs: number;
  jvmPeakRssMiB: number;
}

async function playAtScale(n: number): Promise<Run> {
  const platform = await startPlatform({
    inMemory: true,
    port: 0,
    clockStart: CLOCK_START,
    clockTicking: false,
    sweepIntervalMs: 3_600_000,
  });
  const phases: Phase[] = [];
  try {
    const player = new RoundPlayer(platform.url, CONCURRENCY);
    const phase = async <R>(name: string, work: () => Promise<R>): Promise<R> => {
      const before = player.requests;
      const { ms, result } = await timed(work);
      const requests = player.requests - before;
      phases.push({
        phase: name,
        ms: round(ms, 0),
        requests,
        perSecond: round(requests / (ms / 1000), 1),
        rssMiB: peakRssMiB(),
      });
      console.log(`  n=${n} ${name}: ${(ms / 1000).toFixed(1)} s, ${requests} requests`);
      return result;
    };

    await phase('setup (reviewers, round)', () => player.setup());
    await phase('applications: create, evidence, submit', () => player.apply(n));
    await phase('recommendations', () => player.recommendAll());
    await phase('call closes (close-call task)', () => player.closeCall());
    await phase('qualification', () => player.qualifyAll());
    await phase('advance → accepted-publicity (open-window task)', () =>
      player.advance('accepted-publicity'),
    );
    await phase('accepted window closes (settle-window task)', () => player.passWindow('accepted'));
    const inReview = await phase('list in-review applications (paged)', () =>
      player.listByStatus('in-review'),
    );
    const candidates = player.byIds(inReview.map((a) => a.applicationId));
    await phase(`material review (every application × ${REVIEWERS.length} scores)`, () =>
      player.scoreStage('material', candidates, REVIEWERS),
    );
    const selected = player.best(Math.min(SELECTED, candidates.length), candidates);
    await phase('advance → onsite-review (select-for-onsite task)', () =>
      player.advance('onsite-review', { selected: selected.map((p) => p.app.applicationId) }),
    );
    await phase(`on-site review (${SELECTED} selected × 3 scores)`, () =>
      player.scoreStage('onsite', selected, REVIEWERS.slice(0, 3)),
    );
    await phase('advance → defense', () => player.advance('defense'));
    await phase(`defence (${SELECTED} selected × 5 scores)`, () =>
      player.scoreStage('defense', selected, REVIEWERS),
    );
    await phase('ranking: advance → evaluation (compute-ranking task)', () => player.advance('evaluation'));
    const ranking = await phase('ranking: GET …/ranking', () => player.ranking());
    await phase('decision (winners window opens)', () => player.decide(ranking));
    await phase('winners window closes', () => player.passWindow('winners'));
    const announced = await phase('approval (announce task)', () => player.approve());
    if (announced.stage !== 'announced') throw new Error(`round ended in stage ${announced.stage}`);
    return {
      n,
      phases,
      totalMs: round(
        phases.reduce((sum, p) => sum + p.ms, 0),
        0,
      ),
      jvmPeakRssMiB: dynamoDbLocalPeakRssMiB(),
    };
  } finally {
    await platform.stop();
  }
}

export async function runRoundScale(): Promise<void> {
  const runs: Run[] = [];
  for (const n of SIZES) {
    console.log(`round-scale: ${n} applications × ${REVIEWERS.length} reviewers, ${CONCURRENCY} in flight`);
    runs.push(await playAtScale(n));
  }
  const names = runs[0]?.phases.map((p) => p.phase) ?? [];
  console.log(
    `\n${table(
      ['phase', ...runs.flatMap((r) => [`n=${r.n} s`, `n=${r.n} req`, `n=${r.n} req/s`])],
      names.map((name, i) => [
        name,
        ...runs.flatMap((r): (string | number)[] => {
          const p = r.phases[i];
          return p ? [round(p.ms / 1000, 1), p.requests, p.perSecond] : ['', '', ''];
        }),
      ]),
    )}`,
  );
  for (const r of runs) {
    console.log(
      `n=${r.n}: total ${(r.totalMs / 1000).toFixed(0)} s; peak RSS bench+platform ${Math.max(...r.phases.map((p) => p.rssMiB))} MiB; DynamoDB Local JVM ${r.jvmPeakRssMiB} MiB`,
    );
  }
  console.log(`results: ${await saveResults('round-scale', { concurrency: CONCURRENCY, runs })}`);
}
