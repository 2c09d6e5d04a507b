/**
 * API.md "Notifications", played through HTTP on the local platform: one small round in which every
 * kind of the list happens once to its people, then a second round whose wait times out. Each notice
 * is found, with Chinese text, in its recipients' `GET /v1/my/notifications` and — where a phone or
 * email is known — once in `GET /v1/dev/outbox`, which the embedded SMTP server and the SMS sink
 * fill (the email adapter speaks real SMTP to it). Deadlines come from the round's review settings,
 * written through the store here (the route that sets them belongs to the panels work).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTIFICATION_KINDS } from '../../../functions/domain/notifications.ts';
import type { Platform } from '../../../infra/local/platform.ts';
import {
  type Caller,
  creditCode,
  expectProblem,
  fileApplication,
  Http,
  isChinese,
  type Json,
  organizationBody,
  startContractPlatform,
  yearsBefore,
} from './support.ts';

let platform: Platform;
let http: Http;
let staff: Caller;
let staff2: Caller;
let leader: Caller;
let rec105: Caller;
let rec106: Caller;
let rev1: Caller;
let rev2: Caller;
let round: Json;

const CLOSES = '2026-03-06T17:00:00+08:00';
/** The material-review deadline: Friday 27 March; 2 working days before is Wednesday 25 March. */
const MATERIAL_DEADLINE = '2026-03-27T09:00:00.000Z';
const NAMES = [
  '太原通知测试机械有限公司',
  '太原通知测试物流有限公司',
  '太原通知测试软件有限公司',
  '太原通知测试建设有限公司',
  '太原通知测试材料有限公司',
];
const PHONES = ['13900000001', '13900000002', '13900000003', '13900000004', '13900000005'];
const OBJECTOR_PHONE = '13712347701';
const REV1_PHONE = '13611112222';
const apps: Record<string, Json> = {};
const owners: Record<string, Caller> = {};

const path = (suffix = '') => `/v1/rounds/${round.roundId}${suffix}`;
const appPath = (name: string, suffix = '') => `/v1/applications/${apps[name]!.applicationId}${suffix}`;

async function sheet(category: string, share: number): Promise<Record<string, number>> {
  const rubric = await staff.ok('GET', `/v1/rubrics/${category}`);
  return Object.fromEntries(
    (rubric.items as Json[]).map((item) => [item.itemId, Math.round(item.maxPoints * share)]),
  );
}

async function assign(stage: string, names: string[], panel: string[]) {
  for (const name of names)
    await staff.ok(
      'POST',
      path('/assignments'),
      { stage, applicationId: apps[name]!.applicationId, reviewerIds: panel },
      201,
    );
}

async function score(reviewer: Caller, stage: string, name: string, share: number) {
  await reviewer.ok(
    'PUT',
    appPath(name, `/scores/${stage}`),
    { items: await sheet('organization', share) },
    200,
  );
}

/** Everything committed so far has been handed to the SMS sink and the SMTP server. */
async function outbox(): Promise<Json[]> {
  await platform.dispatchOutbox();
  const reply = await http.public.get('/v1/dev/outbox');
  expect(reply.status, reply.text).toBe(200);
  return reply.body.items as Json[];
}

async function inbox(caller: Caller, query = ''): Promise<Json[]> {
  const items: Json[] = [];
  let token: string | undefined;
  do {
    const page = await caller.ok(
      'GET',
      `/v1/my/notifications?limit=20${query}${token ? `&nextToken=${encodeURIComponent(token)}` : ''}`,
    );
    items.push(...(page.items as Json[]));
    token = page.nextToken;
  } while (token);
  return items;
}

beforeAll(async () => {
  platform = await startContractPlatform();
  http = new Http(platform.url);
  staff = await http.as({ sub: 'staff-notify-1', roles: ['staff'] });
  staff2 = await http.as({ sub: 'staff-notify-2', roles: ['staff'] });
  leader = await http.as({ sub: 'leader-notify', roles: ['leader'] });
  rec105 = await http.as({ sub: 'rec-n-140105', roles: ['recommender'], jurisdiction: '140105' });
  rec106 = await http.as({ sub: 'rec-n-140106', roles: ['recommender'], jurisdiction: '140106' });
  rev1 = await http.as({ sub: 'rev-n-1', roles: ['reviewer'] });
  rev2 = await http.as({ sub: 'rev-n-2', roles: ['reviewer'] });
}, 120_000);

