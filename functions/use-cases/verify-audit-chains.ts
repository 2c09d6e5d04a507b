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
      // The HEAD list is an index (eventually consistent, and read before the entries): a chain
      // that grew meanwhile has entries past the HEAD it showed, chained onto the entry the HEAD
      // names. What must hold is that this entry is there with the HEAD's hash: an edited, deleted
      // or truncated end fails it, and the entries after it are checked link by link above.
      const atHead = entries.find((entry) => entry.seq === head.seq);
      if (broken) report.breaks.push(broken);
      else if (atHead?.hash !== head.hash)
        report.breaks.push({ entityId: head.entityId, seq: entries.at(-1)?.seq ?? 0, reason: 'head' });
    }
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return report;
}
