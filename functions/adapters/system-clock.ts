import type { Clock } from '../ports/clock.ts';

/** The wall clock: with the local platform clock, the only reader of the current time (STYLE.md 8). */
export const systemClock: Clock = { now: () => new Date() };
