/**
 * The vault that receives the copies of every backup (DESIGN.md §6: "backups copied to the other
 * China region"), deployed in the copy region (`backupCopyRegion`) before the data stack, whose
 * backup plan names it by ARN (infra/aws/constructs/backup-plans.ts). Its own KMS key, since a key
 * never leaves its region; retained, and no recovery point can be deleted before its retention ends.
 */
import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { BackupVault } from 'aws-cdk-lib/aws-backup';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import type { PlatformSettings } from '../config.ts';
import { backupCopyVaultName } from '../constructs/backup-plans.ts';

export interface BackupCopyStackProps extends StackProps {
  settings: PlatformSettings;
}

export class BackupCopyStack extends Stack {
  readonly vault: BackupVault;

  constructor(scope: Construct, id: string, props: BackupCopyStackProps) {
    super(scope, id, props);
    const key = new Key(this, 'CopyKey', {
      alias: `alias/${props.settings.prefix}-backup-copy`,
      description: 'Encrypts the copies of the award platform backups in this region.',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.vault = new BackupVault(this, 'CopyVault', {
      backupVaultName: backupCopyVaultName(props.settings.prefix),
      encryptionKey: key,
      blockRecoveryPointDeletion: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
