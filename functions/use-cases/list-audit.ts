/**
 * The audit trail of one entity (DESIGN.md §6: append-only and hash-chained), for supervisors
 * (Art. 15) and the office. Each entry says whether the chain up to it recomputes, so tampering
 * with any earlier entry shows.
 */
import { auditHash, findAuditChainBreak } from '../domain/audit-chain.ts';
import type { Deps } from '../ports/deps.ts';
import type { Actor, AuditEntry } from '../ports/records.ts';
import type { AuditSearch, Page, PageRequest } from '../ports/store.ts';
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

/**
 * The supervisors' search by actor, round and time, newest first, one page. A page holds entries of
 * many chains, so each is checked on its own (its hash recomputes from its body and `prevHash`);
 * the links between entries are checked by the entity's trail and by the daily verifier.
 */
export async function searchAudit(
  deps: Deps,
  actor: Actor,
  input: AuditSearch & PageRequest,
): Promise<Page<CheckedAuditEntry>> {
  requireRole(actor, 'supervisor', 'staff');
  const { limit, nextToken, ...search } = input;
  const page = await deps.store.searchAudit(search, {
    ...(limit === undefined ? {} : { limit }),
    ...(nextToken === undefined ? {} : { nextToken }),
  });
  return { ...page, items: page.items.map((entry) => ({ ...entry, chainIntact: entryHashHolds(entry) })) };
}

function entryHashHolds(entry: AuditEntry): boolean {
  const { prevHash, hash, ...body } = entry;
  return auditHash(prevHash, body) === hash;
}
