/**
 * Evidence upload (DESIGN.md §3 "Evidence"): the browser hashes the file (SHA-256, Web Crypto),
 * asks the API for a presigned POST, sends the file straight to S3 with progress events, then asks
 * the API to verify size, type and hash (`complete`).
 */

import type { Evidence } from '../../../functions/handlers/api/schemas/index.ts';
import { api } from './api.ts';

/** Hex SHA-256 of bytes, computed in the browser. */
export async function sha256Hex(data: ArrayBuffer | Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', data as BufferSource);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The MIME type the server expects, from the browser's guess or the file's extension. */
export function contentTypeOf(file: { name: string; type: string }): string {
  if (file.type) return file.type;
  const ext = file.name.toLowerCase().split('.').pop() ?? '';
  const byExt: Record<string, string> = {
    pdf: 'application/pdf',
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    png: 'image/png',
    doc: 'application/msword',
    docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    xls: 'application/vnd.ms-excel',
    xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ppt: 'application/vnd.ms-powerpoint',
    pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    zip: 'application/zip',
  };
  return byExt[ext] ?? 'application/octet-stream';
}

/** Posts `file` to a presigned POST target: the policy fields first, the file last. */
export function postToStorage(
  target: { url: string; fields: Record<string, string> },
  file: Blob,
  onProgress: (fraction: number) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(target.fields)) form.append(name, value);
    form.append('file', file);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', target.url);
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    });
    xhr.addEventListener('load', () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve();
      } else reject(new Error(`文件上传被存储服务拒绝（${xhr.status}）`));
    });
    xhr.addEventListener('error', () => reject(new Error('文件上传失败：网络错误')));
    xhr.addEventListener('abort', () => reject(new Error('文件上传已取消')));
    xhr.send(form);
  });
}

export type UploadPhase = 'hashing' | 'requesting' | 'uploading' | 'verifying' | 'done' | 'failed';

export interface UploadProgress {
  phase: UploadPhase;
  fraction: number;
  message?: string;
  evidenceId?: string;
}

export const UPLOAD_PHASE_LABELS: Record<UploadPhase, string> = {
  hashing: '正在计算文件摘要',
  requesting: '正在申请上传',
  uploading: '正在上传',
  verifying: '正在核验',
  done: '已核验',
  failed: '失败',
};

/** The whole upload of one file; reports each phase and the upload's progress. */
export async function uploadEvidence(
  applicationId: string,
  file: File,
  report: (progress: UploadProgress) => void,
): Promise<Evidence['status']> {
  report({ phase: 'hashing', fraction: 0 });
  const sha256 = await sha256Hex(await file.arrayBuffer());
  report({ phase: 'requesting', fraction: 0 });
  const grant = await api.requestUpload(applicationId, {
    fileName: file.name,
    contentType: contentTypeOf(file),
    size: file.size,
    sha256,
  });
  const evidenceId = grant.evidenceId;
  await postToStorage(grant.upload, file, (fraction) => report({ phase: 'uploading', fraction, evidenceId }));
  report({ phase: 'verifying', fraction: 1, evidenceId });
  const verified = await api.completeUpload(applicationId, evidenceId);
  report({ phase: 'done', fraction: 1, evidenceId });
  return verified.status as Evidence['status'];
}

/** Opens a stored file in a new tab through its short-lived download link (every download is audited). */
export async function openEvidence(applicationId: string, evidenceId: string): Promise<void> {
  const { url } = await api.download(applicationId, evidenceId);
  window.open(url, '_blank', 'noopener');
}
