/**
 * `Idempotency-Key` support for writes that create things (API.md "Conventions"): the same key and
 * request return the stored response and create nothing; the same key with another request is
 * refused (422 IDEMPOTENCY_CONFLICT). This file holds the port and its in-memory implementation;
 * `adapters/dynamodb/idempotency-store.ts` implements it on the `idempotency` table.
 */
import { createHash } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Clock } from '../ports/clock.ts';

/** The response kept for replay: the finished API Gateway result (status, headers, body). */
export type StoredResponse = APIGatewayProxyStructuredResultV2;

export interface IdempotencyRecord {
  key: string;
  /** Fingerprint of the request (path parameters, query and body): a different request is a conflict. */
  bodyHash: string;
  status: 'in-progress' | 'completed';
  /** Epoch seconds after which the record no longer counts (the table's TTL attribute). */
  expiresAt: number;
  response?: StoredResponse;
}

/** The port the HTTP stack uses; keys are built by `idempotencyRecordKey`. Expired records are absent. */
export interface IdempotencyStore {
  /** The live record for `key`, if any. */
  get(key: string): Promise<IdempotencyRecord | undefined>;
  /** Claims `key` for a request; false when a live record already holds it (another request won). */
  putInProgress(key: string, bodyHash: string, ttlSeconds: number): Promise<boolean>;
  /** Stores the response to replay for `ttlSeconds`. */
  complete(key: string, response: StoredResponse, ttlSeconds: number): Promise<void>;
  /** Drops an in-progress claim after a failure, so a retry runs again (a completed record stays). */
  release(key: string): Promise<void>;
}

/** Actor + route + client key: one caller's key never collides with another's or another route's. */
export const idempotencyRecordKey = (sub: string, routeKey: string, clientKey: string): string =>
  `http#${sub}#${routeKey}#${clientKey}`;

/** JSON with object keys sorted, so `{a,b}` and `{b,a}` fingerprint the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** SHA-256 (hex) of the canonical JSON of a request's parts. */
export const requestFingerprint = (parts: unknown): string =>
  createHash('sha256').update(canonicalJson(parts), 'utf8').digest('hex');

/** Process-local store: tests and the single-process local platform. */
export class InMemoryIdempotencyStore implements IdempotencyStore {
  readonly #records = new Map<string, IdempotencyRecord>();
  readonly #clock: Clock;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  #nowSeconds(): number {
    return Math.floor(this.#clock.now().getTime() / 1000);
  }

  async get(key: string): Promise<IdempotencyRecord | undefined> {
    const record = this.#records.get(key);
    if (!record || record.expiresAt <= this.#nowSeconds()) return undefined;
    return structuredClone(record);
  }

  async putInProgress(key: string, bodyHash: string, ttlSeconds: number): Promise<boolean> {
    if (await this.get(key)) return false;
    this.#records.set(key, {
      key,
      bodyHash,
      status: 'in-progress',
      expiresAt: this.#nowSeconds() + ttlSeconds,
    });
    return true;
  }

  async complete(key: string, response: StoredResponse, ttlSeconds: number): Promise<void> {
    const record = this.#records.get(key);
    if (!record) return;
    this.#records.set(key, {
      ...record,
      status: 'completed',
      response: structuredClone(response),
      expiresAt: this.#nowSeconds() + ttlSeconds,
    });
  }

  async release(key: string): Promise<void> {
    if (this.#records.get(key)?.status === 'in-progress') this.#records.delete(key);
  }
}
