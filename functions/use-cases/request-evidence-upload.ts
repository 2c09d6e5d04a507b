/**
 * Art. 18 (2): the applicant attaches evidence to a draft. The file goes straight from the browser
 * to the evidence bucket with a presigned POST whose policy pins the key, the content type and the
 * exact size; the declared SHA-256 is checked on the server once the file is there
 * (verify-uploaded-evidence), since the local S3 enforces no policy at all (LOCAL-STACK.md).
 */
import { evidenceKey } from '../adapters/s3/evidence-store.ts';
import { DomainError, isDomainError } from '../domain/errors.ts';
import type { Deps } from '../ports/deps.ts';
import type { PresignedUpload } from '../ports/evidence-store.ts';
import type { Actor, EvidenceRecord } from '../ports/records.ts';
import {
  assertEvidenceEditable,
  evidenceSummaryChanges,
  loadOwnApplication,
  requireRole,
} from './applications/context.ts';
import { evidenceAudit, normalizeContentType } from './applications/evidence.ts';
import { loadRound } from './rounds/support.ts';

export interface EvidenceDeclaration {
  fileName: string;
  contentType: string;
  size: number;
  /** Hex SHA-256 of the file's bytes. */
  sha256: string;
}

const MIB = 1024 * 1024;
const ATTEMPTS = 3;

/** A human reading of a byte limit: `50 MiB`, or `1.5 MiB`. */
const mebibytes = (bytes: number): string => `${Number((bytes / MIB).toFixed(2))} MiB`;

/** Checks the declaration against the platform's limits; every problem as a field finding (evidence and call attachments). */
export function assertDeclarationAccepted(
  deps: Deps,
  declaration: EvidenceDeclaration,
  contentType: string,
): void {
  const max = deps.config.evidenceMaxBytes;
  if (declaration.size > max) {
    const message = `文件大小为 ${mebibytes(declaration.size)}，超过单个证实材料 ${mebibytes(max)} 的上限`;
    throw new DomainError('PAYLOAD_TOO_LARGE', message, [
      { path: 'size', code: 'PAYLOAD_TOO_LARGE', message },
    ]);
  }
  const findings = [];
  if (!deps.config.evidenceContentTypes.includes(contentType)) {
    findings.push({
      path: 'contentType',
      code: 'VALIDATION_FAILED' as const,
      message: `不支持的文件类型 ${declaration.contentType}：证实材料仅限 PDF、JPEG/PNG 图片、Word/Excel/PowerPoint 文档或 ZIP 压缩包（${deps.config.evidenceContentTypes.join('、')}）`,
    });
  }
  if (!Number.isInteger(declaration.size) || declaration.size < 1) {
    findings.push({
      path: 'size',
      code: 'VALIDATION_FAILED' as const,
      message: '文件大小应为不小于1的整数（字节）',
    });
  }
  if (!/^[0-9a-f]{64}$/.test(declaration.sha256.toLowerCase())) {
    findings.push({
      path: 'sha256',
      code: 'VALIDATION_FAILED' as const,
      message: 'SHA-256 摘要应为64位十六进制字符',
    });
  }
  if (declaration.fileName.trim() === '') {
    findings.push({ path: 'fileName', code: 'VALIDATION_FAILED' as const, message: '文件名不能为空' });
  }
  if (findings.length > 0) {
    throw new DomainError('VALIDATION_FAILED', findings.map((f) => f.message).join('；'), findings);
  }
}

/** Registers a pending evidence file on the caller's draft and returns where to upload it. */
export async function requestEvidenceUpload(
  deps: Deps,
  actor: Actor,
  input: { applicationId: string } & EvidenceDeclaration,
): Promise<{ evidence: EvidenceRecord; upload: PresignedUpload }> {
  requireRole(actor, 'applicant');
  const application = await loadOwnApplication(deps, actor, input.applicationId);
  const round = await loadRound(deps, application.roundId);
  const now = deps.clock.now();
  assertEvidenceEditable(application, round, now);
  const contentType = normalizeContentType(input.contentType);
  assertDeclarationAccepted(deps, input, contentType);

  // A fresh key per request: uploading a file again never targets the key of one already verified.
  const evidenceId = deps.ids.next('ev');
  const key = evidenceKey(round.roundId, application.applicationId, evidenceId);
  // The policy allows exactly the declared size: content-length-range [size, size].
  const upload = await deps.evidence.presignUpload({
    key,
    contentType,
    minBytes: input.size,
    maxBytes: input.size,
  });
  const evidence: EvidenceRecord = {
    evidenceId,
    applicationId: application.applicationId,
    roundId: round.roundId,
    fileName: input.fileName.trim(),
    contentType,
    size: input.size,
    sha256: input.sha256.toLowerCase(),
    key,
    status: 'pending',
    createdAt: now.toISOString(),
    version: 0,
  };
  // The application keeps an evidence summary (its lists are one Query): written in the same commit,
  // conditional on the application's version, which also keeps a file from being added to an
  // application submitted meanwhile.
  for (let attempt = 1, current = application; ; attempt++) {
    try {
      await deps.store.commit({
        changes: [
          { op: 'put', entity: { type: 'evidence', record: evidence } },
          ...(await evidenceSummaryChanges(deps, evidence, current)),
        ],
        audit: evidenceAudit('requested', evidence, actor, now),
      });
      break;
    } catch (error) {
      // Another file of the same draft was requested or verified meanwhile: read the draft again.
      if (!isDomainError(error) || error.code !== 'VERSION_CONFLICT' || attempt >= ATTEMPTS) throw error;
      current = await loadOwnApplication(deps, actor, input.applicationId);
      assertEvidenceEditable(current, round, now);
    }
  }
  return { evidence: { ...evidence, version: 1 }, upload };
}

/**
 * Idempotency-Key retries (route.ts `recover`): what an earlier run of the same request created,
 * read back under the id that run drew from `deps.ids` (request-ids.ts derives them from the key),
 * so a retry after a crash between the commit and the stored response answers that record instead
 * of creating a second one. `undefined`: the earlier run committed nothing (or never ran).
 */
/**
 * The evidence `requestEvidenceUpload` registered for this request, with a fresh upload form for
 * its key: the first form is not stored, and an equivalent one (same key, type and size) serves.
 */
export async function earlierEvidenceUpload(
  deps: Deps,
  applicationId: string,
): Promise<{ evidence: EvidenceRecord; upload: PresignedUpload } | undefined> {
  const evidence = await deps.store.getEvidence(applicationId, deps.ids.next('ev'));
  // Only a file still waiting for its upload: a verified one is never offered to an upload form again.
  if (evidence?.status !== 'pending') return undefined;
  const upload = await deps.evidence.presignUpload({
    key: evidence.key,
    contentType: evidence.contentType,
    minBytes: evidence.size,
    maxBytes: evidence.size,
  });
  return { evidence, upload };
}
