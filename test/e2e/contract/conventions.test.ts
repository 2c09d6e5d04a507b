/**
 * API.md "Conventions", "Local mode only", "Rounds" (creation, listing, the call and its extension),
 * the calendar, rubrics, sanctions and the public reads, checked line by line against the real local
 * platform over HTTP. Ends with the calendar edge (a window reaching into a year without data), which
 * moves the clock to December.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../../../infra/local/platform.ts';
import {
  type Caller,
  creditCode,
  expectNoServerError,
  expectProblem,
  expectUtcInstants,
  fileApplication,
  Http,
  idNumber,
  isChinese,
  type Json,
  organizationBody,
  startContractPlatform,
  yearsBefore,
} from './support.ts';

let platform: Platform;
let http: Http;
let staff: Caller;
let applicant: Caller;
let reviewer: Caller;
let supervisor: Caller;
let everyone: Caller;

const ALL_ROLES = ['applicant', 'recommender', 'staff', 'reviewer', 'leader', 'supervisor'];

/** Every path of API.md (and the methods it names). */
const API_PATHS: [string, string][] = [
  ['post', '/v1/rounds'],
  ['get', '/v1/rounds'],
  ['get', '/v1/rounds/{roundId}'],
  ['post', '/v1/rounds/{roundId}/call-extension'],
  ['post', '/v1/rounds/{roundId}/advance'],
  ['post', '/v1/rounds/{roundId}/decision'],
  ['post', '/v1/rounds/{roundId}/approval'],
  ['get', '/v1/rounds/{roundId}/ranking'],
  ['post', '/v1/rounds/{roundId}/applications'],
  ['get', '/v1/applications/{id}'],
  ['get', '/v1/rounds/{roundId}/applications'],
  ['get', '/v1/my/applications'],
  ['post', '/v1/applications/{id}/evidence'],
  ['post', '/v1/applications/{id}/evidence/{evidenceId}/complete'],
  ['get', '/v1/applications/{id}/evidence/{evidenceId}/download'],
  ['post', '/v1/applications/{id}/submit'],
  ['post', '/v1/applications/{id}/withdraw'],
  ['post', '/v1/applications/{id}/recommendation'],
  ['post', '/v1/applications/{id}/qualification'],
  ['put', '/v1/reviewers/{reviewerId}'],
  ['post', '/v1/rounds/{roundId}/assignments'],
  ['post', '/v1/applications/{id}/conflicts'],
  ['put', '/v1/applications/{id}/scores/{stage}'],
  ['get', '/v1/rubrics/{category}'],
  ['get', '/v1/public/notices'],
  ['get', '/v1/public/notices/{windowId}'],
  ['post', '/v1/public/notices/{windowId}/objections'],
  ['get', '/v1/rounds/{roundId}/objections'],
  ['post', '/v1/objections/{objectionId}/resolution'],
  ['post', '/v1/windows/{windowId}/extension'],
  ['get', '/v1/calendar/{year}'],
  ['put', '/v1/calendar/{year}'],
  ['get', '/v1/awards'],
  ['post', '/v1/awards/{awardId}/revocation'],
  ['get', '/v1/sanctions'],
  ['post', '/v1/sanctions'],
  ['get', '/v1/audit'],
  ['get', '/v1/health'],
  ['get', '/v1/openapi.json'],
  ['post', '/v1/dev/tokens'],
  ['get', '/v1/dev/clock'],
  ['post', '/v1/dev/clock'],
];

const ROUND_KEYS = [
  'roundId',
  'ordinal',
  'title',
  'stage',
  'callOpensAt',
  'callClosesAt',
  'quotas',
  'weights',
  'rubricVersion',
  'windows',
  'stageHistory',
];

const roundBody = (overrides: Json = {}): Json => ({
  title: '太原市政府质量奖（契约测试）',
  callOpensAt: '2026-03-02T09:00:00+08:00',
  callClosesAt: '2026-03-20T17:00:00+08:00',
  ...overrides,
});

beforeAll(async () => {
  platform = await startContractPlatform();
  http = new Http(platform.url);
  staff = await http.as({ sub: 'staff-conv', roles: ['staff'], name: '评选办 张工' });
  applicant = await http.as({ sub: 'applicant-conv', roles: ['applicant'] });
  reviewer = await http.as({ sub: 'reviewer-conv', roles: ['reviewer'] });
  supervisor = await http.as({ sub: 'supervisor-conv', roles: ['supervisor'] });
  everyone = await http.as({ sub: 'everyone-conv', roles: ALL_ROLES, jurisdiction: '140105' });
}, 120_000);

afterAll(async () => {
  await platform?.stop();
});

