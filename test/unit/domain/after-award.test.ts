/** The after-award rules (Art. 19, 22, 25–27) as pure functions: no store, no clock. */
import { describe, expect, it } from 'vitest';
import {
  addMonths,
  assertRevocationWithinValidity,
  certificateNumber,
  currentOrdinal,
  isActionOverdue,
  isWithinValidity,
  itemsToRecover,
  nextVisitDue,
  revocationArticle,
  validThroughOrdinal,
} from '../../../functions/domain/after-award.ts';
import { isDomainError } from '../../../functions/domain/errors.ts';
import { RULEBOOK_2022 } from '../../../functions/domain/rulebook.ts';

describe('certificate numbers (Art. 19)', () => {
  it('formats the year and the zero-padded place in the round from the rulebook', () => {
    // Act / Assess
    expect(certificateNumber(RULEBOOK_2022, { year: 2026, ordinal: 2, seq: 1 })).toBe(
      '并质奖〔2026〕第001号',
    );
    expect(certificateNumber(RULEBOOK_2022, { year: 2026, ordinal: 2, seq: 12 })).toBe(
      '并质奖〔2026〕第012号',
    );
    expect(
      certificateNumber(
        { certificateNoFormat: '并质奖第{ordinal}届-{seq}', certificateSeqDigits: 2 },
        { year: 2026, ordinal: 3, seq: 4 },
      ),
    ).toBe('并质奖第3届-04');
  });
});

describe('validity (Art. 27, DESIGN.md "Validity of an award")', () => {
  const rounds = [1, 2, 3, 4].map((ordinal) => ({
    ordinal,
    callOpensAt: new Date(`${2020 + 3 * ordinal}-03-01T00:00:00Z`),
  }));

  it('runs through the award’s round + 2, judged by the round whose call opened last', () => {
    // Act / Assess
    expect(validThroughOrdinal(1, RULEBOOK_2022)).toBe(3);
    expect(currentOrdinal(rounds, new Date('2022-01-01T00:00:00Z'))).toBe(0);
    expect(currentOrdinal(rounds, new Date('2029-03-01T00:00:00Z'))).toBe(3);
    expect(currentOrdinal(rounds, new Date('2032-03-01T00:00:00Z'))).toBe(4);
    expect(isWithinValidity({ validThroughOrdinal: 3 }, 3)).toBe(true);
    expect(isWithinValidity({ validThroughOrdinal: 3 }, 4)).toBe(false);
  });

  it('refuses an Art. 27 reason after the validity, citing 第二十七条, and never fraud', () => {
    // Prepare
    const award = { ordinal: 1, validThroughOrdinal: 3 };
    // Act
    const refused = (() => {
      try {
        assertRevocationWithinValidity('mark-misuse', award, 4);
        return undefined;
      } catch (error) {
        return error;
      }
    })();
    // Assess
    expect(isDomainError(refused) && refused.code).toBe('REVOCATION_REASON_NOT_APPLICABLE');
    expect(isDomainError(refused) && refused.findings[0]?.article).toBe('第二十七条');
    expect(() => assertRevocationWithinValidity('mark-misuse', award, 3)).not.toThrow();
    expect(() => assertRevocationWithinValidity('fraud', award, 9)).not.toThrow();
    expect(revocationArticle('fraud')).toBe(25);
    expect(revocationArticle('serious-violation')).toBe(27);
  });
});

describe('recovery (Art. 25)', () => {
  it('lists only the items that were issued', () => {
    // Act / Assess
    expect(itemsToRecover({ trophy: { on: '2026-01-01' }, bonus: { on: '2026-01-02' } })).toEqual([
      'trophy',
      'bonus',
    ]);
    expect(itemsToRecover({})).toEqual([]);
  });
});

describe('visits (Art. 26)', () => {
  it('falls due 12 months after the last visit, or after the announcement', () => {
    // Act / Assess
    expect(nextVisitDue({ awardedOn: '2026-04-10' }, RULEBOOK_2022)).toBe('2027-04-10');
    expect(nextVisitDue({ awardedOn: '2026-04-10', lastVisitOn: '2026-11-30' }, RULEBOOK_2022)).toBe(
      '2027-11-30',
    );
  });

  it('adds months ending on the month’s last day when it has no such day', () => {
    // Act / Assess
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-11-15', 3)).toBe('2027-02-15');
  });

  it('counts an open action overdue from the day after its due date', () => {
    // Act / Assess
    expect(isActionOverdue({ dueOn: '2026-06-30' }, '2026-06-30')).toBe(false);
    expect(isActionOverdue({ dueOn: '2026-06-30' }, '2026-07-01')).toBe(true);
    expect(isActionOverdue({ dueOn: '2026-06-30', closedOn: '2026-07-05' }, '2026-07-10')).toBe(false);
  });
});
