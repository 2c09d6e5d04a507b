/**
 * The whole platform on one machine (DESIGN.md §4): DynamoDB Local, s3rver, the local Step
 * Functions engine behind its JSON endpoint, the scheduler loop, the platform clock and the HTTP
 * gateway serving the API and the portal — the same handlers as on AWS, other endpoints.
 *
 * Local-only behaviour worth knowing:
 * - A staff action that resumes the round flow answers only when the engine is idle again, so the
 *   response (and the next request) sees what the flow's tasks did. On AWS that is asynchronous.
 *   Task handlers get deps whose workflow does not wait (a task waiting for idle would deadlock).
 * - After a restart the engine has no executions: every round still running is started again at
 *   its stored stage (the ASL's Choice router does the rest).
 */
import './polyfills.ts';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import * as z from 'zod';
import { AesGcmPiiProtector } from '../../functions/adapters/crypto/pii.ts';
import { createDocumentClient, createDynamoDbClient } from '../../functions/adapters/dynamodb/client.ts';
import { DynamoStore } from '../../functions/adapters/dynamodb/dynamo-store.ts';
import { DynamoDbIdempotencyStore } from '../../functions/adapters/dynamodb/idempotency-store.ts';
import { createTables, tableNamesWithPrefix } from '../../functions/adapters/dynamodb/tables.ts';
import { RandomIdGenerator } from '../../functions/adapters/ids.ts';
import { SmtpEmailSender } from '../../functions/adapters/notify/smtp-email.ts';
import { S3DocumentStore } from '../../functions/adapters/s3/document-store.ts';
import { S3EvidenceStore } from '../../functions/adapters/s3/evidence-store.ts';
import {
  lambdaArnValues,
  readRoundFlowDefinition,
  substitute,
} from '../../functions/adapters/sfn/definitions.ts';
import { SfnRoundWorkflow } from '../../functions/adapters/sfn/round-workflow.ts';
import { chineseDaysSeed } from '../../functions/domain/calendar-seed.ts';
import { apiRoutes } from '../../functions/handlers/api/routes.ts';
import {
  DEV_CLOCK_MOVE_ROUTE,
  DEV_CLOCK_ROUTE,
  DEV_OUTBOX_ROUTE,
  DEV_TOKEN_ROUTE,
} from '../../functions/handlers/api/system.ts';
import { buildObjectCreatedListener } from '../../functions/handlers/events/verify-evidence.ts';
import { buildHandler as sweepHandler } from '../../functions/handlers/scheduled/sweep.ts';
import { buildHandler as auditChainsHandler } from '../../functions/handlers/scheduled/verify-audit-chains.ts';
import { buildHandler as announceHandler } from '../../functions/handlers/workflow/announce.ts';
import { buildHandler as closeCallHandler } from '../../functions/handlers/workflow/close-call.ts';
import { buildHandler as computeRankingHandler } from '../../functions/handlers/workflow/compute-ranking.ts';
import { buildHandler as openWindowHandler } from '../../functions/handlers/workflow/open-window.ts';
import { buildHandler as recordEscalationHandler } from '../../functions/handlers/workflow/record-escalation.ts';
import { buildHandler as registerTaskTokenHandler } from '../../functions/handlers/workflow/register-task-token.ts';
import { buildHandler as selectForOnsiteHandler } from '../../functions/handlers/workflow/select-for-onsite.ts';
import { buildHandler as settleWindowHandler } from '../../functions/handlers/workflow/settle-window.ts';
import { DEFAULT_EVIDENCE_MAX_BYTES, type Deps, EVIDENCE_CONTENT_TYPES } from '../../functions/ports/deps.ts';
import type { RoundWorkflow } from '../../functions/ports/workflow.ts';
import { bindRoutes } from '../../functions/shared/http.ts';
import { logger } from '../../functions/shared/logger.ts';
import { defineRoute, type RouteDefinition } from '../../functions/shared/route.ts';
import type { AuditChainsReport } from '../../functions/use-cases/verify-audit-chains.ts';
import { releaseAbandonedClaims } from './abandoned-claims.ts';
import { createDevIssuer, type DevIssuer } from './dev-issuer.ts';
import { awaitTransactionCommits, type DynamoDbLocal, startDynamoDbLocal } from './dynamodb.ts';
import { InProcessExportQueue } from './export-queue.ts';
import { faultPointsFromEnv } from './fault-points.ts';
import { type Gateway, startGateway } from './gateway.ts';
import { type NotificationSink, startNotificationSink } from './notification-sink.ts';
import { OutboxLoop } from './outbox-loop.ts';
import { PlatformClock, readClockFile, realClock, writeClockFile } from './platform-clock.ts';
import { type LocalS3, localS3ClientConfig, startS3rver } from './s3.ts';
import { LocalSfnEngine } from './sfn-engine.ts';
import { localSfnClientConfig, type SfnServer, startSfnServer } from './sfn-server.ts';

