/**
 * Operational alarms: a round flow execution that failed, timed out or was aborted, anything in
 * the sweep's dead-letter queue, a failing sweep (windows would stop closing), and a broken audit
 * chain or a verifier that did not finish. They notify an
 * SNS topic (encrypted, TLS-only publishing); its subscription is the `alarmEmail` setting. SMS is
 * not offered by SNS in the China regions (DESIGN.md §6), so e-mail or an HTTPS endpoint it is.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { type ITopic, Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE } from '../../../functions/shared/metrics.ts';
import { servicePrincipal } from './nag.ts';
import type { PlatformFunction } from './platform-function.ts';

export interface PlatformAlarmsProps {
  prefix: string;
  stateMachine: StateMachine;
  deadLetterQueue: Queue;
  sweep: PlatformFunction;
  auditChainVerifier: PlatformFunction;
  alarmEmail: string | undefined;
}

export class PlatformAlarms extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: PlatformAlarmsProps) {
    super(scope, id);

    // CloudWatch cannot publish to a topic under the AWS-managed SNS key: a key of our own whose
    // policy lets the CloudWatch service use it.
    const key = new Key(this, 'TopicKey', {
      description: 'Encrypts the award platform alarm topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(30),
    });
    key.addToResourcePolicy(
      new PolicyStatement({
        principals: [servicePrincipal('cloudwatch')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
      }),
    );

    this.topic = new Topic(this, 'Topic', {
      topicName: `${props.prefix}-alarms`,
      displayName: '太原市政府质量奖评审平台告警',
      masterKey: key,
      enforceSSL: true,
    });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));

    const add = alarmAdder(this, props.prefix, this.topic, this.alarms);

    const period = Duration.minutes(5);
    add(
      'FlowFailed',
      '评选流程执行失败 (round flow execution failed)',
      props.stateMachine.metricFailed({ period }),
    );
    add(
      'FlowTimedOut',
      '评选流程执行超时 (round flow execution timed out)',
      props.stateMachine.metricTimedOut({ period }),
    );
    add(
      'FlowAborted',
      '评选流程执行被中止 (round flow execution aborted)',
      props.stateMachine.metricAborted({ period }),
    );
    add(
      'SweepDeadLetters',
      '定时扫描投递失败，公示可能未按时关闭 (sweep deliveries in the dead-letter queue)',
      props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period }),
    );
    add(
      'SweepErrors',
      '定时扫描连续出错 (the sweep function keeps failing)',
      props.sweep.function.metricErrors({ period }),
      3,
    );
    // DESIGN.md §6: a chain that no longer recomputes means someone changed the trail.
    add(
      'AuditChainBroken',
      '审计记录哈希链校验失败，审计记录可能被篡改 (an audit hash chain is broken)',
      new Metric({
        namespace: METRICS_NAMESPACE,
        metricName: 'AuditChainBreaks',
        dimensionsMap: { Service: props.auditChainVerifier.serviceName },
        statistic: 'Maximum',
        period: Duration.days(1),
      }),
    );
    add(
      'AuditChainVerifierErrors',
      '审计记录哈希链校验未能完成 (the audit chain verifier failed)',
      props.auditChainVerifier.function.metricErrors({ period: Duration.days(1) }),
    );
  }
}

/**
 * Adds alarms the platform's way: named `{prefix}-kebab-id`, raised at `threshold` (default 1) within
 * one period, quiet without data, notifying `topic`; each is pushed to `alarms` (the CDK tests read it).
 */
export function alarmAdder(scope: Construct, prefix: string, topic: ITopic, alarms: Alarm[]) {
  const action = new SnsAction(topic);
  return (alarmId: string, description: string, metric: IMetric, threshold = 1): void => {
    const alarm = new Alarm(scope, alarmId, {
      alarmName: `${prefix}-${alarmId.replace(/[A-Z]/g, (c, i: number) => (i ? '-' : '') + c.toLowerCase())}`,
      alarmDescription: description,
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(action);
    alarms.push(alarm);
  };
}
