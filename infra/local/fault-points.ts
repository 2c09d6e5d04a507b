/**
 * Test-only fault injection for the local platform (README "Crash safety"): with
 * `TQA_FAULT_POINTS=point:match,…` set, the process kills itself — and, when it leads its process
 * group (a test spawns it detached), the group, DynamoDB Local's JVM included — the first time it
 * reaches `point` (functions/shared/fault-hook.ts) for a subject containing `match`: an
 * Idempotency-Key record key (`http#sub#POST /v1/rounds#crash-1`), a task name (`close-call`) or
 * an outbox delivery (`{kind}#{messageId}`).
 * Read once at start; without the variable no hook exists. Only the local platform imports this
 * file, so no AWS bundle carries it (test/infra/bundles.test.ts checks).
 *
 * SIGKILL rather than process.exit: no exit handler, no flush, no clean stop may run — the state
 * left behind is what a power cut or a Lambda timeout leaves.
 */
import { readFileSync, writeSync } from 'node:fs';
import type { FaultHook, FaultPoint } from '../../functions/shared/fault-hook.ts';

const POINTS: readonly FaultPoint[] = [
  'after-commit',
  'before-response-stored',
  'before-response-sent',
  'in-task',
  'before-delivery',
  'after-delivery',
];

/** The hook `TQA_FAULT_POINTS` asks for, or `undefined` when it is unset or empty. */
export function faultPointsFromEnv(value = process.env.TQA_FAULT_POINTS): FaultHook | undefined {
  if (!value?.trim()) return undefined;
  const armed = value.split(',').map((entry) => {
    const [point = '', ...rest] = entry.trim().split(':');
    if (!POINTS.includes(point as FaultPoint)) {
      throw new Error(`TQA_FAULT_POINTS: unknown point "${point}" (known: ${POINTS.join(', ')})`);
    }
    return { point: point as FaultPoint, match: rest.join(':') };
  });
  return (point, subject) => {
    if (!armed.some((a) => a.point === point && subject.includes(a.match))) return;
    // Written synchronously, so the test can tell which point stopped the process.
    writeSync(2, `TQA fault point ${point}: ${subject}\n`);
    killSelf();
  };
}

function killSelf(): never {
  // Field 5 of /proc/self/stat is the process group; its leader may take the whole group down.
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const group = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
  process.kill(group === process.pid ? -process.pid : process.pid, 'SIGKILL');
  // SIGKILL is delivered before kill(2) returns to a process that signals itself.
  throw new Error('unreachable: SIGKILL did not stop the process');
}
