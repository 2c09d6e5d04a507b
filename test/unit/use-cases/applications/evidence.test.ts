import { beforeEach, describe, expect, it } from 'vitest';
import type { MemoryStore } from '../../../../functions/adapters/memory/memory-store.ts';
import { DomainError } from '../../../../functions/domain/errors.ts';
import { SYSTEM_ACTOR } from '../../../../functions/ports/records.ts';
import type { UnitOfWork } from '../../../../functions/ports/store.ts';
import { completeEvidenceUpload } from '../../../../functions/use-cases/complete-evidence-upload.ts';
import { createApplication } from '../../../../functions/use-cases/create-application.ts';
import { downloadEvidence } from '../../../../functions/use-cases/download-evidence.ts';
import { requestEvidenceUpload } from '../../../../functions/use-cases/request-evidence-upload.ts';
import { submitApplication } from '../../../../functions/use-cases/submit-application.ts';
import { verifyUploadedEvidence } from '../../../../functions/use-cases/verify-uploaded-evidence.ts';
import {
  applicant,
  assignmentRecord,
  draftWithEvidence,
  evidenceFile,
  leader,
  organizationBody,
  recommender,
  reviewer,
  roundRecord,
  saveAssignment,
  saveRound,
  setRoundStage,
  staff,
  submittedApplication,
  supervisor,
  type TestDeps,
  testDeps,
} from '../../../support/applications-fixtures.ts';

async function newDraft(deps: TestDeps): Promise<string> {
  const view = await createApplication(deps, applicant(), { roundId: 'round-2', body: organizationBody() });
  return view.application.applicationId;
}

describe('requestEvidenceUpload', () => {
  let deps: TestDeps;
  let applicationId: string;

  beforeEach(async () => {
    deps = testDeps();
    await saveRound(deps.store, roundRecord());
    applicationId = await newDraft(deps);
  });

  it('stores a pending record and presigns a POST pinning key, type and exact size', async () => {
    // Prepare
    const { declaration } = evidenceFile();

    // Act
    const result = await requestEvidenceUpload(deps, applicant(), {
      applicationId,
      ...declaration,
      contentType: 'Application/PDF',
      sha256: declaration.sha256.toUpperCase(),
    });

    // Assess
    const key = `rounds/round-2/applications/${applicationId}/${result.evidence.evidenceId}`;
    expect(result.evidence).toMatchObject({
      key,
      status: 'pending',
      contentType: 'application/pdf',
      sha256: declaration.sha256,
      size: declaration.size,
      version: 1,
    });
    expect(deps.evidence.uploads).toEqual([
      { key, contentType: 'application/pdf', minBytes: declaration.size, maxBytes: declaration.size },
    ]);
    expect(result.upload).toMatchObject({ url: expect.any(String), fields: { key } });
    expect(await deps.store.getEvidence(applicationId, result.evidence.evidenceId)).toMatchObject({
      status: 'pending',
    });
    const trail = await deps.store.listAudit(result.evidence.evidenceId);
    expect(trail.map((e) => e.action)).toEqual(['evidence.requested']);
    expect((await deps.store.listAudit(applicationId)).map((e) => e.action)).toContain('evidence.requested');
  });

  it('refuses a content type outside the list with a Chinese field error', async () => {
    // Act
    const attempt = requestEvidenceUpload(deps, applicant(), {
      applicationId,
      ...evidenceFile().declaration,
      contentType: 'application/x-msdownload',
    });

    // Assess
    await expect(attempt).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      findings: [expect.objectContaining({ path: 'contentType', message: expect.stringContaining('PDF') })],
    });
  });

  it('refuses a file above the limit with PAYLOAD_TOO_LARGE naming the limit in MiB', async () => {
    // Act
    const attempt = requestEvidenceUpload(deps, applicant(), {
      applicationId,
      ...evidenceFile().declaration,
      size: 50 * 1024 * 1024 + 1,
    });

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    await expect(attempt).rejects.toThrow(/50 MiB/);
  });

  it('lists every other malformed field at once', async () => {
    // Act
    const attempt = requestEvidenceUpload(deps, applicant(), {
      applicationId,
      fileName: ' ',
      contentType: 'application/pdf',
      size: 0,
      sha256: 'abc',
    });

    // Assess
    await expect(attempt).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      findings: [{ path: 'size' }, { path: 'sha256' }, { path: 'fileName' }].map((f) =>
        expect.objectContaining(f),
      ),
    });
  });

  it('answers NOT_FOUND to anyone but the owner', async () => {
    // Act
    const attempt = requestEvidenceUpload(deps, applicant('intruder'), {
      applicationId,
      ...evidenceFile().declaration,
    });

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses with STAGE_CLOSED after submission and after the call closed', async () => {
    // Prepare
    const submitted = await draftWithEvidence(deps);
    await submitApplication(deps, applicant(), { applicationId: submitted.applicationId });
    const afterSubmission = requestEvidenceUpload(deps, applicant(), {
      applicationId: submitted.applicationId,
      ...evidenceFile().declaration,
    });
    await expect(afterSubmission).rejects.toMatchObject({ code: 'STAGE_CLOSED' });
    deps.clock.set('2026-07-01T00:00:00Z');

    // Act
    const afterClose = requestEvidenceUpload(deps, applicant(), {
      applicationId,
      ...evidenceFile().declaration,
    });

    // Assess
    await expect(afterClose).rejects.toMatchObject({ code: 'STAGE_CLOSED' });
  });
});

