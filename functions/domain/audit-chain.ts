/**
 * The audit trail's hash chain (DESIGN.md §6: append-only and hash-chained so tampering is
 * detectable). Pure functions shared by the DynamoDB store, the in-memory store and the
 * supervisor's verification. Per entity: entry n has `prevHash` = hash of entry n-1 (64 zeros for
 * the first) and `hash` = SHA-256 hex of `prevHash` + the canonical JSON of the entry without its
 * two hashes (the event's fields and its `seq`, so a renumbered entry breaks the chain too).
 */
import { createHash } from 'node:crypto';

/** One recorded change: `{entity}.{verb in the past tense}` with before/after snapshots. */
export interface AuditEvent {
  entityId: string;
  entityType: string;
  /** `{entity}.{verb in the past tense}`: application.created, round.advanced, … */
  action: string;
  actor: string;
  role: string;
  at: string;
  /** The round the change concerns, when it concerns one: the supervisors' search by round. */
  roundId?: string;
  before?: unknown;
  after?: unknown;
  /**
   * The Idempotency-Key request that made the change (a digest of caller, route and key; no
   * personal data), when it came with one: how a retry finds that it already committed.
   */
  requestId?: string;
}

/** An event as stored: its place in the entity's chain and the hashes that link it. */
export interface AuditEntry extends AuditEvent {
  seq: number;
  prevHash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** The last entry of an entity's chain, kept in the audit table's HEAD item. */
export interface AuditHead {
  seq: number;
  hash: string;
}

function serialize(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(serialize).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${serialize((value as Record<string, unknown>)[key])}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Plain JSON data, as it is stored: `toJSON` applied, undefined members dropped. */
export const toJsonData = <T>(value: T): T => JSON.parse(JSON.stringify(value ?? null)) as T;

/** JSON with object members sorted by key at every level, so equal data hashes equally. */
export const canonicalJson = (value: unknown): string => serialize(toJsonData(value));

/** SHA-256 hex of the previous hash and the canonical JSON of the entry body. */
export const auditHash = (prevHash: string, body: unknown): string =>
  createHash('sha256')
    .update(prevHash + canonicalJson(body), 'utf8')
    .digest('hex');

/** Appends events to an entity's chain: returns the new entries (seq head+1, …) and the new head. */
export function chainAuditEvents(
  head: AuditHead | null,
  events: readonly AuditEvent[],
): { entries: AuditEntry[]; head: AuditHead } {
  let seq = head?.seq ?? 0;
  let prevHash = head?.hash ?? GENESIS_HASH;
  const entries: AuditEntry[] = [];
  for (const event of events) {
    seq += 1;
    const body = { ...toJsonData(event), seq };
    const hash = auditHash(prevHash, body);
    entries.push({ ...body, prevHash, hash });
    prevHash = hash;
  }
  return { entries, head: { seq, hash: prevHash } };
}

export interface AuditChainBreak {
  entityId: string;
  seq: number;
  reason: 'sequence' | 'link' | 'hash';
}

/**
 * The first place where the chain does not hold, or null. Entries are checked per entity in the
 * order given (as `listAudit` returns them); each entity's chain must start at seq 1.
 */
export function findAuditChainBreak(entries: readonly AuditEntry[]): AuditChainBreak | null {
  const last = new Map<string, AuditHead>();
  for (const entry of entries) {
    const previous = last.get(entry.entityId) ?? { seq: 0, hash: GENESIS_HASH };
    const { prevHash, hash, ...body } = entry;
    if (entry.seq !== previous.seq + 1)
      return { entityId: entry.entityId, seq: entry.seq, reason: 'sequence' };
    if (prevHash !== previous.hash) return { entityId: entry.entityId, seq: entry.seq, reason: 'link' };
    if (auditHash(prevHash, body) !== hash)
      return { entityId: entry.entityId, seq: entry.seq, reason: 'hash' };
    last.set(entry.entityId, { seq: entry.seq, hash });
  }
  return null;
}

/** True when every entity's chain in `entries` recomputes from genesis (tests, the supervisor). */
export const auditChainIsIntact = (entries: readonly AuditEntry[]): boolean =>
  findAuditChainBreak(entries) === null;
