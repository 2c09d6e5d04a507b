/**
 * The export worker (AWS): S3 ObjectCreated under `jobs/` of the documents bucket → build that
 * archive. Outside the request, so a 1,000-application round never meets API Gateway's 30 s or
 * the response payload limit; a retried delivery finds the export no longer pending and does nothing.
 */
import type { S3Event } from 'aws-lambda';
import type { Deps } from '../../ports/deps.ts';
import { exportIdOfJobKey } from '../../ports/documents.ts';
import { runExport } from '../../use-cases/documents/exports.ts';
import { taskLambda } from '../lambda.ts';
import { liveDeps, liveDocuments } from '../live-deps.ts';
import { liveStore } from '../live-dynamodb.ts';

/** Runs the export each job object names (keys arrive URL-encoded in S3 notifications). */
export function buildGenerateExport(deps: Deps): (event: unknown) => Promise<{ exports: number }> {
  return async (event) => {
    let exports = 0;
    for (const record of (event as S3Event).Records ?? []) {
      const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
      const exportId = exportIdOfJobKey(key);
      if (!exportId) continue;
      await runExport(deps, exportId);
      exports += 1;
    }
    return { exports };
  };
}

export const live = liveDeps(liveStore, liveDocuments);

export const handler = taskLambda(buildGenerateExport, live);
