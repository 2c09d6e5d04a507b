import { existsSync } from 'node:fs';
import { open, readFile, rename } from 'node:fs/promises';
import * as z from 'zod';
import { systemClock } from '../../functions/adapters/system-clock.ts';
import { DomainError } from '../../functions/domain/errors.ts';
import type { Clock } from '../../functions/ports/clock.ts';

/**
 * The wall clock. With the platform clock below, the only readers of `Date.now()` / `new Date()`
 * (STYLE.md 8): everything else receives a Clock.
 */
export const realClock: Clock = systemClock;

/** Called after the clock moved; awaited in registration order. `previous` is the instant before the move. */
export type AdvanceListener = (now: Date, previous: Date) => Promise<void> | void;

/** Options of one onAdvance registration. */
export interface AdvanceListenerOptions {
  /**
   * The next instant at which this listener has something due (a callback deadline, a scheduled
   * job), or undefined. A long jump of the clock stops at each such instant on the way, so work due
   * on day 10 runs before the deadline it creates for day 100 is judged.
   */
  nextDueAt?: () => Date | undefined;
}

export interface PlatformClockOptions {
  /** The instant the clock shows when constructed (the persisted one after a restart). */
  initial: Date;
  /**
   * Stores a mark the clock resumes from after a restart, so it never goes back: the instant of each
   * move and checkpoint, and for a ticking clock a lease `leaseMs` ahead of what it shows, renewed
   * before it is reached (now() never shows an instant beyond the last mark stored). A stored mark
   * must survive the process being killed (writeClockFile does).
   */
  persist?: (instant: Date) => Promise<void>;
  /**
   * How far ahead of what it shows a ticking clock with `persist` stores its mark (default 5 s); it
   * renews the mark every half of that in real time. A restart after a hard kill resumes at most
   * this much after the last instant shown.
   */
  leaseMs?: number;
  /**
   * true (default): the clock runs on at real-time pace from `initial` and from every instant it is
   * moved to, and fires the listeners on its own when something falls due. false: it stands still
   * between moves (deterministic tests).
   */
  ticking?: boolean;
  /** What paces a ticking clock; tests may pass a fake. */
  wallClock?: Clock;
}

interface Registration {
  listener: AdvanceListener;
  nextDueAt?: () => Date | undefined;
}

/** Longest delay Node's setTimeout holds without overflowing (≈ 24.8 days). */
const MAX_TIMER_MS = 2_147_483_647;
/** Shortest delay of the ticking timer. */
const MIN_TIMER_MS = 5;
/** A clock jump stops at most this many times on the way; more means a listener keeps asking. */
const MAX_STEPS_PER_ADVANCE = 100_000;
const DEFAULT_LEASE_MS = 5_000;

/**
 * The platform clock of local mode: `POST /v1/dev/clock` moves it forward so a months-long round can
 * be played in minutes (DESIGN.md §4). Moves are serialized; each one runs every listener (the
 * Step Functions engine, the scheduler loop) and resolves only when they have all finished, so
 * every timed step then due has run before the caller answers.
 */
