/**
 * The whole platform as CDK stacks, split by concern: web hosting, stateful data, workflow
 * (round flow, sweep, evidence verification), and the HTTP API with sign-in. `app.ts` calls this
 * for `cdk synth`/`deploy`; the tests call it with their own context.
 */
import { type App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { type PlatformSettings, readSettings } from './config.ts';
import { ApiStack } from './stacks/api-stack.ts';
import { BackupCopyStack } from './stacks/backup-copy-stack.ts';
import { DataStack } from './stacks/data-stack.ts';
import { WebStack } from './stacks/web-stack.ts';
import { WorkflowStack } from './stacks/workflow-stack.ts';

export interface Platform {
  settings: PlatformSettings;
  web: WebStack;
  /** The vault receiving the backup copies, in `settings.backup.copyRegion`. */
  backupCopy: BackupCopyStack;
  data: DataStack;
  workflow: WorkflowStack;
  api: ApiStack;
}

/**
 * CDK feature flags this app relies on, set on the app itself so `cdk synth` and the tests agree:
 * access-log delivery by bucket policy (no ACLs), ARNs with the partition as `AWS::Partition` even
 * when the region is known (the same template text for `aws` and `aws-cn`), merged IAM statements,
 * and strong (export-protected) references between the stacks.
 */
export const FEATURE_FLAGS = {
  '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
  '@aws-cdk/core:enablePartitionLiterals': false,
  '@aws-cdk/aws-iam:minimizePolicies': true,
  // Exports between the stacks stay protected (the data key ARN, the dev portal URL).
  '@aws-cdk/core:defaultCrossStackReferences': 'strong',
} as const;

/** Adds the stacks to `app` (settings from its context) and the cdk-nag AwsSolutions checks. */
export function buildPlatform(app: App): Platform {
  for (const [flag, value] of Object.entries(FEATURE_FLAGS)) {
    if (app.node.tryGetContext(flag) === undefined) app.node.setContext(flag, value);
  }
  const settings = readSettings(app.node);
  const env = { account: settings.account, region: settings.region };
  const common = (name: string) => ({ env, settings, stackName: `${settings.prefix}-${name}` });

  const web = new WebStack(app, 'Web', {
    ...common('web'),
    description: '太原市政府质量奖评审平台: web portal (S3 + CloudFront)',
  });
  // Development default: the portal's own CloudFront URL (production passes the ICP domain).
  const portalOrigin = settings.portalOrigin ?? web.portal.origin;

  const backupCopy = new BackupCopyStack(app, 'BackupCopy', {
    env: { account: settings.account, region: settings.backup.copyRegion },
    settings,
    stackName: `${settings.prefix}-backup-copy`,
    description: '太原市政府质量奖评审平台: vault for the backup copies (retained)',
    terminationProtection: settings.stage === 'prod',
  });
  const data = new DataStack(app, 'Data', {
    ...common('data'),
    description: '太原市政府质量奖评审平台: tables, evidence bucket, keys, backups (retained)',
    portalOrigin,
    terminationProtection: settings.stage === 'prod',
  });
  // The backup plan copies into that vault: it exists first (named by ARN, no cross-region reference).
  data.addStackDependency(backupCopy);
  const workflow = new WorkflowStack(app, 'Workflow', {
    ...common('workflow'),
    description: '太原市政府质量奖评审平台: round flow, scheduler sweep, evidence verification, alarms',
    data: data.refs,
  });
  workflow.addStackDependency(data);
  const api = new ApiStack(app, 'Api', {
    ...common('api'),
    description: '太原市政府质量奖评审平台: HTTP API and sign-in',
    data: data.refs,
    portalOrigin,
  });
  api.addStackDependency(data);
  // The API starts and resumes round flows: the state machine exists before the API goes live.
  api.addStackDependency(workflow);

  Tags.of(app).add('project', 'taiyuan-quality-award');
  Tags.of(app).add('stage', settings.stage);

  // cdk-nag 3 is a policy-validation plugin (LOCAL-STACK.md "CDK"); acknowledgements are copied
  // into the template metadata so their reasons can be reviewed (and tested).
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { writeSuppressionsToCloudFormation: true }));

  return { settings, web, backupCopy, data, workflow, api };
}
