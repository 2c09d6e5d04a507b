import { describe, expect, it } from 'vitest';
import { keysOf, parseEvidenceObjectKey } from '../../functions/adapters/dynamodb/keys.ts';
import { decodePageToken, pageLimit } from '../../functions/adapters/dynamodb/paging.ts';
import { tableNamesFromEnv, tableNamesWithPrefix } from '../../functions/adapters/dynamodb/tables.ts';
import { MemoryStore } from '../../functions/adapters/memory/memory-store.ts';
import { anApplication, aRound, describeStoreContract } from '../support/store-contract.ts';

describeStoreContract('MemoryStore', async () => {
  const store = new MemoryStore();
  return {
    store,
    tamperWithAudit: async (entityId, seq, patch) => {
      if (!store.tamperWithAuditEntry(entityId, seq, patch)) throw new Error('no such entry');
    },
  };
});

describe('item keys', () => {
  it('puts a window in the closer’s index only while it is open', () => {
    // Prepare
    const base = {
      version: 1,
      windowId: 'w1',
      roundId: 'r1',
      kind: 'accepted' as const,
      opensAt: '2026-09-28T02:00:00.000Z',
      closesAt: '2026-10-10T16:00:00.000Z',
      minimumClosesAt: '2026-10-10T16:00:00.000Z',
      calendarVersion: 'v1',
      entries: [],
      struck: [],
    };

    // Act
    const open = keysOf({ type: 'window', record: { ...base, status: 'open' } });
    const closed = keysOf({ type: 'window', record: { ...base, status: 'closed' } });

    // Assess
    expect(open).toMatchObject({ gsi2pk: 'WINDOWS#open', gsi2sk: '2026-10-10T16:00:00.000Z' });
    expect(closed.gsi2pk).toBeUndefined();
  });

  it('keeps an application in its round’s status and jurisdiction indexes', () => {
    // Prepare
    const application = anApplication('a1', 'r1', { status: 'qualified', jurisdiction: '140105' });

    // Act
    const keys = keysOf({ type: 'application', record: application });

    // Assess
    expect(keys).toEqual({
      table: 'applications',
      pk: 'APP#a1',
      sk: 'APP',
      gsi1pk: 'ROUND#r1#APPS',
      gsi1sk: 'qualified#a1',
      gsi2pk: 'OWNER#owner-1',
      gsi2sk: 'APP#a1',
      gsi3pk: 'ROUND#r1#JUR#140105',
      gsi3sk: 'qualified#a1',
    });
  });

  it('puts assignments and score sheets in their round’s review index', () => {
    // Prepare
    const assignment = {
      version: 1,
      roundId: 'r1',
      applicationId: 'a1',
      stage: 'onsite' as const,
      reviewerId: 'rv1',
      status: 'withdrawn' as const,
      assignedAt: '2026-03-01T00:00:00.000Z',
      assignedBy: 'staff-1',
    };
    const score = {
      version: 1,
      roundId: 'r1',
      applicationId: 'a1',
      stage: 'defense' as const,
      reviewerId: 'rv2',
      items: {},
      total: 0,
      rubricVersion: 'v1',
      updatedAt: '2026-03-01T00:00:00.000Z',
    };

    // Act
    const assignmentKeys = keysOf({ type: 'assignment', record: assignment });
    const scoreKeys = keysOf({ type: 'score', record: score });

    // Assess
    expect(assignmentKeys).toMatchObject({
      pk: 'APP#a1',
      sk: 'ASSIGN#onsite#rv1',
      gsi2pk: 'REVIEWER#rv1',
      gsi3pk: 'ROUND#r1#REVIEW',
      gsi3sk: 'ASSIGN#onsite#a1#rv1',
    });
    expect(scoreKeys).toMatchObject({
      pk: 'APP#a1',
      sk: 'SCORE#defense#rv2',
      gsi3pk: 'ROUND#r1#REVIEW',
      gsi3sk: 'SCORE#defense#a1#rv2',
    });
  });

  it('zero-pads round ordinals so that round 10 sorts after round 9', () => {
    // Prepare / Act
    const nine = keysOf({ type: 'round', record: aRound('r9', 9) }).gsi1sk ?? '';
    const ten = keysOf({ type: 'round', record: aRound('r10', 10) }).gsi1sk ?? '';

    // Assess
    expect(nine < ten).toBe(true);
  });

  it('derives evidence ids from the S3 key format only', () => {
    // Prepare / Act / Assess
    expect(parseEvidenceObjectKey('rounds/r1/applications/a1/e1')).toEqual({
      roundId: 'r1',
      applicationId: 'a1',
      evidenceId: 'e1',
    });
    expect(parseEvidenceObjectKey('rounds/r1/applications/a1/e1/extra')).toBeNull();
    expect(parseEvidenceObjectKey('rounds/r1/files/a1/e1')).toBeNull();
    expect(parseEvidenceObjectKey('rounds//applications/a1/e1')).toBeNull();
  });
});

describe('paging and table names', () => {
  it('clamps the page limit to 1..1000 with a default of 100', () => {
    // Prepare / Act / Assess
    expect(pageLimit()).toBe(100);
    expect(pageLimit(Number.NaN)).toBe(100);
    expect(pageLimit(0)).toBe(1);
    expect(pageLimit(2.7)).toBe(2);
    expect(pageLimit(5000)).toBe(1000);
  });

  it('refuses tokens that are not an object of strings', () => {
    // Prepare
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

    // Act / Assess
    expect(decodePageToken(encode({ pk: 'a' }))).toEqual({ pk: 'a' });
    for (const bad of [encode({}), encode({ pk: 1 }), encode(null), encode('x')]) {
      expect(() => decodePageToken(bad)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    }
  });

  it('reads table names from the environment and names local tables by prefix', () => {
    // Prepare
    const env = {
      APPLICATIONS_TABLE: 'app',
      SANCTIONS_TABLE: 'san',
      AUDIT_TABLE: 'aud',
      IDEMPOTENCY_TABLE: 'idem',
    };

    // Act / Assess
    expect(tableNamesFromEnv(env)).toEqual({
      applications: 'app',
      sanctions: 'san',
      audit: 'aud',
      idempotency: 'idem',
    });
    expect(() => tableNamesFromEnv({ ...env, AUDIT_TABLE: '' })).toThrow(/AUDIT_TABLE/);
    expect(tableNamesWithPrefix('tqa')).toEqual({
      applications: 'tqa-applications',
      sanctions: 'tqa-sanctions',
      audit: 'tqa-audit',
      idempotency: 'tqa-idempotency',
    });
  });
});
