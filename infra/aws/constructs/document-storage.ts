/**
 * The documents bucket (DESIGN.md "Documents"): generated PDFs, Excel exports and round archives
 * under `documents/`, export manifests under `exports/`, archive jobs under `jobs/` (whose
 * ObjectCreated notification starts the export worker). Private, TLS-only, KMS with the data key,
 * access-logged into the evidence log bucket; a bucket of its own, so no grant on evidence ever
 * reaches a generated file or the reverse. Documents are re-derivable from the tables, so they are
 * not versioned; jobs and manifests expire.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  HttpMethods,
  type IBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { EXPORTS_PREFIX, JOBS_PREFIX } from '../../../functions/ports/documents.ts';
import type { BucketRef } from './platform-function.ts';

export interface DocumentStorageProps {
  prefix: string;
  account: string;
  region: string;
  encryptionKey: IKey;
  accessLogs: IBucket;
  /** The portal's origin: a browser may fetch a presigned download from it. */
  portalOrigin: string;
}

export class DocumentStorage extends Construct {
  readonly bucket: Bucket;
  readonly ref: BucketRef;

  constructor(scope: Construct, id: string, props: DocumentStorageProps) {
    super(scope, id);
    const bucketName = `${props.prefix}-documents-${props.account}-${props.region}`;
    this.bucket = new Bucket(this, 'Bucket', {
      bucketName,
      encryption: BucketEncryption.KMS,
      encryptionKey: props.encryptionKey,
      bucketKeyEnabled: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'documents/',
      removalPolicy: RemovalPolicy.RETAIN,
      cors: [
        {
          id: 'portal-downloads',
          allowedOrigins: [props.portalOrigin],
          allowedMethods: [HttpMethods.GET, HttpMethods.HEAD],
          allowedHeaders: ['*'],
          maxAge: 3000,
        },
      ],
      lifecycleRules: [
        // An archive streamed by a worker that died leaves parts behind.
        { id: 'abort-incomplete-multipart-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
        { id: 'expire-jobs', prefix: JOBS_PREFIX, expiration: Duration.days(7) },
        // A manifest only hands out fresh links to its creator; a year covers any follow-up.
        { id: 'expire-export-manifests', prefix: EXPORTS_PREFIX, expiration: Duration.days(365) },
      ],
    });
    this.ref = { bucketName, encryptionKey: props.encryptionKey };
  }
}
