/**
 * The document, export and statistics routes of API.md v2 ("Documents, exports and statistics"):
 * every document is answered as a short-lived download, and an export may be `pending` (the archive)
 * until the server has generated it.
 */
import type {
  CreateExportBody,
  DocumentDownload,
  ExportView,
  RoundStatistics,
} from '../../../functions/handlers/api/schemas/index.ts';
import { request } from './api.ts';

const enc = encodeURIComponent;

export type ExportKind = CreateExportBody['kind'];

export const documents = {
  statistics: (roundId: string) => request<RoundStatistics>(`/v1/rounds/${enc(roundId)}/statistics`),
  createExport: (roundId: string, kind: ExportKind) =>
    request<ExportView>(`/v1/rounds/${enc(roundId)}/exports`, {
      method: 'POST',
      body: { kind },
      idempotencyKey: crypto.randomUUID(),
    }),
  export: (exportId: string) => request<ExportView>(`/v1/exports/${enc(exportId)}`),
  form: (applicationId: string) =>
    request<DocumentDownload>(`/v1/applications/${enc(applicationId)}/documents/form`),
  notice: (windowId: string) =>
    request<DocumentDownload>(`/v1/public/notices/${enc(windowId)}/document`, { anonymous: true }),
  commendation: (roundId: string) =>
    request<DocumentDownload>(`/v1/rounds/${enc(roundId)}/documents/commendation`, { anonymous: true }),
  certificate: (awardId: string) =>
    request<DocumentDownload>(`/v1/awards/${enc(awardId)}/documents/certificate`),
  revocation: (awardId: string) =>
    request<DocumentDownload>(`/v1/awards/${enc(awardId)}/documents/revocation`, { anonymous: true }),
};

/** Starts the browser's download of a presigned URL (the server names the file). */
export function startDownload(download: { url: string; fileName?: string }): void {
  const link = document.createElement('a');
  link.href = download.url;
  if (download.fileName) link.download = download.fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
}

/** Creates an export and waits (polling every 2 s, at most 10 minutes) until it is ready. */
export async function exportWhenReady(
  roundId: string,
  kind: ExportKind,
  onPending: () => void,
): Promise<ExportView> {
  let view = await documents.createExport(roundId, kind);
  for (let i = 0; view.status === 'pending' && i < 300; i++) {
    onPending();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    view = await documents.export(view.exportId);
  }
  if (view.status !== 'ready')
    throw new Error(view.status === 'failed' ? '生成失败，请稍后重试' : '仍在生成，请稍后再试');
  return view;
}
