import { describe, expect, it } from 'vitest';
import { errorIdFor, messagesFor, normalizePath, placeFindings } from '../../../web/src/lib/findings.ts';

describe('normalizePath', () => {
  it('treats dotted and bracketed array indexes as one path', () => {
    // Assess
    expect(normalizePath('members.1.idNumber')).toBe('members[1].idNumber');
    expect(normalizePath('members[1].idNumber')).toBe('members[1].idNumber');
    expect(normalizePath('body.organization.creditCode')).toBe('organization.creditCode');
  });
});

describe('placeFindings', () => {
  it('puts findings next to the fields the form shows and keeps the rest general', () => {
    // Prepare: the shapes the server returns (vetting findings and problem+json errors).
    const findings = [
      {
        path: 'organization.creditCode',
        code: 'INVALID_CREDIT_CODE',
        message: '统一社会信用代码校验码不正确',
        article: '第九条',
      },
      { path: 'members.0.idNumber', code: 'INVALID_ID_NUMBER', message: '第1位申报人居民身份证号码无效' },
      { path: 'members', code: 'TOO_MANY_CO_APPLICANTS', message: '个人奖可以3人以内共同申报' },
      { path: '', code: 'BARRED', message: '处于禁止申报期内' },
    ];

    // Act
    const placed = placeFindings(findings, [
      'organization.creditCode',
      'members[0].idNumber',
      'jurisdiction',
    ]);

    // Assess
    expect(messagesFor(placed, 'organization.creditCode')).toEqual([
      '统一社会信用代码校验码不正确（第九条）',
    ]);
    expect(messagesFor(placed, 'members[0].idNumber')).toEqual(['第1位申报人居民身份证号码无效']);
    expect(messagesFor(placed, 'jurisdiction')).toEqual([]);
    expect(placed.general.map((f) => f.code)).toEqual(['TOO_MANY_CO_APPLICANTS', 'BARRED']);
  });

  it('collects several findings of one field in order', () => {
    // Prepare
    const findings = [
      { path: 'organization.registeredOn', code: 'VALIDATION_FAILED', message: '日期格式应为 YYYY-MM-DD' },
      { path: 'organization.registeredOn', code: 'OPERATING_LESS_THAN_3_YEARS', message: '企业经营不满三年' },
    ];

    // Act
    const placed = placeFindings(findings, ['organization.registeredOn']);

    // Assess
    expect(messagesFor(placed, 'organization.registeredOn')).toEqual([
      '日期格式应为 YYYY-MM-DD',
      '企业经营不满三年',
    ]);
    expect(placed.general).toEqual([]);
  });

  it('derives a DOM id that is safe in aria-describedby', () => {
    // Assess
    expect(errorIdFor('members.2.employerCreditCode')).toBe('err-members-2-employerCreditCode');
    expect(errorIdFor('selfEvaluation.items.4.1.1')).toMatch(/^err-[A-Za-z0-9_-]+$/);
  });
});