afterAll(async () => {
  await platform?.stop();
});

describe('a round that causes every kind of notification', () => {
  it('plays the call: submitted, recommended / not recommended, qualified / disqualified', async () => {
    round = await staff.ok(
      'POST',
      '/v1/rounds',
      { title: '通知测试届', callOpensAt: '2026-03-02T09:00:00+08:00', callClosesAt: CLOSES },
      201,
    );
    await staff.ok(
      'PUT',
      `/v1/rounds/${round.roundId}/review-settings`,
      { deadlines: { material: MATERIAL_DEADLINE }, reminderWorkingDays: 2 },
      200,
    );
    for (const [i, name] of NAMES.entries()) {
      const key = `A${i + 1}`;
      owners[key] = await http.as({ sub: `owner-n-${key}`, roles: ['applicant'] });
      apps[key] = await fileApplication(
        owners[key]!,
        round.roundId,
        organizationBody({
          name,
          creditCode: creditCode(i === 2 ? '140106' : '140105', 9100 + i),
          jurisdiction: i === 2 ? '140106' : '140105',
          registeredOn: yearsBefore(CLOSES, 8),
          phone: PHONES[i]!,
        }),
      );
    }
    for (const key of Object.keys(apps)) {
      const recommender = key === 'A3' ? rec106 : rec105;
      await recommender.ok(
        'POST',
        appPath(key, '/recommendation'),
        {
          decision: key === 'A3' ? 'decline' : 'recommend',
          opinion: key === 'A3' ? '申报材料与实际情况不符，暂不推荐。' : '同意推荐。',
        },
        200,
      );
    }
    await http.moveClockTo('2026-03-06T09:00:01Z');
    for (const key of ['A1', 'A2', 'A4', 'A5'])
      await staff.ok(
        'POST',
        appPath(key, '/qualification'),
        key === 'A4'
          ? { decision: 'disqualified', reason: '经营年限证明材料缺失。' }
          : { decision: 'qualified' },
        200,
      );
    const box = await outbox();
    const kindsFor = (phone: string) =>
      box
        .filter((m) => m.to === `${phone.slice(0, 3)}****${phone.slice(-4)}`)
        .map((m) => m.kind)
        .sort();
    expect(kindsFor(PHONES[0]!)).toEqual([
      'application.qualified',
      'application.recommended',
      'application.submitted',
    ]);
    expect(kindsFor(PHONES[2]!)).toEqual(['application.not-recommended', 'application.submitted']);
    expect(kindsFor(PHONES[3]!)).toEqual([
      'application.disqualified',
      'application.recommended',
      'application.submitted',
    ]);
    const declined = box.find((m) => m.kind === 'application.not-recommended');
    expect(declined.body).toContain('申报材料与实际情况不符');
    expect(declined.body).toContain(NAMES[2]);
  });

  it('opens the accepted list to every listed applicant, and tells staff of an objection and the objector of its outcome', async () => {
    const moved = await staff.ok('POST', path('/advance'), { to: 'accepted-publicity' }, 200);
    const accepted = moved.windows.find((w: Json) => w.kind === 'accepted');
    const filed = await http.public.post(`/v1/public/notices/${accepted.windowId}/objections`, {
      applicationId: apps.A2!.applicationId,
      name: '周明',
      phone: OBJECTOR_PHONE,
      idNumber: undefined,
      creditCode: creditCode('140105', 9999),
      content: '该单位申报材料中的获奖证书与实际不符。',
    });
    expect(filed.status, filed.text).toBe(201);
    await staff.ok(
      'POST',
      `/v1/objections/${filed.body.objectionId}/resolution`,
      { outcome: 'dismissed', findings: '经核实，证书真实有效' },
      200,
    );
    await http.moveClockTo('2026-03-14T01:00:00Z');
    expect((await staff.ok('GET', path())).stage).toBe('material-review');

    const box = await outbox();
    const opened = box.filter((m) => m.kind === 'window.opened');
    expect(opened.map((m) => m.to).sort()).toEqual(['139****0001', '139****0002', '139****0005']);
    expect(opened[0].body).toContain('2026年3月13日 24:00（北京时间）');
    const resolved = box.filter((m) => m.kind === 'objection.resolved');
    expect(resolved).toHaveLength(1);
    expect(resolved[0]).toMatchObject({ channel: 'sms', to: '137****7701' });
    expect(resolved[0].body).toContain('异议不成立');
    const received = box.filter((m) => m.kind === 'objection.received');
    expect(received).toHaveLength(1);
    // Staff-addressed: the office mailbox by email, and every staff member's inbox.
    expect(received[0]).toMatchObject({ channel: 'email', to: '***@tqa.local' });
    expect(JSON.stringify(box)).not.toContain(OBJECTOR_PHONE);
  });

  it('tells each reviewer of an assignment (SMS to a phone, else email), and reminds whoever owes a sheet before and after the deadline', async () => {
    await staff.ok('PUT', '/v1/reviewers/rev-n-1', { name: '王教授', phone: REV1_PHONE });
    const withEmail = await staff.ok('PUT', '/v1/reviewers/rev-n-2', {
      name: '赵研究员',
      email: 'zhao@sxu.example.cn',
    });
    expect(withEmail.email).toBe('zhao@sxu.example.cn');
    expect(JSON.stringify(await staff.ok('GET', '/v1/reviewers'))).not.toContain(REV1_PHONE);
    await assign('material', ['A1', 'A2', 'A5'], ['rev-n-1', 'rev-n-2']);
    for (const name of ['A1', 'A2', 'A5']) await score(rev1, 'material', name, 0.8);
    for (const name of ['A1', 'A5']) await score(rev2, 'material', name, 0.7);

    await http.moveClockTo('2026-03-25T00:59:00Z');
    expect((await outbox()).filter((m) => m.kind === 'deadline.approaching')).toHaveLength(0);
    // 09:00 Beijing time on Wednesday 25 March, two working days before Friday the 27th.
    await http.moveClockTo('2026-03-25T01:00:00Z');
    const approaching = (await outbox()).filter((m) => m.kind === 'deadline.approaching');
    expect(approaching.map((m) => m.to).sort()).toEqual(['***@sxu.example.cn', '***@tqa.local']);
    expect(approaching[0].body).toContain('2026年3月27日 17:00（北京时间）');
    // A duplicated sweep sends nothing twice.
    await Promise.all([platform.sweep(), platform.sweep()]);
    await http.moveClockTo('2026-03-27T09:00:30Z');
    await platform.sweep();
    const box = await outbox();
    expect(box.filter((m) => m.kind === 'deadline.approaching')).toHaveLength(2);
    expect(
      box
        .filter((m) => m.kind === 'deadline.passed')
        .map((m) => m.to)
        .sort(),
    ).toEqual(['***@sxu.example.cn', '***@tqa.local']);
    const assigned = box.filter((m) => m.kind === 'assignment.created');
    expect(assigned.map((m) => `${m.channel} ${m.to}`).sort()).toEqual([
      ...Array(3).fill('email ***@sxu.example.cn'),
      ...Array(3).fill('sms 136****2222'),
    ]);
    const reminders = (await inbox(rev2)).filter((n) => n.kind.startsWith('deadline.'));
    expect(reminders.map((n) => n.kind).sort()).toEqual(['deadline.approaching', 'deadline.passed']);
    expect(reminders.every((n) => n.entityId === round.roundId)).toBe(true);
    // rev-n-1 scored every sheet: it owes nothing and is not reminded.
    expect((await inbox(rev1)).filter((n) => n.kind.startsWith('deadline.'))).toHaveLength(0);
  });

  it('plays review to the announcement: results to winners and to the one not selected, a revoked award to its holder', async () => {
    await score(rev2, 'material', 'A2', 0.7);
    await staff.ok(
      'POST',
      path('/advance'),
      { to: 'onsite-review', selected: [apps.A1!.applicationId, apps.A2!.applicationId] },
      200,
    );
    await assign('onsite', ['A1', 'A2'], ['rev-n-1']);
    for (const [name, share] of [
      ['A1', 0.9],
      ['A2', 0.8],
    ] as const)
      await score(rev1, 'onsite', name, share);
    await staff.ok('POST', path('/advance'), { to: 'defense' }, 200);
    await assign('defense', ['A1', 'A2'], ['rev-n-1']);
    for (const [name, share] of [
      ['A1', 0.9],
      ['A2', 0.8],
    ] as const)
      await score(rev1, 'defense', name, share);
    await staff.ok('POST', path('/advance'), { to: 'evaluation' }, 200);
    const ranking = (await staff.ok('GET', path('/ranking'))) as Json[];
    const tier = (t: string) => ranking.filter((r) => r.proposedTier === t).map((r) => r.applicationId);
    await leader.ok('POST', path('/decision'), { award: tier('award'), nomination: tier('nomination') }, 200);
    const winners = (await staff.ok('GET', path())).windows.find((w: Json) => w.kind === 'winners');
    await http.moveClockTo(new Date(Date.parse(winners.closesAt) + 60_000));
    await staff.ok(
      'POST',
      path('/approval'),
      { documentNo: '并政函〔2026〕21号', approvedOn: '2026-04-10' },
      200,
    );
    const awards = (await http.public.get(`/v1/awards?roundId=${round.roundId}`)).body as Json[];
    const a2 = awards.find((a) => a.applicationId === apps.A2!.applicationId);
    await staff.ok(
      'POST',
      `/v1/awards/${a2.awardId}/revocation`,
      { reason: 'fraud', findings: '申报材料中的检测报告系伪造。' },
      200,
    );

    const box = await outbox();
    const results = box.filter((m) => m.kind === 'application.result');
    expect(results.map((m) => m.to).sort()).toEqual(['139****0001', '139****0002', '139****0005']);
    expect(results.find((m) => m.to === '139****0001').body).toContain('恭喜');
    expect(results.find((m) => m.to === '139****0005').body).toContain('未获');
    const revoked = box.filter((m) => m.kind === 'award.revoked');
    expect(revoked).toHaveLength(1);
    expect(revoked[0]).toMatchObject({ to: '139****0002' });
    expect(revoked[0].body).toContain('弄虚作假');
    expect(box.filter((m) => m.kind === 'window.opened')).toHaveLength(5);
  });

  it('escalates a round whose wait times out, to staff', async () => {
    const second = await staff.ok(
      'POST',
      '/v1/rounds',
      {
        title: '超时测试届',
        callOpensAt: '2026-05-04T09:00:00+08:00',
        callClosesAt: '2026-05-08T17:00:00+08:00',
      },
      201,
    );
    await http.moveClockTo('2026-05-09T00:00:00Z');
    expect((await staff.ok('GET', `/v1/rounds/${second.roundId}`)).stage).toBe('qualification');
    // stage:qualification waits 180 days for staff: then the flow records an escalation.
    await http.moveClockTo('2026-11-10T00:00:00Z');
    const escalated = (await outbox()).filter((m) => m.kind === 'round.escalated');
    expect(escalated.length).toBeGreaterThanOrEqual(1);
    const staffInbox = (await inbox(staff)).filter((n) => n.kind === 'round.escalated');
    expect(staffInbox.length).toBe(escalated.length);
    expect(staffInbox[0].entityId).toBe(second.roundId);
  });
});

