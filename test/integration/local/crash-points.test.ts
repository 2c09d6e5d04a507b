/**
 * Issue 10 items 1–2 ("Nothing lost, nothing twice"): the local platform is killed — its whole
 * process group, DynamoDB Local's JVM included — at each named fault point
 * (functions/shared/fault-hook.ts) of each idempotent create route, started again on the same data
 * directory, and the same request is retried with the same Idempotency-Key. Afterwards:
 *
 * - the killed request's effect is there exactly once (the retry either recovered it or, when the
 *   kill came before the commit, made it once);
 * - the retry answers 201, and a further replay by key returns exactly that response;
 * - every created record's audit chain is intact (`GET /v1/audit?entityId=`).
 *
 * A flow task is killed after its work too (`in-task`, open-window): after the restart the flow
 * runs it again and the round still has one window. No timing: each kill happens at a named point
 * in the code (TQA_FAULT_POINTS, infra/local/fault-points.ts), chosen per request by its key.
 * Covered routes: POST /v1/sanctions, POST /v1/rounds, POST /v1/rounds/{roundId}/applications,
 * POST /v1/applications/{id}/evidence, POST /v1/public/notices/{windowId}/objections. Not covered:
 * POST /v1/rounds/{roundId}/assignments (assignments are keyed by stage + application + reviewer,
 * so a re-run hits its own record by that natural key).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  attachEvidence,
  type Caller,
  creditCode,
  idNumber,
  type Json,
  organizationBody,
  yearsBefore,
} from '../../e2e/contract/support.ts';
import { CrashPlatform } from './fixtures/crash-harness.ts';

const CLOCK_START = '2026-03-02T09:00:00+08:00';
const CALL_CLOSES = '2026-03-06T17:00:00+08:00';
const POINTS = ['after-commit', 'before-response-stored', 'before-response-sent'] as const;
type Point = (typeof POINTS)[number];
const ROUTES = ['sanction', 'round', 'application', 'evidence', 'objection'] as const;
/**
 * The faults each start is armed with: the key `crash-<point>-<route>` stops the platform at that
 * point, open-window stops in its task. A fault that fired is not armed again, so the retry after
 * the restart runs through.
 */
const ARMED = new Set([
  ...POINTS.flatMap((p) => ROUTES.map((r) => `${p}:#crash-${p}-${r}`)),
  'in-task:open-window',
]);

let dataDir: string;
let platform: CrashPlatform;
/** The running platform's client (a restart gives it another address). */
const http = () => platform.http;

function required<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a value');
  return value;
}

const staffIdentity = { sub: 'staff-crash', roles: ['staff'], name: '评选办 李工' };
const supervisorIdentity = { sub: 'supervisor-crash', roles: ['supervisor'] };
const staff = () => http().as(staffIdentity);

/**
 * Sends `send(key)` that the platform dies in at `point`, restarts it, retries with the same key
 * and replays once more: returns the retry's body, after checking the replay returns exactly it.
 */
async function crashAndRetry(
  point: Point,
  name: string,
  send: (key: string) => Promise<Json>,
): Promise<Json> {
  const key = `crash-${point}-${name}`;
  // Act: the request never gets an answer — the process is gone mid-request.
  await expect(send(key)).rejects.toThrow();
  await platform.restartAfterFault(`${point}:#${key}`);
  const retry = (await send(key)) as { status: number; body: Json; text: string; headers: Headers };
  const replay = (await send(key)) as { status: number; body: Json; text: string; headers: Headers };

  // Assess
  expect(retry.status, retry.text).toBe(201);
  // Stored before the kill: the retry is already the replay of the first response.
  expect(retry.headers.get('idempotency-replayed') === 'true').toBe(point === 'before-response-sent');
  expect(replay.status).toBe(201);
  expect(replay.headers.get('idempotency-replayed')).toBe('true');
  expect(replay.body).toEqual(retry.body);
  return retry.body;
}

async function expectChainIntact(entityId: string): Promise<void> {
  const supervisor = await http().as(supervisorIdentity);
  const entries = (await supervisor.ok(
    'GET',
    `/v1/audit?entityId=${encodeURIComponent(entityId)}`,
  )) as Json[];
  expect(entries.length, `audit of ${entityId}`).toBeGreaterThan(0);
  expect(entries.every((e) => e.chainIntact === true)).toBe(true);
  expect(entries.filter((e) => /\.(created|filed)$/.test(String(e.action)))).toHaveLength(1);
}

const post = (caller: Caller, path: string, body: Json) => (key: string) =>
  caller.call('POST', path, { body, headers: { 'idempotency-key': key } });

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'tqa-crash-'));
  platform = new CrashPlatform(dataDir, CLOCK_START);
  for (const fault of ARMED) platform.armed.add(fault);
  await platform.start();
}, 120_000);

afterAll(async () => {
  await platform?.stop();
  await rm(dataDir, { recursive: true, force: true });
}, 60_000);

const rounds: Json[] = [];

