/**
 * The audit trail of one entity (DESIGN.md §6: append-only and hash-chained), for supervisors
 * (Art. 15) and the office. Each entry says whether the chain up to it recomputes, so tampering
 * with any earlier entry shows.
 */
import { findAuditChainBreak } from '../domain/audit-chain.ts';
import type { Deps } from '../ports/deps.ts';
import type { Actor, AuditEntry } from '../ports/records.ts';
import { requireRole } from './applications/context.ts';

export interface CheckedAuditEntry extends AuditEntry {
  /** True when this entry and every one before it in the entity's chain verify. */
  chainIntact: boolean;
}

/** The entity's entries in order, each with its chain check. */
export async function listAudit(
  deps: Deps,
  actor: Actor,
  input: { entityId: string },
): Promise<CheckedAuditEntry[]> {
  requireRole(actor, 'supervisor', 'staff');
  const entries = await deps.store.listAudit(input.entityId);
  const broken = findAuditChainBreak(entries);
  return entries.map((entry) => ({ ...entry, chainIntact: broken === null || entry.seq < broken.seq }));
}
