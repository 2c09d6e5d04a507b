/**
 * Review panels at scale (DESIGN.md §2 "Review load", "Conflicts of interest"): the reproducible
 * random draw that tops panels up from the reviewer pool, and the schedule rule that one reviewer
 * cannot sit in two places at once.
 *
 * The draw is a pure function of its input: the seed, the pool, each panel's current members and
 * exclusions, the stage's current loads and the load limit. Anyone holding the audited seed and pool
 * snapshot re-runs it and gets the same panels.
 *
 * The PRNG is `xoroshiro128+` from `pure-rand` (not `Math.random`). Its 128-bit state is the first
 * 16 bytes of SHA-256(UTF-8 seed), read as four big-endian unsigned 32-bit words `[w0, w1, w2, w3]`
 * and handed to `xoroshiro128plusFromState` in that order (an all-zero state, which the generator
 * cannot leave, would need a SHA-256 preimage of 16 zero bytes). Integers in a range come from
 * `pure-rand`'s `uniformInt`, which rejects biased values.
 */
import { createHash } from 'node:crypto';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import { DomainError, type Finding } from './errors.ts';

/** Most reviewers on one panel: a panel is a handful of experts (Art. 14). */
export const MAX_DRAW_PANEL_SIZE = 30;

/** A generator of uniform integers in `[from, to]` derived from a seed string (see the module doc). */
export interface SeededRandom {
  int(from: number, to: number): number;
}

/** The seeded generator of a draw: xoroshiro128+ on SHA-256(seed)'s first 16 bytes. */
export function seededRandom(seed: string): SeededRandom {
  const digest = createHash('sha256').update(seed, 'utf8').digest();
  // The generator works on signed 32-bit words; `| 0` keeps the same bits.
  const state = [0, 4, 8, 12].map((offset) => digest.readUInt32BE(offset) | 0);
  const generator = xoroshiro128plusFromState(state);
  return { int: (from, to) => uniformInt(generator, from, to) };
}

export interface PanelToFill {
  applicationId: string;
  /** How many reviewers the panel should hold after the draw. */
  target: number;
  /** Reviewers already (actively) on the panel: kept, and never drawn twice. */
  members: readonly string[];
  /**
   * Reviewers who may never be drawn for this panel: a conflict of interest (Art. 28), or already
   * withdrawn from this application and stage. Disqualified reviewers (Art. 29) are not in the pool.
   */
  excluded: ReadonlySet<string>;
}

export interface DrawInput {
  seed: string;
  /** The reviewer ids that may be drawn at all (the pool less the disqualified), in any order. */
  pool: readonly string[];
  panels: readonly PanelToFill[];
  /** Active assignments per reviewer in this stage of the round before the draw (absent = 0). */
  loads: ReadonlyMap<string, number>;
  /** Applications per reviewer in this stage (DESIGN.md "Review load"); absent = no limit. */
  loadLimit?: number;
}

export interface DrawnPanel {
  applicationId: string;
  /** The reviewers this draw added, in draw order. */
  drawn: string[];
  /** The whole panel after the draw: the members, then the drawn. */
  reviewerIds: string[];
}