describe('system routes and local mode', () => {
  it('answers GET /v1/health with {status:"ok"} without a token', async () => {
    const reply = await http.call('GET', '/v1/health');
    expect(reply.status).toBe(200);
    expect(reply.contentType).toMatch(/^application\/json/);
    expect(reply.body).toEqual({ status: 'ok' });
  });

  it('serves an OpenAPI 3.1 document with every path and method of API.md', async () => {
    const reply = await http.call('GET', '/v1/openapi.json');
    expect(reply.status).toBe(200);
    expect(String(reply.body.openapi)).toMatch(/^3\.1\./);
    const missing = API_PATHS.filter(([method, path]) => !reply.body.paths?.[path]?.[method]);
    expect(missing).toEqual([]);
  });

  it('shows the platform clock at its start instant, in UTC', async () => {
    const reply = await http.call('GET', '/v1/dev/clock');
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ now: '2026-03-02T01:00:00.000Z' });
  });

  it('moves the clock forward only; backward is a 400 with a Chinese message', async () => {
    const now = await http.now();
    const forward = await http.call('POST', '/v1/dev/clock', {
      body: { now: new Date(now.getTime() + 1000).toISOString() },
    });
    expect(forward.status).toBe(200);
    expect(forward.body.now).toBe(new Date(now.getTime() + 1000).toISOString());

    const backward = await http.call('POST', '/v1/dev/clock', { body: { now: '2026-01-01T00:00:00Z' } });
    expectProblem(backward, 400, 'VALIDATION_FAILED');
    expect((await http.now()).getTime()).toBe(now.getTime() + 1000);

    expectProblem(
      await http.call('POST', '/v1/dev/clock', { body: { now: 'tomorrow' } }),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(await http.call('POST', '/v1/dev/clock', { body: [] }), 400, 'VALIDATION_FAILED');
  });

  it('issues dev tokens and refuses a malformed token request', async () => {
    const ok = await http.call('POST', '/v1/dev/tokens', { body: { sub: 'x', roles: ['staff'] } });
    expect(ok.status).toBe(200);
    expect(ok.body.token).toBeTypeOf('string');
    const bad = expectProblem(
      await http.call('POST', '/v1/dev/tokens', { body: { sub: 7, roles: 'king' } }),
      400,
    );
    expect(bad.errors.map((e: Json) => e.path)).toEqual(expect.arrayContaining(['sub', 'roles']));
  });
});

