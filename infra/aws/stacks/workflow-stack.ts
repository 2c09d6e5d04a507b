/**
 * Orchestration and background work (DESIGN.md §3): the round flow and its task functions, the
 * one-minute sweep on EventBridge Scheduler, the S3 ObjectCreated → verify-evidence function, and
 * the alarms on all of them.
 */
import { Aws, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { Bucket, EventType } from 'aws-cdk-lib/aws-s3';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import type { Construct } from 'constructs';
import {
  ROUND_FLOW_DEFINITION_PATH,
  type RoundFlowPlaceholder,
} from '../../../functions/adapters/sfn/definitions.ts';
import { JOBS_PREFIX } from '../../../functions/ports/documents.ts';
import type { PlatformSettings } from '../config.ts';
import {
  environmentFor,
  grantUses,
  type PlatformResources,
  platformEnvironment,
} from '../constructs/access.ts';
import { EVIDENCE_PREFIX } from '../constructs/evidence-storage.ts';
import { acknowledge } from '../constructs/nag.ts';
import { NotificationDispatcher } from '../constructs/notification-dispatcher.ts';
import { PlatformAlarms } from '../constructs/platform-alarms.ts';
import { PlatformFunction } from '../constructs/platform-function.ts';
import { RoundFlow } from '../constructs/round-flow.ts';
import { SweepSchedule } from '../constructs/sweep-schedule.ts';
import {
  AUDIT_CHAIN_VERIFIER_FUNCTION,
  type FunctionSpec,
  GENERATE_EXPORT_FUNCTION,
  NOTIFICATION_DISPATCHER_FUNCTION,
  SWEEP_FUNCTION,
  VERIFY_EVIDENCE_FUNCTION,
  WORKFLOW_PLACEHOLDERS,
  workflowFunctionSpec,
} from '../function-catalog.ts';
import type { DataRefs } from './data-stack.ts';

export interface WorkflowStackProps extends StackProps {
  settings: PlatformSettings;
  data: DataRefs;
}

/** The round flow's fixed name, so the API stack can address it without a cross-stack export. */
export const roundFlowName = (prefix: string): string => `${prefix}-round-flow`;

export class WorkflowStack extends Stack {
  readonly roundFlow: RoundFlow;
  readonly tasks: Record<string, PlatformFunction> = {};
  readonly sweep: PlatformFunction;
  readonly auditChainVerifier: PlatformFunction;
  readonly verifyEvidence: PlatformFunction;
  readonly generateExport: PlatformFunction;
  readonly schedule: SweepSchedule;
  readonly alarms: PlatformAlarms;
  readonly dispatcher: PlatformFunction;
  readonly notifications: NotificationDispatcher;

  constructor(scope: Construct, id: string, props: WorkflowStackProps) {
    super(scope, id, props);
    const { settings, data } = props;
    const flowName = roundFlowName(settings.prefix);
    const resources: PlatformResources = {
      tables: data.tables,
      evidence: data.evidence,
      documents: data.documents,
      piiKeys: data.piiKeys,
      roundFlowArn: RoundFlow.arnOf(this, flowName),
      ...(settings.notifications.staffEmail ? { staffNotifyEmail: settings.notifications.staffEmail } : {}),
    };
    const environment = platformEnvironment(resources);
    const build = (spec: FunctionSpec): PlatformFunction => {
      const fn = new PlatformFunction(this, spec.id, {
        entry: spec.entry,
        description: spec.description,
        settings,
        environment: environmentFor(environment, spec.uses, resources),
        ...(spec.timeoutSeconds ? { timeout: Duration.seconds(spec.timeoutSeconds) } : {}),
        ...(spec.memorySize ? { memorySize: spec.memorySize } : {}),
        ...(spec.assets ? { assets: spec.assets } : {}),
      });
      grantUses(fn, spec.uses, resources);
      return fn;
    };

    const substitutions: Record<string, string> = { Partition: Aws.PARTITION };
    for (const placeholder of WORKFLOW_PLACEHOLDERS) {
      const task = build(workflowFunctionSpec(placeholder));
      this.tasks[placeholder] = task;
      substitutions[placeholder satisfies RoundFlowPlaceholder] = task.functionArn;
    }

    this.roundFlow = new RoundFlow(this, 'RoundFlow', {
      stateMachineName: flowName,
      definitionPath: ROUND_FLOW_DEFINITION_PATH,
      substitutions,
      tasks: Object.values(this.tasks),
      tracing: settings.lambda.tracing,
      logRetentionDays: settings.logRetentionDays,
    });

    this.sweep = build(SWEEP_FUNCTION);
    this.auditChainVerifier = build(AUDIT_CHAIN_VERIFIER_FUNCTION);
    this.schedule = new SweepSchedule(this, 'Schedule', {
      prefix: settings.prefix,
      target: this.sweep,
      auditChainVerifier: this.auditChainVerifier,
    });

    this.verifyEvidence = build(VERIFY_EVIDENCE_FUNCTION);
    // The bucket lives in the data stack; importing it by name keeps the notification (a custom
    // resource) in this stack, so the data stack never depends on a function.
    const bucket = Bucket.fromBucketAttributes(this, 'EvidenceBucket', {
      bucketName: data.evidence.bucketName,
      encryptionKey: data.evidence.encryptionKey,
    });
    bucket.addEventNotification(
      EventType.OBJECT_CREATED,
      new LambdaDestination(this.verifyEvidence.function),
      {
        prefix: EVIDENCE_PREFIX,
      },
    );
    // Archives are generated outside the request: a job object under jobs/ starts the worker.
    this.generateExport = build(GENERATE_EXPORT_FUNCTION);
    Bucket.fromBucketAttributes(this, 'DocumentsBucket', {
      bucketName: data.documents.bucketName,
      encryptionKey: data.documents.encryptionKey,
    }).addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(this.generateExport.function), {
      prefix: JOBS_PREFIX,
    });
    acknowledgeNotificationHandler(this);

    this.alarms = new PlatformAlarms(this, 'Alarms', {
      prefix: settings.prefix,
      stateMachine: this.roundFlow.stateMachine,
      deadLetterQueue: this.schedule.deadLetterQueue,
      sweep: this.sweep,
      auditChainVerifier: this.auditChainVerifier,
      alarmEmail: settings.alarmEmail,
    });

    this.dispatcher = build(NOTIFICATION_DISPATCHER_FUNCTION);
    this.notifications = new NotificationDispatcher(this, 'Notifications', {
      prefix: settings.prefix,
      fn: this.dispatcher,
      applicationsTableName: data.tables.applications.tableName,
      applicationsStreamArn: data.applicationsStreamArn,
      dataKey: data.dataKey,
      settings: settings.notifications,
      alarmTopic: this.alarms.topic,
    });
  }
}

/** CDK's bucket-notification custom resource: its shape is CDK's, not ours; say why it is acceptable. */
function acknowledgeNotificationHandler(stack: Stack): void {
  const handler = stack.node.children.find((child) => child.node.id.startsWith('BucketNotificationsHandler'));
  if (!handler) return;
  acknowledge(
    handler,
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    'CDK-managed custom resource that writes the bucket notification at deploy time; it only needs to log.',
  );
  acknowledge(
    handler,
    'AwsSolutions-IAM5[Resource::*]',
    'CDK-managed custom resource: s3:PutBucketNotification is granted by CDK on * for the deploy-time handler.',
  );
}
