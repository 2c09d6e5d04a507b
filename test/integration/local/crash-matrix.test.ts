/**
 * Issue 10 ("nothing lost, nothing twice"), every write route (v1 and v2: a past round's import, the
 * call notice, a draft's edit, an inbox mark, higher awards, review settings, a draw, a withdrawal,
 * a slot, an export, rewards, issuance, visits, closures, recovery) and the flow's tasks: one round is
 * played through the HTTP API on the local platform, and each write route's keyed request kills the
 * platform's process (gateway, engine, handlers, s3rver: everything but DynamoDB Local, which the
 * test runs for all starts, as DynamoDB outlives a dead Lambda on AWS — crash-points.test.ts kills
 * the JVM too, and dynamodb-durability.test.ts shows an answered write survives that) at one named
 * fault point
 * (functions/shared/fault-hook.ts), the points taken in turn, so one platform start covers the
 * stretch of the round up to the next kill. After each restart on the same data directory the
 * request is retried with the same Idempotency-Key and replayed once more:
 *
 * - the retry answers the route's success status, and the replay returns exactly that response;
 * - the effect is there once: the entity's audit chain holds exactly the entries of one run of the
 *   request (every keyed commit stamps its request id, http.ts), and the record shows one change;
 * - every audit chain the request touched is intact.
 *
 * The flow's tasks and the sweep die after their work (`in-task`) while the request or clock move
 * that set them off is waiting: after the restart the flow runs them again and the round shows
 * their effect once (one stage entry, one escalation, one award per winner). An announcement killed
 * right after the approval's commit is found by the restart (announced rounds with winners still
 * proposed get their flow again). The create routes are killed at every point in
 * crash-points.test.ts; this file gives every other write route one point, in turn, because a
 * restart costs seconds (README "The local platform and its quirks").
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idempotencyRecordKey } from '../../../functions/shared/idempotency.ts';
import { RequestIdGenerator } from '../../../functions/shared/request-ids.ts';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../../infra/local/dynamodb.ts';
import {
  attachEvidence,
  type Caller,
  creditCode,
  type Identity,
  idNumber,
  type Json,
  organizationBody,
  pdf,
  type Reply,
  requestUpload,
  sha256,
  uploadWithPresignedPost,
  yearsBefore,
} from '../../e2e/contract/support.ts';
import { CrashPlatform } from './fixtures/crash-harness.ts';

const CLOCK_START = '2026-03-02T09:00:00+08:00';
const CALL_CLOSES = '2026-03-06T17:00:00+08:00';
const CALL_EXTENDED = '2026-03-09T17:00:00+08:00';
const POINTS = ['after-commit', 'before-response-stored', 'before-response-sent'] as const;
type Point = (typeof POINTS)[number];

/**
 * The flow's tasks and the sweep, in the order the round reaches them: only the first not yet
 * fired is armed at a start, so a task that runs earlier for another purpose (the accepted list's
 * settlement) is not the one killed.
 */
const TASK_FAULTS = [
  'in-task:close-call',
  'in-task:sweep closed=1',
  'in-task:record-escalation',
  'in-task:select-for-onsite',
  'in-task:compute-ranking',
  'in-task:settle-window',
  'in-task:announce',
];

let dataDir: string;
let platform: CrashPlatform;
let dynamo: DynamoDbLocal;

const STAFF: Identity = { sub: 'staff-matrix', roles: ['staff'], name: '评选办 王工' };
const SUPERVISOR: Identity = { sub: 'supervisor-matrix', roles: ['supervisor'] };
const LEADER: Identity = { sub: 'leader-matrix', roles: ['leader'], name: '领导小组' };
const RECOMMENDER: Identity = { sub: 'rec-matrix', roles: ['recommender'], jurisdiction: '140105' };
const owner = (name: string): Identity => ({ sub: `applicant-matrix-${name}`, roles: ['applicant'] });
const reviewer = (id: string, organizationCode?: string): Identity => ({
  sub: id,
  roles: ['reviewer'],
  name: `评审专家${id}`,
  ...(organizationCode ? { organizationCode } : {}),
});

/** A caller on the running platform (asked for per request: a restart changes the address). */
const as = (identity: Identity): Promise<Caller> => platform.http.as(identity);

/** The task faults not fired yet; the first of them is armed at the next start. */
const pendingTasks = () => TASK_FAULTS.filter((fault) => !platform.fired.includes(fault));
function armNextTask(): void {
  for (const fault of TASK_FAULTS) platform.armed.delete(fault);
  const head = pendingTasks()[0];
  if (head) platform.armed.add(head);
}

async function restartAfter(fault: string): Promise<void> {
  platform.armed.delete(fault);
  platform.fired.push(fault);
  armNextTask();
  await platform.restartAfterFault(fault);
}

/** The request id a keyed request's commits stamp on their audit entries (http.ts). */
const requestIdOf = (identity: Identity | undefined, routeKey: string, key: string): string =>
  new RequestIdGenerator(idempotencyRecordKey(identity?.sub ?? 'public', routeKey, key)).next('request');

