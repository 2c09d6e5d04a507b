/**
 * One small round played whole through API.md, checking each stage's behaviour and answers on the
 * way: the call closing by itself, qualification and its preconditions, the accepted list and
 * real-name objections (the round waiting while one is pending, WINDOW_CLOSED afterwards), review
 * with conflicts of interest and NOT_ASSIGNED, the on-site list, the ranking and its flags, the
 * Leading Group's decision within the quotas, the winners window, approval and announcement, awards,
 * revocation and sanctions, the audit trail, and personal data kept masked throughout.
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
  startContractPlatform,
  yearsBefore,
} from './support.ts';

let platform: Platform;
let http: Http;
let staff: Caller;
let leader: Caller;
let supervisor: Caller;
let rec105: Caller;
let rec106: Caller;
let round: Json;

const CLOSES = '2026-03-06T17:00:00+08:00';
const ORG_NAMES = [
  '太原晋阳轴承有限公司',
  '太原汾河装备有限公司',
  '太原龙城物流有限公司',
  '太原并州软件有限公司',
  '太原迎泽建设有限公司',
  '太原清徐醋业有限公司',
];
const ORG_CODES = ORG_NAMES.map((_, i) => creditCode('140105', 7001 + i));
const PERSON_ID = idNumber('140106', '1980-11-02', 71);
const TEAM_IDS = [idNumber('140109', '1985-06-21', 73), idNumber('140110', '1988-09-09', 75)];
const OBJECTOR_PHONE = '13712345678';
const OBJECTOR_ID = idNumber('140105', '1979-05-05', 31);
const OBJECTOR_LANDLINE = '0351-7654321';
const SECRETS = [PERSON_ID, ...TEAM_IDS, OBJECTOR_PHONE, OBJECTOR_ID, OBJECTOR_LANDLINE, '03517654321'];

/** Applications by short name: A1..A6 organizations, I1 one person, I2 a team of two. */
const apps: Record<string, Json> = {};
const owners: Record<string, Caller> = {};
const reviewers: Record<string, Caller> = {};
let accepted: Json;
let winners: Json;
const objections: Record<string, string> = {};

const path = (suffix = '') => `/v1/rounds/${round.roundId}${suffix}`;
const appPath = (name: string, suffix = '') => `/v1/applications/${apps[name]!.applicationId}${suffix}`;
const objection = (applicationId: string, extra: Json = {}) => ({
  applicationId,
  name: '周明',
  phone: OBJECTOR_PHONE,
  idNumber: OBJECTOR_ID,
  content: '该单位近三年内发生过一起较大生产安全事故，申报材料中未如实说明。',
  ...extra,
});

beforeAll(async () => {
  platform = await startContractPlatform();
  http = new Http(platform.url);
  staff = await http.as({ sub: 'staff-round', roles: ['staff'], name: '评选办 李工' });
  leader = await http.as({ sub: 'leader-round', roles: ['leader'] });
  supervisor = await http.as({ sub: 'supervisor-round', roles: ['supervisor'] });
  rec105 = await http.as({ sub: 'rec-140105', roles: ['recommender'], jurisdiction: '140105' });
  rec106 = await http.as({ sub: 'rec-140106', roles: ['recommender'], jurisdiction: '140106' });
  for (const [id, name, organizationCode] of [
    ['rev-1', '王教授', creditCode('140107', 8001)],
    ['rev-2', '赵研究员', creditCode('140107', 8002)],
    ['rev-3', '孙高工', creditCode('140107', 8003)],
    ['rev-c', '钱高工', ORG_CODES[0]!],
  ] as const) {
    reviewers[id] = await http.as({ sub: id, roles: ['reviewer'], name, organizationCode });
  }
}, 120_000);

afterAll(async () => {
  await platform?.stop();
});

/** The rubric's items at `share` of each item's maximum. */
async function sheet(category: string, share: number): Promise<Record<string, number>> {
  const rubric = await staff.ok('GET', `/v1/rubrics/${category}`);
  return Object.fromEntries(
    (rubric.items as Json[]).map((item) => [item.itemId, Math.round(item.maxPoints * share)]),
  );
}

async function assignAndScore(
  stage: string,
  names: string[],
  panel: string[],
  share: (name: string, reviewer: string) => number,
) {
  for (const name of names) {
    await staff.ok(
      'POST',
      path('/assignments'),
      { stage, applicationId: apps[name]!.applicationId, reviewerIds: panel },
      201,
    );
    for (const reviewerId of panel) {
      const items = await sheet(apps[name]!.category, share(name, reviewerId));
      await reviewers[reviewerId]!.ok(
        'PUT',
        appPath(name, `/scores/${stage}`),
        { items, comment: '依据评价标准逐项评分。' },
        200,
      );
    }
  }
}

