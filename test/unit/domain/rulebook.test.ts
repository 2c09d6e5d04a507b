import { describe, expect, it } from 'vitest';
import { DomainError, isDomainError } from '../../../functions/domain/errors.ts';
import {
  RULEBOOK_2022,
  RULEBOOKS,
  type Rulebook,
  rulebookForCall,
} from '../../../functions/domain/rulebook.ts';

describe('rulebookForCall', () => {
  it('returns the 2022 Measures for a call inside their validity', () => {
    // Act
    const rulebook = rulebookForCall('2026-03-01', '2026-05-31');

    // Assess
    expect(rulebook).toBe(RULEBOOK_2022);
    expect(rulebook.version).toBe('TY-QA-2022');
  });

  it('accepts a call on the first and last day in force (Art. 31)', () => {
    // Act
    const rulebook = rulebookForCall('2022-10-15', '2027-10-14');

    // Assess
    expect(rulebook.effectiveThrough).toBe('2027-10-14');
  });

  it('refuses a call straddling the end of validity with RULEBOOK_NOT_IN_FORCE', () => {
    // Act
    const act = () => rulebookForCall('2027-09-01', '2027-10-15');

    // Assess
    expect(act).toThrowError(DomainError);
    expect(act).toThrowError(
      '申报期 2027-09-01 至 2027-10-15 不在任何有效的评选办法版本有效期内（第三十一条），需先发布新版本办法',
    );
    try {
      act();
    } catch (error) {
      expect(isDomainError(error) && error.code).toBe('RULEBOOK_NOT_IN_FORCE');
    }
  });

  it('refuses a call before the Measures took effect', () => {
    // Act
    const act = () => rulebookForCall('2022-09-01', '2022-10-14');

    // Assess
    expect(act).toThrowError(expect.objectContaining({ code: 'RULEBOOK_NOT_IN_FORCE' }));
  });

  it('picks a later version when one is supplied', () => {
    // Prepare
    const next: Rulebook = {
      ...RULEBOOK_2022,
      version: 'TY-QA-2027',
      effectiveFrom: '2027-10-15',
      effectiveThrough: '2032-10-14',
    };

    // Act
    const rulebook = rulebookForCall('2028-03-01', '2028-05-31', [...RULEBOOKS, next]);

    // Assess
    expect(rulebook.version).toBe('TY-QA-2027');
  });

  it('carries the numbers of the Measures', () => {
    // Act + Assess
    expect(RULEBOOK_2022.quotas).toEqual({ award: 5, nomination: 10 }); // Art. 8
    expect(RULEBOOK_2022.awardHolderBanRounds).toBe(2); // Art. 6
    expect(RULEBOOK_2022.revocationBanRounds).toBe(3); // Art. 25, 27
    expect(RULEBOOK_2022.publicityWorkingDays).toBe(5); // Art. 18 (3), (8)
    expect(RULEBOOK_2022.conflictLookbackYears).toBe(3);
  });
});

describe('DomainError', () => {
  it('carries a stable code as its name, a Chinese message and findings', () => {
    // Prepare
    const findings = [
      {
        path: 'organization.creditCode',
        code: 'INVALID_CREDIT_CODE' as const,
        message: '校验码错误',
        article: '第九条',
      },
    ];

    // Act
    const error = new DomainError('VALIDATION_FAILED', '输入有误', findings);

    // Assess
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('VALIDATION_FAILED');
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toBe('输入有误');
    expect(error.findings).toEqual(findings);
  });

  it('has no findings by default', () => {
    // Act
    const error = new DomainError('NOT_FOUND', '未找到');

    // Assess
    expect(error.findings).toEqual([]);
  });

  it('is recognized by isDomainError, other values are not', () => {
    // Act + Assess
    expect(isDomainError(new DomainError('BARRED', '禁止申报'))).toBe(true);
    expect(isDomainError(new Error('plain'))).toBe(false);
    expect(isDomainError({ code: 'BARRED', message: 'look-alike' })).toBe(false);
    expect(isDomainError(null)).toBe(false);
    expect(isDomainError(undefined)).toBe(false);
  });
});