export interface DrawOutcome {
  seed: string;
  /** In the order of `input.panels`. */
  panels: DrawnPanel[];
  /** Every pool reviewer's load in the stage after the draw. */
  loads: Record<string, number>;
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function invalid(path: string, message: string): DomainError {
  return new DomainError('VALIDATION_FAILED', message, [{ path, code: 'VALIDATION_FAILED', message }]);
}

/**
 * Tops every panel up to its target. The order of the work is fixed by the input alone: the pool is
 * sorted by id; panels are filled most constrained first (fewest drawable reviewers, then by
 * application id); each seat goes to a reviewer drawn uniformly among the drawable ones with the
 * lowest load so far (not excluded, not on the panel, under the limit). Filling the least loaded
 * first keeps the stage's loads within 1 of each other wherever exclusions and limits allow.
 *
 * Everything is decided in memory before anything is returned: when any panel cannot be filled,
 * INSUFFICIENT_REVIEWERS lists every such panel and nothing is drawn at all.
 */
export function drawPanels(input: DrawInput): DrawOutcome {
  if (input.seed === '') throw invalid('seed', '随机抽取须提供种子，以便记录和复核');
  if (input.loadLimit !== undefined && (!Number.isInteger(input.loadLimit) || input.loadLimit < 1)) {
    throw invalid('loadLimit', `评审工作量上限须为正整数，收到 ${input.loadLimit}`);
  }
  input.panels.forEach((panel, i) => {
    if (!Number.isInteger(panel.target) || panel.target < 1 || panel.target > MAX_DRAW_PANEL_SIZE) {
      throw invalid(
        `panels[${i}].target`,
        `每个评审组须为 1 至 ${MAX_DRAW_PANEL_SIZE} 人，收到 ${panel.target}`,
      );
    }
  });
  const pool = [...new Set(input.pool)].sort(compare);
  const indexOf = new Map(pool.map((id, i) => [id, i]));
  // Integer indices and typed arrays: a 1,000 × 5 draw from 200 makes a million candidate checks.
  const load = Int32Array.from(pool, (id) => input.loads.get(id) ?? 0);
  const limit = input.loadLimit ?? Number.POSITIVE_INFINITY;
  const random = seededRandom(input.seed);
  const blocked = new Uint8Array(pool.length);
  const candidates = new Int32Array(pool.length);

  /** Marks the panel's members and exclusions in `blocked`; returns how many pool reviewers it blocks. */
  const block = (panel: PanelToFill): number => {
    blocked.fill(0);
    let count = 0;
    for (const id of [...panel.members, ...panel.excluded]) {
      const i = indexOf.get(id);
      if (i !== undefined && blocked[i] === 0) {
        blocked[i] = 1;
        count++;
      }
    }
    return count;
  };
  const order = input.panels
    .map((panel, index) => ({ panel, index, room: pool.length - block(panel) }))
    .sort((a, b) => a.room - b.room || compare(a.panel.applicationId, b.panel.applicationId));

  const drawnByIndex = new Map<number, string[]>();
  const findings: (Finding & { index: number })[] = [];
  for (const { panel, index } of order) {
    block(panel);
    const members = new Set(panel.members);
    const drawn: string[] = [];
    for (let seat = members.size; seat < panel.target; seat++) {
      let lowest = Number.POSITIVE_INFINITY;
      let count = 0;
      for (let i = 0; i < pool.length; i++) {
        const current = load[i]!;
        if (blocked[i] === 1 || current >= limit || current > lowest) continue;
        if (current < lowest) {
          lowest = current;
          count = 0;
        }
        candidates[count++] = i;
      }
      if (count === 0) break;
      const chosen = candidates[random.int(0, count - 1)]!;
      blocked[chosen] = 1;
      load[chosen] = lowest + 1;
      drawn.push(pool[chosen]!);
    }
    const missing = panel.target - members.size - drawn.length;
    if (missing > 0) {
      findings.push({
        index,
        path: `applicationIds[${index}]`,
        code: 'INSUFFICIENT_REVIEWERS',
        message:
          `申报 ${panel.applicationId} 的评审组还缺 ${missing} 人：评审专家库中无须回避、` +
          `未撤出且未达工作量上限的专家不足`,
      });
    }
    drawnByIndex.set(index, drawn);
  }
  if (findings.length > 0) {
    throw new DomainError(
      'INSUFFICIENT_REVIEWERS',
      `有 ${findings.length} 个评审组无法抽满，本次未抽取任何专家`,
      findings.sort((a, b) => a.index - b.index).map(({ index: _index, ...finding }) => finding),
    );
  }
  return {
    seed: input.seed,
    panels: input.panels.map((panel, index) => {
      const drawn = drawnByIndex.get(index) ?? [];
      return { applicationId: panel.applicationId, drawn, reviewerIds: [...panel.members, ...drawn] };
    }),
    loads: Object.fromEntries(pool.map((id, i) => [id, load[i]!])),
  };
}

/** A scheduled on-site visit or defence session of one application (API.md "Schedules"). */
export interface ScheduledSlot {
  applicationId: string;
  stage: string;
  startsAt: Date;
  endsAt: Date;
}

/** Two slots overlap when each starts before the other ends (back-to-back slots do not). */
export const slotsOverlap = (a: Pick<ScheduledSlot, 'startsAt' | 'endsAt'>, b: typeof a): boolean =>
  a.startsAt.getTime() < b.endsAt.getTime() && b.startsAt.getTime() < a.endsAt.getTime();

/** VALIDATION_FAILED unless the slot ends after it starts. */
export function assertSlotTimes(slot: Pick<ScheduledSlot, 'startsAt' | 'endsAt'>): void {
  if (slot.endsAt.getTime() <= slot.startsAt.getTime()) {
    throw invalid('endsAt', '结束时间须晚于开始时间');
  }
}