describe('the call', () => {
  it('opens a round whose ordinal defaults to 1 on an empty platform', async () => {
    round = await staff.ok(
      'POST',
      '/v1/rounds',
      {
        title: '第一届太原市政府质量奖（全流程契约测试）',
        callOpensAt: '2026-03-02T09:00:00+08:00',
        callClosesAt: CLOSES,
      },
      201,
    );
    expect(round.ordinal).toBe(1);
    expect(round.stage).toBe('call-open');
  });

  it('takes applications from organizations, a person and a team, each submitted with verified evidence', async () => {
    const filings: [string, Json][] = [
      ...ORG_NAMES.map((name, i): [string, Json] => [
        `A${i + 1}`,
        organizationBody({
          name,
          creditCode: ORG_CODES[i]!,
          registeredOn: yearsBefore(CLOSES, 6 + i),
          phone: '13800138000',
        }),
      ]),
      [
        'I1',
        individualBody(
          [{ name: '李秀英', idNumber: PERSON_ID, qualityWorkSince: yearsBefore(CLOSES, 15) }],
          '140106',
        ),
      ],
      [
        'I2',
        individualBody(
          [
            { name: '张志强', idNumber: TEAM_IDS[0]!, qualityWorkSince: yearsBefore(CLOSES, 12) },
            { name: '刘红梅', idNumber: TEAM_IDS[1]!, qualityWorkSince: yearsBefore(CLOSES, 10) },
          ],
          '140106',
        ),
      ],
    ];
    for (const [name, body] of filings) {
      owners[name] = await http.as({ sub: `owner-${name}`, roles: ['applicant'] });
      const draft = await owners[name]!.ok('POST', path('/applications'), body, 201);
      await attachEvidence(owners[name]!, draft.applicationId);
      apps[name] = await owners[name]!.ok(
        'POST',
        `/v1/applications/${draft.applicationId}/submit`,
        undefined,
        200,
      );
      expect(apps[name].status).toBe('submitted');
    }
    expect(apps.I2.displayName).toContain('张志强');
  });

  it('gets each recommendation from the recommender of the jurisdiction', async () => {
    for (const name of Object.keys(apps)) {
      const recommender = apps[name]!.jurisdiction === '140105' ? rec105 : rec106;
      const decision = name === 'A6' ? 'decline' : 'recommend';
      const reply = await recommender.post(appPath(name, '/recommendation'), {
        decision,
        opinion: '经初审出具推荐意见。',
      });
      expect(reply.status, reply.text).toBe(200);
      expect(reply.body.status).toBe(decision === 'recommend' ? 'recommended' : 'not-recommended');
    }
  });

  it('closes by itself at callClosesAt: the round moves to qualification', async () => {
    expectProblem(await staff.post(path('/advance'), { to: 'qualification' }), 409);
    await http.moveClockTo('2026-03-06T09:00:00Z');
    const now = await staff.ok('GET', path());
    expect(now.stage).toBe('qualification');
  });
});

describe('qualification and the accepted list', () => {
  it('refuses the advance while applications wait for their decision, listing each (409 STAGE_PRECONDITION_FAILED)', async () => {
    const problem = expectProblem(
      await staff.post(path('/advance'), { to: 'accepted-publicity' }),
      409,
      'STAGE_PRECONDITION_FAILED',
    );
    const paths = problem.errors.map((e: Json) => e.path).join(' ');
    for (const name of ['A1', 'A2', 'A3', 'A4', 'A5', 'I1', 'I2'])
      expect(paths).toContain(apps[name]!.applicationId);
    expect(paths).not.toContain(apps.A6!.applicationId);
    expect((await staff.ok('GET', path())).stage).toBe('qualification');
  });

  it('advances once every recommended application has its decision; the accepted window opens for 5 working days', async () => {
    for (const name of ['A1', 'A2', 'A3', 'A4', 'A5', 'I1', 'I2']) {
      const decision =
        name === 'I2'
          ? { decision: 'disqualified', reason: '证实材料不足以证明从事质量工作满三年。' }
          : { decision: 'qualified' };
      await staff.ok('POST', appPath(name, '/qualification'), decision, 200);
    }
    const reply = await staff.post(path('/advance'), { to: 'accepted-publicity', note: '资格审查完成' });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body.stage).toBe('accepted-publicity');
    accepted = reply.body.windows.find((w: Json) => w.kind === 'accepted');
    expect(Object.keys(accepted)).toEqual(
      expect.arrayContaining(['windowId', 'roundId', 'kind', 'opensAt', 'closesAt', 'status', 'entries']),
    );
    // Published Friday 2026-03-06; Mon 9 … Fri 13 are the 5 working days → 24:00 Beijing on the 13th.
    expect(accepted).toMatchObject({
      roundId: round.roundId,
      status: 'open',
      closesAt: '2026-03-13T16:00:00.000Z',
    });
    expect(accepted.entries.map((e: Json) => e.applicationId).sort()).toEqual(
      ['A1', 'A2', 'A3', 'A4', 'A5', 'I1'].map((n) => apps[n]!.applicationId).sort(),
    );
    for (const entry of accepted.entries as Json[]) {
      expect(Object.keys(entry)).toEqual(
        expect.arrayContaining(['applicationId', 'displayName', 'category']),
      );
    }
    expectUtcInstants(reply.body);
    expect((await staff.ok('GET', appPath('A1'))).status).toBe('accepted');
  });

  it('publishes the notice to the public without a token', async () => {
    const list = await http.call('GET', '/v1/public/notices');
    expect(list.status).toBe(200);
    expect(list.body.map((w: Json) => w.windowId)).toContain(accepted.windowId);
    const one = await http.call('GET', `/v1/public/notices/${accepted.windowId}`);
    expect(one.status).toBe(200);
    expect(one.body.entries).toHaveLength(6);
    expectNoSecrets(one.text, SECRETS, 'public notice');
  });
});