interface KeyedWrite {
  /** Who sends it (undefined: the public). */
  identity: Identity | undefined;
  /** API Gateway route key: `POST /v1/rounds/{roundId}/advance`. */
  routeKey: string;
  path: string;
  body?: unknown;
  /** Headers besides the key (`if-match`). */
  headers?: Record<string, string>;
  status: number;
  /**
   * The entities whose audit chain the request writes to, and how many entries each gets (from
   * the retry's body when the request creates the entity).
   */
  audited: Record<string, number> | ((retry: Json) => Record<string, number>);
}

/**
 * The keyed writes in the order the round sends them, with the points each can reach (a completion
 * that finds its file verified already commits nothing; the approval dies before its announcement
 * so that the restart must announce): each gets the next point in turn that it reaches, and every
 * fault is armed from the first start (the keys make them unique), so a kill costs one restart.
 */
const PLAN: [name: string, reaches?: readonly Point[]][] = [
  ['calendar'],
  ['reviewer'],
  ['complete', ['before-response-stored', 'before-response-sent']],
  ['submit'],
  ['withdraw'],
  ['call-extension'],
  ['recommendation'],
  ['qualification'],
  ['advance-accepted'],
  ['window-extension'],
  ['resolution'],
  ['assignments'],
  ['declare'],
  ['dismiss'],
  ['score'],
  ['advance-defense'],
  ['decision'],
  ['approval', ['after-commit']],
  ['revocation'],
  // The v2 routes, in the order the round sends them (after the v1 routes, which keep their points).
  // Dies once the whole import is committed: the retry must answer it, not meet its own records.
  ['import', ['before-response-stored']],
  // Not before-response-sent: the replayed form would name the dead process's s3rver port (local only).
  ['call-notice', ['after-commit', 'before-response-stored']],
  ['application-edit'],
  ['notification-read'],
  ['higher-award'],
  ['review-settings'],
  // Dies right after the draw's plan is committed, before any of its panels is written.
  ['draw', ['after-commit']],
  ['withdrawal'],
  ['schedule'],
  ['export'],
  ['rewards'],
  ['issuance'],
  ['visit'],
  ['closure'],
  ['recovery'],
];
const POINT_OF = new Map<string, Point>();
{
  let turn = 0;
  for (const [name, reaches = POINTS] of PLAN) {
    let point: Point;
    do point = POINTS[turn++ % POINTS.length] as Point;
    while (!reaches.includes(point));
    POINT_OF.set(name, point);
  }
}
const keyOf = (name: string) => `matrix-${name}.`;
const faultOf = (name: string) => `${POINT_OF.get(name)}:#${keyOf(name)}`;

async function send(write: KeyedWrite, key: string): Promise<Reply> {
  const caller = write.identity ? await as(write.identity) : platform.http.public;
  const [method] = write.routeKey.split(' ');
  return caller.call(method as string, write.path, {
    ...(write.body === undefined ? {} : { body: write.body }),
    headers: { ...write.headers, 'idempotency-key': key },
  });
}

/**
 * Kills the platform inside `write` at the next point in turn, restarts it, retries and replays
 * by key; checks the answers, the effect once (audit entries stamped with the request's id) and
 * the touched chains. Returns the retry's body.
 */
async function crashWrite(name: string, write: KeyedWrite): Promise<Json> {
  const point = POINT_OF.get(name) as Point;
  const key = keyOf(name);
  const fault = faultOf(name);
  expect(platform.armed.has(fault), `${fault} is armed`).toBe(true);

  // Act: the request never gets an answer — the process is gone mid-request.
  await expect(send(write, key)).rejects.toThrow();
  await restartAfter(fault);
  const retry = await send(write, key);
  const replay = await send(write, key);

  // Assess
  expect(retry.status, `${write.routeKey} killed ${point}: ${retry.text}`).toBe(write.status);
  expect(retry.headers.get('idempotency-replayed') === 'true').toBe(point === 'before-response-sent');
  expect(replay.status).toBe(write.status);
  expect(replay.headers.get('idempotency-replayed')).toBe('true');
  expect(replay.body).toEqual(retry.body);
  const requestId = requestIdOf(write.identity, write.routeKey, key);
  const audited = typeof write.audited === 'function' ? write.audited(retry.body) : write.audited;
  for (const [entityId, count] of Object.entries(audited)) {
    const entries = await auditOf(entityId);
    expect(
      entries.filter((e) => e.requestId === requestId).map((e) => e.action),
      `${write.routeKey} killed ${point}: entries of ${entityId} written by the request`,
    ).toHaveLength(count);
  }
  return retry.body;
}

async function auditOf(entityId: string): Promise<Json[]> {
  const supervisor = await as(SUPERVISOR);
  const entries = (await supervisor.ok(
    'GET',
    `/v1/audit?entityId=${encodeURIComponent(entityId)}`,
  )) as Json[];
  expect(
    entries.every((e) => e.chainIntact === true),
    `audit chain of ${entityId}`,
  ).toBe(true);
  return entries;
}

/**
 * Something unkeyed (a clock move, a keyed request whose own points are covered elsewhere) sets off
 * the armed task, which kills the platform; `retry` runs after the restart.
 */
async function crashTask<T>(fault: string, act: () => Promise<unknown>, retry: () => Promise<T>): Promise<T> {
  expect(platform.armed.has(fault), `${fault} is the armed task`).toBe(true);
  await expect(act()).rejects.toThrow();
  await restartAfter(fault);
  return retry();
}

