/**
 * The review routes over HTTP (API.md "Review"): the local gateway, the shared middleware stack
 * (auth, zod, idempotency, problem+json) and the DynamoDB store on DynamoDB Local.
 */
import { describe, expect, it } from 'vitest';
import { ORGANIZATION_RUBRIC_2022 } from '../../../functions/domain/rubrics.ts';
import { reviewApiHarness } from '../../support/api-harness.ts';
import {
  creditCode,
  ORG_CODE,
  seedApplication,
  seedAssignment,
  seedReviewer,
  seedRound,
} from '../../support/review-fixtures.ts';

const http = reviewApiHarness('review', '2026-07-01T02:00:00Z');
const { call } = http;

const sheet = (ratio: number): Record<string, number> =>
  Object.fromEntries(ORGANIZATION_RUBRIC_2022.items.map((i) => [i.itemId, Math.floor(i.maxPoints * ratio)]));

async function seedPanel(stage: 'material-review' | 'onsite-review' = 'material-review') {
  const fx = http.fx;
  await seedRound(fx, { roundId: 'r1', stage, selectedForOnsite: ['app-1'] });
  await seedApplication(fx, { applicationId: 'app-1', roundId: 'r1' });
  await seedReviewer(fx, { reviewerId: 'rev-1', name: '王教授' });
  await seedReviewer(fx, { reviewerId: 'rev-2', name: '张总', organizationCode: ORG_CODE });
  await seedReviewer(fx, { reviewerId: 'rev-3', name: '李研究员' });
}

describe('PUT /v1/reviewers/{reviewerId} and GET /v1/reviewers', () => {
  it('creates and replaces a profile, and lists the pool for staff', async () => {
    // Act
    const created = await call('PUT', '/v1/reviewers/rev-1', {
      as: 'staff',
      body: {
        name: '王教授',
        organizationCode: creditCode(3),
        formerEmployers: [{ creditCode: creditCode(4), until: '2024-05-31' }],
        fields: ['质量管理'],
      },
    });
    const replaced = await call('PUT', '/v1/reviewers/rev-1', {
      as: 'staff',
      body: { name: '王教授（退休）' },
    });
    const list = await call('GET', '/v1/reviewers', { as: 'staff' });
    // Assess
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ reviewerId: 'rev-1', organizationCode: creditCode(3), version: 1 });
    expect(replaced.body).toMatchObject({ name: '王教授（退休）', formerEmployers: [], version: 2 });
    expect(list.body.map((r: { reviewerId: string }) => r.reviewerId)).toEqual(['rev-1']);
  });

  it('answers 422 INVALID_CREDIT_CODE, 400 for a malformed body, 403 for other roles, 401 without a token', async () => {
    // Act
    const badCode = await call('PUT', '/v1/reviewers/rev-1', {
      as: 'staff',
      body: { name: '王教授', organizationCode: '91140105MA00000010' },
    });
    const malformed = await call('PUT', '/v1/reviewers/rev-1', {
      as: 'staff',
      body: { formerEmployers: [{}] },
    });
    const reviewer = await call('PUT', '/v1/reviewers/rev-1', { as: 'rev-1', body: { name: '我' } });
    const anonymous = await call('GET', '/v1/reviewers');
    // Assess
    expect(badCode.status).toBe(422);
    expect(badCode.body).toMatchObject({
      code: 'INVALID_CREDIT_CODE',
      errors: [{ path: 'organizationCode' }],
    });
    expect(badCode.headers.get('content-type')).toContain('application/problem+json');
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['name', 'formerEmployers[0].creditCode', 'formerEmployers[0].until']),
    );
    expect(reviewer.status).toBe(403);
    expect(anonymous.status).toBe(401);
  });
});

