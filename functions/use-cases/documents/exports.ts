/**
 * POST /v1/rounds/{roundId}/exports and GET /v1/exports/{exportId}: Excel exports are generated in
 * the request (a 1,000-application round in well under the API's 30 s, bench/exports.ts); the
 * archive is generated outside it (exportQueue: an S3-triggered function on AWS, the platform loop
 * locally), `pending` until the worker has streamed the ZIP to storage, then `ready`.
 */

import { type AnySheet, workbookOf, XLSX_CONTENT_TYPE } from '../../documents/excel.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Deps } from '../../ports/deps.ts';
import {
  type ExportKind,
  type ExportRecord,
  exportRecordKey,
  finishedExportKey,
} from '../../ports/documents.ts';
import type { Actor } from '../../ports/records.ts';
import { hasRole } from '../access.ts';
import { loadRound } from '../rounds/support.ts';
import { buildArchive } from './archive.ts';
import { documentsOf, exportQueueOf, generateOnce, sha256Of } from './issue.ts';
import { loadRoundData, type RoundData, roundAuditTrail } from './round-data.ts';
import {
  applicationsSheet,
  auditSheet,
  EXPORT_TITLES,
  objectionsSheet,
  rankingSheet,
  scoreSheets,
  statisticsSheet,
  winnersSheet,
} from './sheets.ts';

export type ExcelKind = Exclude<ExportKind, 'archive'>;

export interface ExportView {
  exportId: string;
  kind: ExportKind;
  status: ExportRecord['status'];
  url?: string;
  expiresAt?: string;
  fileName?: string;
  contentType?: string;
}

/** The sheets of an Excel export. */
export async function sheetsOf(deps: Deps, data: RoundData, kind: ExcelKind): Promise<AnySheet[]> {
  switch (kind) {
    case 'applications':
      return [applicationsSheet(data)];
    case 'scores':
      return scoreSheets(data);
    case 'ranking':
      return [rankingSheet(data)];
    case 'objections':
      return [objectionsSheet(data)];
    case 'winners':
      return [winnersSheet(data)];
    case 'statistics':
      return [statisticsSheet(data)];
    case 'audit':
      return [auditSheet(await roundAuditTrail(deps, data.round.roundId))];
  }
}

/** What a sheet shows, cell by cell: the content address of an Excel export. */
export const cellsOf = (sheets: readonly AnySheet[]) =>
  sheets.map((sheet) => ({
    name: sheet.name,
    headers: sheet.columns.map((c) => [c.header, c.kind ?? 'text', c.width]),
    rows: sheet.rows.map((row) => sheet.columns.map((c) => c.value(row) ?? null)),
  }));

export const excelFileName = (ordinal: number, kind: ExcelKind) =>
  `第${ordinal}届-${EXPORT_TITLES[kind]}.xlsx`;

/** Generates (once per content) the Excel export of `kind`; returns its key. */
export async function generateExcel(deps: Deps, actor: Actor, data: RoundData, kind: ExcelKind) {
  const sheets = await sheetsOf(deps, data, kind);
  const fileName = excelFileName(data.round.ordinal, kind);
  const key = await generateOnce(deps, actor, {
    roundId: data.round.roundId,
    subjectId: data.round.roundId,
    kind: `export-${kind}`,
    fileName,
    contentType: XLSX_CONTENT_TYPE,
    extension: 'xlsx',
    model: cellsOf(sheets),
    render: () => workbookOf(sheets),
  });
  return { key, fileName, sheets };
}

function assertMayExport(actor: Actor, kind: ExportKind): void {
  const allowed = hasRole(actor, 'staff', 'supervisor') || (kind === 'ranking' && hasRole(actor, 'leader'));
  if (!allowed) throw new DomainError('FORBIDDEN', '当前角色无权导出该内容');
}

