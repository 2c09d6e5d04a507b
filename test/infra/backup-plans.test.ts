/**
 * The BackupPlans construct alone (no bundling, so quick): the retention settings reach the plan's
 * rules and the copy actions, and the copy goes to the named vault of the copy region. The wiring in
 * the data stack is asserted for both partitions in global.test.ts and china.test.ts.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AttributeType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { BackupPlans } from '../../infra/aws/constructs/backup-plans.ts';
import { FEATURE_FLAGS } from '../../infra/aws/platform.ts';
import { flatten, type Json, resourcesOf } from './synth.ts';

describe('BackupPlans', () => {
  it('keeps and copies recovery points as long as the settings say, into the copy region', () => {
    // Prepare
    const app = new App({ context: FEATURE_FLAGS });
    const stack = new Stack(app, 'Data', { env: { account: '111122223333', region: 'cn-north-1' } });
    const key = new Key(stack, 'Key');
    const table = new Table(stack, 'Table', { partitionKey: { name: 'pk', type: AttributeType.STRING } });
    const bucket = new Bucket(stack, 'Bucket', { versioned: true });

    // Act
    new BackupPlans(stack, 'Backups', {
      prefix: 'award',
      settings: {
        copyRegion: 'cn-northwest-1',
        dailyRetentionDays: 10,
        copyRetentionDays: 20,
        monthlyRetentionDays: 400,
      },
      tables: [table],
      evidenceBucket: bucket,
      encryptionKey: key,
    });
    const template = Template.fromStack(stack).toJSON() as Json;

    // Assess
    const [[, plan]] = resourcesOf(template, 'AWS::Backup::BackupPlan') as [[string, Json]];
    const rules = ((plan.Properties as Json).BackupPlan as Json).BackupPlanRule as Json[];
    const summary = rules.map((rule) => {
      const [copy] = rule.CopyActions as Json[];
      return [
        rule.RuleName,
        (rule.Lifecycle as Json).DeleteAfterDays,
        flatten((copy as Json).DestinationBackupVaultArn),
        ((copy as Json).Lifecycle as Json).DeleteAfterDays,
      ];
    });
    const copyVault =
      'arn:<AWS::Partition>:backup:cn-northwest-1:111122223333:backup-vault:award-backup-copy';
    expect(summary).toEqual([
      ['daily', 10, copyVault, 20],
      ['monthly', 400, copyVault, 400],
    ]);
    // aws-cdk-lib loads its modules on first use: minutes on a busy two-core machine.
  }, 300_000);
});
