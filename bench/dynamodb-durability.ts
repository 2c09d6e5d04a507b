/**
 * README "The local platform and its quirks": what making every answered transaction durable costs
 * on the embedded platform (infra/local/dynamodb.ts awaitTransactionCommits: one ListTables after
 * each successful TransactWriteItems).
 *
 * DynamoDB Local runs as under `npm start` (a database file in a directory, `-sharedDb`). A plain
 * document client and one over awaitTransactionCommits write the shape of a platform commit (one
 * TransactWriteItems of two Puts: a record and its audit entry), alternating sample by sample so
 * both see the same load: BENCH_DURABILITY_WRITES (300) each one at a time, then the same number 8
 * in flight (what a busy gateway sends). Reported: latency per answered write (p50/p90) and writes
 * per second. One at a time, each sample starts on an idle database (an untimed ListTables lets the
 * plain write's COMMIT finish first), so the difference is what the answer waits for: the COMMIT
 * and the follow-up request. In flight, every transaction queues behind the COMMITs before it on
 * both clients; the durable one adds the follow-up requests.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../functions/adapters/dynamodb/client.ts';
import {
  awaitTransactionCommits,
  localDynamoDbClientConfig,
  startDynamoDbLocal,
} from '../infra/local/dynamodb.ts';
import { mapBounded, median, p90, round, saveResults, table, timed } from './lib/report.ts';

const WRITES = Number(process.env.BENCH_DURABILITY_WRITES ?? 300);
const WARM_UP = 30;
const CONCURRENCY = 8;
const TABLE = 'bench';

interface Sample {
  client: 'plain' | 'durable';
  mode: 'sequential' | 'concurrent';
  p50Ms: number;
  p90Ms: number;
  writesPerSecond: number;
}

export async function runDynamoDbDurability(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-durability-'));
  const local = await startDynamoDbLocal({ dbPath: dataDir });
  const plain = createDocumentClient(new DynamoDBClient(localDynamoDbClientConfig(local.endpoint)));
  const durable = createDocumentClient(
    awaitTransactionCommits(new DynamoDBClient(localDynamoDbClientConfig(local.endpoint))),
  );
  try {
    await plain.send(
      new CreateTableCommand({
        TableName: TABLE,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }),
    );
    let sequence = 0;
    const commit = (client: DynamoDBDocumentClient) => {
      sequence += 1;
      return client.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: TABLE, Item: { pk: `record-${sequence}`, body: 'x'.repeat(400) } } },
            { Put: { TableName: TABLE, Item: { pk: `audit-${sequence}`, body: 'y'.repeat(200) } } },
          ],
        }),
      );
    };
    const clients = { plain, durable } as const;
    for (let i = 0; i < WARM_UP; i += 1) {
      await commit(plain);
      await commit(durable);
    }

    // One at a time, alternating.
    const latencies = { plain: [] as number[], durable: [] as number[] };
    const busy = { plain: 0, durable: 0 };
    for (let i = 0; i < WRITES; i += 1) {
      for (const name of ['plain', 'durable'] as const) {
        const { ms } = await timed(() => commit(clients[name]));
        latencies[name].push(ms);
        busy[name] += ms;
        // Untimed: let the plain write's COMMIT finish, so the next sample starts on an idle queue
        // instead of paying for it.
        await plain.send(new ListTablesCommand({ Limit: 1 }));
      }
    }
    const listTables = [] as number[];
    for (let i = 0; i < WRITES; i += 1) {
      listTables.push((await timed(() => plain.send(new ListTablesCommand({ Limit: 1 })))).ms);
    }
    const samples: Sample[] = (['plain', 'durable'] as const).map((name) => ({
      client: name,
      mode: 'sequential',
      p50Ms: round(median(latencies[name]), 2),
      p90Ms: round(p90(latencies[name]), 2),
      writesPerSecond: round((WRITES / busy[name]) * 1000, 0),
    }));

    // CONCURRENCY in flight, one client after the other, in blocks of 50 writes so both see the same load.
    const concurrent = { plain: [] as number[], durable: [] as number[] };
    const concurrentBusy = { plain: 0, durable: 0 };
    for (let block = 0; block < WRITES / 50; block += 1) {
      for (const name of ['plain', 'durable'] as const) {
        const { ms, result } = await timed(() =>
          mapBounded(
            Array.from({ length: 50 }),
            CONCURRENCY,
            async () => (await timed(() => commit(clients[name]))).ms,
          ),
        );
        concurrent[name].push(...result);
        concurrentBusy[name] += ms;
      }
    }
    for (const name of ['plain', 'durable'] as const) {
      samples.push({
        client: name,
        mode: 'concurrent',
        p50Ms: round(median(concurrent[name]), 2),
        p90Ms: round(p90(concurrent[name]), 2),
        writesPerSecond: round((concurrent[name].length / concurrentBusy[name]) * 1000, 0),
      });
    }

    console.log(
      table(
        ['client', 'mode', 'latency p50 ms', 'p90 ms', 'writes/s'],
        samples.map((s) => [s.client, s.mode, s.p50Ms, s.p90Ms, s.writesPerSecond]),
      ),
    );
    const listTablesP50 = round(median(listTables), 2);
    console.log(`\nListTables (Limit 1) alone: p50 ${listTablesP50} ms, p90 ${round(p90(listTables), 2)} ms`);
    await saveResults('dynamodb-durability', {
      writes: WRITES,
      concurrency: CONCURRENCY,
      samples,
      listTables: { p50Ms: listTablesP50, p90Ms: round(p90(listTables), 2) },
    });
  } finally {
    plain.destroy();
    durable.destroy();
    await local.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
