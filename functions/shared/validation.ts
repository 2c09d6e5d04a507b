/**
 * zod 4 → Chinese field errors. Requests are parsed with `zhErrorMap` so every default message is
 * Chinese; messages written by schema authors (`.refine(fn, '…')`, `z.string().min(1, '…')`) win
 * over it. `issuesToFindings` turns the issues into the `errors` of a problem+json body, one entry
 * per failing field, with paths like `members[1].idNumber` or `organization.creditCode`.
 */
import type { z } from 'zod';
import { DomainError, type Finding } from '../domain/errors.ts';

type RawIssue = z.core.$ZodRawIssue;
type Issue = z.core.$ZodIssue;

const TYPE_NAMES: Record<string, string> = {
  string: '字符串',
  number: '数字',
  int: '整数',
  boolean: '布尔值（true 或 false）',
  bigint: '整数',
  array: '数组',
  object: '对象',
  record: '对象',
  tuple: '数组',
  date: '日期',
  null: '空值',
  undefined: '空',
  map: '对象',
  set: '数组',
  file: '文件',
  nan: 'NaN',
};

const FORMAT_MESSAGES: Record<string, string> = {
  email: '电子邮件地址格式不正确',
  url: '网址格式不正确',
  uuid: '应为 UUID',
  guid: '应为 GUID',
  date: '日期格式应为 YYYY-MM-DD',
  datetime: '时间格式应为 ISO 8601，例如 2026-09-28T09:00:00+08:00',
  time: '时刻格式应为 HH:mm:ss',
  duration: '时长格式应为 ISO 8601',
  e164: '电话号码格式不正确',
  ipv4: '应为 IPv4 地址',
  ipv6: '应为 IPv6 地址',
  base64: '应为 Base64 编码',
  base64url: '应为 Base64url 编码',
  jwt: '应为 JWT',
  regex: '格式不正确',
};

const quote = (value: unknown): string => (typeof value === 'string' ? `“${value}”` : String(value));

/** The Chinese noun for what was expected; `undefined` input is reported as a missing field. */
function invalidTypeMessage(expected: string, input: unknown, hasInput: boolean): string {
  if (hasInput && input === undefined) return '此项为必填项';
  if (hasInput && input === null) return '不能为空值';
  return `应为${TYPE_NAMES[expected] ?? expected}`;
}

function sizeMessage(issue: {
  origin: string;
  bound: number | bigint;
  inclusive?: boolean;
  exact?: boolean;
  small: boolean;
}): string {
  const { origin, bound, inclusive = true, exact = false, small } = issue;
  const n = bound.toString();
  if (origin === 'string') {
    if (exact) return `长度必须为 ${n} 个字符`;
    if (small && Number(bound) <= 1 && inclusive) return '不能为空';
    return small ? `至少 ${n} 个字符` : `不能超过 ${n} 个字符`;
  }
  if (origin === 'array' || origin === 'set') {
    if (exact) return `必须为 ${n} 项`;
    if (small && Number(bound) <= 1 && inclusive) return '至少需要 1 项';
    return small ? `至少 ${n} 项` : `最多 ${n} 项`;
  }
  if (origin === 'file') return small ? `文件不能小于 ${n} 字节` : `文件不能超过 ${n} 字节`;
  if (origin === 'date') {
    const when = new Date(Number(bound)).toISOString();
    return small ? `不能早于 ${when}` : `不能晚于 ${when}`;
  }
  if (small) return inclusive ? `不能小于 ${n}` : `必须大于 ${n}`;
  return inclusive ? `不能大于 ${n}` : `必须小于 ${n}`;
}

/**
 * The Chinese message for one zod issue. Works on raw issues (inside an error map, where `input`
 * is known and a missing field reads "必填") and on finished issues of a thrown `ZodError`.
 */
