import { describe, expect, it } from 'vitest';
import type { ApplicationRecord, EvidenceRecord } from '../../../../functions/ports/records.ts';
import {
  evidenceFromSummary,
  evidenceSummaryChanges,
} from '../../../../functions/use-cases/applications/context.ts';
import { completeEvidenceUpload } from '../../../../functions/use-cases/complete-evidence-upload.ts';
import { createApplication } from '../../../../functions/use-cases/create-application.ts';
import { listRoundApplications } from '../../../../functions/use-cases/list-round-applications.ts';
import { requestEvidenceUpload } from '../../../../functions/use-cases/request-evidence-upload.ts';
import { verifyUploadedEvidence } from '../../../../functions/use-cases/verify-uploaded-evidence.ts';
import {
  applicant,
  evidenceFile,
  organizationBody,
  roundRecord,
  saveRound,
  staff,
  type TestDeps,
  testDeps,
} from '../../../support/applications-fixtures.ts';
import { countingStore } from '../../../support/counting-store.ts';

/** A draft of `owner` with `files` evidence files requested through the use case. */
async function draftWithFiles(deps: TestDeps, owner: string, files: number): Promise<string> {
  const created = await createApplication(deps, applicant(owner), {
    roundId: 'round-2',
    body: organizationBody(),
  });
  const applicationId = created.application.applicationId;
  for (let i = 0; i < files; i++) {
    const file = evidenceFile(`%PDF-1.7 证实材料 ${owner} ${i}`);
    await requestEvidenceUpload(deps, applicant(owner), { applicationId, ...file.declaration });
  }
  return applicationId;
}

/**
 * Sets the stored status (the summary untouched): the round's lists show no drafts (PIPL Art. 29),
 * so the applications these lists read are moved past `draft` directly, as submission would.
 */
async function setStatus(deps: TestDeps, applicationId: string, status: ApplicationRecord['status']) {
  const application = (await deps.store.getApplication(applicationId))!;
  const record: ApplicationRecord = {
    ...application,
    status,
    ...(status === 'draft' ? {} : { submittedAt: '2026-04-01T02:00:00.000Z' }),
  };
  await deps.store.commit({ changes: [{ op: 'put', entity: { type: 'application', record } }], audit: [] });
}

/** An application with one evidence file stored directly, as written before summaries were kept. */
async function legacyApplication(deps: TestDeps): Promise<ApplicationRecord> {
  const created = await createApplication(deps, applicant('legacy'), {
    roundId: 'round-2',
    body: organizationBody(),
  });
  const applicationId = created.application.applicationId;
  const evidence: EvidenceRecord = {
    version: 0,
    evidenceId: 'ev-legacy',
    applicationId,
    roundId: 'round-2',
    fileName: '旧材料.pdf',
    contentType: 'application/pdf',
    size: 10,
    sha256: 'b'.repeat(64),
    key: `rounds/round-2/applications/${applicationId}/ev-legacy`,
    status: 'verified',
    createdAt: '2026-03-02T00:00:00.000Z',
    verifiedAt: '2026-03-02T00:00:00.000Z',
  };
  await deps.store.commit({
    changes: [{ op: 'put', entity: { type: 'evidence', record: evidence } }],
    audit: [],
  });
  return (await deps.store.getApplication(applicationId))!;
}