/** Moves the platform clock to `instant` unless a restart's clock lease has carried it past. */
async function moveClockTo(instant: string): Promise<void> {
  if ((await platform.http.now()).getTime() < Date.parse(instant)) await platform.http.moveClockTo(instant);
}

const ids: Record<string, string> = {};
let roundId: string;
const roundPath = (suffix = '') => `/v1/rounds/${roundId}${suffix}`;
const appPath = (name: string, suffix = '') => `/v1/applications/${ids[name]}${suffix}`;
const CODES = { A: creditCode('140105', 8101), B: creditCode('140105', 8102), C: creditCode('140105', 8103) };
/** The winners of the round imported from before the platform. */
const PAST = { award: creditCode('140105', 8201), nomination: creditCode('140105', 8202) };

async function stage(): Promise<string> {
  return (await (await as(STAFF)).ok('GET', roundPath())).stage as string;
}

/** The rubric's items at `share` of each item's maximum. */
async function sheet(share: number): Promise<Record<string, number>> {
  const rubric = await (await as(STAFF)).ok('GET', '/v1/rubrics/organization');
  return Object.fromEntries(
    (rubric.items as Json[]).map((item) => [item.itemId, Math.round(item.maxPoints * share)]),
  );
}

async function assign(stageName: string, name: string, reviewerIds: string[]): Promise<void> {
  await (await as(STAFF)).ok(
    'POST',
    roundPath('/assignments'),
    { stage: stageName, applicationId: ids[name], reviewerIds },
    201,
  );
}

async function score(stageName: string, name: string, reviewerId: string, share: number): Promise<void> {
  await (await as(reviewer(reviewerId))).ok(
    'PUT',
    appPath(name, `/scores/${stageName}`),
    { items: await sheet(share) },
    200,
  );
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'tqa-matrix-'));
  // One JVM for every start: a restart then costs the Node process only (README).
  dynamo = await startDynamoDbLocal({ dbPath: join(dataDir, 'dynamodb') });
  platform = new CrashPlatform(dataDir, CLOCK_START, dynamo.endpoint);
  for (const [name] of PLAN) platform.armed.add(faultOf(name));
  armNextTask();
  await platform.start();
}, 120_000);

afterAll(async () => {
  await platform?.stop();
  await dynamo?.stop();
  await rm(dataDir, { recursive: true, force: true });
}, 60_000);

