/**
 * AWS Backup for the stateful data (DESIGN.md §6: "backups copied to the other China region"):
 * one vault in this region, one plan with a daily and a monthly rule, each recovery point copied to
 * the vault of the copy region (`cn-north-1` ↔ `cn-northwest-1` in China; another region in the
 * global partition), and one selection: the four DynamoDB tables and the evidence bucket.
 *
 * What the services require (infra/aws/README.md "Backups"):
 * - S3: the bucket is versioned (EvidenceStorage) and the role has the S3 backup and restore
 *   managed policies (AWS Backup's default policy covers DynamoDB, not S3).
 * - DynamoDB: a cross-region copy needs AWS Backup's "advanced features for DynamoDB" turned on
 *   for the account (an account setting, not a CloudFormation resource): without it the daily
 *   backups still run, the copies fail and the vault's notifications say so.
 * - The copy vault lives in the copy region, so it is its own stack (BackupCopyStack); this
 *   construct only names its ARN, which is why the vault name is fixed.
 */
import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  BackupPlan,
  BackupPlanRule,
  BackupResource,
  BackupSelection,
  BackupVault,
  type IBackupVault,
} from 'aws-cdk-lib/aws-backup';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { ManagedPolicy, PolicyStatement, Role } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { BackupSettings } from '../config.ts';
import { acknowledge, servicePrincipal } from './nag.ts';

/** The copy region's vault, created by BackupCopyStack under this name. */
export const backupCopyVaultName = (prefix: string): string => `${prefix}-backup-copy`;

/** The AWS managed policies the backup role needs: DynamoDB (default) and S3, backup and restore. */
export const BACKUP_ROLE_MANAGED_POLICIES = [
  'service-role/AWSBackupServiceRolePolicyForBackup',
  'service-role/AWSBackupServiceRolePolicyForRestores',
  'AWSBackupServiceRolePolicyForS3Backup',
  'AWSBackupServiceRolePolicyForS3Restore',
] as const;

export interface BackupPlansProps {
  prefix: string;
  settings: BackupSettings;
  tables: readonly ITable[];
  evidenceBucket: IBucket;
  /** Encrypts the vault's recovery points (the data key: same owner, same rotation). */
  encryptionKey: IKey;
}

export class BackupPlans extends Construct {
  readonly vault: BackupVault;
  readonly copyVault: IBackupVault;
  readonly plan: BackupPlan;
  readonly role: Role;

  constructor(scope: Construct, id: string, props: BackupPlansProps) {
    super(scope, id);
    const { settings } = props;

    this.vault = new BackupVault(this, 'Vault', {
      backupVaultName: `${props.prefix}-backup`,
      encryptionKey: props.encryptionKey,
      // Recovery points end by their retention only: nobody, an administrator included, deletes one.
      blockRecoveryPointDeletion: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.copyVault = BackupVault.fromBackupVaultArn(
      this,
      'CopyVault',
      Stack.of(this).formatArn({
        service: 'backup',
        region: settings.copyRegion,
        resource: 'backup-vault',
        resourceName: backupCopyVaultName(props.prefix),
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }),
    );

    const copyTo = (days: number) => [
      { destinationBackupVault: this.copyVault, deleteAfter: Duration.days(days) },
    ];
    this.plan = new BackupPlan(this, 'Plan', {
      backupPlanName: `${props.prefix}-data`,
      backupVault: this.vault,
      backupPlanRules: [
        new BackupPlanRule({
          ruleName: 'daily',
          // 03:00 Beijing time (19:00 UTC), outside office hours.
          scheduleExpression: Schedule.cron({ hour: '19', minute: '0' }),
          startWindow: Duration.hours(1),
          completionWindow: Duration.hours(8),
          deleteAfter: Duration.days(settings.dailyRetentionDays),
          copyActions: copyTo(settings.copyRetentionDays),
        }),
        new BackupPlanRule({
          ruleName: 'monthly',
          scheduleExpression: Schedule.cron({ day: '1', hour: '19', minute: '0' }),
          startWindow: Duration.hours(1),
          completionWindow: Duration.hours(8),
          deleteAfter: Duration.days(settings.monthlyRetentionDays),
          copyActions: copyTo(settings.monthlyRetentionDays),
        }),
      ],
    });

    this.role = new Role(this, 'Role', {
      assumedBy: servicePrincipal('backup'),
      description: 'AWS Backup: backs up and restores the award platform tables and evidence bucket.',
      managedPolicies: BACKUP_ROLE_MANAGED_POLICIES.map((name) =>
        ManagedPolicy.fromAwsManagedPolicyName(name),
      ),
    });
    // The tables and the evidence are encrypted with the data key, and so is the vault: read the
    // sources, write the recovery points, and let AWS Backup hand the key to the copy job.
    props.encryptionKey.grant(
      this.role,
      'kms:Decrypt',
      'kms:Encrypt',
      'kms:GenerateDataKey',
      'kms:DescribeKey',
    );
    this.role.addToPolicy(
      new PolicyStatement({
        actions: ['kms:CreateGrant'],
        resources: [props.encryptionKey.keyArn],
        conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
      }),
    );
    for (const name of BACKUP_ROLE_MANAGED_POLICIES) {
      acknowledge(
        this.role,
        `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${name}]`,
        'AWS Backup documents these managed policies as the service role for DynamoDB and S3 backup and restore; AWS keeps them current with the services.',
      );
    }

    new BackupSelection(this, 'Selection', {
      backupPlan: this.plan,
      backupSelectionName: `${props.prefix}-tables-and-evidence`,
      role: this.role,
      // The managed policies above are attached explicitly (the S3 ones are not in the default).
      disableDefaultBackupPolicy: true,
      resources: [
        ...props.tables.map((table) => BackupResource.fromDynamoDbTable(table)),
        BackupResource.fromArn(props.evidenceBucket.bucketArn),
      ],
    });
  }
}