export class PlatformClock implements Clock {
  readonly ticking: boolean;
  private anchor: number;
  private wallAnchor: number;
  private readonly wallClock: Clock;
  private readonly persist?: (instant: Date) => Promise<void>;
  private readonly registrations: Registration[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly leaseMs: number;
  /**
   * The highest mark known to be stored (undefined without `persist`): a ticking clock shows
   * nothing beyond it. The initial instant counts, as that is where a restart would resume.
   */
  private storedMark: number | undefined;
  /** The highest mark handed to `persist` so far: stores only go forward. */
  private requestedMark: number;
  private writes: Promise<unknown> = Promise.resolve();
  private renewalTimer: NodeJS.Timeout | undefined;

  constructor(options: PlatformClockOptions) {
    assertValidInstant(options.initial);
    this.wallClock = options.wallClock ?? realClock;
    this.ticking = options.ticking ?? true;
    this.persist = options.persist;
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.anchor = options.initial.getTime();
    this.wallAnchor = this.wallClock.now().getTime();
    this.requestedMark = this.anchor;
    if (this.persist) this.storedMark = this.anchor;
    if (this.persist && this.ticking) this.renewLease();
  }

  /** The platform's current instant. */
  now(): Date {
    if (!this.ticking) return new Date(this.anchor);
    const running = this.anchor + Math.max(0, this.wallClock.now().getTime() - this.wallAnchor);
    // Never beyond the stored mark: a hard kill must not let the next start show an earlier time.
    // It only stands still here if a renewal is late (a stalled event loop or disk).
    return new Date(this.storedMark === undefined ? running : Math.min(running, this.storedMark));
  }

  /**
   * Moves the clock forward to `instant` (equal is allowed and just runs what is due), stopping on
   * the way at every instant a listener reported as due; resolves with the new time after all
   * listeners ran. Going backward is refused with VALIDATION_FAILED.
   */
  advanceTo(instant: Date): Promise<Date> {
    const run = this.queue.then(() => this.advanceNow(instant));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Registers a listener run after each move; returns a function that removes it. */
  onAdvance(listener: AdvanceListener, options: AdvanceListenerOptions = {}): () => void {
    const registration: Registration = { listener, nextDueAt: options.nextDueAt };
    this.registrations.push(registration);
    this.reschedule();
    return () => {
      const index = this.registrations.indexOf(registration);
      if (index >= 0) this.registrations.splice(index, 1);
      this.reschedule();
    };
  }

  /** Tells a ticking clock that a listener's next due instant changed, so it re-arms its timer. */
  reschedule(): void {
    if (!this.ticking || this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const due = this.earliestDue(Number.NEGATIVE_INFINITY);
    if (due === undefined) return;
    // At least a few ms, so a listener that keeps reporting a past instant cannot spin the loop.
    const delay = Math.min(MAX_TIMER_MS, Math.max(MIN_TIMER_MS, due - this.now().getTime()));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      // A ticking clock reached a due instant by itself: run the listeners as a move to "now" would.
      // "Now" is read when the queued move runs: read earlier, it would lie in the past by then.
      const run = this.queue.then(() => this.tick());
      this.queue = run.catch(() => undefined);
      run.catch((error: unknown) => {
        console.error('platform clock: a listener failed', error);
      });
    }, delay);
    this.timer.unref();
  }

  /**
   * Stores the clock's mark now (a ticking clock moves between moves; call before shutdown). For a
   * ticking clock that is its lease, which lies ahead of now(): a restart resumes there.
   */
  async checkpoint(): Promise<void> {
    await this.store(Math.max(this.now().getTime(), this.storedMark ?? Number.NEGATIVE_INFINITY));
  }

  /** Stops the ticking timer and the lease renewal; the clock still answers now() and can still be moved. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.renewalTimer) clearTimeout(this.renewalTimer);
    this.renewalTimer = undefined;
  }

  /**
   * The ticking timer fired. Node measures timers on libuv's loop time, cached when the loop
   * iteration began and kept in whole milliseconds, while now() reads the wall clock: a timer armed
   * late in an iteration can fire a millisecond or more before `due` shows on this clock. Then
   * nothing is due yet — arm again rather than hand the listeners an instant before their due time.
   */
  private async tick(): Promise<void> {
    const due = this.earliestDue(Number.NEGATIVE_INFINITY);
    if (due === undefined) return;
    if (due > this.now().getTime()) {
      this.reschedule();
      return;
    }
    await this.advanceNow(undefined);
  }

  /** Stores a lease `leaseMs` ahead of the running instant, then renews it every half lease. */
  private renewLease(): void {
    if (this.stopped) return;
    const running = this.anchor + Math.max(0, this.wallClock.now().getTime() - this.wallAnchor);
    this.store(running + this.leaseMs)
      .catch((error: unknown) => {
        // now() stands still at the last stored mark until a renewal succeeds.
        console.error('platform clock: storing the clock lease failed', error);
      })
      .finally(() => {
        if (this.stopped) return;
        this.renewalTimer = setTimeout(() => this.renewLease(), Math.max(1, this.leaseMs / 2));
        this.renewalTimer.unref();
      });
  }

  /**
   * Stores `mark` (or the highest mark requested before, so the stored one never goes back), one
   * store at a time, and lets now() show up to it once stored.
   */
  private store(mark: number): Promise<void> {
    if (!this.persist) return Promise.resolve();
    const persist = this.persist;
    const target = Math.max(mark, this.requestedMark);
    this.requestedMark = target;
    const write = this.writes.then(async () => {
      await persist(new Date(target));
      this.storedMark = Math.max(this.storedMark ?? target, target);
    });
    this.writes = write.catch(() => undefined);
    return write;
  }

  /** Moves to `instant`, or to the current instant when undefined (the ticking timer). */
  private async advanceNow(instant: Date | undefined): Promise<Date> {
    if (instant) assertValidInstant(instant);
    const current = this.now().getTime();
    const target = instant ? instant.getTime() : current;
    if (target < current) {
      throw new DomainError(
        'VALIDATION_FAILED',
        `平台时钟只能向前拨动：目标时间 ${new Date(target).toISOString()} 早于当前时间 ${new Date(current).toISOString()}`,
        [{ path: 'now', code: 'VALIDATION_FAILED', message: '目标时间不得早于平台当前时间' }],
      );
    }
    for (let step = 0; step < MAX_STEPS_PER_ADVANCE; step += 1) {
      const due = this.earliestDue(this.now().getTime());
      if (due === undefined || due >= target) break;
      await this.moveTo(due);
    }
    await this.moveTo(Math.max(target, this.now().getTime()));
    return this.now();
  }

  private async moveTo(instant: number): Promise<void> {
    const previous = this.now();
    // A ticking clock runs on from `instant` at once: store its lease, not just the instant.
    await this.store(this.ticking ? instant + this.leaseMs : instant);
    this.anchor = instant;
    this.wallAnchor = this.wallClock.now().getTime();
    for (const registration of [...this.registrations]) {
      await registration.listener(new Date(instant), previous);
    }
    this.reschedule();
  }

  /** Earliest instant a listener reported as due that lies strictly after `after`. */
  private earliestDue(after: number): number | undefined {
    let earliest: number | undefined;
    for (const registration of this.registrations) {
      const due = registration.nextDueAt?.()?.getTime();
      if (due === undefined || Number.isNaN(due) || due <= after) continue;
      if (earliest === undefined || due < earliest) earliest = due;
    }
    return earliest;
  }
}

function assertValidInstant(instant: Date): void {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new DomainError('VALIDATION_FAILED', '平台时钟的时间格式无效', [
      { path: 'now', code: 'VALIDATION_FAILED', message: '时间必须是有效的 ISO 8601 时刻' },
    ]);
  }
}

/** `.data/clock.json`: the mark the platform clock resumes from (older files named it `now`). */
const ClockFile = z.union([
  z.object({ resumeAt: z.iso.datetime({ offset: true }) }),
  z.object({ now: z.iso.datetime({ offset: true }) }),
]);

/** The stored mark of the platform clock, or undefined when there is none yet. */
export async function readClockFile(path: string): Promise<Date | undefined> {
  if (!existsSync(path)) return undefined;
  const stored = ClockFile.parse(JSON.parse(await readFile(path, 'utf8')));
  return new Date('resumeAt' in stored ? stored.resumeAt : stored.now);
}

/**
 * Stores the platform clock's mark so that a hard kill at any moment leaves either the old file or
 * the new one, whole: written to a temporary file, synced, then renamed over the old one.
 */
export async function writeClockFile(path: string, mark: Date): Promise<void> {
  const temporary = `${path}.tmp`;
  const file = await open(temporary, 'w');
  try {
    await file.writeFile(JSON.stringify({ resumeAt: mark.toISOString() }));
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temporary, path);
}
