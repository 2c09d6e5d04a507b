/**
 * Identifiers of applicants: the Unified Social Credit Code of organizations (GB 32100-2015) and the
 * resident ID number of individuals (GB 11643-1999), plus masking and hashing of personal data.
 * No message produced here ever contains a full ID number (DESIGN.md §2, Art. 11; PIPL).
 */
import { createHmac } from 'node:crypto';
import { DomainError, type Finding } from './errors.ts';
import { RULEBOOK_2022 } from './rulebook.ts';

export type ParseResult<T> = ({ ok: true } & T) | { ok: false; findings: Finding[] };

// ---------------------------------------------------------------------------------------------
// Unified Social Credit Code (GB 32100-2015)
// ---------------------------------------------------------------------------------------------

/** The 31 characters of GB 32100-2015 in value order (no I, O, Z, S, V). */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Weights 3^(i-1) mod 31 for positions 1–17. */
const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

const CREDIT_CODE_SHAPE = /^[0-9A-HJ-NP-RTUW-Y]{2}[0-9]{6}[0-9A-HJ-NP-RTUW-Y]{10}$/;

export interface CreditCodeParts {
  /** The code, trimmed and upper-cased. */
  code: string;
  /** Position 1: registration authority (e.g. 9 = market regulation, 5 = civil affairs). */
  registrationAuthority: string;
  /** Position 2: type of organization within that authority. */
  organizationType: string;
  /** Positions 3–8: administrative-division code of the registering authority. */
  divisionCode: string;
  /** Positions 9–17: organization code (GB 11714). */
  organizationCode: string;
  /** Position 18: check character. */
  checkCharacter: string;
}

/** Trims and upper-cases a credit code, the form in which it is stored and used as a ban subject. */
export const normalizeCreditCode = (code: string): string => code.trim().toUpperCase();

/** Check character (position 18) of a credit code from its first 17 characters. */
export function creditCodeCheckCharacter(first17: string): string {
  const chars = normalizeCreditCode(first17);
  const values = [...chars].map((c) => CREDIT_CODE_ALPHABET.indexOf(c));
  if (values.length !== 17 || values.some((v) => v < 0)) {
    throw new DomainError('INVALID_CREDIT_CODE', '计算校验码需要17位统一社会信用代码字符');
  }
  const sum = values.reduce((acc, v, i) => acc + v * CREDIT_CODE_WEIGHTS[i]!, 0);
  return CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31]!;
}

/** Parses and checks a Unified Social Credit Code; findings carry `path` and INVALID_CREDIT_CODE. */
export function parseCreditCode(input: string, path = 'creditCode'): ParseResult<CreditCodeParts> {
  const code = normalizeCreditCode(input);
  const fail = (message: string): ParseResult<CreditCodeParts> => ({
    ok: false,
    findings: [{ path, code: 'INVALID_CREDIT_CODE', message }],
  });
  if (code.length !== 18) {
    return fail(`统一社会信用代码应为18位，实际为${code.length}位`);
  }
  if (!CREDIT_CODE_SHAPE.test(code)) {
    return fail(
      '统一社会信用代码格式错误：只能由数字和除 I、O、Z、S、V 以外的大写字母组成，且第3至8位应为6位数字的行政区划码',
    );
  }
  if (creditCodeCheckCharacter(code.slice(0, 17)) !== code[17]) {
    return fail('统一社会信用代码校验码错误（第18位与前17位不符），请核对后重新填写');
  }
  return {
    ok: true,
    code,
    registrationAuthority: code.slice(0, 1),
    organizationType: code.slice(1, 2),
    divisionCode: code.slice(2, 8),
    organizationCode: code.slice(8, 17),
    checkCharacter: code.slice(17),
  };
}

/** Art. 9 (1): whether an administrative-division code belongs to Taiyuan (prefix 1401). */
export const isTaiyuanDivision = (
  divisionCode: string,
  divisionPrefix: string = RULEBOOK_2022.divisionPrefix,
): boolean => /^[0-9]{6}$/.test(divisionCode) && divisionCode.startsWith(divisionPrefix);

