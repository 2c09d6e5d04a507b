import { describe, expect, it } from 'vitest';
import { divisionName, findJurisdiction, JURISDICTIONS } from '../../../functions/domain/divisions.ts';
import { DomainError } from '../../../functions/domain/errors.ts';
import {
  creditCodeCheckCharacter,
  hashIdNumber,
  idNumberCheckDigit,
  isRealDate,
  isTaiyuanDivision,
  maskIdNumber,
  maskName,
  maskPhone,
  parseCreditCode,
  parseIdNumber,
} from '../../../functions/domain/identifiers.ts';

/** A valid credit code of a market-regulation-registered enterprise in `division`. */
const creditCode = (division: string, organizationCode = 'MA0K12345'): string => {
  const first17 = `91${division}${organizationCode}`;
  return first17 + creditCodeCheckCharacter(first17);
};

/** A valid ID number registered in `division`, born on `birth` (YYYYMMDD). */
const idNumber = (birth = '19800101', division = '140105', sequence = '123'): string => {
  const first17 = `${division}${birth}${sequence}`;
  return first17 + idNumberCheckDigit(first17);
};

/** Replaces the last character with a different one of the same alphabet. */
const withWrongLast = (value: string, alphabet: string): string => {
  const last = value.at(-1)!;
  const other = [...alphabet].find((c) => c !== last)!;
  return value.slice(0, -1) + other;
};

describe('parseCreditCode (GB 32100-2015)', () => {
  it('accepts the standard example and splits it into its parts', () => {
    // Prepare: the example code printed in GB 32100-2015.
    const code = '91350100M000100Y43';

    // Act
    const result = parseCreditCode(code);

    // Assess
    expect(result).toEqual({
      ok: true,
      code,
      registrationAuthority: '9',
      organizationType: '1',
      divisionCode: '350100',
      organizationCode: 'M000100Y4',
      checkCharacter: '3',
    });
  });

  it('accepts a code built with creditCodeCheckCharacter, in lower case and with spaces', () => {
    // Prepare
    const code = creditCode('140105');

    // Act
    const result = parseCreditCode(` ${code.toLowerCase()} `);

    // Assess
    expect(result).toMatchObject({ ok: true, code, divisionCode: '140105' });
  });

  it('computes 0 when 31 - (sum mod 31) is 31', () => {
    // Prepare: search the first organization code whose check character is 0.
    const first17 = Array.from({ length: 200 }, (_, i) => `91140105MA0K${String(i).padStart(5, '0')}`).find(
      (candidate) => creditCodeCheckCharacter(candidate) === '0',
    );

    // Act
    const result = parseCreditCode(`${first17}0`);

    // Assess
    expect(first17).toBeDefined();
    expect(result.ok).toBe(true);
  });

  it('rejects a wrong check character with a message naming the check character', () => {
    // Prepare
    const code = withWrongLast(creditCode('140105'), '0123456789ABCDEFGHJKLMNPQRTUWXY');

    // Act
    const result = parseCreditCode(code, 'organization.creditCode');

    // Assess
    expect(result).toEqual({
      ok: false,
      findings: [
        {
          path: 'organization.creditCode',
          code: 'INVALID_CREDIT_CODE',
          message: expect.stringContaining('校验码'),
        },
      ],
    });
  });

  it.each([
    ['too short', '91140105MA0K1234', '应为18位'],
    ['too long', '91140105MA0K1234567', '应为18位'],
    ['forbidden letter I', '91140105MA0K1234I5', '格式错误'],
    ['forbidden letter O', 'O1140105MA0K123456', '格式错误'],
    ['forbidden letter Z', '91140105ZA0K123456', '格式错误'],
    ['forbidden letter S', '91140105SA0K123456', '格式错误'],
    ['forbidden letter V', '91140105VA0K123456', '格式错误'],
    ['letters in the division code', '9114A105MA0K123456', '行政区划码'],
    ['punctuation', '91140105-A0K123456', '格式错误'],
  ])('rejects a malformed code (%s)', (_, code, expected) => {
    // Act
    const result = parseCreditCode(code);

    // Assess
    expect(result.ok).toBe(false);
    expect(!result.ok && result.findings).toEqual([
      { path: 'creditCode', code: 'INVALID_CREDIT_CODE', message: expect.stringContaining(expected) },
    ]);
  });

  it('refuses to compute a check character from anything but 17 code characters', () => {
    // Act / Assess
    expect(() => creditCodeCheckCharacter('91140105MA0K1234')).toThrow(DomainError);
    expect(() => creditCodeCheckCharacter('91140105MA0K1234I')).toThrow('17位');
  });
});

