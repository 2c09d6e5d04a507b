/**
 * The state-machine definitions in statemachines/*.asl.json and their `${Placeholders}`: every ARN
 * (and the partition, `aws` or `aws-cn`) that differs between AWS and the local platform. The CDK
 * stack passes the same names as DefinitionSubstitutions; the local engine calls `substitute`.
 * Numbers (timeouts) are literal JSON: they are the same everywhere (the local engine enforces
 * callback timeouts on the platform clock), and an unquoted `${Name}` would not be valid JSON.
 */
import { readFileSync } from 'node:fs';

/** The placeholders of the round flow, each with what it stands for. */
export const ROUND_FLOW_PLACEHOLDERS = {
  Partition: 'the ARN partition: aws, or aws-cn in the China regions',
  RegisterTaskTokenFunctionArn: 'handlers/workflow/register-task-token (every callback wait)',
  CloseCallFunctionArn: 'handlers/workflow/close-call (vetting, call-open → qualification)',
  OpenWindowFunctionArn: 'handlers/workflow/open-window (accepted list or proposed winners)',
  SettleWindowFunctionArn: 'handlers/workflow/settle-window (strikes, closes, moves the round on)',
  SelectForOnsiteFunctionArn: 'handlers/workflow/select-for-onsite (in-review → not-selected)',
  ComputeRankingFunctionArn: 'handlers/workflow/compute-ranking (evaluation → decision)',
  AnnounceFunctionArn: 'handlers/workflow/announce (awards and award-holder bans)',
  RecordEscalationFunctionArn: 'handlers/workflow/record-escalation (timeouts and failures)',
} as const;

export type RoundFlowPlaceholder = keyof typeof ROUND_FLOW_PLACEHOLDERS;

/** Location of the round flow's definition, relative to the repository root. */
export const ROUND_FLOW_DEFINITION_PATH = 'statemachines/round-flow.asl.json';

const PLACEHOLDER = /\$\{([A-Za-z][A-Za-z0-9_]*)\}/g;

/** The distinct `${Name}` placeholders of a definition's text, sorted. */
export function placeholdersOf(definition: string): string[] {
  return [...new Set([...definition.matchAll(PLACEHOLDER)].map((m) => m[1]!))].sort();
}

/**
 * Replaces every `${Name}` with `values[Name]` (text substitution, like CloudFormation's
 * DefinitionSubstitutions). Throws when a placeholder has no value, so a definition never reaches
 * an engine half-substituted.
 */
export function substitute(definition: string, values: Readonly<Record<string, string>>): string {
  const missing = placeholdersOf(definition).filter((name) => values[name] === undefined);
  if (missing.length > 0) throw new Error(`No value for placeholder(s): ${missing.join(', ')}`);
  return definition.replace(PLACEHOLDER, (_, name: string) => values[name]!);
}

/** The raw text of the round flow's definition (placeholders unresolved). */
export const readRoundFlowDefinition = (): string =>
  readFileSync(new URL(`../../../${ROUND_FLOW_DEFINITION_PATH}`, import.meta.url), 'utf8');

/**
 * Placeholder values for a platform whose Lambda ARNs follow `arn:{partition}:lambda:{region}:
 * {account}:function:{prefix}{name}` (the local platform; tests).
 */
export function lambdaArnValues(input: {
  partition?: string;
  region: string;
  account: string;
  functionPrefix?: string;
}): Record<RoundFlowPlaceholder, string> {
  const partition = input.partition ?? 'aws';
  const arn = (name: string) =>
    `arn:${partition}:lambda:${input.region}:${input.account}:function:${input.functionPrefix ?? ''}${name}`;
  return {
    Partition: partition,
    RegisterTaskTokenFunctionArn: arn('register-task-token'),
    CloseCallFunctionArn: arn('close-call'),
    OpenWindowFunctionArn: arn('open-window'),
    SettleWindowFunctionArn: arn('settle-window'),
    SelectForOnsiteFunctionArn: arn('select-for-onsite'),
    ComputeRankingFunctionArn: arn('compute-ranking'),
    AnnounceFunctionArn: arn('announce'),
    RecordEscalationFunctionArn: arn('record-escalation'),
  };
}
