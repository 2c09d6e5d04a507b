/**
 * Page limits and opaque page tokens (base64url JSON), shared by the DynamoDB store (where the
 * token wraps LastEvaluatedKey) and the in-memory fake.
 */
import { DomainError } from '../../domain/errors.ts';

export const DEFAULT_PAGE_LIMIT = 100;
export const MAX_PAGE_LIMIT = 1000;

/** The requested limit clamped to 1..MAX_PAGE_LIMIT (DEFAULT_PAGE_LIMIT when absent or not a number). */
export function pageLimit(limit?: number): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_PAGE_LIMIT;
  return Math.min(MAX_PAGE_LIMIT, Math.max(1, Math.floor(limit)));
}

export const encodePageToken = (position: Record<string, string>): string =>
  Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');

const invalidToken = (): DomainError =>
  new DomainError('VALIDATION_FAILED', '分页令牌无效', [
    { path: 'nextToken', code: 'VALIDATION_FAILED', message: '分页令牌无效，请从第一页重新查询' },
  ]);

/** Decodes a token made by `encodePageToken`; anything else is a VALIDATION_FAILED (never a 5xx). */
export function decodePageToken(token: string): Record<string, string> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalidToken();
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalidToken();
  const entries = Object.entries(value);
  if (entries.length === 0 || entries.some(([, v]) => typeof v !== 'string')) throw invalidToken();
  return value as Record<string, string>;
}

/** Throws the same VALIDATION_FAILED when a decoded token does not belong to the query it is used with. */
export function assertTokenBelongs(belongs: boolean): void {
  if (!belongs) throw invalidToken();
}
