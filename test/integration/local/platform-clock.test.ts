import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../functions/domain/errors.ts';
import type { Clock } from '../../../functions/ports/clock.ts';
import {
  PlatformClock,
  readClockFile,
  realClock,
  writeClockFile,
} from '../../../infra/local/platform-clock.ts';

const START = new Date('2026-03-02T00:00:00.000Z');
const at = (offsetMs: number) => new Date(START.getTime() + offsetMs);
const DAY_MS = 86_400_000;

describe('PlatformClock', () => {
  it('stands still when not ticking and moves forward on advanceTo', async () => {
    // Prepare
    const clock = new PlatformClock({ initial: START, ticking: false });

    // Act
    const before = clock.now();
    const answered = await clock.advanceTo(at(DAY_MS));

    // Assess
    expect(before).toEqual(START);
    expect(answered).toEqual(at(DAY_MS));
    expect(clock.now()).toEqual(at(DAY_MS));
  });

  it('refuses to go backward or to an invalid instant with VALIDATION_FAILED in Chinese', async () => {
    // Prepare
    const clock = new PlatformClock({ initial: START, ticking: false });

    // Act
    const backward = await clock.advanceTo(at(-1)).catch((error: unknown) => error);
    const invalid = await clock.advanceTo(new Date('not a date')).catch((error: unknown) => error);

    // Assess
    expect(backward).toBeInstanceOf(DomainError);
    expect(backward).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((backward as DomainError).message).toMatch(/平台时钟只能向前拨动/);
    expect(invalid).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(clock.now()).toEqual(START);
  });

  it('awaits async listeners in registration order before answering', async () => {
    // Prepare
    const clock = new PlatformClock({ initial: START, ticking: false });
    const log: string[] = [];
    clock.onAdvance(async (now, previous) => {
      await sleep(20);
      log.push(`first ${previous.toISOString()} -> ${now.toISOString()}`);
    });
    clock.onAdvance(() => {
      log.push('second');
    });

    // Act
    await clock.advanceTo(at(1000));

    // Assess
    expect(log).toEqual([`first ${START.toISOString()} -> ${at(1000).toISOString()}`, 'second']);
  });

  it('stops on the way at each instant a listener reports as due', async () => {
    // Prepare
    const clock = new PlatformClock({ initial: START, ticking: false });
    const dues = [at(10 * DAY_MS), at(100 * DAY_MS)];
    const seen: Date[] = [];
    clock.onAdvance(
      (now) => {
        seen.push(now);
        while (dues[0] && dues[0] <= now) dues.shift();
      },
      { nextDueAt: () => dues[0] },
    );

    // Act
    await clock.advanceTo(at(200 * DAY_MS));

    // Assess
    expect(seen).toEqual([at(10 * DAY_MS), at(100 * DAY_MS), at(200 * DAY_MS)]);
  });

  it('serializes concurrent moves and persists every instant it moves to', async () => {
    // Prepare
    const persisted: Date[] = [];
    const clock = new PlatformClock({
      initial: START,
      ticking: false,
      persist: async (instant) => {
        await sleep(5);
        persisted.push(instant);
      },
    });

    // Act
    const [first, second] = await Promise.all([clock.advanceTo(at(2000)), clock.advanceTo(at(3000))]);
    await clock.checkpoint();

    // Assess
    expect([first, second]).toEqual([at(2000), at(3000)]);
    expect(persisted).toEqual([at(2000), at(3000), at(3000)]);
  });

  it('does not move when persisting fails', async () => {
    // Prepare
    const clock = new PlatformClock({
      initial: START,
      ticking: false,
      persist: async () => {
        throw new Error('disk full');
      },
    });

    // Act
    const move = clock.advanceTo(at(1000));

    // Assess
    await expect(move).rejects.toThrow('disk full');
    expect(clock.now()).toEqual(START);
  });

  it('stops calling a listener once it is removed', async () => {
    // Prepare
    const clock = new PlatformClock({ initial: START, ticking: false });
    let calls = 0;
    const remove = clock.onAdvance(() => {
      calls += 1;
    });

    // Act
    await clock.advanceTo(at(1));
    remove();
    await clock.advanceTo(at(2));

    // Assess
    expect(calls).toBe(1);
  });

  it('ticks at the pace of the wall clock from the last instant it was moved to', async () => {
    // Prepare
    let wall = 1_000_000;
    const wallClock: Clock = { now: () => new Date(wall) };
    const clock = new PlatformClock({ initial: START, wallClock });

    // Act
    wall += 5000;
    const ticked = clock.now();
    await clock.advanceTo(at(DAY_MS));
    wall += 250;
    const afterMove = clock.now();
    clock.stop();

    // Assess
    expect(clock.ticking).toBe(true);
    expect(ticked).toEqual(at(5000));
    expect(afterMove).toEqual(at(DAY_MS + 250));
  });

  it('runs the listeners by itself when a ticking clock reaches a due instant', async () => {
    // Prepare
    const clock = new PlatformClock({ initial: realClock.now() });
    const due = new Date(clock.now().getTime() + 30);
    const fired = new Promise<Date>((resolve) => {
      clock.onAdvance((now) => resolve(now), { nextDueAt: () => due });
    });

    // Act
    const now = await Promise.race([fired, sleep(5000, undefined)]);
    clock.stop();

    // Assess
    expect(now).toBeInstanceOf(Date);
    expect(now!.getTime()).toBeGreaterThanOrEqual(due.getTime());
  });

  it('hands a listener nothing before its due instant when the timer fires early', async () => {
    // Prepare: the wall clock stands still, so the timer armed for `due` fires while now() shows
    // an earlier instant — what Node's timers do, by a millisecond, against the real wall clock.
    let wall = 1_000_000;
    let reads = 0;
    let readAfterTimer: () => void = () => undefined;
    const timerRead = new Promise<void>((resolve) => {
      readAfterTimer = resolve;
    });
    const wallClock: Clock = {
      now: () => {
        reads += 1;
        if (reads > 3) readAfterTimer();
        return new Date(wall);
      },
    };
    const clock = new PlatformClock({ initial: START, wallClock });
    const due = at(30);
    const seen: Date[] = [];
    const fired = new Promise<void>((resolve) => {
      clock.onAdvance(
        (now) => {
          seen.push(now);
          if (now >= due) resolve();
        },
        { nextDueAt: () => due },
      );
    });

    // Act: once the timer has fired and read the clock, let the wall clock reach `due`.
    await timerRead;
    wall += 30;
    await Promise.race([fired, sleep(5000)]);
    clock.stop();

    // Assess
    expect(seen).toEqual([due]);
  });

  it('never shows an instant beyond the mark it has stored, which it keeps a lease ahead', async () => {
    // Prepare
    let wall = 1_000_000;
    const wallClock: Clock = { now: () => new Date(wall) };
    const stored: Date[] = [];
    let storeFirst: () => void = () => undefined;
    const firstStored = new Promise<void>((resolve) => {
      storeFirst = resolve;
    });
    const clock = new PlatformClock({
      initial: START,
      wallClock,
      leaseMs: 60_000,
      persist: async (mark) => {
        stored.push(mark);
        if (stored.length === 1) await firstStored;
      },
    });

    // Act
    wall += 120_000;
    const beforeTheLeaseIsStored = clock.now();
    storeFirst();
    await clock.checkpoint();
    const onceStored = clock.now();
    await clock.advanceTo(at(DAY_MS));
    wall += 30_000;
    const afterMove = clock.now();
    clock.stop();

    // Assess
    expect(stored[0]).toEqual(at(60_000));
    expect(beforeTheLeaseIsStored).toEqual(START);
    expect(onceStored).toEqual(at(60_000));
    expect(stored).toContainEqual(at(DAY_MS + 60_000));
    expect(afterMove).toEqual(at(DAY_MS + 30_000));
  });

  it('stores its mark whole and reads the older file format', async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), 'tqa-clock-'));
    const path = join(dir, 'clock.json');
    try {
      // Act
      const missing = await readClockFile(path);
      await writeClockFile(path, at(1000));
      const written = await readClockFile(path);
      await writeFile(path, JSON.stringify({ now: at(2000).toISOString() }));
      const legacy = await readClockFile(path);

      // Assess
      expect(missing).toBeUndefined();
      expect(written).toEqual(at(1000));
      expect(legacy).toEqual(at(2000));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('resumes at or after the last instant it showed when its process is killed with kill -9', async () => {
    // Prepare
    const CHILD = fileURLToPath(new URL('./fixtures/clock-child.ts', import.meta.url));
    const LEASE_MS = 200;
    const KILLS = 3;
    const dir = await mkdtemp(join(tmpdir(), 'tqa-clock-'));
    const path = join(dir, 'clock.json');
    /** Per kill: the last instant the parent saw the child show, and where the next start resumed. */
    const kills: { lastShown: number; resumed?: number }[] = [];
    try {
      for (let run = 0; run <= KILLS; run += 1) {
        const child = spawn(process.execPath, ['--import', 'tsx', CHILD, path, String(LEASE_MS)], {
          detached: true,
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        const exited = new Promise((resolve) => child.once('exit', resolve));
        const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
        const read = async () => {
          const line = await lines.next();
          if (line.done) throw new Error(`the clock child exited (${child.exitCode}) early`);
          return JSON.parse(line.value) as { resumed?: string; jumped?: string; shows?: string };
        };
        const started = await read();
        const previous = kills.at(-1);
        if (previous) previous.resumed = new Date(started.resumed as string).getTime();

        // Act: let it tick past a few lease renewals, then kill it right after an instant it showed.
        const jumped = new Date(started.jumped as string).getTime();
        let lastShown = jumped;
        while (run < KILLS && lastShown < jumped + 3 * LEASE_MS) {
          lastShown = Math.max(lastShown, new Date((await read()).shows as string).getTime());
        }
        process.kill(-(child.pid as number), 'SIGKILL');
        await exited;
        if (run < KILLS) kills.push({ lastShown });
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }

    // Assess: each start resumed at or after everything shown before the kill.
    expect(kills).toHaveLength(KILLS);
    for (const { lastShown, resumed } of kills) expect(resumed).toBeGreaterThanOrEqual(lastShown);
  }, 120_000);
});
