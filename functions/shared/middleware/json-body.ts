/**
 * The JSON body of a route that declares one (routes without a body schema ignore the body and go
 * without this middleware): 413 above the size limit, 400 when it is not JSON, nests deeper than
 * MAX_JSON_DEPTH or holds a number DynamoDB cannot store. The parsed value goes on
 * `request.internal.jsonBody` for validate.ts and for the Idempotency-Key fingerprint; an empty
 * body leaves it undefined (validate.ts says a required body is missing).
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DomainError, type Finding } from '../../domain/errors.ts';
import { formatPath, validationError } from '../validation.ts';
import type { HttpMiddleware } from './request.ts';

/** Deepest nesting of arrays and objects a request body may have; no contract body comes near it. */
export const MAX_JSON_DEPTH = 64;

/** DynamoDB stores no non-zero number closer to 0 than 1E-130: such values are refused at the edge. */
const MIN_NUMBER_MAGNITUDE = 1e-130;

export interface JsonBodyOptions {
  /** The body limit in bytes (after base64 decoding). */
  maxBytes: number;
}

const formatBytes = (bytes: number): string =>
  bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0
    ? `${bytes / (1024 * 1024)} MiB`
    : bytes >= 1024 && bytes % 1024 === 0
      ? `${bytes / 1024} KiB`
      : `${bytes} 字节`;

/** The deepest nesting of arrays and objects in a JSON text (brackets inside strings do not count). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      // A backslash escapes the next character; an unescaped quote ends the string.
      if (c === 0x5c) i += 1;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x5d || c === 0x7d) depth -= 1;
  }
  return deepest;
}

/** Every number in `value` too close to zero to be stored (walked after the depth check). */
function tinyNumbers(value: unknown, path: PropertyKey[] = [], found: Finding[] = []): Finding[] {
  if (typeof value === 'number') {
    if (value !== 0 && Math.abs(value) < MIN_NUMBER_MAGNITUDE) {
      found.push({ path: formatPath(path), code: 'VALIDATION_FAILED', message: '数值过小，无法保存' });
    }
  } else if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) tinyNumbers(item, [...path, index], found);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) tinyNumbers(item, [...path, key], found);
  }
  return found;
}

/**
 * The raw body as JSON, `undefined` when empty. The depth is checked before parsing because later
 * steps (the tiny-number walk, the fingerprint, log masking) walk the body recursively, and bad
 * input must never end in a 5xx.
 */
export function parseJsonBody(event: APIGatewayProxyEventV2, maxBytes: number): unknown {
  if (event.body === undefined || event.body === null || event.body === '') return undefined;
  const bytes = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  if (bytes.byteLength > maxBytes) {
    throw new DomainError('PAYLOAD_TOO_LARGE', `请求体超过 ${formatBytes(maxBytes)} 的上限`);
  }
  const text = bytes.toString('utf8');
  if (text.trim() === '') return undefined;
  if (jsonDepth(text) > MAX_JSON_DEPTH) {
    throw new DomainError('VALIDATION_FAILED', `请求体的嵌套层级超过 ${MAX_JSON_DEPTH} 层`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new DomainError('VALIDATION_FAILED', '请求体不是有效的 JSON');
  }
  const tiny = tinyNumbers(body);
  if (tiny.length > 0) throw validationError(tiny);
  return body;
}

export const jsonBody = ({ maxBytes }: JsonBodyOptions): HttpMiddleware => ({
  name: 'json-body',
  before: (request) => {
    request.internal.jsonBody = parseJsonBody(request.event, maxBytes);
  },
});