export interface PlatformOptions {
  /** Gateway port; 0 picks a free one. Default 3000. */
  port?: number;
  /** Where DynamoDB, S3, keys and the clock persist. Default `.data`. Ignored with `inMemory`. */
  dataDir?: string;
  /** Keep everything in memory / a temporary directory (tests). */
  inMemory?: boolean;
  /** The clock's instant on the first start (later starts resume the persisted clock). */
  clockStart?: string;
  /** A clock that stands still between moves (tests); default: it ticks at real-time pace. */
  clockTicking?: boolean;
  /** The built portal to serve at `/`. Default `web/dist` when it exists. */
  webDir?: string;
  /** Real-time interval of the periodic sweep (EventBridge Scheduler's rate). Default 15 s. */
  sweepIntervalMs?: number;
  /**
   * A DynamoDB Local already running (tests that restart the platform many times keep one JVM, as
   * DynamoDB outlives a Lambda on AWS); default: the platform starts its own on `dataDir`.
   */
  dynamoDbEndpoint?: string;
  /** The mail server the email adapter sends to; default the embedded SMTP server (tests pass a failing one). */
  smtp?: { host: string; port: number };
  /** The office mailbox staff-addressed notices also go to; default STAFF_NOTIFY_EMAIL or office@tqa.local. */
  staffNotifyEmail?: string;
}

export interface Platform {
  url: string;
  clock: PlatformClock;
  deps: Deps;
  issuer: DevIssuer;
  engine: LocalSfnEngine;
  endpoints: { dynamodb: string; s3: string; stepFunctions: string };
  dataDir: string;
  /** Runs the scheduled sweep now and waits until the flows it resumed are idle. */
  sweep(): Promise<void>;
  /** Delivers every outbox item due now and waits for it (the loop also runs on its own). */
  dispatchOutbox(): Promise<void>;
  /** What the local SMS sink and SMTP server received (`GET /v1/dev/outbox`). */
  sink: NotificationSink;
  /** Runs the daily audit chain verification now (the scheduler loop runs it once a platform day). */
  verifyAuditChains(): Promise<AuditChainsReport>;
  stop(): Promise<void>;
}

const BUCKET = 'evidence';
/** Generated documents and exports: a bucket of their own, as on AWS. */
const DOCUMENTS_BUCKET = 'documents';
const TABLE_PREFIX = 'tqa';
const REGION = 'us-east-1';
const ACCOUNT = '000000000000';

const KeyFile = z.object({ encryptionKey: z.string(), hmacKey: z.string() });

