/**
 * Ids for one Idempotency-Key request, derived from its record key (caller + route + client key):
 * the n-th `next(prefix)` of a request returns the same id on every run of that request. A create
 * whose process died after its commit but before its response was stored is therefore found again
 * on the retry (the route's `recover`, route.ts) instead of being written a second time, and a
 * re-run that did get as far as the commit fails it on its own earlier record (VERSION_CONFLICT)
 * rather than create a twin. Same shape as RandomIdGenerator's: `{prefix}_{21 hex}`.
 */
import { createHash } from 'node:crypto';
import type { IdGenerator } from '../ports/ids.ts';

export { REQUEST_ID_PREFIX } from '../ports/ids.ts';

export class RequestIdGenerator implements IdGenerator {
  readonly #counts = new Map<string, number>();

  constructor(private readonly claimKey: string) {}

  next(prefix: string): string {
    const n = this.#counts.get(prefix) ?? 0;
    this.#counts.set(prefix, n + 1);
    const digest = createHash('sha256').update(`${this.claimKey}\n${prefix}\n${n}`, 'utf8').digest('hex');
    return `${prefix}_${digest.slice(0, 21)}`;
  }
}
