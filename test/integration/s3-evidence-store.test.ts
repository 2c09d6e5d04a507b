/**
 * The S3 evidence store's kept copies on the local S3 (s3rver): a server-side copy under
 * verified/, hashed there, that a later write under the upload key leaves unchanged.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3EvidenceStore } from '../../functions/adapters/s3/evidence-store.ts';
import { type LocalS3, localS3ClientConfig, startS3rver } from '../../infra/local/s3.ts';
import { SettableClock, sha256Hex } from '../support/fakes.ts';

const BUCKET = 'evidence-kept';
let directory: string;
let s3rver: LocalS3;
let client: S3Client;
let store: S3EvidenceStore;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 's3rver-kept-'));
  s3rver = await startS3rver({ directory, buckets: [BUCKET] });
  client = new S3Client(localS3ClientConfig(s3rver.endpoint));
  store = new S3EvidenceStore({
    bucket: BUCKET,
    clock: new SettableClock(new Date('2026-04-01T00:00:00Z')),
    clientConfig: localS3ClientConfig(s3rver.endpoint),
  });
});

afterAll(async () => {
  client?.destroy();
  await s3rver?.stop();
  rmSync(directory, { recursive: true, force: true });
});

const put = (key: string, body: string) =>
  client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body, ContentType: 'application/pdf' }));

describe('S3EvidenceStore.keep', () => {
  it('copies an upload under verified/ and hashes the copy, which a later upload leaves unchanged', async () => {
    // Prepare
    const key = 'rounds/r1/applications/app_1/ev_1';
    await put(key, '%PDF 已核验的文件');

    // Act
    const kept = await store.keep(key, 'kept_1');
    await put(key, '%PDF 之后上传的另一个文件');
    const afterOverwrite = kept && (await store.inspect(kept.key));

    // Assess
    expect(kept).toEqual({
      key: `verified/${key}/kept_1`,
      stored: {
        size: Buffer.byteLength('%PDF 已核验的文件'),
        contentType: 'application/pdf',
        sha256: sha256Hex('%PDF 已核验的文件'),
      },
    });
    expect(afterOverwrite).toEqual(kept?.stored);
  });

  it('answers null when nothing is stored under the upload key', async () => {
    // Act
    const kept = await store.keep('rounds/r1/applications/app_1/ev_missing', 'kept_2');

    // Assess
    expect(kept).toBeNull();
  });
});