describe('what the people and the outbox show', () => {
  it('has every kind of API.md in the outbox, each message id once and sent once, Chinese text, masked recipients', async () => {
    const box = await outbox();
    expect([...new Set(box.map((m) => m.kind))].sort()).toEqual([...NOTIFICATION_KINDS].sort());
    expect(new Set(box.map((m) => m.messageId)).size).toBe(box.length);
    expect(platform.sink.arrivals()).toBe(box.length);
    for (const message of box) {
      expect(isChinese(message.body), message.body).toBe(true);
      expect(message.status).toBe('sent');
      expect(message.to).toMatch(/^(\d{3}\*{4}\d{4}|\*\*\*@[\w.-]+)$/);
      if (message.channel === 'email') expect(isChinese(message.subject)).toBe(true);
    }
    const text = JSON.stringify(box);
    for (const phone of [...PHONES, OBJECTOR_PHONE, REV1_PHONE]) expect(text).not.toContain(phone);
  });

  it('shows each applicant its own notices, once per cause, in Chinese', async () => {
    const a1 = await inbox(owners.A1!);
    const byKind = (items: Json[]) => items.map((n) => `${n.kind}@${n.entityId}`);
    expect(new Set(byKind(a1)).size).toBe(a1.length);
    expect(a1.map((n) => n.kind).sort()).toEqual(
      [
        'application.qualified',
        'application.recommended',
        'application.result',
        'application.submitted',
        'window.opened',
        'window.opened',
      ].sort(),
    );
    for (const n of a1) {
      expect(isChinese(n.title) && isChinese(n.body)).toBe(true);
      expect(n.read).toBe(false);
    }
    expect((await inbox(owners.A2!)).map((n) => n.kind)).toContain('award.revoked');
    expect((await inbox(owners.A3!)).map((n) => n.kind).sort()).toEqual([
      'application.not-recommended',
      'application.submitted',
    ]);
    // The recommenders and reviewers see none of the applicants' notices.
    expect((await inbox(rev1)).every((n) => n.kind === 'assignment.created')).toBe(true);
  });

  it('addresses staff as a role: every staff member sees the notice, read state per person', async () => {
    const mine = await inbox(staff);
    const theirs = await inbox(staff2);
    expect(mine.map((n) => n.notificationId).sort()).toEqual(theirs.map((n) => n.notificationId).sort());
    expect(mine.map((n) => n.kind)).toEqual(
      expect.arrayContaining([
        'objection.received',
        'deadline.approaching',
        'deadline.passed',
        'round.escalated',
      ]),
    );
    const objection = mine.find((n) => n.kind === 'objection.received');
    const read = await staff.post(`/v1/my/notifications/${objection.notificationId}/read`);
    expect(read.status, read.text).toBe(200);
    expect((await staff.post(`/v1/my/notifications/${objection.notificationId}/read`)).status).toBe(200);
    expect((await inbox(staff, '&unread=true')).map((n) => n.notificationId)).not.toContain(
      objection.notificationId,
    );
    expect((await inbox(staff2, '&unread=true')).map((n) => n.notificationId)).toContain(
      objection.notificationId,
    );
    expect((await inbox(staff)).find((n) => n.notificationId === objection.notificationId).read).toBe(true);
  });

  it('answers 404 for a notice addressed to someone else, and 401 without a token', async () => {
    const [a1Notice] = await inbox(owners.A1!);
    expectProblem(
      await owners.A2!.post(`/v1/my/notifications/${a1Notice.notificationId}/read`),
      404,
      'NOT_FOUND',
    );
    expectProblem(await staff.post('/v1/my/notifications/ntf_missing/read'), 404, 'NOT_FOUND');
    expectProblem(await http.public.get('/v1/my/notifications'), 401, 'UNAUTHENTICATED');
    expectProblem(await staff.get('/v1/my/notifications?unread=maybe'), 400, 'VALIDATION_FAILED');
  });

  it('pages the inbox newest first with nextToken', async () => {
    const first = await staff.ok('GET', '/v1/my/notifications?limit=2');
    expect(first.items).toHaveLength(2);
    expect(first.nextToken).toBeDefined();
    const second = await staff.ok(
      'GET',
      `/v1/my/notifications?limit=2&nextToken=${encodeURIComponent(first.nextToken)}`,
    );
    const all = [...first.items, ...second.items] as Json[];
    expect(new Set(all.map((n) => n.notificationId)).size).toBe(4);
    const times = all.map((n) => n.at);
    expect([...times].sort().reverse()).toEqual(times);
  });
});
