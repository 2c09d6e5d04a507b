import { describe, expect, it } from 'vitest';
import { fileObjection } from '../../../../functions/use-cases/file-objection.ts';
import { listRoundObjections } from '../../../../functions/use-cases/list-round-objections.ts';
import { resolveObjection } from '../../../../functions/use-cases/resolve-objection.ts';
import { objectionsWaitFor } from '../../../../functions/use-cases/workflow/waits.ts';
import {
  APPLICANT,
  caught,
  creditCode,
  idNumber,
  reviewFixture,
  STAFF,
  SUPERVISOR,
  seedObjection,
  seedRound,
  seedToken,
  seedWindow,
} from '../../../support/review-fixtures.ts';

const CONTENT = '该企业申报材料中的销售数据与实际情况不符，请核查。';

describe('fileObjection', () => {
  it('stores the phone and ID number encrypted and masked; the audit holds masked values only', async () => {
    // Prepare
    const fx = reviewFixture('2026-06-03T00:00:00Z');
    await seedWindow(fx, { windowId: 'w1', roundId: 'r1' });
    const id = idNumber(5);
    // Act
    const { objectionId } = await fileObjection(fx.deps, {
      windowId: 'w1',
      applicationId: 'app-1',
      name: ' 赵六 ',
      phone: '138 0013 8000',
      idNumber: id.toLowerCase(),
      content: CONTENT,
    });
    // Assess
    const stored = await fx.store.getObjection(objectionId);
    expect(stored).toMatchObject({
      roundId: 'r1',
      windowId: 'w1',
      applicationId: 'app-1',
      status: 'pending',
      objector: { name: '赵六', phoneMasked: '138****8000', idMasked: `140*************${id.slice(-2)}` },
    });
    expect(await fx.deps.pii.decrypt(stored!.objector.phoneEncrypted)).toBe('13800138000');
    expect(await fx.deps.pii.decrypt(stored!.objector.idNumberEncrypted!)).toBe(id);
    const audit = await fx.store.listAudit(objectionId);
    expect(audit.map((e) => [e.action, e.actor, e.role])).toEqual([['objection.filed', 'public', 'public']]);
    const text = JSON.stringify(audit);
    expect(text).not.toContain(id);
    expect(text).not.toContain('13800138000');
    expect(text).not.toContain('enc:');
  });

  it('accepts a credit code instead of an ID number', async () => {
    // Prepare
    const fx = reviewFixture('2026-06-03T00:00:00Z');
    await seedWindow(fx, { windowId: 'w1', roundId: 'r1' });
    // Act
    const { objectionId } = await fileObjection(fx.deps, {
      windowId: 'w1',
      applicationId: 'app-2',
      name: '某某协会',
      phone: '0351-1234567',
      creditCode: creditCode(8),
      content: CONTENT,
    });
    // Assess
    expect((await fx.store.getObjection(objectionId))?.objector).toMatchObject({ creditCode: creditCode(8) });
  });

  it('refuses outside the window with WINDOW_CLOSED', async () => {
    // Prepare
    const fx = reviewFixture('2026-06-08T00:00:00Z');
    await seedWindow(fx, { windowId: 'w1', roundId: 'r1' });
    // Act
    const error = await caught(() =>
      fileObjection(fx.deps, {
        windowId: 'w1',
        applicationId: 'app-1',
        name: '赵六',
        phone: '13800138000',
        creditCode: creditCode(8),
        content: CONTENT,
      }),
    );
    // Assess
    expect(error.code).toBe('WINDOW_CLOSED');
  });

  it('lists every real-name problem in Chinese with VALIDATION_FAILED', async () => {
    // Prepare
    const fx = reviewFixture('2026-06-03T00:00:00Z');
    await seedWindow(fx, { windowId: 'w1', roundId: 'r1' });
    // Act
    const error = await caught(() =>
      fileObjection(fx.deps, {
        windowId: 'w1',
        applicationId: 'app-1',
        name: ' ',
        phone: '12345',
        content: '太短',
      }),
    );
    // Assess
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.findings.map((f) => f.path)).toEqual(['name', 'phone', 'idNumber', 'content']);
    expect(await fx.store.listObjectionsForWindow('w1')).toEqual([]);
  });

  it('answers a well-formed objection whose identifier fails its check with that rule’s code (422)', async () => {
    // Prepare
    const fx = reviewFixture('2026-06-03T00:00:00Z');
    await seedWindow(fx, { windowId: 'w1', roundId: 'r1' });
    const id = idNumber(5);
    const code = creditCode(8);
    const body = {
      windowId: 'w1',
      applicationId: 'app-1',
      name: '赵六',
      phone: '13800138000',
      content: CONTENT,
    };
    // Act
    const badId = await caught(() =>
      fileObjection(fx.deps, { ...body, idNumber: `${id.slice(0, 17)}${id.endsWith('0') ? '1' : '0'}` }),
    );
    const badCode = await caught(() =>
      fileObjection(fx.deps, {
        ...body,
        creditCode: `${code.slice(0, 17)}${code.endsWith('0') ? '1' : '0'}`,
      }),
    );
    // Assess
    expect(badId.code).toBe('INVALID_ID_NUMBER');
    expect(badId.findings).toEqual([
      expect.objectContaining({ path: 'idNumber', code: 'INVALID_ID_NUMBER' }),
    ]);
    expect(badCode.code).toBe('INVALID_CREDIT_CODE');
    expect(badCode.findings).toEqual([expect.objectContaining({ path: 'creditCode' })]);
    expect(await fx.store.listObjectionsForWindow('w1')).toEqual([]);
  });

  it('answers NOT_FOUND for an unpublished window or an application not on the list', async () => {
    // Prepare
    const fx = reviewFixture('2026-06-03T00:00:00Z');
    await seedWindow(fx, { windowId: 'w1', roundId: 'r1' });
    await seedWindow(fx, { windowId: 'w2', roundId: 'r1', opensAt: '2026-06-05T00:00:00.000Z' });
    const body = { name: '赵六', phone: '13800138000', creditCode: creditCode(8), content: CONTENT };
    // Act
    const notListed = await caught(() =>
      fileObjection(fx.deps, { windowId: 'w1', applicationId: 'app-9', ...body }),
    );
    const unpublished = await caught(() =>
      fileObjection(fx.deps, { windowId: 'w2', applicationId: 'app-1', ...body }),
    );
    // Assess
    expect(notListed.code).toBe('NOT_FOUND');
    expect(unpublished.code).toBe('NOT_FOUND');
  });
});

