/**
 * Evidence files on S3. Uploads go straight from the browser with a presigned POST whose policy
 * pins the key, the content type and the size range; `inspect` re-reads the object and hashes
 * it, which is the real check wherever the policy is not enforced (s3rver enforces none). `keep`
 * copies a verified upload under `verified/`, where downloads read it: plain S3 calls (CopyObject,
 * no version ids), so s3rver, which has no versioning, behaves as S3 does.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Clock } from '../../ports/clock.ts';
import type { EvidenceStore, PresignedUpload, StoredObject } from '../../ports/evidence-store.ts';

export interface S3EvidenceStoreOptions {
  bucket: string;
  clock: Clock;
  /** Seconds a presigned upload stays valid. */
  uploadTtlSeconds?: number;
  /** Seconds a presigned download stays valid (short: every download is audited). */
  downloadTtlSeconds?: number;
  client?: S3Client;
  clientConfig?: S3ClientConfig;
}

export class S3EvidenceStore implements EvidenceStore {
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly clock: Clock;
  private readonly uploadTtl: number;
  private readonly downloadTtl: number;

  constructor(options: S3EvidenceStoreOptions) {
    // Presigned URLs must not carry CRC32 checksum parameters (LOCAL-STACK.md, S3).
    this.client =
      options.client ??
      new S3Client({ requestChecksumCalculation: 'WHEN_REQUIRED', ...options.clientConfig });
    this.bucket = options.bucket;
    this.clock = options.clock;
    this.uploadTtl = options.uploadTtlSeconds ?? 15 * 60;
    this.downloadTtl = options.downloadTtlSeconds ?? 5 * 60;
  }

  async presignUpload(input: {
    key: string;
    contentType: string;
    maxBytes: number;
    minBytes: number;
  }): Promise<PresignedUpload> {
    const { url, fields } = await createPresignedPost(this.client, {
      Bucket: this.bucket,
      Key: input.key,
      Conditions: [
        ['content-length-range', input.minBytes, input.maxBytes],
        ['eq', '$Content-Type', input.contentType],
        ['eq', '$key', input.key],
      ],
      Fields: { 'Content-Type': input.contentType },
      Expires: this.uploadTtl,
    });
    return { url, fields, expiresAt: this.expiry(this.uploadTtl) };
  }

  async inspect(key: string): Promise<StoredObject | null> {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      const hash = createHash('sha256');
      let size = 0;
      for await (const chunk of object.Body as Readable) {
        const buffer = chunk as Buffer;
        size += buffer.length;
        hash.update(buffer);
      }
      return { size, contentType: object.ContentType, sha256: hash.digest('hex') };
    } catch (error) {
      if (isNoSuchKey(error)) return null;
      throw error;
    }
  }

  async keep(key: string, copyId: string): Promise<{ key: string; stored: StoredObject } | null> {
    const kept = keptEvidenceKey(key, copyId);
    try {
      // A server-side copy (no bytes through the function); Content-Type is copied with the object.
      await this.client.send(
        new CopyObjectCommand({
          Bucket: this.bucket,
          Key: kept,
          CopySource: `${this.bucket}/${key.split('/').map(encodeURIComponent).join('/')}`,
        }),
      );
    } catch (error) {
      if (isNoSuchKey(error)) return null;
      throw error;
    }
    const stored = await this.inspect(kept);
    return stored && { key: kept, stored };
  }

  async remove(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async presignDownload(key: string, fileName: string): Promise<{ url: string; expiresAt: string }> {
    const url = await getSignedUrl(
      this.client,
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: key,
        ResponseContentDisposition: `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      }),
      { expiresIn: this.downloadTtl },
    );
    return { url, expiresAt: this.expiry(this.downloadTtl) };
  }

  private expiry(seconds: number): string {
    return new Date(this.clock.now().getTime() + seconds * 1000).toISOString();
  }
}

const isNoSuchKey = (error: unknown): boolean =>
  error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey';

/** `rounds/{roundId}/applications/{applicationId}/{evidenceId}` (DESIGN.md §3). */
export const evidenceKey = (roundId: string, applicationId: string, evidenceId: string): string =>
  `rounds/${roundId}/applications/${applicationId}/${evidenceId}`;

export function parseEvidenceKey(
  key: string,
): { roundId: string; applicationId: string; evidenceId: string } | null {
  const match = /^rounds\/([^/]+)\/applications\/([^/]+)\/([^/]+)$/.exec(key);
  if (!match) return null;
  return { roundId: match[1]!, applicationId: match[2]!, evidenceId: match[3]! };
}

/**
 * `rounds/{roundId}/call-notice/{attachmentId}`: a form published with the call, under `rounds/` so
 * that the bucket's notification and the functions' grants cover it as they cover evidence.
 */
export const callAttachmentKey = (roundId: string, attachmentId: string): string =>
  `rounds/${roundId}/call-notice/${attachmentId}`;

export function parseCallAttachmentKey(key: string): { roundId: string; attachmentId: string } | null {
  const match = /^rounds\/([^/]+)\/call-notice\/([^/]+)$/.exec(key);
  if (!match) return null;
  return { roundId: match[1]!, attachmentId: match[2]! };
}

/**
 * Where verified evidence is kept: `verified/{upload key}/{copyId}`, outside `rounds/`, so that no
 * presigned POST (its policy pins a `rounds/` key) and no bucket notification (filtered on
 * `rounds/`) ever touches it; the bucket policy lets only copies write there (evidence-storage.ts).
 */
export const KEPT_EVIDENCE_PREFIX = 'verified/';

export const keptEvidenceKey = (key: string, copyId: string): string =>
  `${KEPT_EVIDENCE_PREFIX}${key}/${copyId}`;

export const isKeptEvidenceKey = (key: string): boolean => key.startsWith(KEPT_EVIDENCE_PREFIX);