// ---------------------------------------------------------------------------------------------
// Resident ID number (GB 11643-1999)
// ---------------------------------------------------------------------------------------------

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK_CHARACTERS = '10X98765432';

export interface IdNumberParts {
  /** The number, trimmed and upper-cased (a trailing x becomes X). */
  idNumber: string;
  /** Positions 1–6: administrative division of first registration. */
  divisionCode: string;
  /** Positions 7–14 as `YYYY-MM-DD`. */
  birthDate: string;
  /** Position 17: odd for men, even for women. */
  sex: 'male' | 'female';
}

/** Trims and upper-cases an ID number (the form that is hashed and compared). */
export const normalizeIdNumber = (idNumber: string): string => idNumber.trim().toUpperCase();

/** Whether year-month-day is a real date of the proleptic Gregorian calendar. */
export function isRealDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last day of this month.
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Check digit (position 18) of an ID number from its first 17 digits. */
export function idNumberCheckDigit(first17: string): string {
  if (!/^[0-9]{17}$/.test(first17)) {
    throw new DomainError('INVALID_ID_NUMBER', '计算校验码需要17位数字');
  }
  const sum = [...first17].reduce((acc, c, i) => acc + Number(c) * ID_WEIGHTS[i]!, 0);
  return ID_CHECK_CHARACTERS[sum % 11]!;
}

/** Parses and checks a resident ID number; findings carry `path` and INVALID_ID_NUMBER, never the number. */
export function parseIdNumber(input: string, path = 'idNumber'): ParseResult<IdNumberParts> {
  const idNumber = normalizeIdNumber(input);
  const fail = (message: string): ParseResult<IdNumberParts> => ({
    ok: false,
    findings: [{ path, code: 'INVALID_ID_NUMBER', message }],
  });
  if (!/^[0-9]{17}[0-9X]$/.test(idNumber)) {
    return fail('居民身份证号码应为18位：前17位为数字，最后一位为数字或X');
  }
  const year = Number(idNumber.slice(6, 10));
  const month = Number(idNumber.slice(10, 12));
  const day = Number(idNumber.slice(12, 14));
  if (!isRealDate(year, month, day)) {
    return fail('居民身份证号码中的出生日期（第7至14位）不是有效日期');
  }
  if (idNumberCheckDigit(idNumber.slice(0, 17)) !== idNumber[17]) {
    return fail('居民身份证号码校验码错误（第18位与前17位不符），请核对后重新填写');
  }
  return {
    ok: true,
    idNumber,
    divisionCode: idNumber.slice(0, 6),
    birthDate: `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`,
    sex: Number(idNumber[16]) % 2 === 1 ? 'male' : 'female',
  };
}

// ---------------------------------------------------------------------------------------------
// Personal data: masking and the HMAC lookup index
// ---------------------------------------------------------------------------------------------

/** Keeps `head` leading and `tail` trailing characters; masks everything if too short to hide anything. */
function maskMiddle(value: string, head: number, tail: number): string {
  const chars = Array.from(value);
  if (chars.length <= head + tail) return '*'.repeat(chars.length);
  return chars.slice(0, head).join('') + '*'.repeat(chars.length - head - tail) + chars.slice(-tail).join('');
}

/** Masks an ID number to its first 3 and last 2 characters: `140*************3X`. */
export const maskIdNumber = (idNumber: string): string => maskMiddle(normalizeIdNumber(idNumber), 3, 2);

/** Masks a phone number to its first 3 and last 4 digits: `138****5678`. */
export const maskPhone = (phone: string): string => maskMiddle(phone.trim(), 3, 4);

/** Masks a person's name to its first character (the surname, usually): `张**`. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  return chars.length <= 1 ? '*'.repeat(chars.length) : chars[0] + '*'.repeat(chars.length - 1);
}

/** HMAC-SHA256 (hex) of the normalized ID number: the lookup index for bans and searches. */
export const hashIdNumber = (idNumber: string, hmacKey: string | Uint8Array): string =>
  createHmac('sha256', hmacKey).update(normalizeIdNumber(idNumber), 'utf8').digest('hex');
