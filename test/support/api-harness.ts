/**
 * The one HTTP harness of the API integration suites: DynamoDB Local (one JVM per suite, fresh
 * tables per test), the DynamoDB store, the shared middleware stack behind the local gateway, and
 * dev-issuer tokens for each person. The round flow is a recording fake; records an earlier stage
 * would have written are seeded straight into the store.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.ts';
import { DynamoStore } from '../../functions/adapters/dynamodb/dynamo-store.ts';
import { createTables, tableNamesWithPrefix } from '../../functions/adapters/dynamodb/tables.ts';
import { applicationsRoutes } from '../../functions/handlers/api/applications.ts';
import { awardsRoutes } from '../../functions/handlers/api/awards.ts';
import { publicityRoutes } from '../../functions/handlers/api/publicity.ts';
import { reviewRoutes } from '../../functions/handlers/api/review.ts';
import type { Deps } from '../../functions/ports/deps.ts';
import { bindRoutes } from '../../functions/shared/http.ts';
import { type IdempotencyStore, InMemoryIdempotencyStore } from '../../functions/shared/idempotency.ts';
import { createLogger } from '../../functions/shared/logger.ts';
import type { RouteDefinition } from '../../functions/shared/route.ts';
import { createDevIssuer, type DevIssuer, type DevTokenClaims } from '../../infra/local/dev-issuer.ts';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../infra/local/dynamodb.ts';
import { type Gateway, startGateway } from '../../infra/local/gateway.ts';
import { fakeDeps, RecordingWorkflow, SettableClock } from './fakes.ts';
import { reviewDeps } from './review-fixtures.ts';

/** The people of the review, publicity and award suites: `as: 'staff'` signs with that person's token. */
export const PEOPLE = {
  staff: { sub: 'staff-1', roles: ['staff'] },
  supervisor: { sub: 'supervisor-1', roles: ['supervisor'] },
  leader: { sub: 'leader-1', roles: ['leader'] },
  applicant: { sub: 'owner-app-1', roles: ['applicant'] },
  'rev-1': { sub: 'rev-1', roles: ['reviewer'] },
  'rev-2': { sub: 'rev-2', roles: ['reviewer'] },
  'rev-3': { sub: 'rev-3', roles: ['reviewer'] },
} as const satisfies Record<string, DevTokenClaims>;

export interface HttpResponse {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are JSON checked by the assertions.
  body: any;
  headers: Headers;
}

/** What each test gets: the deps the routes run on, and the fakes behind them. */
export interface ApiFixture {
  deps: Deps;
  store: DynamoStore;
  clock: SettableClock;
  workflow: RecordingWorkflow;
}

export interface ApiHarnessOptions<Person extends string> {
  /** Keeps each suite's tables apart. */
  prefix: string;
  /** The clock's start for every test. */
  now: string;
  /** The routes behind the gateway; `all` is the final list (for the OpenAPI route). */
  routes: (all: () => RouteDefinition<Deps>[]) => RouteDefinition<Deps>[];
  /** Who may call; defaults to PEOPLE. */
  people?: Record<Person, DevTokenClaims>;
  /** The deps of a test; defaults to `fakeDeps` around the store, clock and workflow. */
  deps?: (fx: Omit<ApiFixture, 'deps'>) => Deps;
  /** Where Idempotency-Key records live; defaults to an InMemoryIdempotencyStore on the test's clock. */
  idempotencyStore?: (clock: SettableClock) => IdempotencyStore;
  /** Runs after the deps are built and before the gateway starts; may return a teardown. */
  setUp?: (fx: ApiFixture) => Promise<(() => Promise<void>) | undefined> | Promise<void>;
}

export interface ApiHarness<Person extends string> {
  /** The current test's deps, store, clock and workflow. */
  readonly fx: ApiFixture;
  call(
    method: string,
    path: string,
    options?: { as?: Person; body?: unknown; headers?: Record<string, string> },
  ): Promise<HttpResponse>;
}

/** Registers the suite's hooks and returns the harness they maintain. */
export function apiHarness<Person extends string = keyof typeof PEOPLE>(
  options: ApiHarnessOptions<Person>,
): ApiHarness<Person> {
  const people: Record<string, DevTokenClaims> = options.people ?? PEOPLE;
  let dynamo: DynamoDbLocal | undefined;
  let documents: DynamoDBDocumentClient | undefined;
  let issuer: DevIssuer;
  let gateway: Gateway | undefined;
  let tableSets = 0;
  let current: ApiFixture | undefined;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    dynamo = await startDynamoDbLocal();
    documents = createDocumentClient({ endpoint: dynamo.endpoint });
    issuer = await createDevIssuer();
    for (const [person, claims] of Object.entries(people)) tokens.set(person, await issuer.sign(claims));
  }, 120_000);

  afterAll(async () => {
    documents?.destroy();
    await dynamo?.stop();
  });

  beforeEach(async () => {
    if (!documents) throw new Error('DynamoDB Local is not running');
    tableSets += 1;
    const names = tableNamesWithPrefix(`${options.prefix}${tableSets}`);
    await createTables(documents, names);
    const store = new DynamoStore(documents, names);
    const clock = new SettableClock(new Date(options.now));
    const workflow = new RecordingWorkflow();
    const deps = options.deps
      ? options.deps({ store, clock, workflow })
      : fakeDeps({ store, clock, workflow });
    current = { deps, store, clock, workflow };
    const tearDown = await options.setUp?.(current);
    const routes: RouteDefinition<Deps>[] = options.routes(() => routes);
    gateway = await startGateway({
      port: 0,
      routes: bindRoutes(routes, deps, {
        auth: issuer.authConfig,
        idempotencyStore: options.idempotencyStore?.(clock) ?? new InMemoryIdempotencyStore(clock),
        cors: { allowedOrigins: [] },
        // The suites check responses, not log lines.
        logger: createLogger({ logLevel: 'SILENT' }),
      }),
    });
    return async () => {
      if (tearDown) await tearDown();
      await gateway?.stop();
    };
  });

  return {
    get fx() {
      if (!current) throw new Error('no test is running');
      return current;
    },
    async call(method, path, callOptions = {}) {
      const response = await fetch(`${gateway?.url}${path}`, {
        method,
        headers: {
          ...(callOptions.as ? { authorization: `Bearer ${tokens.get(callOptions.as)}` } : {}),
          ...(callOptions.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...callOptions.headers,
        },
        ...(callOptions.body === undefined ? {} : { body: JSON.stringify(callOptions.body) }),
      });
      const text = await response.text();
      return {
        status: response.status,
        body: text ? JSON.parse(text) : undefined,
        headers: response.headers,
      };
    },
  };
}

/** The review, publicity, award and application routes for PEOPLE, on the review fixtures' deps. */
export function reviewApiHarness(prefix: string, now: string): ApiHarness<keyof typeof PEOPLE> {
  return apiHarness({
    prefix,
    now,
    routes: () => [...reviewRoutes, ...publicityRoutes, ...awardsRoutes, ...applicationsRoutes],
    deps: ({ store, clock, workflow }) => reviewDeps(store, clock, workflow),
  });
}
