/**
 * Issue 12 "Done when": killing the platform between the commit and the delivery loses no
 * notification and sends none twice. The local platform — its whole process group, DynamoDB
 * Local's JVM included — is killed by its own fault points (TQA_FAULT_POINTS): once when the
 * dispatcher has claimed an outbox item but not sent it (`before-delivery`), once when it has sent
 * it but not recorded that (`after-delivery`). Started again on the same data, it delivers every
 * notice, and `GET /v1/dev/outbox` (what the SMS sink and SMTP server received) lists each exactly
 * once, as the recipients' inboxes do. No timing: the kills happen at named points in the code.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  attachEvidence,
  type Caller,
  creditCode,
  type Json,
  organizationBody,
  yearsBefore,
} from '../../e2e/contract/support.ts';
import { CrashPlatform } from './fixtures/crash-harness.ts';

const CLOCK_START = '2026-03-02T09:00:00+08:00';
const CALL_CLOSES = '2026-03-06T17:00:00+08:00';
const ARMED = ['before-delivery:application.submitted#', 'after-delivery:application.recommended#'];

let dataDir: string;
let platform: CrashPlatform;
/** The running platform's client (a restart gives it another address). */
const http = () => platform.http;

/** A request the platform may die in before answering: its commit came first, so it is done either way. */
const answeredOrKilled = async (send: Promise<unknown>) => {
  await send.catch(() => undefined);
};

const kinds = (items: Json[]) => items.map((m) => m.kind as string).sort();

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'tqa-outbox-crash-'));
  platform = new CrashPlatform(dataDir, CLOCK_START);
  for (const fault of ARMED) platform.armed.add(fault);
  await platform.start();
}, 120_000);

afterAll(async () => {
  await platform?.stop();
  await rm(dataDir, { recursive: true, force: true });
}, 60_000);

describe('killing the platform between an outbox write and its delivery', () => {
  let owner: Caller;
  let applicationId: string;

  it('delivers a notice claimed but not sent when the platform died, after the restart, once', async () => {
    // Prepare
    const staff = await http().as({ sub: 'staff-outbox', roles: ['staff'] });
    const round = await staff.ok(
      'POST',
      '/v1/rounds',
      { title: '通知崩溃测试届', callOpensAt: CLOCK_START, callClosesAt: CALL_CLOSES },
      201,
    );
    owner = await http().as({ sub: 'owner-outbox', roles: ['applicant'] });
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
    await platform.restartAfterFault('before-delivery:application.submitted#');

    // Assess
    owner = await http().as({ sub: 'owner-outbox', roles: ['applicant'] });
    expect((await owner.ok('GET', `/v1/applications/${applicationId}`)).status).toBe('submitted');
    const box = (await http().public.get('/v1/dev/outbox')).body.items as Json[];
    expect(kinds(box)).toEqual(['application.submitted']);
    expect(box[0]).toMatchObject({ channel: 'sms', to: '139****9301', status: 'sent' });
    expect(kinds((await owner.ok('GET', '/v1/my/notifications')).items)).toEqual(['application.submitted']);
  }, 180_000);

  it('recognises a notice sent just before the platform died: listed once after the restart', async () => {
    // Prepare
    const recommender = await http().as({
      sub: 'rec-outbox',
      roles: ['recommender'],
      jurisdiction: '140105',
    });

    // Act: sent to the SMS sink, killed before the delivery is marked sent; sent again after the restart
    await answeredOrKilled(
      recommender.post(`/v1/applications/${applicationId}/recommendation`, {
        decision: 'recommend',
        opinion: '同意推荐。',
      }),
    );
    await platform.restartAfterFault('after-delivery:application.recommended#');

    // Assess
    const box = (await http().public.get('/v1/dev/outbox')).body.items as Json[];
    expect(kinds(box)).toEqual(['application.recommended', 'application.submitted']);
    expect(new Set(box.map((m) => m.messageId)).size).toBe(2);
    owner = await http().as({ sub: 'owner-outbox', roles: ['applicant'] });
    const inbox = (await owner.ok('GET', '/v1/my/notifications')).items as Json[];
    expect(kinds(inbox)).toEqual(['application.recommended', 'application.submitted']);
    expect((await owner.ok('GET', `/v1/applications/${applicationId}`)).status).toBe('recommended');
  }, 180_000);
});
