/**
 * The periodic sweep (DESIGN.md §3, §5): EventBridge Scheduler invokes the sweep function every
 * minute, in its own schedule group, with the Beijing time zone, a retry policy and a dead-letter
 * queue. The sweep resumes due call-close waits and closes publicity windows past their deadline,
 * so windows close within a minute of their deadline; the workflow code creates no one-time
 * schedules, so the scheduler's role may invoke the sweep function and nothing else — and, in the
 * same group, the daily audit chain verifier (DESIGN.md §6), at 02:00 Beijing time.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import { PolicyStatement, Role } from 'aws-cdk-lib/aws-iam';
import { CfnSchedule, CfnScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge, servicePrincipal } from './nag.ts';
import type { PlatformFunction } from './platform-function.ts';

export interface SweepScheduleProps {
  prefix: string;
  target: PlatformFunction;
  /** Invoked once a day: recomputes every audit chain. */
  auditChainVerifier: PlatformFunction;
}

/** Time zone of every schedule: the Measures' deadlines are Beijing time. */
export const SCHEDULE_TIME_ZONE = 'Asia/Shanghai';

export class SweepSchedule extends Construct {
  readonly deadLetterQueue: Queue;
  readonly role: Role;
  readonly schedule: CfnSchedule;
  readonly auditChainSchedule: CfnSchedule;
  readonly group: CfnScheduleGroup;

  constructor(scope: Construct, id: string, props: SweepScheduleProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(
      this.deadLetterQueue,
      'AwsSolutions-SQS3',
      'This queue is the dead-letter queue of the sweep schedule; a dead-letter queue of its own would never be read.',
    );

    const groupName = `${props.prefix}-schedules`;
    this.group = new CfnScheduleGroup(this, 'Group', { name: groupName });

    // Confused-deputy guard: only schedules of this account's group may assume the role.
    this.role = new Role(this, 'Role', {
      assumedBy: servicePrincipal('scheduler').withConditions({
        StringEquals: { 'aws:SourceAccount': stack.account },
        ArnLike: {
          'aws:SourceArn': stack.formatArn({
            service: 'scheduler',
            resource: 'schedule',
            resourceName: `${groupName}/*`,
          }),
        },
      }),
      description: 'EventBridge Scheduler: may invoke the sweep and the audit chain verifier only',
    });
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: [props.target.functionArn, props.auditChainVerifier.functionArn],
      }),
    );
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.deadLetterQueue.queueArn] }),
    );

    // Both run in the group's time zone on the same role and dead-letter queue; only what, when
    // and how long a delivery stays worth retrying differ.
    const scheduleOf = (
      id: string,
      spec: {
        name: string;
        description: string;
        expression: string;
        fn: PlatformFunction;
        maxEventAgeSeconds: number;
      },
    ): CfnSchedule => {
      const schedule = new CfnSchedule(this, id, {
        name: `${props.prefix}-${spec.name}`,
        groupName,
        description: spec.description,
        scheduleExpression: spec.expression,
        scheduleExpressionTimezone: SCHEDULE_TIME_ZONE,
        flexibleTimeWindow: { mode: 'OFF' },
        state: 'ENABLED',
        target: {
          arn: spec.fn.functionArn,
          roleArn: this.role.roleArn,
          input: JSON.stringify({ source: spec.name }),
          retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: spec.maxEventAgeSeconds },
          deadLetterConfig: { arn: this.deadLetterQueue.queueArn },
        },
      });
      schedule.addResourceDependency(this.group);
      return schedule;
    };
    this.schedule = scheduleOf('Sweep', {
      name: 'sweep',
      description: 'Resume due call-close waits and close publicity windows past their deadline',
      expression: 'rate(1 minute)',
      fn: props.target,
      // A delivery older than two minutes is overtaken by the next sweeps; drop it to the DLQ.
      maxEventAgeSeconds: 120,
    });
    this.auditChainSchedule = scheduleOf('AuditChains', {
      name: 'audit-chains',
      description: 'Recompute every audit hash chain; a break raises the AuditChainBreaks alarm',
      expression: 'cron(0 2 * * ? *)',
      fn: props.auditChainVerifier,
      // Idempotent and read-only: retrying within the day is harmless.
      maxEventAgeSeconds: 3600,
    });
  }
}