describe('completeEvidenceUpload and verifyUploadedEvidence', () => {
  let deps: TestDeps;
  let applicationId: string;
  let evidenceId: string;
  let key: string;
  const file = evidenceFile();

  beforeEach(async () => {
    deps = testDeps();
    await saveRound(deps.store, roundRecord());
    applicationId = await newDraft(deps);
    const requested = await requestEvidenceUpload(deps, applicant(), { applicationId, ...file.declaration });
    evidenceId = requested.evidence.evidenceId;
    key = requested.evidence.key;
  });

  it('verifies a matching upload, and answers verified again when completed twice', async () => {
    // Prepare
    deps.evidence.put(key, file.content, 'application/pdf');

    // Act
    const first = await completeEvidenceUpload(deps, applicant(), { applicationId, evidenceId });
    const second = await completeEvidenceUpload(deps, applicant(), { applicationId, evidenceId });

    // Assess
    expect(first).toEqual({ evidenceId, status: 'verified' });
    expect(second).toEqual(first);
    expect(await deps.store.getEvidence(applicationId, evidenceId)).toMatchObject({
      status: 'verified',
      verifiedAt: '2026-04-01T02:00:00.000Z',
      version: 2,
    });
    const actions = (await deps.store.listAudit(evidenceId)).map((e) => e.action);
    expect(actions).toEqual(['evidence.requested', 'evidence.verified']);
  });

  it('answers EVIDENCE_NOT_VERIFIED while the file is not uploaded', async () => {
    // Act
    const attempt = completeEvidenceUpload(deps, applicant(), { applicationId, evidenceId });

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'EVIDENCE_NOT_VERIFIED' });
    await expect(attempt).rejects.toThrow(/文件尚未上传/);
  });

  it('rejects a mismatch, names every difference, deletes the object and stays rejected', async () => {
    // Prepare
    deps.evidence.put(key, 'another file, another size', 'image/png');

    // Act
    const attempt = completeEvidenceUpload(deps, applicant(), { applicationId, evidenceId });

    // Assess
    const error = await attempt.catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'EVIDENCE_MISMATCH',
      findings: ['size', 'contentType', 'sha256'].map((path) => expect.objectContaining({ path })),
    });
    expect((error as Error).message).toMatch(/文件大小不符.*文件类型不符.*SHA-256 摘要不符/);
    expect(deps.evidence.objects.has(key)).toBe(false);
    const stored = await deps.store.getEvidence(applicationId, evidenceId);
    expect(stored).toMatchObject({ status: 'rejected', rejection: expect.stringContaining('文件大小不符') });
    const again = completeEvidenceUpload(deps, applicant(), { applicationId, evidenceId });
    await expect(again).rejects.toMatchObject({ code: 'EVIDENCE_MISMATCH' });
    expect((await deps.store.listAudit(evidenceId)).map((e) => e.action)).toEqual([
      'evidence.requested',
      'evidence.rejected',
    ]);
  });

  it('names the same differences on complete when the bucket event rejected the file first', async () => {
    // Prepare
    deps.evidence.put(key, 'another file, another size', 'application/pdf');
    await verifyUploadedEvidence(deps, SYSTEM_ACTOR, {
      applicationId,
      evidenceId,
      trigger: 'object-created',
    });

    // Act
    const error = await completeEvidenceUpload(deps, applicant(), { applicationId, evidenceId }).catch(
      (e: unknown) => e,
    );

    // Assess
    expect(error).toMatchObject({
      code: 'EVIDENCE_MISMATCH',
      findings: [
        expect.objectContaining({ path: 'size', message: expect.stringContaining('文件大小不符') }),
        expect.objectContaining({ path: 'sha256', message: expect.stringContaining('SHA-256 摘要不符') }),
      ],
    });
  });

  it('rejects a file whose content differs with the same size and type', async () => {
    // Prepare
    const forged = Buffer.alloc(file.content.length, 0x41);
    deps.evidence.put(key, forged, 'application/pdf');

    // Act
    const result = await verifyUploadedEvidence(deps, SYSTEM_ACTOR, {
      applicationId,
      evidenceId,
      trigger: 'object-created',
    });

    // Assess
    expect(result).toMatchObject({ outcome: 'rejected', changed: true, findings: [{ path: 'sha256' }] });
  });

  it('treats a missing content type as a mismatch', async () => {
    // Prepare
    deps.evidence.put(key, file.content);

    // Act
    const result = await verifyUploadedEvidence(deps, SYSTEM_ACTOR, {
      applicationId,
      evidenceId,
      trigger: 'complete',
    });

    // Assess
    expect(result).toMatchObject({ outcome: 'rejected', findings: [{ path: 'contentType' }] });
  });

  it('gives the same outcome whichever path runs first, writing once', async () => {
    // Prepare
    deps.evidence.put(key, file.content, 'application/pdf; charset=binary');

    // Act
    const byEvent = await verifyUploadedEvidence(deps, SYSTEM_ACTOR, {
      applicationId,
      evidenceId,
      trigger: 'object-created',
    });
    const byEventAgain = await verifyUploadedEvidence(deps, SYSTEM_ACTOR, {
      applicationId,
      evidenceId,
      trigger: 'object-created',
    });
    const byOwner = await completeEvidenceUpload(deps, applicant(), { applicationId, evidenceId });

    // Assess
    expect(byEvent).toMatchObject({ outcome: 'verified', changed: true });
    expect(byEventAgain).toMatchObject({ outcome: 'verified', changed: false });
    expect(byOwner.status).toBe('verified');
    expect(
      (await deps.store.listAudit(evidenceId)).filter((e) => e.action === 'evidence.verified'),
    ).toHaveLength(1);
    const event = (await deps.store.listAudit(evidenceId)).at(-1)!;
    expect(event).toMatchObject({ actor: 'system' });
  });

  it('runs concurrent verifications to one verified record', async () => {
    // Prepare
    deps.evidence.put(key, file.content, 'application/pdf');

    // Act
    const results = await Promise.all([
      verifyUploadedEvidence(deps, SYSTEM_ACTOR, { applicationId, evidenceId, trigger: 'object-created' }),
      completeEvidenceUpload(deps, applicant(), { applicationId, evidenceId }),
    ]);

    // Assess
    expect(results[0]).toMatchObject({ outcome: 'verified' });
    expect(results[1]).toEqual({ evidenceId, status: 'verified' });
    expect(
      (await deps.store.listAudit(evidenceId)).filter((e) => e.action === 'evidence.verified'),
    ).toHaveLength(1);
  });

  it('re-reads after a lost race and gives up after three conflicts', async () => {
    // Prepare
    deps.evidence.put(key, file.content, 'application/pdf');
    const store = deps.store;
    let conflicts = 0;
    const flaky = Object.create(store) as MemoryStore;
    flaky.commit = async (unit: UnitOfWork) => {
      if (conflicts < 1) {
        conflicts += 1;
        throw new DomainError('VERSION_CONFLICT', '并发修改');
      }
      return store.commit(unit);
    };
    const failing = Object.create(store) as MemoryStore;
    failing.commit = async () => {
      throw new DomainError('VERSION_CONFLICT', '并发修改');
    };

    // Act
    const retried = await verifyUploadedEvidence({ ...deps, store: flaky }, SYSTEM_ACTOR, {
      applicationId,
      evidenceId,
      trigger: 'complete',
    });
    deps.evidence.put(key, file.content, 'application/pdf');
    const other = await requestEvidenceUpload(deps, applicant(), { applicationId, ...file.declaration });
    deps.evidence.put(other.evidence.key, file.content, 'application/pdf');
    const given = verifyUploadedEvidence({ ...deps, store: failing }, SYSTEM_ACTOR, {
      applicationId,
      evidenceId: other.evidence.evidenceId,
      trigger: 'complete',
    });

    // Assess
    expect(retried).toMatchObject({ outcome: 'verified', changed: true });
    await expect(given).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
  });

  it('leaves a file pending once the application is submitted (evidence is immutable)', async () => {
    // Prepare
    const other = await draftWithEvidence(deps);
    const late = await requestEvidenceUpload(deps, applicant(), {
      applicationId: other.applicationId,
      ...file.declaration,
    });
    await submitApplication(deps, applicant(), { applicationId: other.applicationId });
    deps.evidence.put(late.evidence.key, file.content, 'application/pdf');

    // Act
    const attempt = completeEvidenceUpload(deps, applicant(), {
      applicationId: other.applicationId,
      evidenceId: late.evidence.evidenceId,
    });
    const byEvent = await verifyUploadedEvidence(deps, SYSTEM_ACTOR, {
      applicationId: other.applicationId,
      evidenceId: late.evidence.evidenceId,
      trigger: 'object-created',
    });

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'STAGE_CLOSED' });
    expect(byEvent).toMatchObject({ outcome: 'closed' });
    expect(await deps.store.getEvidence(other.applicationId, late.evidence.evidenceId)).toMatchObject({
      status: 'pending',
    });
  });

  it('rejects a verified file that is overwritten through the still valid upload form', async () => {
    // Prepare
    deps.evidence.put(key, file.content, 'application/pdf');
    await completeEvidenceUpload(deps, applicant(), { applicationId, evidenceId });
    deps.evidence.put(key, Buffer.alloc(file.content.length, 0x42), 'application/pdf');

    // Act
    const result = await verifyUploadedEvidence(deps, SYSTEM_ACTOR, {
      applicationId,
      evidenceId,
      trigger: 'object-created',
    });

    // Assess
    expect(result).toMatchObject({ outcome: 'rejected', changed: true });
    expect(deps.evidence.objects.has(key)).toBe(false);
  });

  it('keeps a verified file verified when an event finds it unchanged or gone', async () => {
    // Prepare
    deps.evidence.put(key, file.content, 'application/pdf');
    await completeEvidenceUpload(deps, applicant(), { applicationId, evidenceId });
    const unchanged = await verifyUploadedEvidence(deps, SYSTEM_ACTOR, {
      applicationId,
      evidenceId,
      trigger: 'object-created',
    });
    deps.evidence.objects.delete(key);

    // Act
    const gone = await verifyUploadedEvidence(deps, SYSTEM_ACTOR, {
      applicationId,
      evidenceId,
      trigger: 'object-created',
    });

    // Assess
    expect(unchanged).toMatchObject({ outcome: 'verified', changed: false });
    expect(gone).toMatchObject({ outcome: 'verified', changed: false });
  });

  it('removes any object arriving later under a rejected key', async () => {
    // Prepare
    deps.evidence.put(key, 'wrong', 'application/pdf');
    await verifyUploadedEvidence(deps, SYSTEM_ACTOR, {
      applicationId,
      evidenceId,
      trigger: 'object-created',
    });
    deps.evidence.put(key, file.content, 'application/pdf');

    // Act
    const result = await verifyUploadedEvidence(deps, SYSTEM_ACTOR, {
      applicationId,
      evidenceId,
      trigger: 'object-created',
    });

    // Assess
    expect(result).toMatchObject({ outcome: 'rejected', changed: false });
    expect(deps.evidence.objects.has(key)).toBe(false);
  });

  it('answers unknown for an evidence id it does not know; complete answers NOT_FOUND', async () => {
    // Act
    const result = await verifyUploadedEvidence(deps, SYSTEM_ACTOR, {
      applicationId,
      evidenceId: 'ev_nope',
      trigger: 'object-created',
    });
    const attempt = completeEvidenceUpload(deps, applicant(), { applicationId, evidenceId: 'ev_nope' });
    const intruder = completeEvidenceUpload(deps, applicant('intruder'), { applicationId, evidenceId });

    // Assess
    expect(result).toEqual({ outcome: 'unknown' });
    await expect(attempt).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(intruder).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('downloadEvidence', () => {
  let deps: TestDeps;
  let applicationId: string;
  let evidenceId: string;

  beforeEach(async () => {
    deps = testDeps();
    await saveRound(deps.store, roundRecord());
    // Submitted: a draft's files are its owner's alone (PIPL Art. 29, below).
    ({ applicationId, evidenceId } = await submittedApplication(deps));
  });

  it.each([
    ['staff', staff()],
    ['an assigned reviewer', reviewer()],
  ])('answers NOT_FOUND to %s for a draft’s file, which its owner downloads', async (_name, actor) => {
    // Prepare
    const draft = await draftWithEvidence(deps);
    await saveAssignment(deps.store, assignmentRecord({ applicationId: draft.applicationId }));

    // Act
    const attempt = downloadEvidence(deps, actor, draft);
    const byOwner = await downloadEvidence(deps, applicant(), draft);

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(byOwner.url).toEqual(expect.any(String));
  });

  it.each([
    ['the owner', applicant()],
    ['staff', staff()],
  ])('hands %s a short-lived URL and audits evidence.downloaded', async (_name, actor) => {
    // Act
    const result = await downloadEvidence(deps, actor, { applicationId, evidenceId });

    // Assess
    expect(result).toEqual({
      url: expect.stringContaining('download'),
      expiresAt: '2026-04-01T02:05:00.000Z',
    });
    expect(deps.evidence.downloads).toEqual([{ key: expect.any(String), fileName: '质量管理体系证书.pdf' }]);
    for (const entityId of [evidenceId, applicationId]) {
      const trail = await deps.store.listAudit(entityId);
      expect(trail.at(-1)).toMatchObject({ action: 'evidence.downloaded', actor: actor.sub });
    }
  });

  it('lets a reviewer download only with an active assignment', async () => {
    // Prepare
    await saveAssignment(deps.store, assignmentRecord({ applicationId }));

    // Act
    const result = await downloadEvidence(deps, reviewer(), { applicationId, evidenceId });
    const other = downloadEvidence(deps, reviewer('reviewer-2'), { applicationId, evidenceId });

    // Assess
    expect(result.url).toContain(applicationId);
    await expect(other).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it.each([
    ['leader', leader()],
    ['supervisor', supervisor()],
    ['recommender', recommender()],
    ['another applicant', applicant('intruder')],
  ])('answers NOT_FOUND to the %s and audits nothing', async (_name, actor) => {
    // Act
    const attempt = downloadEvidence(deps, actor, { applicationId, evidenceId });

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await deps.store.listAudit(evidenceId)).map((e) => e.action)).not.toContain(
      'evidence.downloaded',
    );
  });

  it('answers NOT_FOUND for unknown ids and EVIDENCE_NOT_VERIFIED for a pending file', async () => {
    // Prepare: files are added to drafts only, which only the owner reads
    const draft = await draftWithEvidence(deps);
    const pending = await requestEvidenceUpload(deps, applicant(), {
      applicationId: draft.applicationId,
      ...evidenceFile().declaration,
    });

    // Act
    const noApplication = downloadEvidence(deps, staff(), { applicationId: 'app_x', evidenceId });
    const noEvidence = downloadEvidence(deps, staff(), { applicationId, evidenceId: 'ev_x' });
    const notVerified = downloadEvidence(deps, applicant(), {
      applicationId: draft.applicationId,
      evidenceId: pending.evidence.evidenceId,
    });

    // Assess
    await expect(noApplication).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(noEvidence).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(notVerified).rejects.toMatchObject({ code: 'EVIDENCE_NOT_VERIFIED' });
  });

  it('stays available to staff after the call closed', async () => {
    // Prepare
    await setRoundStage(deps.store, 'round-2', 'material-review');

    // Act
    const result = await downloadEvidence(deps, staff(), { applicationId, evidenceId });

    // Assess
    expect(result.url).toEqual(expect.any(String));
  });
});
