/**
 * Issue 12 "Done when": killing the platform between the commit and the delivery loses no
 * notification and sends none twice. The local platform — its whole process group, DynamoDB
 * Local's JVM included — is killed by its own fault points (TQA_FAULT_POINTS): once when the
 * dispatcher has claimed an outbox item but not sent it (`before-delivery`), once when it has sent
 * it but not recorded that (`after-delivery`). Started again on the same data, it delivers every
 * notice, and `GET /v1/dev/outbox` (what the SMS sink and SMTP server received) lists each exactly
 * once, as the recipients' inboxes do. No timing: the kills happen at named points in the code.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  attachEvidence,
  type Caller,
  creditCode,
  Http,
  type Json,
  organizationBody,
  yearsBefore,
} from '../../e2e/contract/support.ts';

const CHILD = fileURLToPath(new URL('./fixtures/platform-child.ts', import.meta.url));
const CLOCK_START = '2026-03-02T09:00:00+08:00';
const CALL_CLOSES = '2026-03-06T17:00:00+08:00';
const armed = new Set(['before-delivery:application.submitted#', 'after-delivery:application.recommended#']);

let dataDir: string;
let child: ChildProcess | undefined;
let http: Http;
let faultsSeen = '';

async function start(): Promise<void> {
  const spawned = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, CLOCK_START], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TQA_FAULT_POINTS: [...armed].join(','), POWERTOOLS_LOG_LEVEL: 'ERROR' },
  });
  let errors = '';
  spawned.stderr?.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    errors = (errors + text).slice(-4000);
    for (const line of text.split('\n')) if (line.startsWith('TQA fault point')) faultsSeen += `${line}\n`;
  });
  const lines = createInterface({ input: spawned.stdout as NodeJS.ReadableStream });
  const url = await new Promise<string>((resolve, reject) => {
    lines.on('line', (line) => {
      if (line.startsWith('{"url"')) resolve((JSON.parse(line) as { url: string }).url);
    });
    spawned.once('exit', (code) => reject(new Error(`the platform exited (${code}) early:\n${errors}`)));
  });
  child = spawned;
  http = new Http(url);
}

/** Waits until the child has killed its group at `fault`, then starts it again without that fault. */
async function restartAfterFault(fault: string): Promise<void> {
  const dead = child as ChildProcess;
  if (dead.exitCode === null && dead.signalCode === null)
    await new Promise((resolve) => dead.once('exit', resolve));
  expect(dead.signalCode, 'killed by its own fault point').toBe('SIGKILL');
  expect(faultsSeen).toContain(`TQA fault point ${fault.split(':')[0]}: ${fault.split(':')[1]}`);
  faultsSeen = '';
  armed.delete(fault);
  for (;;) {
    try {
      process.kill(-(dead.pid as number), 0);
    } catch {
      break;
    }
    await sleep(20);
  }
  await start();
}

/** A request the platform may die in before answering: its commit came first, so it is done either way. */
const answeredOrKilled = async (send: Promise<unknown>) => {
  await send.catch(() => undefined);
};

const kinds = (items: Json[]) => items.map((m) => m.kind as string).sort();

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'tqa-outbox-crash-'));
  await start();
}, 120_000);

afterAll(async () => {
  const running = child;
  if (running && running.exitCode === null && running.signalCode === null) {
    running.kill('SIGTERM');
    await new Promise((resolve) => running.once('exit', resolve));
  }
  await rm(dataDir, { recursive: true, force: true });
}, 60_000);

describe('killing the platform between an outbox write and its delivery', () => {
  let owner: Caller;
  let applicationId: string;

  it('delivers a notice claimed but not sent when the platform died, after the restart, once', async () => {
    // Prepare
    const staff = await http.as({ sub: 'staff-outbox', roles: ['staff'] });
    const round = await staff.ok(
      'POST',
      '/v1/rounds',
      { title: '通知崩溃测试届', callOpensAt: CLOCK_START, callClosesAt: CALL_CLOSES },
      201,
    );
    owner = await http.as({ sub: 'owner-outbox', roles: ['applicant'] });
    const body = organizationBody({
      name: '太原崩溃测试机械有限公司',
      creditCode: creditCode('140105', 9301),
      registeredOn: yearsBefore(CALL_CLOSES, 8),
      phone: '13900009301',
    });
    const draft = await owner.ok('POST', `/v1/rounds/${round.roundId}/applications`, body, 201);
    applicationId = draft.applicationId;
    await attachEvidence(owner, applicationId);

    // Act: the submission commits its notice; the dispatcher dies holding it
    await answeredOrKilled(owner.post(`/v1/applications/${applicationId}/submit`));
    await restartAfterFault('before-delivery:application.submitted#');

    // Assess
    owner = await http.as({ sub: 'owner-outbox', roles: ['applicant'] });
    expect((await owner.ok('GET', `/v1/applications/${applicationId}`)).status).toBe('submitted');
    const box = (await http.public.get('/v1/dev/outbox')).body.items as Json[];
    expect(kinds(box)).toEqual(['application.submitted']);
    expect(box[0]).toMatchObject({ channel: 'sms', to: '139****9301', status: 'sent' });
    expect(kinds((await owner.ok('GET', '/v1/my/notifications')).items)).toEqual(['application.submitted']);
  }, 180_000);

  it('recognises a notice sent just before the platform died: listed once after the restart', async () => {
    // Prepare
    const recommender = await http.as({ sub: 'rec-outbox', roles: ['recommender'], jurisdiction: '140105' });

    // Act: sent to the SMS sink, killed before the delivery is marked sent; sent again after the restart
    await answeredOrKilled(
      recommender.post(`/v1/applications/${applicationId}/recommendation`, {
        decision: 'recommend',
        opinion: '同意推荐。',
      }),
    );
    await restartAfterFault('after-delivery:application.recommended#');

    // Assess
    const box = (await http.public.get('/v1/dev/outbox')).body.items as Json[];
    expect(kinds(box)).toEqual(['application.recommended', 'application.submitted']);
    expect(new Set(box.map((m) => m.messageId)).size).toBe(2);
    owner = await http.as({ sub: 'owner-outbox', roles: ['applicant'] });
    const inbox = (await owner.ok('GET', '/v1/my/notifications')).items as Json[];
    expect(kinds(inbox)).toEqual(['application.recommended', 'application.submitted']);
    expect((await owner.ok('GET', `/v1/applications/${applicationId}`)).status).toBe('recommended');
  }, 180_000);
});
