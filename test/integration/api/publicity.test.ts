/**
 * The publicity routes over HTTP (API.md "Publicity and objections"): public notices, real-name
 * objections, their investigation and window extensions, on DynamoDB Local behind the gateway.
 */
import { describe, expect, it } from 'vitest';
import { objectionsWaitFor } from '../../../functions/use-cases/workflow/waits.ts';
import { reviewApiHarness } from '../../support/api-harness.ts';
import {
  creditCode,
  idNumber,
  seedObjection,
  seedRound,
  seedToken,
  seedWindow,
} from '../../support/review-fixtures.ts';

const http = reviewApiHarness('publicity', '2026-06-03T02:00:00Z');
const { call } = http;

const objection = {
  applicationId: 'app-1',
  name: '赵六',
  phone: '13800138000',
  content: '该企业近三年发生过质量事故，申报材料未如实说明。',
};

describe('GET /v1/public/notices', () => {
  it('lists published windows newest first and reads one, without a token', async () => {
    // Prepare
    await seedWindow(http.fx, {
      windowId: 'w-old',
      roundId: 'r1',
      opensAt: '2026-05-01T00:00:00.000Z',
      status: 'closed',
      struck: ['app-2'],
    });
    await seedWindow(http.fx, { windowId: 'w-now', roundId: 'r1' });
    await seedWindow(http.fx, { windowId: 'w-next', roundId: 'r1', opensAt: '2026-06-20T00:00:00.000Z' });
    // Act
    const list = await call('GET', '/v1/public/notices');
    const old = await call('GET', '/v1/public/notices/w-old');
    const next = await call('GET', '/v1/public/notices/w-next');
    // Assess
    expect(list.status).toBe(200);
    expect(list.body.map((w: { windowId: string }) => w.windowId)).toEqual(['w-now', 'w-old']);
    expect(old.body.entries.map((e: { applicationId: string }) => e.applicationId)).toEqual(['app-1']);
    expect(old.body.struck.map((e: { applicationId: string }) => e.applicationId)).toEqual(['app-2']);
    expect(next).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
  });
});

