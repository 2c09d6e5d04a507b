import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type LocalS3,
  localS3ClientConfig,
  type ObjectCreatedEvent,
  startS3rver,
} from '../../../infra/local/s3.ts';

const BUCKET = 'evidence-local';
let directory: string;
let s3rver: LocalS3;
let client: S3Client;
const created: ObjectCreatedEvent[] = [];

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 's3rver-'));
  s3rver = await startS3rver({ directory, buckets: [BUCKET] });
  s3rver.onObjectCreated((event) => {
    created.push(event);
  });
  client = new S3Client(localS3ClientConfig(s3rver.endpoint));
});

afterAll(async () => {
  client?.destroy();
  await s3rver?.stop();
  rmSync(directory, { recursive: true, force: true });
});

const md5 = (content: string) => createHash('md5').update(content).digest('hex');

describe('startS3rver', () => {
  it('accepts a presigned POST upload made with fetch and FormData, and fires ObjectCreated:Post', async () => {
    // Prepare
    const key = 'applications/APP-1/evidence/质量手册.pdf';
    const content = '%PDF-1.7 quality manual';
    const { url, fields } = await createPresignedPost(client, {
      Bucket: BUCKET,
      Key: key,
      Conditions: [['content-length-range', 1, 10 * 1024 * 1024]],
      Fields: { 'Content-Type': 'application/pdf' },
      Expires: 300,
    });
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('file', new Blob([content], { type: 'application/pdf' }), 'manual.pdf');

    // Act
    const response = await fetch(url, { method: 'POST', body: form });
    await s3rver.settled();

    // Assess
    expect(response.status).toBeLessThan(300);
    expect(created.at(-1)).toEqual({
      eventName: 'ObjectCreated:Post',
      bucket: BUCKET,
      key,
      size: Buffer.byteLength(content),
      eTag: md5(content),
    });
    const stored = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    expect(await stored.Body!.transformToString()).toBe(content);
  });

  it('accepts a presigned PUT without checksum parameters and fires ObjectCreated:Put', async () => {
    // Prepare
    const key = 'applications/APP-2/evidence/年度 报告.txt';
    const url = await getSignedUrl(client, new PutObjectCommand({ Bucket: BUCKET, Key: key }), {
      expiresIn: 300,
    });

    // Act
    const response = await fetch(url, { method: 'PUT', body: 'report' });
    await s3rver.settled();

    // Assess
    expect(response.status).toBe(200);
    expect(new URL(url).searchParams.has('x-amz-checksum-crc32')).toBe(false);
    expect(created.at(-1)).toMatchObject({
      eventName: 'ObjectCreated:Put',
      key,
      size: 6,
      eTag: md5('report'),
    });
  });

  it('answers a browser CORS preflight for an upload from another origin', async () => {
    // Act
    const response = await fetch(`${s3rver.endpoint}/${BUCKET}`, {
      method: 'OPTIONS',
      headers: { origin: 'http://127.0.0.1:3000', 'access-control-request-method': 'POST' },
    });

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('keeps running when a listener fails, and stops notifying a removed listener', async () => {
    // Prepare
    const seen: string[] = [];
    const removeFailing = s3rver.onObjectCreated(() => {
      throw new Error('verify failed');
    });
    const removeSeen = s3rver.onObjectCreated((event) => {
      seen.push(event.key);
    });
    const errors = console.error;
    console.error = () => undefined;

    // Act
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'one.txt', Body: '1' }));
    await s3rver.settled();
    removeSeen();
    removeFailing();
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'two.txt', Body: '2' }));
    await s3rver.settled();
    console.error = errors;

    // Assess
    expect(seen).toEqual(['one.txt']);
    expect(created.at(-1)?.key).toBe('two.txt');
  });
});
