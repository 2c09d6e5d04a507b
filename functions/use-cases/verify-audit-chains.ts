/**
 * The scheduled check of the whole audit trail (DESIGN.md §6: tampering must be detectable, not
 * only when a supervisor happens to open an entity). Walks every chain through the HEAD list (one
 * paginated index Query, never a Scan), recomputes each chain from genesis and compares its end
 * with the HEAD, so an edited, renumbered, inserted or deleted entry — at the end too — is a break.
 */
import { type AuditChainBreak, findAuditChainBreak } from '../domain/audit-chain.ts';
import type { Deps } from '../ports/deps.ts';

export interface AuditChainsReport {
  chains: number;
  entries: number;
  /** The first break of each broken chain; `head` when the entries end before or after the HEAD. */
  breaks: (AuditChainBreak | { entityId: string; seq: number; reason: 'head' })[];
}

export async function verifyAuditChains(
  deps: Pick<Deps, 'store'>,
  options: { pageSize?: number } = {},
): Promise<AuditChainsReport> {
  const report: AuditChainsReport = { chains: 0, entries: 0, breaks: [] };
  let nextToken: string | undefined;
  do {
    const page = await deps.store.listAuditChains({
      ...(options.pageSize === undefined ? {} : { limit: options.pageSize }),
      ...(nextToken === undefined ? {} : { nextToken }),
    });
    for (const head of page.items) {
      const entries = await deps.store.listAudit(head.entityId);
      report.chains += 1;
      report.entries += entries.length;
      const broken = findAuditChainBreak(entries);
      const last = entries.at(-1);
      if (broken) report.breaks.push(broken);
      else if (last?.seq !== head.seq || last.hash !== head.hash)
        report.breaks.push({ entityId: head.entityId, seq: last?.seq ?? 0, reason: 'head' });
    }
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return report;
}