describe('isTaiyuanDivision (Art. 9 (1))', () => {
  it.each([
    ['140105', true],
    ['140100', true],
    ['140181', true],
    ['110105', false],
    ['140205', false],
    ['1401', false],
    ['1401AB', false],
  ])('%s → %s', (code, expected) => {
    // Act / Assess
    expect(isTaiyuanDivision(code)).toBe(expected);
  });

  it('uses the prefix it is given', () => {
    // Act / Assess
    expect(isTaiyuanDivision('110105', '1101')).toBe(true);
    expect(isTaiyuanDivision('140105', '1101')).toBe(false);
  });
});

describe('parseIdNumber (GB 11643-1999)', () => {
  it.each([
    ['11010519491231002X', '110105', '1949-12-31', 'female'],
    ['440524188001010014', '440524', '1880-01-01', 'male'],
  ])('accepts the standard example %s', (id, division, birthDate, sex) => {
    // Act
    const result = parseIdNumber(id);

    // Assess
    expect(result).toEqual({ ok: true, idNumber: id, divisionCode: division, birthDate, sex });
  });

  it('normalizes a lower-case x check digit', () => {
    // Act
    const result = parseIdNumber(' 11010519491231002x ');

    // Assess
    expect(result).toMatchObject({ ok: true, idNumber: '11010519491231002X' });
  });

  it('rejects a wrong check digit without echoing the number', () => {
    // Prepare
    const id = withWrongLast(idNumber(), '0123456789X');

    // Act
    const result = parseIdNumber(id, 'members[0].idNumber');

    // Assess
    expect(result).toEqual({
      ok: false,
      findings: [
        {
          path: 'members[0].idNumber',
          code: 'INVALID_ID_NUMBER',
          message: expect.stringContaining('校验码'),
        },
      ],
    });
    expect(JSON.stringify(result)).not.toContain(id.slice(0, 17));
  });

  it.each([
    ['20230230', '2月30日'],
    ['19990229', '非闰年2月29日'],
    ['19801301', '13月'],
    ['19800100', '0日'],
  ])('rejects an impossible birth date %s (%s) even with a correct check digit', (birth) => {
    // Prepare
    const id = idNumber(birth);

    // Act
    const result = parseIdNumber(id);

    // Assess
    expect(!result.ok && result.findings).toEqual([
      { path: 'idNumber', code: 'INVALID_ID_NUMBER', message: expect.stringContaining('出生日期') },
    ]);
  });

  it('accepts 29 February of a leap year', () => {
    // Act
    const result = parseIdNumber(idNumber('20000229'));

    // Assess
    expect(result).toMatchObject({ ok: true, birthDate: '2000-02-29' });
  });

  it.each([['14010519800101123'], ['1401051980010112345'], ['14010519800101X234'], ['']])(
    'rejects a malformed number %j',
    (id) => {
      // Act
      const result = parseIdNumber(id);

      // Assess
      expect(!result.ok && result.findings[0]).toMatchObject({
        code: 'INVALID_ID_NUMBER',
        message: expect.stringContaining('18位'),
      });
    },
  );

  it('refuses to compute a check digit from anything but 17 digits', () => {
    // Act / Assess
    expect(() => idNumberCheckDigit('1401051980010112X')).toThrow(DomainError);
    expect(() => idNumberCheckDigit('1401051980010112')).toThrow('17位');
  });
});

