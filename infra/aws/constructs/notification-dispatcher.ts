/**
 * The outbox dispatcher on AWS (DESIGN.md §3 "Notifications"): a function fed by the applications
 * table's stream — filtered to newly written deliveries, so the rest of the table's traffic never
 * invokes it — and every minute by a rule (retries that fell due, attempts whose dispatcher died).
 * Stream batches that fail after their retries go to a dead-letter queue; alarms fire on that
 * queue, on the function's errors and on deliveries that ran out of attempts (a log metric). The
 * providers are chosen by context (config.ts `notifications`), their credentials kept in secrets
 * only this function may read.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, RuleTargetInput, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { type IKey, Key } from 'aws-cdk-lib/aws-kms';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { FilterPattern, MetricFilter } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE } from '../../../functions/shared/metrics.ts';
import type { NotificationSettings } from '../config.ts';
import { acknowledge } from './nag.ts';
import { alarmAdder } from './platform-alarms.ts';
import { grantSecretRead, type PlatformFunction } from './platform-function.ts';

export interface NotificationDispatcherProps {
  prefix: string;
  fn: PlatformFunction;
  applicationsTableName: string;
  applicationsStreamArn: string;
  dataKey: IKey;
  settings: NotificationSettings;
  alarmTopic: ITopic;
}

export class NotificationDispatcher extends Construct {
  readonly deadLetterQueue: Queue;
  readonly alarms: Alarm[] = [];
  readonly smsSecret: Secret | undefined;
  readonly smtpSecret: Secret | undefined;

  constructor(scope: Construct, id: string, props: NotificationDispatcherProps) {
    super(scope, id);
    const { fn, settings } = props;

    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(
      this.deadLetterQueue,
      'AwsSolutions-SQS3',
      'This queue is the dead-letter queue of the notification stream; a dead-letter queue of its own would never be read.',
    );

    // Only new deliveries: every other item of the table is filtered out before an invocation.
    const table = Table.fromTableAttributes(this, 'Applications', {
      tableName: props.applicationsTableName,
      tableStreamArn: props.applicationsStreamArn,
      // Imported by ARN: the grant goes into the function's policy, not the data stack's key policy.
      encryptionKey: Key.fromKeyArn(this, 'DataKey', props.dataKey.keyArn),
    });
    fn.function.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: StartingPosition.LATEST,
        batchSize: 10,
        maxBatchingWindow: Duration.seconds(1),
        retryAttempts: 3,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(this.deadLetterQueue),
        filters: [
          FilterCriteria.filter({
            eventName: FilterRule.isEqual('INSERT'),
            dynamodb: { NewImage: { itemType: { S: FilterRule.isEqual('delivery') } } },
          }),
        ],
      }),
    );

    // The event source mapping grants dynamodb:ListStreams, which has no resource-level permission.
    // (Where tracing is on, the X-Ray acknowledgement on the role covers it already; China has none.)
    acknowledge(
      fn.role,
      'AwsSolutions-IAM5[Resource::*]',
      'dynamodb:ListStreams (added by the DynamoDB event source) supports no resource-level permissions; the stream reads themselves are on the one table stream.',
    );

    // Retries with backoff fall due by the minute: the same function, on a schedule.
    new Rule(this, 'Retries', {
      description: 'Every minute: notification deliveries whose retry fell due',
      schedule: Schedule.rate(Duration.minutes(1)),
      targets: [
        new LambdaFunction(fn.function, {
          event: RuleTargetInput.fromObject({ source: 'notification-retries' }),
          retryAttempts: 2,
          maxEventAge: Duration.minutes(2),
          deadLetterQueue: this.deadLetterQueue,
        }),
      ],
    });

    const secret = (secretId: string, description: string, template: Record<string, string>) => {
      const created = new Secret(this, secretId, {
        description,
        removalPolicy: RemovalPolicy.RETAIN,
        generateSecretString: {
          secretStringTemplate: JSON.stringify(template),
          generateStringKey: 'placeholder',
        },
      });
      acknowledge(
        created,
        'AwsSolutions-SMG4',
        'Provider credentials are issued and rotated in the provider’s console (Alibaba Cloud RAM, the mail server); the office pastes the new value here.',
      );
      grantSecretRead(fn, { secretArn: created.secretArn }, secretId);
      return created;
    };
    this.smsSecret =
      settings.smsProvider === 'aliyun'
        ? secret('SmsCredentials', 'Alibaba Cloud SMS AccessKey of the notification dispatcher', {
            accessKeyId: 'set-me',
            accessKeySecret: 'set-me',
          })
        : undefined;
    this.smtpSecret =
      settings.email === 'smtp'
        ? secret('SmtpCredentials', 'SMTP server and account of the notification dispatcher', {
            host: 'smtp.example.gov.cn',
            port: '465',
            from: '太原市政府质量奖办公室 <noreply@example.gov.cn>',
          })
        : undefined;
    fn.function.addEnvironment('NOTIFY_SMS_PROVIDER', settings.smsProvider);
    fn.function.addEnvironment('NOTIFY_EMAIL', settings.email);
    fn.function.addEnvironment('SMS_SIGN_NAME', settings.smsSignName);
    fn.function.addEnvironment('SMS_TEMPLATES', settings.smsTemplates);
    if (this.smsSecret) fn.function.addEnvironment('SMS_SECRET_ARN', this.smsSecret.secretArn);
    if (this.smtpSecret) fn.function.addEnvironment('SMTP_SECRET_ARN', this.smtpSecret.secretArn);

    // The dispatcher logs `notification delivery failed` once per delivery that ran out of attempts.
    const failedMetric = new MetricFilter(this, 'FailedDeliveries', {
      logGroup: fn.logGroup,
      filterPattern: FilterPattern.literal('{ $.message = "notification delivery failed" }'),
      metricNamespace: METRICS_NAMESPACE,
      metricName: 'NotificationDeliveriesFailed',
      metricValue: '1',
      defaultValue: 0,
    }).metric({ statistic: 'Sum', period: Duration.minutes(5) });

    const add = alarmAdder(this, props.prefix, props.alarmTopic, this.alarms);
    const period = Duration.minutes(5);
    add(
      'NotificationDeadLetters',
      '通知投递批次进入死信队列 (notification stream batches in the dead-letter queue)',
      this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period }),
    );
    add(
      'NotificationDispatcherErrors',
      '通知分发函数出错 (the notification dispatcher fails)',
      fn.function.metricErrors({ period }),
    );
    add(
      'NotificationDeliveriesFailed',
      '短信或邮件重试用尽仍未送达 (notifications that ran out of attempts)',
      failedMetric,
    );
  }
}
