/**
 * README "The HTTP API", Idempotency-Key: a keyed create whose process died after its commit but
 * before its response was stored is found again by the retry (ids derived from the key, the route's
 * `recover`), never written twice. The crash is a store that cannot record the response and a
 * claim left to expire, as a dead Lambda leaves it; the local platform test kills real processes
 * (test/integration/local/crash-points.test.ts).
 */
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { MemoryStore } from '../../../functions/adapters/memory/memory-store.ts';
import type { IdGenerator } from '../../../functions/ports/ids.ts';
import type { Store } from '../../../functions/ports/store.ts';
import { buildHandler } from '../../../functions/shared/http.ts';
import { InMemoryIdempotencyStore } from '../../../functions/shared/idempotency.ts';
import { createLogger } from '../../../functions/shared/logger.ts';
import { RequestIdGenerator } from '../../../functions/shared/request-ids.ts';
import { routeBuilder } from '../../../functions/shared/route.ts';
import { committedByThisRequest } from '../../../functions/use-cases/earlier-request.ts';
import { SequentialIds, SettableClock } from '../../support/fakes.ts';
import { bodyOf, httpEvent, lambdaContext } from './middleware/http-event.ts';

interface Deps {
  ids: IdGenerator;
  notes: Map<string, string>;
}

const createNote = routeBuilder<Deps>()(
  {
    method: 'POST',
    path: '/v1/notes',
    roles: 'public',
    body: z.object({ text: z.string() }),
    idempotent: true,
    successStatus: 201,
    summary: '记录 Create a note',
  },
  async ({ body, deps }) => {
    const noteId = deps.ids.next('note');
    if (deps.notes.has(noteId)) throw new Error('VERSION_CONFLICT on its own earlier record');
    deps.notes.set(noteId, body.text);
    return { noteId, text: body.text };
  },
  async ({ deps }) => {
    const noteId = deps.ids.next('note');
    const text = deps.notes.get(noteId);
    return text === undefined ? undefined : { noteId, text };
  },
);

/** Claims and releases, but the response of the first request never gets stored (the crash). */
class StoreLosingFirstResponse extends InMemoryIdempotencyStore {
  lost = 0;
  override async complete(...args: Parameters<InMemoryIdempotencyStore['complete']>): Promise<void> {
    if (this.lost === 0) {
      this.lost += 1;
      throw new Error('process died');
    }
    return super.complete(...args);
  }
}

const event = (key?: string) =>
  httpEvent('POST /v1/notes', {
    headers: { 'content-type': 'application/json', ...(key === undefined ? {} : { 'idempotency-key': key }) },
    body: '{"text":"笔记"}',
  });

describe('keyed creates across a crash between the commit and the stored response', () => {
  it('answers the retry with the record the first run wrote, and writes it once', async () => {
    // Prepare
    const clock = new SettableClock(new Date('2026-09-28T00:00:00Z'));
    const store = new StoreLosingFirstResponse(clock);
    const deps: Deps = { ids: new SequentialIds(), notes: new Map() };
    const handler = buildHandler(createNote, deps, {
      idempotencyStore: store,
      logger: createLogger({ logLevel: 'SILENT' }),
    });

    // Act
    const first = await handler(event('k-1'), lambdaContext());
    const whileClaimed = await handler(event('k-1'), lambdaContext());
    clock.set('2026-09-28T00:01:01Z'); // the dead request's claim has expired
    const retry = await handler(event('k-1'), lambdaContext());
    const replay = await handler(event('k-1'), lambdaContext());

    // Assess
    expect(first.statusCode).toBe(201);
    expect(whileClaimed.statusCode).toBe(409);
    expect(retry.statusCode).toBe(201);
    expect(bodyOf(retry)).toEqual(bodyOf(first));
    expect(replay.headers?.['idempotency-replayed']).toBe('true');
    expect(bodyOf(replay)).toEqual(bodyOf(first));
    expect([...deps.notes.keys()]).toEqual([bodyOf(first).noteId]);
  });

  it('keeps the composition ids for a request without a key, and a fresh id per key', async () => {
    // Prepare
    const clock = new SettableClock(new Date('2026-09-28T00:00:00Z'));
    const deps: Deps = { ids: new SequentialIds(), notes: new Map() };
    const handler = buildHandler(createNote, deps, {
      idempotencyStore: new InMemoryIdempotencyStore(clock),
      logger: createLogger({ logLevel: 'SILENT' }),
    });

    // Act
    const unkeyed = bodyOf(await handler(event(), lambdaContext()));
    const a = bodyOf(await handler(event('k-a'), lambdaContext()));
    const b = bodyOf(await handler(event('k-b'), lambdaContext()));

    // Assess
    expect(unkeyed.noteId).toBe('note_0001');
    expect(new Set([unkeyed.noteId, a.noteId, b.noteId]).size).toBe(3);
    expect(deps.notes.size).toBe(3);
  });
});

