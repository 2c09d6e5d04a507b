/**
 * Counts the DynamoDB requests the platform sends, by operation, at the HTTP level: every SDK
 * request to DynamoDB (DynamoDB Local here) carries `x-amz-target: DynamoDB_20120810.<Operation>`.
 * `node:http.request` is wrapped before the platform builds its clients (the SDK's Node handler
 * reads it when it creates its agent), so the store, the idempotency records and the flow's tasks
 * are all seen, and nothing in functions/ or infra/ is changed.
 *
 * Requests made inside a round-flow task (the local Step Functions engine's `invoke`) are counted
 * apart: on AWS those run in their own Lambda, after the API request has answered; the local
 * platform only makes the API request wait for them.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import http from 'node:http';
import { LocalSfnEngine } from '../../infra/local/sfn-engine.ts';

export type Source = 'api' | 'flow';
export type Counts = Record<Source, Record<string, number>>;

const inFlowTask = new AsyncLocalStorage<string>();
const counts: Counts = { api: {}, flow: {} };
let installed = false;

const targetOf = (args: unknown[]): string | undefined => {
  for (const arg of args) {
    if (arg && typeof arg === 'object' && !(arg instanceof URL) && 'headers' in arg) {
      const headers = (arg as { headers?: Record<string, unknown> }).headers ?? {};
      for (const [name, value] of Object.entries(headers)) {
        if (name.toLowerCase() === 'x-amz-target' && typeof value === 'string') return value;
      }
    }
  }
  return undefined;
};

/** Starts counting; call before `startPlatform`. Idempotent. */
export function installDynamoDbCounter(): void {
  if (installed) return;
  installed = true;
  const original = http.request;
  http.request = function countingRequest(this: unknown, ...args: unknown[]) {
    const target = targetOf(args);
    if (target?.startsWith('DynamoDB_')) {
      const operation = target.slice(target.indexOf('.') + 1);
      const bucket = counts[inFlowTask.getStore() === undefined ? 'api' : 'flow'];
      bucket[operation] = (bucket[operation] ?? 0) + 1;
    }
    return (original as (...a: unknown[]) => http.ClientRequest).apply(this, args);
  } as typeof http.request;

  const engine = LocalSfnEngine.prototype as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  const invoke = engine.invoke;
  if (typeof invoke !== 'function')
    throw new Error('LocalSfnEngine.invoke not found: update bench/lib/ddb-counter.ts');
  engine.invoke = function countedInvoke(this: unknown, ...args: unknown[]) {
    const spec = args[0] as { resource?: string } | undefined;
    return inFlowTask.run(spec?.resource ?? 'task', () => invoke.apply(this, args));
  };
}

/** A copy of the counts so far. */
export const snapshot = (): Counts => ({ api: { ...counts.api }, flow: { ...counts.flow } });

/** What happened between two snapshots. */
export function difference(after: Counts, before: Counts): Counts {
  const diff = (a: Record<string, number>, b: Record<string, number>) =>
    Object.fromEntries(
      Object.entries(a)
        .map(([op, n]) => [op, n - (b[op] ?? 0)] as const)
        .filter(([, n]) => n > 0),
    );
  return { api: diff(after.api, before.api), flow: diff(after.flow, before.flow) };
}

export const total = (ops: Record<string, number>): number => Object.values(ops).reduce((a, b) => a + b, 0);

/** `GetItem×2 TransactWriteItems×1` */
export const describeOps = (ops: Record<string, number>): string =>
  Object.entries(ops)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([op, n]) => `${op}×${n}`)
    .join(' ') || '—';