describe('listRoundObjections', () => {
  it('lists a round’s objections oldest first for staff and supervisors', async () => {
    // Prepare
    const fx = reviewFixture();
    await seedRound(fx, { roundId: 'r1' });
    await seedObjection(fx, {
      objectionId: 'o2',
      windowId: 'w1',
      roundId: 'r1',
      createdAt: '2026-06-03T00:00:00.000Z',
    });
    await seedObjection(fx, {
      objectionId: 'o1',
      windowId: 'w1',
      roundId: 'r1',
      createdAt: '2026-06-02T00:00:00.000Z',
    });
    await seedObjection(fx, { objectionId: 'o3', windowId: 'w9', roundId: 'r2' });
    // Act
    const staff = await listRoundObjections(fx.deps, STAFF, { roundId: 'r1' });
    const supervisor = await listRoundObjections(fx.deps, SUPERVISOR, { roundId: 'r1' });
    const applicant = await caught(() => listRoundObjections(fx.deps, APPLICANT, { roundId: 'r1' }));
    const missing = await caught(() => listRoundObjections(fx.deps, STAFF, { roundId: 'nope' }));
    // Assess
    expect(staff.map((o) => o.objectionId)).toEqual(['o1', 'o2']);
    expect(supervisor).toHaveLength(2);
    expect(applicant.code).toBe('FORBIDDEN');
    expect(missing.code).toBe('NOT_FOUND');
  });
});