describe('authentication (401) and roles (403)', () => {
  it('refuses a call without a token with 401 UNAUTHENTICATED', async () => {
    const reply = await http.call('GET', '/v1/rounds');
    expectProblem(reply, 401, 'UNAUTHENTICATED');
    expect(reply.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('refuses malformed, foreign and unsigned tokens with 401', async () => {
    const header = (value: string) => http.call('GET', '/v1/rounds', { headers: { authorization: value } });
    expectProblem(await header('Bearer not-a-jwt'), 401, 'UNAUTHENTICATED');
    expectProblem(await header('Basic c3RhZmY6c3RhZmY='), 401, 'UNAUTHENTICATED');
    const unsigned = [
      Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url'),
      Buffer.from(JSON.stringify({ sub: 'mallory', roles: ['staff'] })).toString('base64url'),
      '',
    ].join('.');
    expectProblem(await header(`Bearer ${unsigned}`), 401, 'UNAUTHENTICATED');
    const token = await http.token({ sub: 'tamper', roles: ['applicant'] });
    const [head, , signature] = token.split('.');
    const forged = `${head}.${Buffer.from(JSON.stringify({ sub: 'tamper', roles: ['staff'] })).toString('base64url')}.${signature}`;
    expectProblem(await header(`Bearer ${forged}`), 401, 'UNAUTHENTICATED');
  });

  it('checks the token before the body (401, not 400)', async () => {
    expectProblem(await http.call('POST', '/v1/rounds', { raw: '{not json' }), 401, 'UNAUTHENTICATED');
  });

  it('refuses a role that is not allowed with 403 FORBIDDEN', async () => {
    const leader = await http.as({ sub: 'leader-conv', roles: ['leader'] });
    const recommender = await http.as({ sub: 'rec-conv', roles: ['recommender'], jurisdiction: '140105' });
    const cases: [Caller, string, string, unknown?][] = [
      [applicant, 'POST', '/v1/rounds', roundBody()],
      [reviewer, 'GET', '/v1/rounds/r/ranking'],
      [applicant, 'GET', '/v1/audit?entityId=x'],
      [recommender, 'POST', '/v1/sanctions', {}],
      [leader, 'POST', '/v1/rounds/r/advance', { to: 'accepted-publicity' }],
      [staff, 'POST', '/v1/rounds/r/decision', { award: [], nomination: [] }],
      [applicant, 'GET', '/v1/rounds/r/applications'],
      [staff, 'GET', '/v1/my/applications'],
      [staff, 'POST', '/v1/rounds/r/applications', {}],
      [applicant, 'PUT', '/v1/reviewers/r1', { name: '王教授' }],
      [applicant, 'GET', '/v1/sanctions'],
      [reviewer, 'GET', '/v1/rounds/r/objections'],
      [applicant, 'PUT', '/v1/calendar/2026', { holidays: [], workdays: [], source: 'x' }],
      [supervisor, 'POST', '/v1/objections/o/resolution', { outcome: 'upheld', findings: '属实' }],
      [leader, 'POST', '/v1/awards/a/revocation', { reason: 'fraud', findings: '弄虚作假' }],
    ];
    for (const [caller, method, path, body] of cases) {
      const reply = await caller.call(method, path, body === undefined ? {} : { body });
      expectProblem(reply, 403, 'FORBIDDEN');
    }
  });
});

describe('not found (404)', () => {
  it('answers an unknown path and unknown ids with 404 NOT_FOUND problem+json', async () => {
    expectProblem(await everyone.get('/v1/nothing-here'), 404, 'NOT_FOUND');
    const cases: [string, string, unknown?][] = [
      ['GET', '/v1/rounds/round-missing'],
      ['GET', '/v1/applications/app-missing'],
      ['GET', '/v1/public/notices/win-missing'],
      ['GET', '/v1/rounds/round-missing/ranking'],
      ['GET', '/v1/rounds/round-missing/applications'],
      ['GET', '/v1/rounds/round-missing/objections'],
      ['POST', '/v1/rounds/round-missing/advance', { to: 'accepted-publicity' }],
      ['POST', '/v1/rounds/round-missing/call-extension', { callClosesAt: '2026-12-01T00:00:00Z' }],
      ['POST', '/v1/rounds/round-missing/decision', { award: [], nomination: [] }],
      [
        'POST',
        '/v1/rounds/round-missing/approval',
        { documentNo: '并政函〔2026〕1号', approvedOn: '2026-03-02' },
      ],
      [
        'POST',
        '/v1/rounds/round-missing/applications',
        organizationBody({
          name: '太原某公司',
          creditCode: creditCode('140105', 1),
          registeredOn: '2010-01-01',
        }),
      ],
      [
        'POST',
        '/v1/rounds/round-missing/assignments',
        { stage: 'material', applicationId: 'a', reviewerIds: ['r'] },
      ],
      ['POST', '/v1/applications/app-missing/submit'],
      ['POST', '/v1/applications/app-missing/withdraw'],
      [
        'POST',
        '/v1/applications/app-missing/evidence',
        { fileName: 'a.pdf', contentType: 'application/pdf', size: 10, sha256: 'a'.repeat(64) },
      ],
      ['POST', '/v1/applications/app-missing/evidence/ev-missing/complete'],
      ['GET', '/v1/applications/app-missing/evidence/ev-missing/download'],
      ['POST', '/v1/applications/app-missing/recommendation', { decision: 'recommend', opinion: '同意推荐' }],
      ['POST', '/v1/applications/app-missing/qualification', { decision: 'qualified' }],
      ['POST', '/v1/applications/app-missing/conflicts', { reason: '曾在该单位任职' }],
      [
        'POST',
        '/v1/public/notices/win-missing/objections',
        {
          applicationId: 'a',
          name: '周明',
          phone: '13912345678',
          idNumber: idNumber('140105', '1979-05-05', 31),
          content: '该单位申报材料与事实不符，请核查。',
        },
      ],
      ['POST', '/v1/objections/obj-missing/resolution', { outcome: 'dismissed', findings: '经核查不属实' }],
      ['POST', '/v1/windows/win-missing/extension', { closesAt: '2026-12-01T00:00:00Z' }],
      ['POST', '/v1/awards/award-missing/revocation', { reason: 'fraud', findings: '弄虚作假' }],
    ];
    for (const [method, path, body] of cases) {
      const caller = path.includes('/notices/') && method === 'POST' ? http.public : everyone;
      expectProblem(await caller.call(method, path, body === undefined ? {} : { body }), 404, 'NOT_FOUND');
    }
    // A reviewer scoring an unknown application is answered as one not assigned (ids cannot be probed).
    const scores = await everyone.put('/v1/applications/app-missing/scores/material', { items: {} });
    expectProblem(scores, 403, 'NOT_ASSIGNED');
  });
});

describe('malformed input (400) and size limits (413)', () => {
  it('answers a body that is not JSON with 400 VALIDATION_FAILED', async () => {
    expectProblem(await staff.call('POST', '/v1/rounds', { raw: '{"title": ' }), 400, 'VALIDATION_FAILED');
    expectProblem(await staff.call('POST', '/v1/rounds', { raw: 'title=x' }), 400, 'VALIDATION_FAILED');
  });

  it('lists every failing field when types are wrong', async () => {
    const reply = await staff.post('/v1/rounds', {
      title: 5,
      callOpensAt: 'yesterday',
      callClosesAt: 7,
      quotas: 'many',
      weights: [0.3],
    });
    const problem = expectProblem(reply, 400, 'VALIDATION_FAILED');
    const paths = problem.errors.map((e: Json) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining(['title', 'callOpensAt', 'callClosesAt', 'quotas', 'weights']),
    );
  });

  it('refuses an array or a scalar where an object is expected', async () => {
    for (const raw of ['[]', '"round"', '42', 'null', 'true']) {
      expectProblem(await staff.call('POST', '/v1/rounds', { raw }), 400, 'VALIDATION_FAILED');
    }
  });

  it('refuses a JSON body over 1 MiB with 413', async () => {
    const big = JSON.stringify({ ...roundBody(), title: 'x'.repeat(1024 * 1024 + 10) });
    expectProblem(await staff.call('POST', '/v1/rounds', { raw: big }), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('refuses huge strings under the limit with 400, not 5xx', async () => {
    const reply = await staff.post('/v1/rounds', roundBody({ title: '质'.repeat(100_000) }));
    expectProblem(reply, 400, 'VALIDATION_FAILED');
  });

  it('refuses path ids that are too long with 400 and odd ids with 404', async () => {
    expectProblem(await everyone.get(`/v1/rounds/${'r'.repeat(300)}`), 400, 'VALIDATION_FAILED');
    for (const id of ['%E4%B8%AD%E6%96%87', '..%2F..', 'a%00b', '%20', "'%20OR%201=1"]) {
      const reply = await everyone.get(`/v1/applications/${id}`);
      expectNoServerError(reply, `GET /v1/applications/${id}`);
      expect([400, 404]).toContain(reply.status);
    }
  });

  it('never answers garbage with a 5xx, on any route', async () => {
    const doc = (await http.call('GET', '/v1/openapi.json')).body;
    const garbage = [
      '{',
      '[]',
      '"text"',
      '12345',
      'null',
      '{"a":1,"b":[1,2,{"c":null}]}',
      JSON.stringify({ title: 1, to: {}, items: [], decision: 9, subject: 'x', holidays: 'y', name: [] }),
      JSON.stringify({ nested: JSON.parse(`${'['.repeat(200)}${']'.repeat(200)}`) }),
      JSON.stringify({ name: 'x'.repeat(200_000) }),
      JSON.stringify({ __proto__: { admin: true }, constructor: { prototype: {} } }),
    ];
    const ids = ['does-not-exist', 'x'.repeat(129), '%E4%B8%AD'];
    let calls = 0;
    for (const [path, operations] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
      for (const method of Object.keys(operations)) {
        for (const id of ids) {
          const concrete = path
            .replace(/\{year\}/g, id === 'does-not-exist' ? '1066' : id)
            .replace(/\{[^}]+\}/g, id);
          const bodies = method === 'get' ? [undefined] : garbage;
          for (const raw of bodies) {
            const reply = await everyone.call(
              method.toUpperCase(),
              concrete,
              raw === undefined ? {} : { raw },
            );
            expectNoServerError(reply, `${method.toUpperCase()} ${concrete} ${raw?.slice(0, 40) ?? ''}`);
            calls += 1;
          }
        }
      }
    }
    expect(calls).toBeGreaterThan(300);
  });

  it('refuses JSON nested too deeply with 400, even beside valid fields and with an Idempotency-Key', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const body = JSON.stringify(roundBody({ title: '嵌套测试' })).replace(/}$/, `,"extra":${deep}}`);
    const keyed = await staff.call('POST', '/v1/rounds', {
      raw: body,
      headers: { 'idempotency-key': 'deep-key' },
    });
    expectProblem(keyed, 400, 'VALIDATION_FAILED');
    expectProblem(await staff.call('POST', '/v1/rounds', { raw: body }), 400, 'VALIDATION_FAILED');
    const objects = `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`;
    expectProblem(await staff.call('POST', '/v1/sanctions', { raw: objects }), 400, 'VALIDATION_FAILED');
    expect(((await staff.ok('GET', '/v1/rounds')) as Json[]).some((r) => r.title === '嵌套测试')).toBe(false);
  });

  it('never answers odd content types, headers or methods with a 5xx', async () => {
    const body = JSON.stringify(roundBody({ title: '内容类型测试' }));
    for (const contentType of [
      'application/octet-stream',
      'text/plain',
      'multipart/form-data; boundary=x',
      'image/png',
    ]) {
      const reply = await staff.call('POST', '/v1/rounds', {
        raw: body,
        headers: { 'content-type': contentType },
      });
      expectNoServerError(reply, `content-type ${contentType}`);
    }
    const binary = await staff.call('POST', '/v1/rounds', {
      raw: '\u0000\u00ff\u00fe garbage',
      headers: { 'content-type': 'application/octet-stream' },
    });
    expectProblem(binary, 400, 'VALIDATION_FAILED');
    const longKey = await staff.post('/v1/rounds', roundBody(), { 'idempotency-key': 'k'.repeat(300) });
    expectProblem(longKey, 400, 'VALIDATION_FAILED');
    for (const method of ['DELETE', 'PATCH', 'PUT']) {
      const reply = await staff.call(method, '/v1/rounds', { body: {} });
      expectNoServerError(reply, `${method} /v1/rounds`);
      expect(reply.status).toBeGreaterThanOrEqual(400);
    }
  });

  it('never answers well-shaped but odd values with a 5xx', async () => {
    const odd = [
      '\ud800 孤立代理项',
      'nul\u0000字符',
      '😀'.repeat(50),
      ' \t\n ',
      '<script>alert(1)</script>',
    ];
    const owner = await http.as({ sub: 'odd-applicant', roles: ['applicant'] });
    const round = await staff.ok('POST', '/v1/rounds', roundBody({ title: '取值测试' }), 201);
    const replies: [string, Awaited<ReturnType<Caller['post']>>][] = [];
    for (const text of odd) {
      replies.push([`round title ${text}`, await staff.post('/v1/rounds', roundBody({ title: text }))]);
      const body = organizationBody({
        name: text,
        creditCode: ` ${creditCode('140105', 77)} `.toLowerCase(),
        registeredOn: '2010-01-01',
      });
      body.jurisdiction = text;
      body.organization.contact.name = text;
      body.selfEvaluation = { items: { [text]: 1 }, summary: text };
      replies.push([
        `application ${text}`,
        await owner.post(`/v1/rounds/${round.roundId}/applications`, body),
      ]);
      replies.push([
        `reviewer ${text}`,
        await staff.put(`/v1/reviewers/odd-${odd.indexOf(text)}`, {
          name: text,
          fields: [text],
        }),
      ]);
      replies.push([
        `sanction ${text}`,
        await staff.post('/v1/sanctions', {
          subject: { type: 'organization', creditCode: text },
          kind: 'revoked',
          barredFromOrdinal: 2,
          barredThroughOrdinal: 2,
          reason: text,
        }),
      ]);
      replies.push([
        `calendar ${text}`,
        await staff.put('/v1/calendar/2030', { holidays: [], workdays: [], source: text }),
      ]);
    }
    for (const date of ['2026-02-30', '2023-02-29', '0000-01-01', '9999-12-31']) {
      const body = organizationBody({
        name: '日期测试有限公司',
        creditCode: creditCode('140105', 78),
        registeredOn: date,
      });
      replies.push([
        `registeredOn ${date}`,
        await owner.post(`/v1/rounds/${round.roundId}/applications`, body),
      ]);
      replies.push([
        `calendar ${date}`,
        await staff.put('/v1/calendar/2032', { holidays: [date], workdays: [], source: '测试' }),
      ]);
      replies.push([
        `former employer ${date}`,
        await staff.put('/v1/reviewers/date-test', {
          name: '日期',
          formerEmployers: [{ creditCode: creditCode('140105', 79), until: date }],
        }),
      ]);
    }
    for (const [opensAt, closesAt] of [
      ['1970-01-01T00:00:00Z', '1970-02-01T00:00:00Z'],
      ['2026-03-02T00:00:00+14:00', '9999-12-31T23:59:59Z'],
      ['2026-03-02T00:00:00.123456789Z', '2026-03-30T00:00:00-12:00'],
    ]) {
      replies.push([
        `call ${opensAt}`,
        await staff.post('/v1/rounds', roundBody({ callOpensAt: opensAt, callClosesAt: closesAt })),
      ]);
    }
    const crowded = organizationBody({
      name: '条目测试有限公司',
      creditCode: creditCode('140105', 80),
      registeredOn: '2010-01-01',
    });
    crowded.selfEvaluation = {
      items: Object.fromEntries(Array.from({ length: 25_000 }, (_, i) => [`item-${i}`, 1])),
      summary: '质'.repeat(20_000),
    };
    replies.push([
      '25,000 self-evaluation items',
      await owner.post(`/v1/rounds/${round.roundId}/applications`, crowded),
    ]);
    const reviewerIds = Array.from({ length: 31 }, (_, i) => `panel-${i}`);
    const panel = await staff.post(`/v1/rounds/${round.roundId}/assignments`, {
      stage: 'material',
      applicationId: 'x',
      reviewerIds,
    });
    expectProblem(panel, 400, 'VALIDATION_FAILED');
    replies.push(['ordinal 1e308', await staff.post('/v1/rounds', roundBody({ ordinal: 1e308 }))]);
    replies.push([
      'quotas negative',
      await staff.post('/v1/rounds', roundBody({ quotas: { award: -1, nomination: 0.5 } })),
    ]);
    replies.push([
      'weights NaN-ish',
      await staff.post('/v1/rounds', roundBody({ weights: { material: 1e-320, onsite: 1, defense: 0 } })),
    ]);
    for (const [what, reply] of replies) expectNoServerError(reply, what);
  });

  it('never answers bad query strings with a 5xx', async () => {
    const round = await staff.ok('POST', '/v1/rounds', roundBody({ title: '查询参数测试' }), 201);
    const paths = [
      `/v1/rounds/${round.roundId}/applications?status=bogus`,
      `/v1/rounds/${round.roundId}/applications?limit=-1`,
      `/v1/rounds/${round.roundId}/applications?limit=abc`,
      `/v1/rounds/${round.roundId}/applications?nextToken=garbage`,
      `/v1/rounds/${round.roundId}/applications?nextToken=${Buffer.from('{"pk":"x"}').toString('base64')}`,
      '/v1/sanctions?nextToken=garbage',
      `/v1/sanctions?nextToken=${Buffer.from('{"pk":{"S":"x"}}').toString('base64url')}`,
      '/v1/sanctions?limit=0',
      '/v1/sanctions?subject=not-a-code',
      '/v1/audit',
      '/v1/awards?roundId=',
      '/v1/rubrics/organization?version=v999',
    ];
    for (const path of paths) expectNoServerError(await everyone.get(path), `GET ${path}`);
    expectProblem(
      await everyone.get(`/v1/rounds/${round.roundId}/applications?status=bogus`),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(await everyone.get('/v1/audit'), 400, 'VALIDATION_FAILED');
  });
});

describe('rounds', () => {
  let first: Json;

  it('creates a round: 201 Round with its fields, instants in UTC', async () => {
    const reply = await staff.post('/v1/rounds', roundBody({ ordinal: 700 }));
    expect(reply.status, reply.text).toBe(201);
    first = reply.body;
    expect(Object.keys(first)).toEqual(expect.arrayContaining(ROUND_KEYS));
    expect(first).toMatchObject({
      ordinal: 700,
      stage: 'call-open',
      callOpensAt: '2026-03-02T01:00:00.000Z',
      callClosesAt: '2026-03-20T09:00:00.000Z',
      quotas: { award: 5, nomination: 10 },
      weights: { material: 0.3, onsite: 0.5, defense: 0.2 },
      windows: [],
    });
    expect(first.rubricVersion).toBeTypeOf('string');
    expect(first.stageHistory).toEqual([
      { stage: 'call-open', at: expect.stringMatching(/Z$/), by: 'staff-conv' },
    ]);
    expect(expectUtcInstants(first)).toBeGreaterThanOrEqual(3);
  });

  it('defaults the ordinal to the last round’s + 1', async () => {
    const next = await staff.ok('POST', '/v1/rounds', roundBody({ title: '下一届' }), 201);
    const rounds = (await staff.ok('GET', '/v1/rounds')) as Json[];
    const before = rounds.filter((r) => r.roundId !== next.roundId).map((r) => r.ordinal as number);
    expect(next.ordinal).toBe(Math.max(...before) + 1);
  });

  it('refuses a used ordinal, a close before the open and weights that do not add up, never with a 5xx', async () => {
    expectProblem(await staff.post('/v1/rounds', roundBody({ ordinal: 700 })), 400, 'VALIDATION_FAILED');
    const backwards = await staff.post(
      '/v1/rounds',
      roundBody({ callOpensAt: '2026-03-20T09:00:00+08:00', callClosesAt: '2026-03-10T09:00:00+08:00' }),
    );
    expect(expectProblem(backwards, 400, 'VALIDATION_FAILED').errors.map((e: Json) => e.path)).toContain(
      'callClosesAt',
    );
    const weights = await staff.post(
      '/v1/rounds',
      roundBody({ weights: { material: 0.5, onsite: 0.5, defense: 0.5 } }),
    );
    expectNoServerError(weights, 'weights');
    expect([400, 422]).toContain(weights.status);
  });

  it('refuses quotas above the Measures with 422 QUOTA_EXCEEDED (Art. 8)', async () => {
    const reply = await staff.post('/v1/rounds', roundBody({ quotas: { award: 6, nomination: 10 } }));
    const problem = expectProblem(reply, 422, 'QUOTA_EXCEEDED');
    expect(problem.errors.map((e: Json) => e.path)).toContain('quotas.award');
    const fewer = await staff.post('/v1/rounds', roundBody({ quotas: { award: 3, nomination: 0 } }));
    expect(fewer.status).toBe(201);
    expect(fewer.body.quotas).toEqual({ award: 3, nomination: 0 });
  });

  it('shows rounds to anyone signed in (list and by id)', async () => {
    const list = await applicant.get('/v1/rounds');
    expect(list.status).toBe(200);
    expect(Array.isArray(list.body)).toBe(true);
    for (const round of list.body as Json[])
      expect(Object.keys(round)).toEqual(expect.arrayContaining(ROUND_KEYS));
    const one = await reviewer.get(`/v1/rounds/${first.roundId}`);
    expect(one.status).toBe(200);
    expect(one.body.roundId).toBe(first.roundId);
    expectUtcInstants(list.body);
  });

  it('replays POST /v1/rounds with the same Idempotency-Key and body, and creates nothing new', async () => {
    const body = roundBody({ title: '幂等测试届次' });
    const key = { 'idempotency-key': 'round-key-1' };
    const once = await staff.post('/v1/rounds', body, key);
    expect(once.status).toBe(201);
    const count = ((await staff.ok('GET', '/v1/rounds')) as Json[]).length;
    const again = await staff.post('/v1/rounds', body, key);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(once.body);
    expect(((await staff.ok('GET', '/v1/rounds')) as Json[]).length).toBe(count);

    const other = await staff.post('/v1/rounds', { ...body, title: '另一个届次' }, key);
    expectNoServerError(other, 'same key, other body');
    expect(other.status).toBeGreaterThanOrEqual(400);
    expectProblem(other, other.status);
    expect(((await staff.ok('GET', '/v1/rounds')) as Json[]).length).toBe(count);
  });

  it('extends the call later only, staff only; the call then closes at the new time', async () => {
    const round = await staff.ok(
      'POST',
      '/v1/rounds',
      roundBody({ title: '延期测试', callClosesAt: '2026-03-05T17:00:00+08:00' }),
      201,
    );
    const path = `/v1/rounds/${round.roundId}/call-extension`;
    expectProblem(
      await applicant.post(path, { callClosesAt: '2026-03-09T17:00:00+08:00' }),
      403,
      'FORBIDDEN',
    );
    const earlier = await staff.post(path, { callClosesAt: '2026-03-04T17:00:00+08:00' });
    expectNoServerError(earlier, 'earlier close');
    expect([400, 409, 422]).toContain(earlier.status);
    expectProblem(await staff.post(path, { callClosesAt: 'soon' }), 400, 'VALIDATION_FAILED');

    const extended = await staff.post(path, {
      callClosesAt: '2026-03-09T17:00:00+08:00',
      note: '应申报单位请求延期',
    });
    expect(extended.status, extended.text).toBe(200);
    expect(extended.body.callClosesAt).toBe('2026-03-09T09:00:00.000Z');
    expect(extended.body.stage).toBe('call-open');

    await http.moveClockTo('2026-03-05T10:00:00Z');
    expect((await staff.ok('GET', `/v1/rounds/${round.roundId}`)).stage).toBe('call-open');
    await http.moveClockTo('2026-03-09T09:00:00Z');
    const closed = await staff.ok('GET', `/v1/rounds/${round.roundId}`);
    expect(closed.stage).toBe('qualification');
    expect(closed.stageHistory.at(-1)).toMatchObject({ stage: 'qualification' });
    expect(closed.stageHistory.at(-1).at).toMatch(/Z$/);

    const late = await staff.post(path, { callClosesAt: '2026-03-30T17:00:00+08:00' });
    expectProblem(late, 409, 'STAGE_CLOSED');
  });

  it('refuses moves that are not staff’s or skip stages, and unfinished qualification, with 409', async () => {
    const open = (await staff.ok('GET', '/v1/rounds')).find((r: Json) => r.stage === 'call-open') as Json;
    const notYet = await staff.post(`/v1/rounds/${open.roundId}/advance`, { to: 'qualification' });
    expectProblem(notYet, 409);
    const skip = await staff.post(`/v1/rounds/${open.roundId}/advance`, { to: 'announced' });
    expectProblem(skip, 409);
    expectProblem(
      await staff.post(`/v1/rounds/${open.roundId}/advance`, { to: 'somewhere' }),
      400,
      'VALIDATION_FAILED',
    );

    const inQualification = (await staff.ok('GET', '/v1/rounds')).find(
      (r: Json) => r.stage === 'qualification',
    ) as Json;
    const empty = await staff.post(`/v1/rounds/${inQualification.roundId}/advance`, {
      to: 'accepted-publicity',
    });
    const problem = expectProblem(empty, 409, 'STAGE_PRECONDITION_FAILED');
    expect(problem.errors.length).toBeGreaterThan(0);
    expect((await staff.ok('GET', `/v1/rounds/${inQualification.roundId}`)).stage).toBe('qualification');
  });

  it('answers the decision, approval and ranking of a round not there yet with 409', async () => {
    const leader = await http.as({ sub: 'leader-conv', roles: ['leader'] });
    const roundId = first.roundId as string;
    expectProblem(await leader.post(`/v1/rounds/${roundId}/decision`, { award: [], nomination: [] }), 409);
    expectProblem(
      await staff.post(`/v1/rounds/${roundId}/approval`, {
        documentNo: '并政函〔2026〕1号',
        approvedOn: '2026-03-02',
      }),
      409,
    );
    expectProblem(await leader.get(`/v1/rounds/${roundId}/ranking`), 409, 'STAGE_PRECONDITION_FAILED');
  });
});

describe('calendar and rubrics', () => {
  it('shows a calendar year to anyone signed in; only staff enter one', async () => {
    const year = await applicant.get('/v1/calendar/2026');
    expect(year.status).toBe(200);
    expect(year.body).toMatchObject({
      holidays: expect.any(Array),
      workdays: expect.any(Array),
      source: expect.any(String),
    });
    expect(year.body.holidays).toContain('2026-10-01');
    expect(year.body.workdays.length).toBeGreaterThan(0);
    expectProblem(await http.call('GET', '/v1/calendar/2026'), 401, 'UNAUTHENTICATED');
    const missing = await applicant.get('/v1/calendar/2031');
    expectProblem(missing, 404, 'NOT_FOUND');
    const bad = await staff.put('/v1/calendar/2030', {
      holidays: ['2030-13-40'],
      workdays: 'none',
      source: '',
    });
    expect(expectProblem(bad, 400, 'VALIDATION_FAILED').errors.length).toBeGreaterThanOrEqual(3);
  });

  it('describes each rubric with its version and items summing to the maximum', async () => {
    for (const [category, max] of [
      ['organization', 1000],
      ['individual', 100],
    ] as const) {
      const rubric = await reviewer.ok('GET', `/v1/rubrics/${category}`);
      expect(rubric.version).toBeTypeOf('string');
      expect(rubric.maxPoints).toBe(max);
      for (const item of rubric.items as Json[]) {
        expect(Object.keys(item)).toEqual(expect.arrayContaining(['itemId', 'title', 'maxPoints', 'group']));
        expect(isChinese(item.title)).toBe(true);
      }
      expect((rubric.items as Json[]).reduce((n, i) => n + (i.maxPoints as number), 0)).toBe(max);
    }
    expectNoServerError(await reviewer.get('/v1/rubrics/team'), 'unknown category');
  });
});

describe('sanctions (imported history)', () => {
  const orgCode = creditCode('140108', 990001);
  const person = idNumber('140105', '1975-06-15', 21);

  it('imports a sanction: 201 with the subject masked; the same key replays it and creates nothing new', async () => {
    const body = {
      subject: { type: 'organization', creditCode: orgCode },
      kind: 'award-holder',
      barredFromOrdinal: 8,
      barredThroughOrdinal: 9,
      reason: '第7届市政府质量奖获奖组织（第六条）',
    };
    const key = { 'idempotency-key': 'sanction-key-1' };
    const once = await staff.post('/v1/sanctions', body, key);
    expect(once.status, once.text).toBe(201);
    expect(Object.keys(once.body)).toEqual(
      expect.arrayContaining([
        'sanctionId',
        'kind',
        'subject',
        'barredFromOrdinal',
        'barredThroughOrdinal',
        'reason',
        'createdAt',
      ]),
    );
    expect(once.body.subject).toMatch(/\*/);
    expect(once.text).not.toContain(orgCode);
    expectUtcInstants(once.body);
    const again = await staff.post('/v1/sanctions', body, key);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(once.body);
    const listed = await staff.ok('GET', `/v1/sanctions?subject=${orgCode}`);
    expect(listed).toHaveLength(1);
    expect(listed[0].sanctionId).toBe(once.body.sanctionId);

    const other = await staff.post('/v1/sanctions', { ...body, barredThroughOrdinal: 10 }, key);
    expectNoServerError(other, 'same key, other body');
    expect(other.status).toBeGreaterThanOrEqual(400);
    expect(await staff.ok('GET', `/v1/sanctions?subject=${orgCode}`)).toHaveLength(1);
  });

  it('never shows an individual’s ID number in full', async () => {
    const created = await staff.post('/v1/sanctions', {
      subject: { type: 'individual', idNumber: person },
      kind: 'revoked',
      barredFromOrdinal: 8,
      barredThroughOrdinal: 10,
      reason: '第7届获奖个人弄虚作假，撤销奖项（第二十五条）',
    });
    expect(created.status, created.text).toBe(201);
    expect(created.text).not.toContain(person);
    const listed = await supervisor.get(`/v1/sanctions?subject=${person}`);
    expect(listed.status).toBe(200);
    expect(listed.body).toHaveLength(1);
    expect(listed.text).not.toContain(person);
    const all = await staff.get('/v1/sanctions');
    expect(all.status).toBe(200);
    expect(all.text).not.toContain(person);
    expectProblem(await reviewer.get(`/v1/sanctions?subject=${person}`), 403, 'FORBIDDEN');
  });

  it('refuses invalid subjects with 422 INVALID_CREDIT_CODE / INVALID_ID_NUMBER', async () => {
    const base = {
      kind: 'award-holder',
      barredFromOrdinal: 8,
      barredThroughOrdinal: 9,
      reason: '导入历史记录',
    };
    expectProblem(
      await staff.post('/v1/sanctions', {
        ...base,
        subject: {
          type: 'organization',
          creditCode:
            `${orgCode.slice(0, 17)}0` === orgCode ? `${orgCode.slice(0, 17)}1` : `${orgCode.slice(0, 17)}0`,
        },
      }),
      422,
      'INVALID_CREDIT_CODE',
    );
    const badId = `${person.slice(0, 17)}${person.endsWith('0') ? '1' : '0'}`;
    const refused = await staff.post('/v1/sanctions', {
      ...base,
      subject: { type: 'individual', idNumber: badId },
    });
    expectProblem(refused, 422, 'INVALID_ID_NUMBER');
    expect(refused.text).not.toContain(badId);
  });
});

describe('public reads', () => {
  it('lists notices and awards without a token', async () => {
    const notices = await http.call('GET', '/v1/public/notices');
    expect(notices.status).toBe(200);
    expect(Array.isArray(notices.body)).toBe(true);
    const awards = await http.call('GET', '/v1/awards');
    expect(awards.status).toBe(200);
    expect(Array.isArray(awards.body)).toBe(true);
  });
});

describe('concurrent writes (VERSION_CONFLICT, never 5xx)', () => {
  it('gives one ordinal to one round only, even when created at the same time', async () => {
    const replies = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        staff.post('/v1/rounds', roundBody({ title: `并发届次${i}`, ordinal: 50 })),
      ),
    );
    for (const reply of replies) expectNoServerError(reply, 'concurrent create');
    expect(replies.filter((r) => r.status === 201)).toHaveLength(1);
    const defaults = await Promise.all(
      Array.from({ length: 4 }, (_, i) => staff.post('/v1/rounds', roundBody({ title: `并发默认届次${i}` }))),
    );
    for (const reply of defaults) expectNoServerError(reply, 'concurrent default ordinal');
    const ordinals = ((await staff.ok('GET', '/v1/rounds')) as Json[]).map((r) => r.ordinal as number);
    expect(new Set(ordinals).size).toBe(ordinals.length);
  });

  it('answers parallel requests with one Idempotency-Key with one creation', async () => {
    const body = roundBody({ title: '并发幂等届次' });
    const replies = await Promise.all(
      Array.from({ length: 4 }, () => staff.post('/v1/rounds', body, { 'idempotency-key': 'parallel-key' })),
    );
    for (const reply of replies) expectNoServerError(reply, 'parallel idempotent create');
    const created = replies.filter((r) => r.status === 201).map((r) => r.body.roundId);
    expect(new Set(created).size).toBe(1);
    for (const reply of replies.filter((r) => r.status !== 201))
      expectProblem(reply, 409, 'VERSION_CONFLICT');
    const rounds = ((await staff.ok('GET', '/v1/rounds')) as Json[]).filter(
      (r) => r.title === '并发幂等届次',
    );
    expect(rounds).toHaveLength(1);
  });

  it('accepts unknown fields without storing them and without a 5xx', async () => {
    const reply = await staff.post(
      '/v1/rounds',
      roundBody({ title: '多余字段', admin: true, stage: 'announced' }),
    );
    expectNoServerError(reply, 'unknown fields');
    if (reply.status === 201) {
      expect(reply.body.stage).toBe('call-open');
      expect(reply.body.admin).toBeUndefined();
    }
  });
});

describe('a window that would reach into a year without a calendar', () => {
  it('refuses the advance with 422 CALENDAR_NOT_AVAILABLE, leaves the round where it was, and works once the year is entered', async () => {
    // The clock goes to December: the call runs Dec 1–24, 2026; an accepted list published on Dec 25
    // needs 5 working days, i.e. January 2027, which has no holiday data (LOCAL-STACK.md).
    await http.moveClockTo('2026-12-01T01:00:00Z');
    const round = await staff.ok(
      'POST',
      '/v1/rounds',
      roundBody({
        title: '年底届次',
        callOpensAt: '2026-12-01T09:00:00+08:00',
        callClosesAt: '2026-12-24T17:00:00+08:00',
      }),
      201,
    );
    const owner = await http.as({ sub: 'applicant-december', roles: ['applicant'] });
    const app = await fileApplication(
      owner,
      round.roundId,
      organizationBody({
        name: '太原年末精密制造有限公司',
        creditCode: creditCode('140105', 4401),
        registeredOn: yearsBefore('2026-12-24', 8),
        jurisdiction: '140105',
      }),
    );
    const recommender = await http.as({ sub: 'rec-140105', roles: ['recommender'], jurisdiction: '140105' });
    await recommender.ok('POST', `/v1/applications/${app.applicationId}/recommendation`, {
      decision: 'recommend',
      opinion: '经初审，同意推荐。',
    });
    await http.moveClockTo('2026-12-25T02:00:00Z');
    expect((await staff.ok('GET', `/v1/rounds/${round.roundId}`)).stage).toBe('qualification');
    await staff.ok('POST', `/v1/applications/${app.applicationId}/qualification`, { decision: 'qualified' });

    const refused = await staff.post(`/v1/rounds/${round.roundId}/advance`, { to: 'accepted-publicity' });
    const problem = expectProblem(refused, 422, 'CALENDAR_NOT_AVAILABLE');
    expect(problem.detail).toContain('2027');
    const after = await staff.ok('GET', `/v1/rounds/${round.roundId}`);
    expect(after.stage).toBe('qualification');
    expect(after.windows).toEqual([]);

    const year2027 = await staff.put('/v1/calendar/2027', {
      holidays: ['2027-01-01', '2027-01-02', '2027-01-03'],
      workdays: [],
      source: '国务院办公厅关于2027年部分节假日安排的通知（测试数据）',
    });
    expect(year2027.status, year2027.text).toBe(200);
    const advanced = await staff.post(`/v1/rounds/${round.roundId}/advance`, { to: 'accepted-publicity' });
    expect(advanced.status, advanced.text).toBe(200);
    expect(advanced.body.stage).toBe('accepted-publicity');
    const window = advanced.body.windows.find((w: Json) => w.kind === 'accepted');
    // Dec 28–31 are 4 working days; Jan 1–3 are holidays; the 5th is Monday Jan 4 → 24:00 Beijing.
    expect(window.closesAt).toBe('2027-01-04T16:00:00.000Z');
    expect(window.entries.map((e: Json) => e.applicationId)).toEqual([app.applicationId]);
  });

  it('leaves no round in a publicity stage without its window', async () => {
    const rounds = (await staff.ok('GET', '/v1/rounds')) as Json[];
    for (const round of rounds) {
      expect(
        round.stage === 'accepted-publicity' && round.windows.length === 0,
        `${round.roundId} stuck`,
      ).toBe(false);
    }
  });
});
