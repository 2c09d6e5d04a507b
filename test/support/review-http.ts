/**
 * HTTP harness of the review, publicity and award integration suites: DynamoDB Local (one JVM per
 * suite, fresh tables per test), the DynamoDB store, the shared middleware stack behind the local
 * gateway, and dev-issuer tokens for each person. The round flow is a recording fake; records an
 * earlier stage would have written are seeded straight into the store.
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
import { InMemoryIdempotencyStore } from '../../functions/shared/idempotency.ts';
import { createLogger } from '../../functions/shared/logger.ts';
import type { RouteDefinition } from '../../functions/shared/route.ts';
import { createDevIssuer, type DevIssuer } from '../../infra/local/dev-issuer.ts';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../infra/local/dynamodb.ts';
import { type Gateway, startGateway } from '../../infra/local/gateway.ts';
import { FakeWorkflow, TestClock, testDeps } from './review-fixtures.ts';

/** The people of the suites: `as: 'staff'` signs the request with that person's token. */
export const PEOPLE = {
  staff: { sub: 'staff-1', roles: ['staff'] },
  supervisor: { sub: 'supervisor-1', roles: ['supervisor'] },
  leader: { sub: 'leader-1', roles: ['leader'] },
  applicant: { sub: 'owner-app-1', roles: ['applicant'] },
  'rev-1': { sub: 'rev-1', roles: ['reviewer'] },
  'rev-2': { sub: 'rev-2', roles: ['reviewer'] },
  'rev-3': { sub: 'rev-3', roles: ['reviewer'] },
} as const;
export type Person = keyof typeof PEOPLE;

export interface HttpResponse {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are JSON checked by the assertions.
  body: any;
  headers: Headers;
}

export interface HttpPlatform {
  /** The current test's deps, store, clock and workflow. */
  readonly fx: { deps: Deps; store: DynamoStore; clock: TestClock; workflow: FakeWorkflow };
  call(
    method: string,
    path: string,
    options?: { as?: Person; body?: unknown; headers?: Record<string, string> },
  ): Promise<HttpResponse>;
}

/**
 * Registers the suite's hooks and returns the platform they maintain. `now` is the clock's start
 * for every test. `prefix` keeps each suite's tables apart.
 */
export function registerHttpPlatform(prefix: string, now: string): HttpPlatform {
  let dynamo: DynamoDbLocal | undefined;
  let documents: DynamoDBDocumentClient;
  let issuer: DevIssuer;
  let gateway: Gateway | undefined;
  let tableSets = 0;
  let current: HttpPlatform['fx'] | undefined;
  const tokens = new Map<Person, string>();

  beforeAll(async () => {
    dynamo = await startDynamoDbLocal();
    documents = createDocumentClient({ endpoint: dynamo.endpoint });
    issuer = await createDevIssuer();
    for (const [person, claims] of Object.entries(PEOPLE)) {
      tokens.set(person as Person, await issuer.sign({ ...claims, roles: [...claims.roles] }));
    }
  }, 120_000);

  afterAll(async () => {
    documents?.destroy();
    await dynamo?.stop();
  });

  beforeEach(async () => {
    tableSets += 1;
    const names = tableNamesWithPrefix(`${prefix}${tableSets}`);
    await createTables(documents, names);
    const store = new DynamoStore(documents, names);
    const clock = new TestClock(new Date(now));
    const workflow = new FakeWorkflow();
    const deps = testDeps(store, clock, workflow);
    current = { deps, store, clock, workflow };
    const routes: RouteDefinition<Deps>[] = [
      ...reviewRoutes,
      ...publicityRoutes,
      ...awardsRoutes,
      ...applicationsRoutes,
    ];
    gateway = await startGateway({
      port: 0,
      routes: bindRoutes(routes, deps, {
        auth: issuer.authConfig,
        idempotencyStore: new InMemoryIdempotencyStore(clock),
        clock,
        cors: { allowedOrigins: [] },
        logger: createLogger({ logLevel: 'SILENT' }),
      }),
    });
    return async () => {
      await gateway?.stop();
    };
  });

  return {
    get fx() {
      if (!current) throw new Error('no test is running');
      return current;
    },
    async call(method, path, options = {}) {
      const response = await fetch(`${gateway?.url}${path}`, {
        method,
        headers: {
          ...(options.as ? { authorization: `Bearer ${tokens.get(options.as)}` } : {}),
          ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...options.headers,
        },
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
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