describe('resolveObjection', () => {
  it('records the outcome while the window is open without resuming anything', async () => {
    // Prepare
    const fx = reviewFixture('2026-06-04T00:00:00Z');
    await seedWindow(fx, { windowId: 'w1', roundId: 'r1' });
    await seedObjection(fx, { objectionId: 'o1', windowId: 'w1', roundId: 'r1' });
    // Act
    const resolved = await resolveObjection(fx.deps, STAFF, {
      objectionId: 'o1',
      outcome: 'dismissed',
      findings: ' 经核查，销售数据有审计报告佐证。 ',
    });
    // Assess
    expect(resolved).toMatchObject({
      status: 'dismissed',
      findings: '经核查，销售数据有审计报告佐证。',
      resolvedAt: '2026-06-04T00:00:00.000Z',
      resolvedBy: 'staff-1',
      version: 2,
    });
    expect(fx.workflow.resumed).toEqual([]);
    const audit = await fx.store.listAudit('o1');
    expect(audit.map((e) => e.action)).toEqual(['objection.resolved']);
    expect(JSON.stringify(audit)).not.toContain('enc:');
  });

  it('consumes and resumes the window’s objections wait when the last pending one is resolved', async () => {
    // Prepare
    const fx = reviewFixture('2026-06-10T00:00:00Z');
    await seedWindow(fx, { windowId: 'w1', roundId: 'r1', status: 'awaiting-objections' });
    await seedObjection(fx, { objectionId: 'o1', windowId: 'w1', roundId: 'r1' });
    await seedObjection(fx, { objectionId: 'o2', windowId: 'w1', roundId: 'r1', applicationId: 'app-2' });
    await seedToken(fx, { roundId: 'r1', waitFor: objectionsWaitFor('w1') });
    // Act
    await resolveObjection(fx.deps, STAFF, { objectionId: 'o1', outcome: 'upheld', findings: '查证属实' });
    const afterFirst = [...fx.workflow.resumed];
    await resolveObjection(fx.deps, STAFF, { objectionId: 'o2', outcome: 'dismissed', findings: '查无实据' });
    // Assess
    expect(afterFirst).toEqual([]);
    expect(fx.workflow.resumed).toEqual([
      { token: 'token:window:w1:objections', output: { windowId: 'w1', objectionsResolved: true } },
    ]);
    expect(await fx.store.getTaskToken('r1', objectionsWaitFor('w1'))).toBeNull();
  });

  it('resolves the last one even when the flow has not stored its wait yet', async () => {
    // Prepare
    const fx = reviewFixture('2026-06-10T00:00:00Z');
    await seedWindow(fx, { windowId: 'w1', roundId: 'r1', status: 'awaiting-objections' });
    await seedObjection(fx, { objectionId: 'o1', windowId: 'w1', roundId: 'r1' });
    // Act
    const resolved = await resolveObjection(fx.deps, STAFF, {
      objectionId: 'o1',
      outcome: 'upheld',
      findings: '查证属实',
    });
    // Assess
    expect(resolved.status).toBe('upheld');
    expect(fx.workflow.resumed).toEqual([]);
  });

  it('touches the window so that a concurrent closer or resolution must re-read', async () => {
    // Prepare
    const fx = reviewFixture('2026-06-04T00:00:00Z');
    const window = await seedWindow(fx, { windowId: 'w1', roundId: 'r1' });
    await seedObjection(fx, { objectionId: 'o1', windowId: 'w1', roundId: 'r1' });
    // Act
    await resolveObjection(fx.deps, STAFF, { objectionId: 'o1', outcome: 'dismissed', findings: '查无实据' });
    // Assess
    expect((await fx.store.getWindow('w1'))?.version).toBe(window.version + 1);
  });

  it('refuses a resolved objection with 409 ILLEGAL_TRANSITION, an unknown one with NOT_FOUND', async () => {
    // Prepare
    const fx = reviewFixture('2026-06-04T00:00:00Z');
    await seedWindow(fx, { windowId: 'w1', roundId: 'r1', status: 'closed' });
    await seedObjection(fx, {
      objectionId: 'o1',
      windowId: 'w1',
      roundId: 'r1',
      status: 'upheld',
      findings: '属实',
    });
    // Act
    const again = await caught(() =>
      resolveObjection(fx.deps, STAFF, { objectionId: 'o1', outcome: 'dismissed', findings: '再议' }),
    );
    const missing = await caught(() =>
      resolveObjection(fx.deps, STAFF, { objectionId: 'nope', outcome: 'dismissed', findings: 'x' }),
    );
    const supervisor = await caught(() =>
      resolveObjection(fx.deps, SUPERVISOR, { objectionId: 'o1', outcome: 'dismissed', findings: 'x' }),
    );
    // Assess
    expect(again.code).toBe('ILLEGAL_TRANSITION');
    expect(missing.code).toBe('NOT_FOUND');
    expect(supervisor.code).toBe('FORBIDDEN');
  });

  it('needs findings', async () => {
    // Prepare
    const fx = reviewFixture('2026-06-04T00:00:00Z');
    await seedObjection(fx, { objectionId: 'o1', windowId: 'w1', roundId: 'r1' });
    // Act
    const error = await caught(() =>
      resolveObjection(fx.deps, STAFF, { objectionId: 'o1', outcome: 'upheld', findings: ' ' }),
    );
    // Assess
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.findings[0]?.path).toBe('findings');
  });
});
