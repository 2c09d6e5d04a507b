/**
 * README "The local platform and its quirks": an answered write survives `kill -9`. DynamoDB Local
 * answers a transaction before its COMMIT has run (infra/local/dynamodb.ts awaitTransactionCommits);
 * this kills the whole process group — node and the JVM — right after the answers, restarts on the
 * same data directory and checks that every answered transaction is there, exactly once.
 *
 * One restart of the JVM takes seconds on this machine, and only the last transaction on a database
 * is ever at risk (the next one queues behind its COMMIT). So each try has 25 writers on 25
 * databases of one DynamoDB Local (one access key each: its own SQLite file and worker thread), all
 * writing at once; 4 kills make 100 answered transactions each killed right after its answer.
 * Nothing waits for time to pass: the kill follows the answers, and the restart waits for the
 * killed processes to be gone.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const WRITER = fileURLToPath(new URL('./fixtures/durable-writer.ts', import.meta.url));
const WRITERS = 50;
const KILLS = 2;

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'tqa-durability-'));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

interface Writer {
  child: ChildProcess;
  /** The child's stdout lines, parsed, in order. */
  next(): Promise<Record<string, unknown>>;
  stderr(): string;
}

/** Starts the writer in a process group of its own, so one signal reaches it and its JVM. */
function startWriter(round: number): Writer {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', WRITER, dataDir, String(WRITERS), String(round)],
    {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    errors = (errors + chunk.toString('utf8')).slice(-4000);
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })[Symbol.asyncIterator]();
  return {
    child,
    stderr: () => errors,
    async next() {
      const line = await lines.next();
      if (line.done) throw new Error(`the writer exited (${child.exitCode}) early:\n${errors}`);
      return JSON.parse(line.value) as Record<string, unknown>;
    },
  };
}

/** Resolves once `pid` no longer runs (gone, or a zombie: its files and locks are released). */
async function gone(pid: number): Promise<void> {
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    const stat = `/proc/${pid}/stat`;
    if (existsSync(stat) && readFileSync(stat, 'utf8').split(') ')[1]?.startsWith('Z')) return;
    await sleep(20);
  }
}

async function killGroup(writer: Writer, jvmPid: number): Promise<void> {
  const exited = new Promise((resolve) => writer.child.once('exit', resolve));
  process.kill(-(writer.child.pid as number), 'SIGKILL');
  await exited;
  await gone(jvmPid);
}

describe('DynamoDB Local under the platform client, killed with kill -9', () => {
  it('keeps every transaction it answered, over 100 writes each killed right after its answer', async () => {
    // Prepare
    const answered: string[] = [];
    let atRisk = 0;

    for (let round = 0; round <= KILLS; round += 1) {
      const writer = startWriter(round);
      const { found, jvmPid } = (await writer.next()) as { found: string[][]; jvmPid: number };

      // Assess (after the previous kill): each database holds exactly the answered writes.
      expect(found).toHaveLength(WRITERS);
      for (const ids of found) expect(ids).toEqual([...answered].sort());

      if (round === KILLS) {
        await killGroup(writer, jvmPid);
        break;
      }
      // Act
      const { acked } = (await writer.next()) as { acked: string };
      await killGroup(writer, jvmPid);
      answered.push(acked);
      atRisk += WRITERS;
    }

    expect(atRisk).toBeGreaterThanOrEqual(100);
  }, 600_000);
});
