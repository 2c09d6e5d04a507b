/**
 * API.md v2 "Calls and the applicant's draft" over HTTP: the local gateway and the shared stack, the
 * DynamoDB store on DynamoDB Local and the S3 evidence store on s3rver, whose ObjectCreated events
 * drive the verify-evidence handler as the bucket notification does on AWS.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AesGcmPiiProtector } from '../../../functions/adapters/crypto/pii.ts';
import { S3EvidenceStore } from '../../../functions/adapters/s3/evidence-store.ts';
import { applicationsRoutes } from '../../../functions/handlers/api/applications.ts';
import { callsRoutes } from '../../../functions/handlers/api/calls.ts';
import { buildObjectCreatedListener } from '../../../functions/handlers/events/verify-evidence.ts';
import { createLogger } from '../../../functions/shared/logger.ts';
import { type LocalS3, localS3ClientConfig, startS3rver } from '../../../infra/local/s3.ts';
import { apiHarness } from '../../support/api-harness.ts';
import {
  assignmentRecord,
  CONSENT_VERSION,
  creditCode,
  evidenceFile,
  individualBody,
  member,
  NOW,
  organizationBody,
  roundRecord,
  saveAssignment,
  saveRound,
} from '../../support/applications-fixtures.ts';
import { fakeDeps, sha256Hex } from '../../support/fakes.ts';

const BUCKET = 'calls-test';
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
  reviewer: { sub: 'reviewer-1', roles: ['reviewer'] },
};
type Person = keyof typeof people;

const http = apiHarness<Person>({
  prefix: 'calls',
  now: NOW,
  people,
  routes: () => [...applicationsRoutes, ...callsRoutes],
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
  s3Directory = await mkdtemp(join(tmpdir(), 'calls-s3-'));
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

async function call(
  method: string,
  path: string,
  who: Person | undefined,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const reply = await http.call(method, path, { ...(who ? { as: who } : {}), body, headers });
  return { status: reply.status, body: reply.body ?? {} };
}

/** What the browser does with a presigned POST: fields first, then the file. */
async function upload(
  target: { url: string; fields: Record<string, string> },
  content: Buffer,
  type: string,
) {
  const form = new FormData();
  for (const [name, value] of Object.entries(target.fields)) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(content)], { type }), 'file');
  const response = await fetch(target.url, { method: 'POST', body: form });
  await response.arrayBuffer();
  expect(response.status).toBeLessThan(300);
}

async function createDraft(body: unknown = organizationBody()): Promise<Reply['body']> {
  const created = await call('POST', '/v1/rounds/round-2/applications', 'owner', body);
  expect(created.status).toBe(201);
  return created.body;
}

async function withVerifiedEvidence(applicationId: string): Promise<string> {
  const file = evidenceFile();
  const requested = await call(
    'POST',
    `/v1/applications/${applicationId}/evidence`,
    'owner',
    file.declaration,
  );
  await upload(requested.body.upload, file.content, 'application/pdf');
  await s3.settled();
  const done = await call(
    'POST',
    `/v1/applications/${applicationId}/evidence/${requested.body.evidenceId}/complete`,
    'owner',
  );
  expect(done.status).toBe(200);
  return requested.body.evidenceId as string;
}

const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

