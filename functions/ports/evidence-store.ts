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
  remove(key: string): Promise<void>;
  presignDownload(key: string, fileName: string): Promise<{ url: string; expiresAt: string }>;
}