describe('the local platform killed at each fault point of each idempotent create', () => {
  it.each(POINTS)(
    'POST /v1/sanctions, killed %s: one sanction, replayed',
    async (point) => {
      const reason = `平台上线前第1届获奖组织（${point}）`;
      const body = {
        subject: { type: 'organization', creditCode: creditCode('140108', 990_100 + POINTS.indexOf(point)) },
        kind: 'award-holder',
        barredFromOrdinal: 2,
        barredThroughOrdinal: 3,
        reason,
      };
      const created = await crashAndRetry(point, 'sanction', async (key) =>
        post(await staff(), '/v1/sanctions', body)(key),
      );

      const listed = (await (await staff()).ok('GET', '/v1/sanctions')) as Json[];
      expect(listed.filter((s) => s.reason === reason)).toHaveLength(1);
      expect(listed.find((s) => s.reason === reason).sanctionId).toBe(created.sanctionId);
      await expectChainIntact(created.sanctionId);
    },
    120_000,
  );

  it.each(POINTS)(
    'POST /v1/rounds, killed %s: one round, replayed',
    async (point) => {
      const title = `第${POINTS.indexOf(point) + 1}届太原市政府质量奖（${point}）`;
      const body = { title, callOpensAt: CLOCK_START, callClosesAt: CALL_CLOSES };
      const created = await crashAndRetry(point, 'round', async (key) =>
        post(await staff(), '/v1/rounds', body)(key),
      );

      const listed = (await (await staff()).ok('GET', '/v1/rounds')) as Json[];
      expect(listed.filter((r) => r.title === title)).toHaveLength(1);
      expect(created.stage).toBe('call-open');
      await expectChainIntact(created.roundId);
      rounds.push(created);
    },
    120_000,
  );

  it.each(POINTS)(
    'POST /v1/rounds/{roundId}/applications and …/evidence, killed %s: one draft, one file, replayed',
    async (point) => {
      const i = POINTS.indexOf(point);
      // Asked for per request: a restart gives the platform another address.
      const owner = () => http().as({ sub: `applicant-crash-${i}`, roles: ['applicant'] });
      const body = organizationBody({
        name: `太原崩溃测试第${i + 1}机械有限公司`,
        creditCode: creditCode('140105', 7100 + i),
        registeredOn: yearsBefore(CALL_CLOSES, 8),
      });
      const roundId = required(rounds[0]).roundId as string;
      const draft = await crashAndRetry(point, 'application', async (key) =>
        post(await owner(), `/v1/rounds/${roundId}/applications`, body)(key),
      );
      const mine = (await (await owner()).ok('GET', '/v1/my/applications')).items as Json[];
      expect(mine.map((a) => a.applicationId)).toEqual([draft.applicationId]);
      await expectChainIntact(draft.applicationId);

      const fileName = `证实材料（${point}）.pdf`;
      const upload = { fileName, contentType: 'application/pdf', size: 1000, sha256: 'a'.repeat(64) };
      const slot = await crashAndRetry(point, 'evidence', async (key) =>
        post(await owner(), `/v1/applications/${draft.applicationId}/evidence`, upload)(key),
      );
      const evidence = (await (await owner()).ok('GET', `/v1/applications/${draft.applicationId}`))
        .evidence as Json[];
      expect(evidence.filter((e) => e.fileName === fileName).map((e) => e.evidenceId)).toEqual([
        slot.evidenceId,
      ]);
    },
    180_000,
  );

  let windowId: string;
  let roundId: string;
  let target: string;

  it('open-window killed inside its task: after the restart the flow runs it again, one window', async () => {
    // Arrange: a submitted, recommended, qualified application in the second round.
    roundId = required(rounds[1]).roundId as string;
    const owner = await http().as({ sub: 'applicant-crash-window', roles: ['applicant'] });
    const draft = await owner.ok(
      'POST',
      `/v1/rounds/${roundId}/applications`,
      organizationBody({
        name: '太原公示测试精密制造有限公司',
        creditCode: creditCode('140105', 7200),
        registeredOn: yearsBefore(CALL_CLOSES, 8),
      }),
      201,
    );
    target = draft.applicationId as string;
    await attachEvidence(owner, target);
    await owner.ok('POST', `/v1/applications/${target}/submit`, undefined, 200);
    const recommender = await http().as({ sub: 'rec-crash', roles: ['recommender'], jurisdiction: '140105' });
    await recommender.ok('POST', `/v1/applications/${target}/recommendation`, {
      decision: 'recommend',
      opinion: '经初审，符合申报条件，同意推荐。',
    });
    await http().moveClockTo('2026-03-06T10:00:00Z');
    const staffCaller = await staff();
    await staffCaller.ok('POST', `/v1/applications/${target}/qualification`, { decision: 'qualified' }, 200);

    // Act: the advance starts the flow's open-window task, which dies after its work.
    await expect(
      staffCaller.call('POST', `/v1/rounds/${roundId}/advance`, { body: { to: 'accepted-publicity' } }),
    ).rejects.toThrow();
    await platform.restartAfterFault('in-task:open-window');

    // Assess: the restart resumed the round; its task ran again and made no second window.
    const round = await (await staff()).ok('GET', `/v1/rounds/${roundId}`);
    expect(round.stage).toBe('accepted-publicity');
    const accepted = (round.windows as Json[]).filter((w) => w.kind === 'accepted');
    expect(accepted).toHaveLength(1);
    expect(accepted[0].entries.map((e: Json) => e.applicationId)).toEqual([target]);
    windowId = accepted[0].windowId as string;
    await expectChainIntact(roundId);
  }, 180_000);

  it.each(POINTS)(
    'POST /v1/public/notices/{windowId}/objections, killed %s: one objection, replayed',
    async (point) => {
      const content = `该单位近三年内发生过较大生产安全事故，申报材料中未如实说明（${point}）。`;
      const body = {
        applicationId: target,
        name: '周明',
        phone: '13712345678',
        idNumber: idNumber('140105', '1979-05-05', 31),
        content,
      };
      const filed = await crashAndRetry(point, 'objection', (key) =>
        http().public.call('POST', `/v1/public/notices/${windowId}/objections`, {
          body,
          headers: { 'idempotency-key': key },
        }),
      );

      const listed = (await (await staff()).ok('GET', `/v1/rounds/${roundId}/objections`)) as Json[];
      expect(listed.filter((o) => o.content === content).map((o) => o.objectionId)).toEqual([
        filed.objectionId,
      ]);
      await expectChainIntact(filed.objectionId);
    },
    120_000,
  );
});