describe('isRealDate', () => {
  it.each([
    [2024, 2, 29, true],
    [2023, 2, 29, false],
    [1900, 2, 29, false],
    [2023, 12, 31, true],
    [2023, 4, 31, false],
    [2023, 0, 1, false],
    [2023, 1, 0, false],
    [2023.5, 1, 1, false],
  ])('%d-%d-%d → %s', (y, m, d, expected) => {
    // Act / Assess
    expect(isRealDate(y, m, d)).toBe(expected);
  });
});

describe('masking personal data', () => {
  it('keeps the first 3 and last 2 characters of an ID number', () => {
    // Act / Assess
    expect(maskIdNumber('11010519491231002x')).toBe('110*************2X');
  });

  it('masks every character of a value too short to hide anything', () => {
    // Act / Assess
    expect(maskIdNumber('1234')).toBe('****');
    expect(maskPhone('1234567')).toBe('*******');
  });

  it('keeps the first 3 and last 4 digits of a phone number', () => {
    // Act / Assess
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone(' 0351-7654321 ')).toBe('035*****4321');
  });

  it.each([
    ['张三', '张*'],
    ['欧阳娜娜', '欧***'],
    ['李', '*'],
    ['', ''],
  ])('masks the name %j as %j', (name, masked) => {
    // Act / Assess
    expect(maskName(name)).toBe(masked);
  });
});

describe('hashIdNumber', () => {
  it('is the hex HMAC-SHA256 of the upper-cased number', () => {
    // Act
    const hash = hashIdNumber('11010519491231002x', 'test-key');

    // Assess: `printf 11010519491231002X | openssl dgst -sha256 -hmac test-key`.
    expect(hash).toBe('e7e0eb61ae93a5d9c2f43cd2056a34d92ff70ef7a296f76090e36c880b9f26bb');
    expect(hash).toBe(hashIdNumber('11010519491231002X', 'test-key'));
  });

  it('depends on the key', () => {
    // Act / Assess
    expect(hashIdNumber('11010519491231002X', 'key-a')).not.toBe(hashIdNumber('11010519491231002X', 'key-b'));
  });
});

describe('divisions', () => {
  it('lists the ten county-level divisions of Taiyuan under their division codes', () => {
    // Act
    const divisions = JURISDICTIONS.filter((j) => j.divisionCode !== undefined);

    // Assess
    expect(divisions.map((j) => j.id)).toEqual([
      '140105',
      '140106',
      '140107',
      '140108',
      '140109',
      '140110',
      '140121',
      '140122',
      '140123',
      '140181',
    ]);
    expect(divisions.every((j) => j.id === j.divisionCode && isTaiyuanDivision(j.id))).toBe(true);
  });

  it('has unique ids', () => {
    // Act / Assess
    expect(new Set(JURISDICTIONS.map((j) => j.id)).size).toBe(JURISDICTIONS.length);
  });

  it('finds jurisdictions by id, including zones and departments without a division code', () => {
    // Act / Assess
    expect(findJurisdiction('140181')).toEqual({
      id: '140181',
      name: '古交市',
      kind: 'county-level-city',
      divisionCode: '140181',
    });
    expect(findJurisdiction('dept-market-regulation')).toMatchObject({
      name: '太原市市场监督管理局',
      kind: 'department',
    });
    expect(findJurisdiction('zone-stainless-steel')).toMatchObject({ kind: 'development-zone' });
    expect(findJurisdiction('zone-stainless-steel')?.divisionCode).toBeUndefined();
    expect(findJurisdiction('110105')).toBeUndefined();
  });

  it('names division codes', () => {
    // Act / Assess
    expect(divisionName('140105')).toBe('小店区');
    expect(divisionName('140123')).toBe('娄烦县');
    expect(divisionName('140100')).toBe('太原市');
    expect(divisionName('110105')).toBeUndefined();
  });
});
