/** Identifier generation is a dependency too, so tests can be deterministic. */
export interface IdGenerator {
  next(prefix: string): string;
}

/**
 * The prefix of a keyed request's own id: the first `next(REQUEST_ID_PREFIX)` of an Idempotency-Key
 * request is what its commits stamp on their audit events (shared/http.ts), so a retry can tell its
 * earlier run's entries from everyone else's (use-cases/earlier-request.ts). No use case draws ids
 * with it.
 */
export const REQUEST_ID_PREFIX = 'request';