/** POST /v1/rounds/{roundId}/exports. */
export async function createExport(
  deps: Deps,
  actor: Actor,
  input: { roundId: string; kind: ExportKind },
): Promise<ExportView> {
  assertMayExport(actor, input.kind);
  const round = await loadRound(deps, input.roundId);
  const documents = documentsOf(deps);
  const record: ExportRecord = {
    exportId: deps.ids.next('export'),
    roundId: round.roundId,
    kind: input.kind,
    status: 'pending',
    createdBy: actor.sub,
    createdAt: deps.clock.now().toISOString(),
  };
  if (input.kind === 'archive') {
    // The manifest first, then the job: the worker always finds what it is to do.
    await documents.saveJson(exportRecordKey(record.exportId), record);
    await exportQueueOf(deps).enqueue(record.exportId);
    return viewOf(deps, record);
  }
  const data = await loadRoundData(deps, round.roundId);
  const { key, fileName } = await generateExcel(deps, actor, data, input.kind);
  const ready: ExportRecord = {
    ...record,
    status: 'ready',
    readyAt: deps.clock.now().toISOString(),
    key,
    fileName,
    contentType: XLSX_CONTENT_TYPE,
  };
  await documents.saveJson(exportRecordKey(record.exportId), ready);
  return viewOf(deps, ready);
}

/**
 * The export a retried keyed request created, if any (Idempotency-Key recovery). A pending archive
 * is queued again: the run that saved its manifest may have died before its job was queued, or
 * (locally, where the worker runs in the platform's process) before the job ran; running a job
 * twice is harmless (`runExport`).
 */
export async function earlierExport(deps: Deps, actor: Actor): Promise<ExportView | undefined> {
  const record = await readExport(deps, deps.ids.next('export'));
  if (!record || record.createdBy !== actor.sub) return undefined;
  if (record.status === 'pending') await exportQueueOf(deps).enqueue(record.exportId);
  return viewOf(deps, record);
}

/** GET /v1/exports/{exportId}: its creator only (anyone else: 404), with a fresh link once ready. */
export async function getExport(deps: Deps, actor: Actor, exportId: string): Promise<ExportView> {
  const record = /^[A-Za-z0-9_-]{1,80}$/.test(exportId) ? await readExport(deps, exportId) : null;
  if (!record || record.createdBy !== actor.sub)
    throw new DomainError('NOT_FOUND', '导出任务不存在或无权查看');
  return viewOf(deps, record);
}

async function viewOf(deps: Deps, record: ExportRecord): Promise<ExportView> {
  const base = { exportId: record.exportId, kind: record.kind, status: record.status };
  if (record.status !== 'ready' || !record.key || !record.fileName || !record.contentType) return base;
  const link = await documentsOf(deps).signedDownload(record.key, record.fileName, record.contentType);
  return { ...base, ...link, fileName: record.fileName, contentType: record.contentType };
}

/** The worker: builds a pending archive and marks it ready (or failed). Running it twice is harmless. */
export async function runExport(deps: Deps, exportId: string): Promise<ExportRecord | null> {
  const documents = documentsOf(deps);
  const record = await readExport(deps, exportId);
  if (record?.status !== 'pending') return record;
  let done: ExportRecord;
  try {
    const actor: Actor = { sub: record.createdBy, roles: ['system'] };
    const archive = await buildArchive(deps, actor, record.roundId);
    done = {
      ...record,
      status: 'ready',
      readyAt: deps.clock.now().toISOString(),
      key: archive.key,
      fileName: archive.fileName,
      contentType: 'application/zip',
      sha256: archive.indexSha256,
    };
  } catch (error) {
    done = { ...record, status: 'failed', error: `归档生成失败：${(error as Error).message}` };
  }
  await documents.saveJson(finishedExportKey(exportId), done);
  return done;
}

/** The export's manifest: the worker's finished one once written (in full), else the request's. */
async function readExport(deps: Deps, exportId: string): Promise<ExportRecord | null> {
  const documents = documentsOf(deps);
  try {
    const finished = await documents.readJson<ExportRecord>(finishedExportKey(exportId));
    if (finished) return finished;
  } catch (error) {
    // Only a local stand-in shows an object being written; until it is whole the export is pending.
    if (!(error instanceof SyntaxError)) throw error;
  }
  return documents.readJson<ExportRecord>(exportRecordKey(exportId));
}

export { sha256Of };
