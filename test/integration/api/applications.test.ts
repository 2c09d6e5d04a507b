/**
 * The application routes over HTTP: the local gateway, the shared middleware stack (auth, zod,
 * idempotency, problem+json), the DynamoDB store on DynamoDB Local and the S3 evidence store on
 * s3rver, whose ObjectCreated events drive the verify-evidence handler as the bucket notification
 * does on AWS. Rounds are seeded straight into the store (the round routes have their own suite).
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AesGcmPiiProtector } from '../../../functions/adapters/crypto/pii.ts';
import { S3EvidenceStore } from '../../../functions/adapters/s3/evidence-store.ts';
import { applicationsRoutes } from '../../../functions/handlers/api/applications.ts';
import { buildObjectCreatedListener } from '../../../functions/handlers/events/verify-evidence.ts';
import { createLogger } from '../../../functions/shared/logger.ts';
import { type LocalS3, localS3ClientConfig, startS3rver } from '../../../infra/local/s3.ts';
import { apiHarness } from '../../support/api-harness.ts';
import {
  assignmentRecord,
  CONSENT_VERSION,
  evidenceFile,
  idNumber,
  individualBody,
  member,
  NOW,
  organizationBody,
  roundRecord,
  saveAssignment,
  saveRound,
  setRoundStage,
  withWrongCheckCharacter,
} from '../../support/applications-fixtures.ts';
import { fakeDeps, sha256Hex } from '../../support/fakes.ts';

const BUCKET = 'evidence-test';
const silent = createLogger({ logLevel: 'SILENT' });

let s3: LocalS3;
let s3Directory: string;
let stopListening: (() => void) | undefined;

const people = {
  owner: { sub: 'applicant-1', roles: ['applicant'] },
  other: { sub: 'applicant-2', roles: ['applicant'] },
  staff: { sub: 'staff-1', roles: ['staff'] },
  leader: { sub: 'leader-1', roles: ['leader'] },
  supervisor: { sub: 'supervisor-1', roles: ['supervisor'] },
  recommender: { sub: 'rec-140105', roles: ['recommender'], jurisdiction: '140105' },
  otherRecommender: { sub: 'rec-140106', roles: ['recommender'], jurisdiction: '140106' },
  reviewer: { sub: 'reviewer-1', roles: ['reviewer'] },
};
type Person = keyof typeof people;

const http = apiHarness<Person>({
  prefix: 'apps',
  now: NOW,
  people,
  routes: () => applicationsRoutes,
  deps: ({ store, clock }) =>
    fakeDeps({
      store,
      clock,
      workflow: { startRound: async () => undefined, resume: async () => false, fail: async () => false },
      evidence: new S3EvidenceStore({
        bucket: BUCKET,
        clock,
        clientConfig: localS3ClientConfig(s3.endpoint),
      }),
      pii: new AesGcmPiiProtector(Buffer.alloc(32, 3), Buffer.alloc(32, 5)),
      consentVersion: CONSENT_VERSION,
      seedCalendarYears: [],
    }),
  setUp: async ({ deps, store }) => {
    await saveRound(store, roundRecord());
    // s3rver's ObjectCreated events play the bucket notification → verify-evidence Lambda.
    const listener = buildObjectCreatedListener(deps, { logger: silent });
    stopListening = s3.onObjectCreated(async (event) => {
      await listener(event);
    });
    return async () => {
      stopListening?.();
      await s3.settled();
    };
  },
});

beforeAll(async () => {
  s3Directory = await mkdtemp(join(tmpdir(), 'applications-s3-'));
  s3 = await startS3rver({ directory: s3Directory, buckets: [BUCKET] });
});

afterAll(async () => {
  await s3?.stop();
  if (s3Directory) await rm(s3Directory, { recursive: true, force: true });
});

interface Reply {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are JSON checked field by field with expect.
  body: any;
}

/** The suite's call shape: the caller first, then the body; an empty body reads as `{}`. */
async function call(
  method: string,
  path: string,
  who: Person,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const reply = await http.call(method, path, { as: who, body, headers });
  return { status: reply.status, body: reply.body ?? {} };
}

/** What the browser does with the presigned POST: fields first, then the file. */
async function upload(
  target: { url: string; fields: Record<string, string> },
  content: Buffer,
  contentType: string,
): Promise<number> {
  const form = new FormData();
  for (const [name, value] of Object.entries(target.fields)) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(content)], { type: contentType }), 'evidence.pdf');
  const response = await fetch(target.url, { method: 'POST', body: form });
  await response.arrayBuffer();
  return response.status;
}