describe('the evidence summary of an application', () => {
  it('lets a page of applications show their evidence without a query per application', async () => {
    // Prepare: three drafts with 2, 1 and 0 files, and one application without a summary
    const deps = testDeps();
    await saveRound(deps.store, roundRecord());
    const ids = [
      await draftWithFiles(deps, 'a1', 2),
      await draftWithFiles(deps, 'a2', 1),
      await draftWithFiles(deps, 'a3', 0),
    ];
    const legacy = await legacyApplication(deps);
    for (const id of [...ids, legacy.applicationId]) await setStatus(deps, id, 'submitted');
    const counting = countingStore(deps.store);

    // Act
    const page = await listRoundApplications({ ...deps, store: counting.store }, staff(), {
      roundId: 'round-2',
    });

    // Assess: only the two without a summary (no file yet, or written before summaries) are queried
    expect(counting.count('listApplicationsByRound')).toBe(1);
    expect(counting.count('listEvidence')).toBe(2);
    expect(page.items).toHaveLength(4);
    for (const view of page.items) {
      expect(view.evidence).toStrictEqual(await deps.store.listEvidence(view.application.applicationId));
    }
    const counts = Object.fromEntries(
      page.items.map((v) => [v.application.applicationId, v.evidence.length]),
    );
    expect(counts).toEqual({ [ids[0]!]: 2, [ids[1]!]: 1, [ids[2]!]: 0, [legacy.applicationId]: 1 });
  });

  it('keeps both files when two are requested on one draft at once', async () => {
    // Prepare
    const deps = testDeps();
    await saveRound(deps.store, roundRecord());
    const applicationId = await draftWithFiles(deps, 'a1', 0);
    const counting = countingStore(deps.store);
    const request = (content: string) =>
      requestEvidenceUpload({ ...deps, store: counting.store }, applicant('a1'), {
        applicationId,
        ...evidenceFile(content).declaration,
      });

    // Act
    await Promise.all([request('%PDF 一'), request('%PDF 二')]);

    // Assess: the second commit lost the race on the application's version, re-read it and retried
    expect(counting.count('commit')).toBe(3);
    const application = await deps.store.getApplication(applicationId);
    expect(evidenceFromSummary(application!)).toStrictEqual(await deps.store.listEvidence(applicationId));
    expect(application?.evidenceSummary).toHaveLength(2);
  });

  it('builds a missing summary from the stored evidence and replaces the entry of the file written', async () => {
    // Prepare
    const deps = testDeps();
    await saveRound(deps.store, roundRecord());
    const legacy = await legacyApplication(deps);
    expect(legacy.evidenceSummary).toBeUndefined();
    const [stored] = await deps.store.listEvidence(legacy.applicationId);
    const rejected: EvidenceRecord = { ...stored!, status: 'rejected', rejection: '文件大小不符' };

    // Act
    const changes = await evidenceSummaryChanges(deps, rejected);
    const unknown = await evidenceSummaryChanges(deps, { ...rejected, applicationId: 'nope' });

    // Assess
    expect(unknown).toEqual([]);
    expect(changes).toEqual([
      {
        op: 'put',
        entity: {
          type: 'application',
          record: {
            ...legacy,
            evidenceSummary: [
              {
                evidenceId: 'ev-legacy',
                fileName: '旧材料.pdf',
                contentType: 'application/pdf',
                size: 10,
                sha256: 'b'.repeat(64),
                key: `rounds/round-2/applications/${legacy.applicationId}/ev-legacy`,
                status: 'rejected',
                rejection: '文件大小不符',
                createdAt: '2026-03-02T00:00:00.000Z',
                verifiedAt: '2026-03-02T00:00:00.000Z',
                version: 2,
              },
            ],
          },
        },
      },
    ]);
  });
});

describe('the evidence summary through verification', () => {
  it('follows a file through verification and a later rejection, so that the list shows its status', async () => {
    // Prepare
    const deps = testDeps();
    await saveRound(deps.store, roundRecord());
    const applicationId = await draftWithFiles(deps, 'a1', 0);
    const good = evidenceFile('%PDF 好');
    const { evidence } = await requestEvidenceUpload(deps, applicant('a1'), {
      applicationId,
      ...good.declaration,
    });
    deps.evidence.put(evidence.key, good.content, 'application/pdf');

    // Act
    await completeEvidenceUpload(deps, applicant('a1'), { applicationId, evidenceId: evidence.evidenceId });
    await setStatus(deps, applicationId, 'submitted');
    const afterVerify = await listRoundApplications(deps, staff(), { roundId: 'round-2' });
    await setStatus(deps, applicationId, 'draft');
    deps.evidence.put(evidence.key, '被替换的内容', 'application/pdf');
    await verifyUploadedEvidence(deps, applicant('a1'), {
      applicationId,
      evidenceId: evidence.evidenceId,
      trigger: 'object-created',
    });
    await setStatus(deps, applicationId, 'submitted');
    const afterReject = await listRoundApplications(deps, staff(), { roundId: 'round-2' });

    // Assess
    expect(afterVerify.items[0]?.evidence).toMatchObject([{ status: 'verified', version: 2 }]);
    expect(afterReject.items[0]?.evidence).toMatchObject([{ status: 'rejected', version: 3 }]);
    expect(afterReject.items[0]?.evidence).toStrictEqual(await deps.store.listEvidence(applicationId));
  });
});