describe('POST /v1/public/notices/{windowId}/objections', () => {
  it('files a real-name objection (201), idempotently, masking numbers for staff and in the audit', async () => {
    // Prepare
    await seedRound(http.fx, { roundId: 'r1', stage: 'accepted-publicity' });
    await seedWindow(http.fx, { windowId: 'w1', roundId: 'r1' });
    const id = idNumber(5);
    const body = { ...objection, idNumber: id };
    // Act
    const filed = await call('POST', '/v1/public/notices/w1/objections', {
      body,
      headers: { 'idempotency-key': 'o-1' },
    });
    const replay = await call('POST', '/v1/public/notices/w1/objections', {
      body,
      headers: { 'idempotency-key': 'o-1' },
    });
    const list = await call('GET', '/v1/rounds/r1/objections', { as: 'staff' });
    const audit = await call('GET', `/v1/audit?entityId=${filed.body.objectionId}`, { as: 'supervisor' });
    // Assess
    expect(filed.status).toBe(201);
    expect(filed.body.objectionId).toEqual(expect.any(String));
    expect(replay.body.objectionId).toBe(filed.body.objectionId);
    expect(list.body).toHaveLength(1);
    expect(list.body[0]).toMatchObject({
      applicationId: 'app-1',
      status: 'pending',
      objector: { name: '赵六', phone: '138****8000', idNumber: `140*************${id.slice(-2)}` },
    });
    expect(JSON.stringify(list.body)).not.toContain(id);
    expect(audit.body).toEqual([
      expect.objectContaining({ action: 'objection.filed', actor: 'public', chainIntact: true }),
    ]);
    expect(JSON.stringify(audit.body)).not.toContain(id);
    expect(JSON.stringify(audit.body)).not.toContain('13800138000');
  });

  it('answers 409 WINDOW_CLOSED after the deadline, 400 with Chinese field errors for bad real-name data', async () => {
    // Prepare
    await seedWindow(http.fx, { windowId: 'w1', roundId: 'r1' });
    await seedWindow(http.fx, { windowId: 'w2', roundId: 'r1', closesAt: '2026-06-02T16:00:00.000Z' });
    // Act
    const closed = await call('POST', '/v1/public/notices/w2/objections', {
      body: { ...objection, creditCode: creditCode(8) },
    });
    const invalid = await call('POST', '/v1/public/notices/w1/objections', {
      body: { ...objection, phone: '12345', idNumber: '140105198001010010', content: '太短' },
    });
    const notListed = await call('POST', '/v1/public/notices/w1/objections', {
      body: { ...objection, applicationId: 'app-9', creditCode: creditCode(8) },
    });
    // Assess
    expect(closed).toMatchObject({ status: 409, body: { code: 'WINDOW_CLOSED' } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.code).toBe('VALIDATION_FAILED');
    expect(invalid.body.errors.map((e: { path: string }) => e.path)).toEqual([
      'phone',
      'idNumber',
      'content',
    ]);
    expect(invalid.body.errors[0].message).toMatch(/[\u4e00-\u9fa5]/);
    expect(notListed.status).toBe(404);
  });
});

describe('GET /v1/rounds/{roundId}/objections', () => {
  it('is for staff and supervisors; 404 for an unknown round', async () => {
    // Prepare
    await seedRound(http.fx, { roundId: 'r1' });
    // Act
    const supervisor = await call('GET', '/v1/rounds/r1/objections', { as: 'supervisor' });
    const applicant = await call('GET', '/v1/rounds/r1/objections', { as: 'applicant' });
    const unknown = await call('GET', '/v1/rounds/nope/objections', { as: 'staff' });
    // Assess
    expect(supervisor).toMatchObject({ status: 200, body: [] });
    expect(applicant.status).toBe(403);
    expect(unknown.status).toBe(404);
  });
});

describe('POST /v1/objections/{objectionId}/resolution', () => {
  it('resolves (200); the last pending one of a waiting window resumes the flow; a second resolution is 409', async () => {
    // Prepare
    http.fx.clock.set('2026-06-10T02:00:00Z');
    await seedWindow(http.fx, { windowId: 'w1', roundId: 'r1', status: 'awaiting-objections' });
    await seedObjection(http.fx, { objectionId: 'o1', windowId: 'w1', roundId: 'r1' });
    await seedToken(http.fx, { roundId: 'r1', waitFor: objectionsWaitFor('w1') });
    // Act
    const resolved = await call('POST', '/v1/objections/o1/resolution', {
      as: 'staff',
      body: { outcome: 'upheld', findings: '经调查，反映情况属实。' },
    });
    const again = await call('POST', '/v1/objections/o1/resolution', {
      as: 'staff',
      body: { outcome: 'dismissed', findings: '再次处理' },
    });
    // Assess
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({
      status: 'upheld',
      findings: '经调查，反映情况属实。',
      resolvedBy: 'staff-1',
    });
    expect(http.fx.workflow.resumed).toEqual([
      { token: 'token:window:w1:objections', output: { windowId: 'w1', objectionsResolved: true } },
    ]);
    expect(await http.fx.store.getTaskToken('r1', objectionsWaitFor('w1'))).toBeNull();
    expect(again).toMatchObject({ status: 409, body: { code: 'ILLEGAL_TRANSITION' } });
    const audit = await call('GET', '/v1/audit?entityId=o1', { as: 'supervisor' });
    expect(audit.body.map((e: { action: string }) => e.action)).toEqual(['objection.resolved']);
  });

  it('answers 400 for a bad outcome, 404 for an unknown objection, 403 for supervisors', async () => {
    // Prepare
    await seedObjection(http.fx, { objectionId: 'o1', windowId: 'w1', roundId: 'r1' });
    // Act
    const badOutcome = await call('POST', '/v1/objections/o1/resolution', {
      as: 'staff',
      body: { outcome: 'maybe', findings: 'x' },
    });
    const unknown = await call('POST', '/v1/objections/nope/resolution', {
      as: 'staff',
      body: { outcome: 'upheld', findings: 'x' },
    });
    const supervisor = await call('POST', '/v1/objections/o1/resolution', {
      as: 'supervisor',
      body: { outcome: 'upheld', findings: 'x' },
    });
    // Assess
    expect(badOutcome).toMatchObject({ status: 400, body: { errors: [{ path: 'outcome' }] } });
    expect(unknown.status).toBe(404);
    expect(supervisor.status).toBe(403);
  });
});

describe('POST /v1/windows/{windowId}/extension', () => {
  it('extends an open window (200) so the closer no longer finds it due; refuses shorter (400) and closed (409)', async () => {
    // Prepare
    await seedWindow(http.fx, { windowId: 'w1', roundId: 'r1' });
    await seedWindow(http.fx, { windowId: 'w2', roundId: 'r1', status: 'closed' });
    // Act
    const extended = await call('POST', '/v1/windows/w1/extension', {
      as: 'staff',
      body: { closesAt: '2026-06-15T00:00:00+08:00' },
    });
    const shorter = await call('POST', '/v1/windows/w1/extension', {
      as: 'staff',
      body: { closesAt: '2026-06-10T00:00:00+08:00' },
    });
    const closed = await call('POST', '/v1/windows/w2/extension', {
      as: 'staff',
      body: { closesAt: '2026-06-15T00:00:00+08:00' },
    });
    const notADate = await call('POST', '/v1/windows/w1/extension', {
      as: 'staff',
      body: { closesAt: 'soon' },
    });
    const unknown = await call('POST', '/v1/windows/nope/extension', {
      as: 'staff',
      body: { closesAt: '2026-06-15T00:00:00+08:00' },
    });
    // Assess
    expect(extended).toMatchObject({
      status: 200,
      body: { windowId: 'w1', closesAt: '2026-06-14T16:00:00.000Z' },
    });
    expect(await http.fx.store.listWindowsDueForClosing('2026-06-08T00:00:00.000Z')).toEqual([]);
    expect(shorter).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect(closed).toMatchObject({ status: 409, body: { code: 'WINDOW_CLOSED' } });
    expect(notADate).toMatchObject({ status: 400, body: { errors: [{ path: 'closesAt' }] } });
    expect(unknown.status).toBe(404);
  });
});
