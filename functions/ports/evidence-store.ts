/** Applicants' evidence files (S3 on AWS, s3rver locally). */
export interface PresignedUpload {
  url: string;
  fields: Record<string, string>;
  expiresAt: string;
}

export interface StoredObject {
  size: number;
  contentType: string | undefined;
  sha256: string;
}

export interface EvidenceStore {
  /** Presigned POST whose policy pins the key, content type and content-length-range. */
  presignUpload(input: {
    key: string;
    contentType: string;
    maxBytes: number;
    minBytes: number;
  }): Promise<PresignedUpload>;
  /** Reads the stored object and hashes it: the server-side check of what was uploaded. */
  inspect(key: string): Promise<StoredObject | null>;
  /**
   * Copies the upload under `key` to a key of its own, which no upload form can name and which
   * nothing writes again, then reads and hashes the copy: what is verified is the copy, and the copy
   * is what downloads serve. `copyId` makes the kept key unique per call, so that two concurrent
   * verifications never write the same object. Null when nothing is stored under `key`.
   */
  keep(key: string, copyId: string): Promise<{ key: string; stored: StoredObject } | null>;
  remove(key: string): Promise<void>;
  presignDownload(key: string, fileName: string): Promise<{ url: string; expiresAt: string }>;
}
