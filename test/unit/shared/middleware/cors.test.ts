import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildHandler } from '../../../../functions/shared/http.ts';
import { InMemoryIdempotencyStore } from '../../../../functions/shared/idempotency.ts';
import { createLogger } from '../../../../functions/shared/logger.ts';
import { corsHeaders } from '../../../../functions/shared/middleware/cors.ts';
import { REPLAYED_HEADER } from '../../../../functions/shared/middleware/idempotency.ts';
import { defineRoute } from '../../../../functions/shared/route.ts';
import { createDevIssuer, type DevIssuer } from '../../../../infra/local/dev-issuer.ts';
import { SettableClock } from '../../../support/fakes.ts';
import { httpEvent, lambdaContext } from './http-event.ts';

const PORTAL = 'https://portal.example';

const createNote = defineRoute(
  {
    method: 'POST',
    path: '/v1/notes',
    roles: 'signed-in',
    body: z.object({ text: z.string() }),
    idempotent: true,
    successStatus: 201,
    summary: '记事 Note',
  },
  async ({ body }) => ({ text: body.text }),
);

describe('the cors middleware', () => {
  let issuer: DevIssuer;
  let token: string;
  beforeAll(async () => {
    issuer = await createDevIssuer();
    token = `Bearer ${await issuer.sign({ sub: 'u1', roles: ['applicant'] })}`;
  });

  const handler = () =>
    buildHandler(createNote, undefined, {
      auth: issuer.authConfig,
      idempotencyStore: new InMemoryIdempotencyStore(new SettableClock(new Date('2026-09-28T00:00:00Z'))),
      cors: { allowedOrigins: [PORTAL] },
      logger: createLogger({ logLevel: 'SILENT' }),
    });

  it('puts the headers on a created response, its replay and a problem alike', async () => {
    // Prepare
    const notes = handler();
    const request = (headers: Record<string, string>) =>
      notes(
        httpEvent('POST /v1/notes', { headers: { origin: PORTAL, ...headers }, body: '{"text":"a"}' }),
        lambdaContext(),
      );

    // Act
    const created = await request({ authorization: token, 'idempotency-key': 'k1' });
    const replayed = await request({ authorization: token, 'idempotency-key': 'k1' });
    const refused = await request({});

    // Assess
    const expected = {
      'access-control-allow-origin': PORTAL,
      'access-control-expose-headers': 'content-type, idempotency-replayed, www-authenticate',
      vary: 'origin',
    };
    expect(created.statusCode).toBe(201);
    expect(created.headers).toMatchObject(expected);
    expect(replayed.headers).toMatchObject({ ...expected, [REPLAYED_HEADER]: 'true' });
    expect(refused.statusCode).toBe(401);
    expect(refused.headers).toMatchObject({ ...expected, 'www-authenticate': 'Bearer' });
  });

  it('answers a replay with the CORS headers of the replaying request, not of the first', async () => {
    // Prepare
    const notes = handler();
    const event = (headers: Record<string, string>) =>
      httpEvent('POST /v1/notes', {
        headers: { authorization: token, 'idempotency-key': 'k2', ...headers },
        body: '{"text":"b"}',
      });
    await notes(event({ origin: PORTAL }), lambdaContext());

    // Act
    const replayed = await notes(event({}), lambdaContext());

    // Assess
    expect(replayed.headers?.[REPLAYED_HEADER]).toBe('true');
    expect(replayed.headers).not.toHaveProperty('access-control-allow-origin');
  });

  it('allows any origin with `*`, without Vary, and nothing without an Origin or a list', () => {
    // Prepare
    const exposeHeaders = ['content-type'];

    // Act / Assess
    expect(corsHeaders('https://a.example', { allowedOrigins: ['*'], exposeHeaders })).toEqual({
      'access-control-allow-origin': '*',
      'access-control-expose-headers': 'content-type',
    });
    expect(corsHeaders(undefined, { allowedOrigins: ['*'], exposeHeaders })).toBeUndefined();
    expect(corsHeaders(PORTAL, { allowedOrigins: [], exposeHeaders })).toBeUndefined();
  });
});