export function issueMessage(issue: RawIssue | Issue): string {
  const hasInput = 'input' in issue;
  switch (issue.code) {
    case 'invalid_type':
      return invalidTypeMessage(issue.expected, issue.input, hasInput);
    case 'too_small':
      return sizeMessage({ ...issue, bound: issue.minimum, small: true });
    case 'too_big':
      return sizeMessage({ ...issue, bound: issue.maximum, small: false });
    case 'invalid_format': {
      const details = issue as unknown as { prefix?: string; suffix?: string; includes?: string };
      if (issue.format === 'starts_with') return `必须以${quote(details.prefix)}开头`;
      if (issue.format === 'ends_with') return `必须以${quote(details.suffix)}结尾`;
      if (issue.format === 'includes') return `必须包含${quote(details.includes)}`;
      return FORMAT_MESSAGES[issue.format] ?? '格式不正确';
    }
    case 'not_multiple_of':
      return `必须是 ${issue.divisor} 的倍数`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `取值必须为${quote(issue.values[0])}`
        : `取值必须为以下之一：${issue.values.map((v) => String(v)).join('、')}`;
    case 'unrecognized_keys':
      return `不允许的字段：${issue.keys.join('、')}`;
    case 'invalid_key':
      return '键名无效';
    case 'invalid_element':
      return '包含无效的元素';
    case 'invalid_union': {
      // A discriminated union names its allowed discriminator values.
      const options = (issue as { options?: unknown[] }).options;
      return options && options.length > 0
        ? `取值必须为以下之一：${options.map((v) => String(v)).join('、')}`
        : '不符合任何一种允许的格式';
    }
    default:
      return '输入无效';
  }
}

/** A zod error map giving Chinese default messages; pass it as `{ error: zhErrorMap }` when parsing. */
export const zhErrorMap: z.core.$ZodErrorMap = (issue) => issueMessage(issue);

const CJK = /[\u3400-\u9fff]/;

/** The issue's own message when it is Chinese (ours or a schema author's), else our translation. */
const chineseMessage = (issue: Issue): string =>
  CJK.test(issue.message) ? issue.message : issueMessage(issue);

/** `['members', 1, 'idNumber']` → `members[1].idNumber`; keys that are not identifiers are quoted. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && /^[A-Za-z_$][\w$]*$/.test(segment))
      out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}

function joinPath(prefix: string, path: string): string {
  if (prefix === '') return path;
  if (path === '') return prefix;
  return path.startsWith('[') ? `${prefix}${path}` : `${prefix}.${path}`;
}

/**
 * One finding per failing field, every field listed. Unknown keys give one finding each; a union
 * that matched no option reports the issues of the option that came closest.
 */
export function issuesToFindings(issues: readonly Issue[], prefix = ''): Finding[] {
  const findings: Finding[] = [];
  for (const issue of issues) {
    const path = joinPath(prefix, formatPath(issue.path));
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        findings.push({
          path: joinPath(path, formatPath([key])),
          code: 'VALIDATION_FAILED',
          message: '不允许的字段',
        });
      continue;
    }
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const closest = [...issue.errors].sort((a, b) => a.length - b.length)[0] ?? [];
      if (closest.length > 0) {
        findings.push(...issuesToFindings(closest, path));
        continue;
      }
    }
    findings.push({ path, code: 'VALIDATION_FAILED', message: chineseMessage(issue) });
  }
  return findings;
}

/** The 400 VALIDATION_FAILED error for a set of findings (detail says how many fields failed). */
export const validationError = (findings: readonly Finding[]): DomainError =>
  new DomainError('VALIDATION_FAILED', `请求内容有 ${findings.length} 处不符合要求`, findings);

/** Parses `input` with Chinese messages; returns the value or the findings (paths under `prefix`). */
export async function parseWithFindings<T extends z.ZodType>(
  schema: T,
  input: unknown,
  prefix = '',
): Promise<{ ok: true; value: z.output<T> } | { ok: false; findings: Finding[] }> {
  const result = await schema.safeParseAsync(input, { error: zhErrorMap });
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, findings: issuesToFindings(result.error.issues, prefix) };
}
