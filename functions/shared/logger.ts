/**
 * The Powertools Logger singleton, with personal data masked in every log line (DESIGN.md §5–6:
 * ID numbers and phones never reach the logs in full). Masking happens in the JSON replacer, so it
 * covers handler authors' own `logger.info(…, payload)` calls and logged errors alike.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { maskIdNumber, maskPhone } from '../domain/identifiers.ts';

/** A resident ID number (GB 11643): region, birth date, sequence, check character. */
const ID_NUMBER =
  /(?<!\d)[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![\dXx])/g;
/** A mainland mobile number: 11 digits starting 13–19, with or without +86 / 86 before it. */
const PHONE = /(?<!\d)(?:\+?86[ -]?)?1[3-9]\d{9}(?!\d)/g;
/**
 * A mainland landline: a 0-prefixed area code, the number and an optional extension
 * (`0351-7654321`, `010 87654321-123`). Bounded by non-word characters, so ids and hashes are left alone.
 */
const LANDLINE = /(?<![\w+-])0\d{2,3}[- ]?[1-9]\d{6,7}(?:-\d{1,6})?(?![\w-])/g;

/** Keys whose values are secrets: dropped entirely. */
const SECRET_KEYS =
  /^(authorization|cookie|set-cookie|password|secret|token|idtoken|accesstoken|refreshtoken|x-api-key)$/i;

export const REDACTED = '[REDACTED]';

/** Masks ID numbers and phone numbers inside any text (`140*************3X`, `138****5678`, `035*****4321`). */
export const redactText = (text: string): string =>
  text
    .replace(ID_NUMBER, (id) => maskIdNumber(id))
    .replace(PHONE, (phone) => maskPhone(phone))
    .replace(LANDLINE, (phone) => maskPhone(phone));

/** The JSON replacer the logger uses: secrets by key, PII by pattern, errors as masked plain objects. */
export function redactingReplacer(key: string, value: unknown): unknown {
  if (SECRET_KEYS.test(key) && value !== undefined && value !== null) return REDACTED;
  if (typeof value === 'string') return redactText(value);
  if (typeof value === 'number' && Number.isInteger(value)) {
    const masked = redactText(String(value));
    return masked === String(value) ? value : masked;
  }
  if (value instanceof Error) {
    return {
      name: value.name,
      message: redactText(value.message),
      ...(value.stack ? { stack: redactText(value.stack) } : {}),
      ...('code' in value && typeof value.code === 'string' ? { code: value.code } : {}),
    };
  }
  return value;
}

/** A deep copy of `value` with the same masking as the logs: for payloads leaving through other channels. */
export const redact = <T>(value: T): T =>
  value === undefined ? value : (JSON.parse(JSON.stringify(value, redactingReplacer)) as T);

/** A Logger with masking; `options` for tests (e.g. `{ logLevel: 'SILENT' }`) or another service name. */
export const createLogger = (options: ConstructorParameters<typeof Logger>[0] = {}): Logger =>
  new Logger({
    serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'taiyuan-quality-award',
    jsonReplacerFn: redactingReplacer,
    ...options,
  });

/** The process-wide logger (one per Lambda container, as Powertools recommends). */
export const logger: Logger = createLogger();
