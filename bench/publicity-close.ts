/**
 * DESIGN.md §5: "Publicity windows close within a minute of their deadline, exactly once, under
 * duplicate scheduler deliveries."
 *
 * Lag: a round's accepted-list window is opened (3 applications), then the platform clock is moved
 * in 5-second steps from 30 s before the window's `closesAt` to 30 s after it. The local platform
 * runs the sweep on every clock move and answers when the flow is idle, so after each step the
 * window's status is read through the public API; the first step that shows it closed, the
 * `window.closed` audit entry's time and the real time the step took are recorded.
 *
 * Exactly once: for each of 2, 8 and 32 duplicate deliveries, a fresh window is opened and that
 * many sweeps (functions/handlers/scheduled/sweep.ts, on the platform's deps with the clock one
 * second past the deadline) run concurrently; then the platform's own sweep runs too (a late
 * delivery). The audit trail must hold one `window.closed` entry and the round must have entered
 * material review once.
 */
import { buildHandler as buildSweep } from '../functions/handlers/scheduled/sweep.ts';
import { startPlatform } from '../infra/local/platform.ts';
import { round, saveResults, table, timed } from './lib/report.ts';
import { RoundPlayer, type Window } from './lib/round-player.ts';
import { CLOCK_START } from './round-scale.ts';

const STEP_MS = 5_000;
const SPAN_MS = 30_000;
const DUPLICATES = (process.env.BENCH_DUPLICATES ?? '2,8,32').split(',').map(Number);

interface AuditEntry {
  at: string;
  action: string;
}

/** A new round with 3 applications, taken to its open accepted-list window. */
async function openWindow(player: RoundPlayer): Promise<Window> {
  player.played = [];
  await player.createRound();
  await player.apply(3);
  await player.recommendAll();
  await player.closeCall();
  await player.qualifyAll();
  await player.advance('accepted-publicity');
  const window = player.window('accepted');
  if (window.status !== 'open') throw new Error(`window ${window.windowId} is ${window.status}`);
  return window;
}

const closedEntries = async (player: RoundPlayer, windowId: string): Promise<AuditEntry[]> =>
  (await player.staff.get<AuditEntry[]>(`/v1/audit?entityId=${windowId}`)).filter(
    (e) => e.action === 'window.closed',
  );

export async function runPublicityClose(): Promise<void> {
  const platform = await startPlatform({
    inMemory: true,
    port: 0,
    clockStart: CLOCK_START,
    clockTicking: false,
    sweepIntervalMs: 3_600_000,
  });
  try {
    const player = new RoundPlayer(platform.url, 3);
    await player.prepare();

    // ---- Lag ----------------------------------------------------------------------------------
    const window = await openWindow(player);
    const closesAt = new Date(window.closesAt).getTime();
    const steps: { offsetS: number; status: string; stepMs: number }[] = [];
    for (let offset = -SPAN_MS; offset <= SPAN_MS; offset += STEP_MS) {
      const { ms } = await timed(() => player.api.moveClockTo(new Date(closesAt + offset)));
      const notice = await player.api.public.get<Window>(`/v1/public/notices/${window.windowId}`);
      steps.push({ offsetS: offset / 1000, status: notice.status, stepMs: round(ms, 0) });
    }
    const firstClosed = steps.find((s) => s.status !== 'open');
    const audit = await closedEntries(player, window.windowId);
    const closedAt = audit[0] ? new Date(audit[0].at).getTime() : Number.NaN;
    const lag = {
      windowId: window.windowId,
      closesAt: window.closesAt,
      firstClosedStepS: firstClosed?.offsetS ?? null,
      closedAtAudit: audit[0]?.at ?? null,
      lagS: round((closedAt - closesAt) / 1000, 3),
      closingStepRealMs: firstClosed?.stepMs ?? null,
      otherStepsMedianRealMs: round(
        [...steps.filter((s) => s !== firstClosed).map((s) => s.stepMs)].sort((a, b) => a - b)[
          Math.floor((steps.length - 1) / 2)
        ] ?? Number.NaN,
        0,
      ),
      closedEntries: audit.length,
      steps,
    };
    console.log(
      `lag: window closes at ${window.closesAt}; stepping ${STEP_MS / 1000} s from −${SPAN_MS / 1000} s: ` +
        `first seen closed at ${lag.firstClosedStepS} s, audit closedAt − closesAt = ${lag.lagS} s, ` +
        `the closing step took ${lag.closingStepRealMs} ms real time (other steps ${lag.otherStepsMedianRealMs} ms)`,
    );

    // ---- Exactly once under duplicate deliveries ----------------------------------------------
    const duplicates = [];
    for (const n of DUPLICATES) {
      const dup = await openWindow(player);
      const at = new Date(new Date(dup.closesAt).getTime() + 1_000);
      const sweep = buildSweep({ ...platform.deps, clock: { now: () => at } });
      const { ms, result } = await timed(() => Promise.all(Array.from({ length: n }, () => sweep({}))));
      const reportedClosed = result.reduce(
        (sum, r) => sum + r.closed.filter((id) => id === dup.windowId).length,
        0,
      );
      const failed = result.reduce((sum, r) => sum + r.failedWindows.length, 0);
      // A late delivery: the platform's own sweep, after its clock passes the deadline too.
      await player.api.moveClockTo(new Date(at.getTime() + 1_000));
      const entries = await closedEntries(player, dup.windowId);
      const roundNow = await player.staff.get<{ stage: string; stageHistory: { stage: string }[] }>(
        player.roundPath,
      );
      const entered = roundNow.stageHistory.filter((h) => h.stage === 'material-review').length;
      duplicates.push({
        deliveries: n,
        concurrentSweepsMs: round(ms, 0),
        sweepsReportingClose: reportedClosed,
        failedWindows: failed,
        auditWindowClosed: entries.length,
        stage: roundNow.stage,
        enteredMaterialReview: entered,
        exactlyOnce: reportedClosed === 1 && entries.length === 1 && entered === 1,
      });
    }
    console.log(
      `\n${table(
        [
          'deliveries',
          'sweeps reporting the close',
          'window.closed in audit',
          'entered material review',
          'stage',
          'failed',
          'ms',
          'exactly once',
        ],
        duplicates.map((d) => [
          d.deliveries,
          d.sweepsReportingClose,
          d.auditWindowClosed,
          d.enteredMaterialReview,
          d.stage,
          d.failedWindows,
          d.concurrentSweepsMs,
          d.exactlyOnce ? 'yes' : 'NO',
        ]),
      )}`,
    );
    console.log(`results: ${await saveResults('publicity-close', { stepMs: STEP_MS, lag, duplicates })}`);
  } finally {
    await platform.stop();
  }
}
