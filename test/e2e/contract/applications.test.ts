/**
 * API.md "Applications" line by line on the real local platform: drafts and their Idempotency-Key,
 * evidence through presigned POST (mismatch, limits, after submission), submission and every rule
 * code it can answer with (the draft kept), who sees what (404 for those who may not, personal data
 * masked for all but the owner, in views, lists, the audit trail and the logs), recommendation,
 * qualification outside its stage, withdrawal, and the call closing by itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../../../infra/local/platform.ts';
import {
  attachEvidence,
  type Caller,
  creditCode,
  expectNoSecrets,
  expectProblem,
  expectUtcInstants,
  Http,
  idNumber,
  individualBody,
  type Json,
  organizationBody,
  PAST_TENSE_ACTION,
  pdf,
  requestUpload,
  sha256,
  startContractPlatform,
  uploadWithPresignedPost,
  yearsBefore,
} from './support.ts';

let platform: Platform;
let http: Http;
let staff: Caller;
let leader: Caller;
let supervisor: Caller;
let owner: Caller;
let stranger: Caller;
let reviewer: Caller;
let rec105: Caller;
let rec106: Caller;
let round: Json;
let futureRound: Json;

const CLOSES = '2026-03-20T17:00:00+08:00';
const APPLICATION_KEYS = [
  'applicationId',
  'roundId',
  'category',
  'displayName',
  'status',
  'jurisdiction',
  'evidence',
  'vetting',
  'createdAt',
  'version',
];

// Personal data of this file: none may show in full to anyone but its owner, nor in the logs.
const PHONE = '13912340001';
/** A landline with its area code: a phone number too. */
const LANDLINE = '0351-7654321';
const MEMBER_IDS = [idNumber('140106', '1980-11-02', 11), idNumber('140109', '1985-06-21', 13)];
const SECRETS = [PHONE, LANDLINE, LANDLINE.replace('-', ''), ...MEMBER_IDS];

const captured: string[] = [];
const originalWrites = {
  out: process.stdout.write.bind(process.stdout),
  err: process.stderr.write.bind(process.stderr),
};

const orgBody = (serial: number, overrides: Partial<Parameters<typeof organizationBody>[0]> = {}): Json =>
  organizationBody({
    name: `太原契约测试制造有限公司${serial}`,
    creditCode: creditCode('140105', 5000 + serial),
    registeredOn: yearsBefore(CLOSES, 8),
    jurisdiction: '140105',
    ...overrides,
  });

const members = [
  { name: '李秀英', idNumber: MEMBER_IDS[0]!, qualityWorkSince: yearsBefore(CLOSES, 15) },
  { name: '张志强', idNumber: MEMBER_IDS[1]!, qualityWorkSince: yearsBefore(CLOSES, 12) },
];

beforeAll(async () => {
  // Every log line of the platform is kept, with each request's event logged in full, to check that
  // no ID number or phone reaches the logs. The platform (and its logger) is imported after this.
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
  process.env.POWERTOOLS_LOGGER_LOG_EVENT = 'true';
  const capture =
    (write: typeof process.stdout.write) =>
    (chunk: unknown, ...rest: unknown[]): boolean => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
      captured.push(text);
      // The platform's JSON log lines are kept for the check only; anything else goes through.
      if (text.startsWith('{"level"')) return true;
      return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
    };
  process.stdout.write = capture(originalWrites.out) as typeof process.stdout.write;
  process.stderr.write = capture(originalWrites.err) as typeof process.stderr.write;

  platform = await startContractPlatform();
  http = new Http(platform.url);
  staff = await http.as({ sub: 'staff-apps', roles: ['staff'] });
  leader = await http.as({ sub: 'leader-apps', roles: ['leader'] });
  supervisor = await http.as({ sub: 'supervisor-apps', roles: ['supervisor'] });
  owner = await http.as({ sub: 'owner-apps', roles: ['applicant'] });
  stranger = await http.as({ sub: 'stranger-apps', roles: ['applicant'] });
  reviewer = await http.as({ sub: 'reviewer-apps', roles: ['reviewer'] });
  rec105 = await http.as({ sub: 'rec-140105', roles: ['recommender'], jurisdiction: '140105' });
  rec106 = await http.as({ sub: 'rec-140106', roles: ['recommender'], jurisdiction: '140106' });
  round = await staff.ok(
    'POST',
    '/v1/rounds',
    { title: '申报契约测试届次', callOpensAt: '2026-03-02T09:00:00+08:00', callClosesAt: CLOSES },
    201,
  );
  futureRound = await staff.ok(
    'POST',
    '/v1/rounds',
    {
      title: '尚未开始的届次',
      callOpensAt: '2026-03-10T09:00:00+08:00',
      callClosesAt: '2026-03-30T17:00:00+08:00',
    },
    201,
  );
}, 120_000);

