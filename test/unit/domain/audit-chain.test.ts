import { describe, expect, it } from 'vitest';
import {
  type AuditEntry,
  type AuditEvent,
  auditChainIsIntact,
  auditHash,
  canonicalJson,
  chainAuditEvents,
  findAuditChainBreak,
  GENESIS_HASH,
} from '../../../functions/domain/audit-chain.ts';

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

describe('auditChainIsIntact', () => {
  it('accepts an untouched chain and rejects an edited one', () => {
    // Prepare
    const { entries } = chainAuditEvents(null, [event, event]);
    const [first, second] = entries as [AuditEntry, AuditEntry];

    // Act / Assess
    expect(auditChainIsIntact(entries)).toBe(true);
    expect(auditChainIsIntact([first, { ...second, actor: 'someone-else' }])).toBe(false);
  });
});
