/**
 * Generated documents and exports (DESIGN.md "Documents"): files under `documents/` in a private
 * bucket of their own, handed out as short-lived presigned GETs like evidence. Method names are
 * the documents' own (`save`, `signedDownload`) so the permission test tells them from evidence.
 */
import type { Readable } from 'node:stream';

export interface SignedDownload {
  url: string;
  expiresAt: string;
}

export interface DocumentStore {
  /** Whether an object is stored under `key` (content-addressed keys: stored = generated). */
  exists(key: string): Promise<boolean>;
  save(key: string, body: Buffer, contentType: string): Promise<void>;
  /** Streams `body` to `key` (multipart on S3): an archive never sits whole in memory. */
  saveStream(key: string, body: Readable, contentType: string): Promise<void>;
  readJson<T>(key: string): Promise<T | null>;
  saveJson(key: string, value: unknown): Promise<void>;
  signedDownload(key: string, fileName: string, contentType: string): Promise<SignedDownload>;
}

/** Runs an export outside the request (an S3-triggered Lambda on AWS, the platform loop locally). */
export interface ExportQueue {
  enqueue(exportId: string): Promise<void>;
}

import type { ExportKind } from './export-kinds.ts';

export { EXPORT_KINDS, type ExportKind } from './export-kinds.ts';

/** One export as its creator sees it; kept beside the files as `exports/{exportId}.json`. */
export interface ExportRecord {
  exportId: string;
  roundId: string;
  kind: ExportKind;
  status: 'pending' | 'ready' | 'failed';
  createdBy: string;
  createdAt: string;
  readyAt?: string;
  /** The content-addressed object once ready. */
  key?: string;
  fileName?: string;
  contentType?: string;
  sha256?: string;
  error?: string;
}

/** Every object the platform generates lives under this prefix (its bucket holds nothing else but jobs). */
export const DOCUMENTS_PREFIX = 'documents/';
/** Export manifests. */
export const EXPORTS_PREFIX = 'exports/';
/** Archive jobs: an object here starts the export worker (S3 notification on AWS). */
export const JOBS_PREFIX = 'jobs/';

export const exportRecordKey = (exportId: string): string => `${EXPORTS_PREFIX}${exportId}.json`;
/**
 * Where the worker writes the finished manifest: a key of its own, so no manifest is ever
 * overwritten (s3rver, unlike S3, lets a read see an object half rewritten).
 */
export const finishedExportKey = (exportId: string): string => `${EXPORTS_PREFIX}${exportId}.done.json`;
export const exportJobKey = (exportId: string): string => `${JOBS_PREFIX}${exportId}`;
export const exportIdOfJobKey = (key: string): string | null =>
  key.startsWith(JOBS_PREFIX) && key.length > JOBS_PREFIX.length ? key.slice(JOBS_PREFIX.length) : null;