afterAll(async () => {
  process.stdout.write = originalWrites.out as typeof process.stdout.write;
  process.stderr.write = originalWrites.err as typeof process.stderr.write;
  process.env.POWERTOOLS_LOG_LEVEL = 'WARN';
  delete process.env.POWERTOOLS_LOGGER_LOG_EVENT;
  await platform?.stop();
});

const appsPath = () => `/v1/rounds/${round.roundId}/applications`;

describe('creating a draft', () => {
  it('answers 201 with the Application (status draft), instants in UTC, personal data in full for the owner', async () => {
    const reply = await owner.post(appsPath(), orgBody(1, { phone: PHONE }));
    expect(reply.status, reply.text).toBe(201);
    const app = reply.body;
    expect(Object.keys(app)).toEqual(expect.arrayContaining(APPLICATION_KEYS));
    expect(app).toMatchObject({
      roundId: round.roundId,
      category: 'organization',
      displayName: '太原契约测试制造有限公司1',
      status: 'draft',
      jurisdiction: '140105',
      evidence: [],
      vetting: { passed: true, findings: [] },
    });
    expect(app.submittedAt).toBeUndefined();
    expect(app.createdAt).toBe('2026-03-02T01:00:00.000Z');
    expectUtcInstants(app);
    expect(app.organization.contact.phone).toBe(PHONE);
  });

  it('replays the same Idempotency-Key and body, creating nothing new; another body with the key is refused', async () => {
    const key = { 'idempotency-key': 'app-key-1' };
    const body = orgBody(2);
    const once = await owner.post(appsPath(), body, key);
    expect(once.status).toBe(201);
    const count = (await owner.ok('GET', '/v1/my/applications')).items.length;
    const again = await owner.post(appsPath(), body, key);
    expect(again.status).toBe(201);
    expect(again.body.applicationId).toBe(once.body.applicationId);
    expect(again.body).toEqual(once.body);
    const other = await owner.post(appsPath(), orgBody(3), key);
    expect(other.status).toBeGreaterThanOrEqual(400);
    expect(other.status).toBeLessThan(500);
    expectProblem(other, other.status);
    expect((await owner.ok('GET', '/v1/my/applications')).items.length).toBe(count);
  });

  it('refuses malformed bodies with 400 listing every failing field, and other roles with 403', async () => {
    const bad = await owner.post(appsPath(), {
      category: 'organization',
      organization: { name: '', creditCode: 5, registeredOn: '2010-13-45', industry: 'mining', contact: {} },
      jurisdiction: 7,
      declarations: { noMajorAccident3Years: 'yes' },
      selfEvaluation: [],
    });
    const problem = expectProblem(bad, 400, 'VALIDATION_FAILED');
    const paths = problem.errors.map((e: Json) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'organization.name',
        'organization.creditCode',
        'organization.registeredOn',
        'organization.industry',
        'organization.contact.name',
        'organization.contact.phone',
        'jurisdiction',
        'declarations.noMajorAccident3Years',
        'selfEvaluation',
      ]),
    );
    expectProblem(await owner.post(appsPath(), { category: 'team' }), 400, 'VALIDATION_FAILED');
    expectProblem(await owner.post(appsPath(), [orgBody(4)]), 400, 'VALIDATION_FAILED');
    expectProblem(await staff.post(appsPath(), orgBody(4)), 403, 'FORBIDDEN');
    expectProblem(await http.public.post(appsPath(), orgBody(4)), 401, 'UNAUTHENTICATED');
  });
});