export async function startPlatform(options: PlatformOptions = {}): Promise<Platform> {
  const inMemory = options.inMemory ?? false;
  const dataDir = inMemory
    ? await mkdtemp(join(tmpdir(), 'tqa-'))
    : resolve(options.dataDir ?? process.env.DATA_DIR ?? '.data');
  await mkdir(join(dataDir, 'keys'), { recursive: true });
  const stops: (() => Promise<void> | void)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) {
      try {
        await stop();
      } catch (error) {
        logger.warn('local platform: a component did not stop cleanly', { error: error as Error });
      }
    }
    if (inMemory) await rm(dataDir, { recursive: true, force: true });
  };

  try {
    // ---- Clock -----------------------------------------------------------------------------
    // It resumes from its stored mark, which is never before the last instant it showed.
    const clockPath = join(dataDir, 'clock.json');
    const stored = await readClockFile(clockPath);
    const initial = stored ?? new Date(options.clockStart ?? process.env.CLOCK_START ?? realClock.now());
    if (Number.isNaN(initial.getTime()))
      throw new Error(`CLOCK_START is not an ISO instant: ${options.clockStart}`);
    const clock = new PlatformClock({
      initial,
      ticking: options.clockTicking ?? true,
      persist: (mark) => writeClockFile(clockPath, mark),
    });
    stops.push(async () => {
      await clock.checkpoint();
      clock.stop();
    });

    // ---- Data stores -----------------------------------------------------------------------
    const dynamo: Pick<DynamoDbLocal, 'endpoint' | 'stop'> = options.dynamoDbEndpoint
      ? { endpoint: options.dynamoDbEndpoint, stop: async () => undefined }
      : await startDynamoDbLocal(inMemory ? { inMemory: true } : { dbPath: join(dataDir, 'dynamodb') });
    stops.push(() => dynamo.stop());
    // An answered write must survive a hard kill: see awaitTransactionCommits.
    const documents = createDocumentClient(
      awaitTransactionCommits(createDynamoDbClient({ endpoint: dynamo.endpoint })),
    );
    stops.push(() => documents.destroy());
    const tables = tableNamesWithPrefix(TABLE_PREFIX);
    await createTables(documents, tables);
    // One process serves every request: a claim still in progress now belongs to one that died.
    await releaseAbandonedClaims(documents, tables.idempotency);
    const faultPoint = faultPointsFromEnv();

    const s3: LocalS3 = await startS3rver({
      directory: join(dataDir, 's3'),
      buckets: [BUCKET, DOCUMENTS_BUCKET],
    });
    stops.push(() => s3.stop());
    const s3Client = new S3Client(localS3ClientConfig(s3.endpoint));
    stops.push(() => s3Client.destroy());

    // ---- Deps shared by handlers -----------------------------------------------------------
    const keys = await loadOrCreateKeys(join(dataDir, 'keys', 'pii.json'));
    const flowWorkflow: { target?: RoundWorkflow } = {};
    const exportQueue = new InProcessExportQueue();
    stops.push(() => exportQueue.idle());
    const pii = new AesGcmPiiProtector(keys.encryptionKey, keys.hmacKey);

    // ---- Notifications: the SMTP server and SMS sink, and the outbox loop delivering to them ---
    const sink = await startNotificationSink({ file: join(dataDir, 'outbox.jsonl'), clock });
    stops.push(() => sink.stop());
    const email = new SmtpEmailSender({
      host: options.smtp?.host ?? '127.0.0.1',
      port: options.smtp?.port ?? sink.smtpPort,
      from: '太原市政府质量奖办公室 <noreply@tqa.local>',
    });
    stops.push(() => email.close());
    const plainStore = new DynamoStore(documents, tables);
    const outbox = new OutboxLoop({
      deps: { store: plainStore, clock, pii },
      channels: { sms: sink.sms, email },
      ...(faultPoint ? { faultPoint } : {}),
    });
    stops.push(() => outbox.stop());
    const baseDeps = {
      documents: new S3DocumentStore({ bucket: DOCUMENTS_BUCKET, clock, client: s3Client }),
      exportQueue,
      store: outbox.watch(plainStore),
      evidence: new S3EvidenceStore({ bucket: BUCKET, clock, client: s3Client }),
      pii,
      clock,
      ids: new RandomIdGenerator(clock),
      config: {
        evidenceMaxBytes: Number(process.env.EVIDENCE_MAX_BYTES ?? DEFAULT_EVIDENCE_MAX_BYTES),
        evidenceContentTypes: EVIDENCE_CONTENT_TYPES,
        consentVersion: process.env.CONSENT_VERSION ?? '2026-01',
        seedCalendarYears: chineseDaysSeed(),
        staffNotifyEmail: options.staffNotifyEmail ?? process.env.STAFF_NOTIFY_EMAIL ?? 'office@tqa.local',
      },
    };
    const lazyWorkflow: RoundWorkflow = {
      startRound: (input) => required(flowWorkflow.target).startRound(input),
      resume: (token, output) => required(flowWorkflow.target).resume(token, output),
      fail: (token, error, cause) => required(flowWorkflow.target).fail(token, error, cause),
    };
    // Task handlers run inside the engine: their workflow must not wait for the engine to idle.
    const taskDeps: Deps = { ...baseDeps, workflow: lazyWorkflow };

    // ---- Step Functions --------------------------------------------------------------------
    const builders = {
      'register-task-token': registerTaskTokenHandler,
      'close-call': closeCallHandler,
      'open-window': openWindowHandler,
      'settle-window': settleWindowHandler,
      'select-for-onsite': selectForOnsiteHandler,
      'compute-ranking': computeRankingHandler,
      announce: announceHandler,
      'record-escalation': recordEscalationHandler,
    } satisfies Record<string, (deps: Deps) => (input: unknown) => Promise<unknown>>;
    const taskHandlers = Object.fromEntries(
      Object.entries(builders).map(([name, build]) => {
        const handler = build(taskDeps);
        if (!faultPoint) return [name, handler];
        // The task did its work but never reported back: the flow runs it again after a restart.
        return [
          name,
          async (input: unknown) => {
            const output = await handler(input);
            faultPoint('in-task', name);
            return output;
          },
        ];
      }),
    );
    const engine = new LocalSfnEngine({ clock, taskHandlers, region: REGION, accountId: ACCOUNT });
    stops.push(() => engine.stop());
    const definition = JSON.parse(
      substitute(readRoundFlowDefinition(), lambdaArnValues({ region: REGION, account: ACCOUNT })),
    ) as object;
    const { stateMachineArn } = engine.createStateMachine('round-flow', definition);
    const sfnServer: SfnServer = await startSfnServer(engine);
    stops.push(() => sfnServer.stop());
    const sfn = new SFNClient(localSfnClientConfig(sfnServer.endpoint, REGION));
    stops.push(() => sfn.destroy());
    flowWorkflow.target = new SfnRoundWorkflow(sfn, stateMachineArn);

    // What the HTTP API sees: the same workflow, answering once the flow has settled.
    const apiWorkflow: RoundWorkflow = {
      startRound: async (input) => {
        await lazyWorkflow.startRound(input);
        await engine.awaitIdle();
      },
      resume: async (token, output) => {
        const resumed = await lazyWorkflow.resume(token, output);
        await engine.awaitIdle();
        return resumed;
      },
      fail: async (token, error, cause) => {
        const failed = await lazyWorkflow.fail(token, error, cause);
        await engine.awaitIdle();
        return failed;
      },
    };
    const deps: Deps = { ...baseDeps, workflow: apiWorkflow };
    exportQueue.bind(taskDeps);

    // ---- Scheduler: the periodic sweep, on the platform clock and at real-time pace ---------
    const runSweep = sweepHandler(taskDeps);
    const verifyAuditChains = auditChainsHandler(taskDeps, `${TABLE_PREFIX}-audit-chain-verifier`);
    // EventBridge Scheduler runs the verifier daily; here: on the first sweep of each platform day
    // (Beijing time), so a moved clock verifies too.
    let verifiedOn: string | undefined;
    const beijingDay = (instant: Date) =>
      new Date(instant.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    let sweeping: Promise<void> = Promise.resolve();
    // The next deadline reminder (from the last sweep): a clock jump stops there, as at any deadline.
    let nextReminderAt: Date | undefined;
    const sweep = (): Promise<void> => {
      sweeping = sweeping.then(async () => {
        try {
          const swept = await runSweep({});
          // The sweep committed what it closed and resumed, and stops before the flows it resumed
          // have run (on AWS: the scheduler's invocation dying after its work).
          if (faultPoint && swept.closed.length + swept.resumed.length > 0)
            faultPoint('in-task', `sweep closed=${swept.closed.length} resumed=${swept.resumed.length}`);
          nextReminderAt =
            swept.reminders.nextDueAt === undefined ? undefined : new Date(swept.reminders.nextDueAt);
          await engine.awaitIdle();
          const today = beijingDay(clock.now());
          if (verifiedOn !== today) {
            verifiedOn = today;
            await verifyAuditChains({});
          }
        } catch (error) {
          logger.error('local scheduler: sweep failed', { error: error as Error });
        }
      });
      return sweeping;
    };
    const unsubscribe = clock.onAdvance(() => sweep(), { nextDueAt: () => nextReminderAt });
    stops.push(unsubscribe);
    // After the sweep (whose reminders it delivers): retries stop a clock jump at their instants too.
    stops.push(clock.onAdvance(() => outbox.run(), { nextDueAt: () => outbox.nextDueAt() }));
    const outboxTimer = setInterval(() => outbox.kick(), 5_000);
    outboxTimer.unref();
    stops.push(() => clearInterval(outboxTimer));
    const interval = setInterval(() => void sweep(), options.sweepIntervalMs ?? 15_000);
    interval.unref();
    stops.push(() => clearInterval(interval));
    stops.push(() => sweeping);

    // ---- Evidence verification on ObjectCreated --------------------------------------------
    const verify = buildObjectCreatedListener(deps);
    stops.push(
      s3.onObjectCreated(
        // The evidence bucket's notification only (on AWS it is configured on that bucket alone).
        async (event) =>
          event.bucket === BUCKET
            ? void (await verify({ eventName: event.eventName, key: event.key }))
            : undefined,
      ),
    );

    // ---- Gateway ---------------------------------------------------------------------------
    const issuer = await createDevIssuer({ keyDirectory: join(dataDir, 'keys') });
    const routes = [
      ...apiRoutes,
      ...devRoutes(clock, issuer, engine, sweep, sink),
    ] as RouteDefinition<Deps>[];
    const webDir = options.webDir ?? resolve('web/dist');
    const gateway: Gateway = await startGateway({
      port: options.port ?? Number(process.env.PORT ?? 3000),
      routes: bindRoutes(routes, deps, {
        auth: issuer.authConfig,
        idempotencyStore: new DynamoDbIdempotencyStore({
          client: documents,
          tableName: tables.idempotency,
          // DynamoDB's TTL deletes by real time, so the records' expiry must follow the real clock.
          clock: realClock,
        }),
        logger,
        ...(faultPoint ? { faultPoint } : {}),
      }),
      ...(existsSync(join(webDir, 'index.html')) ? { staticDir: webDir } : {}),
    });
    stops.push(() => gateway.stop());

    // ---- Resume the rounds that were running before a restart -------------------------------
    await resumeRunningRounds(deps, lazyWorkflow);
    await engine.awaitIdle();
    // What a killed process committed but did not deliver (or delivered but did not mark) goes out now.
    await outbox.run({ takeOverClaims: true });

    return {
      url: gateway.url,
      clock,
      deps,
      issuer,
      engine,
      endpoints: { dynamodb: dynamo.endpoint, s3: s3.endpoint, stepFunctions: sfnServer.endpoint },
      dataDir,
      sweep,
      dispatchOutbox: () => outbox.run(),
      sink,
      verifyAuditChains: () => verifyAuditChains({}),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/**
 * Every round not yet announced gets a new execution that starts at its stored stage. The engine
 * starts empty, so the name is the round's first, `{roundId}-1`, as on AWS: a keyed create-round
 * retry that starts the flow (create-round.ts earlierRound) then finds it instead of a twin.
 */
async function resumeRunningRounds(deps: Deps, workflow: RoundWorkflow): Promise<void> {
  for (const round of [...(await deps.store.listActiveRounds()), ...(await unannouncedWinners(deps))]) {
    await workflow.startRound({
      roundId: round.roundId,
      resumeAt: round.stage,
      executionName: `${round.roundId}-1`,
    });
  }
}

/**
 * Announced rounds whose winners are not all awarded yet: the approval's commit makes a round
 * `announced` (it leaves the active rounds) before the flow's announcement task creates the awards,
 * so a platform killed in between must run that task again (rounds are few: one Query, then one
 * per announced round).
 */
async function unannouncedWinners(deps: Deps) {
  const announced = (await deps.store.listRounds()).filter((round) => round.stage === 'announced');
  const pending = await Promise.all(
    announced.map(async (round) => {
      const proposed = await deps.store.listApplicationsByRound(
        round.roundId,
        { status: 'proposed' },
        { limit: 1 },
      );
      return proposed.items.length > 0 ? [round] : [];
    }),
  );
  return pending.flat();
}

const required = <T>(value: T | undefined): T => {
  if (value === undefined) throw new Error('the local Step Functions engine is not started yet');
  return value;
};

async function loadOrCreateKeys(path: string): Promise<{ encryptionKey: Buffer; hmacKey: Buffer }> {
  if (!existsSync(path)) {
    const fresh = {
      encryptionKey: randomBytes(32).toString('base64'),
      hmacKey: randomBytes(32).toString('base64'),
    };
    await writeFile(path, JSON.stringify(fresh), { mode: 0o600 });
  }
  const keys = KeyFile.parse(JSON.parse(await readFile(path, 'utf8')));
  return {
    encryptionKey: Buffer.from(keys.encryptionKey, 'base64'),
    hmacKey: Buffer.from(keys.hmacKey, 'base64'),
  };
}

/** API.md "Local mode only": the dev token issuer and the platform clock. */
function devRoutes(
  clock: PlatformClock,
  issuer: DevIssuer,
  engine: LocalSfnEngine,
  sweep: () => Promise<void>,
  sink: NotificationSink,
): RouteDefinition<unknown>[] {
  return [
    defineRoute(DEV_OUTBOX_ROUTE, async () => ({ items: sink.received() })),
    defineRoute(DEV_TOKEN_ROUTE, async ({ body }) => ({ token: await issuer.sign(body) })),
    defineRoute(DEV_CLOCK_ROUTE, async () => ({ now: clock.now().toISOString() })),
    defineRoute(DEV_CLOCK_MOVE_ROUTE, async ({ body }) => {
      // Reminders of deadlines set since the last sweep must be known before the clock jumps past them.
      await sweep();
      await clock.advanceTo(new Date(body.now));
      // Everything then due has run before we answer: timeouts (engine), the sweep, the flows.
      await sweep();
      await engine.awaitIdle();
      return { now: clock.now().toISOString() };
    }),
  ];
}