describe('objections (real name) and the round waiting for them', () => {
  it('validates the real name: phone, and an ID number or a credit code', async () => {
    const url = `/v1/public/notices/${accepted.windowId}/objections`;
    const noId = expectProblem(
      await http.public.post(url, objection(apps.A5!.applicationId, { idNumber: undefined })),
      400,
      'VALIDATION_FAILED',
    );
    expect(noId.errors.map((e: Json) => e.path)).toContain('idNumber');
    const badPhone = expectProblem(
      await http.public.post(url, objection(apps.A5!.applicationId, { phone: '12345' })),
      400,
    );
    expect(badPhone.errors.map((e: Json) => e.path)).toContain('phone');
    const badId = `${OBJECTOR_ID.slice(0, 17)}${OBJECTOR_ID.endsWith('0') ? '1' : '0'}`;
    const refused = await http.public.post(url, objection(apps.A5!.applicationId, { idNumber: badId }));
    expectProblem(refused, 422, 'INVALID_ID_NUMBER');
    const badCode = creditCode('140106', 9001).replace(/.$/, (c) => (c === '0' ? '1' : '0'));
    const byCompany = objection(apps.A5!.applicationId, { idNumber: undefined, creditCode: badCode });
    expectProblem(await http.public.post(url, byCompany), 422, 'INVALID_CREDIT_CODE');
    expect(refused.text).not.toContain(badId);
    expectProblem(await http.public.post(url, objection(apps.A6!.applicationId)), 404, 'NOT_FOUND');
    expectProblem(
      await http.public.post(url, { applicationId: 5, name: [], phone: null, content: {} }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('files an objection: 201 {objectionId}; the same Idempotency-Key replays it and files nothing new', async () => {
    const url = `/v1/public/notices/${accepted.windowId}/objections`;
    const key = { 'idempotency-key': 'objection-key-1' };
    const body = objection(apps.A5!.applicationId);
    const once = await http.public.post(url, body, key);
    expect(once.status, once.text).toBe(201);
    expect(once.body).toEqual({ objectionId: expect.any(String) });
    const again = await http.public.post(url, body, key);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(once.body);
    const other = await http.public.post(
      url,
      { ...body, content: '另一条异议内容，与第一条不同，请核查。' },
      key,
    );
    expect(other.status).toBeGreaterThanOrEqual(400);
    expect(other.status).toBeLessThan(500);
    objections.upheld = once.body.objectionId;

    const byCompany = await http.public.post(url, {
      applicationId: apps.A4!.applicationId,
      name: '太原某竞争企业有限公司',
      phone: OBJECTOR_LANDLINE,
      creditCode: creditCode('140106', 9001),
      content: '该单位申报的质量管理成果系借用其他单位成果，请予核查。',
    });
    expect(byCompany.status, byCompany.text).toBe(201);
    objections.dismissed = byCompany.body.objectionId;
    const listed = (await staff.ok('GET', path('/objections'))) as Json[];
    expect(listed).toHaveLength(2);
  });

  it('lists objections for staff and supervisors with the objector’s numbers masked', async () => {
    for (const caller of [staff, supervisor]) {
      const reply = await caller.get(path('/objections'));
      expect(reply.status).toBe(200);
      expectNoSecrets(reply.text, SECRETS, 'objections list');
      const upheld = (reply.body as Json[]).find((o) => o.objectionId === objections.upheld);
      expect(upheld.applicationId).toBe(apps.A5!.applicationId);
      expectUtcInstants(reply.body);
    }
    expectProblem(await owners.A1!.get(path('/objections')), 403, 'FORBIDDEN');
    expectProblem(await leader.get(path('/objections')), 403, 'FORBIDDEN');
  });

  it('records a resolution (staff only, once, with findings)', async () => {
    const url = `/v1/objections/${objections.dismissed}/resolution`;
    expectProblem(await staff.post(url, { outcome: 'maybe', findings: '' }), 400, 'VALIDATION_FAILED');
    expectProblem(
      await supervisor.post(url, { outcome: 'dismissed', findings: '经核查不属实。' }),
      403,
      'FORBIDDEN',
    );
    const reply = await staff.post(url, {
      outcome: 'dismissed',
      findings: '经向有关部门核实，所反映情况不属实。',
    });
    expect(reply.status, reply.text).toBe(200);
    expectNoSecrets(reply.text, SECRETS, 'resolution answer');
    expectProblem(await staff.post(url, { outcome: 'upheld', findings: '改判' }), 409);
  });

  it('extends the window later only (staff), and the round waits past the end while an objection is pending', async () => {
    const url = `/v1/windows/${accepted.windowId}/extension`;
    const shorter = await staff.post(url, { closesAt: '2026-03-12T16:00:00Z' });
    expect([400, 409, 422]).toContain(shorter.status);
    expectProblem(shorter, shorter.status);
    expectProblem(await supervisor.post(url, { closesAt: '2026-03-16T16:00:00Z' }), 403, 'FORBIDDEN');
    const extended = await staff.post(url, { closesAt: '2026-03-17T00:00:00+08:00' });
    expect(extended.status, extended.text).toBe(200);
    expect(extended.body).toMatchObject({
      windowId: accepted.windowId,
      closesAt: '2026-03-16T16:00:00.000Z',
      status: 'open',
    });

    await http.moveClockTo('2026-03-16T16:00:01Z');
    const notice = await http.public.get(`/v1/public/notices/${accepted.windowId}`);
    expect(notice.body.status).toBe('awaiting-objections');
    expect((await staff.ok('GET', path())).stage).toBe('accepted-publicity');
    await http.moveClockTo('2026-03-18T02:00:00Z');
    expect((await staff.ok('GET', path())).stage).toBe('accepted-publicity');
  });

  it('refuses an objection after the window closed with 409 WINDOW_CLOSED', async () => {
    const url = `/v1/public/notices/${accepted.windowId}/objections`;
    expectProblem(await http.public.post(url, objection(apps.A1!.applicationId)), 409, 'WINDOW_CLOSED');
    const extension = await staff.post(`/v1/windows/${accepted.windowId}/extension`, {
      closesAt: '2026-03-30T16:00:00Z',
    });
    expectProblem(extension, 409, 'WINDOW_CLOSED');
  });

  it('no longer lets an applicant withdraw once qualification is over (409)', async () => {
    expectProblem(await owners.A1!.post(appPath('A1', '/withdraw')), 409);
    expect((await owners.A1!.ok('GET', appPath('A1'))).status).toBe('accepted');
  });

  it('moves on by itself once the last objection is resolved; the upheld one strikes its application with no move-up', async () => {
    const reply = await staff.post(`/v1/objections/${objections.upheld}/resolution`, {
      outcome: 'upheld',
      findings: '经向市应急管理局核实，该单位2024年发生较大生产安全事故属实。',
    });
    expect(reply.status, reply.text).toBe(200);
    const now = await staff.ok('GET', path());
    expect(now.stage).toBe('material-review');
    const window = now.windows.find((w: Json) => w.kind === 'accepted');
    expect(window.status).toBe('closed');
    expect(window.entries.map((e: Json) => e.applicationId)).not.toContain(apps.A5!.applicationId);
    expect((await staff.ok('GET', appPath('A5'))).status).toBe('struck');
    expect((await staff.ok('GET', appPath('A1'))).status).toBe('in-review');
    const inReview = await staff.ok('GET', path('/applications?status=in-review'));
    expect(inReview.items.map((a: Json) => a.applicationId).sort()).toEqual(
      ['A1', 'A2', 'A3', 'A4', 'I1'].map((n) => apps[n]!.applicationId).sort(),
    );
    const audit = (await supervisor.ok('GET', `/v1/audit?entityId=${objections.upheld}`)) as Json[];
    expect(audit.map((e) => e.action)).toEqual(
      expect.arrayContaining(['objection.filed', 'objection.resolved']),
    );
    expectNoSecrets(JSON.stringify(audit), SECRETS, 'objection audit');
  });
});

describe('review', () => {
  it('registers reviewers and refuses a conflicted one with 409 CONFLICT_OF_INTEREST naming the reviewer', async () => {
    for (const [id, caller] of Object.entries(reviewers)) {
      const identity = caller.identity!;
      const reply = await staff.put(`/v1/reviewers/${id}`, {
        name: identity.name,
        organizationCode: identity.organizationCode,
        fields: ['质量管理'],
      });
      expect(reply.status, reply.text).toBe(200);
    }
    expectProblem(await owners.A1!.put('/v1/reviewers/rev-x', { name: '某人' }), 403, 'FORBIDDEN');
    const blocked = await staff.post(path('/assignments'), {
      stage: 'material',
      applicationId: apps.A1!.applicationId,
      reviewerIds: ['rev-c'],
    });
    const problem = expectProblem(blocked, 409, 'CONFLICT_OF_INTEREST');
    expect(`${problem.detail} ${JSON.stringify(problem.errors)}`).toContain('钱高工');

    // A former employer within 3 years is a conflict too (回避).
    const former = await staff.put('/v1/reviewers/rev-f', {
      name: '吴前工',
      formerEmployers: [{ creditCode: ORG_CODES[1], until: '2025-06-30' }],
    });
    expect(former.status, former.text).toBe(200);
    const formerBlocked = await staff.post(path('/assignments'), {
      stage: 'material',
      applicationId: apps.A2!.applicationId,
      reviewerIds: ['rev-f'],
    });
    expect(expectProblem(formerBlocked, 409, 'CONFLICT_OF_INTEREST').detail).toContain('吴前工');
    const badCode = await staff.put('/v1/reviewers/rev-g', {
      name: '某专家',
      organizationCode: '91140105MA0000000Z',
    });
    expectProblem(badCode, 422, 'INVALID_CREDIT_CODE');
  });

  it('lets only assigned reviewers read and score (others: 404 on reads, 403 NOT_ASSIGNED on scores)', async () => {
    await staff.ok(
      'POST',
      path('/assignments'),
      { stage: 'material', applicationId: apps.I1!.applicationId, reviewerIds: ['rev-1', 'rev-2'] },
      201,
    );
    const view = await reviewers['rev-1']!.get(appPath('I1'));
    expect(view.status).toBe(200);
    expectNoSecrets(view.text, SECRETS, 'reviewer view');
    expectProblem(await reviewers['rev-3']!.get(appPath('I1')), 404, 'NOT_FOUND');
    const items = await sheet('individual', 0.8);
    expectProblem(
      await reviewers['rev-3']!.put(appPath('I1', '/scores/material'), { items }),
      403,
      'NOT_ASSIGNED',
    );
    expectProblem(
      await reviewers['rev-1']!.put(appPath('I1', '/scores/onsite'), { items }),
      403,
      'NOT_ASSIGNED',
    );
    expectProblem(
      await reviewers['rev-1']!.put(appPath('I1', '/scores/final'), { items }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('refuses points outside an item’s range with 422 SCORE_OUT_OF_RANGE', async () => {
    const items = await sheet('individual', 0.8);
    const [first] = Object.keys(items);
    const tooMany = await reviewers['rev-1']!.put(appPath('I1', '/scores/material'), {
      items: { ...items, [first!]: 1000 },
    });
    expectProblem(tooMany, 422, 'SCORE_OUT_OF_RANGE');
    const negative = await reviewers['rev-1']!.put(appPath('I1', '/scores/material'), {
      items: { ...items, [first!]: -1 },
    });
    expectProblem(negative, 422, 'SCORE_OUT_OF_RANGE');
    expectProblem(
      await reviewers['rev-1']!.put(appPath('I1', '/scores/material'), { items: 'all ten' }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('keeps a score sheet consistent under concurrent and stale writes (409 VERSION_CONFLICT, never 5xx)', async () => {
    const items = await sheet('individual', 0.85);
    const stored = await reviewers['rev-1']!.ok('PUT', appPath('I1', '/scores/material'), { items }, 200);
    expect(stored.version).toBe(1);
    const stale = await reviewers['rev-1']!.put(appPath('I1', '/scores/material'), { items, version: 0 });
    expectProblem(stale, 409, 'VERSION_CONFLICT');
    const parallel = await Promise.all(
      Array.from({ length: 6 }, () =>
        reviewers['rev-1']!.put(appPath('I1', '/scores/material'), { items, version: 1 }),
      ),
    );
    expect(parallel.filter((r) => r.status === 200)).toHaveLength(1);
    for (const reply of parallel.filter((r) => r.status !== 200))
      expectProblem(reply, 409, 'VERSION_CONFLICT');
  });

  it('lets an assigned reviewer download the evidence (audited), and no other reviewer', async () => {
    const evidenceId = (await owners.I1!.ok('GET', appPath('I1'))).evidence[0].evidenceId as string;
    const url = appPath('I1', `/evidence/${evidenceId}/download`);
    const granted = await reviewers['rev-1']!.get(url);
    expect(granted.status, granted.text).toBe(200);
    expect(granted.body).toEqual({ url: expect.any(String), expiresAt: expect.stringMatching(/Z$/) });
    expectProblem(await reviewers['rev-3']!.get(url), 404, 'NOT_FOUND');
    const audit = (await supervisor.ok('GET', `/v1/audit?entityId=${apps.I1!.applicationId}`)) as Json[];
    expect(audit.filter((e) => e.action === 'evidence.downloaded').map((e) => e.actor)).toContain('rev-1');
  });

  it('withdraws a reviewer who declares a conflict: reads become 404, scores 403 NOT_ASSIGNED', async () => {
    await staff.ok(
      'POST',
      path('/assignments'),
      { stage: 'material', applicationId: apps.A4!.applicationId, reviewerIds: ['rev-1', 'rev-2'] },
      201,
    );
    expect((await reviewers['rev-2']!.get(appPath('A4'))).status).toBe(200);
    const reply = await reviewers['rev-2']!.post(appPath('A4', '/conflicts'), {
      reason: '本人近三年曾为该单位提供咨询服务。',
    });
    expect(reply.status, reply.text).toBe(200);
    expectProblem(await reviewers['rev-2']!.get(appPath('A4')), 404, 'NOT_FOUND');
    const items = await sheet('organization', 0.7);
    expectProblem(
      await reviewers['rev-2']!.put(appPath('A4', '/scores/material'), { items }),
      403,
      'NOT_ASSIGNED',
    );
  });

  it('refuses the move to on-site review while scores are missing, naming the applications', async () => {
    const problem = expectProblem(
      await staff.post(path('/advance'), { to: 'onsite-review', selected: [apps.A1!.applicationId] }),
      409,
      'STAGE_PRECONDITION_FAILED',
    );
    const text = JSON.stringify(problem.errors);
    for (const name of ['A1', 'A4', 'I1']) expect(text).toContain(apps[name]!.applicationId);
  });

  it('moves to on-site review with the selected list; the others become not-selected', async () => {
    // A1's two material sheets diverge by 40% of the maximum: the ranking flags it.
    await assignAndScore('material', ['A1', 'A2', 'A3'], ['rev-1', 'rev-2'], (name, reviewer) =>
      name === 'A1' ? (reviewer === 'rev-1' ? 0.9 : 0.5) : 0.7,
    );
    for (const reviewer of ['rev-1', 'rev-2']) {
      await reviewers[reviewer]!.ok(
        'PUT',
        appPath('I1', '/scores/material'),
        { items: await sheet('individual', 0.85) },
        200,
      );
    }
    await reviewers['rev-1']!.ok(
      'PUT',
      appPath('A4', '/scores/material'),
      { items: await sheet('organization', 0.6) },
      200,
    );
    const selected = ['A1', 'A2', 'A3', 'I1'].map((n) => apps[n]!.applicationId);
    const reply = await staff.post(path('/advance'), { to: 'onsite-review', selected });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body.stage).toBe('onsite-review');
    expect((await staff.ok('GET', appPath('A4'))).status).toBe('not-selected');
    for (const name of ['A1', 'A2', 'A3', 'I1'])
      expect((await staff.ok('GET', appPath(name))).status).toBe('in-review');
  });

  it('runs on-site review and the defence, then evaluation moves to decision by itself with the ranking', async () => {
    await assignAndScore(
      'onsite',
      ['A1', 'A2', 'A3', 'I1'],
      ['rev-3'],
      (name) => ({ A1: 0.9, A2: 0.8, A3: 0.6, I1: 0.85 })[name] ?? 0.5,
    );
    // Two staff moving the round at the same moment: one wins, the other gets a 409, never a 5xx.
    const moves = await Promise.all(
      Array.from({ length: 3 }, () => staff.post(path('/advance'), { to: 'defense' })),
    );
    expect(moves.filter((r) => r.status === 200)).toHaveLength(1);
    for (const reply of moves.filter((r) => r.status !== 200)) expectProblem(reply, 409);
    const history = (await staff.ok('GET', path())).stageHistory as Json[];
    expect(history.filter((h) => h.stage === 'defense')).toHaveLength(1);
    await assignAndScore(
      'defense',
      ['A1', 'A2', 'A3', 'I1'],
      ['rev-3'],
      (name) => ({ A1: 0.9, A2: 0.8, A3: 0.6, I1: 0.85 })[name] ?? 0.5,
    );
    const reply = await staff.post(path('/advance'), { to: 'evaluation', note: '答辩完成' });
    expect(reply.status, reply.text).toBe(200);
    expect((await staff.ok('GET', path())).stage).toBe('decision');
  });
});

describe('ranking, decision and the winners', () => {
  let ranking: Json[];

  it('shows the ranking to staff, the Leading Group and supervisors, with the divergent-scores flag', async () => {
    ranking = await leader.ok('GET', path('/ranking'));
    expect((await staff.get(path('/ranking'))).status).toBe(200);
    expect((await supervisor.get(path('/ranking'))).status).toBe(200);
    expectProblem(await reviewers['rev-1']!.get(path('/ranking')), 403, 'FORBIDDEN');
    expectProblem(await owners.A1!.get(path('/ranking')), 403, 'FORBIDDEN');
    for (const row of ranking) {
      expect(Object.keys(row)).toEqual(
        expect.arrayContaining([
          'applicationId',
          'category',
          'displayName',
          'stageScores',
          'compositePercent',
          'rank',
          'proposedTier',
          'flags',
        ]),
      );
      expect(Object.keys(row.stageScores)).toEqual(expect.arrayContaining(['material', 'onsite', 'defense']));
      expect([null, 'award', 'nomination']).toContain(row.proposedTier);
    }
    expect(ranking.map((r) => r.rank)).toEqual([...ranking.keys()].map((i) => i + 1));
    const a1 = ranking.find((r) => r.applicationId === apps.A1!.applicationId);
    expect(a1.flags).toContain('divergent-scores');
    const a2 = ranking.find((r) => r.applicationId === apps.A2!.applicationId);
    expect(a2.flags).not.toContain('divergent-scores');
    const percents = ranking.map((r) => r.compositePercent as number);
    expect(percents).toEqual([...percents].sort((a, b) => b - a));
    expect(ranking.map((r) => r.applicationId).sort()).toEqual(
      ['A1', 'A2', 'A3', 'I1'].map((n) => apps[n]!.applicationId).sort(),
    );
  });

  it('refuses six awards with 422 QUOTA_EXCEEDED and records nothing', async () => {
    const ids = ['A1', 'A2', 'A3', 'A4', 'A5', 'I1'].map((n) => apps[n]!.applicationId);
    const problem = expectProblem(
      await leader.post(path('/decision'), { award: ids, nomination: [], note: '全部授奖' }),
      422,
      'QUOTA_EXCEEDED',
    );
    expect(problem.errors[0].path).toBe('award');
    expect((await staff.ok('GET', path())).stage).toBe('decision');
    expectProblem(await staff.post(path('/decision'), { award: [], nomination: [] }), 403, 'FORBIDDEN');
  });

  it('records the decision; the round moves to winner-publicity with the proposed tiers listed', async () => {
    const award = ranking.filter((r) => r.proposedTier === 'award').map((r) => r.applicationId);
    const nomination = ranking.filter((r) => r.proposedTier === 'nomination').map((r) => r.applicationId);
    const reply = await leader.post(path('/decision'), { award, nomination, note: '同意建议名单。' });
    expect(reply.status, reply.text).toBe(200);
    const now = await staff.ok('GET', path());
    expect(now.stage).toBe('winner-publicity');
    winners = now.windows.find((w: Json) => w.kind === 'winners');
    expect(winners.status).toBe('open');
    expect(winners.entries.map((e: Json) => e.applicationId).sort()).toEqual(
      [...award, ...nomination].sort(),
    );
    for (const entry of winners.entries as Json[]) expect(['award', 'nomination']).toContain(entry.tier);
    expectProblem(await leader.post(path('/decision'), { award, nomination }), 409);
  });

  it('moves to approval by itself once the winners window has closed with its objections resolved', async () => {
    const filed = await http.public.post(
      `/v1/public/notices/${winners.windowId}/objections`,
      objection(apps.A2!.applicationId),
    );
    expect(filed.status, filed.text).toBe(201);
    const resolutions = await Promise.all(
      Array.from({ length: 3 }, () =>
        staff.post(`/v1/objections/${filed.body.objectionId}/resolution`, {
          outcome: 'dismissed',
          findings: '经核实，所反映问题不属实。',
        }),
      ),
    );
    expect(resolutions.filter((r) => r.status === 200)).toHaveLength(1);
    for (const reply of resolutions.filter((r) => r.status !== 200)) expectProblem(reply, 409);
    expectProblem(
      await staff.post(path('/approval'), { documentNo: '并政函〔2026〕9号', approvedOn: '2026-04-01' }),
      409,
      'STAGE_CLOSED',
    );
    await http.moveClockTo(new Date(Date.parse(winners.closesAt) + 60_000));
    const now = await staff.ok('GET', path());
    expect(now.stage).toBe('approval');
    expect(now.windows.find((w: Json) => w.kind === 'winners').status).toBe('closed');
  });

  it('records the approval: 200 Round (announced), awards created for the public', async () => {
    expectProblem(
      await staff.post(path('/approval'), { documentNo: '', approvedOn: '01/04/2026' }),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await leader.post(path('/approval'), { documentNo: '并政函〔2026〕9号', approvedOn: '2026-04-01' }),
      403,
      'FORBIDDEN',
    );
    const reply = await staff.post(path('/approval'), {
      documentNo: '并政函〔2026〕9号',
      approvedOn: '2026-04-01',
    });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body.stage).toBe('announced');
    const stages = (reply.body.stageHistory as Json[]).map((h) => h.stage);
    expect(stages).toEqual([
      'call-open',
      'qualification',
      'accepted-publicity',
      'material-review',
      'onsite-review',
      'defense',
      'evaluation',
      'decision',
      'winner-publicity',
      'approval',
      'announced',
    ]);
    for (const entry of reply.body.stageHistory as Json[]) {
      expect(entry.at).toMatch(/Z$/);
      expect(entry.by).toBeTypeOf('string');
    }
    expectUtcInstants(reply.body);

    const awards = await http.call('GET', `/v1/awards?roundId=${round.roundId}`);
    expect(awards.status).toBe(200);
    expect(awards.body.map((a: Json) => a.applicationId).sort()).toEqual(
      winners.entries.map((e: Json) => e.applicationId).sort(),
    );
    for (const award of awards.body as Json[]) {
      expect(Object.keys(award)).toEqual(
        expect.arrayContaining([
          'awardId',
          'roundId',
          'ordinal',
          'applicationId',
          'displayName',
          'category',
          'tier',
          'status',
        ]),
      );
      expect(award.ordinal).toBe(1);
    }
    expectNoSecrets(awards.text, SECRETS, 'awards');
    expect((await staff.ok('GET', appPath('A1'))).status).toBe('awarded');
  });
});

describe('after the announcement', () => {
  it('bars award holders from the next two rounds (Art. 6), found by credit code', async () => {
    const sanctions = (await supervisor.ok('GET', `/v1/sanctions?subject=${ORG_CODES[0]}`)) as Json[];
    expect(sanctions).toEqual([
      expect.objectContaining({ kind: 'award-holder', barredFromOrdinal: 2, barredThroughOrdinal: 3 }),
    ]);
    for (const sanction of sanctions) {
      expect(sanction.subject).not.toBe(ORG_CODES[0]);
      expect(sanction.subject).toMatch(/\*/);
      expect(Object.keys(sanction)).toEqual(
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
    }
  });

  it('revokes an award (staff), writes the sanction, and never shows the person’s ID number', async () => {
    const awards = (await http.public.get(`/v1/awards?roundId=${round.roundId}`)).body as Json[];
    const person = awards.find((a) => a.applicationId === apps.I1!.applicationId);
    const url = `/v1/awards/${person.awardId}/revocation`;
    expectProblem(await staff.post(url, { reason: 'bribery', findings: '' }), 400, 'VALIDATION_FAILED');
    expectProblem(await supervisor.post(url, { reason: 'fraud', findings: '弄虚作假' }), 403, 'FORBIDDEN');
    const reply = await staff.post(url, {
      reason: 'fraud',
      findings: '经查，申报材料中的成果证明系伪造（第二十五条）。',
    });
    expect(reply.status, reply.text).toBe(200);
    expectNoSecrets(reply.text, SECRETS, 'revocation answer');
    const after = (await http.public.get(`/v1/awards?roundId=${round.roundId}`)).body as Json[];
    expect(after.find((a) => a.awardId === person.awardId).status).toBe('revoked');
    expect((await staff.ok('GET', appPath('I1'))).status).toBe('revoked');
    const sanctions = await staff.get(`/v1/sanctions?subject=${PERSON_ID}`);
    expect(sanctions.status).toBe(200);
    expect(sanctions.body).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'revoked' })]));
    expectNoSecrets(sanctions.text, SECRETS, 'sanctions');
    expectNoSecrets((await staff.get('/v1/sanctions')).text, SECRETS, 'all sanctions');
    expectProblem(await staff.post(url, { reason: 'fraud', findings: '再次撤销' }), 409);
  });

  it('keeps the round’s audit trail with `{entity}.{past tense}` actions and no personal data', async () => {
    const audit = await supervisor.get(`/v1/audit?entityId=${round.roundId}`);
    expect(audit.status).toBe(200);
    const actions = (audit.body as Json[]).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['round.created', 'round.advanced']));
    expect(actions.filter((a) => a === 'round.advanced').length).toBeGreaterThanOrEqual(4);
    for (const entry of audit.body as Json[]) {
      expect(Object.keys(entry)).toEqual(
        expect.arrayContaining(['at', 'actor', 'role', 'action', 'entityId']),
      );
      expect(entry.entityId).toBe(round.roundId);
      expect(entry.action).toMatch(PAST_TENSE_ACTION);
    }
    expectUtcInstants(audit.body);
    expectNoSecrets(audit.text, SECRETS, 'round audit');
    for (const name of Object.keys(apps)) {
      const trail = await staff.get(`/v1/audit?entityId=${apps[name]!.applicationId}`);
      expectNoSecrets(trail.text, SECRETS, `audit of ${name}`);
      for (const entry of trail.body as Json[]) expect(entry.action).toMatch(PAST_TENSE_ACTION);
    }
  });

  it('opens the next round at ordinal 2 by default', async () => {
    const next = await staff.ok(
      'POST',
      '/v1/rounds',
      {
        title: '第二届',
        callOpensAt: '2026-05-01T09:00:00+08:00',
        callClosesAt: '2026-06-01T17:00:00+08:00',
      },
      201,
    );
    expect(next.ordinal).toBe(2);
  });
});
