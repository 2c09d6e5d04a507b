import { describe, expect, it } from 'vitest';
import {
  auditHash,
  canonicalJson,
  chainAuditEvents,
  findAuditChainBreak,
  GENESIS_HASH,
} from '../../functions/adapters/dynamodb/audit-chain.ts';
import { keysOf, parseEvidenceObjectKey } from '../../functions/adapters/dynamodb/keys.ts';
import { decodePageToken, pageLimit } from '../../functions/adapters/dynamodb/paging.ts';
import { tableNamesFromEnv, tableNamesWithPrefix } from '../../functions/adapters/dynamodb/tables.ts';
import { MemoryStore } from '../../functions/adapters/memory/memory-store.ts';
import type { AuditEvent } from '../../functions/ports/records.ts';
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

const event: AuditEvent = {
  entityId: 'r1',
  entityType: 'round',
  action: 'round.created',
  actor: 'staff-1',
  role: 'staff',
  at: '2026-03-01T00:00:00.000Z',
};

describe('audit chain helpers', () => {
  it('serializes objects with sorted keys at every level', () => {
    // Prepare
    const a = { b: 1, a: { d: [1, { y: 2, x: undefined, w: '值' }], c: null } };
    const b = { a: { c: null, d: [1, { w: '值', y: 2 }] }, b: 1 };

    // Act
    const json = canonicalJson(a);

    // Assess
    expect(json).toBe('{"a":{"c":null,"d":[1,{"w":"值","y":2}]},"b":1}');
    expect(canonicalJson(b)).toBe(json);
  });

  it('hashes the previous hash with the entry body, SHA-256 hex', () => {
    // Prepare
    const { entries } = chainAuditEvents(null, [event]);

    // Act
    const recomputed = auditHash(GENESIS_HASH, { ...event, seq: 1 });

    // Assess
    expect(entries[0]?.hash).toBe(recomputed);
    expect(recomputed).toMatch(/^[0-9a-f]{64}$/);
  });

  it('continues a chain from its head', () => {
    // Prepare
    const first = chainAuditEvents(null, [event, event]);

    // Act
    const next = chainAuditEvents(first.head, [event]);

    // Assess
    expect(next.entries[0]).toMatchObject({ seq: 3, prevHash: first.head.hash });
    expect(findAuditChainBreak([...first.entries, ...next.entries])).toBeNull();
  });

  it('names the kind of break: a missing entry, a relinked entry, an edited entry', () => {
    // Prepare
    const { entries } = chainAuditEvents(null, [event, event, event]);
    const [e1, e2, e3] = entries as [(typeof entries)[0], (typeof entries)[0], (typeof entries)[0]];

    // Act
    const missing = findAuditChainBreak([e1, e3]);
    const relinked = findAuditChainBreak([e1, { ...e2, prevHash: GENESIS_HASH }]);
    const edited = findAuditChainBreak([e1, e2, { ...e3, role: 'leader' }]);
    const truncatedStart = findAuditChainBreak([e2, e3]);

    // Assess
    expect(missing).toEqual({ entityId: 'r1', seq: 3, reason: 'sequence' });
    expect(relinked).toEqual({ entityId: 'r1', seq: 2, reason: 'link' });
    expect(edited).toEqual({ entityId: 'r1', seq: 3, reason: 'hash' });
    expect(truncatedStart).toEqual({ entityId: 'r1', seq: 2, reason: 'sequence' });
  });
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
