/**
 * The outbox dispatcher on AWS (DESIGN.md §3 "Notifications"). Two triggers, one use case:
 * - the applications table's stream, filtered to newly written deliveries: each is attempted within
 *   seconds of its commit (a record redelivered by the stream, or one the schedule got to first, is
 *   recognised by its status and left alone);
 * - a schedule every minute: the retries that fell due, and attempts whose dispatcher died.
 * A record is reported as a batch item failure only when the attempt itself could not be made (the
 * store unreachable): the stream retries it, then hands it to the dead-letter queue. A provider
 * refusing a send is not such a failure: the delivery records it and the schedule retries it.
 * The SMS and SMTP credentials come from Secrets Manager; phones are decrypted only here.
 */
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import * as z from 'zod';
import type { NotificationKind } from '../../domain/notifications.ts';
import type { Deps } from '../../ports/deps.ts';
import type { DeliveryChannels } from '../../ports/notification-channels.ts';
import { logger } from '../../shared/logger.ts';
import { type DeliveryOutcome, deliver, dispatchDue } from '../../use-cases/notifications/dispatch.ts';
import { taskLambda } from '../lambda.ts';
import { liveDeps, livePii } from '../live-deps.ts';
import { liveStore } from '../live-dynamodb.ts';

const isStreamEvent = (event: unknown): event is DynamoDBStreamEvent =>
  typeof event === 'object' && event !== null && Array.isArray((event as { Records?: unknown }).Records);

/** Logged and counted per outcome; never the recipient's number or address, only the masked form. */
const onOutcome = (
  delivery: { messageId: string; kind: string; channel: string; toMasked: string; attempts: number },
  outcome: DeliveryOutcome,
  error?: string,
) => {
  if (outcome === 'skipped') return;
  const fields = {
    messageId: delivery.messageId,
    kind: delivery.kind,
    channel: delivery.channel,
    to: delivery.toMasked,
    attempts: delivery.attempts,
    outcome,
    ...(error ? { error } : {}),
  };
  // `failed` is the line the NotificationDeliveryFailed metric filter counts (the alarm).
  if (outcome === 'failed') logger.error('notification delivery failed', fields);
  else if (outcome === 'retry') logger.warn('notification delivery will be retried', fields);
  else logger.info('notification delivered', fields);
};

export function buildHandler(
  deps: Pick<Deps, 'store' | 'clock' | 'pii'>,
  channels: DeliveryChannels | (() => Promise<DeliveryChannels>),
): (event: unknown) => Promise<DynamoDBBatchResponse | Record<DeliveryOutcome, number>> {
  const channelsOf = typeof channels === 'function' ? channels : async () => channels;
  return async (event) => {
    const resolved = await channelsOf();
    if (!isStreamEvent(event)) return dispatchDue(deps, resolved, { onOutcome });
    const batchItemFailures: { itemIdentifier: string }[] = [];
    for (const record of event.Records) {
      const messageId = record.dynamodb?.NewImage?.messageId?.S;
      if (!messageId) continue;
      try {
        await deliver(deps, resolved, messageId, { onOutcome });
      } catch (error) {
        logger.error('notification dispatch could not run', { messageId, error: error as Error });
        batchItemFailures.push({
          itemIdentifier: record.dynamodb?.SequenceNumber ?? record.eventID ?? messageId,
        });
      }
    }
    return { batchItemFailures };
  };
}

const SmtpSecret = z.object({
  host: z.string().min(1),
  port: z.coerce.number().int().positive(),
  secure: z.boolean().optional(),
  user: z.string().optional(),
  password: z.string().optional(),
  from: z.string().min(1),
});
const AliyunSecret = z.object({ accessKeyId: z.string().min(1), accessKeySecret: z.string().min(1) });

/**
 * The channels the deployment chose (CDK context `notifications`): NOTIFY_SMS_PROVIDER `aliyun` or
 * `none`, NOTIFY_EMAIL `smtp` or `none`; a channel that is `none` fails its deliveries as not
 * configured (staff see them) rather than pretend to send.
 */
export async function liveChannels(
  env: Record<string, string | undefined> = process.env,
): Promise<DeliveryChannels> {
  const [{ SecretsManagerClient }, { CachedSecret }, { systemClock }] = await Promise.all([
    import('@aws-sdk/client-secrets-manager'),
    import('../../adapters/secrets/secrets-manager.ts'),
    import('../../adapters/system-clock.ts'),
  ]);
  const secrets = new SecretsManagerClient({});
  const secret = async (arn: string | undefined) => {
    if (!arn) throw new Error('notification channel secret not configured');
    return JSON.parse(await new CachedSecret(secrets, arn, systemClock).value()) as unknown;
  };
  const channels: DeliveryChannels = {};
  if (env.NOTIFY_EMAIL === 'smtp') {
    const { SmtpEmailSender } = await import('../../adapters/notify/smtp-email.ts');
    channels.email = new SmtpEmailSender(SmtpSecret.parse(await secret(env.SMTP_SECRET_ARN)));
  }
  if (env.NOTIFY_SMS_PROVIDER === 'aliyun') {
    const { AliyunSmsSender } = await import('../../adapters/notify/aliyun-sms.ts');
    const credentials = AliyunSecret.parse(await secret(env.SMS_SECRET_ARN));
    channels.sms = new AliyunSmsSender({
      ...credentials,
      signName: env.SMS_SIGN_NAME ?? '',
      templates: JSON.parse(env.SMS_TEMPLATES ?? '{}') as Partial<Record<NotificationKind, string>>,
      ...(env.SMS_ENDPOINT ? { endpoint: env.SMS_ENDPOINT } : {}),
    });
  }
  return channels;
}

/** The adapters this function builds on AWS: its uses in infra/aws/function-catalog.ts. */
export const live = liveDeps(liveStore, livePii);

let channels: Promise<DeliveryChannels> | undefined;

/** The Lambda function (deps and channels built on the first invocation). */
export const handler = taskLambda(
  (deps) =>
    buildHandler(deps, () => {
      channels ??= liveChannels().catch((error: unknown) => {
        channels = undefined;
        throw error;
      });
      return channels;
    }),
  live,
);
