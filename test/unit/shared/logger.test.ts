import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger, REDACTED, redact, redactText } from '../../../functions/shared/logger.ts';

const ID_NUMBER = '110101199003074514';
const PHONE = '13812345678';

/** Log lines written while `act` runs, parsed. */
function captureLogs(act: () => void): Record<string, unknown>[] {
  const lines: string[] = [];
  const record = (chunk: string | Uint8Array) => {
    lines.push(chunk.toString());
    return true;
  };
  // Powertools writes INFO to stdout and ERROR to stderr.
  const spies = [
    vi.spyOn(process.stdout, 'write').mockImplementation(record),
    vi.spyOn(process.stderr, 'write').mockImplementation(record),
  ];
  try {
    act();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return lines
    .join('')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('PII redaction in logs', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('masks ID numbers and mobile numbers anywhere in a log line, and drops secrets', () => {
    // Prepare
    const logger = createLogger({ serviceName: 'test', logLevel: 'INFO' });

    // Act
    const [line] = captureLogs(() =>
      logger.info(`objection from ${PHONE}`, {
        members: [{ name: '张三', idNumber: ID_NUMBER }],
        note: `证件号 ${ID_NUMBER.slice(0, 17)}x，电话${PHONE}`,
        contact: { phone: Number(PHONE) },
        headers: { authorization: 'Bearer eyJhbGciOi...', 'content-type': 'application/json' },
      }),
    );

    // Assess
    const text = JSON.stringify(line);
    expect(text).not.toContain(ID_NUMBER.slice(3, 16));
    expect(text).not.toContain(PHONE);
    expect(line).toMatchObject({
      message: 'objection from 138****5678',
      members: [{ name: '张三', idNumber: '110*************14' }],
      note: '证件号 110*************1X，电话138****5678',
      contact: { phone: '138****5678' },
      headers: { authorization: REDACTED, 'content-type': 'application/json' },
    });
  });

  it('masks personal data inside logged errors', () => {
    // Prepare
    const logger = createLogger({ serviceName: 'test' });

    // Act
    const [line] = captureLogs(() =>
      logger.error('lookup failed', new Error(`no sanction for ${ID_NUMBER}`)),
    );

    // Assess
    expect(JSON.stringify(line)).not.toContain(ID_NUMBER);
    expect(JSON.stringify(line)).toContain('110*************14');
  });

  it('masks landlines and mobiles written with the country code', () => {
    // Act
    const text = redactText(
      '座机 0351-7654321，总机 010 87654321-123，手机 +8613812345678 或 86 13812345678',
    );

    // Assess
    expect(text).toBe('座机 035*****4321，总机 010*********-123，手机 +86*******5678 或 86 *******5678');
    expect(JSON.stringify(redact({ contact: { phone: '03517654321' } }))).toBe(
      '{"contact":{"phone":"035****4321"}}',
    );
  });

  it('leaves ids, hashes and dates with zeros alone', () => {
    // Act
    const text = redactText(
      'app_0351765432abc request a0351-7654321b date 2026-03-02 sha 0351765432109876aa',
    );

    // Assess
    expect(text).toBe('app_0351765432abc request a0351-7654321b date 2026-03-02 sha 0351765432109876aa');
  });

  it('leaves credit codes, timestamps and other numbers alone', () => {
    // Act
    const text = redactText(
      'credit 91140100MA0K12345X at 1764300000000, amount 50000, id 12345678901234567890',
    );

    // Assess
    expect(text).toBe('credit 91140100MA0K12345X at 1764300000000, amount 50000, id 12345678901234567890');
  });

  it('redact() returns a masked deep copy for other channels', () => {
    // Prepare
    const payload = { objector: { phone: PHONE, idNumber: ID_NUMBER }, count: 2 };

    // Act
    const copy = redact(payload);

    // Assess
    expect(copy).toEqual({ objector: { phone: '138****5678', idNumber: '110*************14' }, count: 2 });
    expect(payload.objector.phone).toBe(PHONE);
  });
});