describe('PUT /v1/applications/{id}', () => {
  it('replaces the draft, vets it again, keeps its evidence and audits before and after without personal data', async () => {
    // Prepare: a draft outside Taiyuan, with a file
    const draft = await createDraft(organizationBody({ organization: { creditCode: creditCode('110105') } }));
    const evidenceId = await withVerifiedEvidence(draft.applicationId);
    const current = await call('GET', `/v1/applications/${draft.applicationId}`, 'owner');

    // Act
    const updated = await call(
      'PUT',
      `/v1/applications/${draft.applicationId}`,
      'owner',
      organizationBody(),
      ifMatch(current.body.version),
    );

    // Assess
    expect(draft.vetting.findings.map((f: { code: string }) => f.code)).toEqual([
      'NOT_REGISTERED_IN_TAIYUAN',
    ]);
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      applicationId: draft.applicationId,
      status: 'draft',
      vetting: { passed: true, findings: [] },
      version: current.body.version + 1,
      evidence: [expect.objectContaining({ evidenceId, status: 'verified' })],
    });
    expect(updated.body.organization.creditCode).toBe(creditCode());
    const entry = (await http.fx.store.listAudit(draft.applicationId)).find(
      (e) => e.action === 'application.updated',
    );
    expect(entry).toMatchObject({
      actor: 'applicant-1',
      before: { vettingCodes: ['NOT_REGISTERED_IN_TAIYUAN'] },
      after: { vettingPassed: true, changed: ['organization.creditCode'] },
    });
    const trail = JSON.stringify(entry);
    expect(trail).not.toContain('13812345678');
    expect(trail).not.toContain(creditCode());
  });

  it('answers 409 VERSION_CONFLICT to a stale If-Match and keeps the newer edit', async () => {
    // Prepare
    const draft = await createDraft();
    const first = await call(
      'PUT',
      `/v1/applications/${draft.applicationId}`,
      'owner',
      organizationBody({ jurisdiction: '140106' }),
      ifMatch(draft.version),
    );

    // Act
    const stale = await call(
      'PUT',
      `/v1/applications/${draft.applicationId}`,
      'owner',
      organizationBody({ jurisdiction: '140107' }),
      ifMatch(draft.version),
    );
    const missing = await call('PUT', `/v1/applications/${draft.applicationId}`, 'owner', organizationBody());

    // Assess
    expect(first.status).toBe(200);
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'VERSION_CONFLICT', detail: expect.stringContaining('版本') });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([expect.objectContaining({ path: 'If-Match' })]);
    const read = await call('GET', `/v1/applications/${draft.applicationId}`, 'owner');
    expect(read.body.jurisdiction).toBe('140106');
  });

  it('answers 409 STAGE_CLOSED once submitted, 404 to anyone but the owner, 400 for a malformed body', async () => {
    // Prepare
    const draft = await createDraft();
    const byOther = await call(
      'PUT',
      `/v1/applications/${draft.applicationId}`,
      'other',
      organizationBody(),
      ifMatch(draft.version),
    );
    const malformed = await call(
      'PUT',
      `/v1/applications/${draft.applicationId}`,
      'owner',
      { category: 'organization' },
      ifMatch(draft.version),
    );
    await withVerifiedEvidence(draft.applicationId);
    const submitted = await call('POST', `/v1/applications/${draft.applicationId}/submit`, 'owner');

    // Act
    const afterSubmission = await call(
      'PUT',
      `/v1/applications/${draft.applicationId}`,
      'owner',
      organizationBody(),
      ifMatch(submitted.body.version),
    );

    // Assess
    expect(byOther.status).toBe(404);
    expect(malformed.status).toBe(400);
    expect(submitted.body.status).toBe('submitted');
    expect(afterSubmission.status).toBe(409);
    expect(afterSubmission.body.code).toBe('STAGE_CLOSED');
  });

  it('checks the self-evaluation against the round’s rubric, on create and on edit', async () => {
    // Prepare
    const draft = await createDraft();
    const body = organizationBody();
    const wrong = { ...body, selfEvaluation: { items: { '4.1.1': 60, '9.9': 1 }, summary: '自评' } };

    // Act
    const created = await call('POST', '/v1/rounds/round-2/applications', 'owner', wrong);
    const edited = await call(
      'PUT',
      `/v1/applications/${draft.applicationId}`,
      'owner',
      wrong,
      ifMatch(draft.version),
    );
    const individual = await call(
      'POST',
      '/v1/rounds/round-2/applications',
      'owner',
      individualBody({ selfEvaluation: { items: { '4.1.1': 10 }, summary: '' } }),
    );

    // Assess
    for (const reply of [created, edited]) {
      expect(reply.status).toBe(400);
      expect(reply.body.code).toBe('VALIDATION_FAILED');
      expect(reply.body.errors).toEqual([
        expect.objectContaining({
          path: 'selfEvaluation.items.4.1.1',
          message: expect.stringContaining('应为 0 至 50 之间的整数'),
        }),
        expect.objectContaining({
          path: 'selfEvaluation.items.9.9',
          message: expect.stringContaining('不属于评分细则'),
        }),
      ]);
    }
    expect(individual.status).toBe(400);
    expect(individual.body.errors).toEqual([expect.objectContaining({ path: 'selfEvaluation.items.4.1.1' })]);
  });

  it('finds an individual’s employer outside Taiyuan (Art. 3, 11)', async () => {
    // Act
    const draft = await createDraft(
      individualBody({ members: [member({ employerCreditCode: creditCode('110105') })] }),
    );

    // Assess
    expect(draft.vetting.findings).toEqual([
      expect.objectContaining({
        path: 'members[0].employerCreditCode',
        code: 'NOT_REGISTERED_IN_TAIYUAN',
        article: '第三条、第十一条',
        message: expect.stringContaining('本市从事质量工作'),
      }),
    ]);
  });
});

