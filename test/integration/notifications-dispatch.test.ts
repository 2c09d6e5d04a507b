/**
 * The dispatcher against real SMTP servers (`smtp-server`, parsed with `mailparser`) and the AWS
 * stream handler on the in-memory store: a message arrives once with its stable Message-ID; a
 * failing or silent mail server leads to retries with exponential backoff and finally `failed`
 * (listed for staff), never to a blocked caller; a stream record delivered twice, or raced by the
 * schedule, sends once.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../functions/adapters/memory/memory-store.ts';
import { SmtpEmailSender } from '../../functions/adapters/notify/smtp-email.ts';
import { buildHandler } from '../../functions/handlers/events/dispatch-notifications.ts';
import type { SmsMessage } from '../../functions/ports/notification-channels.ts';
import { DELIVERY_POLICY, deliver, dispatchDue } from '../../functions/use-cases/notifications/dispatch.ts';
import { listFailedDeliveries } from '../../functions/use-cases/notifications/inbox.ts';
import { notify, staffRecipient } from '../../functions/use-cases/notifications/notify.ts';
import { fakeDeps, SequentialIds, SettableClock, TEST_PII } from '../support/fakes.ts';

const START = '2026-03-02T01:00:00.000Z';
const servers: SMTPServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

/** An SMTP server on a free loopback port; `onData` decides what becomes of each message. */
async function smtpServer(options: ConstructorParameters<typeof SMTPServer>[0]): Promise<number> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    ...options,
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return (server as unknown as { server: { address(): AddressInfo } }).server.address().port;
}

function setUp() {
  const store = new MemoryStore();
  const clock = new SettableClock(new Date(START));
  const deps = fakeDeps({ store, clock, pii: TEST_PII, ids: new SequentialIds() });
  deps.config.staffNotifyEmail = 'office@quality.example.cn';
  return { store, clock, deps };
}

/** One staff notice (inbox + email to the office), committed as a use case would. */
async function commitStaffNotice(deps: ReturnType<typeof setUp>['deps']): Promise<string> {
  const changes = notify(
    deps,
    {
      kind: 'objection.received',
      entityId: 'obj_1',
      roundId: '1',
      facts: { objectionId: 'obj_1' },
      at: deps.clock.now(),
    },
    [staffRecipient(deps)],
  );
  await deps.store.commit({ changes, audit: [] });
  const delivery = changes.find((c) => c.entity.type === 'delivery');
  if (delivery?.entity.type !== 'delivery') throw new Error('no delivery written');
  return delivery.entity.record.messageId;
}