describe('POST /v1/rounds/{roundId}/assignments', () => {
  it('assigns (201), replays an Idempotency-Key, and treats a re-assignment as a no-op', async () => {
    // Prepare
    await seedPanel();
    const body = { stage: 'material', applicationId: 'app-1', reviewerIds: ['rev-1', 'rev-3'] };
    // Act
    const first = await call('POST', '/v1/rounds/r1/assignments', {
      as: 'staff',
      body,
      headers: { 'idempotency-key': 'a1' },
    });
    const replay = await call('POST', '/v1/rounds/r1/assignments', {
      as: 'staff',
      body,
      headers: { 'idempotency-key': 'a1' },
    });
    const again = await call('POST', '/v1/rounds/r1/assignments', { as: 'staff', body });
    // Assess
    expect(first.status).toBe(201);
    expect(first.body.map((a: { reviewerId: string; status: string }) => [a.reviewerId, a.status])).toEqual([
      ['rev-1', 'active'],
      ['rev-3', 'active'],
    ]);
    expect(replay.headers.get('idempotency-replayed')).toBe('true');
    expect(again.status).toBe(201);
    const audit = await call('GET', '/v1/audit?entityId=app-1', { as: 'supervisor' });
    expect(audit.body.map((e: { action: string }) => e.action)).toEqual([
      'assignment.created',
      'assignment.created',
    ]);
  });

  it('answers 409 CONFLICT_OF_INTEREST naming the reviewer, with the path of the reviewer', async () => {
    // Prepare
    await seedPanel();
    // Act
    const response = await call('POST', '/v1/rounds/r1/assignments', {
      as: 'staff',
      body: { stage: 'material', applicationId: 'app-1', reviewerIds: ['rev-1', 'rev-2'] },
    });
    // Assess
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('CONFLICT_OF_INTEREST');
    expect(response.body.detail).toContain('张总');
    expect(response.body.errors).toEqual([
      expect.objectContaining({
        path: 'reviewerIds[1]',
        code: 'CONFLICT_OF_INTEREST',
        article: '第二十八条',
      }),
    ]);
  });

  it('answers 409 STAGE_PRECONDITION_FAILED, 409 STAGE_CLOSED, 404 for unknown reviewers and 400 for a bad stage', async () => {
    // Prepare
    await seedPanel('onsite-review');
    await seedApplication(http.fx, { applicationId: 'app-2', roundId: 'r1' });
    // Act
    const notSelected = await call('POST', '/v1/rounds/r1/assignments', {
      as: 'staff',
      body: { stage: 'onsite', applicationId: 'app-2', reviewerIds: ['rev-1'] },
    });
    const past = await call('POST', '/v1/rounds/r1/assignments', {
      as: 'staff',
      body: { stage: 'material', applicationId: 'app-1', reviewerIds: ['rev-1'] },
    });
    const unknown = await call('POST', '/v1/rounds/r1/assignments', {
      as: 'staff',
      body: { stage: 'onsite', applicationId: 'app-1', reviewerIds: ['ghost'] },
    });
    const badStage = await call('POST', '/v1/rounds/r1/assignments', {
      as: 'staff',
      body: { stage: 'final', applicationId: 'app-1', reviewerIds: [] },
    });
    // Assess
    expect(notSelected).toMatchObject({ status: 409, body: { code: 'STAGE_PRECONDITION_FAILED' } });
    expect(past).toMatchObject({ status: 409, body: { code: 'STAGE_CLOSED' } });
    expect(unknown).toMatchObject({
      status: 404,
      body: { code: 'NOT_FOUND', errors: [{ path: 'reviewerIds[0]' }] },
    });
    expect(unknown.body.errors[0].message).toContain('ghost');
    expect(badStage.status).toBe(400);
    expect(badStage.body.errors.map((e: { path: string }) => e.path)).toEqual(['stage', 'reviewerIds']);
  });
});

describe('conflicts of interest', () => {
  it('lets staff dismiss an automatic match (200), then assign the reviewer', async () => {
    // Prepare
    await seedPanel();
    // Act
    const dismissal = await call('POST', '/v1/applications/app-1/conflicts/dismissals', {
      as: 'staff',
      body: { reviewerId: 'rev-2', reason: '信用代码录入错误，实为同名企业' },
    });
    const assigned = await call('POST', '/v1/rounds/r1/assignments', {
      as: 'staff',
      body: { stage: 'material', applicationId: 'app-1', reviewerIds: ['rev-2'] },
    });
    // Assess
    expect(dismissal).toMatchObject({ status: 200, body: { kind: 'dismissed', reviewerId: 'rev-2' } });
    expect(assigned.status).toBe(201);
  });

  it('withdraws the declaring reviewer (200), who then gets 404 on the application and 403 on scores', async () => {
    // Prepare
    await seedPanel();
    await seedAssignment(http.fx, { roundId: 'r1', applicationId: 'app-1', reviewerId: 'rev-1' });
    const before = await call('GET', '/v1/applications/app-1', { as: 'rev-1' });
    // Act
    const declared = await call('POST', '/v1/applications/app-1/conflicts', {
      as: 'rev-1',
      body: { reason: '本人曾在该企业兼职' },
    });
    // Assess
    expect(before.status).toBe(200);
    expect(declared.status).toBe(200);
    expect(declared.body).toMatchObject({
      conflict: { kind: 'declared', reason: '本人曾在该企业兼职' },
      withdrawn: [{ stage: 'material', status: 'withdrawn' }],
    });
    const read = await call('GET', '/v1/applications/app-1', { as: 'rev-1' });
    expect(read).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    const score = await call('PUT', '/v1/applications/app-1/scores/material', {
      as: 'rev-1',
      body: { items: sheet(0.5) },
    });
    expect(score).toMatchObject({ status: 403, body: { code: 'NOT_ASSIGNED' } });
    const dismiss = await call('POST', '/v1/applications/app-1/conflicts/dismissals', {
      as: 'staff',
      body: { reviewerId: 'rev-1', reason: '误判' },
    });
    expect(dismiss).toMatchObject({ status: 409, body: { code: 'ILLEGAL_TRANSITION' } });
    expect(dismiss.body.detail).toContain('不能撤销');
  });

  it('answers 404 to a reviewer who is not assigned and 400 without a reason', async () => {
    // Prepare
    await seedPanel();
    // Act
    const notAssigned = await call('POST', '/v1/applications/app-1/conflicts', {
      as: 'rev-3',
      body: { reason: '理由' },
    });
    const noReason = await call('POST', '/v1/applications/app-1/conflicts', {
      as: 'rev-3',
      body: { reason: '' },
    });
    // Assess
    expect(notAssigned).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    expect(noReason).toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_FAILED', errors: [{ path: 'reason' }] },
    });
  });
});

