import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  formatPath,
  issueMessage,
  issuesToFindings,
  parseWithFindings,
  validationError,
} from '../../../functions/shared/validation.ts';

const Member = z.object({
  name: z.string().min(1),
  idNumber: z.string().length(18),
  qualityWorkSince: z.iso.date(),
});

const Application = z.strictObject({
  category: z.literal('individual'),
  members: z.array(Member).min(1).max(3),
  jurisdiction: z.enum(['140105', '140106']),
  contact: z.object({ email: z.email(), phone: z.string().regex(/^1\d{10}$/) }),
  score: z.number().int().min(0).max(100),
  summary: z.string().max(5),
});

async function findingsOf(schema: z.ZodType, input: unknown, prefix?: string) {
  const result = await parseWithFindings(schema, input, prefix);
  if (result.ok) throw new Error('expected a failure');
  return Object.fromEntries(result.findings.map((finding) => [finding.path, finding.message]));
}

describe('zod issues → Chinese field errors', () => {
  it('lists every failing field at once, with paths like members[1].idNumber', async () => {
    // Prepare
    const input = {
      category: 'organization',
      members: [
        { name: '张三', idNumber: '110101199003074514', qualityWorkSince: '2015-01-01' },
        { name: '', idNumber: '123', qualityWorkSince: '2015/01/01' },
      ],
      jurisdiction: '999999',
      contact: { email: 'not-an-email', phone: '12' },
      score: 100.5,
      summary: '太长的一段总结文字',
      extra: true,
    };

    // Act
    const findings = await findingsOf(Application, input);

    // Assess
    expect(findings).toEqual({
      category: '取值必须为“individual”',
      'members[1].name': '不能为空',
      'members[1].idNumber': '长度必须为 18 个字符',
      'members[1].qualityWorkSince': '日期格式应为 YYYY-MM-DD',
      jurisdiction: '取值必须为以下之一：140105、140106',
      'contact.email': '电子邮件地址格式不正确',
      'contact.phone': '格式不正确',
      score: '应为整数',
      summary: '不能超过 5 个字符',
      extra: '不允许的字段',
    });
  });

  it('says a missing field is required and a wrong type what it should be', async () => {
    // Prepare
    const schema = z.object({
      title: z.string(),
      ordinal: z.number(),
      sme: z.boolean(),
      tags: z.array(z.string()),
    });

    // Act
    const findings = await findingsOf(schema, { ordinal: '3', sme: null, tags: {} });

    // Assess
    expect(findings).toEqual({
      title: '此项为必填项',
      ordinal: '应为数字',
      sme: '不能为空值',
      tags: '应为数组',
    });
  });

  it('keeps messages written by schema authors and translates refinements without one', async () => {
    // Prepare
    const schema = z.object({
      name: z.string().min(1, '请填写单位名称'),
      closesAt: z.string().refine((value) => value > '2026', '截止时间必须晚于开放时间'),
      anything: z.string().refine((value) => value === 'x'),
    });

    // Act
    const findings = await findingsOf(schema, { name: '', closesAt: '2025', anything: 'y' });

    // Assess
    expect(findings).toEqual({
      name: '请填写单位名称',
      closesAt: '截止时间必须晚于开放时间',
      anything: '输入无效',
    });
  });

  it('reports the closest branch of a discriminated union, and a bad discriminator', async () => {
    // Prepare
    const schema = z.discriminatedUnion('category', [
      z.object({
        category: z.literal('organization'),
        organization: z.object({ creditCode: z.string().length(18) }),
      }),
      z.object({ category: z.literal('individual'), members: z.array(z.string()).min(1) }),
    ]);

    // Act
    const wrongField = await findingsOf(schema, {
      category: 'organization',
      organization: { creditCode: 'x' },
    });
    const wrongKind = await findingsOf(schema, { category: 'team' });

    // Assess
    expect(wrongField).toEqual({ 'organization.creditCode': '长度必须为 18 个字符' });
    expect(wrongKind).toEqual({ category: '取值必须为以下之一：organization、individual' });
  });

  it('picks the branch with the fewest issues of a plain union', async () => {
    // Prepare
    const schema = z.object({
      subject: z.union([
        z.object({ creditCode: z.string() }),
        z.object({ idNumber: z.string(), name: z.string() }),
      ]),
    });

    // Act
    const findings = await findingsOf(schema, { subject: {} });

    // Assess
    expect(findings).toEqual({ 'subject.creditCode': '此项为必填项' });
  });

  it('prefixes query and path parameter errors', async () => {
    // Act
    const findings = await findingsOf(
      z.object({ limit: z.coerce.number().max(100) }),
      { limit: '500' },
      'query',
    );

    // Assess
    expect(findings).toEqual({ 'query.limit': '不能大于 100' });
  });

  it('covers sizes, numbers, formats and other issue codes', () => {
    // Prepare
    const base = { path: [], message: '' };
    const cases: [Parameters<typeof issueMessage>[0], string][] = [
      [{ ...base, code: 'too_small', origin: 'array', minimum: 1, inclusive: true }, '至少需要 1 项'],
      [{ ...base, code: 'too_small', origin: 'array', minimum: 2, inclusive: true }, '至少 2 项'],
      [{ ...base, code: 'too_big', origin: 'array', maximum: 3, inclusive: true }, '最多 3 项'],
      [{ ...base, code: 'too_small', origin: 'array', minimum: 3, exact: true }, '必须为 3 项'],
      [{ ...base, code: 'too_small', origin: 'string', minimum: 6, inclusive: true }, '至少 6 个字符'],
      [{ ...base, code: 'too_small', origin: 'number', minimum: 0, inclusive: true }, '不能小于 0'],
      [{ ...base, code: 'too_small', origin: 'number', minimum: 0, inclusive: false }, '必须大于 0'],
      [{ ...base, code: 'too_big', origin: 'number', maximum: 1, inclusive: false }, '必须小于 1'],
      [{ ...base, code: 'too_big', origin: 'file', maximum: 10 }, '文件不能超过 10 字节'],
      [
        { ...base, code: 'too_small', origin: 'date', minimum: Date.UTC(2026, 0, 1) },
        '不能早于 2026-01-01T00:00:00.000Z',
      ],
      [
        { ...base, code: 'invalid_format', format: 'datetime' },
        '时间格式应为 ISO 8601，例如 2026-09-28T09:00:00+08:00',
      ],
      [{ ...base, code: 'invalid_format', format: 'url' }, '网址格式不正确'],
      [{ ...base, code: 'invalid_format', format: 'starts_with', prefix: '91' } as never, '必须以“91”开头'],
      [{ ...base, code: 'invalid_format', format: 'ends_with', suffix: 'X' } as never, '必须以“X”结尾'],
      [{ ...base, code: 'invalid_format', format: 'includes', includes: '@' } as never, '必须包含“@”'],
      [{ ...base, code: 'invalid_format', format: 'cuid' }, '格式不正确'],
      [{ ...base, code: 'not_multiple_of', divisor: 5 }, '必须是 5 的倍数'],
      [{ ...base, code: 'invalid_key', origin: 'record', issues: [] }, '键名无效'],
      [{ ...base, code: 'invalid_element', origin: 'set', key: 1, issues: [] }, '包含无效的元素'],
      [{ ...base, code: 'invalid_union', errors: [] }, '不符合任何一种允许的格式'],
      [{ ...base, code: 'unrecognized_keys', keys: ['a', 'b'] }, '不允许的字段：a、b'],
      [{ ...base, code: 'invalid_type', expected: 'string' }, '应为字符串'],
      [{ ...base, code: 'custom' }, '输入无效'],
    ];

    // Act
    const messages = cases.map(([issue]) => issueMessage(issue));

    // Assess
    expect(messages).toEqual(cases.map(([, message]) => message));
  });

  it('formats paths with indexes and quoted keys', () => {
    // Act / Assess
    expect(formatPath(['members', 1, 'idNumber'])).toBe('members[1].idNumber');
    expect(formatPath(['selfEvaluation', 'items', '4.1.1'])).toBe('selfEvaluation.items["4.1.1"]');
    expect(formatPath([0, 'name'])).toBe('[0].name');
    expect(formatPath([])).toBe('');
  });

  it('turns a thrown ZodError into findings and a VALIDATION_FAILED error', () => {
    // Prepare
    const result = z.object({ a: z.string(), b: z.number() }).safeParse({});
    if (result.success) throw new Error('expected a failure');

    // Act
    const error = validationError(issuesToFindings(result.error.issues));

    // Assess
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toBe('请求内容有 2 处不符合要求');
    expect(error.findings.map((finding) => finding.path)).toEqual(['a', 'b']);
  });
});
