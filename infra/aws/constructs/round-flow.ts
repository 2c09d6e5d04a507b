/**
 * The round flow (DESIGN.md §3): the Standard state machine loaded from its ASL file with
 * `DefinitionBody.fromString`, so `cdk diff` and the template tests see every state, and with
 * `DefinitionSubstitutions` for its `${Placeholders}`. Synthesis fails when a placeholder has no
 * value or a value has no placeholder: the ASL file and this stack cannot drift apart silently.
 * Logs go to a log group kept ≥ 180 days, at level ALL but without execution data (inputs and
 * outputs carry names and ID numbers).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { placeholdersOf } from '../../../functions/adapters/sfn/definitions.ts';
import { acknowledge } from './nag.ts';
import { type PlatformFunction, REPO_ROOT, retentionFor } from './platform-function.ts';

export interface RoundFlowProps {
  /** The state machine's name: fixed, so its ARN is known to the other stacks without an export. */
  stateMachineName: string;
  /** ASL file, relative to the repository root. */
  definitionPath: string;
  /** Placeholder → value (strings or tokens). */
  substitutions: Record<string, string>;
  /** The Lambda functions the flow invokes (its role may invoke exactly these). */
  tasks: readonly PlatformFunction[];
  tracing: boolean;
  logRetentionDays: number;
}

/** Compares a definition's placeholders with the substitution keys; returns the differences. */
export function placeholderMismatch(
  definition: string,
  substitutions: Record<string, string>,
): { missing: string[]; unused: string[] } {
  const placeholders = placeholdersOf(definition);
  const keys = Object.keys(substitutions).sort();
  return {
    missing: placeholders.filter((name) => !keys.includes(name)),
    unused: keys.filter((key) => !placeholders.includes(key)),
  };
}

export class RoundFlow extends Construct {
  readonly stateMachine: StateMachine;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: RoundFlowProps) {
    super(scope, id);
    const definition = readFileSync(resolve(REPO_ROOT, props.definitionPath), 'utf8');
    const { missing, unused } = placeholderMismatch(definition, props.substitutions);
    if (missing.length > 0 || unused.length > 0) {
      throw new Error(
        `${props.definitionPath}: placeholders without a DefinitionSubstitution: [${missing.join(', ')}]; ` +
          `substitutions without a placeholder: [${unused.join(', ')}]`,
      );
    }

    // `/aws/vendedlogs/` keeps the log group's resource policy small (CloudWatch Logs guidance).
    this.logGroup = new LogGroup(this, 'Logs', {
      logGroupName: `/aws/vendedlogs/states/${props.stateMachineName}`,
      retention: retentionFor(props.logRetentionDays),
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineName: props.stateMachineName,
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromString(definition),
      definitionSubstitutions: props.substitutions,
      logs: { destination: this.logGroup, level: LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: props.tracing,
    });

    // fromString hides the tasks from CDK: grant the invocations explicitly, on the exact ARNs.
    this.stateMachine.addToRolePolicy(
      new PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: props.tasks.map((task) => task.functionArn),
      }),
    );

    const role = this.stateMachine.role;
    acknowledge(
      role,
      'AwsSolutions-IAM5[Resource::*]',
      'CloudWatch Logs vended delivery (logs:CreateLogDelivery …) and X-Ray accept no resource-level permissions.',
    );
    if (!props.tracing) {
      acknowledge(
        this.stateMachine,
        'AwsSolutions-SF2',
        'X-Ray tracing is the "tracing" setting: off where X-Ray is unavailable (the China regions, DESIGN.md §6).',
      );
    }
  }

  /** The ARN, as a plain string built from the fixed name (no cross-stack export needed). */
  static arnOf(scope: Construct, stateMachineName: string): string {
    return Stack.of(scope).formatArn({
      service: 'states',
      resource: 'stateMachine',
      resourceName: stateMachineName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }
}