describe('evidence', () => {
  let draft: Json;

  beforeAll(async () => {
    draft = await owner.ok('POST', appsPath(), orgBody(10), 201);
  });

  it('hands out a presigned POST: 201 {evidenceId, upload:{url, fields}, expiresAt}', async () => {
    const content = pdf('材料');
    const slot = await requestUpload(owner, draft.applicationId, content);
    expect(slot.evidenceId).toBeTypeOf('string');
    expect(slot.upload.url).toMatch(/^https?:\/\//);
    expect(Object.keys(slot.upload.fields).length).toBeGreaterThan(0);
    expect(slot.expiresAt).toMatch(/Z$/);
    expect(new Date(slot.expiresAt).getTime()).toBeGreaterThan(Date.parse('2026-03-02T01:00:00Z'));
  });

  it('answers complete for bytes other than declared with 422 EVIDENCE_MISMATCH, and the file is not verified', async () => {
    const declared = pdf('声明的文件');
    const slot = await requestUpload(owner, draft.applicationId, declared, '证书.pdf');
    const other = pdf('另一个文件的内容!');
    await uploadWithPresignedPost(slot.upload, other, 'application/pdf', '证书.pdf');
    const reply = await owner.post(
      `/v1/applications/${draft.applicationId}/evidence/${slot.evidenceId}/complete`,
    );
    const problem = expectProblem(reply, 422, 'EVIDENCE_MISMATCH');
    // Whichever ran first (complete, or the bucket's ObjectCreated check), the answer says what differed.
    expect(problem.errors.map((e: Json) => e.path)).toEqual(expect.arrayContaining(['size', 'sha256']));
    const view = await owner.ok('GET', `/v1/applications/${draft.applicationId}`);
    const evidence = view.evidence.find((e: Json) => e.evidenceId === slot.evidenceId);
    expect(Object.keys(evidence)).toEqual(
      expect.arrayContaining(['evidenceId', 'fileName', 'size', 'status']),
    );
    expect(evidence.status).not.toBe('verified');
  });

  it('answers complete before the upload with 422 EVIDENCE_NOT_VERIFIED', async () => {
    const slot = await requestUpload(owner, draft.applicationId, pdf('未上传'));
    const reply = await owner.post(
      `/v1/applications/${draft.applicationId}/evidence/${slot.evidenceId}/complete`,
    );
    expectProblem(reply, 422, 'EVIDENCE_NOT_VERIFIED');
  });

  it('verifies matching bytes: 200 {evidenceId, status:"verified"}', async () => {
    const content = pdf('正确的文件');
    const slot = await requestUpload(owner, draft.applicationId, content);
    await uploadWithPresignedPost(slot.upload, content, 'application/pdf', '自评报告.pdf');
    const reply = await owner.post(
      `/v1/applications/${draft.applicationId}/evidence/${slot.evidenceId}/complete`,
    );
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body).toEqual({ evidenceId: slot.evidenceId, status: 'verified' });
  });

  it('refuses a file over the limit with 413, bad declarations with 400, and anyone but the owner with 404', async () => {
    const path = `/v1/applications/${draft.applicationId}/evidence`;
    const declaration = {
      fileName: '大文件.pdf',
      contentType: 'application/pdf',
      size: 1,
      sha256: 'a'.repeat(64),
    };
    expectProblem(
      await owner.post(path, { ...declaration, size: 50 * 1024 * 1024 + 1 }),
      413,
      'PAYLOAD_TOO_LARGE',
    );
    expectProblem(await owner.post(path, { ...declaration, size: 10 ** 15 }), 413, 'PAYLOAD_TOO_LARGE');
    expectProblem(
      await owner.post(path, { ...declaration, contentType: 'application/x-msdownload' }),
      400,
      'VALIDATION_FAILED',
    );
    const bad = expectProblem(
      await owner.post(path, { fileName: '', contentType: 7, size: -1, sha256: 'xyz' }),
      400,
    );
    expect(bad.errors.map((e: Json) => e.path)).toEqual(
      expect.arrayContaining(['fileName', 'contentType', 'size', 'sha256']),
    );
    expectProblem(await stranger.post(path, declaration), 404, 'NOT_FOUND');
    expectProblem(await staff.post(path, declaration), 403, 'FORBIDDEN');
  });
});

