/**
 * The local stand-ins of the SMS provider and the mail server (DESIGN.md §4): an embedded SMTP
 * server (`smtp-server`) that receives what the email adapter sends over real SMTP, parsed with
 * `mailparser`, and an SMS sink. Both keep what a person would have received — one entry per
 * message id, so a retried send of the same delivery is recognised and listed once — in a JSON-lines
 * file in the data directory (written synchronously: what was received survives a hard kill), and
 * answer `GET /v1/dev/outbox` with the recipients masked.
 */
import { appendFileSync, closeSync, existsSync, fsyncSync, openSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { messageIdOf } from '../../functions/adapters/notify/smtp-email.ts';
import { maskPhone } from '../../functions/domain/identifiers.ts';
import {
  maskEmailAddress,
  NOTIFICATION_KINDS,
  type NotificationKind,
} from '../../functions/domain/notifications.ts';
import type { Clock } from '../../functions/ports/clock.ts';
import type { SmsMessage, SmsSender } from '../../functions/ports/notification-channels.ts';

export interface ReceivedMessage {
  messageId: string;
  channel: 'sms' | 'email';
  /** Masked: the last 4 digits of a phone, the domain of an email. */
  to: string;
  subject?: string;
  body: string;
  kind: NotificationKind;
  at: string;
  status: 'sent';
}

export interface NotificationSink {
  /** Where the email adapter connects (127.0.0.1). */
  smtpPort: number;
  sms: SmsSender;
  /** Everything received, oldest first, each message id once. */
  received(): ReceivedMessage[];
  /** How many sends arrived in all, duplicates of a message id included (tests). */
  arrivals(): number;
  stop(): Promise<void>;
}

export interface NotificationSinkOptions {
  /** The JSON-lines file the received messages are kept in. */
  file: string;
  clock: Clock;
}

const isKind = (value: string): value is NotificationKind =>
  (NOTIFICATION_KINDS as readonly string[]).includes(value);

export async function startNotificationSink(options: NotificationSinkOptions): Promise<NotificationSink> {
  const messages = new Map<string, ReceivedMessage>();
  if (existsSync(options.file)) {
    for (const line of readFileSync(options.file, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      try {
        const message = JSON.parse(line) as ReceivedMessage;
        messages.set(message.messageId, message);
      } catch {
        // A line cut short by a hard kill: that send was never acknowledged, so it is sent again.
      }
    }
  }
  let arrivals = 0;
  const keep = (message: ReceivedMessage) => {
    arrivals += 1;
    if (messages.has(message.messageId)) return;
    messages.set(message.messageId, message);
    const fd = openSync(options.file, 'a');
    try {
      appendFileSync(fd, `${JSON.stringify(message)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  };

  const server = new SMTPServer({
    // Loopback only, no TLS and no login: a stand-in, reachable from this machine alone.
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    banner: '太原市政府质量奖本地邮件替身',
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          const headerText = (name: string) => {
            const value = mail.headers.get(name);
            return typeof value === 'string' ? value : undefined;
          };
          const messageId = messageIdOf({
            messageId: mail.messageId,
            custom: headerText('x-tqa-message-id'),
          });
          const kind = headerText('x-tqa-kind') ?? '';
          const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
          const address = to?.value[0]?.address ?? '';
          if (messageId === undefined || !isKind(kind))
            throw new Error('not a notification of this platform');
          keep({
            messageId,
            channel: 'email',
            to: maskEmailAddress(address),
            ...(mail.subject ? { subject: mail.subject } : {}),
            body: (mail.text ?? '').trim(),
            kind,
            at: options.clock.now().toISOString(),
            status: 'sent',
          });
          callback();
        })
        .catch((error: unknown) => callback(error as Error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const smtpPort = (server as unknown as { server: { address(): AddressInfo } }).server.address().port;

  const sms: SmsSender = {
    async send(message: SmsMessage) {
      keep({
        messageId: message.messageId,
        channel: 'sms',
        to: maskPhone(message.phone),
        body: message.body,
        kind: message.kind,
        at: options.clock.now().toISOString(),
        status: 'sent',
      });
    },
  };

  return {
    smtpPort,
    sms,
    received: () => [...messages.values()],
    arrivals: () => arrivals,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
