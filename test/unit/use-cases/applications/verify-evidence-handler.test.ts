import type { S3Event } from 'aws-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildHandler, decodeS3Key } from '../../../../functions/handlers/events/verify-evidence.ts';
import { createLogger } from '../../../../functions/shared/logger.ts';
import { createApplication } from '../../../../functions/use-cases/create-application.ts';
import { requestEvidenceUpload } from '../../../../functions/use-cases/request-evidence-upload.ts';
import {
  applicant,
  evidenceFile,
  organizationBody,
  roundRecord,
  saveRound,
  type TestDeps,
  testDeps,
} from '../../../support/applications-fixtures.ts';

const silent = createLogger({ logLevel: 'SILENT' });

/** The notification S3 sends for one key (URL-encoded, `+` for spaces). */
function s3Event(...entries: { key: string; eventName?: string }[]): S3Event {
  return {
    Records: entries.map(({ key, eventName = 'ObjectCreated:Post' }) => ({
      eventName,
      s3: { bucket: { name: 'evidence' }, object: { key: encodeURIComponent(key).replace(/%20/g, '+') } },
    })),
  } as unknown as S3Event;
}

describe('verify-evidence handler', () => {
  let deps: TestDeps;
  let applicationId: string;
  let evidenceId: string;
  let key: string;
  const file = evidenceFile();

  beforeEach(async () => {
    deps = testDeps();
    await saveRound(deps.store, roundRecord());
    const view = await createApplication(deps, applicant(), { roundId: 'round-2', body: organizationBody() });
    applicationId = view.application.applicationId;
    const requested = await requestEvidenceUpload(deps, applicant(), { applicationId, ...file.declaration });
    evidenceId = requested.evidence.evidenceId;
    key = requested.evidence.key;
  });

  it('verifies an uploaded evidence file named by the event, once under redelivery', async () => {
    // Prepare
    deps.evidence.put(key, file.content, 'application/pdf');
    const handler = buildHandler(() => deps, { logger: silent });

    // Act
    const first = await handler(s3Event({ key }));
    const redelivered = await handler(s3Event({ key }));

    // Assess
    expect(first).toEqual({ checked: 1, ignored: 0 });
    expect(redelivered).toEqual({ checked: 1, ignored: 0 });
    expect(await deps.store.getEvidence(applicationId, evidenceId)).toMatchObject({ status: 'verified' });
    const verified = (await deps.store.listAudit(evidenceId)).filter((e) => e.action === 'evidence.verified');
    expect(verified).toEqual([expect.objectContaining({ actor: 'system' })]);
  });

  it('rejects and deletes a mismatching upload', async () => {
    // Prepare
    deps.evidence.put(key, 'not the declared file', 'application/pdf');
    const handler = buildHandler(deps, { logger: silent });

    // Act
    await handler(s3Event({ key }));

    // Assess
    expect(await deps.store.getEvidence(applicationId, evidenceId)).toMatchObject({ status: 'rejected' });
    expect(deps.evidence.removed).toEqual([key]);
  });

  it('ignores foreign keys, unknown evidence and other events, deleting nothing', async () => {
    // Prepare
    const handler = buildHandler(deps, { logger: silent });

    // Act
    const result = await handler(
      s3Event(
        { key: 'exports/report 2026.csv' },
        { key: `rounds/round-2/applications/${applicationId}/ev_unknown` },
        { key, eventName: 'ObjectRemoved:Delete' },
      ),
    );

    // Assess
    expect(result).toEqual({ checked: 0, ignored: 3 });
    expect(deps.evidence.removed).toEqual([]);
    expect(await deps.store.getEvidence(applicationId, evidenceId)).toMatchObject({ status: 'pending' });
  });

  it('handles the other records, then rethrows the first failure so the event is retried', async () => {
    // Prepare
    const second = await requestEvidenceUpload(deps, applicant(), { applicationId, ...file.declaration });
    deps.evidence.put(key, file.content, 'application/pdf');
    deps.evidence.put(second.evidence.key, file.content, 'application/pdf');
    const inspect = deps.evidence.inspect.bind(deps.evidence);
    deps.evidence.inspect = async (k: string) => {
      if (k === key) throw new Error('S3 暂时不可用');
      return inspect(k);
    };
    const handler = buildHandler(deps, { logger: silent });

    // Act
    const attempt = handler(s3Event({ key }, { key: second.evidence.key }));

    // Assess
    await expect(attempt).rejects.toThrow('S3 暂时不可用');
    expect(await deps.store.getEvidence(applicationId, evidenceId)).toMatchObject({ status: 'pending' });
    expect(await deps.store.getEvidence(applicationId, second.evidence.evidenceId)).toMatchObject({
      status: 'verified',
    });
  });

  it('decodes S3 notification keys', () => {
    // Act
    const decoded = decodeS3Key('rounds/r/applications/a/ev+%E8%AF%81%E6%98%8E');

    // Assess
    expect(decoded).toBe('rounds/r/applications/a/ev 证明');
  });
});