async function createDraft(body: unknown = organizationBody(), who: Person = 'owner'): Promise<string> {
  const created = await call('POST', '/v1/rounds/round-2/applications', who, body);
  expect(created.status).toBe(201);
  return created.body.applicationId as string;
}

async function attachEvidence(
  applicationId: string,
  content = evidenceFile().content,
  who: Person = 'owner',
) {
  const file = evidenceFile();
  const requested = await call('POST', `/v1/applications/${applicationId}/evidence`, who, file.declaration);
  expect(requested.status).toBe(201);
  expect(await upload(requested.body.upload, content, 'application/pdf')).toBeLessThan(300);
  return requested.body as { evidenceId: string; upload: { url: string; fields: Record<string, string> } };
}

/**
 * A submitted application: before submission an application is its owner's alone (PIPL Art. 29), so
 * what others read and list is submitted first.
 */
async function submittedApplication(
  body: unknown = organizationBody(),
  who: Person = 'owner',
): Promise<string> {
  const applicationId = await createDraft(body, who);
  const { evidenceId } = await attachEvidence(applicationId, evidenceFile().content, who);
  await s3.settled();
  await call('POST', `/v1/applications/${applicationId}/evidence/${evidenceId}/complete`, who);
  const submitted = await call('POST', `/v1/applications/${applicationId}/submit`, who);
  expect(submitted.body.status).toBe('submitted');
  return applicationId;
}

