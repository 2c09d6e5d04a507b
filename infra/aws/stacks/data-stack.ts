/**
 * Stateful data (DESIGN.md §3): the customer-managed data key, the four DynamoDB tables, the
 * evidence bucket with its access-log bucket, and the secret holding the PII field keys. Every
 * resource here is retained when the stack is deleted.
 */
import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { Key } from 'aws-cdk-lib/aws-kms';
import { CfnSecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { TableKey } from '../../../functions/adapters/dynamodb/tables.ts';
import type { PlatformSettings } from '../config.ts';
import { BackupPlans } from '../constructs/backup-plans.ts';
import { DocumentStorage } from '../constructs/document-storage.ts';
import { EvidenceStorage } from '../constructs/evidence-storage.ts';
import { acknowledge } from '../constructs/nag.ts';
import type { BucketRef, TableRef } from '../constructs/platform-function.ts';
import { PlatformTables } from '../constructs/platform-tables.ts';

export interface DataStackProps extends StackProps {
  settings: PlatformSettings;
  /** The portal origin allowed by the evidence bucket's CORS rule. */
  portalOrigin: string;
}

/** What the other stacks use from this one. */
export interface DataRefs {
  tables: Record<TableKey, TableRef>;
  evidence: BucketRef;
  documents: BucketRef;
  dataKey: Key;
  piiKeys: SecretRef;
  /** The applications table's stream (new outbox deliveries → the notification dispatcher). */
  applicationsStreamArn: string;
}

/** A secret as the grant helpers see it. */
export interface SecretRef {
  secretArn: string;
  encryptionKey: Key;
}

export class DataStack extends Stack {
  readonly refs: DataRefs;
  readonly tables: PlatformTables;
  readonly evidence: EvidenceStorage;
  readonly documents: DocumentStorage;
  readonly backups: BackupPlans;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { settings } = props;

    const dataKey = new Key(this, 'DataKey', {
      alias: `alias/${settings.prefix}-data`,
      description: 'Encrypts the award platform data: tables, evidence, PII field keys (MLPS level 3).',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.tables = new PlatformTables(this, 'Tables', { prefix: settings.prefix, encryptionKey: dataKey });

    this.evidence = new EvidenceStorage(this, 'Evidence', {
      prefix: settings.prefix,
      account: settings.account,
      region: settings.region,
      encryptionKey: dataKey,
      portalOrigin: props.portalOrigin,
      noncurrentVersionDays: settings.evidenceNoncurrentDays,
      accessLogDays: Math.max(365, settings.logRetentionDays),
    });

    this.documents = new DocumentStorage(this, 'Documents', {
      prefix: settings.prefix,
      account: settings.account,
      region: settings.region,
      encryptionKey: dataKey,
      accessLogs: this.evidence.accessLogs,
      portalOrigin: props.portalOrigin,
    });

    // DESIGN.md §6: daily and monthly backups, each copied to the other region.
    this.backups = new BackupPlans(this, 'Backups', {
      prefix: settings.prefix,
      settings: settings.backup,
      tables: Object.values(this.tables.tables),
      evidenceBucket: this.evidence.bucket,
      encryptionKey: dataKey,
    });

    // The AES-256-GCM key and the HMAC key of functions/adapters/crypto/pii.ts (DESIGN.md §6: ID
    // numbers encrypted per field with an HMAC lookup index), as functions/handlers/live-deps.ts
    // reads them: {"encryptionKey": base64 of 32 bytes, "hmacKey": base64 of ≥ 32 bytes}. Set once
    // by an operator before the first request (README "Deploying"): CloudFormation can generate only
    // one random field, and a key must never appear in a template.
    //
    // L1 on purpose: the L2 Secret adds a key-policy statement whose kms:ViaService host name is
    // spelled with a literal global suffix, which is wrong in the China regions (DESIGN.md §6). The
    // key policy already delegates to IAM, and grantSecretRead adds the ViaService condition itself.
    const piiKeys = new CfnSecret(this, 'PiiKeys', {
      name: `${settings.prefix}/pii-keys`,
      description:
        'PII field keys {encryptionKey, hmacKey} (base64); set once, never rotate without re-encrypting.',
      kmsKeyId: dataKey.keyArn,
    });
    piiKeys.applyRemovalPolicy(RemovalPolicy.RETAIN);
    acknowledge(
      piiKeys,
      'AwsSolutions-SMG4',
      'Rotating the PII keys means re-encrypting and re-indexing every stored ID number: a planned migration, not a timer.',
    );

    this.refs = {
      tables: this.tables.refs,
      evidence: this.evidence.ref,
      documents: this.documents.ref,
      dataKey,
      piiKeys: { secretArn: piiKeys.ref, encryptionKey: dataKey },
      applicationsStreamArn: this.tables.tables.applications.tableStreamArn as string,
    };
  }
}
