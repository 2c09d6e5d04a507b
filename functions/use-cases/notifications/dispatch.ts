/**
 * The dispatcher (DESIGN.md §3 "Notifications"): delivers each outbox item at least once under its
 * stable message id. An attempt first claims the item (a versioned write: of two dispatchers handed
 * the same item — a duplicated stream record, an overlapping sweep — only one wins; a `sent` or
 * `failed` item is recognised and left alone), then sends, then records the outcome: `sent`, or a
 * retry after an exponentially growing pause, or `failed` for staff once the attempts are spent.
 * An attempt whose dispatcher died keeps the item until its lease ends; then it is taken over.
 * The phone is decrypted here and only here, and never logged.
 */
import { isDomainError } from '../../domain/errors.ts';
import type { Deps } from '../../ports/deps.ts';
import type { DeliveryChannels } from '../../ports/notification-channels.ts';
import type { DeliveryRecord } from '../../ports/records.ts';
import type { FaultHook } from '../../shared/fault-hook.ts';

/** Attempts and pauses: 1, 2, 4, 8 minutes between five attempts (a notice within 60 s when all is well). */
export const DELIVERY_POLICY = { maxAttempts: 5, firstRetryMs: 60_000, leaseMs: 120_000 } as const;

export type DeliveryOutcome = 'sent' | 'retry' | 'failed' | 'skipped';

export interface DispatchOptions {
  policy?: { maxAttempts: number; firstRetryMs: number; leaseMs: number };
  /** Test-only (local platform): `before-delivery` / `after-delivery` around the send. */
  faultPoint?: FaultHook;
  /**
   * Treat attempts still claimed as abandoned (the local platform at start: one process serves
   * everything, so a claim it did not finish belongs to a process that died).
   */
  takeOverClaims?: boolean;
  /** Told of each outcome (metrics, logs); gets no personal data. */
  onOutcome?: (delivery: DeliveryRecord, outcome: DeliveryOutcome, error?: string) => void;
}

const isConflict = (error: unknown): boolean => isDomainError(error) && error.code === 'VERSION_CONFLICT';

/** A send error as kept on the item: short, and with any run of digits masked (it may echo a number). */
export const errorText = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error))
    .replace(/\d{5,}/g, (d) => `${d.slice(0, 3)}****`)
    .slice(0, 300);

/** The item without the fields of the state it leaves (a put replaces the whole item). */
function settled(d: DeliveryRecord): DeliveryRecord {
  const { nextAttemptAt: _n, leaseUntil: _l, ...rest } = d;
  return rest;
}

/** One attempt at the delivery `messageId`, if it is due and no one else holds it. */
export async function deliver(
  deps: Pick<Deps, 'store' | 'clock' | 'pii'>,
  channels: DeliveryChannels,
  messageId: string,
  options: DispatchOptions = {},
): Promise<DeliveryOutcome> {
  const policy = options.policy ?? DELIVERY_POLICY;
  const delivery = await deps.store.getDelivery(messageId);
  if (!delivery) return 'skipped';
  const now = deps.clock.now();
  const at = now.toISOString();
  if (delivery.status === 'sent' || delivery.status === 'failed') return 'skipped';
  if (delivery.status === 'pending' && delivery.nextAttemptAt !== undefined && delivery.nextAttemptAt > at)
    return 'skipped';
  if (
    delivery.status === 'sending' &&
    !options.takeOverClaims &&
    delivery.leaseUntil !== undefined &&
    delivery.leaseUntil > at
  )
    return 'skipped';

  const claimed: DeliveryRecord = {
    ...settled(delivery),
    status: 'sending',
    attempts: delivery.attempts + 1,
    leaseUntil: new Date(now.getTime() + policy.leaseMs).toISOString(),
  };
  try {
    await deps.store.commit({
      changes: [{ op: 'put', entity: { type: 'delivery', record: claimed } }],
      audit: [],
    });
  } catch (error) {
    if (isConflict(error)) return 'skipped';
    throw error;
  }
  const held: DeliveryRecord = { ...claimed, version: claimed.version + 1 };
  const subject = `${delivery.kind}#${messageId}`;

  let outcome: DeliveryOutcome;
  let next: DeliveryRecord;
  let failure: string | undefined;
  try {
    options.faultPoint?.('before-delivery', subject);
    await send(deps, channels, delivery);
    options.faultPoint?.('after-delivery', subject);
    outcome = 'sent';
    next = { ...settled(held), status: 'sent', sentAt: deps.clock.now().toISOString() };
  } catch (error) {
    failure = errorText(error);
    const finished = deps.clock.now();
    const spent = held.attempts >= policy.maxAttempts || error instanceof ChannelNotConfigured;
    outcome = spent ? 'failed' : 'retry';
    next = spent
      ? { ...settled(held), status: 'failed', lastError: failure, failedAt: finished.toISOString() }
      : {
          ...settled(held),
          status: 'pending',
          lastError: failure,
          nextAttemptAt: new Date(
            finished.getTime() + policy.firstRetryMs * 2 ** (held.attempts - 1),
          ).toISOString(),
        };
  }
  try {
    await deps.store.commit({
      changes: [{ op: 'put', entity: { type: 'delivery', record: next } }],
      audit: [],
    });
  } catch (error) {
    // The lease ran out during a very slow send and another attempt took the item over: its outcome stands.
    if (!isConflict(error)) throw error;
  }
  options.onOutcome?.(next, outcome, failure);
  return outcome;
}

class ChannelNotConfigured extends Error {}

async function send(
  deps: Pick<Deps, 'pii'>,
  channels: DeliveryChannels,
  delivery: DeliveryRecord,
): Promise<void> {
  if (delivery.channel === 'sms') {
    if (!channels.sms) throw new ChannelNotConfigured('未配置短信通道');
    if (!delivery.phoneEncrypted) throw new ChannelNotConfigured('缺少手机号码');
    await channels.sms.send({
      messageId: delivery.messageId,
      phone: await deps.pii.decrypt(delivery.phoneEncrypted),
      kind: delivery.kind,
      body: delivery.body,
    });
    return;
  }
  if (!channels.email) throw new ChannelNotConfigured('未配置邮件通道');
  if (!delivery.email) throw new ChannelNotConfigured('缺少电子邮箱');
  await channels.email.send({
    messageId: delivery.messageId,
    kind: delivery.kind,
    email: delivery.email,
    subject: delivery.subject,
    body: delivery.body,
  });
}

/** Every delivery due at `now` (the sweep's and the local loop's question), a few at a time. */
export async function dispatchDue(
  deps: Pick<Deps, 'store' | 'clock' | 'pii'>,
  channels: DeliveryChannels,
  options: DispatchOptions = {},
): Promise<Record<DeliveryOutcome, number>> {
  const counts: Record<DeliveryOutcome, number> = { sent: 0, retry: 0, failed: 0, skipped: 0 };
  const now = deps.clock.now().toISOString();
  const due = (
    await deps.store.listDeliveriesDue(options.takeOverClaims ? '9999-12-31T23:59:59.999Z' : now)
  ).filter((d) => d.status === 'sending' || (d.nextAttemptAt ?? '') <= now);
  for (let i = 0; i < due.length; i += 10) {
    const outcomes = await Promise.all(
      due.slice(i, i + 10).map((d) => deliver(deps, channels, d.messageId, options)),
    );
    for (const outcome of outcomes) counts[outcome] += 1;
  }
  return counts;
}
