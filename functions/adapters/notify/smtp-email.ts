/**
 * Email over SMTP with nodemailer (SES does not exist in the China regions): the office's mail
 * server on AWS, the embedded SMTP server locally. The delivery's message id becomes the
 * Message-ID header, so a receiver sees a retried send as the same message.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { EmailMessage, EmailSender } from '../../ports/notification-channels.ts';

export interface SmtpSettings {
  host: string;
  port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure?: boolean;
  user?: string;
  password?: string;
  /** `太原市质量奖办公室 <noreply@…>` */
  from: string;
  /** Give up on a server that does not answer (ms); a failed attempt is retried later by the dispatcher. */
  timeoutMs?: number;
}

/** The domain of the Message-ID header (`<{messageId}@{domain}>`). */
const MESSAGE_ID_DOMAIN = 'notifications.tqa';

export class SmtpEmailSender implements EmailSender {
  private readonly transport: Transporter;

  constructor(private readonly settings: SmtpSettings) {
    const timeout = settings.timeoutMs ?? 10_000;
    this.transport = nodemailer.createTransport({
      host: settings.host,
      port: settings.port,
      secure: settings.secure ?? false,
      ...(settings.user ? { auth: { user: settings.user, pass: settings.password ?? '' } } : {}),
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    });
  }

  async send(message: EmailMessage): Promise<void> {
    await this.transport.sendMail({
      from: this.settings.from,
      to: message.email,
      subject: message.subject,
      text: message.body,
      messageId: `<${message.messageId}@${MESSAGE_ID_DOMAIN}>`,
      headers: { 'X-TQA-Message-Id': message.messageId, 'X-TQA-Kind': message.kind },
    });
  }

  close(): void {
    this.transport.close();
  }
}

/** The delivery id of a received message (the local sink, tests): from X-TQA-Message-Id or Message-ID. */
export function messageIdOf(headers: { messageId?: string; custom?: string }): string | undefined {
  if (headers.custom) return headers.custom;
  const match = /^<?([^@>]+)@/.exec(headers.messageId ?? '');
  return match?.[1];
}