describe('submission', () => {
  it('refuses a draft without verified evidence with 422 EVIDENCE_NOT_VERIFIED and keeps the draft as it was', async () => {
    const draft = await owner.ok('POST', appsPath(), orgBody(20), 201);
    const before = await owner.ok('GET', `/v1/applications/${draft.applicationId}`);
    const reply = await owner.post(`/v1/applications/${draft.applicationId}/submit`);
    const problem = expectProblem(reply, 422, 'EVIDENCE_NOT_VERIFIED');
    expect(problem.errors.map((e: Json) => e.code)).toContain('EVIDENCE_NOT_VERIFIED');
    expect(await owner.ok('GET', `/v1/applications/${draft.applicationId}`)).toEqual(before);
  });

  const refusals: [string, () => Json][] = [
    [
      'INVALID_CREDIT_CODE',
      () => {
        const code = creditCode('140105', 5021);
        return orgBody(21, { creditCode: `${code.slice(0, 17)}${code.endsWith('0') ? '1' : '0'}` });
      },
    ],
    ['NOT_REGISTERED_IN_TAIYUAN', () => orgBody(22, { creditCode: creditCode('110105', 5022) })],
    ['OPERATING_LESS_THAN_3_YEARS', () => orgBody(23, { registeredOn: yearsBefore(CLOSES, 2) })],
    ['DECLARATION_MISSING', () => orgBody(24, { declarations: { noBadCreditRecord: false } })],
    ['BARRED', () => orgBody(25, { creditCode: creditCode('140108', 990025) })],
    [
      'INVALID_ID_NUMBER',
      () => {
        const id = idNumber('140105', '1979-05-05', 41);
        return individualBody([
          {
            name: '周明',
            idNumber: `${id.slice(0, 17)}${id.endsWith('0') ? '1' : '0'}`,
            qualityWorkSince: '2010-01-01',
          },
        ]);
      },
    ],
    [
      'QUALITY_WORK_LESS_THAN_3_YEARS',
      () =>
        individualBody([
          {
            name: '赵敏',
            idNumber: idNumber('140108', '1995-04-30', 43),
            qualityWorkSince: yearsBefore(CLOSES, 2),
          },
        ]),
    ],
    [
      'TOO_MANY_CO_APPLICANTS',
      () =>
        individualBody(
          [45, 47, 49, 51].map((serial, i) => ({
            name: ['王一', '王二', '王三', '王四'][i]!,
            idNumber: idNumber('140105', '1980-01-01', serial),
            qualityWorkSince: '2010-01-01',
          })),
        ),
    ],
  ];

  it.each(refusals)(
    'answers a draft breaking a rule with 422 %s, listing it, and keeps the draft',
    async (code, body) => {
      if (code === 'BARRED') {
        await staff.ok(
          'POST',
          '/v1/sanctions',
          {
            subject: { type: 'organization', creditCode: creditCode('140108', 990025) },
            kind: 'award-holder',
            barredFromOrdinal: round.ordinal,
            barredThroughOrdinal: round.ordinal + 1,
            reason: '上一届获奖组织（第六条）',
          },
          201,
        );
      }
      const draft = await owner.ok('POST', appsPath(), body(), 201);
      expect(draft.vetting.passed).toBe(false);
      expect(draft.vetting.findings.map((f: Json) => f.code)).toContain(code);
      await attachEvidence(owner, draft.applicationId);
      const before = await owner.ok('GET', `/v1/applications/${draft.applicationId}`);
      const problem = expectProblem(
        await owner.post(`/v1/applications/${draft.applicationId}/submit`),
        422,
        code,
      );
      expect(problem.errors.map((e: Json) => e.code)).toContain(code);
      const after = await owner.ok('GET', `/v1/applications/${draft.applicationId}`);
      expect(after).toEqual(before);
      expect(after.status).toBe('draft');
    },
  );

  it('lists every failed rule at once', async () => {
    const draft = await owner.ok(
      'POST',
      appsPath(),
      orgBody(26, {
        creditCode: creditCode('110105', 5026),
        registeredOn: yearsBefore(CLOSES, 1),
        declarations: { compliesWithLaw: false },
      }),
      201,
    );
    const problem = expectProblem(await owner.post(`/v1/applications/${draft.applicationId}/submit`), 422);
    expect(problem.errors.map((e: Json) => e.code)).toEqual(
      expect.arrayContaining([
        'NOT_REGISTERED_IN_TAIYUAN',
        'OPERATING_LESS_THAN_3_YEARS',
        'DECLARATION_MISSING',
        'EVIDENCE_NOT_VERIFIED',
      ]),
    );
  });

  it('submits: 200 status submitted with submittedAt; evidence is then 409 STAGE_CLOSED and a second submit 409', async () => {
    const draft = await owner.ok('POST', appsPath(), orgBody(27), 201);
    await attachEvidence(owner, draft.applicationId);
    const reply = await owner.post(`/v1/applications/${draft.applicationId}/submit`);
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body.status).toBe('submitted');
    expect(reply.body.submittedAt).toBe('2026-03-02T01:00:00.000Z');
    expect(reply.body.evidence.every((e: Json) => e.status === 'verified')).toBe(true);
    const late = await requestLate(draft.applicationId);
    expectProblem(late, 409, 'STAGE_CLOSED');
    expectProblem(await owner.post(`/v1/applications/${draft.applicationId}/submit`), 409);
    expectProblem(await stranger.post(`/v1/applications/${draft.applicationId}/submit`), 404, 'NOT_FOUND');
  });

  it('accepts drafts before the call opens but refuses their submission with 409 STAGE_CLOSED', async () => {
    const draft = await owner.ok('POST', `/v1/rounds/${futureRound.roundId}/applications`, orgBody(28), 201);
    await attachEvidence(owner, draft.applicationId);
    const reply = await owner.post(`/v1/applications/${draft.applicationId}/submit`);
    expectProblem(reply, 409, 'STAGE_CLOSED');
    expect((await owner.ok('GET', `/v1/applications/${draft.applicationId}`)).status).toBe('draft');
  });
});