describe('email over real SMTP', () => {
  it('arrives once, with the delivery id as Message-ID, a Chinese subject and body', async () => {
    // Prepare
    const received: { messageId?: string; subject?: string; text?: string; to?: string }[] = [];
    const port = await smtpServer({
      onData(stream, _session, callback) {
        simpleParser(stream).then((mail) => {
          const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
          received.push({ messageId: mail.messageId, subject: mail.subject, text: mail.text, to: to?.text });
          callback();
        }, callback);
      },
    });
    const { deps, store } = setUp();
    const messageId = await commitStaffNotice(deps);
    const email = new SmtpEmailSender({ host: '127.0.0.1', port, from: 'noreply@tqa.local' });

    // Act: delivered, then the same item handed over again (a redelivered stream record)
    const first = await deliver(deps, { email }, messageId);
    const again = await deliver(deps, { email }, messageId);
    email.close();

    // Assess
    expect([first, again]).toEqual(['sent', 'skipped']);
    expect(received).toHaveLength(1);
    expect(received[0]!.messageId).toBe(`<${messageId}@notifications.tqa>`);
    expect(received[0]!.subject).toBe('【太原市政府质量奖】收到实名异议');
    expect(received[0]!.text).toContain('请及时调查核实');
    expect(received[0]!.to).toBe('office@quality.example.cn');
    expect((await store.getDelivery(messageId))?.status).toBe('sent');
  });

  it('retries a failing server with exponential backoff, then marks the delivery failed for staff', async () => {
    // Prepare: every message is refused with a temporary error
    let tries = 0;
    const port = await smtpServer({
      onData(stream, _session, callback) {
        stream.resume();
        stream.on('end', () => {
          tries += 1;
          const error = Object.assign(new Error('邮箱暂时不可用'), { responseCode: 451 });
          callback(error);
        });
      },
    });
    const { deps, store, clock } = setUp();
    const messageId = await commitStaffNotice(deps);
    const email = new SmtpEmailSender({ host: '127.0.0.1', port, from: 'noreply@tqa.local' });

    // Act: each attempt at its due time; an attempt before it is due does nothing
    const outcomes: string[] = [];
    const pauses: number[] = [];
    for (let attempt = 1; attempt <= DELIVERY_POLICY.maxAttempts; attempt++) {
      outcomes.push(await deliver(deps, { email }, messageId));
      const after = await store.getDelivery(messageId);
      if (after?.status !== 'pending') break;
      pauses.push(Date.parse(after.nextAttemptAt ?? '') - clock.now().getTime());
      expect(await deliver(deps, { email }, messageId)).toBe('skipped');
      clock.set(after.nextAttemptAt ?? '');
    }
    email.close();

    // Assess
    expect(outcomes).toEqual(['retry', 'retry', 'retry', 'retry', 'failed']);
    expect(tries).toBe(5);
    expect(pauses).toEqual([60_000, 120_000, 240_000, 480_000]);
    const failed = await store.getDelivery(messageId);
    expect(failed).toMatchObject({ status: 'failed', attempts: 5, toMasked: '***@quality.example.cn' });
    expect(failed?.lastError).toContain('451');
    expect(await store.listDeliveriesDue('9999-12-31T00:00:00Z')).toEqual([]);
    const staffView = await listFailedDeliveries(deps, { sub: 'staff-1', roles: ['staff'] }, {});
    expect(staffView.items.map((d) => d.messageId)).toEqual([messageId]);
    // The inbox item was written with the change and is not affected.
    expect((await store.listNotificationsForAudiences(['role:staff'])).items).toHaveLength(1);
  });

  it('gives up on a server that never answers within the timeout, and retries later', async () => {
    // Prepare: a server that accepts the connection and never greets
    const port = await smtpServer({ onConnect: () => undefined });
    const { deps, store } = setUp();
    const messageId = await commitStaffNotice(deps);
    const email = new SmtpEmailSender({ host: '127.0.0.1', port, from: 'noreply@tqa.local', timeoutMs: 300 });

    // Act
    const outcome = await deliver(deps, { email }, messageId);
    email.close();

    // Assess
    expect(outcome).toBe('retry');
    expect(await store.getDelivery(messageId)).toMatchObject({ status: 'pending', attempts: 1 });
  });
});

describe('the AWS dispatcher', () => {
  const streamRecord = (messageId: string, n: number) => ({
    eventID: `e${n}`,
    eventName: 'INSERT' as const,
    dynamodb: {
      SequenceNumber: String(n),
      NewImage: { messageId: { S: messageId }, itemType: { S: 'delivery' } },
    },
  });

  it('sends once when the stream delivers a record twice and the schedule races it', async () => {
    // Prepare: an SMS to a phone, encrypted as every phone is
    const { deps, store } = setUp();
    const changes = notify(
      deps,
      {
        kind: 'objection.resolved',
        entityId: 'obj_2',
        facts: { objectionId: 'obj_2', outcome: 'dismissed' },
        at: deps.clock.now(),
      },
      [{ phoneEncrypted: await TEST_PII.encrypt('13712347701'), phoneMasked: '137****7701' }],
    );
    await store.commit({ changes, audit: [] });
    const sent: SmsMessage[] = [];
    const sms = { send: async (message: SmsMessage) => void sent.push(message) };
    const handler = buildHandler(deps, { sms });
    const messageId = (changes[0]!.entity.record as { messageId: string }).messageId;
    const event = { Records: [streamRecord(messageId, 1), streamRecord(messageId, 2)] };

    // Act
    const results = await Promise.all([handler(event), handler(event), handler({ source: 'schedule' })]);

    // Assess
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ messageId, phone: '13712347701', kind: 'objection.resolved' });
    expect(results[0]).toEqual({ batchItemFailures: [] });
    expect((await store.getDelivery(messageId))?.status).toBe('sent');
    // The item never held the number in clear.
    expect(JSON.stringify(await store.getDelivery(messageId))).not.toContain('13712347701');
  });

  it('fails a delivery at once when its channel is not configured, and leaves the others to the schedule', async () => {
    // Prepare
    const { deps, store } = setUp();
    const messageId = await commitStaffNotice(deps);

    // Act
    const counts = await dispatchDue(deps, {});

    // Assess
    expect(counts).toMatchObject({ failed: 1, sent: 0 });
    expect(await store.getDelivery(messageId)).toMatchObject({
      status: 'failed',
      lastError: '未配置邮件通道',
    });
  });
});