describe('applications over HTTP', () => {
  it('runs draft → evidence → submit → recommendation → qualification, with PII only for the owner', async () => {
    // Prepare
    const applicationId = await createDraft();
    const { evidenceId } = await attachEvidence(applicationId);
    await s3.settled();

    // Act
    const completed = await call(
      'POST',
      `/v1/applications/${applicationId}/evidence/${evidenceId}/complete`,
      'owner',
    );
    const submitted = await call('POST', `/v1/applications/${applicationId}/submit`, 'owner');
    const byOwner = await call('GET', `/v1/applications/${applicationId}`, 'owner');
    const byStaff = await call('GET', `/v1/applications/${applicationId}`, 'staff');
    const recommended = await call(
      'POST',
      `/v1/applications/${applicationId}/recommendation`,
      'recommender',
      {
        decision: 'recommend',
        opinion: '经初审，符合申报条件，同意推荐。',
      },
    );
    await setRoundStage(http.fx.store, 'round-2', 'qualification');
    const qualified = await call('POST', `/v1/applications/${applicationId}/qualification`, 'staff', {
      decision: 'qualified',
    });

    // Assess
    expect(completed).toEqual({ status: 200, body: { evidenceId, status: 'verified' } });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({
      applicationId,
      roundId: 'round-2',
      category: 'organization',
      status: 'submitted',
      jurisdiction: '140105',
      evidence: [{ evidenceId, status: 'verified', size: evidenceFile().declaration.size }],
      vetting: { passed: true, findings: [] },
      submittedAt: NOW,
      consent: { version: CONSENT_VERSION, at: NOW },
    });
    expect(byOwner.body.organization.contact.phone).toBe('13812345678');
    expect(byStaff.body.organization.contact.phone).toBe('138****5678');
    expect(recommended.body.status).toBe('recommended');
    expect(qualified.status).toBe(200);
    expect(qualified.body.status).toBe('qualified');
    const actions = (await http.fx.store.listAudit(applicationId)).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'application.created',
        'evidence.requested',
        'evidence.verified',
        'application.submitted',
        'application.recommended',
        'application.qualified',
      ]),
    );
  });

  it('verifies an upload from the bucket notification alone', async () => {
    // Prepare
    const applicationId = await createDraft();

    // Act
    const { evidenceId } = await attachEvidence(applicationId);
    await s3.settled();

    // Assess
    const read = await call('GET', `/v1/applications/${applicationId}`, 'owner');
    expect(read.body.evidence).toEqual([expect.objectContaining({ evidenceId, status: 'verified' })]);
    const completed = await call(
      'POST',
      `/v1/applications/${applicationId}/evidence/${evidenceId}/complete`,
      'owner',
    );
    expect(completed.body).toEqual({ evidenceId, status: 'verified' });
  });

  it('rejects a file that differs from the declaration and deletes it', async () => {
    // Prepare
    stopListening?.();
    const applicationId = await createDraft();
    const forged = Buffer.alloc(evidenceFile().content.length, 0x41);
    const { evidenceId, upload: target } = await attachEvidence(applicationId, forged);

    // Act
    const completed = await call(
      'POST',
      `/v1/applications/${applicationId}/evidence/${evidenceId}/complete`,
      'owner',
    );

    // Assess
    expect(completed.status).toBe(422);
    expect(completed.body).toMatchObject({
      code: 'EVIDENCE_MISMATCH',
      errors: [expect.objectContaining({ path: 'sha256', message: expect.stringContaining('SHA-256') })],
    });
    const object = await fetch(`${s3.endpoint}/${BUCKET}/${target.fields.key}`);
    await object.arrayBuffer();
    expect(object.status).toBe(404);
  });

  it('answers EVIDENCE_NOT_VERIFIED to complete before the upload', async () => {
    // Prepare
    const applicationId = await createDraft();
    const requested = await call(
      'POST',
      `/v1/applications/${applicationId}/evidence`,
      'owner',
      evidenceFile().declaration,
    );

    // Act
    const completed = await call(
      'POST',
      `/v1/applications/${applicationId}/evidence/${requested.body.evidenceId}/complete`,
      'owner',
    );

    // Assess
    expect(completed.status).toBe(422);
    expect(completed.body).toMatchObject({
      code: 'EVIDENCE_NOT_VERIFIED',
      detail: expect.stringContaining('文件尚未上传'),
    });
  });

  it('refuses oversized files (413), other types (400) and malformed declarations (400)', async () => {
    // Prepare
    const applicationId = await createDraft();
    const path = `/v1/applications/${applicationId}/evidence`;

    // Act
    const tooLarge = await call('POST', path, 'owner', {
      ...evidenceFile().declaration,
      size: 60 * 1024 * 1024,
    });
    const wrongType = await call('POST', path, 'owner', {
      ...evidenceFile().declaration,
      contentType: 'application/x-msdownload',
    });
    const malformed = await call('POST', path, 'owner', { fileName: 'a.pdf', size: 0, sha256: 'xyz' });

    // Assess
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      detail: expect.stringContaining('50 MiB'),
    });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.errors).toEqual([expect.objectContaining({ path: 'contentType' })]);
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'contentType',
      'sha256',
      'size',
    ]);
  });

  it('keeps rule failures in the draft and lists every one with 422 at submission', async () => {
    // Prepare
    const body = individualBody({
      members: [
        member({ idNumber: withWrongCheckCharacter(idNumber('111')), qualityWorkSince: '2024-09-01' }),
      ],
    });
    const applicationId = await createDraft(body);

    // Act
    const draft = await call('GET', `/v1/applications/${applicationId}`, 'owner');
    const byStaff = await call('GET', `/v1/applications/${applicationId}`, 'staff');
    const submitted = await call('POST', `/v1/applications/${applicationId}/submit`, 'owner', {
      consent: { version: CONSENT_VERSION },
    });

    // Assess
    expect(draft.body).toMatchObject({ status: 'draft', vetting: { passed: false } });
    expect(draft.body.members[0].idNumber).toBe(withWrongCheckCharacter(idNumber('111')));
    expect(byStaff.status).toBe(404);
    expect(submitted.status).toBe(422);
    expect(submitted.body.code).toBe('INVALID_ID_NUMBER');
    expect(submitted.body.errors.map((e: { code: string }) => e.code)).toEqual([
      'INVALID_ID_NUMBER',
      'QUALITY_WORK_LESS_THAN_3_YEARS',
      'EVIDENCE_NOT_VERIFIED',
    ]);
    const after = await call('GET', `/v1/applications/${applicationId}`, 'owner');
    expect(after.body).toMatchObject({ status: 'draft', version: draft.body.version });
  });

  it('answers 400 listing every malformed field, and never stores anything', async () => {
    // Act
    const missing = await call('POST', '/v1/rounds/round-2/applications', 'owner', {
      category: 'organization',
      organization: { name: '某公司', creditCode: 'x', industry: 'mining' },
      jurisdiction: '140105',
    });
    const unknownCategory = await call('POST', '/v1/rounds/round-2/applications', 'owner', {
      category: 'team',
    });

    // Assess
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('VALIDATION_FAILED');
    const paths = missing.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'organization.registeredOn',
        'organization.industry',
        'organization.contact',
        'declarations',
        'selfEvaluation',
      ]),
    );
    expect(unknownCategory.status).toBe(400);
    const mine = await call('GET', '/v1/my/applications', 'owner');
    expect(mine.body).toEqual({ items: [] });
  });

  it('replays a creation with the same Idempotency-Key and creates one draft', async () => {
    // Act
    const headers = { 'idempotency-key': 'create-1' };
    const first = await call('POST', '/v1/rounds/round-2/applications', 'owner', organizationBody(), headers);
    const second = await call(
      'POST',
      '/v1/rounds/round-2/applications',
      'owner',
      organizationBody(),
      headers,
    );

    // Assess
    expect(first.status).toBe(201);
    expect(second).toEqual(first);
    const mine = await call('GET', '/v1/my/applications', 'owner');
    expect(mine.body.items).toHaveLength(1);
  });

  it('closes the call: 409 STAGE_CLOSED for new drafts and submissions after callClosesAt', async () => {
    // Prepare
    const applicationId = await createDraft();
    await attachEvidence(applicationId);
    await s3.settled();
    http.fx.clock.set('2026-06-30T16:00:00Z');

    // Act
    const created = await call('POST', '/v1/rounds/round-2/applications', 'owner', organizationBody());
    const submitted = await call('POST', `/v1/applications/${applicationId}/submit`, 'owner');

    // Assess
    expect(created.status).toBe(409);
    expect(created.body).toMatchObject({ code: 'STAGE_CLOSED', detail: expect.stringContaining('截止') });
    expect(submitted.status).toBe(409);
    expect(submitted.body.code).toBe('STAGE_CLOSED');
  });

  it('hides applications from those who may not see them (404) and checks roles (403)', async () => {
    // Prepare
    const applicationId = await createDraft();

    // Act
    const byOther = await call('GET', `/v1/applications/${applicationId}`, 'other');
    const byOtherJurisdiction = await call('GET', `/v1/applications/${applicationId}`, 'otherRecommender');
    const byReviewer = await call('GET', `/v1/applications/${applicationId}`, 'reviewer');
    const submitByOther = await call('POST', `/v1/applications/${applicationId}/submit`, 'other');
    const recommendByStaff = await call('POST', `/v1/applications/${applicationId}/recommendation`, 'staff', {
      decision: 'recommend',
      opinion: '同意',
    });
    const recommendElsewhere = await call(
      'POST',
      `/v1/applications/${applicationId}/recommendation`,
      'otherRecommender',
      { decision: 'recommend', opinion: '同意' },
    );
    const listByApplicant = await call('GET', '/v1/rounds/round-2/applications', 'owner');

    // Assess
    expect([byOther.status, byOtherJurisdiction.status, byReviewer.status, submitByOther.status]).toEqual([
      404, 404, 404, 404,
    ]);
    expect(byOther.body.code).toBe('NOT_FOUND');
    expect(recommendByStaff.status).toBe(403);
    expect(recommendElsewhere.status).toBe(404);
    expect(listByApplicant.status).toBe(403);
  });

  it('lists a round’s applications by role, jurisdiction and status, and the owner’s own', async () => {
    // Prepare
    await submittedApplication(organizationBody({ jurisdiction: '140105' }));
    await submittedApplication(organizationBody({ jurisdiction: '140106' }), 'other');
    await createDraft(organizationBody({ jurisdiction: '140106' }), 'other');

    // Act
    const byStaff = await call('GET', '/v1/rounds/round-2/applications?limit=1', 'staff');
    const nextPage = await call(
      'GET',
      `/v1/rounds/round-2/applications?limit=1&nextToken=${encodeURIComponent(byStaff.body.nextToken)}`,
      'staff',
    );
    const submittedOnly = await call('GET', '/v1/rounds/round-2/applications?status=submitted', 'supervisor');
    const draftsOnly = await call('GET', '/v1/rounds/round-2/applications?status=draft', 'supervisor');
    const byRecommender = await call('GET', '/v1/rounds/round-2/applications', 'otherRecommender');
    const badStatus = await call('GET', '/v1/rounds/round-2/applications?status=unknown', 'leader');
    const mine = await call('GET', '/v1/my/applications', 'other');

    // Assess
    expect(byStaff.body.items).toHaveLength(1);
    expect(nextPage.body.items).toHaveLength(1);
    expect(nextPage.body.items[0].applicationId).not.toBe(byStaff.body.items[0].applicationId);
    expect(submittedOnly.body.items).toHaveLength(2);
    expect(draftsOnly.body).toEqual({ items: [] });
    expect(byRecommender.body.items.map((a: { jurisdiction: string }) => a.jurisdiction)).toEqual(['140106']);
    expect(badStatus.status).toBe(400);
    expect(mine.body.items.map((a: { status: string }) => a.status)).toEqual(['draft', 'submitted']);
  });

  it('hands downloads to owner, staff and assigned reviewers only, each audited', async () => {
    // Prepare
    const applicationId = await submittedApplication();
    const [{ evidenceId }] = (await call('GET', `/v1/applications/${applicationId}`, 'owner')).body.evidence;
    await saveAssignment(http.fx.store, assignmentRecord({ applicationId }));
    const path = `/v1/applications/${applicationId}/evidence/${evidenceId}/download`;

    // Act
    const byStaff = await call('GET', path, 'staff');
    const byReviewer = await call('GET', path, 'reviewer');
    const byLeader = await call('GET', path, 'leader');
    const byOther = await call('GET', path, 'other');
    const file = await fetch(byStaff.body.url);

    // Assess
    expect(byStaff.status).toBe(200);
    expect(byStaff.body).toEqual({ url: expect.stringContaining(BUCKET), expiresAt: expect.any(String) });
    expect(Buffer.from(await file.arrayBuffer())).toEqual(evidenceFile().content);
    expect(byReviewer.status).toBe(200);
    expect(byLeader.status).toBe(404);
    expect(byOther.status).toBe(404);
    const downloads = (await http.fx.store.listAudit(evidenceId)).filter(
      (e) => e.action === 'evidence.downloaded',
    );
    expect(downloads.map((e) => e.actor)).toEqual(['staff-1', 'reviewer-1']);
  });

  it('keeps a submitted file byte-identical when its old upload form is used again, and audits the attempt', async () => {
    // Prepare
    const applicationId = await createDraft();
    const { evidenceId, upload: form } = await attachEvidence(applicationId);
    await s3.settled();
    const completed = await call(
      'POST',
      `/v1/applications/${applicationId}/evidence/${evidenceId}/complete`,
      'owner',
    );
    const submitted = await call('POST', `/v1/applications/${applicationId}/submit`, 'owner');
    const forged = Buffer.alloc(evidenceFile().content.length, 0x46);

    // Act: the presigned POST is still valid (s3rver enforces no policy, so it accepts the bytes)
    const overwritten = await upload(form, forged, 'application/pdf');
    await s3.settled();
    const download = await call(
      'GET',
      `/v1/applications/${applicationId}/evidence/${evidenceId}/download`,
      'staff',
    );
    const file = Buffer.from(await (await fetch(download.body.url)).arrayBuffer());
    const read = await call('GET', `/v1/applications/${applicationId}`, 'staff');

    // Assess
    expect(completed.status).toBe(200);
    expect(submitted.body.status).toBe('submitted');
    expect(overwritten).toBeLessThan(300);
    expect(download.status).toBe(200);
    expect(sha256Hex(file)).toBe(evidenceFile().declaration.sha256);
    expect(file).toEqual(evidenceFile().content);
    expect(read.body.evidence).toEqual([expect.objectContaining({ evidenceId, status: 'verified' })]);
    const underForm = await fetch(`${s3.endpoint}/${BUCKET}/${form.fields.key}`);
    await underForm.arrayBuffer();
    expect(underForm.status).toBe(404);
    const refused = (await http.fx.store.listAudit(applicationId)).filter(
      (e) => e.action === 'evidence.overwrite-refused',
    );
    expect(refused).toEqual([
      expect.objectContaining({
        actor: 'system',
        after: expect.objectContaining({
          evidenceId,
          refused: expect.objectContaining({ size: forged.length, sha256: sha256Hex(forged) }),
        }),
      }),
    ]);
  });

  it('withdraws, and qualifies only in the qualification stage', async () => {
    // Prepare
    const applicationId = await submittedApplication();
    const outside = await call('POST', `/v1/applications/${applicationId}/qualification`, 'staff', {
      decision: 'qualified',
    });
    const withoutReason = await call('POST', `/v1/applications/${applicationId}/qualification`, 'staff', {
      decision: 'disqualified',
    });

    // Act
    const withdrawn = await call('POST', `/v1/applications/${applicationId}/withdraw`, 'owner');

    // Assess
    expect(outside.status).toBe(409);
    expect(outside.body.code).toBe('STAGE_CLOSED');
    expect(withoutReason.status).toBe(400);
    expect(withoutReason.body.errors).toEqual([expect.objectContaining({ path: 'reason' })]);
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.status).toBe('withdrawn');
  });
});
