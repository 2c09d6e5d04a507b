/**
 * The delivery channels of the outbox (DESIGN.md §3 "Notifications"): the inbox is the store
 * itself; SMS and email are ports with an adapter per provider (Aliyun SMS, SMTP) and, locally,
 * the embedded SMTP server and SMS sink. Each send carries the delivery's stable `messageId`, so a
 * receiver can recognise a delivery it has already had.
 */
import type { NotificationKind } from '../domain/notifications.ts';

export interface SmsMessage {
  messageId: string;
  /** The plain number: decrypted by the dispatcher just before the send, never logged. */
  phone: string;
  kind: NotificationKind;
  body: string;
}

export interface EmailMessage {
  messageId: string;
  kind: NotificationKind;
  email: string;
  subject: string;
  body: string;
}

export interface SmsSender {
  send(message: SmsMessage): Promise<void>;
}

export interface EmailSender {
  send(message: EmailMessage): Promise<void>;
}

/** The channels a dispatcher has; a channel left out fails its deliveries at once as not configured. */
export interface DeliveryChannels {
  sms?: SmsSender;
  email?: EmailSender;
}