const requestLate = (applicationId: string) =>
  owner.post(`/v1/applications/${applicationId}/evidence`, {
    fileName: '补充材料.pdf',
    contentType: 'application/pdf',
    size: 10,
    sha256: sha256(pdf('x')),
  });

describe('who sees an application, and personal data', () => {
  let person: Json;
  let company: Json;
  let landline: Json;
  let evidenceId: string;

  beforeAll(async () => {
    person = await owner.ok('POST', appsPath(), individualBody(members, '140106'), 201);
    evidenceId = await attachEvidence(owner, person.applicationId);
    person = await owner.ok('POST', `/v1/applications/${person.applicationId}/submit`, undefined, 200);
    // Submitted: before that an application is its owner's alone (PIPL Art. 29).
    company = await owner.ok('POST', appsPath(), orgBody(30, { phone: PHONE }), 201);
    await attachEvidence(owner, company.applicationId);
    company = await owner.ok('POST', `/v1/applications/${company.applicationId}/submit`, undefined, 200);
    landline = await owner.ok('POST', appsPath(), orgBody(32, { phone: LANDLINE }), 201);
    await attachEvidence(owner, landline.applicationId);
    landline = await owner.ok('POST', `/v1/applications/${landline.applicationId}/submit`, undefined, 200);
  });

  it('shows the owner the ID numbers and the phone in full', async () => {
    const view = await owner.get(`/v1/applications/${person.applicationId}`);
    expect(view.status).toBe(200);
    expect(view.body.members.map((m: Json) => m.idNumber)).toEqual(MEMBER_IDS);
    expect(
      (await owner.ok('GET', `/v1/applications/${company.applicationId}`)).organization.contact.phone,
    ).toBe(PHONE);
    expect(
      (await owner.ok('GET', `/v1/applications/${landline.applicationId}`)).organization.contact.phone,
    ).toBe(LANDLINE);
  });

  it('masks them for staff, the Leading Group, supervisors and the recommender of the jurisdiction', async () => {
    for (const [caller, name] of [
      [staff, 'staff'],
      [leader, 'leader'],
      [supervisor, 'supervisor'],
      [rec106, 'recommender'],
    ] as const) {
      const view = await caller.get(`/v1/applications/${person.applicationId}`);
      expect(view.status, `${name}: ${view.text}`).toBe(200);
      expect(view.body.members).toHaveLength(2);
      expectNoSecrets(view.text, SECRETS, `${name}'s view`);
      for (const member of view.body.members as Json[]) expect(member.idNumber).toMatch(/\*/);
    }
    for (const caller of [staff, leader, supervisor]) {
      for (const app of [company, landline]) {
        const view = await caller.get(`/v1/applications/${app.applicationId}`);
        expect(view.status).toBe(200);
        expect(view.body.organization.contact.phone).toMatch(/\*/);
        expectNoSecrets(view.text, SECRETS, 'company view');
      }
    }
  });

  it('answers 404 to another applicant, a recommender of another jurisdiction and an unassigned reviewer', async () => {
    expectProblem(await stranger.get(`/v1/applications/${person.applicationId}`), 404, 'NOT_FOUND');
    expectProblem(await rec105.get(`/v1/applications/${person.applicationId}`), 404, 'NOT_FOUND');
    expectProblem(await reviewer.get(`/v1/applications/${person.applicationId}`), 404, 'NOT_FOUND');
    expect((await stranger.ok('GET', '/v1/my/applications')).items).toEqual([]);
  });

  it('lists a round’s applications for staff with a status filter and pages, and a recommender’s own jurisdiction only', async () => {
    const all = await staff.ok('GET', appsPath());
    // The owner's many drafts are theirs alone (PIPL Art. 29): the list holds the submitted ones.
    expect(all.items.length).toBeGreaterThan(2);
    expect(all.items.every((a: Json) => a.status !== 'draft')).toBe(true);
    expectNoSecrets(JSON.stringify(all), SECRETS, 'staff list');
    const submitted = await leader.ok('GET', `${appsPath()}?status=submitted`);
    expect(submitted.items.length).toBeGreaterThan(0);
    expect(submitted.items.every((a: Json) => a.status === 'submitted')).toBe(true);

    const first = await supervisor.ok('GET', `${appsPath()}?limit=2`);
    expect(first.items).toHaveLength(2);
    expect(first.nextToken).toBeTypeOf('string');
    const second = await supervisor.ok(
      'GET',
      `${appsPath()}?limit=2&nextToken=${encodeURIComponent(first.nextToken)}`,
    );
    expect(second.items.length).toBeGreaterThan(0);
    const firstIds = new Set(first.items.map((a: Json) => a.applicationId));
    expect(second.items.some((a: Json) => firstIds.has(a.applicationId))).toBe(false);

    const mine = await rec106.ok('GET', appsPath());
    expect(mine.items.map((a: Json) => a.applicationId)).toContain(person.applicationId);
    expect(mine.items.every((a: Json) => a.jurisdiction === '140106')).toBe(true);
    expectNoSecrets(JSON.stringify(mine), SECRETS, 'recommender list');
    const theirs = await rec105.ok('GET', appsPath());
    expect(theirs.items.every((a: Json) => a.jurisdiction === '140105')).toBe(true);
    expectProblem(await owner.get(appsPath()), 403, 'FORBIDDEN');
    expectProblem(await reviewer.get(appsPath()), 403, 'FORBIDDEN');
  });

  it('lists only the caller’s own applications under /v1/my/applications', async () => {
    const mine = await owner.ok('GET', '/v1/my/applications');
    expect(mine.items.length).toBeGreaterThan(5);
    expect(mine.items.map((a: Json) => a.applicationId)).toContain(person.applicationId);
    for (const app of mine.items as Json[])
      expect(Object.keys(app)).toEqual(expect.arrayContaining(APPLICATION_KEYS));
  });

  it('gives evidence downloads to the owner and staff only ({url, expiresAt}) and audits each', async () => {
    const path = `/v1/applications/${person.applicationId}/evidence/${evidenceId}/download`;
    const mine = await owner.ok('GET', path);
    expect(mine.url).toMatch(/^https?:\/\//);
    expect(mine.expiresAt).toMatch(/Z$/);
    expect((await staff.get(path)).status).toBe(200);
    for (const caller of [stranger, rec106, reviewer, leader])
      expectProblem(await caller.get(path), 404, 'NOT_FOUND');
    const audit = (await supervisor.ok('GET', `/v1/audit?entityId=${person.applicationId}`)) as Json[];
    const downloads = audit.filter((e) => e.action === 'evidence.downloaded');
    expect(downloads.map((e) => e.actor)).toEqual(expect.arrayContaining(['owner-apps', 'staff-apps']));
  });

  it('recommends only by the recommender of the jurisdiction, once', async () => {
    const path = `/v1/applications/${person.applicationId}/recommendation`;
    const body = { decision: 'recommend', opinion: '经初审，符合申报条件，同意推荐。' };
    expectProblem(await rec105.post(path, body), 404, 'NOT_FOUND');
    expectProblem(await owner.post(path, body), 403, 'FORBIDDEN');
    expectProblem(await rec106.post(path, { decision: 'maybe', opinion: 3 }), 400, 'VALIDATION_FAILED');
    const reply = await rec106.post(path, body);
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body.status).toBe('recommended');
    expectNoSecrets(reply.text, SECRETS, 'recommendation answer');
    expectProblem(await rec106.post(path, { decision: 'decline', opinion: '改变主意' }), 409);
  });

  it('refuses qualification outside its stage with 409 STAGE_CLOSED', async () => {
    const reply = await staff.post(`/v1/applications/${person.applicationId}/qualification`, {
      decision: 'qualified',
    });
    expectProblem(reply, 409, 'STAGE_CLOSED');
    expect((await staff.ok('GET', `/v1/applications/${person.applicationId}`)).status).toBe('recommended');
  });

  it('keeps an audit trail {at, actor, role, action, entityId} with `{entity}.{past tense}` actions and no personal data', async () => {
    const audit = await staff.get(`/v1/audit?entityId=${person.applicationId}`);
    expect(audit.status).toBe(200);
    const entries = audit.body as Json[];
    for (const entry of entries) {
      expect(Object.keys(entry)).toEqual(
        expect.arrayContaining(['at', 'actor', 'role', 'action', 'entityId']),
      );
      expect(entry.action).toMatch(PAST_TENSE_ACTION);
    }
    const actions = entries.map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'application.created',
        'application.submitted',
        'application.recommended',
        'evidence.downloaded',
      ]),
    );
    expect(actions.indexOf('application.created')).toBeLessThan(actions.indexOf('application.submitted'));
    expectUtcInstants(entries);
    expectNoSecrets(audit.text, SECRETS, 'audit trail');
    expectNoSecrets(
      (await staff.get(`/v1/audit?entityId=${company.applicationId}`)).text,
      SECRETS,
      'audit trail',
    );
    expectProblem(await owner.get(`/v1/audit?entityId=${person.applicationId}`), 403, 'FORBIDDEN');
  });

  it('withdraws: 200 with status withdrawn, for the owner only', async () => {
    const draft = await owner.ok('POST', appsPath(), orgBody(31), 201);
    expectProblem(await stranger.post(`/v1/applications/${draft.applicationId}/withdraw`), 404, 'NOT_FOUND');
    const reply = await owner.post(`/v1/applications/${draft.applicationId}/withdraw`, {
      reason: '暂不申报',
    });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body.status).toBe('withdrawn');
    expect((await owner.ok('GET', `/v1/applications/${draft.applicationId}`)).status).toBe('withdrawn');
    const audit = (await staff.ok('GET', `/v1/audit?entityId=${draft.applicationId}`)) as Json[];
    expect(audit.map((e) => e.action)).toContain('application.withdrawn');
  });
});

