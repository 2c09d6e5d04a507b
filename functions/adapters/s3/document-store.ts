/**
 * Generated documents on S3 (their own private bucket, DESIGN.md "Documents"). Large objects (the
 * round archive) are streamed with a multipart upload in 8 MiB parts, so memory stays at one part
 * whatever the archive's size (no @aws-sdk/lib-storage: four calls are all it needs).
 */
import type { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Clock } from '../../ports/clock.ts';
import type { DocumentStore, SignedDownload } from '../../ports/documents.ts';

export interface S3DocumentStoreOptions {
  bucket: string;
  clock: Clock;
  client?: S3Client;
  /** Seconds a presigned download stays valid (short, like evidence downloads). */
  downloadTtlSeconds?: number;
}

/** S3's minimum part size is 5 MiB; 8 MiB keeps a 1,000-application archive to a few parts. */
const PART_BYTES = 8 * 1024 * 1024;

export class S3DocumentStore implements DocumentStore {
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly clock: Clock;
  private readonly ttl: number;

  constructor(options: S3DocumentStoreOptions) {
    // Presigned URLs must not carry CRC32 checksum parameters (LOCAL-STACK.md, S3).
    this.client = options.client ?? new S3Client({ requestChecksumCalculation: 'WHEN_REQUIRED' });
    this.bucket = options.bucket;
    this.clock = options.clock;
    this.ttl = options.downloadTtlSeconds ?? 5 * 60;
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  async save(key: string, body: Buffer, contentType: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }),
    );
  }

  async saveStream(key: string, body: Readable, contentType: string): Promise<void> {
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let uploadId: string | undefined;
    const parts: { ETag: string; PartNumber: number }[] = [];
    const flush = async () => {
      if (uploadId === undefined) {
        const created = await this.client.send(
          new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: key, ContentType: contentType }),
        );
        uploadId = created.UploadId as string;
      }
      const part = await this.client.send(
        new UploadPartCommand({
          Bucket: this.bucket,
          Key: key,
          UploadId: uploadId,
          PartNumber: parts.length + 1,
          Body: Buffer.concat(pending),
        }),
      );
      parts.push({ ETag: part.ETag as string, PartNumber: parts.length + 1 });
      pending = [];
      pendingBytes = 0;
    };
    try {
      for await (const chunk of body) {
        pending.push(chunk as Buffer);
        pendingBytes += (chunk as Buffer).length;
        if (pendingBytes >= PART_BYTES) await flush();
      }
      if (uploadId === undefined) {
        // Small enough for one request.
        await this.save(key, Buffer.concat(pending), contentType);
        return;
      }
      if (pendingBytes > 0) await flush();
      await this.client.send(
        new CompleteMultipartUploadCommand({
          Bucket: this.bucket,
          Key: key,
          UploadId: uploadId,
          MultipartUpload: { Parts: parts },
        }),
      );
    } catch (error) {
      if (uploadId !== undefined)
        await this.client
          .send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId }))
          .catch(() => undefined);
      throw error;
    }
  }

  async readJson<T>(key: string): Promise<T | null> {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return JSON.parse(
        await (object.Body as { transformToString(): Promise<string> }).transformToString(),
      ) as T;
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async saveJson(key: string, value: unknown): Promise<void> {
    await this.save(key, Buffer.from(JSON.stringify(value), 'utf8'), 'application/json');
  }

  async signedDownload(key: string, fileName: string, contentType: string): Promise<SignedDownload> {
    const url = await getSignedUrl(
      this.client,
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: key,
        ResponseContentType: contentType,
        ResponseContentDisposition: `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      }),
      { expiresIn: this.ttl },
    );
    return { url, expiresAt: new Date(this.clock.now().getTime() + this.ttl * 1000).toISOString() };
  }
}

const isMissing = (error: unknown): boolean => {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404;
};
