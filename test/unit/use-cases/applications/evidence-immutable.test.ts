/**
 * Evidence is immutable once submitted (DESIGN.md §3): the verified bytes are kept under a key of
 * their own and downloads read them there, so a later upload through the still valid presigned
 * POST never replaces or deletes them; such an upload is refused, audited and deleted.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { MemoryStore } from '../../../../functions/adapters/memory/memory-store.ts';
import { DomainError } from '../../../../functions/domain/errors.ts';
import { buildObjectCreatedListener } from '../../../../functions/handlers/events/verify-evidence.ts';
import { SYSTEM_ACTOR } from '../../../../functions/ports/records.ts';
import { createLogger } from '../../../../functions/shared/logger.ts';
import { completeEvidenceUpload } from '../../../../functions/use-cases/complete-evidence-upload.ts';
import { downloadEvidence } from '../../../../functions/use-cases/download-evidence.ts';
import { requestEvidenceUpload } from '../../../../functions/use-cases/request-evidence-upload.ts';
import { verifyUploadedEvidence } from '../../../../functions/use-cases/verify-uploaded-evidence.ts';
import {
  applicant,
  draftWithEvidence,
  evidenceFile,
  roundRecord,
  saveRound,
  staff,
  submittedApplication,
  type TestDeps,
  testDeps,
} from '../../../support/applications-fixtures.ts';
import { sha256Hex } from '../../../support/fakes.ts';

const file = evidenceFile();
const kept = (deps: TestDeps) => [...deps.evidence.objects.keys()].filter((k) => k.startsWith('verified/'));

describe('a verified evidence file', () => {
  let deps: TestDeps;

  beforeEach(async () => {
    deps = testDeps();
    await saveRound(deps.store, roundRecord());
  });

  it('is verified as a copy under verified/, which downloads read', async () => {
    // Act
    const { applicationId, evidenceId, key } = await draftWithEvidence(deps);
    await downloadEvidence(deps, applicant(), { applicationId, evidenceId });

    // Assess
    const evidence = await deps.store.getEvidence(applicationId, evidenceId);
    expect(evidence?.keptKey).toBe(`verified/${key}/kept_0003`);
    expect(deps.evidence.objects.get(evidence!.keptKey!)?.content).toEqual(file.content);
    expect(deps.evidence.downloads).toEqual([{ key: evidence!.keptKey, fileName: '质量管理体系证书.pdf' }]);
  });

  it('stays byte-identical when a submitted file is overwritten through its old upload form', async () => {
    // Prepare
    const { applicationId, evidenceId, key } = await submittedApplication(deps);
    const before = await deps.store.getEvidence(applicationId, evidenceId);
    const forged = Buffer.alloc(file.content.length, 0x42);
    deps.evidence.put(key, forged, 'application/pdf');

    // Act
    const result = await verifyUploadedEvidence(deps, SYSTEM_ACTOR, {
      applicationId,
      evidenceId,
      trigger: 'object-created',
    });
    await downloadEvidence(deps, staff(), { applicationId, evidenceId });

    // Assess
    expect(result).toMatchObject({ outcome: 'verified', changed: false, overwriteRefused: true });
    expect(await deps.store.getEvidence(applicationId, evidenceId)).toEqual(before);
    const download = deps.evidence.downloads.at(-1)!.key;
    expect(download).toBe(before?.keptKey);
    expect(sha256Hex(deps.evidence.objects.get(download)!.content)).toBe(file.declaration.sha256);
    expect(deps.evidence.objects.has(key)).toBe(false);
  });

  it('audits the refused upload once, on the file and on its application, with what was refused', async () => {
    // Prepare
    const { applicationId, evidenceId, key } = await submittedApplication(deps);
    const forged = Buffer.from('不是提交时的文件');
    deps.evidence.put(key, forged, 'image/png');
    const input = { applicationId, evidenceId, trigger: 'object-created' } as const;

    // Act
    await verifyUploadedEvidence(deps, SYSTEM_ACTOR, input);
    const redelivered = await verifyUploadedEvidence(deps, SYSTEM_ACTOR, input);

    // Assess
    expect(redelivered).toMatchObject({ outcome: 'verified', changed: false });
    expect(redelivered).not.toHaveProperty('overwriteRefused');
    for (const entityId of [evidenceId, applicationId]) {
      const refused = (await deps.store.listAudit(entityId)).filter(
        (e) => e.action === 'evidence.overwrite-refused',
      );
      expect(refused).toEqual([
        expect.objectContaining({
          actor: 'system',
          after: expect.objectContaining({
            evidenceId,
            status: 'verified',
            sha256: file.declaration.sha256,
            refused: { key, size: forged.length, contentType: 'image/png', sha256: sha256Hex(forged) },
            formIssuedTo: 'applicant-1',
          }),
        }),
      ]);
    }
  });

  it('is refused an overwrite once the call has closed, even on a draft', async () => {
    // Prepare
    const { applicationId, evidenceId, key } = await draftWithEvidence(deps);
    deps.clock.set(new Date(new Date(roundRecord().callClosesAt).getTime() + 1000));
    deps.evidence.put(key, Buffer.alloc(file.content.length, 0x43), 'application/pdf');

    // Act
    const result = await verifyUploadedEvidence(deps, SYSTEM_ACTOR, {
      applicationId,
      evidenceId,
      trigger: 'object-created',
    });

    // Assess
    expect(result).toMatchObject({ outcome: 'verified', overwriteRefused: true });
    expect(await deps.store.getEvidence(applicationId, evidenceId)).toMatchObject({ status: 'verified' });
  });

  it('changes nothing when the upload under its key still holds the verified bytes', async () => {
    // Prepare
    const { applicationId, evidenceId } = await submittedApplication(deps);
    const trail = await deps.store.listAudit(evidenceId);

    // Act: the upload's own ObjectCreated event, arriving after `complete`
    const result = await verifyUploadedEvidence(deps, SYSTEM_ACTOR, {
      applicationId,
      evidenceId,
      trigger: 'object-created',
    });

    // Assess
    expect(result).toEqual({ outcome: 'verified', evidence: expect.any(Object), changed: false });
    expect(await deps.store.listAudit(evidenceId)).toEqual(trail);
    expect(deps.evidence.removed).toEqual([]);
  });

  it('on a draft, is rejected by an overwrite, and its kept copy deleted with the upload', async () => {
    // Prepare
    const { applicationId, evidenceId, key } = await draftWithEvidence(deps);
    deps.evidence.put(key, Buffer.alloc(file.content.length, 0x44), 'application/pdf');

    // Act
    const result = await verifyUploadedEvidence(deps, SYSTEM_ACTOR, {
      applicationId,
      evidenceId,
      trigger: 'object-created',
    });

    // Assess
    expect(result).toMatchObject({ outcome: 'rejected', changed: true });
    expect(await deps.store.getEvidence(applicationId, evidenceId)).not.toHaveProperty('keptKey');
    expect(kept(deps)).toEqual([]);
  });
});

describe('keeping the verified copy', () => {
  let deps: TestDeps;
  let applicationId: string;
  let evidenceId: string;
  let key: string;

  beforeEach(async () => {
    deps = testDeps();
    await saveRound(deps.store, roundRecord());
    ({ applicationId } = await draftWithEvidence(deps));
    const requested = await requestEvidenceUpload(deps, applicant(), { applicationId, ...file.declaration });
    evidenceId = requested.evidence.evidenceId;
    key = requested.evidence.key;
    deps.evidence.put(key, file.content, 'application/pdf');
  });

  it('rejects a file replaced between its check and its copy: the copy is what counts', async () => {
    // Prepare: the next upload lands just before the copy is made
    const keep = deps.evidence.keep.bind(deps.evidence);
    deps.evidence.keep = async (from, copyId) => {
      deps.evidence.put(from, Buffer.alloc(file.content.length, 0x45), 'application/pdf');
      return keep(from, copyId);
    };
    const before = kept(deps);

    // Act
    const attempt = completeEvidenceUpload(deps, applicant(), { applicationId, evidenceId });

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'EVIDENCE_MISMATCH' });
    expect(await deps.store.getEvidence(applicationId, evidenceId)).toMatchObject({ status: 'rejected' });
    expect(kept(deps)).toEqual(before);
    expect(deps.evidence.objects.has(key)).toBe(false);
  });

  it('removes the copy of a verification that lost a race, and keeps one whose commit may have landed', async () => {
    // Prepare
    const store = deps.store;
    let conflicts = 0;
    const racing = Object.create(store) as MemoryStore;
    racing.commit = async (unit) => {
      if (conflicts++ === 0) throw new DomainError('VERSION_CONFLICT', '并发修改');
      return store.commit(unit);
    };
    const timingOut = Object.create(store) as MemoryStore;
    timingOut.commit = async () => {
      throw new Error('socket hang up');
    };
    const other = await requestEvidenceUpload(deps, applicant(), { applicationId, ...file.declaration });
    deps.evidence.put(other.evidence.key, file.content, 'application/pdf');
    const before = kept(deps).length;

    // Act
    const retried = await verifyUploadedEvidence({ ...deps, store: racing }, SYSTEM_ACTOR, {
      applicationId,
      evidenceId,
      trigger: 'complete',
    });
    const unknown = verifyUploadedEvidence({ ...deps, store: timingOut }, SYSTEM_ACTOR, {
      applicationId,
      evidenceId: other.evidence.evidenceId,
      trigger: 'complete',
    });

    // Assess
    expect(retried).toMatchObject({ outcome: 'verified', changed: true });
    await expect(unknown).rejects.toThrow('socket hang up');
    const stored = await deps.store.getEvidence(applicationId, evidenceId);
    expect(kept(deps)).toHaveLength(before + 2);
    expect(kept(deps)).toContain(stored?.keptKey);
    expect(kept(deps).filter((k) => k.startsWith(`verified/${other.evidence.key}/`))).toHaveLength(1);
  });

  it('serves the upload key of a file verified before copies were kept', async () => {
    // Prepare
    await completeEvidenceUpload(deps, applicant(), { applicationId, evidenceId });
    const { keptKey: _kept, ...legacy } = (await deps.store.getEvidence(applicationId, evidenceId))!;
    await deps.store.commit({
      changes: [{ op: 'put', entity: { type: 'evidence', record: legacy } }],
      audit: [],
    });

    // Act
    await downloadEvidence(deps, applicant(), { applicationId, evidenceId });

    // Assess
    expect(deps.evidence.downloads.at(-1)).toMatchObject({ key });
  });
});

describe('the ObjectCreated listener', () => {
  it('ignores the verifier’s own copies', async () => {
    // Prepare
    const deps = testDeps();
    await saveRound(deps.store, roundRecord());
    const { applicationId, evidenceId } = await draftWithEvidence(deps);
    const { keptKey } = (await deps.store.getEvidence(applicationId, evidenceId))!;
    const listener = buildObjectCreatedListener(deps, { logger: createLogger({ logLevel: 'SILENT' }) });

    // Act
    const outcome = await listener({ eventName: 'ObjectCreated:Copy', key: keptKey! });

    // Assess
    expect(outcome).toBe('ignored');
    expect(deps.evidence.removed).toEqual([]);
  });
});