describe('a draft is its owner’s alone until submitted (PIPL Art. 29)', () => {
  const others: Person[] = ['staff', 'leader', 'supervisor', 'recommender', 'reviewer'];

  it('is 404 to staff, leader, supervisor, its recommender and its reviewers, then visible once submitted', async () => {
    // Prepare
    const draft = await createDraft();
    const evidenceId = await withVerifiedEvidence(draft.applicationId);
    await saveAssignment(http.fx.store, assignmentRecord({ applicationId: draft.applicationId }));
    const path = `/v1/applications/${draft.applicationId}`;
    const before = await Promise.all(others.map((who) => call('GET', path, who)));
    const downloadsBefore = await Promise.all(
      (['staff', 'reviewer'] as const).map((who) =>
        call('GET', `${path}/evidence/${evidenceId}/download`, who),
      ),
    );
    const listsBefore = await Promise.all(
      (['staff', 'recommender'] as const).map((who) => call('GET', '/v1/rounds/round-2/applications', who)),
    );
    const recommendBefore = await call('POST', `${path}/recommendation`, 'recommender', {
      decision: 'recommend',
      opinion: '同意推荐',
    });

    // Act
    await call('POST', `${path}/submit`, 'owner');
    const after = await Promise.all(others.map((who) => call('GET', path, who)));
    const listsAfter = await Promise.all(
      (['staff', 'recommender'] as const).map((who) => call('GET', '/v1/rounds/round-2/applications', who)),
    );
    const downloadAfter = await call('GET', `${path}/evidence/${evidenceId}/download`, 'staff');

    // Assess
    expect(before.map((r) => r.status)).toEqual([404, 404, 404, 404, 404]);
    expect(before.every((r) => r.body.code === 'NOT_FOUND')).toBe(true);
    expect(downloadsBefore.map((r) => r.status)).toEqual([404, 404]);
    expect(listsBefore.map((r) => r.body.items)).toEqual([[], []]);
    expect(recommendBefore.status).toBe(404);
    expect(after.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(after[0]!.body.organization.contact.phone).toBe('138****5678');
    expect(listsAfter.map((r) => r.body.items.length)).toEqual([1, 1]);
    expect(downloadAfter.status).toBe(200);
    const mine = await call('GET', '/v1/my/applications', 'owner');
    expect(mine.body.items.map((a: { applicationId: string }) => a.applicationId)).toEqual([
      draft.applicationId,
    ]);
  });

  it('keeps a draft withdrawn before submission private', async () => {
    // Prepare
    const draft = await createDraft();
    await call('POST', `/v1/applications/${draft.applicationId}/withdraw`, 'owner');

    // Act
    const byStaff = await call('GET', `/v1/applications/${draft.applicationId}`, 'staff');
    const listed = await call('GET', '/v1/rounds/round-2/applications?status=withdrawn', 'staff');
    const byOwner = await call('GET', `/v1/applications/${draft.applicationId}`, 'owner');

    // Assess
    expect(byStaff.status).toBe(404);
    expect(listed.body.items).toEqual([]);
    expect(byOwner.body.status).toBe('withdrawn');
  });
});

describe('the call notice', () => {
  const form = Buffer.from('%PDF-1.7 太原市政府质量奖申报表（空白）');
  const declaration = {
    fileName: '申报表.pdf',
    contentType: 'application/pdf',
    size: form.length,
    sha256: sha256Hex(form),
  };
  const notice = {
    requirements: '一、申报条件\n\n本市制造业、服务业、建筑业企业。',
    contact: '市场监管局质量发展处\n\n0351-1234567',
    attachments: [declaration],
  };

  it('publishes requirements, contact and a verified form that anyone downloads without signing in', async () => {
    // Prepare
    const put = await call('PUT', '/v1/rounds/round-2/call-notice', 'staff', notice);
    const before = await call('GET', '/v1/public/calls', undefined);
    await upload(put.body.uploads[0], form, 'application/pdf');
    await s3.settled();

    // Act
    const completed = await call(
      'POST',
      `/v1/rounds/round-2/call-notice/attachments/${put.body.uploads[0].attachmentId}/complete`,
      'staff',
    );
    const calls = await call('GET', '/v1/public/calls', undefined);
    const file = Buffer.from(await (await fetch(calls.body[0].attachments[0].url)).arrayBuffer());
    const again = await call('PUT', '/v1/rounds/round-2/call-notice', 'staff', {
      ...notice,
      requirements: '一、申报条件（修订）',
    });

    // Assess
    expect(put.status).toBe(200);
    expect(put.body.uploads).toEqual([
      expect.objectContaining({
        fileName: '申报表.pdf',
        url: expect.any(String),
        fields: expect.any(Object),
      }),
    ]);
    expect(before.body[0].attachments).toEqual([]);
    expect(completed.body).toEqual({ attachmentId: put.body.uploads[0].attachmentId, status: 'verified' });
    expect(calls.status).toBe(200);
    expect(calls.body).toEqual([
      expect.objectContaining({
        roundId: 'round-2',
        ordinal: 2,
        callOpensAt: '2026-03-01T00:00:00.000Z',
        callClosesAt: '2026-06-30T16:00:00.000Z',
        requirements: notice.requirements,
        contact: notice.contact,
        attachments: [
          expect.objectContaining({ fileName: '申报表.pdf', url: expect.stringContaining(BUCKET) }),
        ],
      }),
    ]);
    expect(file).toEqual(form);
    expect(again.body.uploads).toEqual([]);
    expect(again.body.attachments).toEqual([expect.objectContaining({ status: 'verified' })]);
    const actions = (await http.fx.store.listAudit('round-2')).map((e) => e.action);
    expect(actions).toEqual(['call-notice.published', 'call-notice.published']);
  });

  it('verifies a form from the bucket notification alone, and rejects one that differs', async () => {
    // Prepare
    const put = await call('PUT', '/v1/rounds/round-2/call-notice', 'staff', {
      ...notice,
      attachments: [declaration, { ...declaration, fileName: '自评表.pdf' }],
    });
    const [good, forged] = put.body.uploads;

    // Act
    await upload(good, form, 'application/pdf');
    await upload(forged, Buffer.alloc(form.length, 0x41), 'application/pdf');
    await s3.settled();
    const completeForged = await call(
      'POST',
      `/v1/rounds/round-2/call-notice/attachments/${forged.attachmentId}/complete`,
      'staff',
    );
    const calls = await call('GET', '/v1/public/calls', undefined);
    const read = await call('GET', '/v1/rounds/round-2/call-notice', 'staff');

    // Assess
    expect(completeForged.status).toBe(422);
    expect(completeForged.body.code).toBe('EVIDENCE_MISMATCH');
    expect(calls.body[0].attachments.map((a: { fileName: string }) => a.fileName)).toEqual(['申报表.pdf']);
    expect(read.body.attachments.map((a: { status: string }) => a.status)).toEqual(['verified', 'rejected']);
  });

  it('lists open and upcoming calls only, and refuses others than staff and a closed call', async () => {
    // Prepare
    await saveRound(
      http.fx.store,
      roundRecord({
        roundId: 'round-3',
        ordinal: 3,
        callOpensAt: '2026-09-01T00:00:00.000Z',
        callClosesAt: '2026-12-01T00:00:00.000Z',
      }),
    );
    await call('PUT', '/v1/rounds/round-2/call-notice', 'staff', { ...notice, attachments: [] });
    await call('PUT', '/v1/rounds/round-3/call-notice', 'staff', { ...notice, attachments: [] });
    const byApplicant = await call('PUT', '/v1/rounds/round-2/call-notice', 'owner', notice);
    const anonymous = await call('PUT', '/v1/rounds/round-2/call-notice', undefined, notice);
    const empty = await call('PUT', '/v1/rounds/round-2/call-notice', 'staff', {
      requirements: '',
      contact: '',
    });
    const badFile = await call('PUT', '/v1/rounds/round-2/call-notice', 'staff', {
      ...notice,
      attachments: [{ ...declaration, contentType: 'application/x-msdownload' }],
    });
    const both = await call('GET', '/v1/public/calls', undefined);

    // Act
    http.fx.clock.set('2026-07-01T00:00:00Z');
    const later = await call('GET', '/v1/public/calls', undefined);
    const closed = await call('PUT', '/v1/rounds/round-2/call-notice', 'staff', notice);

    // Assess
    expect(byApplicant.status).toBe(403);
    expect(anonymous.status).toBe(401);
    expect(empty.status).toBe(400);
    expect(badFile.status).toBe(400);
    expect(badFile.body.errors).toEqual([expect.objectContaining({ path: 'attachments[0].contentType' })]);
    expect(both.body.map((c: { roundId: string }) => c.roundId)).toEqual(['round-2', 'round-3']);
    expect(later.body.map((c: { roundId: string }) => c.roundId)).toEqual(['round-3']);
    expect(closed.status).toBe(409);
    expect(closed.body.code).toBe('STAGE_CLOSED');
  });
});