describe('a round whose every write route and flow task kills the local platform once', () => {
  it('the call: calendar, reviewers, evidence, submission, withdrawal, extension, recommendation, closing', async () => {
    // A round held before the platform comes first (ordinal 1); the round played here is the next.
    const imported = await crashWrite('import', {
      identity: STAFF,
      routeKey: 'POST /v1/awards/imports',
      path: '/v1/awards/imports',
      body: {
        ordinal: 1,
        title: '第一届太原市政府质量奖',
        approvedOn: '2025-12-30',
        documentNo: '并政发〔2025〕60号',
        winners: [
          {
            category: 'organization',
            displayName: '太原往届获奖制造有限公司',
            tier: 'award',
            creditCode: PAST.award,
          },
          {
            category: 'organization',
            displayName: '太原往届提名制造有限公司',
            tier: 'nomination',
            creditCode: PAST.nomination,
          },
        ],
      },
      status: 201,
      audited: (retry) => ({
        [retry.roundId]: 1,
        ...Object.fromEntries((retry.awards as Json[]).map((a) => [a.awardId, 1])),
      }),
    });
    expect((imported.awards as Json[]).map((a) => a.tier)).toEqual(['award', 'nomination']);
    const pastAwards = (await platform.http.public.ok(
      'GET',
      `/v1/awards?roundId=${imported.roundId}`,
    )) as Json[];
    expect(pastAwards.map((a) => a.awardId).sort()).toEqual(
      (imported.awards as Json[]).map((a) => a.awardId).sort(),
    );
    const pastBans = (await (await as(STAFF)).ok('GET', `/v1/sanctions?subject=${PAST.award}`)) as Json[];
    expect(pastBans.map((b) => b.kind)).toEqual(['award-holder']);

    const staff = await as(STAFF);
    const round = await staff.ok(
      'POST',
      '/v1/rounds',
      {
        title: '第一届太原市政府质量奖（崩溃矩阵测试）',
        callOpensAt: CLOCK_START,
        callClosesAt: CALL_CLOSES,
      },
      201,
    );
    roundId = round.roundId as string;
    expect(round.ordinal).toBe(2);

    const form = pdf('矩阵测试 申报表');
    const notice = await crashWrite('call-notice', {
      identity: STAFF,
      routeKey: 'PUT /v1/rounds/{roundId}/call-notice',
      path: roundPath('/call-notice'),
      body: {
        requirements: '申报单位须在太原市注册满三年。',
        contact: '评选办 0351-1234567',
        attachments: [
          { fileName: '申报表.pdf', contentType: 'application/pdf', size: form.length, sha256: sha256(form) },
        ],
      },
      status: 200,
      audited: { [roundId]: 1 },
    });
    // The retry's form uploads the attachment its first run declared: there is one, pending.
    expect((notice.uploads as Json[]).map((u) => u.fileName)).toEqual(['申报表.pdf']);
    expect((notice.attachments as Json[]).map((a) => [a.attachmentId, a.status])).toEqual([
      [notice.uploads[0].attachmentId, 'pending'],
    ]);
    await uploadWithPresignedPost(notice.uploads[0], form, 'application/pdf', '申报表.pdf');
    await (await as(STAFF)).ok(
      'POST',
      roundPath(`/call-notice/attachments/${notice.uploads[0].attachmentId}/complete`),
      undefined,
      200,
    );

    for (const [name, code] of Object.entries({ ...CODES, D: creditCode('140105', 8104) })) {
      const draft = await (await as(owner(name))).ok(
        'POST',
        `/v1/rounds/${roundId}/applications`,
        organizationBody({
          name: `太原矩阵测试${name}制造有限公司`,
          creditCode: code,
          registeredOn: yearsBefore(CALL_CLOSES, 8),
        }),
        201,
      );
      ids[name] = draft.applicationId as string;
    }
    const draftD = await (await as(owner('D'))).ok('GET', appPath('D'));
    const edited = await crashWrite('application-edit', {
      identity: owner('D'),
      routeKey: 'PUT /v1/applications/{id}',
      path: appPath('D'),
      body: organizationBody({
        name: '太原矩阵测试D精密制造有限公司',
        creditCode: creditCode('140105', 8104),
        registeredOn: yearsBefore(CALL_CLOSES, 8),
      }),
      headers: { 'if-match': `"${draftD.version}"` },
      status: 200,
      audited: { [ids.D as string]: 1 },
    });
    expect(edited.version).toBe((draftD.version as number) + 1);
    expect(edited.displayName).toBe('太原矩阵测试D精密制造有限公司');

    await crashWrite('calendar', {
      identity: STAFF,
      routeKey: 'PUT /v1/calendar/{year}',
      path: '/v1/calendar/2027',
      body: { holidays: ['2027-01-01'], workdays: [], source: '国办发明电〔2026〕测试号' },
      status: 200,
      audited: { 'calendar-2027': 1 },
    });
    expect((await auditOf('calendar-2027')).length).toBe(1);

    const reviewerBody = (id: string, organizationCode?: string) => ({
      name: `评审专家${id}`,
      fields: ['质量管理'],
      ...(organizationCode ? { organizationCode } : {}),
    });
    await crashWrite('reviewer', {
      identity: STAFF,
      routeKey: 'PUT /v1/reviewers/{reviewerId}',
      path: '/v1/reviewers/rev-1',
      body: reviewerBody('rev-1'),
      status: 200,
      audited: { 'rev-1': 1 },
    });
    await (await as(STAFF)).ok('PUT', '/v1/reviewers/rev-2', reviewerBody('rev-2'));
    await (await as(STAFF)).ok('PUT', '/v1/reviewers/rev-c', reviewerBody('rev-c', CODES.C));

    // Evidence: A's completion is killed; the others are attached in one go.
    const content = pdf('矩阵测试 自评报告');
    const ownerA = await as(owner('A'));
    const slot = await requestUpload(ownerA, ids.A as string, content);
    await uploadWithPresignedPost(slot.upload, content, 'application/pdf', '自评报告.pdf');
    const completed = await crashWrite('complete', {
      identity: owner('A'),
      routeKey: 'POST /v1/applications/{id}/evidence/{evidenceId}/complete',
      path: appPath('A', `/evidence/${slot.evidenceId}/complete`),
      status: 200,
      audited: {},
      // The upload's own ObjectCreated check may have verified it already: then nothing commits.
    });
    expect(completed).toEqual({ evidenceId: slot.evidenceId, status: 'verified' });
    const evidence = (await (await as(owner('A'))).ok('GET', appPath('A'))).evidence as Json[];
    expect(evidence.map((e) => [e.evidenceId, e.status])).toEqual([[slot.evidenceId, 'verified']]);
    expect((await auditOf(slot.evidenceId)).filter((e) => e.action === 'evidence.verified')).toHaveLength(1);
    for (const name of ['B', 'C', 'D']) await attachEvidence(await as(owner(name)), ids[name] as string);

    const submitted = await crashWrite('submit', {
      identity: owner('A'),
      routeKey: 'POST /v1/applications/{id}/submit',
      path: appPath('A', '/submit'),
      status: 200,
      audited: { [ids.A as string]: 1 },
    });
    expect(submitted.status).toBe('submitted');
    const inbox = (await (await as(owner('A'))).ok('GET', '/v1/my/notifications')).items as Json[];
    const notification = inbox.find((n) => n.kind === 'application.submitted');
    expect(notification?.read).toBe(false);
    const marked = await crashWrite('notification-read', {
      identity: owner('A'),
      routeKey: 'POST /v1/my/notifications/{notificationId}/read',
      path: `/v1/my/notifications/${notification?.notificationId}/read`,
      status: 200,
      audited: {},
    });
    expect(marked).toEqual({ notificationId: notification?.notificationId, read: true });
    const reread = (await (await as(owner('A'))).ok('GET', '/v1/my/notifications')).items as Json[];
    expect(
      reread.filter((n) => n.notificationId === notification?.notificationId).map((n) => n.read),
    ).toEqual([true]);

    const higher = await crashWrite('higher-award', {
      identity: STAFF,
      routeKey: 'POST /v1/higher-awards',
      path: '/v1/higher-awards',
      body: {
        subject: { type: 'organization', creditCode: PAST.award },
        displayName: '太原往届获奖制造有限公司',
        award: 'shanxi-quality-award',
        tier: 'award',
        year: 2025,
        documentNo: '晋政发〔2025〕8号',
        rewardYuan: 500000,
      },
      status: 201,
      audited: (retry) => ({ [retry.higherAwardId]: 1 }),
    });
    const higherAwards = (await (await as(STAFF)).ok('GET', '/v1/higher-awards')) as Json[];
    expect(higherAwards.map((h) => h.higherAwardId)).toEqual([higher.higherAwardId]);
    for (const name of ['B', 'C', 'D'])
      await (await as(owner(name))).ok('POST', appPath(name, '/submit'), undefined, 200);

    const withdrawn = await crashWrite('withdraw', {
      identity: owner('D'),
      routeKey: 'POST /v1/applications/{id}/withdraw',
      path: appPath('D', '/withdraw'),
      body: { reason: '企业自愿撤回本届申报。' },
      status: 200,
      audited: { [ids.D as string]: 1 },
    });
    expect(withdrawn.status).toBe('withdrawn');

    const extended = await crashWrite('call-extension', {
      identity: STAFF,
      routeKey: 'POST /v1/rounds/{roundId}/call-extension',
      path: roundPath('/call-extension'),
      body: { callClosesAt: CALL_EXTENDED, note: '应申报单位请求延长申报期' },
      status: 200,
      audited: { [roundId]: 1 },
    });
    expect(extended.callClosesAt).toBe(new Date(CALL_EXTENDED).toISOString());

    const recommended = await crashWrite('recommendation', {
      identity: RECOMMENDER,
      routeKey: 'POST /v1/applications/{id}/recommendation',
      path: appPath('A', '/recommendation'),
      body: { decision: 'recommend', opinion: '经初审，符合申报条件，同意推荐。' },
      status: 200,
      audited: { [ids.A as string]: 1 },
    });
    expect(recommended.status).toBe('recommended');
    for (const name of ['B', 'C'])
      await (await as(RECOMMENDER)).ok('POST', appPath(name, '/recommendation'), {
        decision: 'recommend',
        opinion: '同意推荐。',
      });

    // Act: the call closes with the clock; close-call dies after its work.
    const closed = await crashTask(
      'in-task:close-call',
      () => platform.http.call('POST', '/v1/dev/clock', { body: { now: '2026-03-09T10:00:00Z' } }),
      async () => {
        await moveClockTo('2026-03-09T10:00:00Z');
        return (await as(STAFF)).ok('GET', roundPath());
      },
    );

    // Assess: the call closed once.
    expect(closed.stage).toBe('qualification');
    expect((closed.stageHistory as Json[]).filter((h) => h.stage === 'qualification')).toHaveLength(1);
  }, 480_000);

  let acceptedWindow: string;
  let objectionId: string;

  it('qualification, the accepted list, its extension, the sweep, an escalation and the objection', async () => {
    const qualified = await crashWrite('qualification', {
      identity: STAFF,
      routeKey: 'POST /v1/applications/{id}/qualification',
      path: appPath('A', '/qualification'),
      body: { decision: 'qualified' },
      status: 200,
      audited: { [ids.A as string]: 1 },
    });
    expect(qualified.status).toBe('qualified');
    for (const name of ['B', 'C'])
      await (await as(STAFF)).ok('POST', appPath(name, '/qualification'), { decision: 'qualified' }, 200);

    const advanced = await crashWrite('advance-accepted', {
      identity: STAFF,
      routeKey: 'POST /v1/rounds/{roundId}/advance',
      path: roundPath('/advance'),
      body: { to: 'accepted-publicity' },
      status: 200,
      audited: { [roundId]: 1 },
    });
    expect((advanced.stageHistory as Json[]).filter((h) => h.stage === 'accepted-publicity')).toHaveLength(1);
    const round = await (await as(STAFF)).ok('GET', roundPath());
    const accepted = (round.windows as Json[]).filter((w) => w.kind === 'accepted');
    expect(accepted).toHaveLength(1);
    acceptedWindow = accepted[0].windowId as string;

    const objection = await platform.http.public.ok(
      'POST',
      `/v1/public/notices/${acceptedWindow}/objections`,
      {
        applicationId: ids.C,
        name: '周明',
        phone: '13712345678',
        idNumber: idNumber('140105', '1979-05-05', 31),
        content: '该单位近三年内发生过较大生产安全事故，申报材料中未如实说明。',
      },
      201,
    );
    objectionId = objection.objectionId as string;

    const closesAt = new Date(Date.parse(accepted[0].closesAt as string) + 86_400_000).toISOString();
    const window = await crashWrite('window-extension', {
      identity: STAFF,
      routeKey: 'POST /v1/windows/{windowId}/extension',
      path: `/v1/windows/${acceptedWindow}/extension`,
      body: { closesAt },
      status: 200,
      audited: { [acceptedWindow]: 1 },
    });
    expect(window.closesAt).toBe(closesAt);

    // The sweep closes the window (an objection is pending, so it awaits its resolution) and dies.
    const after = new Date(Date.parse(closesAt) + 60_000).toISOString();
    const swept = await crashTask(
      'in-task:sweep closed=1',
      () => platform.http.call('POST', '/v1/dev/clock', { body: { now: after } }),
      async () => {
        await moveClockTo(after);
        return platform.http.public.ok('GET', `/v1/public/notices/${acceptedWindow}`);
      },
    );
    expect(swept.status).toBe('awaiting-objections');
    expect((await auditOf(acceptedWindow)).filter((e) => e.action === 'window.closed')).toHaveLength(1);

    // The objection waits 30 days: the timeout's escalation dies after it is recorded.
    const late = new Date(Date.parse(after) + 31 * 86_400_000).toISOString();
    const escalated = await crashTask(
      'in-task:record-escalation',
      () => platform.http.call('POST', '/v1/dev/clock', { body: { now: late } }),
      async () => {
        await moveClockTo(late);
        return (await as(STAFF)).ok('GET', roundPath());
      },
    );
    expect(escalated.escalations ?? [], JSON.stringify(escalated.escalations)).toHaveLength(1);
    expect((await auditOf(roundId)).filter((e) => e.action === 'round.escalated')).toHaveLength(1);

    const resolved = await crashWrite('resolution', {
      identity: STAFF,
      routeKey: 'POST /v1/objections/{objectionId}/resolution',
      path: `/v1/objections/${objectionId}/resolution`,
      body: { outcome: 'dismissed', findings: '经核查，该单位近三年未发生较大生产安全事故，异议不成立。' },
      status: 200,
      audited: { [objectionId]: 1 },
    });
    expect(resolved.status).toBe('dismissed');
    expect(await stage()).toBe('material-review');
  }, 480_000);

  it('review: settings, assignments, conflicts, a draw, a withdrawal, scores, the on-site list', async () => {
    const settings = await crashWrite('review-settings', {
      identity: STAFF,
      routeKey: 'PUT /v1/rounds/{roundId}/review-settings',
      path: roundPath('/review-settings'),
      body: { loadLimits: { material: 5 }, deadlines: { material: '2026-06-30T17:00:00+08:00' } },
      status: 200,
      audited: { [roundId]: 1 },
    });
    expect(settings.reviewSettings.loadLimits).toEqual({ material: 5 });

    const assigned = await crashWrite('assignments', {
      identity: STAFF,
      routeKey: 'POST /v1/rounds/{roundId}/assignments',
      path: roundPath('/assignments'),
      body: { stage: 'material', applicationId: ids.A, reviewerIds: ['rev-1', 'rev-2'] },
      status: 201,
      audited: { [ids.A as string]: 2 },
    });
    expect((assigned as Json[]).map((a) => a.reviewerId)).toEqual(['rev-1', 'rev-2']);

    await assign('material', 'B', ['rev-1', 'rev-2']);
    const declared = await crashWrite('declare', {
      identity: reviewer('rev-2'),
      routeKey: 'POST /v1/applications/{id}/conflicts',
      path: appPath('B', '/conflicts'),
      body: { reason: '本人近三年曾为该单位提供咨询服务。' },
      status: 200,
      audited: { [ids.B as string]: 2 },
    });
    expect((declared.withdrawn as Json[]).map((a) => a.reviewerId)).toEqual(['rev-2']);

    const dismissed = await crashWrite('dismiss', {
      identity: STAFF,
      routeKey: 'POST /v1/applications/{id}/conflicts/dismissals',
      path: appPath('C', '/conflicts/dismissals'),
      body: { reviewerId: 'rev-c', reason: '该专家已于五年前离开该单位，系误判。' },
      status: 200,
      audited: { [ids.C as string]: 1 },
    });
    expect(dismissed.reviewerId).toBe('rev-c');
    await assign('material', 'C', ['rev-1', 'rev-c']);

    // B lost rev-2 to the declared conflict: the draw tops its panel up (rev-c, the only one left).
    const draw = await crashWrite('draw', {
      identity: STAFF,
      routeKey: 'POST /v1/rounds/{roundId}/assignments/draw',
      path: roundPath('/assignments/draw'),
      body: { stage: 'material', panelSize: 2, applicationIds: [ids.B] },
      status: 201,
      audited: { [roundId]: 1, [ids.B as string]: 1 },
    });
    expect(draw.assignments).toEqual([
      { applicationId: ids.B, reviewerIds: ['rev-1', 'rev-c'], drawn: ['rev-c'] },
    ]);
    expect(draw.drawId).toEqual(expect.any(String));
    const panelB = (await (await as(STAFF)).ok('GET', roundPath('/assignments?stage=material')))
      .items as Json[];
    expect(
      panelB
        .filter((a) => a.applicationId === ids.B && a.status === 'active')
        .map((a) => a.reviewerId)
        .sort(),
    ).toEqual(['rev-1', 'rev-c']);

    const withdrawal = await crashWrite('withdrawal', {
      identity: STAFF,
      routeKey: 'POST /v1/rounds/{roundId}/assignments/withdrawal',
      path: roundPath('/assignments/withdrawal'),
      body: {
        stage: 'material',
        applicationId: ids.A,
        reviewerId: 'rev-2',
        reason: '该专家因病无法参加本阶段评审。',
        replacementId: 'rev-c',
      },
      status: 200,
      audited: { [ids.A as string]: 2 },
    });
    expect([withdrawal.withdrawn.status, withdrawal.replacement.reviewerId]).toEqual(['withdrawn', 'rev-c']);

    const scored = await crashWrite('score', {
      identity: reviewer('rev-1'),
      routeKey: 'PUT /v1/applications/{id}/scores/{stage}',
      path: appPath('A', '/scores/material'),
      body: { items: await sheet(0.8) },
      status: 200,
      audited: { [ids.A as string]: 1 },
    });
    expect(scored.version).toBe(1);
    await score('material', 'A', 'rev-c', 0.8);
    await score('material', 'B', 'rev-1', 0.7);
    await score('material', 'B', 'rev-c', 0.7);
    await score('material', 'C', 'rev-1', 0.6);
    await score('material', 'C', 'rev-c', 0.6);

    // The move to on-site review sets off select-for-onsite, which dies; the keyed retry recovers.
    const selected = [ids.A, ids.B, ids.C];
    const key = 'matrix-advance-onsite.';
    const move = async () =>
      (await as(STAFF)).call('POST', roundPath('/advance'), {
        body: { to: 'onsite-review', selected },
        headers: { 'idempotency-key': key },
      });
    const retry = await crashTask('in-task:select-for-onsite', move, move);
    expect(retry.status, retry.text).toBe(200);
    expect(retry.body.stage).toBe('onsite-review');
    expect(
      (await auditOf(roundId)).filter(
        (e) => e.requestId === requestIdOf(STAFF, 'POST /v1/rounds/{roundId}/advance', key),
      ),
    ).toHaveLength(1);
    for (const name of ['A', 'B', 'C'])
      expect((await (await as(STAFF)).ok('GET', appPath(name))).status).toBe('in-review');
  }, 480_000);

  let proposal: Json[];

  it('on-site review, the defence, the ranking and the decision', async () => {
    for (const [name, share] of [
      ['A', 0.9],
      ['B', 0.8],
      ['C', 0.7],
    ] as const) {
      await assign('onsite', name, ['rev-1']);
      await score('onsite', name, 'rev-1', share);
    }
    const slot = await crashWrite('schedule', {
      identity: STAFF,
      routeKey: 'PUT /v1/rounds/{roundId}/schedule/{applicationId}',
      path: roundPath(`/schedule/${ids.A}`),
      body: {
        stage: 'onsite',
        startsAt: '2026-05-06T09:00:00+08:00',
        endsAt: '2026-05-06T12:00:00+08:00',
        venue: '太原矩阵测试A公司会议室',
        leaderId: 'rev-1',
      },
      status: 200,
      audited: { [ids.A as string]: 1 },
    });
    expect(slot.venue).toBe('太原矩阵测试A公司会议室');
    const defense = await crashWrite('advance-defense', {
      identity: STAFF,
      routeKey: 'POST /v1/rounds/{roundId}/advance',
      path: roundPath('/advance'),
      body: { to: 'defense' },
      status: 200,
      audited: { [roundId]: 1 },
    });
    expect((defense.stageHistory as Json[]).filter((h) => h.stage === 'defense')).toHaveLength(1);

    for (const [name, share] of [
      ['A', 0.9],
      ['B', 0.8],
      ['C', 0.7],
    ] as const) {
      await assign('defense', name, ['rev-1']);
      await score('defense', name, 'rev-1', share);
    }
    const key = 'matrix-advance-evaluation.';
    const move = async () =>
      (await as(STAFF)).call('POST', roundPath('/advance'), {
        body: { to: 'evaluation' },
        headers: { 'idempotency-key': key },
      });
    const retry = await crashTask('in-task:compute-ranking', move, move);
    expect(retry.status, retry.text).toBe(200);
    expect(await stage()).toBe('decision');
    proposal = (await (await as(LEADER)).ok('GET', roundPath('/ranking'))) as Json[];
    expect(proposal.map((r) => r.applicationId).sort()).toEqual([ids.A, ids.B, ids.C].sort());

    const award = proposal.filter((r) => r.proposedTier === 'award').map((r) => r.applicationId);
    const nomination = proposal.filter((r) => r.proposedTier === 'nomination').map((r) => r.applicationId);
    const decided = await crashWrite('decision', {
      identity: LEADER,
      routeKey: 'POST /v1/rounds/{roundId}/decision',
      path: roundPath('/decision'),
      body: { award, nomination, note: '同意建议名单。' },
      status: 200,
      audited: { [roundId]: 1 },
    });
    expect(decided.decision.award).toEqual(award);
    expect(await stage()).toBe('winner-publicity');
  }, 480_000);

  it('the winners notice settles, the approval and its announcement, a revocation', async () => {
    const round = await (await as(STAFF)).ok('GET', roundPath());
    const winners = (round.windows as Json[]).filter((w) => w.kind === 'winners');
    expect(winners).toHaveLength(1);
    const after = new Date(Date.parse(winners[0].closesAt as string) + 60_000).toISOString();
    const settled = await crashTask(
      'in-task:settle-window',
      () => platform.http.call('POST', '/v1/dev/clock', { body: { now: after } }),
      async () => {
        await moveClockTo(after);
        return (await as(STAFF)).ok('GET', roundPath());
      },
    );
    expect(settled.stage).toBe('approval');
    expect((settled.stageHistory as Json[]).filter((h) => h.stage === 'approval')).toHaveLength(1);

    const exported = await crashWrite('export', {
      identity: STAFF,
      routeKey: 'POST /v1/rounds/{roundId}/exports',
      path: roundPath('/exports'),
      body: { kind: 'ranking' },
      status: 201,
      audited: {},
    });
    expect([exported.kind, exported.status]).toEqual(['ranking', 'ready']);
    expect((await (await as(STAFF)).ok('GET', `/v1/exports/${exported.exportId}`)).status).toBe('ready');

    const rewards = { award: { bonusYuan: 200000 }, nomination: { bonusYuan: 50000 } };
    const rewarded = await crashWrite('rewards', {
      identity: STAFF,
      routeKey: 'PUT /v1/rounds/{roundId}/rewards',
      path: roundPath('/rewards'),
      body: rewards,
      status: 200,
      audited: { [roundId]: 1 },
    });
    expect(rewarded.rewards).toEqual(rewards);

    // Killed right after the approval's commit, before the flow announces; the restart announces
    // (and dies inside the announcement once more, its task being armed), the next one finishes it.
    const approved = await crashWrite('approval', {
      identity: STAFF,
      routeKey: 'POST /v1/rounds/{roundId}/approval',
      path: roundPath('/approval'),
      body: { documentNo: '并政函〔2026〕99号', approvedOn: '2026-05-20' },
      status: 200,
      audited: { [roundId]: 1 },
    });
    expect(approved.stage).toBe('announced');
    expect(platform.kills.some((k) => k.startsWith('in-task: announce'))).toBe(true);
    const awards = (await platform.http.public.ok('GET', `/v1/awards?roundId=${roundId}`)) as Json[];
    expect(awards.map((a) => a.applicationId).sort()).toEqual(
      proposal
        .filter((r) => r.proposedTier !== null)
        .map((r) => r.applicationId)
        .sort(),
    );

    const target = awards[0];
    const awardPath = `/v1/awards/${target.awardId}`;
    const issued = await crashWrite('issuance', {
      identity: STAFF,
      routeKey: 'POST /v1/awards/{awardId}/issuance',
      path: `${awardPath}/issuance`,
      body: { item: 'trophy', on: '2026-05-25' },
      status: 200,
      audited: { [target.awardId as string]: 1 },
    });
    expect(issued.issuance).toEqual({ trophy: { on: '2026-05-25' } });

    const visit = await crashWrite('visit', {
      identity: STAFF,
      routeKey: 'POST /v1/awards/{awardId}/visits',
      path: `${awardPath}/visits`,
      body: {
        visitedOn: '2026-05-28',
        visitors: ['评选办 王工'],
        findings: '质量管理体系运行正常，个别记录不完整。',
        rating: 'needs-improvement',
        actions: [{ item: '补全质量记录', dueOn: '2026-06-30' }],
      },
      status: 201,
      audited: (retry) => ({ [retry.visitId]: 1, [target.awardId as string]: 1 }),
    });
    expect(
      ((await (await as(STAFF)).ok('GET', `${awardPath}/visits`)) as Json[]).map((v) => v.visitId),
    ).toEqual([visit.visitId]);

    const closed = await crashWrite('closure', {
      identity: STAFF,
      routeKey: 'POST /v1/visits/{visitId}/actions/{index}/closure',
      path: `/v1/visits/${visit.visitId}/actions/0/closure`,
      body: { closedOn: '2026-06-10', note: '质量记录已补全。' },
      status: 200,
      audited: { [visit.visitId as string]: 1 },
    });
    expect(closed.actions[0].closedOn).toBe('2026-06-10');

    const revoked = await crashWrite('revocation', {
      identity: STAFF,
      routeKey: 'POST /v1/awards/{awardId}/revocation',
      path: `/v1/awards/${target.awardId}/revocation`,
      body: { reason: 'fraud', findings: '经查，申报材料中的质量指标数据弄虚作假。' },
      status: 200,
      audited: { [target.awardId as string]: 1, [target.applicationId as string]: 1 },
    });
    expect(revoked.status).toBe('revoked');
    expect(revoked.sanctions).toHaveLength(1);
    const bans = (await (await as(STAFF)).ok('GET', '/v1/sanctions')) as Json[];
    expect(bans.filter((s) => s.kind === 'revoked')).toHaveLength(1);

    const recovered = await crashWrite('recovery', {
      identity: STAFF,
      routeKey: 'POST /v1/awards/{awardId}/recovery',
      path: `${awardPath}/recovery`,
      body: { item: 'trophy', on: '2026-06-15' },
      status: 200,
      audited: { [target.awardId as string]: 1 },
    });
    expect(recovered.recovery.trophy.on).toBe('2026-06-15');
    expect(pendingTasks()).toEqual([]);
    expect([...platform.armed]).toEqual([]);
  }, 480_000);
});