describe('when the call closes', () => {
  it('moves the round to qualification by itself at callClosesAt and closes drafts, evidence and submission (409 STAGE_CLOSED)', async () => {
    const draft = await owner.ok('POST', appsPath(), orgBody(40), 201);
    await attachEvidence(owner, draft.applicationId);
    await http.moveClockTo('2026-03-20T08:59:59Z');
    expect((await staff.ok('GET', `/v1/rounds/${round.roundId}`)).stage).toBe('call-open');
    await http.moveClockTo('2026-03-20T09:00:00Z');
    const closed = await staff.ok('GET', `/v1/rounds/${round.roundId}`);
    expect(closed.stage).toBe('qualification');
    expect(closed.stageHistory.map((h: Json) => h.stage)).toEqual(['call-open', 'qualification']);

    expectProblem(await owner.post(`/v1/applications/${draft.applicationId}/submit`), 409, 'STAGE_CLOSED');
    expectProblem(await owner.post(appsPath(), orgBody(41)), 409, 'STAGE_CLOSED');
    expectProblem(await requestLate(draft.applicationId), 409, 'STAGE_CLOSED');
    expect((await owner.ok('GET', `/v1/applications/${draft.applicationId}`)).status).toBe('draft');
  });

  it('then records qualification: a refusal needs a reason, only staff may decide', async () => {
    const recommended = (await staff.ok('GET', `${appsPath()}?status=recommended`)).items as Json[];
    expect(recommended.length).toBeGreaterThan(0);
    const target = recommended[0].applicationId as string;
    const path = `/v1/applications/${target}/qualification`;
    expectProblem(await staff.post(path, { decision: 'disqualified' }), 400, 'VALIDATION_FAILED');
    expectProblem(await leader.post(path, { decision: 'qualified' }), 403, 'FORBIDDEN');
    const reply = await staff.post(path, { decision: 'qualified' });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body.status).toBe('qualified');
    expectNoSecrets(reply.text, SECRETS, 'qualification answer');
  });
});

describe('the logs', () => {
  it('never hold an ID number or a phone number in full', () => {
    const logs = captured.join('');
    // Each request's event was logged, so the bodies that carried the numbers were there to leak.
    expect(logs).toMatch(/140\*{13}\w{2}/);
    expect(logs.length).toBeGreaterThan(100_000);
    expectNoSecrets(logs, SECRETS, 'the logs');
  });
});