describe('PUT /v1/applications/{id}/scores/{stage}', () => {
  it('records and overwrites a sheet (200) and reports every bad item with 422 SCORE_OUT_OF_RANGE', async () => {
    // Prepare
    await seedPanel();
    await seedAssignment(http.fx, { roundId: 'r1', applicationId: 'app-1', reviewerId: 'rev-1' });
    const bad = { ...sheet(0.5), '4.1.1': 60, '4.2.1': -1 };
    // Act
    const first = await call('PUT', '/v1/applications/app-1/scores/material', {
      as: 'rev-1',
      body: { items: sheet(0.5), comment: '总体良好' },
    });
    const second = await call('PUT', '/v1/applications/app-1/scores/material', {
      as: 'rev-1',
      body: { items: sheet(0.6), version: 1 },
    });
    const stale = await call('PUT', '/v1/applications/app-1/scores/material', {
      as: 'rev-1',
      body: { items: sheet(0.7), version: 1 },
    });
    const outOfRange = await call('PUT', '/v1/applications/app-1/scores/material', {
      as: 'rev-1',
      body: { items: bad },
    });
    // Assess
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      stage: 'material',
      reviewerId: 'rev-1',
      comment: '总体良好',
      version: 1,
    });
    expect(second.body.version).toBe(2);
    expect(stale).toMatchObject({ status: 409, body: { code: 'VERSION_CONFLICT' } });
    expect(outOfRange.status).toBe(422);
    expect(outOfRange.body.code).toBe('SCORE_OUT_OF_RANGE');
    expect(outOfRange.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'items.4.1.1',
      'items.4.2.1',
    ]);
    const audit = await call('GET', '/v1/audit?entityId=app-1', { as: 'staff' });
    expect(audit.body.map((e: { action: string }) => e.action)).toEqual(['score.recorded', 'score.recorded']);
  });

  it('answers 403 NOT_ASSIGNED for another stage, 409 STAGE_CLOSED outside the stage, 400 for an unknown stage', async () => {
    // Prepare
    await seedPanel('onsite-review');
    await seedAssignment(http.fx, { roundId: 'r1', applicationId: 'app-1', reviewerId: 'rev-1' });
    // Act
    const otherStage = await call('PUT', '/v1/applications/app-1/scores/onsite', {
      as: 'rev-1',
      body: { items: sheet(0.5) },
    });
    const closed = await call('PUT', '/v1/applications/app-1/scores/material', {
      as: 'rev-1',
      body: { items: sheet(0.5) },
    });
    const unknownStage = await call('PUT', '/v1/applications/app-1/scores/final', {
      as: 'rev-1',
      body: { items: {} },
    });
    const staff = await call('PUT', '/v1/applications/app-1/scores/material', {
      as: 'staff',
      body: { items: {} },
    });
    // Assess
    expect(otherStage).toMatchObject({ status: 403, body: { code: 'NOT_ASSIGNED' } });
    expect(closed).toMatchObject({ status: 409, body: { code: 'STAGE_CLOSED' } });
    expect(unknownStage).toMatchObject({ status: 400, body: { errors: [{ path: 'params.stage' }] } });
    expect(staff.status).toBe(403);
  });
});

describe('GET /v1/my/assignments', () => {
  it('lists the reviewer’s active assignments with the application’s name and category', async () => {
    // Prepare
    await seedPanel();
    await seedAssignment(http.fx, { roundId: 'r1', applicationId: 'app-1', reviewerId: 'rev-3' });
    // Act
    const mine = await call('GET', '/v1/my/assignments', { as: 'rev-3' });
    const others = await call('GET', '/v1/my/assignments', { as: 'rev-1' });
    const staff = await call('GET', '/v1/my/assignments', { as: 'staff' });
    // Assess
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual([
      expect.objectContaining({
        applicationId: 'app-1',
        displayName: '太原某某制造有限公司app-1',
        category: 'organization',
        stage: 'material',
        open: true,
        scored: false,
      }),
    ]);
    expect(others.body).toEqual([]);
    expect(staff.status).toBe(403);
  });
});
