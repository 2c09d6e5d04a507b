/**
 * Shared helpers of the CDK tests: synthesize the whole platform in-process for a context (with
 * real esbuild bundling of every handler, as `cdk synth` does), and read templates as plain JSON.
 * A synthesis takes tens of seconds, so each test file does it once, in `beforeAll`.
 */
import { rmSync } from 'node:fs';
import { App, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildPlatform, type Platform } from '../../infra/aws/platform.ts';

export type Json = Record<string, unknown>;

export interface Synthesized {
  platform: Platform;
  templates: { web: Template; backupCopy: Template; data: Template; workflow: Template; api: Template };
  /** Every template as JSON, by stack name. */
  json: Record<'web' | 'backupCopy' | 'data' | 'workflow' | 'api', Json>;
  /** The logical id of a construct's CloudFormation resource in its stack. */
  logicalId(stack: Stack, construct: { node: { defaultChild?: unknown } } | unknown): string;
  cleanup(): void;
}

/** Synthesizes the five stacks for `context` (region, stage, … as with `-c key=value`). */
export function synthesize(context: Record<string, string>): Synthesized {
  const app = new App({ context });
  const platform = buildPlatform(app);
  const templates = {
    web: Template.fromStack(platform.web),
    backupCopy: Template.fromStack(platform.backupCopy),
    data: Template.fromStack(platform.data),
    workflow: Template.fromStack(platform.workflow),
    api: Template.fromStack(platform.api),
  };
  const json = {
    web: templates.web.toJSON() as Json,
    backupCopy: templates.backupCopy.toJSON() as Json,
    data: templates.data.toJSON() as Json,
    workflow: templates.workflow.toJSON() as Json,
    api: templates.api.toJSON() as Json,
  };
  return {
    platform,
    templates,
    json,
    logicalId: (stack, construct) => {
      const element = (construct as { node: { defaultChild?: unknown } }).node?.defaultChild ?? construct;
      return stack.resolve(stack.getLogicalId(element as never)) as string;
    },
    cleanup: () => rmSync(app.outdir, { recursive: true, force: true }),
  };
}

/** Every resource of a type in a template, as `[logicalId, resource]`. */
export function resourcesOf(template: Json, type: string): [string, Json][] {
  const resources = (template.Resources ?? {}) as Record<string, Json>;
  return Object.entries(resources).filter(([, resource]) => resource.Type === type);
}

/** Walks a JSON value; calls `visit` with each string and the path of keys leading to it. */
export function walkStrings(
  value: unknown,
  visit: (text: string, path: (string | number)[]) => void,
  path: (string | number)[] = [],
): void {
  if (typeof value === 'string') {
    visit(value, path);
  } else if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) walkStrings(item, visit, [...path, index]);
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) walkStrings(item, visit, [...path, key]);
  }
}

/** A CloudFormation value as text: `Ref` → `<Name>`, `GetAtt` → `<Name.Attr>`, imports → `<import>`. */
export function flatten(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(flatten).join(',');
  const record = (value ?? {}) as Json;
  if (Array.isArray(record['Fn::Join'])) {
    const [delimiter, items] = record['Fn::Join'] as [string, unknown[]];
    return items.map(flatten).join(delimiter);
  }
  if (Array.isArray(record['Fn::GetAtt'])) return `<${(record['Fn::GetAtt'] as string[]).join('.')}>`;
  if (record.Ref !== undefined) return `<${String(record.Ref)}>`;
  if (record['Fn::ImportValue'] !== undefined) return '<import>';
  return JSON.stringify(value);
}

/** `{"StringEquals": {"kms:ViaService": …}}` → `kms:ViaService=s3.us-east-1.<AWS::URLSuffix>`. */
function conditionText(condition: Json): string {
  return Object.values(condition)
    .flatMap((entries) => Object.entries(entries as Json).map(([key, value]) => `${key}=${flatten(value)}`))
    .sort()
    .join(' & ');
}

/**
 * The statements of a role's inline policies as readable lines:
 * `dynamodb:GetItem,dynamodb:Query on arn:<AWS::Partition>:dynamodb:… [if {...}]`.
 */
export function statementLines(template: Json, roleLogicalId: string): string[] {
  const lines: string[] = [];
  for (const [, policy] of resourcesOf(template, 'AWS::IAM::Policy')) {
    const properties = policy.Properties as Json;
    const roles = (properties.Roles as Json[]).map((role) => role.Ref);
    if (!roles.includes(roleLogicalId)) continue;
    const statements = (properties.PolicyDocument as Json).Statement as Json[];
    for (const statement of statements) {
      const actions = ([] as unknown[]).concat(statement.Action).map(String).sort().join(',');
      const resources = ([] as unknown[]).concat(statement.Resource).map(flatten).sort().join(' | ');
      const condition = statement.Condition ? ` if ${conditionText(statement.Condition as Json)}` : '';
      lines.push(`${statement.Effect} ${actions} on ${resources}${condition}`);
    }
  }
  return lines.sort();
}
