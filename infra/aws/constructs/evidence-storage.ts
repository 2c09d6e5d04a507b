/**
 * The evidence bucket (DESIGN.md §3 "Evidence"): private, TLS-only, KMS-encrypted with the data
 * key, versioned, verified files kept under verified/ (written there only by copy), its server
 * access logs in a separate log bucket, CORS open to the portal's origin only (the browser uploads with a presigned POST and downloads with presigned GETs).
 * Evidence is confidential (Art. 28): nothing here is ever public.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AnyPrincipal, Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  HttpMethods,
  ObjectOwnership,
  StorageClass,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { KEPT_EVIDENCE_PREFIX } from '../../../functions/adapters/s3/evidence-store.ts';
import { acknowledge } from './nag.ts';
import type { BucketRef } from './platform-function.ts';

/** Evidence object keys start with this (`rounds/{roundId}/applications/{applicationId}/{evidenceId}`). */
export const EVIDENCE_PREFIX = 'rounds/';

export interface EvidenceStorageProps {
  prefix: string;
  account: string;
  region: string;
  encryptionKey: IKey;
  /** The only origin allowed to upload from a browser (may be a token: the CloudFront URL in dev). */
  portalOrigin: string;
  /** Days a noncurrent version is kept (a replaced or deleted object stays recoverable that long). */
  noncurrentVersionDays: number;
  /** Days access logs are kept (≥ the log retention setting). */
  accessLogDays: number;
}

export class EvidenceStorage extends Construct {
  readonly bucket: Bucket;
  readonly accessLogs: Bucket;
  readonly ref: BucketRef;

  constructor(scope: Construct, id: string, props: EvidenceStorageProps) {
    super(scope, id);
    const suffix = `${props.account}-${props.region}`;

    // Server access logs cannot be delivered to an SSE-KMS bucket: S3-managed keys here.
    this.accessLogs = new Bucket(this, 'AccessLogs', {
      bucketName: `${props.prefix}-access-logs-${suffix}`,
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          id: 'expire-access-logs',
          // Kept at least as long as the other logs (Cybersecurity Law Art. 21), then archived and expired.
          transitions: [{ storageClass: StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(30) }],
          expiration: Duration.days(props.accessLogDays),
          noncurrentVersionExpiration: Duration.days(30),
        },
      ],
    });
    acknowledge(
      this.accessLogs,
      'AwsSolutions-S1',
      'This is the server-access-log bucket itself; logging it into itself would log every log delivery.',
    );

    this.bucket = new Bucket(this, 'Bucket', {
      bucketName: `${props.prefix}-evidence-${suffix}`,
      encryption: BucketEncryption.KMS,
      encryptionKey: props.encryptionKey,
      // One KMS request per bucket key instead of per object: cheaper and fewer throttles.
      bucketKeyEnabled: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'evidence/',
      removalPolicy: RemovalPolicy.RETAIN,
      cors: [
        {
          id: 'portal-uploads',
          allowedOrigins: [props.portalOrigin],
          allowedMethods: [HttpMethods.POST, HttpMethods.GET, HttpMethods.HEAD],
          allowedHeaders: ['*'],
          exposedHeaders: ['ETag'],
          maxAge: 3000,
        },
      ],
      lifecycleRules: [
        { id: 'abort-incomplete-multipart-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
        {
          id: 'expire-noncurrent-versions',
          noncurrentVersionExpiration: Duration.days(props.noncurrentVersionDays),
        },
      ],
    });

    // Verified files are kept under verified/ (functions/adapters/s3/evidence-store.ts), each copy
    // under a key of its own, written once by a server-side copy from rounds/; downloads read them
    // there, so a later upload through a still valid presigned POST cannot change them. S3's
    // conditional writes cannot guard either prefix: a bucket policy on `s3:if-none-match` covers
    // PutObject and CompleteMultipartUpload only, a browser's presigned POST has no way to send
    // `If-None-Match` (requiring it under rounds/ would refuse every upload), and under such a
    // policy every CopyObject fails (403 without the header, 501 with it). What S3 can express is
    // refused here: any write under verified/ that is not a copy from rounds/ of this bucket — a
    // POST or a plain PUT, whoever signed it. Versioning keeps every replaced or deleted version
    // recoverable for `noncurrentVersionDays`.
    const bucketName = `${props.prefix}-evidence-${suffix}`;
    this.bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'KeptEvidenceIsWrittenOnlyByCopy',
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects(`${KEPT_EVIDENCE_PREFIX}*`)],
        conditions: {
          // The header names `bucket/key`, with or without a leading slash (and maybe `?versionId=`).
          StringNotLike: {
            's3:x-amz-copy-source': [
              `${bucketName}/${EVIDENCE_PREFIX}*`,
              `/${bucketName}/${EVIDENCE_PREFIX}*`,
            ],
          },
        },
      }),
    );

    this.ref = { bucketName, encryptionKey: props.encryptionKey };
  }
}