interface ChangeDeps {
  ids: IdGenerator;
  store: Store;
  /** What the change does besides its commit: counts the runs of the route's write. */
  writes: number[];
}

/** A change that is not idempotent by itself: every run appends another audit entry to round r-1. */
const touchRound = routeBuilder<ChangeDeps>()(
  {
    method: 'POST',
    path: '/v1/rounds/{roundId}/touch',
    roles: 'public',
    idempotent: true,
    summary: '记录 Touch a round',
  },
  async ({ deps }) => {
    deps.writes.push(deps.writes.length + 1);
    await deps.store.commit({
      changes: [],
      audit: [
        {
          entityId: 'r-1',
          entityType: 'round',
          action: 'round.touched',
          actor: 'p',
          role: 'public',
          at: 'x',
        },
      ],
    });
    return { touched: deps.writes.length };
  },
  async ({ deps }) => ((await committedByThisRequest(deps, 'r-1')) ? { touched: 'earlier' } : undefined),
);

describe('keyed changes across a crash between the commit and the stored response', () => {
  it('stamps the request id on its audit entries and answers the retry from them, writing once', async () => {
    // Prepare
    const clock = new SettableClock(new Date('2026-09-28T00:00:00Z'));
    const store = new StoreLosingFirstResponse(clock);
    const deps: ChangeDeps = { ids: new SequentialIds(), store: new MemoryStore(), writes: [] };
    const handler = buildHandler(touchRound, deps, {
      idempotencyStore: store,
      logger: createLogger({ logLevel: 'SILENT' }),
    });
    const touch = (key: string) =>
      handler(
        httpEvent('POST /v1/rounds/{roundId}/touch', { headers: { 'idempotency-key': key } }),
        lambdaContext(),
      );

    // Act
    await touch('k-1');
    clock.set('2026-09-28T00:01:01Z'); // the dead request's claim has expired
    const retry = await touch('k-1');
    const other = await touch('k-2');

    // Assess
    expect(bodyOf(retry)).toEqual({ touched: 'earlier' });
    expect(bodyOf(other)).toEqual({ touched: 2 });
    expect(deps.writes).toEqual([1, 2]);
    const entries = await deps.store.listAudit('r-1');
    expect(entries.map((e) => e.requestId)).toEqual([
      new RequestIdGenerator('http#public#POST /v1/rounds/{roundId}/touch#k-1').next('request'),
      new RequestIdGenerator('http#public#POST /v1/rounds/{roundId}/touch#k-2').next('request'),
    ]);
  });
});

describe('RequestIdGenerator', () => {
  it('draws the same sequence for the same key, another for another key', () => {
    const one = new RequestIdGenerator('http#u#POST /v1/notes#k');
    const again = new RequestIdGenerator('http#u#POST /v1/notes#k');
    const other = new RequestIdGenerator('http#v#POST /v1/notes#k');
    const drawn = [one.next('app'), one.next('app'), one.next('ev')];
    expect([again.next('app'), again.next('app'), again.next('ev')]).toEqual(drawn);
    expect(new Set(drawn).size).toBe(3);
    expect(other.next('app')).not.toBe(drawn[0]);
    expect(drawn[0]).toMatch(/^app_[0-9a-f]{21}$/);
  });
});
