import { mkdirSync } from 'node:fs';
import S3rver, { type S3rverEvent } from 's3rver';

/**
 * s3rver as the local S3 (DESIGN.md §4). It does not check signatures, POST policies or checksums
 * (LOCAL-STACK.md), so the server-side verification of size, type and SHA-256 is the real guard
 * locally; its ObjectCreated events stand in for the S3 notification that triggers that check.
 */

export interface S3rverStartOptions {
  /** Port to listen on; 0 or absent picks a free one. */
  port?: number;
  /** Interface to listen on. Default 127.0.0.1. */
  host?: string;
  /** Where the objects are stored (created if missing). */
  directory: string;
  /** Buckets to create (kept if they exist). */
  buckets: string[];
  /** Origins allowed to upload from a browser (CORS on every bucket). Default ['*']. */
  corsAllowedOrigins?: string[];
}

/** One ObjectCreated notification, reduced to what the verify handler needs. */
export interface ObjectCreatedEvent {
  /** `ObjectCreated:Put`, `ObjectCreated:Post` or `ObjectCreated:Copy`. */
  eventName: string;
  bucket: string;
  /** The object key as stored (not URL-encoded, unlike a real S3 notification's key). */
  key: string;
  size: number;
  /** MD5 hex of the content; absent for Copy. */
  eTag?: string;
}

export type ObjectCreatedListener = (event: ObjectCreatedEvent) => Promise<void> | void;

export interface LocalS3 {
  /** e.g. `http://127.0.0.1:4568`: the S3 client's `endpoint` (path style). */
  endpoint: string;
  port: number;
  /** Registers a listener for ObjectCreated:*; returns a function that removes it. */
  onObjectCreated(listener: ObjectCreatedListener): () => void;
  /** Resolves when every listener started so far has finished (tests: upload, then await this). */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

/** S3 client configuration for s3rver: path style, its fixed key id, no default checksums. */
export function localS3ClientConfig(endpoint: string, region = 'us-east-1') {
  return {
    endpoint,
    region,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    // The SDK otherwise adds CRC32 parameters to presigned URLs, which real S3 then enforces.
    requestChecksumCalculation: 'WHEN_REQUIRED' as const,
  };
}

/** Starts s3rver with the buckets configured; resolves once it listens. */
export async function startS3rver(options: S3rverStartOptions): Promise<LocalS3> {
  mkdirSync(options.directory, { recursive: true });
  const host = options.host ?? '127.0.0.1';
  const cors = corsConfiguration(options.corsAllowedOrigins ?? ['*']);
  const server = new S3rver({
    address: host,
    port: options.port ?? 0,
    silent: true,
    directory: options.directory,
    configureBuckets: options.buckets.map((name) => ({ name, configs: [cors] })),
  });
  const listeners = new Set<ObjectCreatedListener>();
  const inFlight = new Set<Promise<void>>();
  server.on('event', (notification: S3rverEvent) => {
    for (const record of notification.Records) {
      if (!record.eventName.startsWith('ObjectCreated:')) continue;
      const event: ObjectCreatedEvent = {
        eventName: record.eventName,
        bucket: record.s3.bucket.name,
        key: record.s3.object.key,
        size: record.s3.object.size ?? 0,
        ...(record.s3.object.eTag === undefined ? {} : { eTag: record.s3.object.eTag }),
      };
      for (const listener of listeners) {
        const run = Promise.resolve()
          .then(() => listener(event))
          .catch((error: unknown) => console.error('local s3: an ObjectCreated listener failed', error))
          .finally(() => inFlight.delete(run));
        inFlight.add(run);
      }
    }
  });
  const address = await server.run();
  return {
    endpoint: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
    port: address.port,
    onObjectCreated(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async settled() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    stop: () => server.close(),
  };
}

/** A permissive CORS document so the web portal (another origin) can upload with presigned POSTs. */
function corsConfiguration(origins: string[]): string {
  const rules = origins
    .map(
      (origin) =>
        `<CORSRule><AllowedOrigin>${escapeXml(origin)}</AllowedOrigin>` +
        '<AllowedMethod>GET</AllowedMethod><AllowedMethod>HEAD</AllowedMethod>' +
        '<AllowedMethod>PUT</AllowedMethod><AllowedMethod>POST</AllowedMethod>' +
        '<AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader>' +
        '<MaxAgeSeconds>3000</MaxAgeSeconds></CORSRule>',
    )
    .join('');
  return `<CORSConfiguration>${rules}</CORSConfiguration>`;
}

function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
