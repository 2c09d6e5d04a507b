/**
 * SMS through Alibaba Cloud SMS (`@alicloud/dysmsapi20170525`, the provider's official SDK; SNS SMS
 * is absent in the China regions). Credentials come from Secrets Manager (the composition root
 * reads them); the sign name and one approved template code per kind from the deployment's context.
 * Each template takes the notice's text as its `content` variable; `OutId` carries the delivery's
 * message id, so the provider's receipts name the delivery.
 */
// A CommonJS module: under NodeNext its default import is `module.exports`, whose `default` is the client.
import Dysmsapi from '@alicloud/dysmsapi20170525';
import { Config } from '@alicloud/openapi-client';
import type { NotificationKind } from '../../domain/notifications.ts';
import type { SmsMessage, SmsSender } from '../../ports/notification-channels.ts';

export interface AliyunSmsSettings {
  accessKeyId: string;
  accessKeySecret: string;
  /** `dysmsapi.aliyuncs.com` unless the deployment says otherwise. */
  endpoint?: string;
  signName: string;
  /** The approved template of each kind (`SMS_123456789`). */
  templates: Partial<Record<NotificationKind, string>>;
}

type SmsClient = Pick<InstanceType<typeof Dysmsapi.default>, 'sendSms'>;

export class AliyunSmsSender implements SmsSender {
  private readonly client: SmsClient;

  constructor(
    private readonly settings: AliyunSmsSettings,
    client?: SmsClient,
  ) {
    this.client =
      client ??
      new Dysmsapi.default(
        new Config({
          accessKeyId: settings.accessKeyId,
          accessKeySecret: settings.accessKeySecret,
          endpoint: settings.endpoint ?? 'dysmsapi.aliyuncs.com',
        }) as ConstructorParameters<typeof Dysmsapi.default>[0],
      );
  }

  async send(message: SmsMessage): Promise<void> {
    const templateCode = this.settings.templates[message.kind];
    if (!templateCode) throw new Error(`未配置“${message.kind}”的短信模板`);
    const response = await this.client.sendSms(
      new Dysmsapi.SendSmsRequest({
        phoneNumbers: message.phone,
        signName: this.settings.signName,
        templateCode,
        templateParam: JSON.stringify({ content: message.body }),
        outId: message.messageId,
      }),
    );
    const code = response.body?.code;
    // The error is kept on the outbox item and logged: it names the provider's code, never the number.
    if (code !== 'OK')
      throw new Error(`阿里云短信发送失败：${code ?? '无应答'} ${response.body?.message ?? ''}`.trim());
  }
}
