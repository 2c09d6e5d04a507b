import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { bindRoutes } from '../../../../functions/shared/http.ts';
import { InMemoryIdempotencyStore } from '../../../../functions/shared/idempotency.ts';
import { createLogger } from '../../../../functions/shared/logger.ts';
import { defineRoute } from '../../../../functions/shared/route.ts';
import { createDevIssuer, type DevIssuer } from '../../../../infra/local/dev-issuer.ts';
import { SettableClock } from '../../../support/fakes.ts';
import { httpEvent, lambdaContext } from './http-event.ts';

/** The JSON log lines written to stdout while `act` runs. */
async function logLines(act: () => Promise<void>): Promise<Record<string, unknown>[]> {
  const lines: Record<string, unknown>[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    const text = chunk.toString();
    if (text.startsWith('{')) lines.push(JSON.parse(text));
    return true;
  });
  try {
    await act();
  } finally {
    spy.mockRestore();
  }
  return lines;
}

describe('the log-context middleware', () => {
  let issuer: DevIssuer;
  beforeAll(async () => {
    issuer = await createDevIssuer();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('tags lines with the route, the request and the caller, and forgets the caller after a replay', async () => {
    // Prepare
    const logger = createLogger({ serviceName: 'test', logLevel: 'INFO' });
    const createNote = defineRoute(
      {
        method: 'POST',
        path: '/v1/notes',
        roles: 'signed-in',
        body: z.object({ text: z.string() }),
        idempotent: true,
        summary: '记事 Note',
      },
      async ({ body }) => {
        logger.info('note');
        return body;
      },
    );
    const health = defineRoute(
      { method: 'GET', path: '/v1/health', roles: 'public', summary: '健康 Health' },
      async () => {
        logger.info('health');
      },
    );
    const [notes, open] = bindRoutes([createNote, health], undefined, {
      auth: issuer.authConfig,
      idempotencyStore: new InMemoryIdempotencyStore(new SettableClock(new Date('2026-09-28T00:00:00Z'))),
      logger,
    });
    const headers = {
      authorization: `Bearer ${await issuer.sign({ sub: 'staff-1', roles: ['staff'] })}`,
      'idempotency-key': 'k-1',
    };
    const note = () => httpEvent('POST /v1/notes', { headers, body: '{"text":"a"}' });

    // Act: the replay answers early, before Powertools' own reset in `after`.
    const lines = await logLines(async () => {
      await notes?.handler(note(), lambdaContext());
      await notes?.handler(note(), lambdaContext());
      await open?.handler(httpEvent('GET /v1/health'), lambdaContext());
    });

    // Assess
    const byMessage = Object.fromEntries(lines.map((line) => [line.message, line]));
    expect(byMessage.note).toMatchObject({
      routeKey: 'POST /v1/notes',
      requestId: 'api-req-1',
      actor: 'staff-1',
      function_name: 'f',
    });
    expect(byMessage.health).toMatchObject({ routeKey: 'GET /v1/health' });
    expect(byMessage.health).not.toHaveProperty('actor');
  });
});
